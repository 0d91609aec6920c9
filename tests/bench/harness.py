"""Shared helpers of `make bench`: median server time as a ratio to a bare Django view."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

ROUNDS = 30


@dataclass
class Measure:
    label: str
    queries: int
    median_ms: float

    def ratio(self, bare: Measure) -> float:
        return self.median_ms / bare.median_ms


def measure(label: str, client: Client, url: str, rounds: int = ROUNDS) -> Measure:
    client.get(url)  # warm caches (templates, URL resolver)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    # Count now: the next request's request_started signal clears the query log.
    count = len(queries.captured_queries)
    assert response.status_code in (200, 302), (url, response.status_code)
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - start) * 1000)
    return Measure(label, count, statistics.median(times))


def timed(label: str, work: Callable[[], object], rounds: int = 5) -> Measure:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        work()
        times.append((time.perf_counter() - start) * 1000)
    return Measure(label, 0, statistics.median(times))


def print_table(title: str, rows: list[tuple[str, str]]) -> None:
    width = max(len(label) for label, _ in rows)
    print(f"\n{title}")
    for label, value in rows:
        print(f"  {label.ljust(width)}  {value}")
