"""Searching without diacritics: people in the account list, units in the set-up forms' unit
picker (clusters/unit_picker.py), which replaced the lists of every unit a national
installation could not render."""

import datetime

import pytest
from django.urls import reverse

from clusters.models import EmulationYear, Membership, Unit, User
from clusters.text import fold
from tests.campaigns.pages import field_errors
from tests.factories import UnitFactory, UserFactory

pytestmark = pytest.mark.django_db


def _account_rows(world, django_app, query: str) -> str:
    page = django_app.get(reverse("setup:account_list"), user=world.admin)
    form = page.forms["search-form"]
    form["q"] = query
    return form.submit().text


def test_people_are_found_without_diacritics_by_name_and_username(world, django_app):
    UserFactory(username="nvan", full_name="Nguyễn Văn An", unit=world.nam_dinh)
    UserFactory(username="dtbinh", full_name="Đặng Thị Bình", unit=world.thai_binh)
    UserFactory(username="lchi", full_name="Lê Văn Chí", unit=world.ha_nam)

    found = _account_rows(world, django_app, "nguyen van an")
    assert "Nguyễn Văn An" in found and "Đặng Thị Bình" not in found
    found = _account_rows(world, django_app, "dang")
    assert "Đặng Thị Bình" in found and "Nguyễn Văn An" not in found
    found = _account_rows(world, django_app, "DTBINH")
    assert "Đặng Thị Bình" in found and "Lê Văn Chí" not in found


def test_a_renamed_person_is_found_by_the_new_name(world, django_app):
    """The account's page saves four fields only: the folded copy follows them."""
    person = UserFactory(username="canbo-moi", full_name="Trần Văn Cũ", unit=world.nam_dinh)
    form = django_app.get(reverse("setup:account_edit", args=[person.pk]), user=world.admin).forms[
        "account-form"
    ]
    form["full_name"] = "Phạm Thị Mới"
    assert form.submit().status_code == 302
    assert "Phạm Thị Mới" in _account_rows(world, django_app, "pham thi moi")
    assert "Phạm Thị Mới" not in _account_rows(world, django_app, "tran van cu")


def test_the_data_migration_folds_existing_accounts(world):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("clusters.migrations.0014_user_search_name")
    person = UserFactory(username="cu", full_name="Đỗ Thị Hà", email="Ha@Example.vn")
    User.objects.filter(pk=person.pk).update(search_name="")  # as before the migration
    migration.fill_search_names(apps, None)
    person.refresh_from_db()
    assert person.search_name == "do thi ha cu ha@example.vn"


def _suggest(django_app, user, url: str, **params):
    return django_app.get(url, params=params, user=user, expect_errors=True)


def test_the_picker_suggests_folded_matches_of_at_most_twenty_units(world, django_app):
    UnitFactory(name="Đắk Lắk", slug="dak-lak")
    for n in range(25):
        UnitFactory(name=f"Huyện Đông Số {n}", slug=f"huyen-dong-so-{n}")
    url = reverse("setup:unit_search")

    answer = _suggest(django_app, world.admin, url, q="dak lak")
    assert [unit["label"].split(" · ")[0] for unit in answer.json] == ["Đắk Lắk"]
    assert answer.json[0]["value"] == "dak-lak"
    assert len(_suggest(django_app, world.admin, url, q="huyen dong").json) == 20
    assert _suggest(django_app, world.admin, url, q="").json == []


def test_the_picker_answers_only_those_who_may_pick(world, django_app):
    year_url = reverse("setup:year_unit_search", args=[world.cluster.slug, world.year.year])
    assert _suggest(django_app, world.own, reverse("setup:unit_search"), q="nam").status_code == 403
    assert _suggest(django_app, world.outsider, year_url, q="nam").status_code == 404
    assert _suggest(django_app, world.own, year_url, q="nam").status_code == 403
    # The year's picker offers the units that existed during the year, no other.
    UnitFactory(
        name="Nam Hà Cũ", slug="nam-ha-cu", valid_to=datetime.date(world.year.year - 5, 1, 1)
    )
    labels = [u["label"] for u in _suggest(django_app, world.secretariat, year_url, q="nam").json]
    assert any(label.startswith("Nam Định") for label in labels)
    assert not any(label.startswith("Nam Hà Cũ") for label in labels)


def test_the_picker_refuses_bad_input_without_failing(world, django_app):
    url = reverse("setup:unit_search")
    for bad in ("a" * 101, "nam\x00dinh"):
        answer = _suggest(django_app, world.admin, url, q=bad)
        assert answer.status_code == 400, bad
        assert "q" in answer.json["errors"]


