"""The service convention every app follows (README, "How it is built").

A write that touches rows is a `<thing>_<action>(*, actor, ...)` function that
- runs in one transaction (`@transaction.atomic`),
- locks the year's row with `lock_open_year` before it reads anything it will change, and checks
  the locked copy (closing the year updates that row, so it waits for us or we see it closed),
- raises `Refused` (a Vietnamese message, optionally for one form field) for anything it will not
  do, leaving the database as it was,
- writes its audit event with `clusters.audit.record` in the same transaction,
- removes files only with `transaction.on_commit`, so a rolled-back write keeps its file.

Access (who may ask) is checked once, by the view's access helper (`clusters/access.py` and each
app's `access.py`); services check the domain rules (state, phase, membership), which hold
whoever calls them — a view, a command or the demo.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.fields.files import FieldFile
from django.utils.translation import gettext as _

from clusters import audit
from clusters.models import EmulationYear, Membership, PhaseWindow, Representative, Unit, User


class Refused(Exception):
    """A change the service will not make; `message` is for the person who asked.

    `field` names the form field the message belongs to (None: at the top of the form);
    `errors` carries several messages by key (a field name, a criterion id, a cell).
    `status` is the HTTP status a view answers with when it has no form to show it on.
    """

    status = 400

    def __init__(
        self,
        message: str,
        *,
        field: str | None = None,
        errors: Mapping | None = None,
        status: int | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.errors = dict(errors or {})
        if status is not None:
            self.status = status

    def __str__(self) -> str:
        return str(self.message)


class YearClosedRefused(Refused):
    status = 409


def lock_year(year: EmulationYear | int) -> EmulationYear:
    """The year's row, locked until the transaction ends (call inside one)."""
    pk = year if isinstance(year, int) else year.pk
    return (
        EmulationYear.objects.select_for_update(of=("self",))
        .select_related("cluster", "host_unit")
        .get(pk=pk)
    )


def lock_open_year(year: EmulationYear | int) -> EmulationYear:
    """The one closed-year guard: lock the year's row and refuse if the locked copy is closed.

    Services go on with the returned (fresh) copy, never with the one they were given.
    """
    locked = lock_year(year)
    refuse_if_closed(locked)
    return locked


def refuse_if_closed(year: EmulationYear) -> None:
    """The same refusal on the copy at hand, without a lock: for a page about to show a form
    (its service checks again, under the lock, when the form is sent)."""
    if year.is_closed:
        raise YearClosedRefused(_("Năm thi đua đã tổng kết, không thể sửa đổi."))


def delete_file_on_commit(file: FieldFile) -> None:
    """Remove a stored file once the transaction commits; a rollback keeps it with its row."""
    if not file:
        return
    storage, name = file.storage, file.name
    transaction.on_commit(lambda: storage.delete(name))


def refusal_to_form(form, error: Refused, field_of: Callable[[str], str | None] | None = None):
    """Put a refusal next to its field when the form has it, else at the top of the form."""
    field = error.field if error.field in getattr(form, "fields", {}) else None
    form.add_error(field, error.message)
    for key, message in error.errors.items():
        name = field_of(key) if field_of else key
        form.add_error(name if name in form.fields else None, message)
    return form


# --- the clusters app's own services: a year's details, a unit's representative --------------

_KEEP: Any = object()  # an argument left out: the field keeps its value
YEAR_DETAILS = ("host_unit", "conference_date", "conference_place", "notes")


