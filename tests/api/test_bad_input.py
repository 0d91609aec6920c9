"""Bad input, each answered with a problem of the right status and nothing of other clusters."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from awards.models import Decision
from clusters.models import AuditEvent, EmulationYear
from clusters.services import Refused
from config.api import services
from config.api.problems import TITLES
from tests.api.helpers import body, call, issue
from tests.awards.helpers import make_decision, make_recipient
from tests.factories import CouncilFactory

pytestmark = pytest.mark.django_db

PROBLEM = "application/problem+json"


def _problem(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == PROBLEM
    found = body(response)
    assert found["status"] == status and found["code"] == code
    assert found["type"].endswith(f"#problem-{code}")
    assert found["title"] and found["detail"]
    return found


def test_no_token_unknown_token_and_a_session_are_all_401(world, as_persona):
    _problem(call(None, "/api/v1/units"), 401, "unauthorized")
    _problem(call("ctd_abcdefgh_not-a-real-secret", "/api/v1/units"), 401, "unauthorized")
    _problem(call("garbage", "/api/v1/units"), 401, "unauthorized")
    # A signed-in person's session is no token: the API answers to tokens only.
    response = as_persona("admin").get("/api/v1/units")
    _problem(response, 401, "unauthorized")
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_token_with_a_wrong_secret_is_refused_even_with_a_real_prefix(world):
    _client, token = issue(world.admin, [world.cluster])
    forged = token[: token.rindex("_") + 1] + "A" * 43
    _problem(call(forged, "/api/v1/units"), 401, "unauthorized")
    assert call(token, "/api/v1/units").status_code == 200


def test_expired_and_revoked_tokens_are_401_at_once(world):
    client, token = issue(world.admin, [world.cluster])
    assert call(token, "/api/v1/clusters").status_code == 200
    services.api_client_revoke(actor=world.admin, client=client)
    found = _problem(call(token, "/api/v1/clusters"), 401, "unauthorized")
    assert "thu hồi" in found["detail"]

    other, token = issue(world.admin, [world.cluster])
    other.expires_at = timezone.now() - datetime.timedelta(seconds=1)
    other.save()
    found = _problem(call(token, "/api/v1/clusters"), 401, "unauthorized")
    assert "hết hạn" in found["detail"]


def test_problems_speak_english_when_asked_and_vietnamese_otherwise(world):
    _client, token = issue(world.admin, [world.cluster])
    response = call(token, "/api/v1/years", limit=10_000)
    assert response["Content-Language"] == "vi"
    assert _problem(response, 400, "bad_request")["title"] == "Yêu cầu không hợp lệ"
    response = call(token, "/api/v1/years", limit=10_000, language="en-GB,en;q=0.9")
    assert response["Content-Language"] == "en"
    english = _problem(response, 400, "bad_request")
    # The words are the English catalogue's (locale/en, merged from /tmp/po/api.po).
    with translation.override("en"):
        assert english["title"] == str(TITLES["bad_request"])
        assert english["detail"] == _("limit phải từ 1 đến %(max)d.") % {"max": 200}


@pytest.mark.parametrize("since", ["hôm qua", "2019-13-01", "20/03/2019", "2019-03-20T25:00"])
def test_a_malformed_updated_since_is_400(world, since):
    _client, token = issue(world.admin, [world.cluster])
    found = _problem(call(token, "/api/v1/decisions", updated_since=since), 400, "bad_request")
    assert "updated_since" in found["detail"]


@pytest.mark.parametrize("params", [{"limit": 201}, {"limit": 0}, {"limit": "nhiều"}])
def test_a_page_size_out_of_bounds_is_400(world, params):
    _client, token = issue(world.admin, [world.cluster])
    found = _problem(call(token, "/api/v1/units", **params), 400, "bad_request")
    assert "limit" in found["detail"]


def test_a_forged_cursor_is_400(world):
    _client, token = issue(world.admin, [world.cluster])
    _problem(call(token, "/api/v1/units", cursor="bm90LWEtY3Vyc29y"), 400, "bad_request")


def test_too_many_calls_is_429_per_client(world, settings):
    settings.API_RATE_LIMIT = 2
    _client, token = issue(world.admin, [world.cluster])
    _other, other_token = issue(world.admin, [world.cluster])
    assert call(token, "/api/v1/units").status_code == 200
    assert call(token, "/api/v1/units").status_code == 200
    response = call(token, "/api/v1/units")
    _problem(response, 429, "too_many_requests")
    assert int(response["Retry-After"]) == settings.API_RATE_WINDOW_SECONDS
    # Counted per client: another organisation is not slowed by this one.
    assert call(other_token, "/api/v1/units").status_code == 200


def test_a_resource_outside_the_token_is_403(world):
    _client, token = issue(world.admin, [world.cluster], resources=["units"])
    assert call(token, "/api/v1/units").status_code == 200
    _problem(call(token, "/api/v1/decisions"), 403, "forbidden")


def test_another_clusters_data_is_404_and_left_out_of_every_list(world):
    world.year.phase = EmulationYear.Phase.CLOSED
    world.year.save()
    world.other_year.phase = EmulationYear.Phase.CLOSED
    world.other_year.save()
    ours = make_decision(world.year)
    make_recipient(ours, unit=world.nam_dinh)
    theirs = make_decision(world.other_year, number="99/QĐ-UBND")
    make_recipient(theirs, name="Người Tây Nguyên", unit=world.other_unit)
    _client, token = issue(world.admin, [world.cluster])

    decisions = body(call(token, "/api/v1/decisions"))["items"]
    assert [d["id"] for d in decisions] == [ours.pk]
    units = {u["slug"] for u in body(call(token, "/api/v1/units"))["items"]}
    assert world.nam_dinh.slug in units and world.other_unit.slug not in units
    clusters = [c["slug"] for c in body(call(token, "/api/v1/clusters"))["items"]]
    assert clusters == [world.cluster.slug]

    # Asked by name, the other cluster answers as one that does not exist.
    missing = _problem(call(token, "/api/v1/clusters/khong-co"), 404, "not_found")
    for path in [
        f"/api/v1/clusters/{world.other_cluster.slug}",
        f"/api/v1/clusters/{world.other_cluster.slug}/years/2018",
        f"/api/v1/clusters/{world.other_cluster.slug}/years/2018/dossier",
        f"/api/v1/units/{world.other_unit.slug}",
    ]:
        found = _problem(call(token, path), 404, "not_found")
        assert found["detail"] == missing["detail"]
        assert world.other_cluster.name not in found["detail"]
    found = _problem(
        call(token, "/api/v1/decisions", cluster=world.other_cluster.slug), 404, "not_found"
    )
    assert found["detail"] == missing["detail"]
    # The probing is in the log: each refused call, with its status.
    refused = AuditEvent.objects.filter(action="api.call", changes__status=404)
    assert refused.count() == 6
    assert refused.filter(summary="decisions: 404").exists()
    assert Decision.objects.filter(year=world.other_year).exists()


def test_a_council_scope_reads_every_cluster_the_council_organises_later_ones_too(world):
    council = CouncilFactory(
        name="Hội đồng Thi đua - Khen thưởng tỉnh Hà Nam", slug="hd-ha-nam", kind="provincial"
    )
    world.cluster.council = council
    world.cluster.save()
    world.other_cluster.council = None
    world.other_cluster.save()
    _client, token = issue(world.admin, [], councils=[council])
    listed = [c["slug"] for c in body(call(token, "/api/v1/clusters"))["items"]]
    assert listed == [world.cluster.slug]
    assert call(token, f"/api/v1/clusters/{world.other_cluster.slug}").status_code == 404
    # The council takes on another cluster: the token reads it from the next call.
    world.other_cluster.council = council
    world.other_cluster.save()
    listed = {c["slug"] for c in body(call(token, "/api/v1/clusters"))["items"]}
    assert listed == {world.cluster.slug, world.other_cluster.slug}


def test_a_client_without_clusters_or_councils_is_refused(world):
    with pytest.raises(Refused) as refused:
        issue(world.admin, [])
    assert refused.value.field == "clusters"