def test_a_unit_form_sent_without_javascript_saves_its_successors(world, django_app):
    """The picker's text box as rendered carries the chosen units' slugs: the page's own form
    saves as it was rendered, and a person without JavaScript types slugs or codes."""
    merged = UnitFactory(name="Hà Nam Ninh", slug="ha-nam-ninh", admin_code="350")
    world.ha_nam.successors.add(world.nam_dinh)
    form = django_app.get(
        reverse("setup:unit_edit", args=[world.ha_nam.slug]), user=world.admin
    ).forms["unit-form"]
    assert form["successors"].value == "nam-dinh"
    assert form.submit().status_code == 302  # as rendered
    assert list(world.ha_nam.successors.all()) == [world.nam_dinh]

    form = django_app.get(
        reverse("setup:unit_edit", args=[world.ha_nam.slug]), user=world.admin
    ).forms["unit-form"]
    form["successors"] = "nam-dinh, 350"
    assert form.submit().status_code == 302
    assert set(world.ha_nam.successors.all()) == {world.nam_dinh, merged}


def test_a_unit_that_cannot_be_found_is_named_next_to_the_field(world, django_app):
    url = reverse("setup:year_create", args=[world.cluster.slug])
    form = django_app.get(url, user=world.admin).forms["year-open-form"]
    form["year"] = "2019"
    form["members"] = "ha-nam, khong-co-tinh-nay"
    form["head"] = "ha-nam"
    page = form.submit()
    assert page.status_code == 200
    assert "Không có đơn vị “khong-co-tinh-nay”" in field_errors(page, "members")
    assert not EmulationYear.objects.filter(cluster=world.cluster, year=2019).exists()
    # What was sent stays in the box, to be corrected.
    assert page.forms["year-open-form"]["members"].value == "ha-nam, khong-co-tinh-nay"

    form = page.forms["year-open-form"]
    form["members"] = "ha-nam, nam-dinh"
    form["head"] = "ha-nam, nam-dinh"
    assert "Chỉ chọn một đơn vị." in field_errors(form.submit(), "head")


def test_a_member_is_added_by_name_without_diacritics_in_the_years_set_up(world, django_app):
    bac_ninh = UnitFactory(name="Bắc Ninh", slug="bac-ninh")
    url = reverse("setup:year_setup", args=[world.cluster.slug, world.year.year])
    form = django_app.get(url, user=world.secretariat).forms["member-form"]
    assert "data-unit-picker" in str(form.html)
    form["unit"] = "bac ninh"  # the exact name, folded
    form["role"] = Membership.Role.MEMBER
    assert form.submit().status_code == 302
    assert world.year.memberships.filter(unit=bac_ninh).exists()


def test_an_invitation_refuses_a_unit_that_has_ended(world, django_app):
    ended = UnitFactory(name="Hà Tây", slug="ha-tay", valid_to=datetime.date(2008, 8, 1))
    form = django_app.get(reverse("setup:account_invite"), user=world.admin).forms["invite-form"]
    form["username"], form["full_name"] = "hatay", "Cán bộ Hà Tây"
    form["email"], form["unit"] = "hatay@example.vn", ended.slug
    page = form.submit()
    assert "Không có đơn vị “ha-tay”" in field_errors(page, "unit")
    assert not User.objects.filter(username="hatay").exists()


def test_the_unit_form_renders_no_list_of_every_unit(
    world, django_app, django_assert_max_num_queries
):
    """A national installation's units (30,000; here 1,000) cost the page neither queries nor
    markup: the picker renders only the chosen ones."""
    Unit.objects.bulk_create(
        Unit(name=f"Xã Thử {n}", slug=f"xa-thu-{n}", search_name=fold(f"Xã Thử {n}"))
        for n in range(1000)
    )
    django_app.get(reverse("setup:unit_add"), user=world.admin)  # the session, once
    # Session and user, the 2FA device check, the page's own reads: a fixed few.
    with django_assert_max_num_queries(8):
        page = django_app.get(reverse("setup:unit_add"), user=world.admin)
    assert "Xã Thử 999" not in page.text
    assert len(page.content) < 100_000


def test_the_admins_account_search_finds_people_without_diacritics(world, django_app):
    UserFactory(username="nva-tim", full_name="Nguyễn Văn Ấn", unit=world.nam_dinh)
    UserFactory(username="ttb-tim", full_name="Trần Thị Bình", unit=world.nam_dinh)
    page = django_app.get(reverse("admin:clusters_user_changelist"), user=world.admin)
    form = page.forms["changelist-search"]
    form["q"] = "nguyen van an"
    found = form.submit()
    names = [a.get_text() for a in found.html.select("#result_list tbody th a")]
    assert names == ["nva-tim"]
