"""Two-factor sign-in (TOTP) with recovery codes, on django-otp: services, forms, views, middleware.

Who: required for administrators; required for the secretariat of an open year when
settings.OTP_REQUIRED_FOR_SECRETARIAT is on; offered to everyone on "Bảo mật đăng nhập".

Signing in: the password step (clusters.auth.SignInForm, throttled by django-axes) signs a person
without a device in at once. A person with a device is only *pending* after it (their id in the
session, for five minutes and five codes): Django signs them in only when the code step accepts a
code of their authenticator app or one of their recovery codes, and django-otp keeps the device
that verified them in the session (`request.user.is_verified()`). Someone who must use a second
factor and has none is sent to set it up before anything else (SecondFactorRequiredMiddleware).

Setting up, removing, renewing the recovery codes and using one go through the services below, in
one transaction with their audit event; so does a wrong code.
"""

from __future__ import annotations

import math
import time
from base64 import b32encode
from binascii import unhexlify
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import django_otp
import segno
from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import LoginView, redirect_to_login
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django_otp.models import Device
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

from clusters import audit
from clusters.auth import SignInForm
from clusters.models import EmulationYear, Membership, User
from clusters.services import Refused, refusal_to_form

RECOVERY_CODES = 10
# A pending sign-in (password accepted, code not yet given) lasts this long and takes this many
# wrong codes; then the password is asked again (and django-axes counts it again).
PENDING_FOR = timedelta(minutes=5)
PENDING_TRIES = 5

_PENDING = "two_factor_pending"
_SETUP_KEY = "two_factor_setup_key"
_CODES_TO_SHOW = "two_factor_codes_to_show"
FORM_METHODS = ["GET", "HEAD", "POST"]


# --- who must use it ---------------------------------------------------------------------------


def holds_secretariat(user: User) -> bool:
    """Staff of the head unit of a year not yet closed, or granted such a year's secretariat."""
    if user.role != User.Role.STAFF:
        return False
    rights = Q(secretariat_grants__user=user)
    if user.unit_id is not None:
        rights |= Q(memberships__unit_id=user.unit_id, memberships__role=Membership.Role.HEAD)
    return EmulationYear.objects.exclude(phase=EmulationYear.Phase.CLOSED).filter(rights).exists()


def second_factor_required(user: User) -> bool:
    if user.is_administrator:
        return True
    return settings.OTP_REQUIRED_FOR_SECRETARIAT and holds_secretariat(user)


def totp_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def has_second_factor(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


# --- services ----------------------------------------------------------------------------------


def _lock_person(user: User) -> None:
    # Two set-ups (two tabs) of one person are served one after the other, so one device remains.
    User.objects.select_for_update().filter(pk=user.pk).first()


def _new_recovery_codes(user: User) -> list[str]:
    """A fresh set of single-use codes; the previous set stops working."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="Recovery codes", confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


@transaction.atomic
def second_factor_setup(*, actor: User, key: str, last_t: int) -> tuple[TOTPDevice, list[str]]:
    """Keep the authenticator app's key the person has just proved with a code; new recovery codes.

    `last_t` is the time step of that code, so the same code cannot sign in a second time.
    """
    _lock_person(actor)
    if has_second_factor(actor):
        raise Refused(_("Tài khoản này đã thiết lập xác thực hai lớp."), status=409)
    TOTPDevice.objects.filter(user=actor).delete()  # an unconfirmed leftover, if any
    device = TOTPDevice.objects.create(
        user=actor, name="Authenticator app", key=key, confirmed=True, last_t=last_t
    )
    codes = _new_recovery_codes(actor)
    audit.record(actor=actor, action="auth.two_factor_setup", target=actor)
    return device, codes


@transaction.atomic
def second_factor_remove(*, actor: User | None, user: User) -> None:
    """Remove a person's authenticator app and recovery codes (`actor` None: from the server)."""
    _lock_person(user)
    if not has_second_factor(user):
        raise Refused(_("Tài khoản này chưa thiết lập xác thực hai lớp."), status=409)
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    audit.record(actor=actor, action="auth.two_factor_remove", target=user)


@transaction.atomic
def recovery_codes_renew(*, actor: User) -> list[str]:
    _lock_person(actor)
    if not has_second_factor(actor):
        raise Refused(_("Tài khoản này chưa thiết lập xác thực hai lớp."), status=409)
    codes = _new_recovery_codes(actor)
    audit.record(actor=actor, action="auth.recovery_codes_renewed", target=actor)
    return codes


def _normalised(code: str) -> str:
    return "".join(code.split()).replace("-", "").lower()


def _wait_message(locked_until) -> str:
    seconds = max(1, math.ceil((locked_until - timezone.now()).total_seconds()))
    return _("Đã nhập sai mã nhiều lần. Vui lòng thử lại sau %(seconds)s giây.") % {
        "seconds": seconds
    }


def second_factor_verify(*, user: User, code: str) -> Device:
    """The device that accepts `code`: the app's current code, or one recovery code (used up).

    A wrong code is recorded and refused; django-otp then makes the device wait 1, 2, 4… seconds
    before it checks another one, which the refusal says.
    """
    code = _normalised(code)
    is_app_code = code.isascii() and code.isdigit()
    model = TOTPDevice if is_app_code else StaticDevice
    with transaction.atomic():
        device = model.objects.select_for_update().filter(user=user, confirmed=True).first()
        if device is not None:
            allowed, details = device.verify_is_allowed()
            if not allowed and details and "locked_until" in details:
                raise Refused(_wait_message(details["locked_until"]), field="code", status=429)
            if device.verify_token(code):
                if not is_app_code:
                    left = StaticToken.objects.filter(device=device).count()
                    audit.record(
                        actor=user,
                        action="auth.recovery_code_used",
                        target=user,
                        summary=_("Còn %(count)d mã dự phòng") % {"count": left},
                    )
                return device
    # Outside the block above, which committed the device's throttling count.
    with transaction.atomic():
        audit.record(
            actor=None, action="auth.two_factor_failed", target=user, summary=user.username
        )
    raise Refused(_("Mã xác thực không đúng."), field="code")


def totp_step_of(key: str, code: str) -> int | None:
    """The time step at which `code` is the key's code (now, or one step either side), or None."""
    code = _normalised(code)
    if not (code.isascii() and code.isdigit()):
        return None
    totp = TOTP(unhexlify(key.encode()))
    totp.time = time.time()
    # After a match, t() is the step that matched (verify() leaves the offset in drift).
    return totp.t() if totp.verify(int(code), tolerance=1) else None


# --- the pending sign-in -----------------------------------------------------------------------


def _pending_start(request: HttpRequest, user: User, redirect_to: str) -> None:
    request.session[_PENDING] = {
        "user": user.pk,
        "backend": user.backend,
        "since": timezone.now().timestamp(),
        "tries": 0,
        "next": redirect_to,
    }


def _pending(request: HttpRequest) -> tuple[User, dict[str, Any]] | None:
    data = request.session.get(_PENDING)
    if not data:
        return None
    user = User.objects.filter(pk=data["user"], is_active=True).first()
    expired = timezone.now().timestamp() - data["since"] > PENDING_FOR.total_seconds()
    if user is None or expired:
        del request.session[_PENDING]
        messages.info(request, _("Đã quá thời gian nhập mã. Vui lòng đăng nhập lại."))
        return None
    return user, data


# --- forms -------------------------------------------------------------------------------------


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Mã xác thực"),
        max_length=32,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autofocus": True, "spellcheck": "false"}
        ),
    )


