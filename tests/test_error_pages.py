"""The 403, 404 and 500 pages: in the app's layout, in Vietnamese, with the reason the code gave
(403), nothing that tells another cluster's object from a missing one (404), and a way home; the
500 page renders with neither a request nor a database."""

from __future__ import annotations

import pytest
from django.db import connection
from django.http import HttpResponse
from django.template import loader
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import path, reverse

from config.urls import urlpatterns as project_urls

pytestmark = pytest.mark.django_db


def _boom(request) -> HttpResponse:
    raise RuntimeError("a bug")


urlpatterns = [*project_urls, path("thu-loi/", _boom)]


@pytest.fixture(autouse=True)
def _production_like(settings):
    settings.DEBUG = False


def _error_block(response) -> str:
    text = response.content.decode()
    start = text.index('data-testid="error-page"')
    return text[start : text.index("</div>", start)]


def test_403_shows_the_reason_the_code_gave_in_the_apps_layout(world, as_persona):
    url = reverse("clusters:year_edit", args=[world.cluster.slug, world.year.year])
    response = as_persona("own").get(url)
    assert response.status_code == 403
    text = response.content.decode()
    assert "Chỉ thư ký cụm của năm này được thực hiện thao tác này." in _error_block(response)
    assert 'class="navbar' in text and 'data-testid="who"' in text  # the app's layout
    assert f'href="{reverse("home")}"' in _error_block(response) and "Về trang chủ" in text
    assert "403 Forbidden" not in text


def test_403_without_a_reason_says_so_in_general_words(world, django_app, monkeypatch):
    from django.core.exceptions import PermissionDenied

    from clusters import access

    def refuse(user, year):
        raise PermissionDenied

    monkeypatch.setattr(access, "require_secretariat", refuse)
    url = reverse("clusters:year_edit", args=[world.cluster.slug, world.year.year])
    response = django_app.get(url, user=world.own, status=403)
    assert "không được phép mở trang này" in _error_block(response)


def test_404_of_another_clusters_year_reads_as_one_that_does_not_exist(world, as_persona):
    client = as_persona("own")
    foreign = client.get(reverse("clusters:year_detail", args=[world.other_cluster.slug, 2018]))
    missing = client.get(reverse("clusters:year_detail", args=["khong-co-cum-nay", 2018]))
    assert foreign.status_code == missing.status_code == 404
    assert _error_block(foreign) == _error_block(missing)
    assert world.other_cluster.name not in foreign.content.decode()
    assert "Không tìm thấy trang" in _error_block(foreign)
    assert f'href="{reverse("home")}"' in _error_block(foreign)
    # Django's own words (which would name the model) never show.
    assert "matches the given query" not in foreign.content.decode()


def test_500_answers_in_the_apps_look_with_a_way_home(world, settings):
    settings.ROOT_URLCONF = "tests.test_error_pages"
    client = Client(raise_request_exception=False)
    client.force_login(world.own)
    response = client.get("/thu-loi/")
    assert response.status_code == 500
    text = response.content.decode()
    assert "Đã có lỗi xảy ra" in text and 'href="/"' in text
    assert "css/app.css" in text and "a bug" not in text


def test_the_500_page_needs_neither_a_request_nor_the_database():
    with CaptureQueriesContext(connection) as queries:
        html = loader.get_template("500.html").render()
    assert queries.captured_queries == []
    assert "Đã có lỗi xảy ra" in html and "Về trang chủ" in html
