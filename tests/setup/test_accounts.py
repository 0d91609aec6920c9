"""Accounts: invitations read from a real SMTP server and their one-time link, password reset
that never tells whether an account exists, password change, deactivation."""

import datetime
import re
from unittest import mock

import pytest
from django.urls import reverse

from clusters.accounts import InvitationTokenGenerator
from clusters.models import AuditEvent, User
from tests.campaigns.pages import field_errors, messages_of

pytestmark = pytest.mark.django_db

LINK = re.compile(r"https://thidua\.example\.vn(/\S+)")
NEW_PASSWORD = "Mat-khau-moi-2024!"


def _invite(world, django_app, commit, **values):
    form = django_app.get(reverse("setup:account_invite"), user=world.admin).forms["invite-form"]
    form["username"] = values.get("username", "cantho")
    form["full_name"] = values.get("full_name", "Lê Thị Cần")
    form["email"] = values.get("email", "cantho@example.vn")
    form["unit"] = str(world.nam_dinh.pk)
    form["role"] = "staff"
    with commit(execute=True):
        return form.submit()


def _link(message) -> str:
    from tests.smtp import SMTPServer

    found = LINK.search(SMTPServer.body(message))
    assert found, SMTPServer.body(message)
    return found.group(1)


def _set_password(django_app, link: str):
    page = django_app.get(link).maybe_follow()
    form = page.forms["password-form"]
    form["new_password1"] = NEW_PASSWORD
    form["new_password2"] = NEW_PASSWORD
    return form.submit()


def test_an_invited_officer_sets_their_password_from_the_emailed_link_once(
    world, django_app, smtp_server, django_capture_on_commit_callbacks
):
    _invite(world, django_app, django_capture_on_commit_callbacks).follow()
    person = User.objects.get(username="cantho")
    assert not person.has_usable_password()
    [message] = smtp_server.messages
    assert message["To"] == "cantho@example.vn"
    assert "cantho" in smtp_server.body(message)
    link = _link(message)
    django_app.reset()  # the person's own browser, not the administrator's
    done = _set_password(django_app, link)
    assert done.status_code == 302 and done["Location"].endswith(reverse("login"))
    person.refresh_from_db()
    assert person.check_password(NEW_PASSWORD)
    assert AuditEvent.objects.filter(action="account.password", actor=person).exists()
    assert AuditEvent.objects.filter(action="account.invite", target_id=person.pk).exists()
    # Used once: the same link no longer works.
    django_app.reset()
    again = django_app.get(link).maybe_follow()
    assert again.html.select_one("[data-testid=invalid-link]") is not None
    assert "password-form" not in again.forms


def test_an_expired_invitation_link_is_refused(
    world, django_app, smtp_server, django_capture_on_commit_callbacks, settings
):
    settings.INVITATION_DAYS = 7
    _invite(world, django_app, django_capture_on_commit_callbacks)
    link = _link(smtp_server.messages[0])
    django_app.reset()
    later = datetime.datetime.now() + datetime.timedelta(days=8)
    with mock.patch.object(InvitationTokenGenerator, "_now", return_value=later):
        page = django_app.get(link).maybe_follow()
    assert page.html.select_one("[data-testid=invalid-link]") is not None
    assert not User.objects.get(username="cantho").has_usable_password()


def test_a_reset_link_is_not_an_invitation(
    world, django_app, smtp_server, django_capture_on_commit_callbacks
):
    """The tokens have their own salts: a reset token in the invitation's address fails."""
    _invite(world, django_app, django_capture_on_commit_callbacks)
    link = _link(smtp_server.messages[0])
    forged = link.replace("/tai-khoan/moi/", "/mat-khau/dat-lai/")
    django_app.reset()
    page = django_app.get(forged).maybe_follow()
    assert page.html.select_one("[data-testid=invalid-link]") is not None


def test_inviting_an_address_that_has_an_account_is_refused(
    world, django_app, smtp_server, django_capture_on_commit_callbacks
):
    world.own.email = "namdinh@example.vn"
    world.own.save()
    page = _invite(
        world, django_app, django_capture_on_commit_callbacks, email="NamDinh@example.vn"
    )
    assert "đã có tài khoản" in field_errors(page, "email")
    assert not User.objects.filter(username="cantho").exists()
    assert smtp_server.messages == []


