"""The year's flow: how the apps compose one emulation year, as one value (`YearFlow`).

The flow itself is written in `config/year.py`, which reads top to bottom as the year goes; this
module only says what shape it has and where to find it. `settings.YEAR_FLOW` names it (a dotted
path, as Django names its middleware and backends), so the bottom app never imports the apps above
it and a test swaps the whole flow with `override_settings(YEAR_FLOW=...)`.

Every provider runs a fixed number of queries, whatever the number of units.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.module_loading import import_string

from clusters.models import EmulationYear, Membership, Unit, User

Label = str | Promise


@dataclass(frozen=True)
class Column:
    """A column of the dashboard's members table: its heading and, per unit id, its cell."""

    label: Label
    cells: Mapping[int, str]


@dataclass(frozen=True)
class DashboardPart:
    """What one app tells the year's dashboard, from one read of its data: per unit id the
    items still to do, and the columns it adds to the members table."""

    todos: Mapping[int, Sequence[str]] = field(default_factory=dict)
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


DashboardProvider = Callable[[EmulationYear, Sequence[Membership]], DashboardPart]
CloseCheck = Callable[[EmulationYear], list[str]]  # what remains, as sentences; empty: ready
LeadersProvider = Callable[[EmulationYear], tuple[Unit | None, list[Unit]]]
# Called with keywords: closed=, following=, actor=.
CarryOver = Callable[..., None]
OutcomesProvider = Callable[[EmulationYear], list[tuple[str, str]]]  # (label, url)
AppendixProvider = Callable[[EmulationYear], Iterable[Any]]  # campaigns.appendix.AppendixRow
RoundPanel = Callable[[Any, Any, Any], str]  # (request, ballot round, tally) -> HTML or ""
# (year, a phase a move would pass over) -> what remains of that phase's work; empty: done.
PhaseCheck = Callable[[EmulationYear, str], list[str]]


@dataclass(frozen=True)
class YearFlow:
    dashboard: tuple[DashboardProvider, ...] = ()
    year_links: tuple[YearLink, ...] = ()
    close_checks: tuple[CloseCheck, ...] = ()
    next_leaders: LeadersProvider | None = None
    carry_overs: tuple[CarryOver, ...] = ()
    report_sections: tuple[ReportSection, ...] = ()
    conference_outcomes: tuple[OutcomesProvider, ...] = ()
    compact_appendix: tuple[AppendixProvider, ...] = ()
    round_panels: tuple[RoundPanel, ...] = ()
    phase_checks: tuple[PhaseCheck, ...] = ()


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


# --- what the dashboard asks of the flow ------------------------------------------------------


@dataclass(frozen=True)
class Dashboard:
    todos: dict[int, list[str]]  # unit id -> items still open, in the flow's order
    column_labels: list[Label]
    cells: dict[int, list[str]]  # unit id -> one cell per column label


def dashboard(year: EmulationYear, memberships: Sequence[Membership]) -> Dashboard:
    todos: dict[int, list[str]] = {m.unit_id: [] for m in memberships}
    labels: list[Label] = []
    cells: dict[int, list[str]] = {m.unit_id: [] for m in memberships}
    for provider in year_flow().dashboard:
        part = provider(year, memberships)
        for unit_id, items in part.todos.items():
            todos.setdefault(unit_id, []).extend(items)
        for column in part.columns:
            labels.append(column.label)
            for unit_id, row in cells.items():
                row.append(column.cells.get(unit_id, ""))
    return Dashboard(todos={k: v for k, v in todos.items() if v}, column_labels=labels, cells=cells)


def year_links(year: EmulationYear) -> list[tuple[Label, str]]:
    args = [year.cluster.slug, year.year]
    return [(link.label, reverse(link.url_name, args=args)) for link in year_flow().year_links]


def carry_over(*, closed: EmulationYear, following: EmulationYear, actor: User | None) -> None:
    for step in year_flow().carry_overs:
        step(closed=closed, following=following, actor=actor)
