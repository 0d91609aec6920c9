"""Notices (clusters/notifications.py): who gets them, their words, their e-mails through a real
SMTP server (tests/smtp.py), retried while the server is down, and the person's opt-out."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.db import transaction
from django.urls import reverse

from clusters import notifications
from clusters.models import AuditEvent, Notification, User
from tests.factories import UserFactory
from tests.smtp import SMTPServer

pytestmark = pytest.mark.django_db


def _notify(world, **overrides) -> int:
    values = {
        "event": "adjusted",
        "year": world.year,
        "units": [world.nam_dinh],
        "url": "/c/dong-bang-song-hong/2018/",
        "params": {
            "criterion": "1.2",
            "unit": "Nam Định",
            "old": "10",
            "new": "8",
            "due": "08/12/2026",
        },
    }
    values.update(overrides)
    with transaction.atomic():
        return notifications.notify(**values)


def _with_email(user: User, address: str) -> User:
    user.email = address
    user.save(update_fields=["email"])
    return user


def test_notify_reaches_the_units_active_officers_only(world):
    gone = UserFactory(username="nghiviec", unit=world.nam_dinh, is_active=False)
    count = _notify(world)
    recipients = set(Notification.objects.values_list("recipient__username", flat=True))
    # Nam Định's officer; not its read-only leader, not an inactive account, not other units.
    assert count == 1
    assert recipients == {"namdinh"}
    assert gone.notifications.count() == 0
    notice = world.own.notifications.get()
    assert notice.url == "/c/dong-bang-song-hong/2018/"
    assert notice.read_at is None and notice.emailed_at is None
    assert "1.2" in notice.text and "08/12/2026" in notice.text


def test_notify_refuses_unknown_events_and_foreign_links(world):
    with pytest.raises(ValueError):
        _notify(world, event="nonsense")
    with pytest.raises(ValueError):
        _notify(world, url="https://evil.example/")
    with pytest.raises(ValueError):
        _notify(world, url="//evil.example/")
    assert Notification.objects.count() == 0


def test_text_follows_the_readers_language(world):
    from django.utils import translation

    _notify(world, event="covenant_open", params={})
    notice = world.own.notifications.get()
    with translation.override("vi"):
        assert "Giao ước thi đua năm 2018" in notice.text
    with translation.override("en"):
        assert "2018" in notice.text


def test_email_arrives_in_vietnamese_with_the_absolute_link(
    world, smtp_server, django_capture_on_commit_callbacks
):
    _with_email(world.own, "namdinh@example.vn")
    with django_capture_on_commit_callbacks(execute=True):
        _notify(world)
    assert len(smtp_server.messages) == 1
    message = smtp_server.messages[0]
    assert message["To"] == "namdinh@example.vn"
    assert "Điểm của đơn vị được điều chỉnh" in message["Subject"]
    body = SMTPServer.body(message)
    assert "Kính gửi Cán bộ" in body
    assert "Điểm tiêu chí 1.2 của Nam Định năm 2018 được điều chỉnh từ 10 thành 8" in body
    assert "https://thidua.example.vn/c/dong-bang-song-hong/2018/" in body
    assert "https://thidua.example.vn" + reverse("clusters:notice_settings") in body
    notice = world.own.notifications.get()
    assert notice.emailed_at is not None and notice.email_attempts == 1


def test_opted_out_or_addressless_people_get_the_notice_but_no_email(
    world, smtp_server, django_capture_on_commit_callbacks
):
    _with_email(world.own, "namdinh@example.vn")
    world.own.email_notifications = False
    world.own.save(update_fields=["email_notifications"])
    UserFactory(username="namdinh2", unit=world.nam_dinh)  # no address
    with django_capture_on_commit_callbacks(execute=True):
        assert _notify(world) == 2
    assert smtp_server.messages == []
    assert notifications.unsent_emails().count() == 0


def test_smtp_down_keeps_the_notice_and_retries_until_it_arrives(
    world, smtp_server, django_capture_on_commit_callbacks
):
    _with_email(world.own, "namdinh@example.vn")
    smtp_server.stop()
    with django_capture_on_commit_callbacks(execute=True):
        assert _notify(world) == 1  # the action's transaction committed, nothing raised
    notice = world.own.notifications.get()
    assert notice.emailed_at is None
    assert notice.email_attempts == 1
    assert "ConnectionRefusedError" in notice.email_error
    assert list(notifications.unsent_emails()) == [notice]

    smtp_server.start()
    assert notifications.retry_unsent_emails() == 1
    notice.refresh_from_db()
    assert notice.emailed_at is not None and notice.email_attempts == 2
    assert notice.email_error == ""
    assert [m["To"] for m in smtp_server.messages] == ["namdinh@example.vn"]
    # Sent once: a later sweep or a duplicate task sends nothing more.
    assert notifications.retry_unsent_emails() == 0
    assert notifications.send_notification_email.call(notice.pk) == "skipped"
    assert len(smtp_server.messages) == 1


def test_the_daily_run_sends_the_emails_the_server_refused(
    world, smtp_server, django_capture_on_commit_callbacks
):
    """send_reminders (cron, once a day) is what queues unsent e-mails again in production."""
    import io

    from django.core.management import call_command

    _with_email(world.own, "namdinh@example.vn")
    smtp_server.stop()
    with django_capture_on_commit_callbacks(execute=True):
        _notify(world)
    assert smtp_server.messages == []
    smtp_server.start()
    call_command("send_reminders", stdout=io.StringIO())
    assert [m["To"] for m in smtp_server.messages] == ["namdinh@example.vn"]
    assert world.own.notifications.get().emailed_at is not None


def test_unsent_emails_give_up_after_a_week(world, smtp_server, django_capture_on_commit_callbacks):
    _with_email(world.own, "namdinh@example.vn")
    smtp_server.stop()
    with django_capture_on_commit_callbacks(execute=True):
        _notify(world)
    later = notifications.MAX_AGE + datetime.timedelta(hours=1)
    from django.utils import timezone

    assert notifications.unsent_emails(timezone.now() + later).count() == 0


@pytest.mark.django_db(transaction=True)  # the worker closes its connection when it ends
def test_the_database_queue_retries_after_a_delay(
    world, smtp_server, settings, django_capture_on_commit_callbacks
):
    """Production's path: the task goes into the database queue; the worker's failed attempt
    queues it again for a minute later, when the server is back and the worker sends it."""
    from django.core.management import call_command
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    _with_email(world.own, "namdinh@example.vn")
    smtp_server.stop()
    _notify(world)  # committed: its e-mail is queued in the database
    assert DBTaskResult.objects.count() == 1
    assert smtp_server.messages == []
    call_command("db_worker", batch=True, startup_delay=False, verbosity=0)
    notice = world.own.notifications.get()
    assert notice.email_attempts == 1 and notice.emailed_at is None
    retry = DBTaskResult.objects.filter(status="READY").get()
    assert retry.run_after is not None

    smtp_server.start()
    with time_machine.travel(retry.run_after + datetime.timedelta(seconds=1), tick=False):
        call_command("db_worker", batch=True, startup_delay=False, verbosity=0)
    notice.refresh_from_db()
    assert notice.emailed_at is not None
    assert len(smtp_server.messages) == 1


def test_notice_settings_save_is_audited_and_changes_nothing_when_unchanged(world):
    notifications.notice_settings_save(actor=world.own, email_notifications=False)
    world.own.refresh_from_db()
    assert world.own.email_notifications is False
    assert AuditEvent.objects.filter(action="account.notifications").count() == 1
    notifications.notice_settings_save(actor=world.own, email_notifications=False)
    assert AuditEvent.objects.filter(action="account.notifications").count() == 1


def test_notice_read_only_by_its_recipient(world):
    _notify(world)
    notice = world.own.notifications.get()
    with pytest.raises(PermissionError):
        notifications.notice_read(actor=world.other, notice=notice)
    notice.refresh_from_db()
    assert notice.read_at is None
    notifications.notice_read(actor=world.own, notice=notice)
    notice.refresh_from_db()
    assert notice.read_at is not None
