"""The sheet and ranking pages run a fixed number of queries at 9×60 and at 60×200."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse

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
    # session, user; ids; year; memberships; sections with their sheet; assessments;
    # totals across years (2); secretariat?; the bell's unread count
    "ranking": (lambda s: reverse("scoring:ranking", args=[s.cluster.slug, s.year.year]), 11),
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
