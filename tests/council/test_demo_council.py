"""The demo's central council officer (issue 11, done when): from home to the council's page,
the Red River Delta cluster's 2018 proposals with the round's minutes, and the council's outcome
recorded through the form the page renders."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from awards.models import CouncilOutcome
from clusters import demo as clusters_demo
from clusters.models import User

pytestmark = pytest.mark.django_db


def test_the_demos_council_officer_reads_2018_and_records_an_outcome(django_app):
    call_command("loaddemo")
    officer = User.objects.get(username=clusters_demo.COUNCIL_OFFICER[0])
    home = django_app.get("/", user=officer)
    council_page = home.click(href=r"^/hoi-dong/[^/]+/$")
    assert "Cụm thi đua các tỉnh Đồng bằng sông Hồng" in council_page.text
    assert "2018" in council_page.text and "Đã tổng kết" in council_page.text
    proposals = council_page.click(href=r"/to-trinh/$")
    rows = [r for r in proposals.html.select("[data-testid=council-proposal]") if "2018" in r.text]
    assert rows, "the 2018 proposals reached the central council"
    assert any("Cờ thi đua của Chính phủ" in r.text for r in rows)
    minutes = django_app.get(rows[0].select_one("[data-testid=round-minutes]")["href"])
    assert minutes.body.startswith(b"%PDF")
    form_page = proposals.click(href=r"/y-kien/$", index=0)
    form = form_page.forms["council-outcome-form"]
    form["verdict"] = CouncilOutcome.Verdict.AGREED
    form["reference"] = "Biên bản họp Hội đồng Thi đua - Khen thưởng Trung ương (mẫu)"
    after = form.submit().follow()
    assert "Nhất trí, trình cấp có thẩm quyền khen thưởng" in after.text
    assert CouncilOutcome.objects.get().proposal.year.year == 2018
