"""The Django admin that an administrator works with: it opens, searches, and keeps one head."""

import pytest
from django.forms import inlineformset_factory
from django.urls import reverse

from clusters.forms import MembershipInlineFormSet
from clusters.models import EmulationYear, Membership

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "name", ["unit", "cluster", "emulationyear", "membership", "representative", "user"]
)
def test_administrator_opens_and_searches_every_list(world, as_persona, name):
    response = as_persona("admin").get(reverse(f"admin:clusters_{name}_changelist"), {"q": "Nam"})
    assert response.status_code == 200


def test_year_page_has_the_members_inline(world, as_persona):
    url = reverse("admin:clusters_emulationyear_change", args=[world.year.pk])
    text = as_persona("admin").get(url).text
    assert "Nam Định" in text and "memberships-TOTAL_FORMS" in text


@pytest.mark.parametrize("persona", ["secretariat", "own", "viewer", "anonymous"])
def test_the_admin_is_for_administrators_only(world, as_persona, persona):
    response = as_persona(persona).get(reverse("admin:index"))
    assert response.status_code == 302
    assert "/quan-tri/login/" in response["Location"]


def _formset(world, roles: dict[int, str]):
    Formset = inlineformset_factory(
        EmulationYear,
        Membership,
        formset=MembershipInlineFormSet,
        fields=["unit", "role"],
        extra=0,
    )
    memberships = list(world.year.memberships.order_by("pk"))
    data = {
        "memberships-TOTAL_FORMS": str(len(memberships)),
        "memberships-INITIAL_FORMS": str(len(memberships)),
        "memberships-MIN_NUM_FORMS": "0",
        "memberships-MAX_NUM_FORMS": "1000",
    }
    for index, membership in enumerate(memberships):
        data[f"memberships-{index}-id"] = str(membership.pk)
        data[f"memberships-{index}-year"] = str(world.year.pk)
        data[f"memberships-{index}-unit"] = str(membership.unit_id)
        data[f"memberships-{index}-role"] = roles.get(membership.unit_id, membership.role)
    return Formset(data, instance=world.year, prefix="memberships")


def test_members_form_refuses_two_heads(world):
    formset = _formset(world, {world.nam_dinh.pk: "head"})
    assert not formset.is_valid()
    assert "đúng một Cụm trưởng (hiện có 2)" in str(formset.non_form_errors())


def test_members_form_refuses_no_head(world):
    formset = _formset(world, {world.ha_nam.pk: "member"})
    assert not formset.is_valid()
    assert "hiện có 0" in str(formset.non_form_errors())


def test_members_form_accepts_a_change_of_head(world):
    formset = _formset(world, {world.ha_nam.pk: "member", world.nam_dinh.pk: "head"})
    assert formset.is_valid(), formset.errors
