"""Verified sessions for tests that sign an administrator in without the sign-in page.

Administrators must pass a second factor before they reach anything (clusters/two_factor.py).
`force_login` and django-webtest's `user=` sign in without the code step, so tests/conftest.py
connects `verify_on_login`: the administrator gets an authenticator app (a TOTP device) and the
session is marked verified by it, through django-otp's own session key, as the code step does.
tests/auth turns this off and goes through the real pages.
"""

from __future__ import annotations

from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

DISPATCH_UID = "tests_verify_on_login"


def verify_on_login(sender, request, user, **kwargs) -> None:
    if not user.is_administrator or getattr(user, "otp_device", None) is not None:
        return  # not required, or signed in through the code step
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Test app", confirmed=True)
    request.session[DEVICE_ID_SESSION_KEY] = device.persistent_id
