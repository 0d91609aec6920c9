"""Two-factor sign-in through the real pages (django-webtest): set-up, the code step, recovery
codes, who must use it, and what an administrator without it can reach."""

from __future__ import annotations

import datetime
from base64 import b32decode
from io import StringIO

import pytest
import time_machine
from django.conf import settings
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from clusters.models import AuditEvent, EmulationYear
from clusters.two_factor import holds_secretariat

START = timezone.make_aware(datetime.datetime(2019, 3, 20, 8, 0))
HOME = reverse("home")
SETUP = reverse("two_factor_setup")
VERIFY = reverse("two_factor_verify")
SECURITY = reverse("two_factor")


def _form(page, field: str):
    """The page's form that has `field` (the navbar's language form comes first)."""
    return next(form for form in page.forms.values() if field in form.fields)


def _sign_in(app, username: str, password: str = settings.DEMO_PASSWORD):
    form = _form(app.get(reverse("login")), "username")
    form["username"], form["password"] = username, password
    return form.submit()


def _code(key_base32: str) -> str:
    """The code an authenticator app shows now for the key the set-up page gave."""
    return f"{totp(b32decode(key_base32.replace(' ', '')), step=30, digits=6):06d}"


def _set_up(app) -> tuple[str, list[str]]:
    """Set up the authenticator app on the set-up page; the key and the recovery codes shown."""
    page = app.get(SETUP)
    key = page.html.find(attrs={"data-testid": "totp-key"}).text.strip()
    assert page.html.find("svg") is not None  # the QR code, drawn on the server
    form = _form(page, "code")
    form["code"] = _code(key)
    shown = form.submit().follow()
    codes = [li.text.strip() for li in shown.html.select("[data-testid=recovery-codes] li")]
    assert len(codes) == 10 and "Đã thiết lập xác thực hai lớp" in shown.text
    return key, codes


def _sign_out(app) -> None:
    page = app.get(HOME)
    while page.status_code == 302:
        page = page.follow()
    next(form for form in page.forms.values() if form.action == reverse("logout")).submit()


def _give_code(app, code: str):
    form = _form(app.get(VERIFY), "code")
    form["code"] = code
    return form.submit(expect_errors=True)


# --- administrators ---------------------------------------------------------------------------


def test_an_administrator_sets_up_totp_then_signs_in_with_password_and_code(world, django_app):
    with time_machine.travel(START, tick=False) as clock:
        # Password accepted, then nothing but the set-up.
        response = _sign_in(django_app, "quantri")
        assert response.follow().status_code == 302
        assert response.follow()["Location"] == SETUP
        for url in [HOME, SECURITY, reverse("clusters:activity"), reverse("admin:index")]:
            assert django_app.get(url).location == SETUP, url
        assert "bắt buộc dùng xác thực hai lớp" in django_app.get(SETUP).text
        key, _codes = _set_up(django_app)
        assert django_app.get(HOME).status_code == 200  # the administrator's list of clusters
        (event,) = AuditEvent.objects.filter(action="auth.two_factor_setup")
        assert event.actor == world.admin and event.ip == "127.0.0.1"

        _sign_out(django_app)
        clock.shift(60)  # a code of a later time step (the set-up's own code is spent)
        response = _sign_in(django_app, "quantri")
        assert response.location == VERIFY
        assert django_app.get(HOME).location.startswith(reverse("login"))  # not signed in yet

        wrong = _give_code(django_app, "000000" if _code(key) != "000000" else "111111")
        assert wrong.status_code == 200 and "Mã xác thực không đúng." in wrong.text
        clock.shift(2)  # django-otp waits a second after a wrong code
        signed_in = _give_code(django_app, _code(key))
        assert signed_in.location == HOME
        assert django_app.get(HOME).status_code == 200
        assert django_app.get(reverse("clusters:activity")).status_code == 200
    actions = AuditEvent.objects.filter(actor=world.admin).values_list("action", flat=True)
    assert list(actions.order_by("pk")) == [
        "auth.login",
        "auth.two_factor_setup",
        "auth.logout",
        "auth.login",
    ]
    assert AuditEvent.objects.filter(action="auth.two_factor_failed").count() == 1


