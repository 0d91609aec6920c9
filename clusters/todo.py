"""The clusters app's part of a year's dashboard: who has not named its representative.

The dashboard asks every app of the year's flow (config/year.py); `clusters.flow.dashboard`
merges their parts.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.translation import gettext as _

from clusters.flow import DashboardPart
from clusters.models import EmulationYear, Membership


def missing_representatives(
    year: EmulationYear, memberships: Sequence[Membership]
) -> DashboardPart:
    """Each member names who signs for it; the covenant and the documents need the name."""
    if year.is_closed:
        return DashboardPart()
    named = year.representatives_by_unit
    return DashboardPart(
        todos={
            m.unit_id: [_("Khai báo người đại diện ký giao ước")]
            for m in memberships
            if m.unit_id not in named
        }
    )
