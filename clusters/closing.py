"""Closing an emulation year and opening the next (DESIGN.md, step 7).

Closing freezes the year: every service refuses changes to a closed year (`lock_open_year`). The
next year opens with the elected head and deputies, the carried-over members (a member merged
into a successor that is valid in the new year gives its place to the successor), and copies of
what each app carries over (the criteria sheet, the covenant's clauses).

What blocks closing, who the next leaders are and what is carried over come from the apps above
clusters through the year's flow (config/year.py: `close_checks`, `next_leaders`, `carry_overs`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from django.db import transaction
from django.utils.translation import gettext as _

from clusters import audit
from clusters.flow import Problem, carry_over, freeze_final, year_flow
from clusters.models import EmulationYear, Membership, Unit, User
from clusters.services import Refused, lock_open_year


class YearNotReady(Refused):
    """Closing refused: blockers remain, or warnings the secretariat has not confirmed.

    `problems` lists them all (blockers first); `remaining` their sentences: the blockers when
    there are any, else the warnings still to confirm.
    """

    status = 409

    def __init__(self, problems: Sequence[Problem | str]) -> None:
        self.problems = _as_problems(problems)
        self.blockers = [p for p in self.problems if p.blocking]
        self.warnings = [p for p in self.problems if not p.blocking]
        self.remaining = [str(p.text) for p in (self.blockers or self.warnings)]
        if self.blockers:
            text = _("Chưa thể khép lại năm thi đua: %(remaining)s")
        else:
            text = _(
                "Hãy xác nhận đã xem các cảnh báo trước khi khép lại năm thi đua: %(remaining)s"
            )
        super().__init__(text % {"remaining": _joined(self.remaining)})


def _joined(sentences: Sequence[str]) -> str:
    return "; ".join(str(sentence).rstrip(".") for sentence in sentences) + "."


def _as_problems(items: Sequence[Problem | str]) -> list[Problem]:
    # A check written before severities returns sentences: each one blocks.
    problems = [item if isinstance(item, Problem) else Problem(item) for item in items]
    return sorted(problems, key=lambda p: not p.blocking)


def close_problems(year: EmulationYear) -> list[Problem]:
    """Everything closing would pass over, blockers first, each app's in the flow's order
    (config/year.py `close_checks`); empty when the year can close as it is."""
    if year.is_closed:
        return [Problem(_("Năm thi đua đã được khép lại."))]
    problems: list[Problem | str] = []
    if not year.memberships.filter(role=Membership.Role.HEAD).exists():
        head = year.cluster.ui_words.head
        problems.append(Problem(_("Năm thi đua chưa có %(head)s.") % {"head": head}))
    if (diverged := next_year_diverged(year)) is not None:
        problems.append(Problem(diverged))
    for check in year_flow().close_checks:
        problems.extend(check(year))
    return _as_problems(problems)


def next_year_diverged(year: EmulationYear) -> str | None:
    """Why closing cannot fill the next year prepared ahead, or None when it can.

    The rule: a next year created before this one closes (prepared in set-up) is filled by the
    closing as if the closing had opened it: the carried-over members are added to those it
    has, the elected head and deputies take their roles, and each app's copy (the criteria
    sheet, the covenant's clauses) goes into it unless it already has its own, which is kept.
    A next year that has left set-up has diverged: its members are signing or scoring what
    the closing would change, so closing refuses until it is moved back to set-up.
    """
    following = (
        EmulationYear.objects.filter(cluster_id=year.cluster_id, year=year.year + 1)
        .only("phase", "year")
        .first()
    )
    if following is None or following.phase == EmulationYear.Phase.SETUP:
        return None
    return _(
        "Năm thi đua %(year)d đã được chuẩn bị và đã sang giai đoạn “%(phase)s”: khép lại năm "
        "này sẽ thay đổi thành viên, vai trò và bảng tiêu chí của năm đó. Hãy đưa năm "
        "%(year)d về giai đoạn thiết lập trước."
    ) % {"year": following.year, "phase": following.get_phase_display()}


def remaining_work(year: EmulationYear) -> list[str]:
    """What keeps the year from closing (the blockers' sentences); empty when it can close."""
    return [str(p.text) for p in close_problems(year) if p.blocking]


def warnings_digest(problems: Sequence[Problem]) -> str:
    """A short fingerprint of the warnings as shown: the closing page sends it back with the
    confirmation, so a warning that appeared after the page was read is not confirmed unseen."""
    texts = "\n".join(str(p.text) for p in problems if not p.blocking)
    return hashlib.sha256(texts.encode()).hexdigest()[:16] if texts else ""


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
def year_close(
    *, actor: User | None, year: EmulationYear, seen_warnings: str = ""
) -> EmulationYear:
    """Close the year and open the next one; returns the next year. All or nothing.

    Refused while blockers remain, and while there are warnings unless `seen_warnings` is the
    `warnings_digest` of exactly the warnings the secretariat confirmed; those go into the
    closing's audit event.
    """
    # The year's row stays locked until we commit: two secretariat members pressing "close" at
    # once open one next year, and no change checked against the open year lands after closing.
    year = lock_open_year(year)
    problems = close_problems(year)
    warnings = [p for p in problems if not p.blocking]
    if any(p.blocking for p in problems) or (
        warnings and seen_warnings != warnings_digest(warnings)
    ):
        raise YearNotReady(problems)
    before = audit.snapshot(year, ["phase"])
    year.phase = EmulationYear.Phase.CLOSED
    year.save(update_fields=["phase"])
    audit.record(
        actor=actor,
        action="year.close",
        target=year,
        changes=audit.diff(before, audit.snapshot(year, ["phase"])),
        summary=_("Đã xác nhận các cảnh báo: %(warnings)s")
        % {"warnings": _joined([str(p.text) for p in warnings])}
        if warnings
        else "",
    )
    freeze_final(year)  # the report and the award decisions become files, once
    return _open_next(year, actor=actor)


def _open_next(year: EmulationYear, *, actor: User | None) -> EmulationYear:
    """Open the next year, or fill the one prepared ahead (next_year_diverged says when)."""
    number = year.year + 1
    following, created = EmulationYear.objects.select_for_update().get_or_create(
        cluster=year.cluster, year=number, defaults={"phase": EmulationYear.Phase.SETUP}
    )
    if not created and following.phase != EmulationYear.Phase.SETUP:
        raise YearNotReady([Problem(next_year_diverged(year) or "")])
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
    summary = (
        _("Mở năm %(year)d từ năm %(previous)d; đơn vị chuyển sang: %(units)s")
        if created
        else _(
            "Chuyển sang năm %(year)d đã chuẩn bị trước, từ năm %(previous)d; đơn vị chuyển sang: "
            "%(units)s"
        )
    )
    audit.record(
        actor=actor,
        action="year.open",
        target=following,
        summary=summary
        % {
            "year": number,
            "previous": year.year,
            "units": ", ".join(unit.name for unit in carried) or "—",
        },
    )
    set_leaders(following, head, deputies, actor=actor)
    # Each app copies into a prepared year only what it has none of (its own is kept).
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
