"""The load run of `make bench` (tests/bench/bench_load.py starts it): officers browsing, others
downloading documents, and a load balancer's health check, against a local gunicorn only.

The plan (a JSON file named by BENCH_LOAD_PLAN) gives the signed-in sessions and the URLs. Every
request is named by its page, so the statistics are per page. Sessions are sent as a header:
production cookies are Secure, and the run speaks plain HTTP on the loopback (X-Forwarded-Proto
says https, as the proxy in front of gunicorn would).
"""

from __future__ import annotations

import itertools
import json
import os
import random

import gevent
from locust import HttpUser, between, constant, task

PLAN = json.loads(open(os.environ["BENCH_LOAD_PLAN"], encoding="utf-8").read())  # noqa: SIM115
_sessions = itertools.cycle(PLAN["sessions"])
_offsets = (-4.99 + (i % 999) / 100 for i in itertools.count())  # mm, inside any sheet


class _Officer(HttpUser):
    abstract = True

    def on_start(self) -> None:
        self.headers = {"Cookie": f"sessionid={next(_sessions)}", "X-Forwarded-Proto": "https"}

    def _get(self, name: str, url: str) -> None:
        with self.client.get(url, name=name, headers=self.headers, catch_response=True) as r:
            if r.status_code != 200:
                r.failure(f"{name}: HTTP {r.status_code}")


class Browsing(_Officer):
    """An officer reading pages, a second or so between clicks: one page, then the pause."""

    fixed_count = PLAN["browsing"]
    wait_time = between(0.5, 1.5)

    def on_start(self) -> None:
        super().on_start()
        self.pages = itertools.cycle(PLAN["pages"].items())
        # Officers arrive at their own moment, not all ten on the first page in the same
        # millisecond (that burst alone made the first page's p95).
        gevent.sleep(random.uniform(0, 1.5))

    @task
    def browse(self) -> None:
        self._get(*next(self.pages))


class Downloading(_Officer):
    """An officer downloading documents one after the other."""

    fixed_count = PLAN["downloading"]
    wait_time = constant(0.5)

    @task
    def download(self) -> None:
        for name, url in PLAN["documents"].items():
            # "{offset}": a printer offset never asked before, so a print made anew every time.
            self._get(name, url.replace("{offset}", f"{next(_offsets):.2f}"))


class HealthCheck(HttpUser):
    """A load balancer asking /healthz twice a second."""

    fixed_count = 1
    wait_time = constant(0.5)

    @task
    def healthz(self) -> None:
        self.client.get("/healthz", name="/healthz", headers={"X-Forwarded-Proto": "https"})
