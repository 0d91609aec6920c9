"""The clusters app's part of what a year's units must do: who has not named its representative.

The dashboard and each officer's page of work ask every app of the year's flow
(config/year.py); `clusters.flow` merges their parts.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.translation import gettext as _

from clusters.flow import DashboardPart, Todo
from clusters.links import slug_url
from clusters.models import EmulationYear, Membership
from clusters.timeline import deadline


def missing_representatives(
    year: EmulationYear, memberships: Sequence[Membership]
) -> DashboardPart:
    """Each member names who signs for it; the covenant and the documents need the name, so it
    is due with the signatures."""
    if year.is_closed:
        return DashboardPart()
    named = year.representatives_by_unit
    due = deadline(year, "covenant_signatures")
    edit_url = slug_url("clusters:representative_edit", year.cluster.slug, year.year)
    return DashboardPart(
        todos=[
            Todo(
                m.unit_id,
                _("Khai báo người đại diện ký giao ước"),
                edit_url(m.unit.slug),
                due=due,
            )
            for m in memberships
            if m.unit_id not in named
        ]
    )
