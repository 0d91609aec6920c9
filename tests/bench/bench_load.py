"""`make bench`, the load run (issue 16): a gunicorn started as `make serve` starts it (its config
file, worker class and count), on PostgreSQL, with 10 officers browsing and then 10 browsing
while 3 download documents, and a health check; p50/p95 of each page and of /healthz.

Bounded: BENCH_LOAD_SECONDS (default 30) per phase, 14 users, the loopback only; locust stops
itself and the server is stopped after. PostgreSQL only (the server's workers need a database
they share with this process). BENCH_LOAD_BASELINE=1 runs the same phases against the old
command (3 sync workers) for the before/after table.

Targets: with 3 downloading, every page p95 under 100 ms and /healthz p95 under 20 ms.
"""

from __future__ import annotations

import csv
import http.client
import json
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.test import Client
from django.urls import reverse

from tests.awards.helpers import make_decision, make_recipient
from tests.bench.bench_stored import stored_decisions
from tests.bench.harness import ROUNDS, Measure, print_table, target
from tests.data import build_cluster

pytestmark = pytest.mark.django_db(transaction=True)
BASE = Path(django_settings.BASE_DIR)
SECONDS = int(os.environ.get("BENCH_LOAD_SECONDS", "30"))
BROWSING, DOWNLOADING = 10, 3
TARGET_PAGE_P95_MS, TARGET_HEALTHZ_P95_MS = 100.0, 20.0
TARGET_STORED_MS = 20.0


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _database_url() -> str:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return (
        f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/"
        f"{db['NAME']}"
    )


def _serve_command(port: int, baseline: bool) -> list[str]:
    """`make serve`'s gunicorn line (tests/ops/test_serve_config.py keeps the two in step)."""
    gunicorn = str(Path(sys.executable).parent / "gunicorn")
    if baseline:  # before issue 16: three sync workers
        return [gunicorn, "config.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "3"]
    return [gunicorn, "config.wsgi", "-c", "config/gunicorn.py", "--bind", f"127.0.0.1:{port}"]


def _environment(secret: str, tmp: Path) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_ENV": "production",
        "SECRET_KEY": secret,
        "DATABASE_URL": _database_url(),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",
        "STATIC_ROOT": str(tmp / "static"),
        "MEDIA_ROOT": str(tmp / "media"),
        "DOCUMENT_LANE_DIR": str(tmp / "lanes"),
    }


