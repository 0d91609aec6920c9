"""The bell, the notices page and the e-mail setting, used as a person does (django-webtest)."""

from __future__ import annotations

import datetime

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from clusters import notifications
from clusters.models import AuditEvent, Notification
from tests.smtp import SMTPServer

pytestmark = pytest.mark.django_db


def _notify(world, event="covenant_open", url=None, units=None, params=None) -> None:
    with transaction.atomic():
        notifications.notify(
            event=event,
            year=world.year,
            units=units or [world.nam_dinh],
            url=url or world.year.get_absolute_url(),
            params=params or {},
        )


def _bell(page) -> str | None:
    node = page.html.select_one("[data-testid=bell-count]")
    return node.text.split()[0] if node else None


def test_the_bell_counts_unread_notices_on_every_page(world, django_app):
    page = django_app.get(world.year.get_absolute_url(), user=world.own)
    assert page.html.select_one("[data-testid=bell]")["href"] == reverse("clusters:notices")
    assert _bell(page) is None
    _notify(world)
    _notify(world, event="round_opened", params={"round": "Cờ thi đua"})
    _notify(world, units=[world.thai_binh])  # someone else's
    assert _bell(django_app.get(world.year.get_absolute_url(), user=world.own)) == "2"
    assert _bell(django_app.get(reverse("clusters:notices"), user=world.other)) == "1"


def test_the_notices_page_lists_newest_first_and_opening_marks_read(world, django_app):
    _notify(world)
    later = timezone.now() + datetime.timedelta(minutes=5)
    with transaction.atomic():
        notifications.notify(
            event="round_opened",
            year=world.year,
            units=[world.nam_dinh],
            url=reverse("scoring:rounds", args=[world.cluster.slug, world.year.year]),
            params={"round": "Cờ thi đua của Chính phủ"},
        )
    Notification.objects.filter(event="round_opened").update(created_at=later)
    page = django_app.get(reverse("clusters:notices"), user=world.own)
    items = page.html.select("[data-testid=notice]")
    assert [item["data-event"] for item in items] == ["round_opened", "covenant_open"]
    assert "Vòng bỏ phiếu “Cờ thi đua của Chính phủ” năm 2018 đã mở" in items[0].text
    newest = Notification.objects.get(event="round_opened")
    response = page.forms[f"notice-open-{newest.pk}"].submit()
    assert response.status_code == 302
    assert response["Location"] == newest.url
    newest.refresh_from_db()
    assert newest.read_at is not None
    assert Notification.objects.get(event="covenant_open").read_at is None
    page = django_app.get(reverse("clusters:notices"), user=world.own)
    assert _bell(page) == "1"
    page = page.forms["notices-read-all"].submit().follow()
    assert "Đã đánh dấu tất cả thông báo là đã đọc." in page.text
    assert not Notification.objects.filter(recipient=world.own, read_at__isnull=True).exists()
    assert _bell(page) is None
    assert "notices-read-all" not in page.forms


def test_no_notices_says_so(world, django_app):
    page = django_app.get(reverse("clusters:notices"), user=world.own)
    assert page.html.select_one("[data-testid=no-notices]") is not None


def test_someone_elses_notice_does_not_open_and_stays_unread(world, django_app):
    _notify(world, units=[world.thai_binh])
    notice = Notification.objects.get()
    page = django_app.get(reverse("clusters:notices"), user=world.own)
    response = django_app.post(
        reverse("clusters:notice_open", args=[notice.pk]),
        {"csrfmiddlewaretoken": page.forms[0]["csrfmiddlewaretoken"].value},
        user=world.own,
        expect_errors=True,
    )
    assert response.status_code == 404
    notice.refresh_from_db()
    assert notice.read_at is None


def test_a_stored_link_off_the_site_is_never_followed(world, django_app):
    """notify() refuses such links; a row written some other way still goes to the list."""
    notice = Notification.objects.create(
        recipient=world.own, year=world.year, event="covenant_open", url="//evil.example/x"
    )
    page = django_app.get(reverse("clusters:notices"), user=world.own)
    response = page.forms[f"notice-open-{notice.pk}"].submit()
    assert response["Location"] == reverse("clusters:notices")


def test_the_email_setting_is_reached_from_the_menu_and_turns_email_off(
    world, django_app, smtp_server, django_capture_on_commit_callbacks
):
    world.own.email = "namdinh@example.vn"
    world.own.save(update_fields=["email"])
    page = django_app.get(world.year.get_absolute_url(), user=world.own)
    page = page.click(href=reverse("clusters:notice_settings"), index=0)
    assert "Địa chỉ nhận thư: namdinh@example.vn." in page.text
    form = page.forms["notice-settings"]
    assert form["email_notifications"].checked
    form["email_notifications"] = False
    page = form.submit().follow()
    assert "Đã lưu cách nhận thông báo." in page.text
    assert not page.forms["notice-settings"]["email_notifications"].checked
    world.own.refresh_from_db()
    assert world.own.email_notifications is False
    event = AuditEvent.objects.get(action="account.notifications")
    assert event.actor == world.own and "không" in event.summary
    # The notice still reaches the bell; no e-mail goes out.
    with django_capture_on_commit_callbacks(execute=True):
        _notify(world)
    assert smtp_server.messages == []
    assert _bell(django_app.get(reverse("clusters:notices"), user=world.own)) == "1"
    # Turned on again, the next notice is e-mailed.
    form = django_app.get(reverse("clusters:notice_settings"), user=world.own).forms[
        "notice-settings"
    ]
    form["email_notifications"] = True
    form.submit()
    with django_capture_on_commit_callbacks(execute=True):
        _notify(world, event="year_closing", params={"detail": "Hạn chót 20/03."})
    [message] = smtp_server.messages
    assert "Năm thi đua 2018 sắp được tổng kết. Hạn chót 20/03." in SMTPServer.body(message)
    assert AuditEvent.objects.filter(action="account.notifications").count() == 2


def test_a_person_without_an_address_is_told(world, django_app):
    page = django_app.get(reverse("clusters:notice_settings"), user=world.own)
    assert "Tài khoản chưa có địa chỉ e-mail" in page.text
