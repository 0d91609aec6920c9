"""The report's own rules on a small world: details only where a unit reported, a draft's
signer, and what is dated after the report left out."""

import datetime

import pytest
from django.urls import reverse

from awards.models import Decision
from campaigns.models import CampaignReport
from campaigns.report import guest_phrase, report_context
from clusters.models import EmulationYear
from tests.campaigns import helpers

pytestmark = pytest.mark.django_db


def _page(world, as_persona) -> str:
    url = reverse("campaigns:report", args=[world.cluster.slug, world.year.year])
    return as_persona("own").get(url).text


def test_details_only_where_a_unit_reported(world, as_persona):
    campaign = helpers.national_campaign(world)
    CampaignReport.objects.create(
        year=world.year,
        campaign=campaign,
        unit=world.nam_dinh,
        registration="10 xã",
        report="Đã hoàn thành 12 xã nông thôn mới.",
        updated_by=world.own,
    )
    page = _page(world, as_persona)
    summary = page.split('data-testid="campaign-summary"')[1].split("</table>")[0]
    assert summary.count("✓") == 1 and "1/" in summary
    assert "Đã hoàn thành 12 xã nông thôn mới." in page
    assert "Chưa báo cáo" not in page
    details = page.split("</table>", 1)[1]
    assert "Thái Bình" not in details.split("Phong trào “")[1].split("</table>")[0]


def test_a_draft_without_a_representative_says_it_has_no_signer(world):
    world.year.representatives.all().delete()
    context = report_context(world.year)
    assert context["draft"] and context["signer"] == "(chưa có người ký)"


def test_decisions_dated_after_the_conference_are_left_out(world):
    EmulationYear.objects.filter(pk=world.year.pk).update(
        conference_date=datetime.date(2019, 3, 20)
    )
    world.year.refresh_from_db()
    for number, day in (("1/QĐ", datetime.date(2019, 3, 15)), ("2/QĐ", datetime.date(2019, 3, 25))):
        Decision.objects.create(
            year=world.year,
            number=number,
            date=day,
            issuer="Chủ tịch UBND tỉnh Hà Nam",
            signer_name="Người ký mẫu",
        )
    sections = {s.title: s.data for s in report_context(world.year)["sections"]}
    listed = [d.number for d, _c, _i in sections["Khen thưởng của Cụm trưởng"]["decisions"]]
    assert listed == ["1/QĐ"]


def test_a_delegation_reads_as_the_article_writes_it():
    assert guest_phrase("Đại diện", "Văn phòng Chủ tịch nước") == "đại diện Văn phòng Chủ tịch nước"
    assert (
        guest_phrase("Trần Thị Hà", "Thứ trưởng Bộ Nội vụ") == "Trần Thị Hà, Thứ trưởng Bộ Nội vụ"
    )
