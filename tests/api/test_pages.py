"""The administrator issues and revokes API clients on the app's pages, from the forms they
render; the token is shown once, works at once, and stops at once when revoked."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from clusters.models import ApiClient, AuditEvent
from tests.api.helpers import call, issue

pytestmark = pytest.mark.django_db


def _issue_form(django_app, world):
    home = django_app.get("/", user=world.admin)
    page = home.click(href="^/ket-noi-api/$")  # the navigation bar's link, administrators only
    form = page.click(href="/ket-noi-api/cap-moi/").forms["api-client-issue"]
    form["organisation"] = "Bộ Nội vụ — Cơ sở dữ liệu thi đua, khen thưởng"
    form["contact"] = "Nguyễn Văn Kết, 024 3333 4444"
    for box in form.fields["clusters"]:
        box.checked = box._value == str(world.cluster.pk)
    for box in form.fields["resources"]:
        box.checked = box._value in ("decisions", "units")
    form["expires_on"] = (timezone.localdate() + datetime.timedelta(days=90)).strftime("%d/%m/%Y")
    return form


def test_issue_shows_the_token_once_and_it_reads_the_api(django_app, world):
    shown = _issue_form(django_app, world).submit()
    assert shown.status_code == 200
    assert "no-store" in shown["Cache-Control"]
    token = shown.html.select_one("[data-testid=api-token]").text.strip()
    client = ApiClient.objects.get()
    assert client.organisation.startswith("Bộ Nội vụ")
    assert client.resources == ["decisions", "units"]
    assert list(client.clusters.all()) == [world.cluster]
    assert client.issued_by == world.admin
    # Only the prefix and the hash are kept: the token is in no column.
    assert token.startswith(f"ctd_{client.token_prefix}_")
    assert token not in str(ApiClient.objects.values().get())
    event = AuditEvent.objects.get(action="api_client.issue")
    assert event.actor == world.admin and event.target_id == client.pk
    assert token not in str(event.changes) and token not in event.summary

    assert call(token, "/api/v1/units").status_code == 200
    assert call(token, "/api/v1/years").status_code == 403  # not among its resources
    # The client's page never shows the token again, and lists the call.
    detail = django_app.get(f"/ket-noi-api/{client.pk}/", user=world.admin)
    assert token not in detail.text and client.token_prefix in detail.text
    assert "units: " in detail.html.select_one("[data-testid=api-client-calls]").text


def test_revoking_from_the_page_stops_the_token_at_once(django_app, world):
    client, token = issue(world.admin, [world.cluster])
    assert call(token, "/api/v1/units").status_code == 200
    page = django_app.get(f"/ket-noi-api/{client.pk}/", user=world.admin)
    done = page.forms["api-client-revoke"].submit().follow()
    assert "Đã thu hồi" in done.html.select_one("[data-testid=api-client-state]").text
    assert "api-client-revoke" not in done.forms
    assert call(token, "/api/v1/units").status_code == 401
    client.refresh_from_db()
    assert client.revoked_at is not None
    event = AuditEvent.objects.get(action="api_client.revoke")
    assert event.actor == world.admin and event.target_id == client.pk
    listed = django_app.get("/ket-noi-api/", user=world.admin)
    assert "Đã thu hồi" in listed.html.select_one("[data-testid=api-clients]").text


def test_a_past_expiry_or_nothing_chosen_is_refused_next_to_its_field(django_app, world):
    form = _issue_form(django_app, world)
    form["expires_on"] = (timezone.localdate() - datetime.timedelta(days=1)).strftime("%d/%m/%Y")
    for box in form.fields["resources"] + form.fields["clusters"]:
        box.checked = False
    page = form.submit()
    assert page.status_code == 200
    assert "Ngày hết hạn phải sau hôm nay." in page.text
    assert "Hãy chọn ít nhất một loại dữ liệu được đọc." in page.text
    assert "Hãy chọn ít nhất một cụm, khối hoặc một hội đồng." in page.text
    assert not ApiClient.objects.exists()
    assert not AuditEvent.objects.filter(action="api_client.issue").exists()


def test_only_the_administrator_reaches_the_pages(django_app, world):
    client, _token = issue(world.admin, [world.cluster])
    for person in (world.secretariat, world.own, world.viewer):
        assert "/ket-noi-api/" not in django_app.get("/", user=person).text
        assert django_app.get("/ket-noi-api/", user=person, status=403)
        assert django_app.get(f"/ket-noi-api/{client.pk}/", user=person, status=403)
    assert ApiClient.objects.get().revoked_at is None


def test_a_councils_officer_issues_and_revokes_clients_for_its_own_clusters(django_app, world):
    council = world.cluster.council
    page = django_app.get(f"/hoi-dong/{council.slug}/ket-noi-api/", user=world.council)
    form = page.click(href="cap-moi/").forms["api-client-issue"]
    assert "clusters" not in form.fields and "councils" not in form.fields
    form["organisation"] = "Sở Nội vụ tỉnh Hà Nam"
    form["contact"] = "Phòng Thi đua, 0226 385 2701"
    for box in form.fields["resources"]:
        box.checked = box._value == "clusters"
    form["expires_on"] = (timezone.localdate() + datetime.timedelta(days=30)).strftime("%d/%m/%Y")
    shown = form.submit()
    token = shown.html.select_one("[data-testid=api-token]").text.strip()
    client = ApiClient.objects.get()
    assert list(client.councils.all()) == [council] and not client.clusters.exists()
    assert client.issued_by == world.council
    listed = [c["slug"] for c in call(token, "/api/v1/clusters").json()["items"]]
    assert listed == [world.cluster.slug]  # the other cluster is another council's

    page = django_app.get(f"/hoi-dong/{council.slug}/ket-noi-api/", user=world.council)
    assert client.token_prefix in page.text and token not in page.text
    page.forms[f"api-client-revoke-{client.pk}"].submit().follow()
    assert call(token, "/api/v1/clusters").status_code == 401
    assert AuditEvent.objects.filter(action="api_client.revoke", actor=world.council).exists()
    # Another council's page is not there for this officer.
    other = world.other_cluster.council.slug
    django_app.get(f"/hoi-dong/{other}/ket-noi-api/", user=world.council, status=404)
