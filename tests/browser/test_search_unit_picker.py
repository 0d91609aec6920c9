"""The unit picker with JavaScript (static/js/unit_picker.js): typing a few letters without
diacritics suggests units from the year's search, a click chooses one, and the form sends the
chosen unit's slug in the field's own input — the same value the page takes without it."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.factories import UnitFactory
from tests.personas import build_world

pytestmark = pytest.mark.browser


@pytest.fixture
def world(transactional_db):
    return build_world()


def test_a_member_is_chosen_from_the_suggestions(world, sign_in, live_server):
    bac_ninh = UnitFactory(name="Bắc Ninh", slug="bac-ninh")
    UnitFactory(name="Bắc Giang", slug="bac-giang")
    page = sign_in(world.secretariat.username)
    page.goto(live_server.url + reverse("setup:year_setup", args=[world.cluster.slug, 2018]))
    form = page.locator("#member-form")
    search = form.get_by_label("Đơn vị")
    search.fill("bac ninh")
    suggestion = form.get_by_role("button", name="Bắc Ninh")
    expect(suggestion).to_be_visible()
    expect(form.get_by_role("button", name="Bắc Giang")).to_have_count(0)
    suggestion.click()
    expect(form.locator("input[name=unit]")).to_have_value("bac-ninh")
    expect(form.locator(".unit-picker")).to_contain_text("Bắc Ninh")
    form.get_by_label("Vai trò").select_option("member")
    form.get_by_role("button", name="Thêm hoặc đổi vai trò").click()
    expect(page.locator("[data-testid=members]")).to_contain_text("Bắc Ninh")
    assert world.year.memberships.filter(unit=bac_ninh).exists()
