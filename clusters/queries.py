"""Read-side helpers: the data each page shows, in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch

from clusters.access import visible_clusters
from clusters.models import Cluster, EmulationYear, Membership, Unit, User


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
    roles: list[str | None]  # one entry per year column: a role code or None


def membership_matrix(
    cluster: Cluster,
) -> tuple[list[EmulationYear], list[MemberRow]]:
    """The cluster's members over time: one row per unit, one column per year (oldest first)."""
    years = list(
        cluster.years.order_by("year").prefetch_related(
            Prefetch("memberships", queryset=Membership.objects.select_related("unit"))
        )
    )
    column = {year.pk: index for index, year in enumerate(years)}
    rows: dict[int, MemberRow] = {}
    for year in years:
        for membership in year.memberships.all():
            row = rows.setdefault(
                membership.unit_id, MemberRow(unit=membership.unit, roles=[None] * len(years))
            )
            row.roles[column[year.pk]] = membership.role
    ordered = sorted(rows.values(), key=lambda r: (r.unit.search_name, r.unit.pk))
    return years, ordered


def year_summaries(cluster: Cluster) -> list[tuple[EmulationYear, list[Membership]]]:
    """Each year of the cluster (newest first) with its head and deputies."""
    leaders = Membership.objects.select_related("unit").exclude(role=Membership.Role.MEMBER)
    years = cluster.years.select_related("host_unit").prefetch_related(
        Prefetch("memberships", queryset=leaders, to_attr="leaders")
    )
    return [(year, sorted(year.leaders, key=role_order)) for year in years]


def role_order(membership: Membership) -> tuple[int, str]:
    order = {Membership.Role.HEAD: 0, Membership.Role.DEPUTY: 1, Membership.Role.MEMBER: 2}
    return order[Membership.Role(membership.role)], membership.unit.search_name
