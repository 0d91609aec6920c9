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


def close_check(year: EmulationYear) -> list[str]:
    """Sheets not finalised and ballot rounds still open keep a year from closing."""
    from scoring.models import BallotRound, CriteriaSheet

    remaining: list[str] = []
    if CriteriaSheet.objects.filter(year=year, criteria__isnull=False).exists():
        states = sheet_states(year)
        for membership in year.memberships.select_related("unit").order_by("unit__search_name"):
            if states.get(membership.unit_id) != Assessment.State.FINALISED:
                remaining.append(
                    _("Bảng điểm của %(unit)s chưa hoàn tất") % {"unit": membership.unit.name}
                )
    for ballot_round in year.ballot_rounds.exclude(state=BallotRound.State.CLOSED):
        remaining.append(
            _("Vòng bỏ phiếu “%(kind)s” chưa kết thúc") % {"kind": ballot_round.get_kind_display()}
        )
    return remaining


def carry_over_criteria(closed: EmulationYear, following: EmulationYear) -> None:
    """The next year starts from a copy of this year's criteria, to edit during its set-up."""
    from scoring import services
    from scoring.models import CriteriaSheet

    source = CriteriaSheet.objects.filter(year=closed).first()
    if source is None or not source.criteria.exists():
        return
    target = services.sheet_get_or_create(year=following)
    if not target.criteria.exists():
        services.criteria_copy(source=source, target=target)


def criteria_appendix(year: EmulationYear) -> list:
    """The criteria sheet as the compact's appendix: sections with their maximum, then criteria.

    A section's maximum is its cap, or else the sum of its standard criteria (two queries).
    """
    from decimal import Decimal

    from campaigns.appendix import AppendixRow
    from scoring.models import Criterion
    from scoring.queries import ordered_tree

    criteria = list(Criterion.objects.filter(sheet__year=year))
    rows = ordered_tree(criteria)
    children: dict[int | None, list[Criterion]] = {}
    for criterion in criteria:
        children.setdefault(criterion.parent_id, []).append(criterion)

    def maximum(criterion: Criterion) -> Decimal:
        if criterion.pk not in children:
            return criterion.max_points or Decimal("0")
        if criterion.cap is not None:
            return criterion.cap
        return sum(
            (maximum(c) for c in children[criterion.pk] if c.kind == Criterion.Kind.STANDARD),
            Decimal("0"),
        )

    return [
        AppendixRow(
            code=criterion.code,
            text=criterion.text,
            max_points=maximum(criterion),
            kind=str(criterion.get_kind_display()) if is_leaf else "",
        )
        for criterion, _depth, is_leaf in rows
    ]
