"""Shared helpers of `make bench`: each figure as min/median/max over its runs, a page's time as
a ratio to a bare Django view timed in the same loop (A/B/A/B), peak memory of a piece of work,
and each target of issue 16 printed beside its figure.

BENCH_SCALE (default 1) scales the data sizes and BENCH_ROUNDS (default 30) the number of runs,
so the bench can be checked quickly on small data (BENCH_SCALE=0.02 BENCH_ROUNDS=5); the
figures that count are taken at scale 1 on a quiet machine.
"""

from __future__ import annotations

import contextlib
import os
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

SCALE = float(os.environ.get("BENCH_SCALE", "1"))
ROUNDS = max(3, int(os.environ.get("BENCH_ROUNDS", "30")))
BARE_URL = "/bench/bare/"


def scaled(n: int, minimum: int = 1) -> int:
    """A data size at BENCH_SCALE."""
    return max(minimum, round(n * SCALE))


def rounds(n: int = ROUNDS) -> int:
    """A number of runs, at most BENCH_ROUNDS."""
    return max(3, min(n, ROUNDS))


@dataclass
class Measure:
    label: str
    queries: int
    median_ms: float
    min_ms: float = 0.0
    max_ms: float = 0.0
    runs: int = 0
    # The bare view timed in the same loop, one run before each of this one's (A/B/A/B).
    bare: Measure | None = field(default=None, repr=False)

    @classmethod
    def of(cls, label: str, queries: int, times: list[float]) -> Measure:
        return cls(label, queries, statistics.median(times), min(times), max(times), len(times))

    def ratio(self, bare: Measure | None = None) -> float:
        """Median over the bare view's median: the interleaved one when there is one."""
        yardstick = self.bare or bare
        assert yardstick is not None, "no bare view to compare with"
        return self.median_ms / yardstick.median_ms

    @property
    def spread(self) -> str:
        """ "min/median/max ms (n runs)"."""
        return (
            f"{self.min_ms:.1f}/{self.median_ms:.1f}/{self.max_ms:.1f} ms "
            f"(min/median/max of {self.runs})"
        )


def _time_get(client: Client, url: str) -> float:
    start = time.perf_counter()
    client.get(url)
    return (time.perf_counter() - start) * 1000


def measure(
    label: str,
    client: Client,
    url: str,
    rounds: int = ROUNDS,
    *,
    bare_url: str | None = None,
    before_each: Callable[[], object] | None = None,
) -> Measure:
    """The page's query count and its time over `rounds` runs; with `bare_url`, the bare view is
    timed before each run of the page (A/B/A/B), so that the ratio holds when the machine drifts
    (needs tests.bench.urls as ROOT_URLCONF). `before_each` runs untimed before each run of the
    page (to time it with its cached parts forgotten)."""
    client.get(url)  # warm caches (templates, URL resolver)
    if bare_url:
        client.get(bare_url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    # Count now: the next request's request_started signal clears the query log.
    count = len(queries.captured_queries)
    assert response.status_code in (200, 302), (url, response.status_code)
    times, bare_times = [], []
    for _ in range(max(3, min(rounds, ROUNDS))):
        if bare_url:
            bare_times.append(_time_get(client, bare_url))
        if before_each:
            before_each()
        times.append(_time_get(client, url))
    result = Measure.of(label, count, times)
    if bare_url:
        result.bare = Measure.of("bare", 0, bare_times)
    return result


def timed(label: str, work: Callable[[], object], rounds: int = 5) -> Measure:
    times = []
    for _ in range(max(1, min(rounds, ROUNDS))):
        start = time.perf_counter()
        work()
        times.append((time.perf_counter() - start) * 1000)
    return Measure.of(label, 0, times)


def paired(
    work: Callable[[], object], alone: Callable[[], object], rounds: int = 5
) -> tuple[Measure, Measure, Measure]:
    """`work` and the part of it measured `alone`, run in turns (A/B/A/B): both timings and the
    difference of each pair (the overhead), so a drift of the machine hits both sides alike and
    the overhead's spread shows when the noise is larger than the share."""
    times, alone_times, differences = [], [], []
    for _ in range(max(3, min(rounds, ROUNDS))):
        start = time.perf_counter()
        work()
        middle = time.perf_counter()
        alone()
        end = time.perf_counter()
        times.append((middle - start) * 1000)
        alone_times.append((end - middle) * 1000)
        differences.append(times[-1] - alone_times[-1])
    return (
        Measure.of("work", 0, times),
        Measure.of("alone", 0, alone_times),
        Measure.of("overhead", 0, differences),
    )


def _status_kib(key: str, pid: int | str = "self") -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1])
    return 0


@dataclass
class Footprint:
    seconds: float
    peak_rss_mib: float  # the process's resident high-water mark during the work, above its start


def footprint(work: Callable[[], object]) -> Footprint:
    """Time and peak memory of one run of `work`. The resident high-water mark is reset first
    (Linux: /proc/self/clear_refs), so the peak is this work's, C libraries (Pango, cairo)
    included. (tracemalloc is not used: it would slow the work it times.)"""
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")
    start_rss = _status_kib("VmRSS")
    start = time.perf_counter()
    work()
    seconds = time.perf_counter() - start
    peak = max(0, _status_kib("VmHWM") - start_rss)
    return Footprint(seconds, peak / 1024)


def renderers_peak_mib() -> float:
    """The resident high-water marks of the document renderers' children (each from its start:
    a fresh pool loads Django and WeasyPrint for the work measured), summed."""
    from clusters.documents import renderers

    return sum(_status_kib("VmHWM", pid) for pid in renderers.children()) / 1024


def target(figure: str, goal: str, met: bool) -> str:
    """A figure with the issue's target beside it."""
    return f"{figure}   [target {goal}: {'ok' if met else 'MISSED'}]"


def print_table(title: str, rows: list[tuple[str, str]]) -> None:
    width = max(len(label) for label, _ in rows)
    print(f"\n{title}")
    if SCALE != 1:
        print(f"  (BENCH_SCALE={SCALE:g}: data sizes scaled, figures are not the issue's)")
    for label, value in rows:
        print(f"  {label.ljust(width)}  {value}")
