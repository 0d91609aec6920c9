"""The year's flow: how the apps compose one emulation year, as one value (`YearFlow`).

The flow itself is written in `config/year.py`, which reads top to bottom as the year goes; this
module only says what shape it has and where to find it. `settings.YEAR_FLOW` names it (a dotted
path, as Django names its middleware and backends), so the bottom app never imports the apps above
it and a test swaps the whole flow with `override_settings(YEAR_FLOW=...)`.

Every provider runs a fixed number of queries, whatever the number of units.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.signals import setting_changed
from django.db.models import prefetch_related_objects
from django.dispatch import receiver
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.module_loading import import_string

from clusters.models import EmulationYear, Membership, Unit, User

Label = str | Promise


@dataclass(frozen=True)
class Todo:
    """One thing a member unit must still do in the year, with the page where it is done.

    The year's dashboard lists them per unit, each officer's page of work ("Việc của tôi") and
    the reminders read the same items (clusters/work.py): one provider states each fact once.
    """

    unit_id: int
    label: Label
    url: str
    due: datetime.date | None = None
    # Work of the year's secretariat (shown on the head's row): whoever holds the secretariat
    # gets it in their work, an explicit grant too.
    by_secretariat: bool = False
    # A column of the dashboard already says it (e.g. "1/4 phong trào đã báo cáo"): the
    # dashboard's to-do list leaves it out, the page of work keeps it.
    in_column: bool = False

    def is_for(self, user: User, secretariat: bool) -> bool:
        """Whether `user` does it: the unit's own officers, or (`secretariat`: the user holds the
        year's secretariat) whoever holds it, for the secretariat's work."""
        if self.by_secretariat:
            return secretariat
        return user.role == User.Role.STAFF and user.unit_id == self.unit_id


@dataclass(frozen=True)
class Cell:
    """A cell of the dashboard's members table, linked when `url` is set. A `private` link is
    shown only to the unit's own people and the secretariat (a draft sheet is theirs alone)."""

    text: Label
    url: str = ""
    private: bool = False


@dataclass(frozen=True)
class Column:
    """A column of the dashboard's members table: its heading and, per unit id, its cell."""

    label: Label
    cells: Mapping[int, Label | Cell]


@dataclass(frozen=True)
class DashboardPart:
    """What one app says about a year, from one read of its data: what each unit must still do,
    and the columns it adds to the dashboard's members table."""

    todos: Sequence[Todo] = ()
    columns: Sequence[Column] = ()


@dataclass(frozen=True)
class YearLink:
    """A button on the year's dashboard: a URL pattern taking (cluster slug, year)."""

    label: Label
    url_name: str


@dataclass(frozen=True)
class ReportSection:
    """A section of the conference report (a document: its title is printed in Vietnamese).

    `data` receives the report's source (campaigns.report.ReportSource: the year and its
    conference record, read once) and returns the template's context; the template says so
    itself when it has nothing to show.
    """

    title: str
    template: str
    data: Callable[[Any], dict[str, Any]]


WorkProvider = Callable[[EmulationYear, Sequence[Membership]], DashboardPart]


@dataclass(frozen=True)
class Problem:
    """Something about a year that closing must not pass over silently: a blocker (`blocking`)
    refuses the closing until it is cleared; a warning is a lesser gap the secretariat confirms
    it has seen on the closing page."""

    text: Label
    blocking: bool = True


CloseCheck = Callable[[EmulationYear], list[Problem]]  # what remains; empty: ready
LeadersProvider = Callable[[EmulationYear], tuple[Unit | None, list[Unit]]]
# Called with keywords: closed=, following=, actor=.
CarryOver = Callable[..., None]
OutcomesProvider = Callable[[EmulationYear], list[tuple[str, str]]]  # (label, url)
AppendixProvider = Callable[[EmulationYear], Iterable[Any]]  # campaigns.appendix.AppendixRow
RoundPanel = Callable[[Any, Any, Any], str]  # (request, ballot round, tally) -> HTML or ""
# (year, a phase a move would pass over) -> what remains of that phase's work; empty: done.
PhaseCheck = Callable[[EmulationYear, str], list[str]]
# The organising council's page (clusters/council_views.py): a column per provider, its cells
# by year id, for all the council's years at once (a fixed number of queries).
CouncilColumn = Callable[[Sequence[EmulationYear]], Column]


