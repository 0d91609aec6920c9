"""Closing an emulation year and opening the next (DESIGN.md, step 7).

Closing freezes the year: every service refuses changes to a closed year. The next year opens with
the elected head and deputies, the carried-over members (a member merged into a successor that is
valid in the new year gives its place to the successor), and copies of what each app carries over
(the criteria sheet, the covenant's clauses).

The apps above clusters plug in through three registries, filled in their AppConfig.ready():
- checks: what must be done before closing (a list of Vietnamese sentences, empty when ready);
- leaders: who was elected head and deputies for the next year;
- carry-overs: copy the app's data of the closed year into the next.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction

from clusters.models import EmulationYear, Membership, Unit

CloseCheck = Callable[[EmulationYear], list[str]]
LeadersProvider = Callable[[EmulationYear], tuple[Unit | None, list[Unit]]]
CarryOver = Callable[[EmulationYear, EmulationYear], None]

_checks: list[CloseCheck] = []
_leaders: list[LeadersProvider] = []
_carry_overs: list[CarryOver] = []


def register_check(check: CloseCheck) -> None:
    if check not in _checks:
        _checks.append(check)


def register_leaders(provider: LeadersProvider) -> None:
    if provider not in _leaders:
        _leaders.append(provider)


def register_carry_over(carry_over: CarryOver) -> None:
    if carry_over not in _carry_overs:
        _carry_overs.append(carry_over)


def lock_year(year: EmulationYear) -> EmulationYear:
    """The year's row, locked until the transaction ends (call inside one).

    Every service that refuses changes to a closed year checks `is_closed` on this row, so a
    change checked against an open year cannot interleave with the year being closed.
    """
    return EmulationYear.objects.select_for_update().select_related("cluster").get(pk=year.pk)


class YearNotReady(Exception):
    def __init__(self, remaining: list[str]) -> None:
        self.remaining = remaining
        super().__init__("Chưa thể khép lại năm thi đua: " + "; ".join(remaining))


def remaining_work(year: EmulationYear) -> list[str]:
    if year.is_closed:
        return ["Năm thi đua đã được khép lại."]
    if not year.memberships.filter(role=Membership.Role.HEAD).exists():
        return ["Năm thi đua chưa có Cụm trưởng."]
    return [item for check in _checks for item in check(year)]


def carried_unit(unit: Unit, year_number: int) -> Unit | None:
    """The unit itself if still valid in that year, else its successor valid then (if any)."""
    if unit.is_valid_in(year_number):
        return unit
    for successor in unit.successors.all():
        found = carried_unit(successor, year_number)
        if found is not None:
            return found
    return None


@transaction.atomic
def year_close(*, year: EmulationYear) -> EmulationYear:
    """Close the year and open the next one; returns the next year. All or nothing."""
    # select_for_update: two secretariat members pressing "close" at once open one next year.
    year = lock_year(year)
    remaining = remaining_work(year)
    if remaining:
        raise YearNotReady(remaining)
    year.phase = EmulationYear.Phase.CLOSED
    year.save(update_fields=["phase"])
    return _open_next(year)


def _open_next(year: EmulationYear) -> EmulationYear:
    number = year.year + 1
    following, created = EmulationYear.objects.get_or_create(
        cluster=year.cluster, year=number, defaults={"phase": EmulationYear.Phase.SETUP}
    )
    head, deputies = _elected(year)
    head = carried_unit(head, number) if head else None
    deputies = [d for d in (carried_unit(u, number) for u in deputies) if d and d != head]
    present = set(following.memberships.values_list("unit_id", flat=True))
    for membership in year.memberships.select_related("unit").order_by("unit__search_name"):
        unit = carried_unit(membership.unit, number)
        if unit is not None and unit.pk not in present:
            Membership.objects.create(year=following, unit=unit, role=Membership.Role.MEMBER)
            present.add(unit.pk)
    set_leaders(following, head, deputies)
    if created:
        for carry_over in _carry_overs:
            carry_over(year, following)
    return following


def set_leaders(year: EmulationYear, head: Unit | None, deputies: list[Unit]) -> None:
    """Make `head` the year's head (and host) and `deputies` its only deputies.

    Units that are not members of the year are left out; the database allows one head per year
    at every moment, so the previous head is demoted first.
    """
    members = set(year.memberships.values_list("unit_id", flat=True))
    if head is not None and head.pk in members:
        year.memberships.filter(role=Membership.Role.HEAD).exclude(unit=head).update(
            role=Membership.Role.MEMBER
        )
        year.memberships.filter(unit=head).update(role=Membership.Role.HEAD)
        year.host_unit = head
        year.save(update_fields=["host_unit"])
    wanted = [unit.pk for unit in deputies if unit.pk in members and unit != head]
    if wanted:
        year.memberships.filter(role=Membership.Role.DEPUTY).exclude(unit_id__in=wanted).update(
            role=Membership.Role.MEMBER
        )
        year.memberships.filter(unit_id__in=wanted).exclude(role=Membership.Role.HEAD).update(
            role=Membership.Role.DEPUTY
        )


def _elected(year: EmulationYear) -> tuple[Unit | None, list[Unit]]:
    for provider in _leaders:
        head, deputies = provider(year)
        if head is not None or deputies:
            return head, deputies
    return None, []
