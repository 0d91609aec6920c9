"""Production settings: refuse to start without a secret, and pass `check --deploy`."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "DJANGO_ENV", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        # collectstatic compresses every file (gzip and brotli): minutes on a busy 2-core runner.
        timeout=600,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = _manage("check", DJANGO_ENV="production")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_passes_the_deploy_check_without_warnings():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_ENV="production",
        SECRET_KEY="a-long-random-production-secret-for-this-test-only-0123456789-xyz",
        ALLOWED_HOSTS="thidua.example.vn",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_collects_static_files_with_hashed_names(tmp_path):
    """`make serve` runs collectstatic with the manifest storage, which fails on any missing
    file a CSS or JS file refers to (fonts, source maps)."""
    result = _manage(
        "collectstatic",
        "--noinput",
        DJANGO_ENV="production",
        SECRET_KEY="a-long-random-production-secret-for-this-test-only-0123456789-xyz",
        ALLOWED_HOSTS="thidua.example.vn",
        STATIC_ROOT=str(tmp_path),
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert (tmp_path / "staticfiles.json").is_file()
    assert list(tmp_path.glob("fonts/tinos/Tinos-Regular.*.ttf"))
