"""The awards app's entry in a year dashboard's "still to do" list."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.translation import gettext as _

from clusters.flow import DashboardPart
from clusters.models import EmulationYear, Membership


def decision_to_record(year: EmulationYear, memberships: Sequence[Membership]) -> DashboardPart:
    """At the conference the head records its award decision: one query, in that phase only."""
    if year.phase != EmulationYear.Phase.CONFERENCE or year.award_decisions.exists():
        return DashboardPart()
    return DashboardPart(
        todos={
            m.unit_id: [_("Nhập quyết định khen thưởng của Cụm trưởng")]
            for m in memberships
            if m.role == Membership.Role.HEAD
        }
    )
