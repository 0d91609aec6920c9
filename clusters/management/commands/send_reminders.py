"""Send each officer the day's reminder: what their work holds that is overdue or due soon.

Run once a day by cron or a systemd timer (README, "Reminders"). `--dry-run` prints, per person,
the e-mail it would send and sends nothing; `--date` runs it as of another day. People who turned
e-mail off, or have no address, are counted and skipped. Each run also queues again the notices'
e-mails still unsent (clusters.notifications.retry_unsent_emails).
"""

from __future__ import annotations

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from clusters import flow, notifications, reminders


def _day(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(
            _("Ngày không hợp lệ: “%(value)s” (cần YYYY-MM-DD).") % {"value": value}
        ) from error


class Command(BaseCommand):
    help = "Send each officer one e-mail of what is overdue or due in the next days."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Print, send nothing.")
        parser.add_argument("--date", help="As of this day (YYYY-MM-DD); default today.")

    def handle(self, *args, dry_run: bool, date: str | None, **options) -> None:
        today = _day(date) if date else timezone.localdate()
        queued = opted_out = 0
        read: dict = {}  # each open year's to-dos, read once for all its officers
        for person in reminders.recipients():
            digest = reminders.digest_for(person, today, read=read)
            if digest is None:
                continue
            sending = notifications.wants_email(person)
            if dry_run:
                # Printed for everyone with a digest, so a dry run shows what each one holds.
                message = reminders.digest_message(digest, today)
                status = "" if sending else " — " + _("không gửi: tắt e-mail hoặc chưa có địa chỉ")
                self.stdout.write(
                    f"== {person.username} <{person.email or '-'}> ({person.unit.name}){status}\n"
                    f"{message.subject}\n\n{message.body}\n"
                )
            if not sending:
                opted_out += 1
                continue
            if not dry_run:
                reminders.send_reminder_email.enqueue(person.pk, today.isoformat())
            queued += 1
        if not dry_run:
            notifications.retry_unsent_emails()
            # The bell's reminders (an answer due soon…), each app's, as config/year.py lists.
            now = (
                timezone.make_aware(datetime.datetime.combine(today, datetime.time.min))
                if date
                else timezone.now()
            )
            for job in flow.year_flow().daily_notices:
                job(reminders.days_ahead(), now)
        summary = _(
            "%(count)s thư nhắc việc ngày %(day)s%(dry)s; %(skipped)s người không nhận e-mail."
        )
        self.stdout.write(
            summary
            % {
                "count": queued,
                "day": today.strftime("%d/%m/%Y"),
                "dry": _(" (chạy thử, chưa gửi)") if dry_run else "",
                "skipped": opted_out,
            }
        )
