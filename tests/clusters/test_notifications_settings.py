"""E-mail settings come from the environment (config/settings.py): the console in development,
SMTP in production, each variable read and checked; started in a subprocess, as
tests/ops/test_environment.py does, so nothing leaks from this process."""

import json

from tests.ops.test_environment import STRONG_KEY, _refused, _run

EMAIL = (
    "EMAIL_BACKEND",
    "EMAIL_HOST",
    "EMAIL_PORT",
    "EMAIL_HOST_USER",
    "EMAIL_HOST_PASSWORD",
    "EMAIL_USE_TLS",
    "EMAIL_USE_SSL",
    "DEFAULT_FROM_EMAIL",
    "SITE_URL",
)


def _settings(**env: str):
    code = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        f"print(json.dumps({{name: getattr(s, name) for name in {EMAIL!r}}}))"
    )
    return _run("-c", code, **env)


def _read(**env: str) -> dict:
    result = _settings(**env)
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_development_prints_emails_on_the_console():
    values = _read()
    assert values["EMAIL_BACKEND"] == "django.core.mail.backends.console.EmailBackend"
    assert values["SITE_URL"] == "http://localhost:8000"


def test_production_sends_through_the_smtp_server_of_the_environment():
    values = _read(
        DJANGO_ENV="production",
        SECRET_KEY=STRONG_KEY,
        ALLOWED_HOSTS="thidua.example.vn",
        EMAIL_HOST="smtp.example.vn",
        EMAIL_PORT="587",
        EMAIL_HOST_USER="thidua",
        EMAIL_HOST_PASSWORD="mat-khau",
        EMAIL_USE_TLS="1",
        DEFAULT_FROM_EMAIL="Cum thi dua <thidua@example.vn>",
    )
    assert values == {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "smtp.example.vn",
        "EMAIL_PORT": 587,
        "EMAIL_HOST_USER": "thidua",
        "EMAIL_HOST_PASSWORD": "mat-khau",
        "EMAIL_USE_TLS": True,
        "EMAIL_USE_SSL": False,
        "DEFAULT_FROM_EMAIL": "Cum thi dua <thidua@example.vn>",
        # Links in e-mails: the first allowed host, over HTTPS, unless SITE_URL says otherwise.
        "SITE_URL": "https://thidua.example.vn",
    }
    assert (
        _read(DJANGO_ENV="production", SECRET_KEY=STRONG_KEY, SITE_URL="https://a.vn")["SITE_URL"]
        == "https://a.vn"
    )


def test_wrong_email_settings_stop_the_start():
    _refused(_settings(EMAIL_PORT="smtp"), "EMAIL_PORT", "whole number")
    _refused(_settings(EMAIL_PORT="70000"), "EMAIL_PORT")
    _refused(_settings(EMAIL_USE_TLS="maybe"), "EMAIL_USE_TLS")
    _refused(_settings(EMAIL_USE_TLS="1", EMAIL_USE_SSL="1"), "EMAIL_USE_TLS", "EMAIL_USE_SSL")
    _refused(_settings(SITE_URL="thidua.example.vn"), "SITE_URL")
