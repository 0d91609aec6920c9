"""The scoring admin: cross-review assignments are kept there; ballots are not shown at all;
a closed year's data is read-only there too."""

import pytest
from django.urls import NoReverseMatch, reverse

from scoring.models import ReviewAssignment
from tests.scoring.builders import make_sheet

pytestmark = pytest.mark.django_db


def test_administrator_assigns_a_cross_review(world, as_persona):
    response = as_persona("admin").post(
        reverse("admin:scoring_reviewassignment_add"),
        {
            "year": world.year.pk,
            "reviewer_unit": world.thai_binh.pk,
            "reviewed_unit": world.nam_dinh.pk,
        },
    )
    assert response.status_code == 302
    assert ReviewAssignment.objects.get().reviewer_unit == world.thai_binh


@pytest.mark.parametrize("name", ["criteriasheet", "reviewassignment", "assessment", "ballotround"])
def test_scoring_lists_open_for_the_administrator(world, as_persona, name):
    assert as_persona("admin").get(reverse(f"admin:scoring_{name}_changelist")).status_code == 200


def test_ballots_have_no_admin_page():
    with pytest.raises(NoReverseMatch):
        reverse("admin:scoring_ballot_changelist")


def test_a_closed_years_sheet_is_read_only_in_the_admin(world, as_persona):
    world.year.phase = "setup"  # criteria change in set-up only (tests/clusters/test_admin_year.py)
    world.year.save()
    sheet = make_sheet(world.year)["I"].sheet
    url = reverse("admin:scoring_criteriasheet_change", args=[sheet.pk])
    client = as_persona("admin")
    assert 'name="tie_breakers"' in client.get(url).text
    world.year.phase = "closed"
    world.year.save()
    assert 'name="tie_breakers"' not in client.get(url).text
    response = client.post(url, {"tie_breakers": "II"})
    assert response.status_code == 403
    sheet.refresh_from_db()
    assert sheet.tie_breakers == "I"