def test_a_wrong_code_is_refused_and_waits_grow(world, django_app):
    with time_machine.travel(START, tick=False) as clock:
        _sign_in(django_app, "quantri")
        key, _codes = _set_up(django_app)
        _sign_out(django_app)
        clock.shift(60)
        _sign_in(django_app, "quantri")
        wrong = "000000" if _code(key) != "000000" else "111111"
        assert "Mã xác thực không đúng." in _give_code(django_app, wrong).text
        # Within the second that follows, even the right code waits, and the page says so.
        throttled = _give_code(django_app, _code(key))
        assert throttled.status_code == 429
        assert "Vui lòng thử lại sau 1 giây" in throttled.text


def test_five_wrong_codes_send_back_to_the_password(world, django_app):
    with time_machine.travel(START, tick=False) as clock:
        _sign_in(django_app, "quantri")
        _set_up(django_app)
        _sign_out(django_app)
        _sign_in(django_app, "quantri")
        for _attempt in range(5):
            clock.shift(20)  # past django-otp's wait (1, 2, 4, 8 s)
            response = _give_code(django_app, "abcdefgh")
        assert response.location == reverse("login")
        assert django_app.get(VERIFY).location == reverse("login")


def test_a_recovery_code_works_once(world, django_app):
    with time_machine.travel(START, tick=False) as clock:
        _sign_in(django_app, "quantri")
        _key, codes = _set_up(django_app)
        _sign_out(django_app)

        _sign_in(django_app, "quantri")
        assert _give_code(django_app, codes[3].upper()).location == HOME
        assert django_app.get(reverse("clusters:activity")).status_code == 200
        (used,) = AuditEvent.objects.filter(action="auth.recovery_code_used")
        assert used.actor == world.admin and "Còn 9 mã dự phòng" in used.summary
        assert "Còn 9 mã dự phòng chưa dùng" in django_app.get(SECURITY).text
        _sign_out(django_app)

        clock.shift(5)
        _sign_in(django_app, "quantri")
        again = _give_code(django_app, codes[3])
        assert again.status_code == 200 and "Mã xác thực không đúng." in again.text
        assert StaticToken.objects.filter(device__user=world.admin).count() == 9


