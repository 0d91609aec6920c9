"""Sign-in throttling behind the proxy: the lockout keys on (username, real client address), and a
per-account slowdown applies across addresses without keeping the owner out for long."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from axes.models import AccessFailureLog
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from clusters.auth import slowdown_delay
from clusters.models import AuditEvent

LOGIN = reverse("login")
PROXY = "10.0.0.2"  # every request reaches the app from the proxy's address
START = timezone.make_aware(datetime.datetime(2019, 3, 20, 8, 0))


def _header_value(header: str, ip: str) -> str:
    # Through X-Forwarded-For a client can send any first entries; the proxy appends the last.
    return f"198.51.100.66, {ip}" if header == "HTTP_X_FORWARDED_FOR" else ip


def _client(header: str, ip: str) -> Client:
    return Client(REMOTE_ADDR=PROXY, **{header: _header_value(header, ip)})


def _sign_in(client: Client, username: str, password: str):
    return client.post(LOGIN, {"username": username, "password": password})


@pytest.fixture(params=["HTTP_X_REAL_IP", "HTTP_X_FORWARDED_FOR"])
def proxy_header(request, settings) -> str:
    settings.CLIENT_IP_HEADER = request.param
    return request.param


def test_five_wrong_passwords_lock_that_client_not_the_account(world, proxy_header):
    attacker = _client(proxy_header, "203.0.113.5")
    for attempt in range(1, 5):
        response = _sign_in(attacker, "namdinh", "sai-mat-khau")
        assert response.status_code == 200, f"attempt {attempt}"
        assert "mật khẩu chính xác" in response.text  # Django's own wrong-password message
    locked = _sign_in(attacker, "namdinh", "sai-mat-khau")
    assert locked.status_code == 429 and "Tạm khóa đăng nhập" in locked.text
    # Locked even with the right password, from that client…
    assert _sign_in(attacker, "namdinh", settings.DEMO_PASSWORD).status_code == 429
    # …while the owner, from their own computer behind the same proxy, signs in.
    owner = _client(proxy_header, "203.0.113.9")
    response = _sign_in(owner, "namdinh", settings.DEMO_PASSWORD)
    assert response.status_code == 302 and response["Location"] == reverse("home")
    assert owner.get(reverse("two_factor")).status_code == 200

    # The audit log has the clients' real addresses, not the proxy's.
    failed = AuditEvent.objects.filter(action="auth.login_failed", summary="namdinh")
    assert set(failed.values_list("ip", flat=True)) == {"203.0.113.5"}
    # One lockout event when it locked, one for the attempt refused while locked.
    lockouts = AuditEvent.objects.filter(action="auth.lockout")
    assert set(lockouts.values_list("summary", "ip")) == {("namdinh", "203.0.113.5")}
    login = AuditEvent.objects.get(action="auth.login")
    assert (login.actor, login.ip) == (world.own, "203.0.113.9")


def test_without_the_header_setting_everyone_is_the_proxy(world, settings):
    # What the audit found: keyed on REMOTE_ADDR, one client locks the account for everyone.
    settings.CLIENT_IP_HEADER = "REMOTE_ADDR"
    for _attempt in range(5):
        _sign_in(_client("HTTP_X_REAL_IP", "203.0.113.5"), "namdinh", "sai")
    owner = _client("HTTP_X_REAL_IP", "203.0.113.9")
    assert _sign_in(owner, "namdinh", settings.DEMO_PASSWORD).status_code == 429


def test_the_slowdown_grows_and_stops_at_a_minute(settings):
    delays = [slowdown_delay(n).total_seconds() for n in range(8, 17)]
    assert delays == [0, 0, 5, 10, 20, 40, 60, 60, 60]
    assert slowdown_delay(10_000) == datetime.timedelta(seconds=60)


def test_the_per_account_slowdown_applies_across_addresses_and_releases(world, proxy_header):
    with time_machine.travel(START, tick=False) as clock:
        # Ten guesses from ten addresses: none of them is locked (one failure each).
        for n in range(10):
            response = _sign_in(_client(proxy_header, f"203.0.113.{n + 10}"), "namdinh", "sai")
            assert response.status_code == 200
        # The owner, from yet another address: not checked, told how long to wait.
        owner = _client(proxy_header, "192.0.2.7")
        slowed = _sign_in(owner, "namdinh", settings.DEMO_PASSWORD)
        assert slowed.status_code == 429 and slowed["Retry-After"] == "5"
        assert "Vui lòng thử lại sau 5 giây" in slowed.text
        assert "_auth_user_id" not in owner.session
        # Refused attempts are not failures: hammering does not lengthen the wait.
        for _attempt in range(3):
            _sign_in(_client(proxy_header, "203.0.113.99"), "namdinh", "sai")
        assert AccessFailureLog.objects.filter(username="namdinh").count() == 10

        clock.shift(6)
        # One more wrong password, checked: the next wait is twice as long.
        assert _sign_in(_client(proxy_header, "203.0.113.50"), "namdinh", "sai").status_code == 200
        slowed = _sign_in(owner, "namdinh", settings.DEMO_PASSWORD)
        assert "Vui lòng thử lại sau 10 giây" in slowed.text

        clock.shift(10)
        response = _sign_in(owner, "namdinh", settings.DEMO_PASSWORD)
        assert response.status_code == 302 and response["Location"] == reverse("home")
        # Another account is not slowed by this one's guessers.
        other = _sign_in(_client(proxy_header, "192.0.2.8"), "thaibinh", settings.DEMO_PASSWORD)
        assert other.status_code == 302


def test_the_owners_known_address_is_not_slowed(world, proxy_header):
    with time_machine.travel(START, tick=False) as clock:
        office = _client(proxy_header, "192.0.2.7")
        assert _sign_in(office, "namdinh", settings.DEMO_PASSWORD).status_code == 302
        office.post(reverse("logout"))
        clock.shift(3600)
        for n in range(12):
            _sign_in(_client(proxy_header, f"203.0.113.{n + 10}"), "namdinh", "sai")
        elsewhere = _client(proxy_header, "192.0.2.200")
        assert _sign_in(elsewhere, "namdinh", settings.DEMO_PASSWORD).status_code == 429
        # From the office the owner signed in from an hour ago, no wait.
        office = _client(proxy_header, "192.0.2.7")
        assert _sign_in(office, "namdinh", settings.DEMO_PASSWORD).status_code == 302


def test_the_longest_wait_is_a_minute(world, proxy_header):
    with time_machine.travel(START, tick=False) as clock:
        for n in range(10):
            _sign_in(_client(proxy_header, f"203.0.113.{n + 10}"), "namdinh", "sai")
        for n in range(4):  # each one after the wait of the one before: all checked
            clock.shift(41)
            _sign_in(_client(proxy_header, f"203.0.113.{n + 30}"), "namdinh", "sai")
        assert AccessFailureLog.objects.filter(username="namdinh").count() == 14
        owner = _client(proxy_header, "192.0.2.7")
        assert "Vui lòng thử lại sau 60 giây" in _sign_in(owner, "namdinh", "sai").text
        clock.shift(61)
        assert _sign_in(owner, "namdinh", settings.DEMO_PASSWORD).status_code == 302


def test_failures_older_than_the_window_are_forgotten(world, proxy_header):
    with time_machine.travel(START, tick=False) as clock:
        for n in range(10):
            _sign_in(_client(proxy_header, f"203.0.113.{n + 10}"), "namdinh", "sai")
        clock.shift(15 * 60 + 1)
        # One more failure starts the count again: no wait after it.
        assert _sign_in(_client(proxy_header, "203.0.113.60"), "namdinh", "sai").status_code == 200
        assert AccessFailureLog.objects.filter(username="namdinh").count() == 1
        owner = _client(proxy_header, "192.0.2.7")
        assert _sign_in(owner, "namdinh", settings.DEMO_PASSWORD).status_code == 302
