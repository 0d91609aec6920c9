"""Publishing a closed year on the public results page (config/public/), and withdrawing it.

Only a closed year is published: everything the page shows is final by then (the ranking of
finalised sheets, the signed compact, the stored report and decisions). Withdrawing takes the
page down at once (the page answers 404, its cache is keyed on the year's data version, which
the withdrawal's audit event moves).
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from clusters import audit
from clusters.models import EmulationYear, User
from clusters.services import Refused, lock_year


def _when(value) -> str:
    return f"{timezone.localtime(value):%d/%m/%Y %H:%M}" if value else ""


@transaction.atomic
def year_publish(*, actor: User | None, year: EmulationYear) -> EmulationYear:
    """Put a closed year on its public page; refused for a year not closed or already public."""
    # Locked: closing and withdrawing update the same row, so they are served one at a time.
    locked = lock_year(year)
    if not locked.is_closed:
        raise Refused(_("Chỉ công khai được năm thi đua đã tổng kết."), status=409)
    if locked.published_at is not None:
        raise Refused(_("Kết quả năm này đã được công khai."), status=409)
    locked.published_at = timezone.now()
    locked.published_by = actor if actor is not None and actor.pk is not None else None
    locked.save(update_fields=["published_at", "published_by"])
    audit.record(
        actor=actor,
        action="year.publish",
        target=locked,
        changes={"published_at": ["", _when(locked.published_at)]},
    )
    return locked


@transaction.atomic
def year_unpublish(*, actor: User | None, year: EmulationYear, reason: str) -> EmulationYear:
    """Take a year's public page down, with the reason the audit event keeps."""
    locked = lock_year(year)
    if not locked.is_closed:
        raise Refused(_("Chỉ công khai được năm thi đua đã tổng kết."), status=409)
    if locked.published_at is None:
        raise Refused(_("Kết quả năm này chưa được công khai."), status=409)
    reason = reason.strip()
    if not reason:
        raise Refused(_("Hãy ghi lý do thu hồi công khai."), field="reason")
    before = _when(locked.published_at)
    locked.published_at = None
    locked.published_by = None
    locked.save(update_fields=["published_at", "published_by"])
    audit.record(
        actor=actor,
        action="year.unpublish",
        target=locked,
        summary=reason[:500],
        changes={"published_at": [before, ""]},
    )
    return locked
