"""The councils' set-up pages (issue 11): the administrator registers a province's council,
appoints its officer (who then reads the council's clusters) and removes them, through the
forms the pages render; a name already taken, an account already appointed or stopped, and a
level that contradicts its province are refused next to their field with nothing saved."""

from __future__ import annotations

import pytest
from django.urls import reverse

from clusters.models import AuditEvent, Cluster, Council, CouncilOfficer
from tests.campaigns.pages import field_errors
from tests.council.access_cases import COUNCIL_SLUG
from tests.factories import ClusterFactory, MembershipFactory, UserFactory, YearFactory

pytestmark = pytest.mark.django_db

HA_NAM_COUNCIL = "Hội đồng Thi đua - Khen thưởng tỉnh Hà Nam"


def _add_form(django_app, world):
    page = django_app.get(reverse("setup:index"), user=world.admin)
    page = page.click(href=f"^{reverse('setup:council_list')}$")
    return page.click(href=f"^{reverse('setup:council_add')}$").forms["council-form"]


def _remove_form(page, office: CouncilOfficer):
    action = reverse("setup:council_officer_remove", args=[office.council.slug, office.pk])
    (form,) = [form for form in page.forms.values() if form.action == action]
    return form


def test_a_province_council_is_registered_given_an_officer_who_then_reads_it(world, django_app):
    form = _add_form(django_app, world)
    form["name"] = HA_NAM_COUNCIL
    form["kind"] = Council.Kind.PROVINCIAL
    form["province"] = str(world.ha_nam.pk)
    page = form.submit().follow()
    council = Council.objects.get(name=HA_NAM_COUNCIL)
    assert (council.slug, council.kind, council.province) == (
        "hoi-dong-thi-dua-khen-thuong-tinh-ha-nam",
        "provincial",
        world.ha_nam,
    )
    assert AuditEvent.objects.filter(action="council.save", target_id=council.pk).exists()

    # A block of the province's departments, organised by the new council (set on its own form).
    block = ClusterFactory(
        name="Khối thi đua các sở, ngành tỉnh Hà Nam",
        slug="khoi-so-nganh-ha-nam",
        kind=Cluster.Kind.KHOI,
        council=council,
    )
    MembershipFactory(year=YearFactory(cluster=block, year=2018), unit=world.ha_nam)
    page = django_app.get(page.request.url, user=world.admin)
    assert block.name in page.html.select_one("[data-testid=council-clusters]").text

    officer = UserFactory(username="hdhanam", unit=None, email="hdhanam@example.vn")
    form = page.forms["council-officer-form"]
    form["user"] = "hdhanam@example.vn"  # by e-mail; the sign-in name works too
    page = form.submit().follow()
    assert "hdhanam" in page.html.select_one("[data-testid=council-officers]").text
    assert CouncilOfficer.objects.get(user=officer).council == council
    appointed = AuditEvent.objects.get(action="council.officer", target_id=council.pk)
    assert appointed.actor == world.admin and appointed.summary == str(officer)

    listed = django_app.get(reverse("setup:council_list"), user=world.admin)
    row = next(
        tr for tr in listed.html.select("[data-testid=council-row]") if HA_NAM_COUNCIL in tr.text
    )
    assert [td.get_text(strip=True) for td in row.find_all("td")][-2:] == ["1", "1"]

    mine = reverse("council:council_detail", args=[council.slug])
    assert block.name in django_app.get(mine, user=officer).text
    central = reverse("council:council_detail", args=[COUNCIL_SLUG])
    assert django_app.get(central, user=officer, expect_errors=True).status_code == 404

    # Removed: the officer no longer reads the council; the audit event keeps who it was.
    page = django_app.get(page.request.url, user=world.admin)  # signed in again: a new token
    page = _remove_form(page, officer.council_office).submit().follow()
    assert not CouncilOfficer.objects.filter(user=officer).exists()
    assert "hdhanam" not in page.html.select_one("[data-testid=council-officers]").text
    removed = AuditEvent.objects.get(action="council.officer_remove")
    assert removed.summary == str(officer) and removed.changes["officer"] == ["hdhanam", None]
    assert django_app.get(mine, user=officer, expect_errors=True).status_code == 404


def test_a_name_already_taken_is_refused_next_to_the_field(world, django_app):
    form = _add_form(django_app, world)
    form["name"] = "Hội đồng Thi đua - Khen thưởng Trung ương"  # the world's central council
    form["kind"] = Council.Kind.CENTRAL
    page = form.submit()
    assert page.status_code == 200
    assert "Đã có hội đồng mang tên" in field_errors(page, "name")
    assert Council.objects.count() == 2
    assert not AuditEvent.objects.filter(action="council.save").exists()


