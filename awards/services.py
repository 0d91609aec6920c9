"""Writes of the awards app. Each runs in one transaction and refuses a closed year.

The year row is locked (`select_for_update`) before the check: otherwise the secretariat could
close the year between our check and our write, and a recipient would be added to a year
already closed. Closing the year updates that row, so it waits for us (or we see it closed).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from awards.models import Decision, Recipient
from awards.rules import RecipientRow
from clusters.models import EmulationYear
from clusters.text import fold


class YearClosed(ValidationError):
    pass


def _lock_open_year(year_id: int) -> EmulationYear:
    year = EmulationYear.objects.select_for_update().get(pk=year_id)
    if year.is_closed:
        raise YearClosed(_("Năm thi đua đã tổng kết, không thể sửa đổi khen thưởng."))
    return year


def decision_create(*, year: EmulationYear, fields: dict[str, Any]) -> Decision:
    with transaction.atomic():
        _lock_open_year(year.pk)
        decision = Decision(year=year, **fields)
        decision.full_clean()
        decision.save()
    return decision


def decision_update(*, decision: Decision, fields: dict[str, Any]) -> Decision:
    with transaction.atomic():
        _lock_open_year(decision.year_id)
        for name, value in fields.items():
            setattr(decision, name, value)
        decision.full_clean()
        decision.save()
    return decision


def decision_delete(*, decision: Decision) -> None:
    with transaction.atomic():
        _lock_open_year(decision.year_id)
        decision.delete()  # its recipients go with it


def _next_order(decision: Decision) -> int:
    return (decision.recipients.aggregate(last=Max("order"))["last"] or 0) + 1


def recipient_create(*, decision: Decision, fields: dict[str, Any]) -> Recipient:
    with transaction.atomic():
        _lock_open_year(decision.year_id)
        recipient = Recipient(decision=decision, order=_next_order(decision), **fields)
        recipient.full_clean()
        recipient.save()
    return recipient


def recipient_update(*, recipient: Recipient, fields: dict[str, Any]) -> Recipient:
    with transaction.atomic():
        _lock_open_year(recipient.decision.year_id)
        for name, value in fields.items():
            setattr(recipient, name, value)
        recipient.full_clean()
        recipient.save()
    return recipient


def recipient_delete(*, recipient: Recipient) -> None:
    with transaction.atomic():
        _lock_open_year(recipient.decision.year_id)
        recipient.delete()


def recipients_import(
    *, decision: Decision, rows: Sequence[RecipientRow], replace: bool = False
) -> list[Recipient]:
    """Add (or, with `replace`, substitute) the decision's recipients: all rows or none.

    The rows have been validated (awards.rules.parse_recipient_rows); the database constraints
    still stand behind them, and any failure rolls the whole import back.
    """
    if not rows:
        raise ValidationError(_("Không có dòng nào để nhập."))
    with transaction.atomic():
        _lock_open_year(decision.year_id)
        if replace:
            decision.recipients.all().delete()
        start = _next_order(decision)
        created = Recipient.objects.bulk_create(
            Recipient(
                decision=decision,
                kind=row.kind,
                name=row.name,
                search_name=fold(row.name),  # bulk_create skips save()
                position=row.position,
                organisation=row.organisation,
                unit_id=row.unit_id,
                award_type_id=row.award_type_id,
                achievement=row.achievement,
                order=start + offset,
            )
            for offset, row in enumerate(rows)
        )
    return created
