"""Settings that refuse a wrong environment: each case starts Django in a subprocess with only
the variables it names (like tests/test_settings.py), so no setting leaks from this process."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from config.env import secret_key_weakness

ROOT = Path(__file__).resolve().parents[2]
STRONG_KEY = "k3Jx9-QwZ_pL2vR8sT0uY7bN4mC6dF1gH5jK9lP3oI8uE2wA7sD0fG4hJ6kL1zX"
# What a process reads at start; everything else is passed through (PATH, the venv, HOME).
READ = {"DJANGO_ENV", "SECRET_KEY", "DEBUG", "ALLOWED_HOSTS", "DATABASE_URL"}


def _run(*args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in READ | {"DJANGO_ALLOW_ASYNC_UNSAFE"}}
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "config.settings", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def _start(**env: str) -> subprocess.CompletedProcess:
    """Django set up with these variables; prints the profile it chose when it starts."""
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.DJANGO_ENV, s.DEBUG, s.DEMO_PASSWORD is None)"
    )
    return _run("-c", code, **env)


def _refused(result: subprocess.CompletedProcess, *words: str) -> None:
    assert result.returncode != 0, result.stdout
    assert "ImproperlyConfigured" in result.stderr, result.stderr[-2000:]
    last = result.stderr.strip().splitlines()[-1]
    for word in words:
        assert word in last, last


def test_development_is_the_default_and_has_debug_and_the_demo_password():
    result = _start()
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.split() == ["development", "True", "False"]


def test_production_with_a_strong_key_starts_without_debug_or_demo_password():
    result = _start(DJANGO_ENV="production", SECRET_KEY=STRONG_KEY)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.split() == ["production", "False", "True"]


@pytest.mark.parametrize("value", ["prod", "Production", "production ", "dev", "test", ""])
def test_an_unknown_django_env_refuses_to_start_and_names_the_allowed_values(value):
    result = _start(DJANGO_ENV=value, SECRET_KEY=STRONG_KEY)
    _refused(result, "DJANGO_ENV must be one of", '"development"', '"production"', repr(value))


def test_manage_py_check_refuses_django_env_prod():
    result = _run("manage.py", "check", DJANGO_ENV="prod")
    assert result.returncode != 0
    assert "DJANGO_ENV must be one of" in result.stderr


@pytest.mark.parametrize(
    ("key", "reason"),
    [
        ("dev-only-insecure-key-never-used-in-production-0123456789", "development key"),
        ("too-short-0123456789", "characters"),
        ("django-insecure-" + "q8w7e6r5t4y3u2i1o0p9a8s7d6f5g4h3j2k1l0z9x8c7v6", "django-insecure"),
        ("abc123" * 10, "pattern"),
        ("x" * 60, "different characters"),
        ("please-changeme-before-going-live-0123456789-abcdefghijk", "changeme"),
    ],
)
def test_production_refuses_a_weak_or_published_secret_key(key, reason):
    _refused(_start(DJANGO_ENV="production", SECRET_KEY=key), "SECRET_KEY", reason)


@pytest.mark.parametrize("value", ["1", "true", "on", "yes"])
def test_production_refuses_debug_on(value):
    _refused(_start(DJANGO_ENV="production", SECRET_KEY=STRONG_KEY, DEBUG=value), "DEBUG")


def test_a_boolean_that_is_not_one_refuses_to_start_in_any_profile():
    _refused(_start(DEBUG="maybe"), "DEBUG must be a boolean")


def test_loaddemo_refuses_in_production(tmp_path):
    result = _run(
        "manage.py",
        "loaddemo",
        DJANGO_ENV="production",
        SECRET_KEY=STRONG_KEY,
        DATABASE_URL=f"sqlite:///{tmp_path / 'production.sqlite3'}",
    )
    assert result.returncode != 0
    assert "--allow-production" in result.stderr


@pytest.mark.parametrize(
    "key",
    [
        STRONG_KEY,
        # What the README's command prints: secrets.token_urlsafe(50).
        "Rk2v3WfO9yq_mX1tZ8pL4sN7cB0dH6jG5aE2uI9oY3wQ-rT1kM8nV4bC7xF0zS",
        # Django's get_random_secret_key() alphabet.
        "m(7w!x2$k9#pz@4r^s&8t*1v(q-y_u=o+i3e6n0b5c%h)j!g@f#d$a^l&z*x(w",
    ],
)
def test_random_keys_pass_the_weakness_check(key):
    assert secret_key_weakness(key) is None
