"""Incremental sync: `updated_since` and stable cursors, keyset on (updated_at, id).

No table of the project keeps an `updated_at` of its own, but every change is a service that
writes an audit event in the same transaction (clusters/audit.py). So a record's `updated_at` is
the time of the newest audit event of its emulation year (everything inside a year: sheets,
covenants, rounds, proposals, decisions, documents), or of the newest event about the record
itself (units and clusters, which live outside years); a record never touched by a service
counts from 1970-01-01. A change anywhere in a year moves all its records forward: a client
then reads them again, which is what an incremental sync wants (never a missed change).
"""

from __future__ import annotations

import base64
import binascii
import datetime
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _

from clusters.models import AuditEvent
from config.api.problems import Problem

EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)
DEFAULT_LIMIT = 50


def max_limit() -> int:
    return getattr(settings, "API_PAGE_SIZE_MAX", 200)


def _latest(events: QuerySet[AuditEvent]) -> Coalesce:
    newest = events.order_by("-at").values("at")[:1]
    return Coalesce(
        Subquery(newest, output_field=models.DateTimeField()),
        Value(EPOCH, output_field=models.DateTimeField()),
    )


def year_clock(year_ref: str = "year_id") -> Coalesce:
    """The newest audit event of the record's year (`year_ref` names the year's id)."""
    return _latest(AuditEvent.objects.filter(year_id=OuterRef(year_ref)))


def own_clock(model: type[models.Model]) -> Coalesce:
    """The newest audit event about the record itself (a unit, a cluster)."""
    kind = ContentType.objects.get_for_model(model)
    return _latest(AuditEvent.objects.filter(target_type=kind, target_id=OuterRef("pk")))


def parse_updated_since(text: str | None) -> datetime.datetime | None:
    if text is None or text == "":
        return None
    # A "+" left unencoded in a query string arrives as a space: "…T10:00:00 07:00".
    candidate = text.strip().replace(" ", "+") if "T" in text else text.strip()
    try:
        moment = parse_datetime(candidate)
    except ValueError:
        moment = None
    if moment is None:
        raise Problem(
            400,
            "bad_request",
            _("updated_since phải là thời điểm theo ISO 8601, ví dụ 2019-03-20T00:00:00+07:00."),
        )
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)  # the installation's zone (Asia/Ho_Chi_Minh)
    return moment


def parse_limit(limit: int | None) -> int:
    if limit is None:
        return DEFAULT_LIMIT
    if limit < 1 or limit > max_limit():
        raise Problem(
            400,
            "bad_request",
            _("limit phải từ 1 đến %(max)d."),
            params={"max": max_limit()},
        )
    return limit


def encode_cursor(at: datetime.datetime, pk: int) -> str:
    raw = json.dumps([at.astimezone(datetime.UTC).isoformat(), pk]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(text: str) -> tuple[datetime.datetime, int]:
    try:
        padded = text + "=" * (-len(text) % 4)
        at_text, pk = json.loads(base64.urlsafe_b64decode(padded.encode()))
        at = datetime.datetime.fromisoformat(at_text)
        if timezone.is_naive(at) or not isinstance(pk, int):
            raise ValueError
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError):
        raise Problem(
            400, "bad_request", _("cursor không hợp lệ: hãy dùng next_cursor của trang trước.")
        ) from None
    return at, pk


@dataclass
class Page:
    items: list[dict[str, Any]]
    next_cursor: str | None

    def as_dict(self) -> dict[str, Any]:
        return {"items": self.items, "next_cursor": self.next_cursor}


def page(
    queryset: QuerySet,
    clock: Coalesce,
    *,
    updated_since: str | None,
    cursor: str | None,
    limit: int | None,
    item: Callable[[Any], dict[str, Any]],
) -> Page:
    """One page of `queryset` in (updated_at, id) order, each row made into a dict by `item`
    (which gets the row, with `updated_at` set)."""
    since = parse_updated_since(updated_since)
    size = parse_limit(limit)
    rows = queryset.annotate(updated_at=clock).order_by("updated_at", "pk")
    if since is not None:
        rows = rows.filter(updated_at__gte=since)
    if cursor:
        at, pk = decode_cursor(cursor)
        rows = rows.filter(Q(updated_at__gt=at) | Q(updated_at=at, pk__gt=pk))
    found = list(rows[: size + 1])
    more = len(found) > size
    found = found[:size]
    next_cursor = encode_cursor(found[-1].updated_at, found[-1].pk) if more else None
    return Page([item(row) for row in found], next_cursor)