def test_password_reset_never_tells_whether_an_account_exists(
    world, django_app, smtp_server, django_capture_on_commit_callbacks
):
    world.own.email = "namdinh@example.vn"
    world.own.save()
    pages = []
    for address in ("khong-ai@example.vn", "namdinh@example.vn"):
        django_app.reset()
        form = django_app.get(reverse("setup:password_reset")).forms["password-reset-form"]
        form["email"] = address
        with django_capture_on_commit_callbacks(execute=True):
            pages.append(form.submit().follow())
    unknown, known = pages
    assert unknown.request.path == known.request.path == reverse("setup:password_reset_done")
    assert unknown.html.select_one("main").get_text() == known.html.select_one("main").get_text()
    [message] = smtp_server.messages
    assert message["To"] == "namdinh@example.vn"
    django_app.reset()
    _set_password(django_app, _link(message))
    world.own.refresh_from_db()
    assert world.own.check_password(NEW_PASSWORD)


def test_an_officer_changes_their_password(world, django_app):
    page = django_app.get(reverse("home"), user=world.own).click(
        href=reverse("setup:password_change")
    )
    form = page.forms["password-form"]
    form["old_password"] = "sai"
    form["new_password1"] = NEW_PASSWORD
    form["new_password2"] = NEW_PASSWORD
    refused = form.submit()
    assert field_errors(refused, "old_password")
    form = refused.forms["password-form"]
    from django.conf import settings

    form["old_password"] = settings.DEMO_PASSWORD
    form["new_password1"] = NEW_PASSWORD
    form["new_password2"] = NEW_PASSWORD
    home = form.submit().follow()
    assert "Đã đổi mật khẩu" in messages_of(home)
    world.own.refresh_from_db()
    assert world.own.check_password(NEW_PASSWORD)


def test_a_person_who_leaves_is_deactivated_and_keeps_their_history(world, django_app):
    from clusters import services

    services.representative_save(
        actor=world.own, year=world.year, unit=world.nam_dinh, full_name="Trần B", title="PCT"
    )
    page = django_app.get(reverse("setup:account_edit", args=[world.own.pk]), user=world.admin)
    page.forms["deactivate-form"].submit().follow()
    world.own.refresh_from_db()
    assert world.own.is_active is False
    assert User.objects.filter(pk=world.own.pk).exists()
    assert AuditEvent.objects.filter(actor=world.own, action="representative.save").exists()
    assert AuditEvent.objects.filter(action="account.deactivate", target_id=world.own.pk).exists()
    # They can no longer sign in.
    django_app.reset()
    login = django_app.get(reverse("login"))
    form = next(f for k, f in login.forms.items() if isinstance(k, int) and "username" in f.fields)
    form["username"] = world.own.username
    form["password"] = "ThiDua@2018"
    assert form.submit().status_code == 200
    # An administrator cannot deactivate themselves.
    own_url = reverse("setup:account_edit", args=[world.admin.pk])
    own_page = django_app.get(own_url, user=world.admin)
    assert "deactivate-form" not in own_page.forms


def test_the_administrator_edits_an_officers_unit_and_role(world, django_app):
    form = django_app.get(
        reverse("setup:account_edit", args=[world.own.pk]), user=world.admin
    ).forms["account-form"]
    form["unit"] = str(world.thai_binh.pk)
    form["role"] = "viewer"
    form.submit().follow()
    world.own.refresh_from_db()
    assert (world.own.unit, world.own.role) == (world.thai_binh, "viewer")


def test_a_deactivated_persons_invitation_no_longer_works(
    world, django_app, smtp_server, django_capture_on_commit_callbacks
):
    _invite(world, django_app, django_capture_on_commit_callbacks)
    link = _link(smtp_server.messages[0])
    person = User.objects.get(username="cantho")
    page = django_app.get(reverse("setup:account_edit", args=[person.pk]), user=world.admin)
    page.forms["deactivate-form"].submit()
    django_app.reset()
    page = django_app.get(link).maybe_follow()
    assert page.html.select_one("[data-testid=invalid-link]") is not None
