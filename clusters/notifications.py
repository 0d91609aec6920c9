"""Notices to the people of a unit (or to named people, such as a council's officers): in the
app (the bell) and by e-mail.

A service calls `notify(...)` (or `notify_people(...)`) INSIDE its transaction: the notices are
rows written with the action, so they exist exactly when it does. Their e-mails are queued once
the transaction commits (`transaction.on_commit`), one background task per notice
(`send_notification_email`, run by `manage.py db_worker`), so a slow or failing mail server never
blocks or undoes the action.

Retries: django-tasks retries nothing by itself, so each notice keeps its own e-mail record
(`emailed_at`, `email_attempts`, `email_error`). A failed send re-enqueues the task after a
growing delay (RETRY_DELAYS) when the backend can defer (the database backend can); and
`retry_unsent_emails()` — called by `send_reminders`, or by hand — queues again every notice
still unsent, which also catches an e-mail whose task was lost (a queue that failed to take it,
a worker killed mid-task). A notice is sent at most once: the task locks its row and checks.

The words of a notice are its event's (EVENTS), filled with its `params` when shown, so each
reader sees them in their own language; e-mails are always Vietnamese.
"""

from __future__ import annotations

import datetime
import logging
import smtplib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone, translation
from django.utils.functional import Promise, cached_property
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_tasks import task

from clusters.models import EmulationYear, Notification, Unit, User

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Event:
    """What a notice of this kind says (with %(name)s from its params) and its e-mail's subject."""

    text: Promise
    subject: Promise


# Every event a notice can be of. Params each event's callers pass: see the %(…)s in its text.
EVENTS: dict[str, Event] = {
    "adjusted": Event(
        text=_(
            "Điểm tiêu chí %(criterion)s của %(unit)s năm %(year)s được điều chỉnh từ "
            "%(old)s thành %(new)s. Hạn giải trình: hết ngày %(due)s."
        ),
        subject=_("Điểm của đơn vị được điều chỉnh, đề nghị giải trình"),
    ),
    "answer_due": Event(
        text=_(
            "Hạn giải trình điều chỉnh điểm tiêu chí %(criterion)s của %(unit)s: hết ngày %(due)s."
        ),
        subject=_("Sắp đến hạn giải trình điều chỉnh điểm"),
    ),
    "round_opened": Event(
        text=_("Vòng bỏ phiếu “%(round)s” năm %(year)s đã mở. Mời đơn vị bỏ phiếu."),
        subject=_("Vòng bỏ phiếu đã mở"),
    ),
    "covenant_open": Event(
        text=_("Giao ước thi đua năm %(year)s đã mở để ký. Mời đơn vị ký giao ước."),
        subject=_("Giao ước thi đua chờ đơn vị ký"),
    ),
    "sheet_finalised": Event(
        text=_("Bảng điểm năm %(year)s của %(unit)s đã hoàn tất: %(total)s điểm."),
        subject=_("Bảng điểm của đơn vị đã hoàn tất"),
    ),
    "year_closing": Event(
        text=_("Năm thi đua %(year)s sắp được tổng kết. %(detail)s"),
        subject=_("Năm thi đua sắp tổng kết"),
    ),
    "proposal_arrived": Event(
        text=_(
            "%(cluster)s đã gửi tờ trình số %(number)s đề nghị tặng %(award)s năm %(year)s "
            "đến %(council)s."
        ),
        subject=_("Tờ trình mới gửi đến hội đồng"),
    ),
}

# Waits before the 2nd, 3rd… attempt of an e-mail; after the last the notice waits for
# `retry_unsent_emails` (each run of send_reminders), and stops being retried after MAX_AGE.
RETRY_DELAYS = (
    datetime.timedelta(minutes=1),
    datetime.timedelta(minutes=5),
    datetime.timedelta(minutes=30),
    datetime.timedelta(hours=2),
    datetime.timedelta(hours=6),
)
MAX_AGE = datetime.timedelta(days=7)


class _Params(dict):
    """A notice's params for %-formatting: a key the text wants but the caller left out reads
    as empty, so an old notice never fails to show after an event's wording grows."""

    def __missing__(self, key: str) -> str:
        return ""