@dataclass(frozen=True)
class YearFlow:
    work: tuple[WorkProvider, ...] = ()
    year_links: tuple[YearLink, ...] = ()
    close_checks: tuple[CloseCheck, ...] = ()
    next_leaders: LeadersProvider | None = None
    carry_overs: tuple[CarryOver, ...] = ()
    report_sections: tuple[ReportSection, ...] = ()
    conference_outcomes: tuple[OutcomesProvider, ...] = ()
    compact_appendix: tuple[AppendixProvider, ...] = ()
    round_panels: tuple[RoundPanel, ...] = ()
    phase_checks: tuple[PhaseCheck, ...] = ()
    # Run each day by send_reminders: (days ahead, now) -> notices written on the bells.
    daily_notices: tuple[Callable[[int, datetime.datetime], int], ...] = ()
    # Each app freezes what of a year is final and not stored yet (clusters.documents.store).
    final_documents: tuple[Callable[[EmulationYear], list], ...] = ()
    # The columns the council's page shows for each year of its clusters (covenant, ranking…).
    council_columns: tuple[CouncilColumn, ...] = ()


@functools.cache
def year_flow() -> YearFlow:
    """The installation's flow, `settings.YEAR_FLOW` resolved once."""
    flow = import_string(getattr(settings, "YEAR_FLOW", "config.year.FLOW"))
    if not isinstance(flow, YearFlow):
        raise TypeError(f"settings.YEAR_FLOW must name a YearFlow, not {type(flow).__name__}")
    return flow


@receiver(setting_changed)
def _forget_flow(*, setting: str, **kwargs) -> None:
    if setting == "YEAR_FLOW":
        year_flow.cache_clear()


def freeze_final(year: EmulationYear) -> list:
    """Every app's final documents of the year, stored once (year_close, freeze_documents)."""
    return [document for freeze in year_flow().final_documents for document in freeze(year)]


# --- what the dashboard and the page of work ask of the flow ---------------------------------


def year_parts(year: EmulationYear, memberships: Sequence[Membership]) -> list[DashboardPart]:
    """Every app's part of the year, in the flow's order. The year's dates are read once here
    (providers ask `clusters.timeline.deadline`, which reads the prefetched windows)."""
    prefetch_related_objects([year], "phase_windows")
    return [provider(year, memberships) for provider in year_flow().work]


@dataclass(frozen=True)
class Dashboard:
    todos: dict[int, list[Todo]]  # unit id -> items still open, in the flow's order
    column_labels: list[Label]
    cells: dict[int, list[Cell]]  # unit id -> one cell per column label


def dashboard(year: EmulationYear, memberships: Sequence[Membership]) -> Dashboard:
    todos: dict[int, list[Todo]] = {m.unit_id: [] for m in memberships}
    labels: list[Label] = []
    cells: dict[int, list[Cell]] = {m.unit_id: [] for m in memberships}
    for part in year_parts(year, memberships):
        for todo in part.todos:
            if not todo.in_column:
                todos.setdefault(todo.unit_id, []).append(todo)
        for column in part.columns:
            labels.append(column.label)
            for unit_id, row in cells.items():
                cell = column.cells.get(unit_id, "")
                row.append(cell if isinstance(cell, Cell) else Cell(cell))
    return Dashboard(todos={k: v for k, v in todos.items() if v}, column_labels=labels, cells=cells)


def year_links(year: EmulationYear) -> list[tuple[Label, str]]:
    args = [year.cluster.slug, year.year]
    return [(link.label, reverse(link.url_name, args=args)) for link in year_flow().year_links]


def carry_over(*, closed: EmulationYear, following: EmulationYear, actor: User | None) -> None:
    for step in year_flow().carry_overs:
        step(closed=closed, following=following, actor=actor)


def council_columns(years: Sequence[EmulationYear]) -> Dashboard:
    """The council page's columns for these years: labels, and per year id one cell each."""
    labels: list[Label] = []
    cells: dict[int, list[Cell]] = {year.pk: [] for year in years}
    for provider in year_flow().council_columns:
        column = provider(years)
        labels.append(column.label)
        for year_id, row in cells.items():
            cell = column.cells.get(year_id, "")
            row.append(cell if isinstance(cell, Cell) else Cell(cell))
    return Dashboard(todos={}, column_labels=labels, cells=cells)
