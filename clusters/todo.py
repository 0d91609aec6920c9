"""The "still to do" list of a year's dashboard.

Each app registers a provider in its AppConfig.ready(); the dashboard asks all of them. A provider
receives the year and its memberships (units already loaded) and returns, per unit id, the items
still open. Providers must run a fixed number of queries, whatever the number of units.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence

from django.utils.translation import gettext as _

from clusters.models import EmulationYear, Membership

TodoProvider = Callable[[EmulationYear, Sequence[Membership]], dict[int, list[str]]]

_providers: list[TodoProvider] = []


def register(provider: TodoProvider) -> TodoProvider:
    if provider not in _providers:
        _providers.append(provider)
    return provider


def todos_by_unit(year: EmulationYear, memberships: Sequence[Membership]) -> dict[int, list[str]]:
    merged: dict[int, list[str]] = defaultdict(list)
    for provider in _providers:
        for unit_id, items in provider(year, memberships).items():
            merged[unit_id].extend(items)
    return dict(merged)


def missing_representatives(
    year: EmulationYear, memberships: Sequence[Membership]
) -> dict[int, list[str]]:
    """Each member names who signs for it; the covenant and the documents need the name."""
    if year.is_closed:
        return {}
    named = year.representatives_by_unit
    return {
        m.unit_id: [_("Khai báo người đại diện ký giao ước")]
        for m in memberships
        if m.unit_id not in named
    }


# --- extra columns of the members table --------------------------------------------------------

StatusProvider = Callable[[EmulationYear, Sequence[Membership]], dict[int, str]]
_columns: list[tuple[str, StatusProvider]] = []


def register_column(label: str, provider: StatusProvider) -> None:
    """A column of the dashboard's members table (e.g. each unit's score-sheet state)."""
    if all(existing is not provider for _label, existing in _columns):
        _columns.append((label, provider))


def columns(year: EmulationYear, memberships: Sequence[Membership]) -> tuple[list, dict]:
    """Column labels, and per unit id the values in column order."""
    labels = [label for label, _provider in _columns]
    values: dict[int, list[str]] = {m.unit_id: [] for m in memberships}
    for _label, provider in _columns:
        result = provider(year, memberships)
        for unit_id, cells in values.items():
            cells.append(result.get(unit_id, ""))
    return labels, values