def officers(units: Iterable[Unit]) -> QuerySet[User]:
    """The people a unit's notices go to: its active officers (Role.STAFF, those who act for the
    unit, as clusters.access.is_own_unit_staff says). Read-only leaders and administrators are
    left out: the notices ask for work they cannot do for the unit."""
    unit_ids = [unit.pk if isinstance(unit, Unit) else unit for unit in units]
    return User.objects.filter(is_active=True, unit_id__in=unit_ids, role=User.Role.STAFF)


def notify(
    *,
    event: str,
    year: EmulationYear,
    units: Iterable[Unit],
    url: str,
    params: Mapping[str, str] | None = None,
    email: bool = True,
) -> int:
    """Notify the active officers of `units` of `event` in `year`, linking to `url` (a path of
    this site). Call it inside the service's transaction. Returns how many notices it wrote.
    `email=False` writes the notices for the bell only (the daily digest already e-mails what a
    reminder says); they are then never e-mailed, not even by `retry_unsent_emails`."""
    return notify_people(
        event=event, year=year, people=officers(units), url=url, params=params, email=email
    )


def notify_people(
    *,
    event: str,
    year: EmulationYear | None,
    people: QuerySet[User],
    url: str,
    params: Mapping[str, str] | None = None,
    email: bool = True,
) -> int:
    """`notify` for people who are not a unit's officers (a council's officers): the same
    notices and e-mails, to the active accounts among `people`."""
    if event not in EVENTS:
        raise ValueError(f"unknown notification event {event!r}")
    if not url.startswith("/") or url.startswith("//"):
        raise ValueError(f"a notice links to a path of this site, not {url!r}")
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("notify() belongs inside the service's transaction")
    values = {key: str(value) for key, value in (params or {}).items()}
    if year is not None:
        values.setdefault("year", str(year.year))
    now = timezone.now()
    notices = Notification.objects.bulk_create(
        Notification(
            recipient=person,
            year=year,
            event=event,
            params=values,
            url=url,
            created_at=now,
            by_email=email,
        )
        for person in people.filter(is_active=True).order_by("pk")
    )
    to_email = [n.pk for n in notices if email and wants_email(n.recipient)]
    if to_email:
        transaction.on_commit(lambda: queue_emails(to_email), robust=True)
    return len(notices)


def wants_email(person: User) -> bool:
    """Whether a person is sent e-mail: the notices' and the daily reminders' one rule."""
    return bool(person.email_notifications and person.email)


def queue_emails(notification_ids: Iterable[int]) -> int:
    """Enqueue the e-mail of each notice. A queue that refuses is logged, not raised: the
    notices stay unsent and `retry_unsent_emails` queues them again."""
    queued = 0
    for pk in notification_ids:
        try:
            send_notification_email.enqueue(pk)
        except Exception:
            logger.exception("could not queue the e-mail of notice %s", pk)
        else:
            queued += 1
    return queued


def notice_text(notice: Notification) -> str:
    """The notice in the reader's (the active) language."""
    event = EVENTS.get(notice.event)
    if event is None:
        return notice.event
    return str(event.text) % _Params(notice.params or {})


def notice_subject(notice: Notification) -> str:
    event = EVENTS.get(notice.event)
    return str(event.subject) if event else notice.event


def absolute_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def email_message(notice: Notification) -> EmailMessage:
    """The notice's e-mail, in Vietnamese, with the absolute link to where to act."""
    from django.urls import reverse

    with translation.override("vi"):
        person = notice.recipient
        lines = [
            gettext("Kính gửi %(name)s,") % {"name": person.full_name or person.username},
            "",
            notice_text(notice),
            "",
            gettext("Xem và thực hiện tại: %(link)s") % {"link": absolute_url(notice.url)},
            "",
            "--",
            gettext("Thư này do ứng dụng Cụm thi đua gửi tự động, xin đừng trả lời."),
            gettext("Để thôi nhận thông báo qua e-mail: %(link)s")
            % {"link": absolute_url(reverse("clusters:notice_settings"))},
        ]
        subject = f"[{gettext('Cụm thi đua')}] {notice_subject(notice)}"
    return EmailMessage(
        subject=subject,
        body="\n".join(lines),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[person.email],
    )