def _wait_until_up(port: int, server: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn stopped: {server.returncode}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as reply:
                if reply.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("gunicorn did not answer /healthz")


def _run_locust(port: int, plan: dict, tmp: Path, name: str) -> dict[str, tuple[int, float, float]]:
    """(requests, p50, p95) per page name, from locust's CSV."""
    plan_file = tmp / f"{name}.json"
    plan_file.write_text(json.dumps(plan), encoding="utf-8")
    users = plan["browsing"] + plan["downloading"] + 1
    prefix = tmp / name
    subprocess.run(
        [
            str(Path(sys.executable).parent / "locust"),
            "-f",
            str(BASE / "tests" / "bench" / "locustfile.py"),
            "--headless",
            "--users",
            str(users),
            "--spawn-rate",
            str(users),
            "--run-time",
            f"{SECONDS}s",
            "--stop-timeout",
            "10",
            "--host",
            f"http://127.0.0.1:{port}",
            "--csv",
            str(prefix),
            "--only-summary",
            "--loglevel",
            "WARNING",
        ],
        env={**os.environ, "BENCH_LOAD_PLAN": str(plan_file)},
        check=False,
        timeout=SECONDS + 120,
        capture_output=True,
    )
    stats = {}
    with open(f"{prefix}_stats.csv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["Name"] == "Aggregated":
                continue
            stats[row["Name"]] = (int(row["Request Count"]), float(row["50%"]), float(row["95%"]))
            failures = int(row["Failure Count"])
            assert failures == 0, f"{row['Name']}: {failures} failed requests"
    return stats


def _session(user) -> str:
    client = Client()
    client.force_login(user)
    return client.cookies[django_settings.SESSION_COOKIE_NAME].value


def _download_ms(port: int, session: str, url: str) -> float:
    """One download as a browser makes it: a new connection, the whole body read."""
    start = time.perf_counter()
    connection_ = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        headers = {"Cookie": f"sessionid={session}", "X-Forwarded-Proto": "https"}
        connection_.request("GET", url, headers=headers)
        reply = connection_.getresponse()
        body = reply.read()
    finally:
        connection_.close()
    elapsed = (time.perf_counter() - start) * 1000
    assert reply.status == 200 and body, (url, reply.status)
    return elapsed


def _stored_rows(port: int, session: str, stored: dict) -> list[tuple[str, str]]:
    """Each stored size downloaded from the server, /healthz timed before each run (A/B/A/B)."""
    rows = []
    for label, (url, _sha256) in stored.items():
        _download_ms(port, session, url)  # warm: the worker's first read of the file
        times, bare = [], []
        for _ in range(ROUNDS):
            bare.append(_download_ms(port, "", "/healthz"))
            times.append(_download_ms(port, session, url))
        m = Measure.of(label, 0, times)
        m.bare = Measure.of("/healthz", 0, bare)
        figure = f"{m.spread}, {m.ratio():.1f}x /healthz"
        ok = m.median_ms < TARGET_STORED_MS
        rows.append((f"stored decision {label}, from the server", target(figure, "< 20 ms", ok)))
    return rows


def _plan(world_sessions: list[str], pages: dict, documents: dict, downloading: int) -> dict:
    return {
        "sessions": world_sessions,
        "pages": pages,
        "documents": documents,
        "browsing": BROWSING,
        "downloading": downloading,
    }


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the load run needs PostgreSQL")
def test_bench_load(settings, tmp_path):
    secret = secrets.token_urlsafe(50)
    settings.SECRET_KEY = secret  # the sessions made here are read by the server
    sized = build_cluster(9, 2, slug="tai")
    decision = make_decision(sized.year)
    for i in range(22):
        make_recipient(decision, f"Nguyễn Văn Tải {i}", unit=sized.units[i % 9])
    sessions = [_session(user) for user in (sized.member_staff, sized.head_staff)]
    settings.MEDIA_ROOT = str(tmp_path / "media")  # where the server reads stored files
    closed, stored = stored_decisions()
    slug, year = sized.cluster.slug, sized.year.year
    pages = {
        "year dashboard": reverse("clusters:year_detail", args=[slug, year]),
        "cluster page": reverse("clusters:cluster_detail", args=[slug]),
        "unit page": reverse("clusters:unit_detail", args=[sized.units[1].slug]),
        "awards of the year": reverse("awards:year_awards", args=[slug, year]),
        "decision page": decision.get_absolute_url(),
        "registry": reverse("awards:registry"),
    }
    documents = {
        "certificates PDF (22)": decision.get_absolute_url() + "bang-khen.pdf",
        "decision PDF": decision.get_absolute_url() + "quyet-dinh.pdf",
        # A print the cache cannot answer: a printer offset tried for the first time.
        "blanks PDF (22), a new offset": decision.get_absolute_url()
        + "bang-khen-phoi.pdf?dx={offset}",
    }
    env = _environment(secret, tmp_path)
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=BASE,
        env=env,
        check=True,
        timeout=300,
    )
    rows: list[tuple[str, str]] = []
    setups = [("make serve", False)]
    if os.environ.get("BENCH_LOAD_BASELINE") == "1":
        setups.append(("before: 3 sync workers", True))
    for setup, baseline in setups:
        port = _free_port()
        server = subprocess.Popen(
            _serve_command(port, baseline),
            cwd=BASE,
            # Each server its own draft cache: the second is not served the first one's prints.
            # Before issue 16, WeasyPrint ran in the web process itself.
            env={
                **env,
                "DOCUMENT_CACHE_DIR": str(tmp_path / f"cache-{port}"),
                **({"DOCUMENT_RENDER_PROCESSES": "0"} if baseline else {}),
            },
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            _wait_until_up(port, server)
            if not baseline:  # a quiet server, before the load
                rows.extend(_stored_rows(port, _session(closed.member_staff), stored))
            for phase, downloading in (("browsing only", 0), ("3 downloading", DOWNLOADING)):
                plan = _plan(sessions, pages, documents, downloading)
                stats = _run_locust(port, plan, tmp_path, f"{setup[:4]}-{downloading}")
                for name, (count, p50, p95) in stats.items():
                    figure = f"p50 {p50:.0f} ms, p95 {p95:.0f} ms ({count} requests)"
                    if downloading and name == "/healthz":
                        figure = target(figure, "p95 < 20 ms", p95 < TARGET_HEALTHZ_P95_MS)
                    elif downloading and name in pages:
                        figure = target(figure, "p95 < 100 ms", p95 < TARGET_PAGE_P95_MS)
                    rows.append((f"[{setup}, {phase}] {name}", figure))
        finally:
            server.terminate()
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
    print_table(
        f"Load run on {connection.vendor}: {BROWSING} browsing, then with {DOWNLOADING} "
        f"downloading, {SECONDS} s each (gunicorn on 127.0.0.1)",
        rows,
    )
