"""Closing an emulation year and opening the next (DESIGN.md, step 7).

Closing freezes the year: every service refuses changes to a closed year (`lock_open_year`). The
next year opens with the elected head and deputies, the carried-over members (a member merged
into a successor that is valid in the new year gives its place to the successor), and copies of
what each app carries over (the criteria sheet, the covenant's clauses).

What blocks closing, who the next leaders are and what is carried over come from the apps above
clusters through the year's flow (config/year.py: `close_checks`, `next_leaders`, `carry_overs`).
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction
from django.utils.translation import gettext as _

from clusters import audit
from clusters.flow import carry_over, year_flow
from clusters.models import EmulationYear, Membership, Unit, User
from clusters.services import Refused, lock_open_year


class YearNotReady(Refused):
    """Closing refused: `remaining` lists what must be done first, as sentences."""

    status = 409

    def __init__(self, remaining: Sequence[str]) -> None:
        self.remaining = list(remaining)
        super().__init__(
            _("Chưa thể khép lại năm thi đua: %(remaining)s")
            % {"remaining": "; ".join(str(item) for item in self.remaining)}
        )


def remaining_work(year: EmulationYear) -> list[str]:
    """What keeps the year from closing; empty when it can close."""
    if year.is_closed:
        return [_("Năm thi đua đã được khép lại.")]
    if not year.memberships.filter(role=Membership.Role.HEAD).exists():
        return [_("Năm thi đua chưa có Cụm trưởng.")]
    return [item for check in year_flow().close_checks for item in check(year)]


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
def year_close(*, actor: User | None, year: EmulationYear) -> EmulationYear:
    """Close the year and open the next one; returns the next year. All or nothing."""
    # The year's row stays locked until we commit: two secretariat members pressing "close" at
    # once open one next year, and no change checked against the open year lands after closing.
    year = lock_open_year(year)
    remaining = remaining_work(year)
    if remaining:
        raise YearNotReady(remaining)
    before = audit.snapshot(year, ["phase"])
    year.phase = EmulationYear.Phase.CLOSED
    year.save(update_fields=["phase"])
    audit.record(
        actor=actor,
        action="year.close",
        target=year,
        changes=audit.diff(before, audit.snapshot(year, ["phase"])),
    )
    return _open_next(year, actor=actor)


def _open_next(year: EmulationYear, *, actor: User | None) -> EmulationYear:
    number = year.year + 1
    following, created = EmulationYear.objects.get_or_create(
        cluster=year.cluster, year=number, defaults={"phase": EmulationYear.Phase.SETUP}
    )
    head, deputies = _elected(year)
    head = carried_unit(head, number) if head else None
    deputies = [d for d in (carried_unit(u, number) for u in deputies) if d and d != head]
    present = set(following.memberships.values_list("unit_id", flat=True))
    carried: list[Unit] = []
    for membership in year.memberships.select_related("unit").order_by("unit__search_name"):
        unit = carried_unit(membership.unit, number)
        if unit is not None and unit.pk not in present:
            Membership.objects.create(year=following, unit=unit, role=Membership.Role.MEMBER)
            present.add(unit.pk)
            carried.append(unit)
    audit.record(
        actor=actor,
        action="year.open",
        target=following,
        summary=_("Mở năm %(year)d từ năm %(previous)d; đơn vị chuyển sang: %(units)s")
        % {
            "year": number,
            "previous": year.year,
            "units": ", ".join(unit.name for unit in carried) or "—",
        },
    )
    set_leaders(following, head, deputies, actor=actor)
    if created:
        carry_over(closed=year, following=following, actor=actor)
    return following


def _leaders(year: EmulationYear) -> dict[str, str]:
    """The year's head and deputies by name, to compare before and after (one query)."""
    leaders = year.memberships.exclude(role=Membership.Role.MEMBER).select_related("unit")
    ordered = sorted(leaders, key=lambda m: m.unit.search_name)
    return {
        "head": ", ".join(m.unit.name for m in ordered if m.role == Membership.Role.HEAD),
        "deputies": ", ".join(m.unit.name for m in ordered if m.role == Membership.Role.DEPUTY),
    }


@transaction.atomic
def set_leaders(
    year: EmulationYear,
    head: Unit | None,
    deputies: list[Unit],
    *,
    actor: User | None = None,
) -> bool:
    """Make `head` the year's head (and host) and `deputies` its only deputies.

    Units that are not members of the year are left out; the database allows one head per year
    at every moment, so the previous head is demoted first. Records "year.leaders" when the
    roles change, and returns whether they did.
    """
    before = _leaders(year)
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
    changes = audit.diff(before, _leaders(year))
    if changes:
        audit.record(actor=actor, action="year.leaders", target=year, changes=changes)
    return bool(changes)


def _elected(year: EmulationYear) -> tuple[Unit | None, list[Unit]]:
    provider = year_flow().next_leaders
    return provider(year) if provider is not None else (None, [])