@task()
def send_notification_email(notification_id: int) -> str:
    """Send one notice's e-mail, once. "sent", "skipped" (already sent, or the person opted
    out or has no address), "retry" (the server failed: recorded, queued again later)."""
    with transaction.atomic():
        notice = (
            Notification.objects.select_for_update()
            .select_related("recipient")
            .filter(pk=notification_id)
            .first()
        )
        if notice is None or notice.emailed_at is not None or not notice.by_email:
            return "skipped"
        if not wants_email(notice.recipient):
            return "skipped"
        notice.email_attempts += 1
        try:
            email_message(notice).send()
        except (smtplib.SMTPException, OSError) as error:
            notice.email_error = f"{type(error).__name__}: {error}"[:1000]
            notice.save(update_fields=["email_attempts", "email_error"])
            attempts = notice.email_attempts
            logger.warning(
                "e-mail of notice %s failed (attempt %s): %s", notification_id, attempts, error
            )
        else:
            notice.emailed_at = timezone.now()
            notice.email_error = ""
            notice.save(update_fields=["emailed_at", "email_attempts", "email_error"])
            return "sent"
    _retry_later(notification_id, attempts)
    return "retry"


def _retry_later(notification_id: int, attempts: int) -> None:
    """Queue the task again after the attempt's delay, if the backend can wait; otherwise (or
    after the last delay) `retry_unsent_emails` picks the notice up."""
    if attempts > len(RETRY_DELAYS):
        return
    deferred = send_notification_email.using(run_after=timezone.now() + RETRY_DELAYS[attempts - 1])
    if not deferred.get_backend().supports_defer:
        return
    try:
        deferred.enqueue(notification_id)
    except Exception:
        logger.exception("could not queue the retry of notice %s", notification_id)


def unsent_emails(now: datetime.datetime | None = None) -> QuerySet[Notification]:
    """Notices whose e-mail is owed and not yet sent (younger than MAX_AGE)."""
    now = now or timezone.now()
    return Notification.objects.filter(
        emailed_at__isnull=True,
        created_at__gte=now - MAX_AGE,
        recipient__is_active=True,
        recipient__email_notifications=True,
    ).exclude(Q(recipient__email="") | Q(recipient__email__isnull=True) | Q(by_email=False))


def retry_unsent_emails(now: datetime.datetime | None = None) -> int:
    """Queue again the e-mail of every notice still unsent; returns how many were queued."""
    return queue_emails(list(unsent_emails(now).order_by("pk").values_list("pk", flat=True)))


def unread_count(user: User) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


# --- The person's own notices and setting (services) -------------------------------------------


@transaction.atomic
def notice_read(*, actor: User, notice: Notification) -> Notification:
    """Mark one of the person's own notices read (reading is not an action of record: no audit)."""
    if notice.recipient_id != actor.pk:
        raise PermissionError("a notice is read by its recipient only")
    if notice.read_at is None:
        notice.read_at = timezone.now()
        Notification.objects.filter(pk=notice.pk, read_at__isnull=True).update(
            read_at=notice.read_at
        )
    return notice


@transaction.atomic
def notices_read_all(*, actor: User) -> int:
    return Notification.objects.filter(recipient=actor, read_at__isnull=True).update(
        read_at=timezone.now()
    )


@transaction.atomic
def notice_settings_save(*, actor: User, email_notifications: bool) -> User:
    """The person's own choice to receive notices by e-mail, audited."""
    from clusters import audit

    person = User.objects.select_for_update().get(pk=actor.pk)
    if person.email_notifications != email_notifications:
        person.email_notifications = email_notifications
        person.save(update_fields=["email_notifications"])
        audit.record(
            actor=actor,
            action="account.notifications",
            target=person,
            summary=gettext("Nhận thông báo qua e-mail")
            + ": "
            + (gettext("có") if email_notifications else gettext("không")),
            changes={"email_notifications": [not email_notifications, email_notifications]},
        )
    actor.email_notifications = email_notifications
    return person


class _Bell:
    """The bell's count, asked of the database once, and only by a page that shows it."""

    def __init__(self, user: User) -> None:
        self._user = user

    @cached_property
    def unread(self) -> int:
        return unread_count(self._user)


def bell(request) -> dict[str, object]:
    """Context processor: `notice_bell.unread` for the signed-in person."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"notice_bell": _Bell(user)}
