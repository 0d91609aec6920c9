"""People's accounts: invitations with a one-time link, setting and resetting passwords.

An invited person gets an account without a usable password and an e-mail with a link to set
one. The link carries a token of Django's kind (`PasswordResetTokenGenerator`): its hash covers
the password and the last sign-in, so it stops working once used; it expires after
INVITATION_DAYS. Password reset e-mails use Django's own generator and PASSWORD_RESET_TIMEOUT.

E-mails leave through a background task after the transaction commits, as notices do
(clusters/notifications.py), so a mail server that is down never fails the page.
"""

from __future__ import annotations

import logging
import smtplib

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator, default_token_generator
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.crypto import constant_time_compare
from django.utils.encoding import force_bytes
from django.utils.http import base36_to_int, urlsafe_base64_encode
from django.utils.translation import gettext as _
from django_tasks import task

from clusters import audit
from clusters.models import Unit, User
from clusters.notifications import absolute_url
from clusters.services import Refused
from clusters.setup import _refuse_taken_email, account_create

logger = logging.getLogger(__name__)

DEFAULT_INVITATION_DAYS = 7


def invitation_days() -> int:
    return int(getattr(settings, "INVITATION_DAYS", DEFAULT_INVITATION_DAYS))


class InvitationTokenGenerator(PasswordResetTokenGenerator):
    """Django's reset token with its own salt (a reset link is not an invitation) and its own
    lifetime, INVITATION_DAYS instead of PASSWORD_RESET_TIMEOUT."""

    key_salt = "clusters.accounts.InvitationTokenGenerator"

    def check_token(self, user: User | None, token: str | None) -> bool:
        if not (user and token):
            return False
        try:
            timestamp_b36, _hash = token.split("-")
            timestamp = base36_to_int(timestamp_b36)
        except ValueError:
            return False
        for secret in [self.secret, *self.secret_fallbacks]:
            if constant_time_compare(
                self._make_token_with_timestamp(user, timestamp, secret), token
            ):
                break
        else:
            return False
        age = self._num_seconds(self._now()) - timestamp
        return age <= invitation_days() * 24 * 3600


invitation_tokens = InvitationTokenGenerator()


def invitation_path(person: User) -> str:
    uid = urlsafe_base64_encode(force_bytes(person.pk))
    return reverse("setup:invitation_accept", args=[uid, invitation_tokens.make_token(person)])


def reset_path(person: User) -> str:
    uid = urlsafe_base64_encode(force_bytes(person.pk))
    return reverse(
        "setup:password_reset_confirm", args=[uid, default_token_generator.make_token(person)]
    )


@transaction.atomic
def account_invite(
    *,
    actor: User | None,
    username: str,
    full_name: str,
    email: str,
    unit: Unit | None,
    role: str,
) -> User:
    """Create the person's account without a password and e-mail them the link to set one.
    An address that already has an account is refused (the person can reset their password)."""
    email = email.strip()
    if not email:
        raise Refused(_("Hãy nhập địa chỉ e-mail để gửi thư mời."), field="email")
    _refuse_taken_email(email)
    person = account_create(
        actor=actor,
        username=username.strip(),
        full_name=full_name.strip(),
        unit=unit,
        role=role,
        password=None,
        email=email,
    )
    audit.record(actor=actor, action="account.invite", target=person, summary=email)
    transaction.on_commit(lambda: send_account_email.enqueue("invitation", person.pk), robust=True)
    return person


@transaction.atomic
def invitation_resend(*, actor: User | None, person: User) -> User:
    """A new link for someone who has not set their password yet (the old one keeps working
    until it expires: both are bound to the same unused password)."""
    if person.has_usable_password() or not person.email or not person.is_active:
        raise Refused(_("Người này đã đặt mật khẩu hoặc không có địa chỉ e-mail."))
    audit.record(actor=actor, action="account.invite", target=person, summary=person.email)
    transaction.on_commit(lambda: send_account_email.enqueue("invitation", person.pk), robust=True)
    return person


@transaction.atomic
def account_password_set(*, person: User, password: str, how: str) -> User:
    """The person sets their password (`how`: "invitation", "reset" or "change"); the token
    that allowed it stops working, as its hash covered the old password."""
    person = User.objects.select_for_update().get(pk=person.pk)
    person.set_password(password)
    person.save(update_fields=["password"])
    audit.record(actor=person, action="account.password", target=person, summary=how)
    return person


def _email(kind: str, person: User) -> EmailMessage:
    with translation.override("vi"):
        name = person.full_name or person.username
        if kind == "invitation":
            subject = _("Mời tham gia ứng dụng Cụm thi đua")
            link = absolute_url(invitation_path(person))
            body = [
                _("Kính gửi %(name)s,") % {"name": name},
                "",
                _("Anh/chị được mời sử dụng ứng dụng Cụm thi đua với tên đăng nhập: %(username)s.")
                % {"username": person.username},
                _("Hãy mở đường dẫn sau để đặt mật khẩu (dùng được một lần, trong %(days)d ngày):")
                % {"days": invitation_days()},
                link,
            ]
        else:
            subject = _("Đặt lại mật khẩu ứng dụng Cụm thi đua")
            link = absolute_url(reset_path(person))
            body = [
                _("Kính gửi %(name)s,") % {"name": name},
                "",
                _("Có yêu cầu đặt lại mật khẩu cho tài khoản %(username)s.")
                % {"username": person.username},
                _("Hãy mở đường dẫn sau để đặt mật khẩu mới (dùng được một lần):"),
                link,
                "",
                _("Nếu anh/chị không yêu cầu, hãy bỏ qua thư này: mật khẩu không thay đổi."),
            ]
        body += ["", "--", _("Thư này do ứng dụng Cụm thi đua gửi tự động, xin đừng trả lời.")]
        return EmailMessage(
            subject=f"[{_('Cụm thi đua')}] {subject}",
            body="\n".join(body),
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[person.email],
        )


@task()
def send_account_email(kind: str, person_id: int) -> str:
    """Send an invitation ("invitation") or a reset link ("reset"), made at sending time."""
    person = User.objects.filter(pk=person_id, is_active=True).first()
    if person is None or not person.email:
        return "skipped"
    try:
        _email(kind, person).send()
    except (smtplib.SMTPException, OSError) as error:
        # The person asks again (a new reset) or the administrator resends the invitation.
        logger.warning("account e-mail %s to user %s failed: %s", kind, person_id, error)
        return "failed"
    return "sent"