@transaction.atomic
def year_update(
    *,
    actor: User | None,
    year: EmulationYear,
    host_unit: Unit | None = _KEEP,
    conference_date: datetime.date | None = _KEEP,
    conference_place: str = _KEEP,
    notes: str = _KEEP,
) -> EmulationYear:
    """Keep the year's conference details; returns the saved year.

    The phase moves only through `year_phase_advance` (which says what opens and locks and asks
    for confirmation), and the year closes only through `closing.year_close`.
    """
    locked = lock_open_year(year)
    hosted_by_member = (
        host_unit is _KEEP
        or host_unit is None
        or Membership.objects.filter(year=locked, unit=host_unit).exists()
    )
    if not hosted_by_member:
        raise Refused(_("Đơn vị đăng cai phải là thành viên của năm thi đua."), field="host_unit")
    before = audit.snapshot(locked, YEAR_DETAILS)
    given = {
        "host_unit": host_unit,
        "conference_date": conference_date,
        "conference_place": conference_place,
        "notes": notes,
    }
    for name, value in given.items():
        if value is not _KEEP:
            text_field = name in ("conference_place", "notes")
            setattr(locked, name, (value or "") if text_field else value)
    changes = audit.diff(before, audit.snapshot(locked, YEAR_DETAILS))
    if not changes:
        return locked
    locked.save(update_fields=list(changes))
    audit.record(actor=actor, action="year.update", target=locked, changes=changes)
    return locked


# --- the year's timeline and its phase moves -------------------------------------------------


def _date_text(value: datetime.date | None) -> str:
    return f"{value:%d/%m/%Y}" if value else ""


@transaction.atomic
def timeline_save(
    *,
    actor: User | None,
    year: EmulationYear,
    rows: Mapping[str, tuple[datetime.date | None, datetime.date | None]],
    reason: str = "",
    answer_days: int | None = None,
) -> EmulationYear:
    """Set the dates of the year's phases ({phase: (opens_on, due_on)}; a phase left out or
    given (None, None) has no dates) and the days a unit has to answer an adjustment.

    Dates set once are moved only with a reason, which the audit event keeps with every change
    (old -> new). A deadline before its phase opens, or a phase opening before the one before
    it, is refused next to its field (`<phase>_opens_on`, `<phase>_due_on`), nothing saved.
    """
    from clusters import timeline

    locked = lock_open_year(year)
    unknown = set(rows) - set(timeline.DATED)
    if unknown:
        raise Refused(_("Giai đoạn không hợp lệ."))
    errors = timeline.check_rows(locked.year, rows)
    if errors:
        fields = {f"{phase}_{field}": message for phase, (field, message) in errors.items()}
        (first, message), *others = fields.items()
        raise Refused(message, field=first, errors=dict(others))
    if answer_days is not None and not 1 <= answer_days <= 60:
        raise Refused(_("Số ngày giải trình từ 1 đến 60 ngày."), field="answer_days")
    existing = {w.phase: w for w in locked.phase_windows.all()}
    changes: dict[str, list[str]] = {}
    changed: list[tuple[str, datetime.date | None, datetime.date | None]] = []
    moved = False  # a date that was set is changed or removed
    for phase in timeline.DATED:
        opens_on, due_on = rows.get(phase, (None, None))
        window = existing.get(phase)
        old = (window.opens_on, window.due_on) if window else (None, None)
        if old == (opens_on, due_on):
            continue
        changed.append((phase, opens_on, due_on))
        label = EmulationYear.Phase(phase).label
        for name, before, after in (
            (_("%(phase)s: ngày bắt đầu"), old[0], opens_on),
            (_("%(phase)s: hạn hoàn thành"), old[1], due_on),
        ):
            if before != after:
                changes[name % {"phase": label}] = [_date_text(before), _date_text(after)]
                moved = moved or before is not None
    if answer_days is not None and answer_days != locked.answer_days:
        changes["answer_days"] = [str(locked.answer_days), str(answer_days)]
        locked.answer_days = answer_days
    if not changes:
        return locked
    if moved and not reason.strip():
        raise Refused(_("Hãy ghi lý do thay đổi các mốc thời gian đã đặt."), field="reason")
    for phase, opens_on, due_on in changed:
        window = existing.get(phase)
        if window is None:
            PhaseWindow.objects.create(year=locked, phase=phase, opens_on=opens_on, due_on=due_on)
        elif opens_on is None:  # (a deadline without an opening day was refused above)
            window.delete()
        else:
            window.opens_on, window.due_on = opens_on, due_on
            window.save(update_fields=["opens_on", "due_on"])
    if "answer_days" in changes:
        locked.save(update_fields=["answer_days"])
    audit.record(
        actor=actor,
        action="year.timeline",
        target=locked,
        summary=reason.strip()[:500],
        changes=changes,
    )
    return locked


