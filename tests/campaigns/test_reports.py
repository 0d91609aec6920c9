"""Each unit's pledges and results per campaign and year, through the pages."""

from decimal import Decimal

import pytest
from django.urls import reverse

from campaigns.models import Campaign, CampaignIndicator, CampaignReport
from clusters.models import EmulationYear
from tests.campaigns import helpers

pytestmark = pytest.mark.django_db


def _edit_url(world, campaign, unit):
    return reverse(
        "campaigns:report_edit", args=[world.cluster.slug, world.year.year, campaign.pk, unit.slug]
    )


def _data(*rows, report="Đã hoàn thành 12 xã.", **extra):
    data = {
        "registration": "Xây dựng 10 xã nông thôn mới nâng cao.",
        "report": report,
        "indicators-TOTAL_FORMS": str(len(rows)),
        "indicators-INITIAL_FORMS": "0",
    }
    for i, (name, target, achieved) in enumerate(rows):
        data |= {
            f"indicators-{i}-name": name,
            f"indicators-{i}-measure": "xã",
            f"indicators-{i}-target": target,
            f"indicators-{i}-achieved": achieved,
        }
    return data | extra


def _saved():
    return (
        list(CampaignReport.objects.values_list("unit_id", "registration", "report")),
        list(CampaignIndicator.objects.values_list("name", "target", "achieved")),
    )


def test_own_staff_save_pledges_indicators_and_results(world, as_persona):
    campaign = helpers.national_campaign(world)
    client = as_persona("own")
    response = client.post(
        _edit_url(world, campaign, world.nam_dinh),
        _data(("Xã đạt chuẩn", "10", "12,5"), ("Hộ thoát nghèo", "200.5", "")),
    )
    assert response.status_code == 302
    report = CampaignReport.objects.get(unit=world.nam_dinh, campaign=campaign, year=world.year)
    assert report.updated_by == world.own and report.is_reported
    assert list(report.indicators.values_list("name", "target", "achieved")) == [
        ("Xã đạt chuẩn", Decimal("10"), Decimal("12.5")),
        ("Hộ thoát nghèo", Decimal("200.5"), None),
    ]
    # Everyone in the cluster reads it; the year's table shows it as reported.
    detail = as_persona("other").get(response["Location"]).content.decode()
    assert "Xã đạt chuẩn" in detail and "12,5" in detail
    table = as_persona("secretariat").get(
        reverse("campaigns:year_campaigns", args=[world.cluster.slug, world.year.year])
    )
    assert table.content.decode().count("Đã báo cáo") == 1
    # A second save replaces the indicators: nothing is duplicated.
    client.post(_edit_url(world, campaign, world.nam_dinh), _data(("Xã đạt chuẩn", "11", "")))
    assert list(report.indicators.values_list("target", flat=True)) == [Decimal("11")]


@pytest.mark.parametrize(
    ("target", "achieved", "message"),
    [
        ("-1", "", "Giá trị không được âm."),
        ("10", "-0,5", "Giá trị không được âm."),
        ("mười", "", "Phải là một số, ví dụ 12,5."),
        ("10", "12abc", "Phải là một số, ví dụ 12,5."),
    ],
)
def test_negative_or_non_numeric_values_are_refused_and_nothing_is_saved(
    world, as_persona, target, achieved, message
):
    campaign = helpers.national_campaign(world)
    client = as_persona("own")
    client.post(_edit_url(world, campaign, world.nam_dinh), _data(("Cũ", "1", "1")))
    before = _saved()
    response = client.post(
        _edit_url(world, campaign, world.nam_dinh),
        _data(("Đúng", "5", "5"), ("Sai", target, achieved), report="Bản mới"),
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert _saved() == before  # neither the report text nor the first (valid) indicator


def test_reports_of_a_campaign_the_year_does_not_follow_answer_404(world, as_persona):
    campaign = Campaign.objects.create(title="Phong trào không thực hiện")
    response = as_persona("own").post(
        _edit_url(world, campaign, world.nam_dinh), _data(("X", "1", "1"))
    )
    assert response.status_code == 404
    assert not CampaignReport.objects.exists()


def test_a_closed_year_refuses_reports(world, as_persona):
    campaign = helpers.national_campaign(world)
    EmulationYear.objects.filter(pk=world.year.pk).update(phase=EmulationYear.Phase.CLOSED)
    response = as_persona("own").post(
        _edit_url(world, campaign, world.nam_dinh), _data(("X", "1", "1")), follow=True
    )
    assert "Năm thi đua đã tổng kết" in response.content.decode()
    assert not CampaignReport.objects.exists()


def test_dashboard_lists_units_that_have_not_reported(world, as_persona):
    campaign = helpers.national_campaign(world)
    as_persona("own").post(_edit_url(world, campaign, world.nam_dinh), _data(("X", "1", "1")))
    page = as_persona("viewer").get(world.year.get_absolute_url()).content.decode()
    rows = page.split('data-testid="members"')[1]
    # One count per unit, linked to the year's campaigns, rather than a bullet per campaign.
    assert "0/1 phong trào đã báo cáo" in rows.split("Thái Bình")[1].split("</tr>")[0]
    assert "1/1 phong trào đã báo cáo" in rows.split("Nam Định")[1].split("</tr>")[0]
    assert f"Báo cáo kết quả phong trào “{campaign.title}”" not in rows.split("</table>")[0]
    year_campaigns = reverse("campaigns:year_campaigns", args=[world.cluster.slug, 2018])
    assert f'href="{year_campaigns}"' in rows.split("Thái Bình")[1].split("</tr>")[0]
    assert "Phong trào thi đua" in page  # the year link


def test_secretariat_chooses_the_campaigns_of_the_year(world, as_persona):
    national = helpers.national_campaign(world)
    other = Campaign.objects.create(title="Doanh nghiệp Việt Nam hội nhập và phát triển")
    url = reverse("campaigns:year_campaigns_edit", args=[world.cluster.slug, world.year.year])
    as_persona("secretariat").post(url, {"campaigns": [other.pk]})
    assert list(world.year.campaigns.all()) == [other]
    as_persona("own").post(url, {"campaigns": [national.pk]})  # 403
    assert list(world.year.campaigns.all()) == [other]


def test_campaign_visibility(world, as_persona):
    national = helpers.national_campaign(world)
    local = helpers.cluster_campaign(world)
    other_cluster = Campaign.objects.create(
        title="Phong trào của cụm Tây Nguyên",
        launched_by=Campaign.Launcher.CLUSTER,
        launcher_cluster=world.other_cluster,
        unverified="Ngày phát động",
    )
    listing = as_persona("own").get(reverse("campaigns:campaign_list")).content.decode()
    assert national.title in listing and local.title in listing
    assert other_cluster.title not in listing
    outsider = as_persona("outsider").get(reverse("campaigns:campaign_list")).content.decode()
    assert national.title in outsider and other_cluster.title in outsider
    assert local.title not in outsider
    assert "chưa kiểm chứng" in outsider
