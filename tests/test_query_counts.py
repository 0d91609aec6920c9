"""Each page runs the same number of queries for 9 units and for 60 units with 10 years.

Two requests of the same page at two sizes; the count is pinned, so a new N+1 fails here.
"""

import pytest
from django.test import Client
from django.urls import reverse

from tests.data import build_cluster

pytestmark = pytest.mark.django_db

# Session and user (with unit): 2 queries before any view runs.
PAGES = {
    # visible cluster ids; cluster; its years; all their memberships as tuples; their units;
    # the bell's unread count (one COUNT on the notices' unread index, on every page)
    "cluster": (lambda s: reverse("clusters:cluster_detail", args=[s.cluster.slug]), 2 + 6),
    # ids; year; memberships; representatives (shared with the to-do list); the year's dates
    # (phase windows, read once for every deadline); sheet states (shared by the column and the
    # to-do list); open ballot rounds; secretariat?; years; campaigns' to-do: the year's
    # campaigns (none here), its latest covenant (none here); the bell's unread count; the
    # year's data version (the key of the cached table, clusters/dashboard_table.py)
    "year": (lambda s: reverse("clusters:year_detail", args=[s.cluster.slug, s.year.year]), 2 + 13),
    # ids; unit; memberships with years; predecessors and successors; the bell
    "unit": (lambda s: reverse("clusters:unit_detail", args=[s.units[1].slug]), 2 + 5),
    # ids; the year landed on in each cluster; the person's open years; then, for each (one
    # here), the page of work: the cluster's version (2: its to-dos are cached by it), then,
    # not cached yet, memberships, secretariat?, and the year's to-dos as on the year page
    # (dates, representatives, covenant, campaigns, sheet states, open rounds); the bell; the
    # clusters; the councils the person works for
    "home": (lambda s: reverse("home"), 2 + 16),
}


@pytest.mark.parametrize("page", PAGES)
def test_page_query_count_does_not_grow_with_the_data(page, django_assert_num_queries):
    small = build_cluster(9, 2, slug="nho")
    large = build_cluster(60, 10, slug="lon")
    url_of, expected = PAGES[page]
    for sized in (small, large):
        client = Client()
        client.force_login(sized.member_staff)
        url = url_of(sized)
        with django_assert_num_queries(expected):
            response = client.get(url)
        assert response.status_code in (200, 302)
