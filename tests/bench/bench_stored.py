"""`make bench`: a stored (final) document downloaded whatever its size (issue 16: under 20 ms).

A closed year's decision is final: its PDF was stored when it froze, and every download serves
those bytes (clusters/documents/store.py `serve`), never a render. Timed here at a letter's size
and at a big certificates file's, the whole body read as a browser would, with the bare view
timed before each run (A/B/A/B).
"""

import os
import time

import pytest
from django.db import connection
from django.test import Client

from awards.final_documents import DECISION
from clusters.documents import store
from clusters.models import EmulationYear
from tests.awards.helpers import make_decision, make_recipient
from tests.bench.harness import BARE_URL, ROUNDS, Measure, print_table, target
from tests.data import build_cluster

pytestmark = pytest.mark.django_db
TARGET_MS = 20.0
SIZES = {"60 KB (a decision)": 60 * 1024, "8 MB (5,000 certificates)": 8 * 1024 * 1024}


def _read(client: Client, url: str) -> float:
    start = time.perf_counter()
    response = client.get(url)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    elapsed = (time.perf_counter() - start) * 1000
    assert response.status_code == 200 and body, url
    return elapsed


def test_bench_stored(settings):
    settings.ROOT_URLCONF = "tests.bench.urls"
    sized = build_cluster(9, 1, slug="luu")
    EmulationYear.objects.filter(pk=sized.year.pk).update(phase=EmulationYear.Phase.CLOSED)
    sized.year.refresh_from_db()
    client = Client()
    client.force_login(sized.member_staff)
    rows = []
    for label, size in SIZES.items():
        decision = make_decision(sized.year, number=f"{size}/QĐ-UBND")
        make_recipient(decision, "Nguyễn Văn Lưu")
        content = b"%PDF-1.7\n" + os.urandom(size)
        stored = store.freeze(
            kind=DECISION,
            source=decision,
            render=lambda c=content: c,
            filename=f"quyet-dinh-{size}.pdf",
            year=sized.year,
        )
        url = decision.get_absolute_url() + "quyet-dinh.pdf"
        response = client.get(url)
        assert response["X-Document-SHA256"] == stored.sha256
        _read(client, url)  # warm
        times, bare = [], []
        for _ in range(ROUNDS):
            bare.append(_read(client, BARE_URL))
            times.append(_read(client, url))
        m = Measure.of(label, 0, times)
        m.bare = Measure.of("bare", 0, bare)
        figure = f"{m.spread}, {m.ratio():.1f}x bare"
        rows.append(
            (f"stored decision, {label}", target(figure, "< 20 ms", m.median_ms < TARGET_MS))
        )
    print_table(f"Stored documents downloaded on {connection.vendor} (body read whole)", rows)
