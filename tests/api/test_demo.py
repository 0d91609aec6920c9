"""The demo through the API, every resource with a real token, each answer checked against the
OpenAPI schema: a token of the Red River Delta cluster reads its 2018 decisions (Hà Nam's, with
its 22 recipients), the year's dossier and its documents, sees nothing of another cluster, and
every call is in the activity log."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile

import pytest
from django.core.management import call_command

from awards.models import Decision
from clusters.models import ApiClient, AuditEvent, EmulationYear, StoredDocument, User
from config.dossier import dossier_request
from scoring.models import Ballot
from tests.api.contract import check, component_of
from tests.api.helpers import body, call, issue
from tests.awards.helpers import make_decision, make_recipient
from tests.factories import ClusterFactory, MembershipFactory, UnitFactory, YearFactory

RRD = "dong-bang-song-hong"

# Every list of the API, with what the demo must give it.
LISTS = [
    "/api/v1/units",
    "/api/v1/clusters",
    "/api/v1/years",
    "/api/v1/criteria-sheets",
    "/api/v1/rankings",
    "/api/v1/covenants",
    "/api/v1/rounds",
    "/api/v1/proposals",
    "/api/v1/decisions",
    "/api/v1/documents",
]


@pytest.fixture
def demo(db):
    call_command("loaddemo")
    # Another cluster next to it, closed, with a decision of its own: never seen by the token.
    other = ClusterFactory(name="Cụm thi đua các tỉnh Tây Nguyên", slug="tay-nguyen")
    year = YearFactory(cluster=other, year=2018, phase=EmulationYear.Phase.CLOSED)
    dak_lak = UnitFactory(name="Đắk Lắk", slug="dak-lak")
    MembershipFactory(year=year, unit=dak_lak, role="head")
    make_recipient(make_decision(year, number="1/QĐ-UBND"), name="Y Bhin Niê", unit=dak_lak)
    admin = User.objects.get(username="quantri")
    client, token = issue(admin, [EmulationYear.objects.get(cluster__slug=RRD, year=2018).cluster])
    return client, token


def test_every_list_through_a_real_token_matches_the_schema(demo):
    client, token = demo
    for path in LISTS:
        response = call(token, path, limit=200)
        assert response.status_code == 200, (path, response.content)
        assert (
            response["Cache-Control"].startswith("private")
            or "no-store" in response["Cache-Control"]
        )
        data = body(response)
        check(data, component_of(path))
        assert data["items"], f"{path}: the demo gives it records"
        assert data["next_cursor"] is None
        text = response.content.decode()
        assert "tay-nguyen" not in text and "Đắk Lắk" not in text and "Y Bhin" not in text
    calls = AuditEvent.objects.filter(action="api.call", target_id=client.pk)
    assert calls.count() == len(LISTS)
    resources = {event.changes["resource"] for event in calls}
    assert resources == {
        "units", "clusters", "years", "criteria", "rankings", "covenants", "rounds",
        "proposals", "decisions", "documents",
    }  # fmt: skip


def test_every_single_record_through_a_real_token_matches_the_schema(demo):
    client, token = demo
    stored = StoredDocument.objects.filter(year__year=2018, kind="report").get()
    details = {
        "/api/v1/units/{slug}": "/api/v1/units/nam-dinh",
        "/api/v1/clusters/{slug}": f"/api/v1/clusters/{RRD}",
        "/api/v1/clusters/{slug}/years/{year}": f"/api/v1/clusters/{RRD}/years/2018",
        "/api/v1/documents/{code}": f"/api/v1/documents/{stored.display_code}",
    }
    for schema_path, path in details.items():
        response = call(token, path)
        assert response.status_code == 200, (path, response.content)
        check(body(response), component_of(schema_path))
    assert body(call(token, f"/api/v1/clusters/{RRD}"))["years"] == [2018, 2019]
    assert body(call(token, "/api/v1/units/nam-dinh"))["admin_code"] == (
        stored.year.memberships.get(unit__slug="nam-dinh").unit.admin_code
    )
    document = body(call(token, f"/api/v1/documents/{stored.code}"))  # typed without the hyphen
    assert document["sha256"] == stored.sha256 and document["kind"] == "report"
    assert AuditEvent.objects.filter(action="api.call", target_id=client.pk).count() == 7


def test_the_2018_decisions_of_the_red_river_delta(demo, django_app):
    client, token = demo
    response = call(token, "/api/v1/decisions", cluster=RRD, year=2018)
    data = body(response)
    check(data, "DecisionPage")
    [decision] = data["items"]
    assert decision["number"] == "568/QĐ-UBND"
    assert decision["issuer"] == "Chủ tịch Ủy ban nhân dân tỉnh Hà Nam"
    recipients = decision["recipients"]
    assert len(recipients) == 22
    kinds = [r["kind"] for r in recipients]
    assert kinds.count("collective") == 7 and kinds.count("individual") == 15
    assert all(r["award_type"]["code"] for r in recipients)
    assert {r["unit"]["slug"] for r in recipients if r["unit"]} <= {
        m.unit.slug
        for m in EmulationYear.objects.get(cluster__slug=RRD, year=2018).memberships.all()
    }
    # The decision as stored: the hash the API gives is the hash of the bytes it serves.
    stored = StoredDocument.objects.get(kind="decision", source_id=decision["id"])
    assert decision["document"]["sha256"] == stored.sha256
    pdf = call(token, decision["document"]["url"])
    assert pdf.status_code == 200
    content = b"".join(pdf.streaming_content)
    assert hashlib.sha256(content).hexdigest() == stored.sha256 == pdf["X-Document-SHA256"]

    # The 2019 decisions are not issued yet (the year is open): none.
    assert body(call(token, "/api/v1/decisions", cluster=RRD, year=2019))["items"] == []
    # Another cluster, by name: 404, as for people.
    assert call(token, "/api/v1/decisions", cluster="tay-nguyen").status_code == 404
    assert Decision.objects.filter(year__cluster__slug="tay-nguyen").exists()

    # The calls are in the installation's activity log, under the client.
    events = AuditEvent.objects.filter(action="api.call", target_id=client.pk).order_by("pk")
    assert [(e.changes["resource"], e.changes["status"]) for e in events] == [
        ("decisions", 200),
        ("documents", 200),
        ("decisions", 200),
        ("decisions", 404),  # the other cluster asked by name: refused, and logged
    ]
    assert events[0].summary == "decisions: 1"
    admin = User.objects.get(username="quantri")
    page = django_app.get("/nhat-ky/", user=admin)
    assert "Gọi API" in page.text and "decisions: 1" in page.text
    assert client.organisation in page.text


def test_years_rankings_covenants_and_rounds_say_what_the_year_did(demo):
    _client, token = demo
    years = {y["year"]: y for y in body(call(token, "/api/v1/years", cluster=RRD))["items"]}
    assert years[2018]["head"]["slug"] == "ha-nam" and years[2018]["phase"] == "closed"
    assert years[2019]["head"]["slug"] == "hai-duong"
    assert {d["slug"] for d in years[2019]["deputies"]} == {"hung-yen", "quang-ninh"}
    assert len(years[2018]["members"]) == 9

    [ranking] = body(call(token, "/api/v1/rankings", cluster=RRD, year=2018))["items"]
    assert len(ranking["rows"]) == 9 and ranking["rows"][0]["rank"] == 1

    covenants = body(call(token, "/api/v1/covenants", cluster=RRD, year=2018))["items"]
    signed = [c for c in covenants if c["state"] == "signed"]
    assert signed and len(signed[0]["signatories"]) == 9
    compact = StoredDocument.objects.get(kind="compact", year__year=2018, source_id=signed[0]["id"])
    assert signed[0]["document"]["sha256"] == compact.sha256

    response = call(token, "/api/v1/rounds", cluster=RRD, year=2018)
    rounds = body(response)["items"]
    assert rounds and all(r["tally"] for r in rounds)
    # Tallies and the bulletin's hash only: no ballot, no receipt digest, no voter.
    text = response.content.decode()
    for digest in Ballot.objects.values_list("receipt_digest", flat=True):
        assert digest not in text
    assert "choices" not in text and "cast_by" not in text


def test_the_years_dossier_with_its_manifest_of_hashes(demo, django_capture_on_commit_callbacks):
    client, token = demo
    year = EmulationYear.objects.get(cluster__slug=RRD, year=2018)
    path = f"/api/v1/clusters/{RRD}/years/2018/dossier"
    assert call(token, path).status_code == 404  # none built yet
    with django_capture_on_commit_callbacks(execute=True):  # the task runs once committed
        dossier_request(actor=User.objects.get(username="hanam"), year=year)
    assert year.dossier_builds.get().state == "done"

    response = call(token, path)
    assert response.status_code == 200, response.content
    data = body(response)
    check(data, "DossierOut")
    zipped = call(token, data["url"])
    assert zipped.status_code == 200 and zipped["Content-Type"] == "application/zip"
    content = b"".join(zipped.streaming_content)
    assert hashlib.sha256(content).hexdigest() == data["sha256"]
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        assert [f["path"] for f in manifest["files"]] == [f["path"] for f in data["files"]]
        for entry in data["files"]:
            assert hashlib.sha256(archive.read(entry["path"])).hexdigest() == entry["sha256"]
    assert len(data["files"]) > 5

    # A token without the dossier among its resources may not take it.
    _other, limited = issue(ApiClient.objects.get().issued_by, [year.cluster], resources=["years"])
    assert call(limited, path).status_code == 403


def test_paging_by_cursor_reads_every_record_once_and_updated_since_narrows(demo):
    _client, token = demo
    whole = [d["code"] for d in body(call(token, "/api/v1/documents", limit=200))["items"]]
    seen, cursor = [], None
    while True:
        params = {"limit": 3, **({"cursor": cursor} if cursor else {})}
        data = body(call(token, "/api/v1/documents", **params))
        seen += [d["code"] for d in data["items"]]
        cursor = data["next_cursor"]
        if cursor is None:
            break
    assert seen == whole and len(set(seen)) == len(seen) >= 5

    items = body(call(token, "/api/v1/years", cluster=RRD))["items"]
    newest = max(y["updated_at"] for y in items)
    since = body(call(token, "/api/v1/years", cluster=RRD, updated_since=newest))["items"]
    assert [y["updated_at"] for y in since] == [newest]
    assert body(call(token, "/api/v1/years", updated_since="2100-01-01T00:00:00Z"))["items"] == []


def test_the_award_statistics_of_2018(demo):
    client, token = demo
    response = call(token, "/api/v1/statistics", year=2018)
    assert response.status_code == 200
    data = body(response)
    check(data, component_of("/api/v1/statistics"))
    # Hà Nam's decision: 7 collectives and 15 individuals; Tây Nguyên's award is not counted.
    assert data["clusters"] == [RRD] and data["final"] is True
    assert data["by_recipient_kind"] == {"collective": 7, "individual": 15}
    assert data["total"] == 22 == sum(line["total"] for line in data["by_award_type"])
    # 2019 is open: its decisions are not issued, nothing is counted.
    assert body(call(token, "/api/v1/statistics", year=2019))["total"] == 0
    assert call(token, "/api/v1/statistics").status_code == 400  # the year is required
    assert call(token, "/api/v1/statistics", year=2018, cluster="tay-nguyen").status_code == 404
    event = AuditEvent.objects.filter(action="api.call", target_id=client.pk).earliest("pk")
    assert event.changes["resource"] == "statistics" and event.summary == "statistics: 22"


# Lists whose queries do not grow with the page: each relation is prefetched. (Rankings and
# rounds compute each year's ranking and each round's tally: a few queries per record.)
FLAT = [p for p in LISTS if p not in ("/api/v1/rankings", "/api/v1/rounds")]


def test_a_bigger_page_costs_no_more_queries(demo):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _client, token = demo
    for path in FLAT:
        with CaptureQueriesContext(connection) as one:
            assert len(body(call(token, path, limit=1))["items"]) == 1
        with CaptureQueriesContext(connection) as many:
            assert len(body(call(token, path, limit=200))["items"]) >= 1
        assert len(many.captured_queries) <= len(one.captured_queries), path
