"""`make bench` for proposals on the demo: the pages that show them and the letter as a PDF.

Targets: the proposal page, the year's awards page and the round page (with its "draft
proposal" panel) answer in a fixed number of queries and well under 100 ms; the letter renders
in under 2 s.
"""

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse

from awards.models import Proposal
from clusters.models import User
from tests.bench.harness import measure, print_table

pytestmark = pytest.mark.django_db
TARGET_PDF_MS = 2000.0


def test_bench_proposals(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("loaddemo", stdout=io.StringIO())
    client = Client()
    client.force_login(User.objects.get(username="hanam"))
    merit = Proposal.objects.get(award_type__code="bang-khen-thu-tuong")
    args = ["dong-bang-song-hong", 2018]
    pages = {
        "year's awards page (2 proposals)": reverse("awards:year_awards", args=args),
        "proposal page (2 units)": merit.get_absolute_url(),
        "round page with proposal panel": reverse(
            "scoring:round", args=[*args, merit.ballot_round_id]
        ),
    }
    rows = []
    for label, url in pages.items():
        m = measure(label, client, url, rounds=20)
        rows.append((label, f"{m.queries} queries, median {m.median_ms:.1f} ms"))
    pdf = measure(
        "letter PDF", client, reverse("awards:proposal_document", args=[*args, merit.pk]), rounds=5
    )
    rows.append(("proposal letter (PDF)", f"{pdf.queries} queries, median {pdf.median_ms:.0f} ms"))
    print_table(f"Proposals on {connection.vendor} (demo)", rows)
    assert pdf.median_ms < TARGET_PDF_MS
