"""The clusters app's services write who did what: closing and opening a year, its leaders, its
phase and details, a unit's representative. Through the pages, with the forms they render."""

from __future__ import annotations

import datetime

import pytest
from django.test import override_settings
from django.urls import reverse

from clusters import closing, services
from clusters.flow import YearFlow
from clusters.models import AuditEvent, EmulationYear, Representative
from clusters.services import Refused, YearClosedRefused
from tests.clusters.closing_builders import record_the_conference

pytestmark = pytest.mark.django_db


def office() -> dict:
    """The office's address (a new dict each time: django-webtest writes the user into it)."""
    return {"REMOTE_ADDR": "203.0.113.7"}


def _year_url(world, name="clusters:year_detail", *extra):
    return reverse(name, args=[world.cluster.slug, world.year.year, *extra])


def _events(**filters) -> list[AuditEvent]:
    events = AuditEvent.objects.filter(**filters).exclude(action__startswith="auth.")
    return list(events.order_by("pk"))


# --- closing a year --------------------------------------------------------------------------


def _close_through_the_dashboard(world, django_app):
    world.year.phase = EmulationYear.Phase.CONFERENCE
    world.year.save()
    page = django_app.get(_year_url(world), user=world.secretariat, extra_environ=office())
    page = page.click(href=_year_url(world, "clusters:year_close"), extra_environ=office())
    return page.forms["year-close-form"].submit(extra_environ=office())


def test_closing_records_the_close_and_the_opening_with_actor_unit_and_address(world, django_app):
    record_the_conference(world.year, world.secretariat)
    response = _close_through_the_dashboard(world, django_app)
    following = EmulationYear.objects.get(cluster=world.cluster, year=2019)
    assert response.status_code == 302 and response["Location"] == following.get_absolute_url()
    close, opening = _events(action__startswith="year.")
    assert (close.action, close.year, close.target_id) == ("year.close", world.year, world.year.pk)
    assert close.actor == world.secretariat and close.unit == world.ha_nam
    assert close.actor_name == world.secretariat.full_name
    assert close.ip == "203.0.113.7"
    assert close.changes == {"phase": ["Hội nghị tổng kết", "Đã tổng kết"]}
    assert (opening.action, opening.year) == ("year.open", following)
    assert "Nam Định" in opening.summary and opening.ip == "203.0.113.7"


def _elected(year):
    from clusters.models import Unit

    return Unit.objects.get(slug="nam-dinh"), [Unit.objects.get(slug="thai-binh")]


ELECTING = YearFlow(next_leaders=_elected)


@override_settings(YEAR_FLOW="tests.clusters.test_audit.ELECTING")
def test_the_next_years_leaders_are_recorded_when_they_change(world, django_app):
    _close_through_the_dashboard(world, django_app)
    following = EmulationYear.objects.get(cluster=world.cluster, year=2019)
    (leaders,) = _events(action="year.leaders")
    assert leaders.year == following and leaders.actor == world.secretariat
    assert leaders.changes == {"head": ["", "Nam Định"], "deputies": ["", "Thái Bình"]}
    # Setting the same leaders again changes nothing and records nothing.
    with_same = closing.set_leaders(following, world.nam_dinh, [world.thai_binh], actor=world.admin)
    assert with_same is False and len(_events(action="year.leaders")) == 1


def test_a_refused_close_records_nothing_and_says_what_remains(world, django_app):
    world.year.memberships.filter(role="head").update(role="member")
    page = django_app.get(_year_url(world), user=world.admin)
    page = page.click(href=_year_url(world, "clusters:year_close"))
    assert "Phải hoàn thành trước khi khép lại năm" in page.text
    assert "Năm thi đua chưa có Cụm trưởng." in page.text
    assert "year-close-form" not in page.forms
    assert _events() == []


def test_closing_a_closed_year_is_refused_as_closed(world):
    record_the_conference(world.year, world.secretariat)
    closing.year_close(actor=world.secretariat, year=world.year)
    with pytest.raises(YearClosedRefused):
        closing.year_close(actor=world.secretariat, year=world.year)
    assert [e.action for e in _events(action__startswith="year.")] == ["year.close", "year.open"]


