"""The year dashboard's cached members table (clusters/dashboard_table.py): read from the cache
while nothing changed, rebuilt at once after a change, never shown to a viewer it was not built for.
"""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def _year_url(world, name="clusters:year_detail", *more):
    return reverse(name, args=[world.cluster.slug, world.year.year, *more])


def _members_queries(client, url) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as queries:
        text = client.get(url).text
    return text, sum("clusters_membership" in q["sql"] for q in queries.captured_queries)


def test_a_second_visit_reads_the_table_from_the_cache(world, as_persona):
    client = as_persona("own")
    first, cold = _members_queries(client, _year_url(world))
    second, warm = _members_queries(client, _year_url(world))
    # The access check reads the person's memberships; the table reads the year's only when built.
    assert warm == cold - 1
    start = first.index('data-testid="members"')
    assert second[start:] == first[start:]


def test_a_change_shows_on_the_next_visit(world, as_persona, django_app):
    client = as_persona("own")
    assert "Đặng Văn Nam" not in client.get(_year_url(world)).text
    edit = _year_url(world, "clusters:representative_edit", world.nam_dinh.slug)
    form = django_app.get(edit, user=world.own).forms["representative-form"]
    form["full_name"] = "Đặng Văn Nam"
    form["title"] = "Phó Chủ tịch UBND tỉnh Nam Định"
    assert form.submit().status_code == 302
    assert "Đặng Văn Nam" in client.get(_year_url(world)).text


def test_each_viewer_gets_the_table_built_for_them(world, as_persona):
    own_edit = _year_url(world, "clusters:representative_edit", world.nam_dinh.slug)
    other_edit = _year_url(world, "clusters:representative_edit", world.thai_binh.slug)
    assert own_edit in as_persona("own").get(_year_url(world)).text
    # Thái Bình's officer comes after Nam Định's: not Nam Định's links, and their own row first.
    text = as_persona("other").get(_year_url(world)).text
    assert own_edit not in text and other_edit in text
    own_row = text.index('data-testid="own-unit"')
    assert text.index(world.thai_binh.name, own_row) < text.index(world.nam_dinh.name, own_row)
    # A leader of the same unit as a staff officer reads it, but is offered no edit.
    assert other_edit not in as_persona("other_viewer").get(_year_url(world)).text
