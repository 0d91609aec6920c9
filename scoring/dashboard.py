"""What score sheets and ballots ask of a year's units: each unit's sheet state (the dashboard's
"Bảng điểm" column, linked to the sheet), filling and submitting it, answering adjustments,
voting in an open round; and the secretariat's sheets awaiting review."""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from clusters.flow import Cell, Column, DashboardPart, Todo
from clusters.links import slug_url
from clusters.models import EmulationYear, Membership
from clusters.timeline import deadline, local_date
from scoring import reply
from scoring.models import Adjustment, Assessment, BallotRound, VoterEntry
from scoring.services import REVIEW_PHASES, SELF_ASSESSMENT_PHASES

# What the secretariat acts on: submitted sheets to review, answered ones to conclude.
AWAITING_REVIEW = (Assessment.State.SUBMITTED, Assessment.State.ANSWERED)


def sheet_states(year: EmulationYear) -> dict[int, str]:
    """Unit id -> state code; units without a sheet are absent (not started). One query."""
    return dict(Assessment.objects.filter(year=year).values_list("unit_id", "state"))


def sheet_dashboard(year: EmulationYear, memberships: Sequence[Membership]) -> DashboardPart:
    """The "Bảng điểm" column and the sheets' to-dos, from one read of the states (and, while
    sheets are reviewed, one of the adjustments awaiting an answer)."""
    states = sheet_states(year)
    sheet_url = slug_url("scoring:sheet", year.cluster.slug, year.year)
    return DashboardPart(
        todos=[
            *sheet_todos(year, memberships, states, sheet_url),
            *review_todos(year, memberships, states, sheet_url),
        ],
        columns=[Column(_("Bảng điểm"), sheet_state_column(memberships, states, sheet_url))],
    )


def state_label(state: str | None) -> str:
    """A sheet's state as people read it; no sheet yet: "Chưa bắt đầu"."""
    return str(Assessment.State(state).label) if state else _("Chưa bắt đầu")


def sheet_state_column(
    memberships: Sequence[Membership], states: Mapping[int, str], sheet_url
) -> dict[int, Cell]:
    """Not started, draft, submitted, under review, answered, finalised — for every member,
    linked to the sheet (a draft or unstarted sheet only for its unit and the secretariat)."""
    cells = {}
    for m in memberships:
        state = states.get(m.unit_id)
        private = state in (None, Assessment.State.DRAFT)
        cells[m.unit_id] = Cell(state_label(state), sheet_url(m.unit.slug), private=private)
    return cells


def sheet_todos(
    year: EmulationYear,
    memberships: Sequence[Membership],
    states: Mapping[int, str],
    sheet_url,
) -> list[Todo]:
    """Each unit fills and submits its own sheet, and answers the adjustments made to it."""
    if year.is_closed:
        return []
    todos: list[Todo] = []
    if year.phase in SELF_ASSESSMENT_PHASES:
        due = deadline(year, "self_assessment")
        for m in memberships:
            state = states.get(m.unit_id)
            if state is None:
                label = _("Tự chấm điểm (chưa bắt đầu)")
            elif state == Assessment.State.DRAFT:
                label = _("Nộp bảng tự chấm điểm (đang nháp)")
            else:
                continue
            todos.append(Todo(m.unit_id, label, sheet_url(m.unit.slug), due=due))
    if year.phase in REVIEW_PHASES and Assessment.State.UNDER_REVIEW in states.values():
        todos.extend(_answers_due(year, memberships, sheet_url))
    return todos


def _answers_due(year: EmulationYear, memberships: Sequence[Membership], sheet_url) -> list[Todo]:
    """One item per unit with adjustments it may still answer (scoring/reply.py: not answered,
    not waived, before the deadline; once it passes the adjustment stands and there is nothing
    left to do), linked to the first, due by the earliest deadline. One query."""
    waiting = (
        Adjustment.objects.filter(
            reply.awaiting_answer(timezone.now()),
            score__assessment__year=year,
            score__assessment__state=Assessment.State.UNDER_REVIEW,
        )
        .order_by("answer_due", "pk")
        .values_list("score__assessment__unit_id", "pk", "answer_due")
    )
    first: dict[int, tuple[int, datetime.datetime]] = {}
    count: dict[int, int] = {}
    for unit_id, pk, due in waiting:
        first.setdefault(unit_id, (pk, due))
        count[unit_id] = count.get(unit_id, 0) + 1
    todos = []
    for m in memberships:
        if m.unit_id not in first:
            continue
        pk, due = first[m.unit_id]
        todos.append(
            Todo(
                m.unit_id,
                _("Giải trình %(count)s điều chỉnh điểm") % {"count": count[m.unit_id]},
                f"{sheet_url(m.unit.slug)}#answer-{pk}",
                due=local_date(due),
            )
        )
    return todos


