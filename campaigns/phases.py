"""What campaigns tells a phase move (config/year.py `phase_checks`): a move may pass over the
covenant phase only once the covenant is signed, and over the campaigns phase only once every
member has reported on every campaign of the year."""

from __future__ import annotations

from django.utils.translation import gettext as _

from campaigns.models import Campaign, CampaignReport, Covenant
from clusters.models import EmulationYear


def phase_check(year: EmulationYear, phase: str) -> list[str]:
    if phase == EmulationYear.Phase.COVENANT:
        covenant = Covenant.objects.current_for(year)
        if covenant is None or not covenant.is_signed:
            return [_("giao ước thi đua chưa được ký đủ")]
    if phase == EmulationYear.Phase.IN_PROGRESS:
        campaigns = Campaign.objects.filter(years=year).count()
        members = year.memberships.count()
        reported = (
            CampaignReport.objects.filter(year=year, campaign__years=year)
            .exclude(report="")
            .count()
        )
        if reported < campaigns * members:
            return [
                _("còn %(count)d báo cáo phong trào thi đua chưa gửi")
                % {"count": campaigns * members - reported}
            ]
    return []
