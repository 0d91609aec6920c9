"""The daily reminders: one e-mail per person with what their work holds that is overdue or due
within `settings.REMINDER_DAYS_AHEAD` days (clusters/work.py, the same list as "Việc của tôi").

`manage.py send_reminders` (cron or a systemd timer, once a day) builds each digest and queues
its e-mail as a background task (`send_reminder_email`, run by `manage.py db_worker`), so a slow
mail server holds up neither the command nor the others' e-mails. The task builds the digest
again when it runs: what was done in between is not asked for. E-mails are always Vietnamese.
"""

from __future__ import annotations

import datetime
import logging
import smtplib
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from django_tasks import task

from clusters.models import User
from clusters.notifications import absolute_url, wants_email
from clusters.work import WorkItem, work_for

logger = logging.getLogger(__name__)


def days_ahead() -> int:
    return int(getattr(settings, "REMINDER_DAYS_AHEAD", 3))


@dataclass(frozen=True)
class Digest:
    person: User
    overdue: list[WorkItem]
    due_soon: list[WorkItem]

    @property
    def items(self) -> list[WorkItem]:
        return [*self.overdue, *self.due_soon]


def digest_for(person: User, today: datetime.date, *, read: dict | None = None) -> Digest | None:
    """What the person's digest holds today, or None when nothing is overdue or due soon (work
    without a deadline is on their page, not in a reminder). `read`: see work_for."""
    horizon = today + datetime.timedelta(days=days_ahead())  # as digest_message says
    work = work_for(person, today, read=read)
    overdue = [item for item in work if item.overdue]
    due_soon = [item for item in work if not item.overdue and item.due and item.due <= horizon]
    if not overdue and not due_soon:
        return None
    return Digest(person, overdue, due_soon)


def recipients() -> QuerySet[User]:
    """The people who act for a unit (officers), whoever may receive e-mail or not."""
    return (
        User.objects.filter(is_active=True, role=User.Role.STAFF, unit__isnull=False)
        .select_related("unit")
        .order_by("unit__search_name", "username")
    )


def _line(item: WorkItem) -> str:
    due = item.due.strftime("%d/%m/%Y") if item.due else ""
    return gettext("- %(label)s (hạn %(due)s; %(cluster)s, năm %(year)s): %(link)s") % {
        "label": item.label,
        "due": due,
        "cluster": item.year.cluster.name,
        "year": item.year.year,
        "link": absolute_url(item.url),
    }


def digest_message(digest: Digest, today: datetime.date) -> EmailMessage:
    """The digest as an e-mail, in Vietnamese, each item with its absolute link."""
    person = digest.person
    with translation.override("vi"):
        lines = [
            gettext("Kính gửi %(name)s,") % {"name": person.full_name or person.username},
            "",
            gettext("Việc của %(unit)s cần làm, tính đến ngày %(today)s:")
            % {"unit": person.unit.name, "today": today.strftime("%d/%m/%Y")},
        ]
        if digest.overdue:
            lines += ["", gettext("Đã quá hạn:"), *map(_line, digest.overdue)]
        if digest.due_soon:
            lines += [
                "",
                gettext("Đến hạn trong %(days)s ngày tới:") % {"days": days_ahead()},
                *map(_line, digest.due_soon),
            ]
        lines += [
            "",
            gettext("Toàn bộ việc của đơn vị: %(link)s") % {"link": absolute_url(reverse("home"))},
            "",
            "--",
            gettext("Thư này do ứng dụng Cụm thi đua gửi tự động, xin đừng trả lời."),
            gettext("Để thôi nhận thông báo qua e-mail: %(link)s")
            % {"link": absolute_url(reverse("clusters:notice_settings"))},
        ]
        count = len(digest.items)
        subject = gettext("[Cụm thi đua] Nhắc việc: %(count)s việc đến hạn hoặc quá hạn") % {
            "count": count
        }
    return EmailMessage(
        subject=subject,
        body="\n".join(lines),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[person.email],
    )


@task()
def send_reminder_email(person_id: int, day: str) -> str:
    """Send one person's digest of `day` (ISO date): "sent", or "skipped" when they opted out,
    have no address or nothing is due any more. A failing server raises, so the task's result
    records the error; the next day's run sends that day's digest."""
    person = recipients().filter(pk=person_id).first()
    if person is None or not wants_email(person):
        return "skipped"
    today = datetime.date.fromisoformat(day)
    digest = digest_for(person, today)
    if digest is None:
        return "skipped"
    try:
        digest_message(digest, today).send()
    except (smtplib.SMTPException, OSError):
        logger.warning("the reminder of %s for %s could not be sent", person.username, day)
        raise
    return "sent"