def test_year_not_ready_is_a_refusal_that_keeps_its_list():
    refusal = closing.YearNotReady(["Một", "Hai"])
    assert isinstance(refusal, Refused) and refusal.remaining == ["Một", "Hai"]
    assert "Một; Hai" in refusal.message


# --- the year's phase and details ------------------------------------------------------------


def test_the_year_form_records_the_details(world, django_app):
    page = django_app.get(_year_url(world, "clusters:year_edit"), user=world.secretariat)
    form = page.forms["year-form"]
    form["host_unit"] = str(world.ha_nam.pk)
    form["conference_date"] = "20/03/2019"
    form["conference_place"] = "tỉnh Hà Nam"
    response = form.submit(extra_environ=office())
    assert response.status_code == 302
    world.year.refresh_from_db()
    assert world.year.conference_date == datetime.date(2019, 3, 20)
    (details,) = _events()
    assert details.action == "year.update" and details.actor == world.secretariat
    assert details.ip == "203.0.113.7"
    assert details.changes == {
        "host_unit": ["", "Hà Nam"],
        "conference_date": ["", "2019-03-20"],
        "conference_place": ["", "tỉnh Hà Nam"],
    }


def test_saving_the_year_unchanged_records_nothing(world, django_app):
    page = django_app.get(_year_url(world, "clusters:year_edit"), user=world.secretariat)
    assert page.forms["year-form"].submit().status_code == 302
    assert _events() == []


def test_a_phase_moved_on_meanwhile_is_refused_under_the_lock(world):
    """The copy at hand says "in progress"; meanwhile someone moved the year to the conference.
    The service checks the locked row, not the copy, and refuses going back two phases."""
    stale = EmulationYear.objects.get(pk=world.year.pk)
    EmulationYear.objects.filter(pk=world.year.pk).update(phase="conference")
    with pytest.raises(Refused) as refused:
        services.year_phase_advance(
            actor=world.secretariat, year=stale, to_phase="self_assessment", confirm=True
        )
    assert refused.value.field == "to_phase"
    assert str(refused.value) == "Chỉ được quay lại giai đoạn liền trước."
    world.year.refresh_from_db()
    assert world.year.phase == "conference" and _events() == []


def test_a_refusal_is_shown_next_to_its_field(world, django_app, monkeypatch):
    def refuse(**kwargs):
        raise Refused("Lý do từ chối thử.", field="conference_place")

    monkeypatch.setattr(services, "year_update", refuse)
    form = django_app.get(_year_url(world, "clusters:year_edit"), user=world.secretariat).forms[
        "year-form"
    ]
    form["conference_place"] = "tỉnh Hà Nam"
    response = form.submit()
    assert response.status_code == 200
    field = response.html.find(id="div_id_conference_place")
    assert "Lý do từ chối thử." in field.text


def test_year_update_refuses_a_host_outside_the_year(world):
    with pytest.raises(Refused) as refused:
        services.year_update(actor=world.secretariat, year=world.year, host_unit=world.other_unit)
    assert refused.value.field == "host_unit"
    with pytest.raises(Refused) as refused:
        services.year_phase_advance(
            actor=world.secretariat, year=world.year, to_phase="closed", confirm=True
        )
    assert refused.value.field == "to_phase"
    assert _events() == []


def test_year_update_keeps_what_it_is_not_given(world):
    world.year.conference_place = "tỉnh Hà Nam"
    world.year.save()
    services.year_update(actor=world.admin, year=world.year, notes="Ghi chú")
    world.year.refresh_from_db()
    assert world.year.conference_place == "tỉnh Hà Nam" and world.year.notes == "Ghi chú"
    (event,) = _events()
    assert event.changes == {"notes": ["", "Ghi chú"]} and event.unit is None  # the admin


# --- a unit's representative -----------------------------------------------------------------


