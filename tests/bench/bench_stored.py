"""`make bench`: a stored (final) document downloaded whatever its size, through the test client.

A closed year's decision is final: its PDF was stored when it froze, and every download serves
those bytes (clusters/documents/store.py `serve`), never a render. Timed here at a letter's size
and at a big certificates file's, the whole body read in Python, with the bare view timed before
each run (A/B/A/B). This is the app's own cost plus the client's copying of the body; issue 16's
target (under 20 ms) is read off the load run's line instead (bench_load.py), where gunicorn
serves the file as a browser gets it.
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
from tests.bench.harness import BARE_URL, ROUNDS, Measure, print_table
from tests.data import Sized, build_cluster

pytestmark = pytest.mark.django_db
SIZES = {"60 KB (a decision)": 60 * 1024, "8 MB (5,000 certificates)": 8 * 1024 * 1024}


def _read(client: Client, url: str) -> float:
    start = time.perf_counter()
    response = client.get(url)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    elapsed = (time.perf_counter() - start) * 1000
    assert response.status_code == 200 and body, url
    return elapsed


def stored_decisions(slug: str = "luu") -> tuple[Sized, dict[str, tuple[str, str]]]:
    """A closed year whose decisions' PDFs were stored when they froze, one per size:
    (the cluster, label -> (URL, the stored file's SHA-256))."""
    sized = build_cluster(9, 1, slug=slug)
    EmulationYear.objects.filter(pk=sized.year.pk).update(phase=EmulationYear.Phase.CLOSED)
    sized.year.refresh_from_db()
    stored = {}
    for label, size in SIZES.items():
        decision = make_decision(sized.year, number=f"{size}/QĐ-UBND")
        make_recipient(decision, "Nguyễn Văn Lưu")
        content = b"%PDF-1.7\n" + os.urandom(size)
        document = store.freeze(
            kind=DECISION,
            source=decision,
            render=lambda c=content: c,
            filename=f"quyet-dinh-{size}.pdf",
            year=sized.year,
        )
        stored[label] = (decision.get_absolute_url() + "quyet-dinh.pdf", document.sha256)
    return sized, stored


def test_bench_stored(settings):
    settings.ROOT_URLCONF = "tests.bench.urls"
    sized, stored = stored_decisions()
    client = Client()
    client.force_login(sized.member_staff)
    rows = []
    for label, (url, sha256) in stored.items():
        response = client.get(url)
        assert response["X-Document-SHA256"] == sha256
        _read(client, url)  # warm
        times, bare = [], []
        for _ in range(ROUNDS):
            bare.append(_read(client, BARE_URL))
            times.append(_read(client, url))
        m = Measure.of(label, 0, times)
        m.bare = Measure.of("bare", 0, bare)
        rows.append((f"stored decision, {label}", f"{m.spread}, {m.ratio():.1f}x bare"))
    print_table(f"Stored documents downloaded on {connection.vendor} (body read whole)", rows)