class VerifyForm(CodeForm):
    code = forms.CharField(
        label=gettext_lazy("Mã xác thực"),
        max_length=32,
        help_text=gettext_lazy(
            "Mã 6 chữ số trong ứng dụng xác thực, hoặc một mã dự phòng (mỗi mã dùng một lần)."
        ),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autofocus": True, "spellcheck": "false"}
        ),
    )


class ConfirmForm(forms.Form):
    """Removing the second factor or renewing the codes asks for a current code first."""

    code = forms.CharField(
        label=gettext_lazy("Mã xác thực hiện tại hoặc một mã dự phòng"),
        max_length=32,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "spellcheck": "false"}),
    )


# --- views -------------------------------------------------------------------------------------


class SignInView(LoginView):
    """The password step; a person with a second factor goes on to the code step."""

    form_class = SignInForm
    redirect_authenticated_user = True

    def form_valid(self, form: SignInForm) -> HttpResponse:
        user = form.get_user()
        if has_second_factor(user):
            _pending_start(self.request, user, self.get_success_url())
            return redirect("two_factor_verify")
        return super().form_valid(form)

    def form_invalid(self, form: SignInForm) -> HttpResponse:
        response = super().form_invalid(form)
        if wait := getattr(form, "slowed", 0):
            response.status_code = 429
            response["Retry-After"] = str(wait)
        return response


@login_not_required
@never_cache
@require_http_methods(FORM_METHODS)
def verify(request: HttpRequest) -> HttpResponse:
    """The code step of signing in."""
    pending = _pending(request)
    if pending is None:
        return redirect("login")
    user, data = pending
    form = VerifyForm(request.POST if request.method == "POST" else None)
    status = 200
    if form.is_bound and form.is_valid():
        try:
            device = second_factor_verify(user=user, code=form.cleaned_data["code"])
        except Refused as error:
            refusal_to_form(form, error)
            status = error.status if error.status == 429 else 200
            data["tries"] += 1
            if data["tries"] >= PENDING_TRIES:
                del request.session[_PENDING]
                messages.error(request, _("Nhập sai mã quá nhiều lần. Vui lòng đăng nhập lại."))
                return redirect("login")
            request.session[_PENDING] = data
        else:
            del request.session[_PENDING]
            # django-otp keeps the device that verified the person in the new session.
            user.otp_device = device
            auth_login(request, user, backend=data["backend"])
            return redirect(data["next"])
    context = {"form": form, "person": user}
    return render(request, "registration/two_factor_verify.html", context, status=status)


