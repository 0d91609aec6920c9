"""Signing in: the backend, the per-account slowdown, and the password step of the sign-in page.

Throttling has two layers (settings.py, "Sign-in throttling"). django-axes locks the pair
(username, client address) after 5 wrong passwords; the client address is the audit's
(`clusters.audit.client_ip`, through AXES_CLIENT_IP_CALLABLE). On top of it, `account_wait`
slows a username that is being guessed from many addresses: its password is checked again only
after a short delay that grows with the failures and stops growing at a minute, so the owner is
never kept out for long. Attempts refused by the slowdown never reach `authenticate()`: they are
not counted as failures (hammering does not lengthen the wait) and tell nothing about the password.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta

from axes.models import AccessFailureLog, AccessLog
from django import forms
from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.forms import AuthenticationForm
from django.db.models import Count, Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clusters.audit import client_ip
from clusters.models import User


class UnitAwareBackend(ModelBackend):
    """The standard backend, loading the person's unit with them: every page shows it."""

    def get_user(self, user_id: int) -> User | None:
        user = User.objects.select_related("unit").filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None


def slowdown_delay(failures: int) -> timedelta:
    """How long after the last failure the password is checked again, for `failures` in the window.

    Zero below ACCOUNT_SLOWDOWN_AFTER; then the first delay, doubled by each further failure, up
    to the maximum (5, 10, 20, 40, 60, 60… seconds with the settings' numbers).
    """
    excess = failures - settings.ACCOUNT_SLOWDOWN_AFTER
    if excess < 0:
        return timedelta(0)
    first, most = settings.ACCOUNT_SLOWDOWN_FIRST_DELAY, settings.ACCOUNT_SLOWDOWN_MAX_DELAY
    # Capped before multiplying: 2 ** excess grows without bound under a long attack.
    return min(first * 2 ** min(excess, 32), most)


def account_wait(username: str, ip: str | None, *, now: datetime | None = None) -> int:
    """Whole seconds `username` must still wait before its password is checked (0: no wait).

    Counts the wrong passwords for that username from every address in the window (axes'
    AccessFailureLog, one row per failure). An address the account signed in from recently
    (axes' AccessLog) is not slowed: it is most likely the owner's office.
    """
    if not username:
        return 0
    now = now or timezone.now()
    since = now - settings.ACCOUNT_SLOWDOWN_WINDOW
    rows = AccessFailureLog.objects.filter(username=username)
    # Failures older than the window are of no use here (the audit log keeps every failure), and
    # must go: past AXES_ACCESS_FAILURE_LOG_PER_USER_LIMIT rows, axes deletes the newest row of a
    # username first, which would freeze the last failure's time and end the slowdown.
    rows.filter(attempt_time__lt=since).delete()
    failures = rows.aggregate(count=Count("id"), last=Max("attempt_time"))
    delay = slowdown_delay(failures["count"])
    if not delay:
        return 0
    remaining = (failures["last"] + delay - now).total_seconds()
    if remaining <= 0:
        return 0
    known_since = now - timedelta(days=settings.ACCOUNT_SLOWDOWN_KNOWN_ADDRESS_DAYS)
    if (
        ip
        and AccessLog.objects.filter(
            username=username, ip_address=ip, attempt_time__gte=known_since
        ).exists()
    ):
        return 0
    return math.ceil(remaining)


class SignInForm(AuthenticationForm):
    """The password step: the per-account slowdown first, then django-axes and the password."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "slowed": _(
            "Tài khoản này vừa bị nhập sai mật khẩu nhiều lần. "
            "Vui lòng thử lại sau %(seconds)s giây."
        ),
    }

    def clean(self):
        username = self.cleaned_data.get("username")
        wait = account_wait(username or "", client_ip(self.request) if self.request else None)
        if wait:
            self.slowed = wait
            raise forms.ValidationError(
                self.error_messages["slowed"], code="slowed", params={"seconds": wait}
            )
        return super().clean()