def test_a_name_that_gives_no_slug_is_refused_next_to_the_slug(world, django_app):
    form = _add_form(django_app, world)
    form["name"] = "***"
    form["kind"] = Council.Kind.CENTRAL
    page = form.submit()
    assert page.status_code == 200
    assert field_errors(page, "slug")
    assert Council.objects.count() == 2


def test_a_renamed_council_may_not_take_anothers_name(world, django_app):
    url = reverse("setup:council_edit", args=[COUNCIL_SLUG])
    form = django_app.get(url, user=world.admin).forms["council-form"]
    form["name"] = "Hội đồng Thi đua - Khen thưởng tỉnh Đắk Lắk"
    page = form.submit()
    assert "Đã có hội đồng mang tên" in field_errors(page, "name")
    central = "Hội đồng Thi đua - Khen thưởng Trung ương"
    assert Council.objects.get(slug=COUNCIL_SLUG).name == central
    assert page.html.select_one("h1").get_text(strip=True) == central  # not the name refused


@pytest.mark.parametrize(
    ("kind", "with_province", "message"),
    [
        ("central", True, "Hội đồng Trung ương không thuộc một tỉnh, thành phố."),
        ("provincial", False, "Hãy chọn tỉnh, thành phố của hội đồng."),
    ],
)
def test_the_level_and_the_province_must_agree(world, django_app, kind, with_province, message):
    form = _add_form(django_app, world)
    form["name"] = HA_NAM_COUNCIL
    form["kind"] = kind
    if with_province:
        form["province"] = str(world.ha_nam.pk)
    page = form.submit()
    assert message in field_errors(page, "province")
    assert not Council.objects.filter(name=HA_NAM_COUNCIL).exists()


def _officer_form(django_app, world):
    url = reverse("setup:council_edit", args=[COUNCIL_SLUG])
    return django_app.get(url, user=world.admin).forms["council-officer-form"]


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("hoidong", "đã là cán bộ của hội đồng này."),  # the world's central officer
        ("daklakhd", "đã là cán bộ của Hội đồng Thi đua - Khen thưởng tỉnh Đắk Lắk."),
        ("nghiviec", "đã ngừng, không giao được."),
        ("khongco", "Không có tài khoản nào"),
    ],
)
def test_an_officer_who_cannot_be_appointed_is_refused_next_to_the_field(
    world, django_app, typed, message
):
    UserFactory(username="nghiviec", unit=None, is_active=False)
    dak_lak = Council.objects.get(slug="hoi-dong-dak-lak")
    CouncilOfficer.objects.create(council=dak_lak, user=UserFactory(username="daklakhd"))
    before = list(CouncilOfficer.objects.values_list("pk", "council_id", "user_id"))
    form = _officer_form(django_app, world)
    form["user"] = typed
    page = form.submit()
    assert page.status_code == 200
    assert message in field_errors(page, "user")
    assert list(CouncilOfficer.objects.values_list("pk", "council_id", "user_id")) == before
    assert not AuditEvent.objects.filter(action="council.officer").exists()


@pytest.mark.parametrize("persona", ["secretariat", "own", "viewer", "outsider", "council"])
def test_only_the_administrator_opens_the_councils_set_up(world, django_app, client, persona):
    person = getattr(world, persona)
    for url in (
        reverse("setup:council_list"),
        reverse("setup:council_add"),
        reverse("setup:council_edit", args=[COUNCIL_SLUG]),
    ):
        assert django_app.get(url, user=person, expect_errors=True).status_code == 403
    office = world.council.council_office
    client.force_login(person)
    remove = reverse("setup:council_officer_remove", args=[COUNCIL_SLUG, office.pk])
    assert client.post(remove).status_code == 403
    add = reverse("setup:council_officer_add", args=[COUNCIL_SLUG])
    assert client.post(add, {"user": person.username}).status_code == 403
    assert list(CouncilOfficer.objects.values_list("pk", flat=True)) == [office.pk]


def test_the_demos_register_keeps_the_set_up_rules(db):
    """council_register (the demo's loader) is council_save: a provincial council needs its
    province there too, and a second register of a slug updates the council it made."""
    from clusters import councils
    from clusters.services import Refused

    with pytest.raises(Refused) as refused:
        councils.council_register(actor=None, slug="hd-thu", name="Hội đồng thử", kind="provincial")
    assert refused.value.field == "province"
    made = councils.council_register(actor=None, slug="hd-tw", name="Hội đồng TW", kind="central")
    again = councils.council_register(
        actor=None, slug="hd-tw", name="Hội đồng Thi đua - Khen thưởng Trung ương", kind="central"
    )
    assert again.pk == made.pk and again.name.endswith("Trung ương")
