"""What campaigns tells a phase move (config/year.py `phase_checks`): a move may pass over the
covenant phase only once the covenant is signed, and over the campaigns phase only once every
member has reported on every campaign of the year."""

from __future__ import annotations

from django.utils.translation import gettext as _

from campaigns.models import Campaign, CampaignReport, Covenant
from clusters.models import EmulationYear


def missing_reports(year: EmulationYear) -> tuple[int, list[tuple[Campaign, list[str]]]]:
    """The number of members, and each campaign of the year (newest first) with the members
    (by name, in name order) that have not reported on it. Three queries. Closing warns of the
    same (campaigns.closing.report_problems)."""
    campaigns = list(Campaign.objects.filter(years=year).order_by("-launched_on", "title"))
    if not campaigns:
        return 0, []
    members = list(year.memberships.select_related("unit").order_by("unit__search_name"))
    reported = set(
        CampaignReport.objects.filter(year=year)
        .exclude(report="")
        .values_list("campaign_id", "unit_id")
    )
    return len(members), [
        (campaign, [m.unit.name for m in members if (campaign.pk, m.unit_id) not in reported])
        for campaign in campaigns
    ]


def phase_check(year: EmulationYear, phase: str) -> list[str]:
    if phase == EmulationYear.Phase.COVENANT:
        covenant = Covenant.objects.current_for(year)
        if covenant is None or not covenant.is_signed:
            return [_("giao ước thi đua chưa được ký đủ")]
    if phase == EmulationYear.Phase.IN_PROGRESS:
        _members, missing = missing_reports(year)
        count = sum(len(units) for _campaign, units in missing)
        if count:
            return [_("còn %(count)d báo cáo phong trào thi đua chưa gửi") % {"count": count}]
    return []
