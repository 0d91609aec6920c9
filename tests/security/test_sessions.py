"""Sessions fit for shared office computers: they end when the browser closes and after
SESSION_IDLE_HOURS without a request; each request moves the idle window on."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from tests.personas import World

ROOT = Path(__file__).resolve().parents[2]
HOUR = timedelta(hours=1)


def test_sessions_end_at_browser_close_and_after_four_idle_hours_by_default():
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    assert not getattr(settings, "SESSION_SAVE_EVERY_REQUEST", False)  # a write per few minutes
    assert "clusters.sessions.SessionIdleMiddleware" in settings.MIDDLEWARE
    if "SESSION_IDLE_HOURS" not in os.environ:
        assert settings.SESSION_COOKIE_AGE == 4 * 3600


def _settings_value(name: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in {"SESSION_IDLE_HOURS", "DJANGO_ENV"}}
    return subprocess.run(
        [sys.executable, "-c", f"from config import settings; print(settings.{name})"],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_the_idle_window_comes_from_session_idle_hours():
    assert _settings_value("SESSION_COOKIE_AGE", SESSION_IDLE_HOURS="2").stdout.strip() == "7200"
    assert _settings_value("SESSION_COOKIE_AGE", SESSION_IDLE_HOURS="0.5").stdout.strip() == "1800"


@pytest.mark.parametrize("value", ["", "abc", "0", "-1", "nan", "inf", "1000"])
def test_a_wrong_session_idle_hours_stops_the_start(value):
    result = _settings_value("SESSION_COOKIE_AGE", SESSION_IDLE_HOURS=value)
    assert result.returncode != 0
    assert "SESSION_IDLE_HOURS must be a number of hours" in result.stderr


def _sign_in(client) -> None:
    response = client.post(reverse("login"), {"username": "namdinh", "password": "ThiDua@2018"})
    assert response.status_code == 302, "signed in"


def test_the_session_cookie_lasts_only_while_the_browser_is_open(client, world: World):
    _sign_in(client)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie.value
    assert cookie["max-age"] == "" and cookie["expires"] == ""


def test_activity_extends_the_session_and_idleness_ends_it(client, world: World):
    home = reverse("clusters:year_detail", args=[world.cluster.slug, world.year.year])
    idle = timedelta(seconds=settings.SESSION_COOKIE_AGE)
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        _sign_in(client)
        session = Session.objects.get()
        assert session.expire_date == start + idle
        # Three clicks, each a little before the window closes: still signed in.
        for _ in range(3):
            clock.shift(idle - HOUR / 60)
            assert client.get(home).status_code == 200
        assert Session.objects.get().expire_date == timezone.now() + idle
        # Then nothing for longer than the window: the next request goes to the sign-in page.
        clock.shift(idle + HOUR / 60)
        response = client.get(home)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
