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
from clusters.models import EmulationYear, Membership, Representative, Unit, User


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


def phase_rank(phase: str) -> int:
    """The phases in the order a year goes through them."""
    return list(EmulationYear.Phase.values).index(phase)


@transaction.atomic
def year_update(
    *,
    actor: User | None,
    year: EmulationYear,
    phase: str | None = None,
    host_unit: Unit | None = _KEEP,
    conference_date: datetime.date | None = _KEEP,
    conference_place: str = _KEEP,
    notes: str = _KEEP,
) -> EmulationYear:
    """Move the year to a later phase and keep its conference details; returns the saved year.

    The year moves forward only, and closes only through `closing.year_close`, which checks what
    remains and opens the next year: going back would reopen frozen data.
    """
    locked = lock_open_year(year)
    if phase is not None and phase != locked.phase:
        if phase == EmulationYear.Phase.CLOSED:
            raise Refused(
                _("Năm thi đua chỉ khép lại bằng thao tác “Khép lại năm thi đua”."), field="phase"
            )
        if phase_rank(phase) < phase_rank(locked.phase):
            raise Refused(_("Giai đoạn của năm chỉ chuyển tiếp, không quay lại."), field="phase")
    hosted_by_member = (
        host_unit is _KEEP
        or host_unit is None
        or Membership.objects.filter(year=locked, unit=host_unit).exists()
    )
    if not hosted_by_member:
        raise Refused(_("Đơn vị đăng cai phải là thành viên của năm thi đua."), field="host_unit")
    before = audit.snapshot(locked, ("phase", *YEAR_DETAILS))
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
    if phase is not None:
        locked.phase = phase
    after = audit.snapshot(locked, ("phase", *YEAR_DETAILS))
    changes = audit.diff(before, after)
    if not changes:
        return locked
    locked.save(update_fields=list(changes))
    if "phase" in changes:
        audit.record(
            actor=actor, action="year.phase", target=locked, changes={"phase": changes["phase"]}
        )
    details = {name: pair for name, pair in changes.items() if name != "phase"}
    if details:
        audit.record(actor=actor, action="year.update", target=locked, changes=details)
    return locked


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
