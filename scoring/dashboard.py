"""What the year dashboard shows about score sheets: each unit's sheet state."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.translation import gettext as _

from clusters.models import EmulationYear, Membership
from scoring.models import Assessment
from scoring.services import SELF_ASSESSMENT_PHASES

NOT_STARTED = "not_started"


def sheet_states(year: EmulationYear) -> dict[int, str]:
    """Unit id -> state code; units without a sheet are absent (not started).

    One query per request: the column and the to-do list both read it.
    """
    cached = getattr(year, "_sheet_states", None)
    if cached is None:
        cached = dict(Assessment.objects.filter(year=year).values_list("unit_id", "state"))
        year._sheet_states = cached
    return cached


def sheet_state_column(year: EmulationYear, memberships: Sequence[Membership]) -> dict[int, str]:
    """Not started, draft, submitted, under review, answered, finalised — for every member."""
    states = sheet_states(year)
    labels = dict(Assessment.State.choices)
    return {
        m.unit_id: str(labels[states[m.unit_id]]) if m.unit_id in states else _("Chưa bắt đầu")
        for m in memberships
    }


def sheet_todos(year: EmulationYear, memberships: Sequence[Membership]) -> dict[int, list[str]]:
    if year.phase not in SELF_ASSESSMENT_PHASES:
        return {}
    states = sheet_states(year)
    todos: dict[int, list[str]] = {}
    for membership in memberships:
        state = states.get(membership.unit_id)
        if state is None:
            todos[membership.unit_id] = [_("Tự chấm điểm (chưa bắt đầu)")]
        elif state == Assessment.State.DRAFT:
            todos[membership.unit_id] = [_("Nộp bảng tự chấm điểm (đang nháp)")]
        elif state == Assessment.State.UNDER_REVIEW:
            todos[membership.unit_id] = [_("Giải trình các điều chỉnh điểm")]
    return todos