def review_todos(
    year: EmulationYear,
    memberships: Sequence[Membership],
    states: Mapping[int, str],
    sheet_url,
) -> list[Todo]:
    """The secretariat's: the sheets awaiting its review, as one item on the head's row linked
    to the first of them (the sheet page leads on to the next)."""
    if year.is_closed or year.phase not in REVIEW_PHASES:
        return []
    waiting = [m for m in memberships if states.get(m.unit_id) in AWAITING_REVIEW]
    head = next((m for m in memberships if m.role == Membership.Role.HEAD), None)
    if not waiting or head is None:
        return []
    return [
        Todo(
            head.unit_id,
            _("Thẩm định %(count)s bảng điểm đang chờ") % {"count": len(waiting)},
            sheet_url(waiting[0].unit.slug),
            due=deadline(year, "review"),
            by_secretariat=True,
        )
    ]


def ballot_todos(year: EmulationYear, memberships: Sequence[Membership]) -> DashboardPart:
    """Each member that has not yet voted in an open online round. Two queries at most."""
    if year.is_closed:
        return DashboardPart()
    # In the hall the counting committee enters the paper ballots: no unit votes online.
    rounds = list(
        BallotRound.objects.filter(
            year=year, state=BallotRound.State.OPEN, mode=BallotRound.Mode.ONLINE
        )
    )
    if not rounds:
        return DashboardPart()
    voted = set(VoterEntry.objects.filter(round__in=rounds).values_list("round_id", "unit_id"))
    todos = []
    for ballot_round in rounds:
        url = reverse("scoring:round", args=[year.cluster.slug, year.year, ballot_round.pk])
        due = local_date(ballot_round.closes_at) if ballot_round.closes_at else None
        label = _("Bỏ phiếu: %(round)s") % {"round": ballot_round.get_kind_display()}
        todos.extend(
            Todo(m.unit_id, label, url, due=due)
            for m in memberships
            if (ballot_round.pk, m.unit_id) not in voted
        )
    return DashboardPart(todos=todos)


# --- the secretariat's review, sheet after sheet ------------------------------------------------


@dataclass(frozen=True)
class SheetLink:
    unit_name: str
    url: str
    state_label: str


@dataclass(frozen=True)
class ReviewNav:
    """Where a sheet stands among the year's sheets, for the secretariat moving through them."""

    position: int  # 1-based, among the members in name order
    total: int
    previous: SheetLink | None
    next: SheetLink | None
    next_awaiting: SheetLink | None  # the next sheet (after this one, wrapping) awaiting review
    awaiting: int  # how many sheets await review, this one included


def review_nav(year: EmulationYear, unit_id: int) -> ReviewNav | None:
    """Previous and next member (by name) and the next sheet awaiting review. Two queries."""
    memberships = list(year.memberships.select_related("unit").order_by("unit__search_name"))
    index = next((i for i, m in enumerate(memberships) if m.unit_id == unit_id), None)
    if index is None:
        return None
    states = sheet_states(year)
    sheet_url = slug_url("scoring:sheet", year.cluster.slug, year.year)

    def link(m: Membership) -> SheetLink:
        return SheetLink(m.unit.name, sheet_url(m.unit.slug), state_label(states.get(m.unit_id)))

    count = len(memberships)
    after = [memberships[(index + step) % count] for step in range(1, count)]
    waiting = next((m for m in after if states.get(m.unit_id) in AWAITING_REVIEW), None)
    return ReviewNav(
        position=index + 1,
        total=count,
        previous=link(memberships[index - 1]) if index > 0 else None,
        next=link(memberships[index + 1]) if index + 1 < count else None,
        next_awaiting=link(waiting) if waiting else None,
        awaiting=sum(state in AWAITING_REVIEW for state in states.values()),
    )
