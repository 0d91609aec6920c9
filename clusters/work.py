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

from django.db.models import Q

from clusters import access, flow
from clusters.models import EmulationYear, Unit, User


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


def year_todos(year: EmulationYear) -> tuple[dict[int, Unit], list[flow.Todo]]:
    """The year's members' units by id, and every app's to-dos of the year (the flow's
    providers: a fixed number of queries, whatever the number of units)."""
    memberships = list(year.memberships.select_related("unit"))
    todos = [todo for part in flow.year_parts(year, memberships) for todo in part.todos]
    return {m.unit_id: m.unit for m in memberships}, todos


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
            read[year.pk] = year_todos(year)
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
