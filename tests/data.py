"""Clusters of a chosen size, for query-count tests and benchmarks."""

from __future__ import annotations

from dataclasses import dataclass

from clusters.models import Cluster, EmulationYear, Membership, Representative, Unit, User
from tests.factories import UserFactory

FIRST_YEAR = 2016


@dataclass
class Sized:
    cluster: Cluster
    year: EmulationYear  # the latest year
    units: list[Unit]
    head_staff: User  # secretariat of the latest year
    member_staff: User  # staff of an ordinary member


def build_cluster(n_units: int, n_years: int, slug: str = "cum-do-lon") -> Sized:
    cluster = Cluster.objects.create(name=f"Cụm {n_units} đơn vị", slug=slug)
    units = Unit.objects.bulk_create(
        Unit(name=f"Tỉnh {slug} {i:03d}", slug=f"{slug}-{i:03d}", search_name=f"tinh {i:03d}")
        for i in range(n_units)
    )
    years = EmulationYear.objects.bulk_create(
        EmulationYear(cluster=cluster, year=FIRST_YEAR + i, phase=EmulationYear.Phase.CLOSED)
        for i in range(n_years)
    )
    latest = years[-1]
    latest.phase = EmulationYear.Phase.IN_PROGRESS
    latest.save()
    memberships = []
    for index, year in enumerate(years):
        head = index % n_units
        for position, unit in enumerate(units):
            role = Membership.Role.HEAD if position == head else Membership.Role.MEMBER
            memberships.append(Membership(year=year, unit=unit, role=role))
    Membership.objects.bulk_create(memberships)
    # Half the members of the latest year have named their representative.
    Representative.objects.bulk_create(
        Representative(year=latest, unit=unit, full_name="Nguyễn Văn A", title="Phó Chủ tịch")
        for unit in units[::2]
    )
    head_unit = units[(n_years - 1) % n_units]
    member_unit = next(u for u in units if u != head_unit)
    return Sized(
        cluster=cluster,
        year=latest,
        units=units,
        head_staff=UserFactory(username=f"{slug}-head", unit=head_unit),
        member_staff=UserFactory(username=f"{slug}-member", unit=member_unit),
    )
