"""Each officer's own page of work ("Việc của tôi"): what their unit must do, soonest first.

The items are the year flow's to-dos (config/year.py `work`: each app says what its units must
do, with the page where it is done and its deadline), the same the year's dashboard lists per
unit; here they are taken for one person: their unit's items in every open year it is a member
of, and the secretariat's items of the years they hold the secretariat. The reminders
(`manage.py send_reminders`) send the same list.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Exists, OuterRef, Q, Value
from django.utils import translation

from clusters import access, flow
from clusters.documents.store import cluster_version
from clusters.models import Cluster, EmulationYear, Membership, Unit, User


@dataclass(frozen=True)
class WorkItem:
    label: str
    url: str
    due: datetime.date | None
    overdue: bool
    unit: Unit
    year: EmulationYear


def has_work(user: User) -> bool:
    """Only an officer of a unit has a page of work (leaders read, administrators administer)."""
    return user.role == User.Role.STAFF and user.unit_id is not None


def open_years_of(user: User) -> list[EmulationYear]:
    """The open years the person acts in: their unit's, and those they hold a grant in."""
    if not has_work(user):
        return []
    return list(
        EmulationYear.objects.select_related("cluster")
        .filter(Q(memberships__unit_id=user.unit_id) | Q(secretariat_grants__user=user))
        .exclude(phase=EmulationYear.Phase.CLOSED)
        .distinct()
        .order_by("year", "cluster__name")
    )


# The year's to-dos are the same for every reader of the year: they are kept in Django's cache
# by the cluster's version (its newest audit event, a unit's included: every service write
# moves it; clusters.documents.store.cluster_version), today's
# date and the language (issue 16: the page of work was 8.6x a bare view at 60 units). What
# changes with time alone inside a day (a round's closing hour) is seen within TODOS_TIMEOUT.
TODOS_TIMEOUT = 5 * 60


def year_todos(
    year: EmulationYear, today: datetime.date
) -> tuple[dict[int, Unit], list[flow.Todo]]:
    """The year's members' units by id, and every app's to-dos of the year (the flow's
    providers: a fixed number of queries, whatever the number of units; one while cached)."""
    key = ":".join(
        str(part)
        for part in (
            "clusters:year-todos",
            year.pk,
            cluster_version(year.cluster_id),
            today.isoformat(),
            translation.get_language() or "",
        )
    )
    found = cache.get(key)
    if found is None:
        memberships = list(year.memberships.select_related("unit"))
        todos = [todo for part in flow.year_parts(year, memberships) for todo in part.todos]
        found = ({m.unit_id: m.unit for m in memberships}, todos)
        cache.set(key, found, TODOS_TIMEOUT)
    return found


def work_for(
    user: User,
    today: datetime.date,
    *,
    read: dict[int, tuple[dict[int, Unit], list[flow.Todo]]] | None = None,
) -> list[WorkItem]:
    """What the person (an officer of a unit) must do: overdue first, then by due date, those
    without a date last. Read-only leaders and administrators have no unit's work to do.

    A fixed number of queries per open year (the flow's providers and one secretariat check),
    whatever the number of units. A caller reading many people's work (send_reminders) passes
    one `read` dict: each year's to-dos are read once, not once per person."""
    read = {} if read is None else read
    items: list[WorkItem] = []
    for year in open_years_of(user):
        if year.pk not in read:
            read[year.pk] = year_todos(year, today)
        units, todos = read[year.pk]
        secretariat = access.is_secretariat(user, year)
        items.extend(
            WorkItem(
                label=str(todo.label),
                url=todo.url,
                due=todo.due,
                overdue=todo.due is not None and todo.due < today,
                unit=units[todo.unit_id],
                year=year,
            )
            for todo in todos
            if todo.is_for(user, secretariat)
        )
    return sort_work(items)


def sort_work(items: list[WorkItem]) -> list[WorkItem]:
    """Overdue first, then by due date, undated last; otherwise in the flow's order."""
    return sorted(items, key=lambda i: (not i.overdue, i.due is None, i.due or datetime.date.max))


# --- where a person lands: the year they work in, per cluster ---------------------------------


@dataclass(frozen=True)
class Landing:
    cluster: Cluster
    year: EmulationYear
    member: bool  # the person's unit is a member of the cluster (else: their council's)


def landing_year(years: list[EmulationYear]) -> EmulationYear | None:
    """The year a person works in among one cluster's years they belong to: the earliest open
    one (a next year prepared in set-up waits while the current one is still being closed),
    else the latest. A pure rule over the years given."""
    open_years = [y for y in years if not y.is_closed]
    if open_years:
        return min(open_years, key=lambda y: y.year)
    return max(years, key=lambda y: y.year, default=None)


def landings(user: User) -> list[Landing]:
    """For each cluster the person works in, the year they land on: their unit's clusters first
    (only the years their unit is a member of), then those their council organises (every
    year), each by name. One query, whatever the number of clusters."""
    ids = access.visible_cluster_ids(user)
    if ids is None:  # an administrator administers; no cluster is theirs to land on
        return []
    years = (
        EmulationYear.objects.filter(cluster_id__in=ids)
        .select_related("cluster")
        .annotate(
            member=Exists(Membership.objects.filter(year=OuterRef("pk"), unit_id=user.unit_id))
            if user.unit_id
            else Value(False)
        )
        .order_by("cluster__name", "year")
    )
    by_cluster: dict[int, list[EmulationYear]] = {}
    for year in years:
        by_cluster.setdefault(year.cluster_id, []).append(year)
    found = []
    for cluster_years in by_cluster.values():
        own = [y for y in cluster_years if y.member]
        year = landing_year(own or cluster_years)
        if year is not None:
            found.append(Landing(cluster=year.cluster, year=year, member=bool(own)))
    return sorted(found, key=lambda landing: (not landing.member, landing.cluster.name))
