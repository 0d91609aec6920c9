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

from collections.abc import Callable, Mapping

from django.db import transaction
from django.db.models.fields.files import FieldFile
from django.utils.translation import gettext as _

from clusters.models import EmulationYear


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
        EmulationYear.objects.select_for_update().select_related("cluster", "host_unit").get(pk=pk)
    )


def lock_open_year(year: EmulationYear | int) -> EmulationYear:
    """The one closed-year guard: lock the year's row and refuse if the locked copy is closed.

    Services go on with the returned (fresh) copy, never with the one they were given.
    """
    locked = lock_year(year)
    if locked.is_closed:
        raise YearClosedRefused(_("Năm thi đua đã tổng kết, không thể sửa đổi."))
    return locked


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
