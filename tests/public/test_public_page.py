"""The public results page, read anonymously as anyone would: the demo's published 2018 year
of the Red River Delta cluster (its ranking, Hà Nam's decision with its 22 recipients, the
signed report and compact, each document's code and download), nothing of 2019, nothing
private; cached until the year's data changes; rate-limited per address."""

from __future__ import annotations

import hashlib

import pytest
from django.core.management import call_command
from django.urls import reverse

from awards.models import Decision, Recipient
from clusters import audit, publication
from clusters.models import EmulationYear, StoredDocument, User
from scoring.models import Adjustment, Evidence
from tests.awards.helpers import make_decision, make_recipient
from tests.public.helpers import public_url, published

pytestmark = pytest.mark.django_db
CLUSTER = "/cong-khai/dong-bang-song-hong/"


def _texts(page, testid: str) -> list[str]:
    return [n.get_text(" ", strip=True) for n in page.html.select(f"[data-testid={testid}]")]


def test_anyone_reads_the_demos_published_2018_year_and_nothing_of_2019(django_app):
    call_command("loaddemo")
    index = django_app.get(CLUSTER)
    links = [a["href"] for a in index.html.select("[data-testid=public-years] a")]
    assert links == [CLUSTER + "2018/"]

    page = django_app.get(CLUSTER + "2018/")
    assert page.status_code == 200
    # The ranking, in order, with the rule that decided it and its chart drawn on the server.
    rows = page.html.select("[data-testid=rank-row]")
    assert len(rows) == 9
    assert rows[0].get_text(" ", strip=True).startswith("1 Hà Nam")
    assert "bằng điểm thì đồng hạng" in _texts(page, "tie-rule")[0]
    assert page.html.select_one("[data-testid=chart] svg") is not None
    assert _texts(page, "head") == ["Hà Nam"]
    assert "Cụm trưởng" in _texts(page, "members")[0]

    # Hà Nam's decision with its 22 recipients, names as the decision prints them.
    decision = Decision.objects.get(year__year=2018)
    (article,) = page.html.select("[data-testid=decision]")
    assert decision.number in article.get_text()
    listed = [r.get_text(" ", strip=True) for r in article.select("[data-testid=recipient]")]
    assert len(listed) == 22 == decision.recipients.count()
    bich = Recipient.objects.get(decision=decision, name="Đặng Thị Bích")
    assert any(bich.name in line and bich.position in line for line in listed)

    # Each stored document: its code links to the verification page, its download is the file.
    year = EmulationYear.objects.get(cluster__slug="dong-bang-song-hong", year=2018)
    stored = {d.kind: d for d in StoredDocument.objects.filter(year=year)}
    report = stored[StoredDocument.Kind.REPORT]
    cards = page.html.select("[data-testid=document]")
    assert len(cards) == 3  # the compact, the report, the decision
    codes = {a["href"] for a in page.html.select("[data-testid=verify-code]")}
    assert reverse("verify_code", args=[report.display_code]) in codes
    compact = stored[StoredDocument.Kind.COMPACT]
    assert reverse("verify_code", args=[compact.display_code]) in codes
    # The verification page knows the document by that code.
    assert report.display_code in django_app.get(f"/kiem-tra/{report.display_code}/").text
    link = next(
        a["href"] for a in page.html.select("[data-testid=download]") if report.code in a["href"]
    )
    download = django_app.get(link)
    assert download.body.startswith(b"%PDF-")
    assert hashlib.sha256(download.body).hexdigest() == report.sha256
    assert download.headers["X-Document-SHA256"] == report.sha256
    signed = _texts(page, "compact")[0]
    assert "9" in signed and "Trần Thị Hằng" in signed

    # Nothing private: no page of the signed-in app, no adjustment, evidence or account.
    hrefs = [a["href"] for a in page.html.select("a[href]")]
    assert not [h for h in hrefs if h.startswith(("/c/", "/quan-tri", "/don-vi/"))]
    reasons = [r for r in Adjustment.objects.values_list("reason", flat=True) if r]
    assert reasons and not [r for r in reasons if r in page.text]
    evidence = list(Evidence.objects.values_list("original_name", flat=True))
    assert not [name for name in evidence if name in page.text]
    assert not [u for u in User.objects.values_list("username", flat=True) if f">{u}<" in page.text]

    # 2019 is open, never published: it answers as an unknown year or cluster would.
    assert django_app.get(CLUSTER + "2019/", expect_errors=True).status_code == 404
    assert django_app.get("/cong-khai/khong-co/2018/", expect_errors=True).status_code == 404
    assert django_app.get("/cong-khai/khong-co/", expect_errors=True).status_code == 404
    compact_2019 = StoredDocument.objects.filter(year__year=2019).first()
    if compact_2019 is not None:  # another year's document is not offered under 2018
        other = f"{CLUSTER}2018/tai-lieu/{compact_2019.code}/"
        assert django_app.get(other, expect_errors=True).status_code == 404


def test_the_page_in_english_through_the_language_menu(django_app, world):
    published(world)
    page = django_app.get(public_url(world))
    switch = next(f for f in page.forms.values() if "language" in f.fields)
    switch["language"] = "en"
    english = switch.submit().follow()
    assert english.html.html["lang"] == "en"
    members = _texts(english, "members")[0]
    assert "Member units" in members and "Đơn vị thành viên" not in members
    assert "Head" in members  # the cluster's word for its head, translated


def test_a_block_uses_its_own_words(django_app, world):
    world.cluster.kind = "khoi"
    world.cluster.save()
    published(world)
    members = _texts(django_app.get(public_url(world)), "members")[0]
    assert "Khối trưởng" in members and "Cụm trưởng" not in members


def test_cached_until_the_year_changes(django_app, world, django_assert_max_num_queries):
    published(world)
    decision = make_decision(world.year)
    recipient = make_recipient(decision, "Nguyễn Văn An")
    audit_event = {"actor": world.secretariat, "action": "recipient.update", "target": recipient}
    from django.db import transaction

    with transaction.atomic():
        audit.record(**audit_event, year=world.year)
    assert "Nguyễn Văn An" in django_app.get(public_url(world)).text
    # Changed behind the services' back: the page stays as it was, from the cache, cheaply.
    Recipient.objects.filter(pk=recipient.pk).update(name="Nguyễn Văn Bảo")
    with django_assert_max_num_queries(3):  # the year, its data version (and nothing else)
        cached = django_app.get(public_url(world)).text
    assert "Nguyễn Văn An" in cached and "Nguyễn Văn Bảo" not in cached
    # A service's change records an event of the year: the page is made again at once.
    with transaction.atomic():
        audit.record(**audit_event, year=world.year)
    assert "Nguyễn Văn Bảo" in django_app.get(public_url(world)).text
    # Withdrawn: gone at once, cache or not.
    publication.year_unpublish(actor=world.secretariat, year=world.year, reason="Đính chính")
    assert django_app.get(public_url(world), expect_errors=True).status_code == 404


def test_too_many_requests_from_one_address_are_refused(django_app, world, settings):
    settings.PUBLIC_RATE_LIMIT = 3
    published(world)
    for _ in range(3):
        assert django_app.get(public_url(world)).status_code == 200
    refused = django_app.get(public_url(world), expect_errors=True)
    assert refused.status_code == 429 and refused.headers["Retry-After"]
    assert refused.html.select_one("[data-testid=limited]") is not None
    # Another address is counted on its own.
    other = django_app.get(public_url(world), extra_environ={"REMOTE_ADDR": "10.0.0.9"})
    assert other.status_code == 200
