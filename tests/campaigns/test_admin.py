"""The administrator keeps the campaign registry; a signed covenant is read-only there too."""

import pytest
from django.urls import reverse

from tests.campaigns import helpers

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", ["campaign", "campaignreport", "covenant"])
def test_administrator_opens_every_list(world, as_persona, name):
    helpers.national_campaign(world)
    helpers.covenant(world)
    response = as_persona("admin").get(reverse(f"admin:campaigns_{name}_changelist"), {"q": "Nam"})
    assert response.status_code == 200


def test_a_signed_covenant_cannot_be_changed_in_the_admin(world, as_persona):
    draft = helpers.covenant(world)
    admin = as_persona("admin")
    draft_page = admin.get(reverse("admin:campaigns_covenant_change", args=[draft.pk])).text
    assert 'name="clauses-0-content"' in draft_page
    draft.delete()
    signed = helpers.signed_covenant(world)
    page = admin.get(reverse("admin:campaigns_covenant_change", args=[signed.pk])).text
    assert "Điều khoản gốc về thi đua." in page
    assert 'name="clauses-0-content"' not in page and 'name="preamble"' not in page