def phase_pending(year: EmulationYear, phases) -> dict[str, list[str]]:
    """What remains of each phase's work (the flow's phase checks), for the phases given."""
    from clusters.flow import year_flow

    checks = year_flow().phase_checks
    return {phase: [item for check in checks for item in check(year, phase)] for phase in phases}


@transaction.atomic
def year_phase_advance(
    *,
    actor: User | None,
    year: EmulationYear,
    to_phase: str,
    confirm: bool,
    reason: str = "",
) -> EmulationYear:
    """Move the year to another phase, once the person confirmed what it opens and locks.

    Forward to the next phase always; past a phase only when its work is done (the flow's
    `phase_checks`). Back one phase only, with a reason, and never into set-up. Closing is
    `closing.year_close`. Members are told when the conference opens.
    """
    from clusters import timeline

    locked = lock_open_year(year)
    skipped = timeline.skipped(locked.phase, to_phase)
    refusal = timeline.advance_refusal(
        locked.phase, to_phase, pending=phase_pending(locked, skipped), reason=reason
    )
    if refusal:
        field, message = refusal
        raise Refused(message, field=field)
    if not confirm:
        raise Refused(_("Hãy đánh dấu ô xác nhận trước khi chuyển giai đoạn."), field="confirm")
    before = audit.snapshot(locked, ("phase",))
    locked.phase = to_phase
    locked.save(update_fields=["phase"])
    audit.record(
        actor=actor,
        action="year.phase",
        target=locked,
        summary=reason.strip()[:500],
        changes=audit.diff(before, audit.snapshot(locked, ("phase",))),
    )
    # Moving on to the conference tells the members the year is closing (signing opens with
    # campaigns.services.covenant_open, which tells them itself).
    if to_phase == EmulationYear.Phase.CONFERENCE:
        _tell_year_closing(locked)
    return locked


def _tell_year_closing(year: EmulationYear) -> None:
    from django.utils import translation

    from clusters.notifications import notify

    # Stored in the notice, so in the notices' language (their e-mails are Vietnamese), not in
    # whichever language the secretariat's page happens to be in.
    with translation.override("vi"):
        detail = (
            _("Hội nghị tổng kết ngày %(date)s.") % {"date": _date_text(year.conference_date)}
            if year.conference_date
            else _("Mời đơn vị hoàn tất các việc còn lại của năm.")
        )
    notify(
        event="year_closing",
        year=year,
        units=Unit.objects.filter(memberships__year=year),
        url=year.get_absolute_url(),
        params={"detail": detail},
    )


REPRESENTATIVE_FIELDS = ("full_name", "title")


@transaction.atomic
def representative_save(
    *,
    actor: User | None,
    year: EmulationYear,
    unit: Unit,
    full_name: str,
    title: str,
    is_sample: bool = False,
) -> Representative:
    """Name who signs for a member unit in the year (from a page: a real person, not a sample)."""
    locked = lock_open_year(year)
    if not Membership.objects.filter(year=locked, unit=unit).exists():
        raise Refused(_("Đơn vị này không phải thành viên của năm thi đua."))
    representative = Representative.objects.filter(year=locked, unit=unit).first()
    before = audit.snapshot(representative, REPRESENTATIVE_FIELDS) if representative else {}
    representative = representative or Representative(year=locked, unit=unit)
    representative.full_name, representative.title = full_name.strip(), title.strip()
    representative.is_sample = is_sample
    try:
        representative.full_clean(exclude=["year", "unit"], validate_unique=False)
    except ValidationError as error:
        (field, messages), *others = error.message_dict.items()
        raise Refused(messages[0], field=field, errors=dict(others)) from error
    representative.save()
    audit.record(
        actor=actor,
        action="representative.save",
        target=representative,
        year=locked,
        summary=unit.name,
        changes=audit.diff(before, audit.snapshot(representative, REPRESENTATIVE_FIELDS)),
    )
    return representative
