"""The awards app's part of what a year's units must do (asked by config/year.py)."""

from __future__ import annotations

from collections.abc import Sequence

from django.urls import reverse
from django.utils.translation import gettext as _

from clusters.flow import DashboardPart, Todo
from clusters.models import EmulationYear, Membership


def decision_to_record(year: EmulationYear, memberships: Sequence[Membership]) -> DashboardPart:
    """At the conference the head records its award decision: one query, in that phase only."""
    if year.phase != EmulationYear.Phase.CONFERENCE or year.award_decisions.exists():
        return DashboardPart()
    url = reverse("awards:decision_create", args=[year.cluster.slug, year.year])
    words = year.cluster.ui_words
    return DashboardPart(
        todos=[
            Todo(
                m.unit_id,
                _("Nhập quyết định khen thưởng của %(head)s") % {"head": words.head},
                url,
                by_secretariat=True,
            )
            for m in memberships
            if m.role == Membership.Role.HEAD
        ]
    )
