"""The demo: the campaigns the article names, and the 2019 covenant signed by the nine."""

import datetime

import pytest
from django.core.management import call_command

from campaigns.models import Campaign, CampaignReport, Covenant, CovenantSignature

pytestmark = pytest.mark.django_db


def test_demo_campaigns_and_signed_2019_covenant_and_can_run_twice():
    call_command("loaddemo")
    counts = (Campaign.objects.count(), Covenant.objects.count(), CovenantSignature.objects.count())
    call_command("loaddemo")
    assert counts == (
        Campaign.objects.count(),
        Covenant.objects.count(),
        CovenantSignature.objects.count(),
    )
    assert counts == (5, 2, 18)  # the 2018 covenant (a sample) and the 2019 one

    rural = Campaign.objects.get(title="Cả nước chung sức xây dựng nông thôn mới")
    assert rural.launched_on == datetime.date(2011, 6, 8) and rural.is_national
    business = Campaign.objects.get(title="Doanh nghiệp Việt Nam hội nhập và phát triển")
    assert business.launched_on == datetime.date(2016, 10, 11)
    poverty = Campaign.objects.get(
        title="Cả nước chung tay vì người nghèo - Không để ai bị bỏ lại phía sau"
    )
    assert (poverty.document_number, poverty.document_date) == (
        "1258/QĐ-TTg",
        datetime.date(2017, 8, 21),
    )
    anniversaries = Campaign.objects.filter(kind=Campaign.Kind.THEMATIC)
    assert {c.years.get().year for c in anniversaries} == {2018, 2019}
    assert any("11/6/1948 - 11/6/2018" in c.title for c in anniversaries)
    assert any("(1969 - 2019)" in c.title for c in anniversaries)
    # What was not checked is said so.
    assert all(c.unverified for c in Campaign.objects.all())
    assert sorted(rural.years.values_list("year", flat=True)) == [2018, 2019]

    covenant_2018 = Covenant.objects.get(year__year=2018)
    assert covenant_2018.state == Covenant.State.SIGNED
    assert covenant_2018.signed_at.date() == datetime.date(2018, 3, 8)  # the story's day
    covenant = Covenant.objects.get(year__year=2019)
    assert (covenant.year.year, covenant.state) == (2019, Covenant.State.SIGNED)
    assert covenant.signed_at.date() == datetime.date(2019, 3, 20)
    assert (covenant.signing_place, covenant.signing_date) == ("Hà Nam", datetime.date(2019, 3, 20))
    assert covenant.clauses.count() >= 5
    signatures = covenant.signatures.select_related("recorded_by", "unit")
    assert len(signatures) == 9 and all(s.is_sample for s in signatures)
    assert all(s.recorded_by.unit_id == s.unit_id for s in signatures)
    assert {s.signed_on for s in signatures} == {datetime.date(2019, 3, 20)}
    # Nam Định registered for one campaign and has not reported yet.
    assert CampaignReport.objects.get().unit.slug == "nam-dinh"
