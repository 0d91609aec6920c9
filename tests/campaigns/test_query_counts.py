"""Campaign and covenant pages run the same number of queries for 9 and for 60 units."""

import pytest
from django.test import Client
from django.urls import reverse

from campaigns.models import Campaign, CampaignReport, Covenant, CovenantClause, CovenantSignature
from tests.data import Sized, build_cluster

pytestmark = pytest.mark.django_db


def _with_campaigns_and_open_covenant(sized: Sized) -> Sized:
    """Three campaigns followed by the year, half the units reported, a third signed."""
    campaigns = [Campaign.objects.create(title=f"Phong trào {i}") for i in range(3)]
    for campaign in campaigns:
        campaign.years.add(sized.year)
    CampaignReport.objects.bulk_create(
        CampaignReport(campaign=c, year=sized.year, unit=u, report="Đã báo cáo")
        for c in campaigns
        for u in sized.units[::2]
    )
    covenant = Covenant.objects.create(year=sized.year, state=Covenant.State.OPEN)
    CovenantClause.objects.bulk_create(
        CovenantClause(covenant=covenant, number=n, content=f"Điều {n}") for n in range(1, 11)
    )
    CovenantSignature.objects.bulk_create(
        CovenantSignature(
            covenant=covenant,
            unit=u,
            full_name="Nguyễn Văn A",
            title="Phó Chủ tịch",
            signed_on="2019-03-20",
            recorded_by=sized.head_staff,
        )
        for u in sized.units[::3]
    )
    return sized


def _year_args(s: Sized) -> list:
    return [s.cluster.slug, s.year.year]


# Session and user (with unit): 2 queries before any view runs.
PAGES = {
    # clusters' 6 (see tests/test_query_counts.py); the year's dates; scoring's sheet states and
    # open rounds; campaigns' to-do: campaigns, reports; covenant, signatures; the bell; the
    # year's data version (the key of the cached table)
    "year dashboard": (
        lambda s: reverse("clusters:year_detail", args=_year_args(s)),
        2 + 6 + 1 + 2 + 4 + 1 + 1,
    ),
    # ids; year; covenant versions; secretariat?; memberships; signatures; clauses; history;
    # the bell
    "covenant": (lambda s: reverse("campaigns:covenant_detail", args=_year_args(s)), 2 + 9),
    # ids; year; campaigns; memberships; reports; secretariat?; the bell
    "campaigns": (lambda s: reverse("campaigns:year_campaigns", args=_year_args(s)), 2 + 7),
}


@pytest.mark.parametrize("page", PAGES)
def test_page_query_count_does_not_grow_with_the_data(page, django_assert_num_queries):
    small = _with_campaigns_and_open_covenant(build_cluster(9, 2, slug="nho"))
    large = _with_campaigns_and_open_covenant(build_cluster(60, 10, slug="lon"))
    url_of, expected = PAGES[page]
    for sized in (small, large):
        client = Client()
        client.force_login(sized.member_staff)
        with django_assert_num_queries(expected):
            response = client.get(url_of(sized))
        assert response.status_code == 200
