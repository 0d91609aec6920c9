"""Years that stay consistent (issue 11): a next year prepared before the current one closes is
filled by the closing (members, the elected head, the criteria), refused only once it has left
set-up; officers land on the year they work in; successor units' pages are visible to whoever
sees a year their predecessors belong to."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from clusters import closing, setup
from clusters.models import EmulationYear, Membership
from scoring.models import Criterion
from tests.clusters.test_closing import _finish_the_year
from tests.factories import MembershipFactory, UnitFactory, YearFactory

pytestmark = pytest.mark.django_db


def _prepare_2019(world, phase: str = EmulationYear.Phase.SETUP) -> EmulationYear:
    """The administrator creates 2019 ahead, with a guessed head and one member."""
    prepared = setup.year_open(
        actor=world.admin,
        cluster=world.cluster,
        year=2019,
        head=world.ha_nam,
        members=[world.ha_nam],
    )
    EmulationYear.objects.filter(pk=prepared.pk).update(phase=phase)
    return prepared


def _close_through_the_page(world, django_app):
    url = reverse("clusters:year_close", args=[world.cluster.slug, world.year.year])
    page = django_app.get(url, user=world.secretariat)
    form = page.forms["year-close-form"]
    if "confirm" in form.fields:
        form["confirm"] = True
    return form.submit()


def test_closing_fills_the_next_year_prepared_in_set_up(world, django_app):
    criteria, hai_duong = _finish_the_year(world)
    prepared = _prepare_2019(world)
    _close_through_the_page(world, django_app).follow()
    world.year.refresh_from_db()
    assert world.year.is_closed
    following = EmulationYear.objects.get(cluster=world.cluster, year=2019)
    assert following.pk == prepared.pk  # filled, not a second 2019
    roles = dict(following.memberships.values_list("unit__slug", "role"))
    assert roles == {
        "nam-dinh": Membership.Role.HEAD,  # elected at the conference, not the guessed Hà Nam
        "thai-binh": Membership.Role.DEPUTY,
        "ha-nam": Membership.Role.MEMBER,
        hai_duong.slug: Membership.Role.MEMBER,
    }
    following.refresh_from_db()
    assert following.host_unit == world.nam_dinh
    copied = Criterion.objects.filter(sheet__year=following).count()
    assert copied == Criterion.objects.filter(sheet__year=world.year).count() > 0


def test_closing_refuses_while_the_prepared_year_has_left_set_up(world, django_app):
    _finish_the_year(world)
    _prepare_2019(world, phase=EmulationYear.Phase.COVENANT)
    url = reverse("clusters:year_close", args=[world.cluster.slug, world.year.year])
    page = django_app.get(url, user=world.secretariat)
    assert "Năm thi đua 2019 đã được chuẩn bị và đã sang giai đoạn “Ký kết giao ước”" in page.text
    if "year-close-form" in page.forms:  # the page may offer it: submitting is refused
        page.forms["year-close-form"].submit().follow()
    with pytest.raises(closing.YearNotReady):
        closing.year_close(actor=world.secretariat, year=world.year)
    world.year.refresh_from_db()
    assert not world.year.is_closed
    assert not Criterion.objects.filter(sheet__year__year=2019).exists()


def test_an_officer_lands_on_the_open_year_they_work_in_not_the_newest(world, django_app):
    prepared = _prepare_2019(world)
    MembershipFactory(year=prepared, unit=world.nam_dinh)
    page = django_app.get(reverse("home"), user=world.own)
    current = page.html.select_one("[data-testid=current-year] a")
    assert current["href"] == world.year.get_absolute_url()  # 2018, still in its conference
    assert not page.html.select("[data-testid=cluster-picker]")


def test_an_officer_in_two_clusters_picks_the_cluster_from_home(world, django_app):
    MembershipFactory(year=world.other_year, unit=world.nam_dinh)
    page = django_app.get(reverse("home"), user=world.own)
    picker = page.html.select_one("[data-testid=cluster-picker]")
    assert world.cluster.name in picker.text and world.other_cluster.name in picker.text
    page = page.click(href=f"cum={world.other_cluster.slug}")
    current = page.html.select_one("[data-testid=current-year] a")
    assert current["href"] == world.other_year.get_absolute_url()
    assert "Tây Nguyên" in page.html.select_one("[data-testid=current-year]").text


def test_a_successor_units_page_is_visible_to_whoever_sees_its_predecessors_year(world, django_app):
    successor = UnitFactory(
        name="Ninh Bình", slug="ninh-binh-2025", valid_from=datetime.date(2025, 7, 1)
    )
    world.nam_dinh.successors.add(successor)
    url = reverse("clusters:unit_detail", args=[successor.slug])
    for person in (world.own, world.other, world.viewer, world.council):
        page = django_app.get(url, user=person)
        assert "Ninh Bình" in page.text and "Nam Định" in page.text
    assert django_app.get(url, user=world.outsider, status="*").status_code == 404
    # And the other way round: the predecessor of a unit in a year one sees.
    older = UnitFactory(name="Hà Tây", slug="ha-tay", valid_to=datetime.date(2008, 7, 31))
    older.successors.add(world.ha_nam)
    assert (
        django_app.get(
            reverse("clusters:unit_detail", args=[older.slug]), user=world.own
        ).status_code
        == 200
    )


def test_the_council_officer_lands_on_each_organised_clusters_open_year(world, django_app):
    YearFactory(cluster=world.cluster, year=2017, phase=EmulationYear.Phase.CLOSED)
    page = django_app.get(reverse("home"), user=world.council)
    current = page.html.select_one("[data-testid=current-year] a")
    assert current["href"] == world.year.get_absolute_url()


def test_a_years_form_names_units_as_they_were_that_year(world, django_app):
    world.nam_dinh.valid_to = datetime.date(2025, 6, 30)
    world.nam_dinh.save()
    url = reverse("clusters:year_edit", args=[world.cluster.slug, world.year.year])
    form = django_app.get(url, user=world.secretariat).forms["year-form"]
    labels = [text for _, _, text in form["host_unit"].options]
    assert "Nam Định" in labels and not any("(đến" in text for text in labels)
    form["host_unit"] = str(world.nam_dinh.pk)
    form.submit().follow()
    world.year.refresh_from_db()
    assert world.year.host_unit == world.nam_dinh


def test_in_the_year_a_unit_ends_its_dates_tell_the_two_apart():
    from clusters.labels import unit_label
    from clusters.models import Unit

    old = Unit(name="Ninh Bình", valid_to=datetime.date(2025, 6, 30))
    merged = Unit(name="Ninh Bình", valid_from=datetime.date(2025, 7, 1))
    assert unit_label(old, 2019) == "Ninh Bình"
    assert unit_label(old, 2025) == "Ninh Bình (đến 30/06/2025)"
    assert unit_label(merged, 2025) == "Ninh Bình (từ 01/07/2025)"
    assert unit_label(merged, 2026) == "Ninh Bình"


def test_the_recipient_and_conference_forms_name_units_as_they_were(world, django_app):
    from tests.awards.helpers import make_decision

    world.nam_dinh.valid_to = datetime.date(2025, 6, 30)
    world.nam_dinh.save()
    decision = make_decision(world.year)
    url = reverse(
        "awards:recipient_create", args=[world.cluster.slug, world.year.year, decision.pk]
    )
    page = django_app.get(url, user=world.secretariat)
    select = page.html.select_one("select[name=unit]")
    labels = [option.text for option in select.select("option")]
    assert "Nam Định" in labels and not any("(đến" in text for text in labels)
    conference = reverse("campaigns:conference_edit", args=[world.cluster.slug, world.year.year])
    page = django_app.get(conference, user=world.secretariat)
    select = page.html.select_one("select[name=host_unit]")
    assert select is not None and "Nam Định" in [o.text for o in select.select("option")]
    assert "(đến" not in select.text
