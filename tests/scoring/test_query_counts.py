"""The sheet and ranking pages run a fixed number of queries at 9×60 and at 60×200."""

from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse

from clusters import audit
from scoring.models import Assessment
from tests.scoring.sized import build_scored

pytestmark = pytest.mark.django_db

PAGES = {
    # As the unit's own officer: session, user; ids; year; the member; its sheet; criteria sheet;
    # criteria, scores, evidence, adjustments; reviewer? (head unit or grant); score history;
    # the sheet's audit events (their content type is cached once per process); secretariat?
    # again for the review navigation (scoring.dashboard.review_nav); the bell's unread count;
    # the year's data version (a finalised sheet's rows are cached by it: scoring/sheet_cache.py)
    "sheet": (
        lambda s: reverse(
            "scoring:sheet", args=[s.cluster.slug, s.year.year, s.member_staff.unit.slug]
        ),
        17,
    ),
    # session, user; ids; year; the cluster's version, its years' and its units' events (the
    # body is cached by it: scoring/ranking_cache.py); memberships; sections with their sheet;
    # assessments; totals across years (2); the bell's unread count
    "ranking": (lambda s: reverse("scoring:ranking", args=[s.cluster.slug, s.year.year]), 12),
}


@pytest.mark.parametrize("page", PAGES)
def test_scoring_pages_do_not_grow_queries_with_data(page, django_assert_num_queries):
    ContentType.objects.get_for_model(Assessment)  # what every later request finds cached
    url_of, expected = PAGES[page]
    for n_units, n_criteria, slug in ((9, 60, "nho"), (60, 200, "lon")):
        sized, _ = build_scored(n_units, n_criteria, slug)
        client = Client()
        client.force_login(sized.member_staff)
        with django_assert_num_queries(expected):
            assert client.get(url_of(sized)).status_code == 200


def test_the_ranking_body_is_read_from_the_cache_until_the_clusters_data_changes(
    django_assert_num_queries,
):
    sized, _ = build_scored(9, 60, "nho")
    client = Client()
    client.force_login(sized.member_staff)
    url = reverse("scoring:ranking", args=[sized.cluster.slug, sized.year.year])
    first = client.get(url).context["body"].html
    # session, user; ids; year; the cluster's version (2); the bell
    with django_assert_num_queries(7):
        assert client.get(url).context["body"].html == first
    # A write through a service records its audit event in the year: the next reader sees it.
    assessment = Assessment.objects.filter(year=sized.year).order_by("pk").first()
    Assessment.objects.filter(pk=assessment.pk).update(final_total=Decimal("1.25"))
    audit.record(
        actor=sized.head_staff,
        action="assessment.finalise",
        target=assessment,
        year=sized.year,
        summary="Điểm sửa",
    )
    assert "1,25" in client.get(url).content.decode()


def test_a_unit_renamed_in_set_up_shows_on_the_cached_ranking_at_once():
    """A unit's event has no year, yet the unit's name is in the cached body."""
    from clusters.setup import unit_save

    sized, _ = build_scored(9, 60, "nho")
    client = Client()
    client.force_login(sized.member_staff)
    url = reverse("scoring:ranking", args=[sized.cluster.slug, sized.year.year])
    unit = sized.units[2]
    assert unit.name in client.get(url).context["body"].html
    unit_save(
        actor=sized.head_staff,
        unit=unit,
        slug=unit.slug,
        name="Đơn vị Đổi Tên",
        kind=unit.kind,
        admin_code=unit.admin_code,
    )
    assert "Đơn vị Đổi Tên" in client.get(url).context["body"].html