def _qr_svg(uri: str) -> str:
    # Drawn on the server as inline SVG: no script, no external service sees the key.
    return segno.make(uri, error="m").svg_inline(scale=5, title=_("Mã QR thiết lập"))


def _grouped(key_base32: str) -> str:
    return " ".join(key_base32[i : i + 4] for i in range(0, len(key_base32), 4))


@never_cache
@require_http_methods(FORM_METHODS)
def setup(request: HttpRequest) -> HttpResponse:
    """Scan the key into an authenticator app, prove it with a code; get recovery codes once."""
    user = request.user
    if has_second_factor(user):
        messages.info(request, _("Tài khoản này đã thiết lập xác thực hai lớp."))
        return redirect("two_factor")
    key = request.session.get(_SETUP_KEY) or random_hex(20)
    request.session[_SETUP_KEY] = key
    form = CodeForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        step = totp_step_of(key, form.cleaned_data["code"])
        if step is None:
            form.add_error(
                "code", _("Mã xác thực không đúng. Hãy nhập mã đang hiện trong ứng dụng.")
            )
        else:
            try:
                device, codes = second_factor_setup(actor=user, key=key, last_t=step)
            except Refused as error:
                refusal_to_form(form, error)
            else:
                del request.session[_SETUP_KEY]
                django_otp.login(request, device)
                request.session[_CODES_TO_SHOW] = codes
                messages.success(request, _("Đã thiết lập xác thực hai lớp."))
                return redirect("two_factor")
    preview = TOTPDevice(user=user, key=key)
    context = {
        "form": form,
        "qr": _qr_svg(preview.config_url),
        "key": _grouped(b32encode(unhexlify(key.encode())).decode()),
        "required": second_factor_required(user),
    }
    return render(request, "registration/two_factor_setup.html", context)


def _security_page(request: HttpRequest, **forms_: forms.Form) -> HttpResponse:
    user = request.user
    device = totp_device(user)
    context = {
        "device": device,
        "codes_left": StaticToken.objects.filter(device__user=user).count(),
        "codes": request.session.pop(_CODES_TO_SHOW, None),
        "required": second_factor_required(user),
        "remove_form": forms_.get("remove_form") or ConfirmForm(prefix="remove"),
        "renew_form": forms_.get("renew_form") or ConfirmForm(prefix="renew"),
    }
    return render(request, "registration/two_factor.html", context)


@never_cache
@require_safe
def security(request: HttpRequest) -> HttpResponse:
    """Bảo mật đăng nhập: whether a second factor is set up, and what can be done with it."""
    return _security_page(request)


def _confirmed_action(
    request: HttpRequest, prefix: str, action: Callable[[], str], form_name: str
) -> HttpResponse:
    form = ConfirmForm(request.POST, prefix=prefix)
    if form.is_valid():
        try:
            second_factor_verify(user=request.user, code=form.cleaned_data["code"])
            messages.success(request, action())
        except Refused as error:
            refusal_to_form(form, error)
        else:
            return redirect("two_factor")
    return _security_page(request, **{form_name: form})


@require_POST
def remove(request: HttpRequest) -> HttpResponse:
    def run() -> str:
        second_factor_remove(actor=request.user, user=request.user)
        return _("Đã gỡ bỏ xác thực hai lớp.")

    return _confirmed_action(request, "remove", run, "remove_form")


@require_POST
def renew_codes(request: HttpRequest) -> HttpResponse:
    def run() -> str:
        request.session[_CODES_TO_SHOW] = recovery_codes_renew(actor=request.user)
        return _("Đã tạo bộ mã dự phòng mới; các mã cũ không còn dùng được.")

    return _confirmed_action(request, "renew", run, "renew_form")


@login_not_required
def admin_login(request: HttpRequest, extra_context: dict | None = None) -> HttpResponse:
    """The Django admin's sign-in, sent to the app's own (slowdown, code step): its form would check
    a password without either. A signed-in person still gets its "not authorised" page."""
    if request.user.is_authenticated and request.method in ("GET", "HEAD"):
        return admin.site.__class__.login(admin.site, request, extra_context)
    return redirect_to_login(request.GET.get(REDIRECT_FIELD_NAME) or reverse("admin:index"))


# --- enforcement -------------------------------------------------------------------------------


class SecondFactorRequiredMiddleware:
    """Those who must use a second factor reach only its set-up, sign-out and the language switch
    until their session is verified by one. After LoginRequiredMiddleware and OTPMiddleware."""

    ALLOWED = {"two_factor_setup", "logout", "set_language"}

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return None
        if not getattr(view_func, "login_required", True):
            return None  # pages for everyone (sign-in, the code step, health check)
        match = request.resolver_match
        if match is not None and match.view_name in self.ALLOWED:
            return None
        if not second_factor_required(user):
            return None
        if has_second_factor(user):
            # Signed in without the code (a session opened before the device was set up
            # elsewhere): sign in again, with the code.
            auth_logout(request)
            messages.info(request, _("Vui lòng đăng nhập lại bằng mật khẩu và mã xác thực."))
            return redirect_to_login(request.get_full_path())
        return redirect("two_factor_setup")
