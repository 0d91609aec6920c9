"""`manage.py send_reminders --dry-run` on the loaded demo (issue 10, "Done when"): per person,
what it would send today for the demo's open year (2019), and nothing sent."""

from __future__ import annotations

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from clusters.models import EmulationYear, User

pytestmark = pytest.mark.django_db(transaction=True)  # loaddemo runs its own transactions

SITE = "https://thidua.example.vn"


def _blocks(output: str) -> dict[str, str]:
    """The dry run's output cut into one block per person: username -> its header and e-mail."""
    parts = re.split(r"^== ", output, flags=re.M)
    return {part.split(" ", 1)[0]: "== " + part for part in parts[1:]}


def test_the_dry_run_prints_each_officers_digest_for_the_open_year(settings, mailoutbox):
    from campaigns.models import Campaign

    call_command("loaddemo", stdout=StringIO())
    mailoutbox.clear()  # the story's own notices, e-mailed as it was told
    settings.SITE_URL = SITE
    settings.REMINDER_DAYS_AHEAD = 3
    # Every demo officer has an address (RFC 2606's thidua.example); Hải Dương's turns e-mail off.
    User.objects.filter(username="haiduong").update(email_notifications=False)
    out = StringIO()
    call_command("send_reminders", "--dry-run", stdout=out)
    output = out.getvalue()
    today = timezone.localdate()
    blocks = _blocks(output)

    # One digest per officer of the nine provinces; the read-only leader and the administrator
    # act for no unit and get none.
    year = EmulationYear.objects.get(cluster__slug="dong-bang-song-hong", year=2019)
    officers = set(
        User.objects.filter(
            role=User.Role.STAFF, unit__memberships__year=year, is_active=True
        ).values_list("username", flat=True)
    )
    assert len(officers) == 9
    assert set(blocks) == officers
    assert "lanhdao" not in blocks and "quantri" not in blocks

    # Nam Định's officer, who has an address: the e-mail it would send, with real due items.
    digest = blocks["namdinh"]
    header = digest.splitlines()[0]
    assert header == "== namdinh <namdinh@thidua.example> (Nam Định)"
    assert "[Cụm thi đua] Nhắc việc: 4 việc đến hạn hoặc quá hạn" in digest
    assert "Kính gửi Cán bộ Ban TĐKT tỉnh Nam Định (mẫu)," in digest
    assert f"Việc của Nam Định cần làm, tính đến ngày {today:%d/%m/%Y}:" in digest
    # The demo's 2019 campaign reports were due on 15/11/2019 (its timeline): overdue today.
    assert "Đã quá hạn:" in digest
    campaign = Campaign.objects.get(title="Cả nước chung sức xây dựng nông thôn mới")
    path = reverse(
        "campaigns:report_edit", args=["dong-bang-song-hong", 2019, campaign.pk, "nam-dinh"]
    )
    line = (
        "- Báo cáo kết quả phong trào “Cả nước chung sức xây dựng nông thôn mới” (hạn "
        f"15/11/2019; Cụm thi đua các tỉnh Đồng bằng sông Hồng, năm 2019): {SITE}{path}"
    )
    assert line in digest.splitlines()
    # Only the open year's work: 2018 is closed.
    items = [li for li in output.splitlines() if li.startswith("- ")]
    assert items and all("năm 2019" in li for li in items)

    # One who turned e-mail off is shown what they would get, marked as not sent.
    assert (
        blocks["haiduong"]
        .splitlines()[0]
        .endswith("(Hải Dương) — không gửi: tắt e-mail hoặc chưa có địa chỉ")
    )
    assert "Việc của Hải Dương cần làm" in blocks["haiduong"]

    # A dry run sends nothing, and says so.
    assert mailoutbox == []
    assert output.rstrip().endswith(
        f"8 thư nhắc việc ngày {today:%d/%m/%Y} (chạy thử, chưa gửi); 1 người không nhận e-mail."
    )

    # As of a day before the deadline, the same reports are due within the days ahead.
    out = StringIO()
    call_command("send_reminders", "--dry-run", "--date", "2019-11-13", stdout=out)
    digest = _blocks(out.getvalue())["namdinh"]
    assert "Việc của Nam Định cần làm, tính đến ngày 13/11/2019:" in digest
    assert "Đã quá hạn:" not in digest
    assert "Đến hạn trong 3 ngày tới:" in digest
    assert line in digest.splitlines()
    assert mailoutbox == []
