"""This app's items of the year dashboard's "still to do" list (asked by config/year.py)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from django.utils.translation import gettext as _

from campaigns.models import Campaign, CampaignReport, Covenant, CovenantSignature
from clusters.flow import DashboardPart
from clusters.models import EmulationYear, Membership


def unreported_campaigns(year: EmulationYear, memberships: Sequence[Membership]) -> DashboardPart:
    """Each member reports on every campaign the year follows. Two queries at most."""
    if year.is_closed:
        return DashboardPart()
    campaigns = list(
        Campaign.objects.filter(years=year)
        .order_by("-launched_on", "title")
        .values_list("pk", "title")
    )
    if not campaigns:
        return DashboardPart()
    reported = set(
        CampaignReport.objects.filter(year=year)
        .exclude(report="")
        .values_list("campaign_id", "unit_id")
    )
    todos: dict[int, list[str]] = defaultdict(list)
    for m in memberships:
        for pk, title in campaigns:
            if (pk, m.unit_id) not in reported:
                todos[m.unit_id].append(
                    _("Báo cáo kết quả phong trào “%(title)s”") % {"title": title}
                )
    return DashboardPart(todos=dict(todos))


def unsigned_covenant(year: EmulationYear, memberships: Sequence[Membership]) -> DashboardPart:
    """While the covenant is open for signature, each member that has not signed. Two queries."""
    if year.is_closed:
        return DashboardPart()
    covenant = Covenant.objects.current_for(year)
    if covenant is None or covenant.state != Covenant.State.OPEN:
        return DashboardPart()
    signed = set(
        CovenantSignature.objects.filter(covenant=covenant).values_list("unit_id", flat=True)
    )
    return DashboardPart(
        todos={m.unit_id: [_("Ký giao ước")] for m in memberships if m.unit_id not in signed}
    )