def test_an_administrator_session_without_the_code_is_ended(world):
    # A session signed in by password alone while the device was set up elsewhere.
    TOTPDevice.objects.create(user=world.admin, name="app", confirmed=True)
    client = Client()
    client.force_login(world.admin)
    response = client.get(reverse("clusters:activity"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert "_auth_user_id" not in client.session


def test_without_a_device_an_administrator_reaches_only_setup_and_sign_out(world):
    client = Client()
    client.force_login(world.admin)
    assert DEVICE_ID_SESSION_KEY not in client.session
    assert client.get(SETUP).status_code == 200
    assert client.post(reverse("set_language"), {"language": "en"}).status_code == 302
    for url in [HOME, SECURITY, reverse("clusters:year_detail", args=[world.cluster.slug, 2018])]:
        assert client.get(url)["Location"] == SETUP, url
    assert client.post(reverse("clusters:year_close", args=[world.cluster.slug, 2018])).url == SETUP
    world.year.refresh_from_db()
    assert world.year.phase != EmulationYear.Phase.CLOSED
    assert client.post(reverse("logout")).status_code == 302
    assert client.get(SETUP)["Location"].startswith(reverse("login"))


# --- everyone else ------------------------------------------------------------------------------


def test_anyone_can_turn_it_on_and_off_from_the_security_page(world, django_app):
    with time_machine.travel(START, tick=False) as clock:
        _sign_in(django_app, "namdinh")
        assert django_app.get(HOME).status_code == 200  # the person's work: no set-up asked
        page = django_app.get(SECURITY)
        assert "Xác thực hai lớp chưa bật" in page.text and page.html.find(href=SETUP)
        key, codes = _set_up(django_app)
        _sign_out(django_app)
        clock.shift(60)
        assert _sign_in(django_app, "namdinh").location == VERIFY
        assert _give_code(django_app, _code(key)).location == HOME

        # Removing it asks for a current code first.
        form = _form(django_app.get(SECURITY), "remove-code")
        form["remove-code"] = "999999" if _code(key) != "999999" else "888888"
        refused = form.submit()
        assert "Mã xác thực không đúng." in refused.text
        clock.shift(5)
        form = _form(django_app.get(SECURITY), "remove-code")
        form["remove-code"] = codes[0]
        assert "Đã gỡ bỏ xác thực hai lớp." in form.submit().follow().text
        assert not TOTPDevice.objects.filter(user=world.own).exists()
        (removed,) = AuditEvent.objects.filter(action="auth.two_factor_remove")
        assert removed.actor == world.own
        _sign_out(django_app)
        assert _sign_in(django_app, "namdinh").location == HOME  # password alone again


def test_new_recovery_codes_replace_the_old_ones(world, django_app):
    with time_machine.travel(START, tick=False):
        _sign_in(django_app, "namdinh")
        _key, old = _set_up(django_app)
        form = _form(django_app.get(SECURITY), "renew-code")
        form["renew-code"] = old[0]
        page = form.submit().follow()
        new = [li.text.strip() for li in page.html.select("[data-testid=recovery-codes] li")]
        assert len(new) == 10 and not set(new) & set(old)
        # Shown once only.
        assert not django_app.get(SECURITY).html.select("[data-testid=recovery-codes]")
        tokens = StaticToken.objects.filter(device__user=world.own).values_list("token", flat=True)
        assert set(tokens) == set(new)
        assert AuditEvent.objects.filter(action="auth.recovery_codes_renewed").count() == 1


@pytest.mark.parametrize("required", [True, False])
def test_the_secretariat_requirement_follows_the_setting(world, django_app, settings, required):
    settings.OTP_REQUIRED_FOR_SECRETARIAT = required
    response = _sign_in(django_app, "hanam").follow()  # Hà Nam, the 2018 head
    assert (response.location == SETUP) is required
    # A unit's officer who is not the secretariat is never asked.
    _sign_out(django_app)
    assert _sign_in(django_app, "namdinh").follow().location != SETUP


def test_the_secretariat_means_that_of_a_year_still_open(world, settings):
    settings.OTP_REQUIRED_FOR_SECRETARIAT = True
    assert holds_secretariat(world.secretariat) and holds_secretariat(world.granted)
    assert not holds_secretariat(world.own) and not holds_secretariat(world.viewer)
    EmulationYear.objects.filter(pk=world.year.pk).update(phase=EmulationYear.Phase.CLOSED)
    assert not holds_secretariat(world.secretariat) and not holds_secretariat(world.granted)


def test_the_server_can_remove_a_lost_second_factor(world):
    TOTPDevice.objects.create(user=world.own, name="app", confirmed=True)
    call_command("two_factor_reset", "namdinh", stdout=StringIO())
    assert not TOTPDevice.objects.filter(user=world.own).exists()
    (event,) = AuditEvent.objects.filter(action="auth.two_factor_remove")
    assert event.actor is None and event.target_id == world.own.pk
    with pytest.raises(CommandError, match="chưa thiết lập"):
        call_command("two_factor_reset", "namdinh", stdout=StringIO())
    with pytest.raises(CommandError, match="No account"):
        call_command("two_factor_reset", "nobody", stdout=StringIO())


def test_the_admins_own_sign_in_form_checks_no_password(world):
    client = Client()
    admin_login = reverse("admin:login")
    response = client.post(admin_login, {"username": "quantri", "password": settings.DEMO_PASSWORD})
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("admin:index"))["Location"].startswith(admin_login)
    # Someone signed in who is not an administrator still reads the admin's refusal.
    client.force_login(world.own)
    assert client.get(admin_login).status_code == 200
