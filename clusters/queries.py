"""Read-side helpers: the data each page shows, in a fixed number of queries."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Q

from clusters.access import visible_clusters
from clusters.models import AuditEvent, Cluster, EmulationYear, Membership, Unit, User
from clusters.wording import interface_words


def current_year(user: User) -> EmulationYear | None:
    """The year a person lands on: their cluster's latest open year, else its latest year."""
    years = EmulationYear.objects.select_related("cluster").filter(
        cluster__in=visible_clusters(user)
    )
    if user.unit_id is not None:
        years = years.filter(memberships__unit_id=user.unit_id)
    open_year = years.exclude(phase=EmulationYear.Phase.CLOSED).order_by("-year").first()
    return open_year or years.order_by("-year").first()


@dataclass(frozen=True)
class MemberRow:
    unit: Unit
    url: str
    roles: list[str | None]  # one entry per year column: a role code or None


@dataclass(frozen=True)
class YearSummary:
    year: EmulationYear
    leaders: list[tuple[str, Unit]]  # (role, unit): the head first, then the deputies


@dataclass(frozen=True)
class ClusterOverview:
    summaries: list[YearSummary]  # newest year first
    years: list[EmulationYear]  # matrix columns, oldest first
    rows: list[MemberRow]  # matrix rows, by unit name


def cluster_overview(cluster: Cluster, *, unit_url: Callable[[str], str]) -> ClusterOverview:
    """The cluster's years with their leaders, and its members over time: three queries.

    Memberships are read as plain tuples: sixty units over ten years are six hundred rows, and
    building model instances for them costs more than the rest of the page.
    """
    years = list(cluster.years.select_related("host_unit").order_by("year"))
    column = {year.pk: index for index, year in enumerate(years)}
    triples = list(
        Membership.objects.filter(year__cluster=cluster).values_list("year_id", "unit_id", "role")
    )
    units = Unit.objects.in_bulk({unit_id for _, unit_id, _ in triples})
    rows: dict[int, MemberRow] = {}
    leaders: dict[int, list[tuple[str, Unit]]] = {year.pk: [] for year in years}
    for year_id, unit_id, role in triples:
        unit = units[unit_id]
        row = rows.get(unit_id)
        if row is None:
            row = rows[unit_id] = MemberRow(unit, unit_url(unit.slug), [None] * len(years))
        row.roles[column[year_id]] = role
        if role != Membership.Role.MEMBER:
            leaders[year_id].append((role, unit))
    summaries = [
        YearSummary(year, sorted(leaders[year.pk], key=lambda pair: _role_key(*pair)))
        for year in reversed(years)
    ]
    ordered = sorted(rows.values(), key=lambda r: (r.unit.search_name, r.unit.pk))
    return ClusterOverview(summaries=summaries, years=years, rows=ordered)


_ROLE_RANK = {Membership.Role.HEAD: 0, Membership.Role.DEPUTY: 1, Membership.Role.MEMBER: 2}


def _role_key(role: str, unit: Unit) -> tuple[int, str]:
    return _ROLE_RANK[Membership.Role(role)], unit.search_name


def role_order(membership: Membership) -> tuple[int, str]:
    return _role_key(membership.role, membership.unit)


def lineage(unit: Unit) -> tuple[list[Unit], list[Unit]]:
    """The unit's predecessors and successors, in one query."""
    links = Unit.successors.through.objects.filter(
        Q(from_unit=unit) | Q(to_unit=unit)
    ).select_related("from_unit", "to_unit")
    predecessors = [link.from_unit for link in links if link.to_unit_id == unit.pk]
    successors = [link.to_unit for link in links if link.from_unit_id == unit.pk]
    return sorted(predecessors, key=_by_name), sorted(successors, key=_by_name)


def _by_name(unit: Unit) -> str:
    return unit.search_name


# --- the activity log ------------------------------------------------------------------------

# Names of the changes that are not fields of the object they belong to: the year's leaders
# (clusters.closing.set_leaders), in the words of the event's cluster (wording.InterfaceWords).
CHANGE_LABELS = {"head": "head", "deputies": "deputy"}


@dataclass(frozen=True)
class ActivityRow:
    event: AuditEvent
    changes: list[tuple[str, str, str]]  # (what, before, after)


def activity_rows(events: Iterable[AuditEvent]) -> list[ActivityRow]:
    """Each event with its changes named as the object's fields are (the events come with their
    target type; one query more, for the clusters' kinds, only if a year's leaders changed)."""
    events = list(events)
    kinds = _cluster_kinds(events)
    return [ActivityRow(event, _change_lines(event, kinds.get(event.year_id))) for event in events]


def _cluster_kinds(events: list[AuditEvent]) -> dict[int, str]:
    """The kind of the cluster of each event that names its leaders, by the event's year."""
    wanted = {
        event.year_id
        for event in events
        if event.year_id
        and isinstance(event.changes, dict)
        and CHANGE_LABELS.keys() & event.changes.keys()
    }
    if not wanted:
        return {}
    return dict(EmulationYear.objects.filter(pk__in=wanted).values_list("pk", "cluster__kind"))


def _change_lines(event: AuditEvent, kind: str | None) -> list[tuple[str, str, str]]:
    model = event.target_type.model_class() if event.target_type_id else None
    lines = []
    for name, pair in (event.changes or {}).items():
        before, after = (
            (list(pair) + ["", ""])[:2] if isinstance(pair, list | tuple) else ("", pair)
        )
        lines.append((_field_label(model, name, kind), str(before or ""), str(after or "")))
    return lines


def _field_label(model, name: str, kind: str | None) -> str:
    if name in CHANGE_LABELS:
        return str(getattr(interface_words(kind), CHANGE_LABELS[name]))
    if model is not None:
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            return name
        if field.is_relation and field.auto_created:  # a reverse relation: the rows it holds
            return str(field.related_model._meta.verbose_name_plural)
        return str(field.verbose_name)
    return name
