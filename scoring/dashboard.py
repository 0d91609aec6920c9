"""What the year dashboard shows about score sheets: each unit's sheet state, and what is left."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from django.utils.translation import gettext as _

from clusters.flow import Column, DashboardPart
from clusters.models import EmulationYear, Membership
from scoring.models import Assessment
from scoring.services import SELF_ASSESSMENT_PHASES


def sheet_states(year: EmulationYear) -> dict[int, str]:
    """Unit id -> state code; units without a sheet are absent (not started). One query."""
    return dict(Assessment.objects.filter(year=year).values_list("unit_id", "state"))


def sheet_dashboard(year: EmulationYear, memberships: Sequence[Membership]) -> DashboardPart:
    """The "Bảng điểm" column and the sheets' to-dos, from one read of the states."""
    states = sheet_states(year)
    return DashboardPart(
        todos=sheet_todos(year, memberships, states),
        columns=[Column(_("Bảng điểm"), sheet_state_column(memberships, states))],
    )


def sheet_state_column(
    memberships: Sequence[Membership], states: Mapping[int, str]
) -> dict[int, str]:
    """Not started, draft, submitted, under review, answered, finalised — for every member."""
    labels = dict(Assessment.State.choices)
    return {
        m.unit_id: str(labels[states[m.unit_id]]) if m.unit_id in states else _("Chưa bắt đầu")
        for m in memberships
    }


def sheet_todos(
    year: EmulationYear, memberships: Sequence[Membership], states: Mapping[int, str]
) -> dict[int, list[str]]:
    if year.phase not in SELF_ASSESSMENT_PHASES:
        return {}
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
