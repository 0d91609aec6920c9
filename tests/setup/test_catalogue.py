"""The administrator's set-up pages: units, clusters and blocks, years, through their forms."""

import pytest
from django.urls import reverse

from clusters.models import AuditEvent, Cluster, EmulationYear, Membership, Unit
from tests.campaigns.pages import field_errors
from tests.factories import UnitFactory

pytestmark = pytest.mark.django_db


def test_the_administrators_home_leads_to_set_up(world, django_app):
    home = django_app.get(reverse("home"), user=world.admin)
    page = home.click(href=reverse("setup:index"))
    assert "Thiết lập hệ thống" in page.text
    assert "setup-link" not in django_app.get(reverse("home"), user=world.own).text


def test_a_unit_added_without_a_slug_gets_one_folded_from_its_name(world, django_app):
    # The factories' codes cycle through 00-99: Đà Nẵng's real code must be free here.
    Unit.objects.filter(admin_code="48").update(admin_code="")
    form = django_app.get(reverse("setup:unit_add"), user=world.admin).forms["unit-form"]
    form["name"] = "Đà Nẵng"
    form["kind"] = "city"
    form["admin_code"] = "48"
    form["full_name"] = "thành phố Đà Nẵng"
    form.submit().follow()
    unit = Unit.objects.get(name="Đà Nẵng")
    assert (unit.slug, unit.kind, unit.admin_code) == ("da-nang", "city", "48")
    assert unit.full_name == "thành phố Đà Nẵng"
    assert AuditEvent.objects.filter(action="unit.save", target_id=unit.pk).exists()


def test_a_duplicate_slug_is_refused_next_to_its_field(world, django_app):
    form = django_app.get(reverse("setup:unit_add"), user=world.admin).forms["unit-form"]
    form["name"] = "Nam Định mới"
    form["slug"] = "nam-dinh"
    form["kind"] = "province"
    page = form.submit()
    assert page.status_code == 200
    assert "đã có đơn vị khác dùng" in field_errors(page, "slug")
    assert not Unit.objects.filter(name="Nam Định mới").exists()


def test_a_duplicate_administrative_code_in_the_same_period_is_refused(world, django_app):
    # The factories' codes cycle through 00-99: only Nam Định holds 36 here.
    Unit.objects.filter(admin_code="36").update(admin_code="")
    world.nam_dinh.admin_code = "36"
    world.nam_dinh.save()
    form = django_app.get(reverse("setup:unit_add"), user=world.admin).forms["unit-form"]
    form["name"] = "Tỉnh Trùng Mã"
    form["kind"] = "province"
    form["admin_code"] = "36"
    page = form.submit()
    assert "Mã hành chính 36 đã là mã của Nam Định" in field_errors(page, "admin_code")
    assert not Unit.objects.filter(name="Tỉnh Trùng Mã").exists()
    # A successor may take the code once the first unit has ended.
    world.nam_dinh.valid_to = "2025-06-30"
    world.nam_dinh.save()
    form = page.forms["unit-form"]
    form["valid_from"] = "01/07/2025"
    form.submit().follow()
    assert Unit.objects.get(name="Tỉnh Trùng Mã").admin_code == "36"


def test_a_unit_edited_keeps_its_successors(world, django_app):
    ninh_binh = UnitFactory(name="Ninh Bình", slug="ninh-binh-2025")
    form = django_app.get(reverse("setup:unit_edit", args=["nam-dinh"]), user=world.admin).forms[
        "unit-form"
    ]
    form["valid_to"] = "30/06/2025"
    form["successors"] = [str(ninh_binh.pk)]
    form.submit().follow()
    world.nam_dinh.refresh_from_db()
    assert list(world.nam_dinh.successors.all()) == [ninh_binh]
    assert str(world.nam_dinh.valid_to) == "2025-06-30"


def test_a_block_and_its_year_are_created_in_the_app(world, django_app):
    form = django_app.get(reverse("setup:cluster_add"), user=world.admin).forms["cluster-form"]
    form["name"] = "Khối các bộ, ngành kinh tế"
    form["kind"] = "khoi"
    form.submit().follow()
    block = Cluster.objects.get(slug="khoi-cac-bo-nganh-kinh-te")
    ministries = [
        UnitFactory(name=name, slug=slug, kind=Unit.Kind.AGENCY)
        for name, slug in (("Bộ Tài chính", "bo-tai-chinh"), ("Bộ Công Thương", "bo-cong-thuong"))
    ]
    page = django_app.get(reverse("setup:year_create", args=[block.slug]), user=world.admin)
    assert "Khối trưởng" in page.text and "Cụm trưởng" not in page.text
    form = page.forms["year-open-form"]
    form["year"] = "2024"
    # The unit picker's text box, as sent without JavaScript: the units' slugs.
    form["members"] = ", ".join(unit.slug for unit in ministries)
    form["head"] = ministries[0].slug
    setup_page = form.submit().follow()
    year = EmulationYear.objects.get(cluster=block, year=2024)
    assert year.memberships.get(role=Membership.Role.HEAD).unit == ministries[0]
    assert "Khối trưởng" in setup_page.html.select_one("[data-testid=members]").get_text()


def test_a_year_whose_head_is_not_a_member_is_refused(world, django_app):
    form = django_app.get(
        reverse("setup:year_create", args=[world.cluster.slug]), user=world.admin
    ).forms["year-open-form"]
    form["year"] = "2019"
    form["members"] = world.nam_dinh.slug
    form["head"] = world.ha_nam.slug
    page = form.submit()
    assert "phải là đơn vị thành viên" in field_errors(page, "head")
    assert not EmulationYear.objects.filter(cluster=world.cluster, year=2019).exists()


def test_units_are_found_without_diacritics(world, django_app):
    page = django_app.get(reverse("setup:unit_list"), user=world.admin)
    form = page.forms["search-form"]
    form["q"] = "nam dinh"
    found = form.submit().html.select_one("[data-testid=units]").get_text()
    assert "Nam Định" in found and "Thái Bình" not in found


def test_accounts_are_found_by_their_units_name_without_diacritics(world, django_app):
    page = django_app.get(reverse("setup:account_list"), user=world.admin)
    form = page.forms["search-form"]
    form["q"] = "thai binh"
    found = form.submit().html.select_one("[data-testid=accounts]").get_text()
    assert "thaibinh" in found and "namdinh" not in found