def test_an_officer_names_their_representative_and_the_change_is_recorded(world, django_app):
    url = _year_url(world, "clusters:representative_edit", world.nam_dinh.slug)
    form = django_app.get(url, user=world.own).forms["representative-form"]
    form["full_name"] = "Đặng Văn Nam"
    form["title"] = "Phó Chủ tịch UBND tỉnh Nam Định"
    assert form.submit(extra_environ=office()).status_code == 302
    representative = Representative.objects.get(year=world.year, unit=world.nam_dinh)
    assert representative.full_name == "Đặng Văn Nam" and not representative.is_sample
    (event,) = _events()
    assert (event.action, event.actor, event.unit, event.ip) == (
        "representative.save",
        world.own,
        world.nam_dinh,
        "203.0.113.7",
    )
    assert event.year == world.year and event.target_id == representative.pk
    assert event.changes == {
        "full_name": ["", "Đặng Văn Nam"],
        "title": ["", "Phó Chủ tịch UBND tỉnh Nam Định"],
    }
    # The secretariat corrects the title: only the title is recorded as changed.
    form = django_app.get(url, user=world.secretariat).forms["representative-form"]
    assert form["full_name"].value == "Đặng Văn Nam"
    form["title"] = "Chủ tịch UBND tỉnh Nam Định"
    form.submit()
    latest = _events()[-1]
    assert latest.actor == world.secretariat and latest.unit == world.ha_nam
    assert latest.changes == {
        "title": ["Phó Chủ tịch UBND tỉnh Nam Định", "Chủ tịch UBND tỉnh Nam Định"]
    }


def test_an_empty_representative_form_is_refused_in_vietnamese(world, django_app):
    url = _year_url(world, "clusters:representative_edit", world.nam_dinh.slug)
    form = django_app.get(url, user=world.own).forms["representative-form"]
    response = form.submit()
    assert response.status_code == 200 and "Trường này là bắt buộc" in response.text
    assert not Representative.objects.exists() and _events() == []


def test_a_year_closed_after_the_form_was_shown_refuses_the_form(world, django_app):
    url = _year_url(world, "clusters:representative_edit", world.nam_dinh.slug)
    form = django_app.get(url, user=world.own).forms["representative-form"]
    form["full_name"], form["title"] = "Đặng Văn Nam", "Phó Chủ tịch"
    EmulationYear.objects.filter(pk=world.year.pk).update(phase="closed")
    page = form.submit().follow()
    assert "Năm thi đua đã tổng kết, không thể sửa đổi." in page.text
    assert not Representative.objects.exists() and _events() == []


def test_the_service_checks_the_locked_year_not_the_copy_it_was_given(world):
    stale = EmulationYear.objects.get(pk=world.year.pk)
    EmulationYear.objects.filter(pk=world.year.pk).update(phase="closed")
    with pytest.raises(YearClosedRefused):
        services.representative_save(
            actor=world.own, year=stale, unit=world.nam_dinh, full_name="A", title="B"
        )
    assert not Representative.objects.exists() and _events() == []


def test_representative_save_refuses_a_unit_outside_the_year(world):
    with pytest.raises(Refused):
        services.representative_save(
            actor=world.admin, year=world.year, unit=world.other_unit, full_name="A", title="B"
        )
    assert not Representative.objects.exists()


# --- the client address behind the proxy ------------------------------------------------------


@override_settings(CLIENT_IP_HEADER="HTTP_X_FORWARDED_FOR")
def test_the_address_is_the_one_our_proxy_appended(world, django_app):
    url = _year_url(world, "clusters:representative_edit", world.nam_dinh.slug)
    proxied = {"HTTP_X_FORWARDED_FOR": "10.9.9.9, 198.51.100.4", "REMOTE_ADDR": "127.0.0.1"}
    form = django_app.get(url, user=world.own).forms["representative-form"]
    form["full_name"], form["title"] = "Đặng Văn Nam", "Phó Chủ tịch"
    form.submit(extra_environ=proxied)
    assert _events()[0].ip == "198.51.100.4"
