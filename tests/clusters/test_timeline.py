"""The year's timeline and its phase moves, through the pages as the secretariat uses them."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.urls import reverse

from clusters.models import AuditEvent, EmulationYear, PhaseWindow

pytestmark = pytest.mark.django_db

Phase = EmulationYear.Phase
D = datetime.date


def _url(world, name="clusters:year_detail"):
    return reverse(name, args=[world.cluster.slug, world.year.year])


def _windows(world) -> dict[str, tuple]:
    return {w.phase: (w.opens_on, w.due_on) for w in PhaseWindow.objects.filter(year=world.year)}


def _timeline_form(world, django_app):
    page = django_app.get(_url(world), user=world.secretariat)
    return page.click(href=_url(world, "clusters:year_timeline")).forms["timeline-form"]


def _fill(form, rows: dict[str, tuple[str, str]]) -> None:
    for phase, (opens, due) in rows.items():
        form[f"{phase}_opens_on"] = opens
        form[f"{phase}_due_on"] = due


PLAN = {
    "setup": ("02/01/2018", "05/03/2018"),
    "covenant": ("06/03/2018", "10/03/2018"),
    "in_progress": ("12/03/2018", "30/11/2018"),
    "self_assessment": ("01/12/2018", "25/12/2018"),
    "review": ("07/01/2019", "31/01/2019"),
    "conference": ("01/03/2019", "20/03/2019"),
}


def _set_plan(world, django_app):
    form = _timeline_form(world, django_app)
    _fill(form, PLAN)
    form["answer_days"] = "5"
    return form.submit()


# --- the timeline's set-up ---------------------------------------------------------------------


def test_the_secretariat_sets_the_timeline_and_the_year_page_shows_it(world, django_app):
    form = _timeline_form(world, django_app)
    assert form["answer_days"].value == "7"  # the default
    assert form["review_due_on"].value == ""
    response = _set_plan(world, django_app)
    assert response.status_code == 302
    assert _windows(world)[Phase.REVIEW] == (D(2019, 1, 7), D(2019, 1, 31))
    assert len(_windows(world)) == 6
    world.year.refresh_from_db()
    assert world.year.answer_days == 5
    (event,) = AuditEvent.objects.filter(action="year.timeline")
    assert event.actor == world.secretariat and event.year == world.year
    assert event.changes["Chấm chéo, thẩm định: hạn hoàn thành"] == ["", "31/01/2019"]
    assert event.changes["answer_days"] == ["7", "5"]
    with time_machine.travel(datetime.datetime(2018, 6, 1, 9), tick=False):
        page = response.follow()
    row = page.html.find(attrs={"data-testid": "timeline-in_progress"})
    assert "12/03/2018" in row.text and "30/11/2018" in row.text
    assert "giai đoạn hiện tại" in row.text and "hôm nay" in row.text
    assert "Hết hạn ký giao ước." in row.text  # what the phase locks
    review = page.html.find(attrs={"data-testid": "timeline-review"})
    assert "Mở các vòng bỏ phiếu." in review.text and "hôm nay" not in review.text


def test_a_deadline_before_its_phase_opens_is_refused_next_to_it_and_nothing_saved(
    world, django_app
):
    form = _timeline_form(world, django_app)
    _fill(form, {**PLAN, "review": ("07/01/2019", "01/01/2019")})
    response = form.submit()
    assert response.status_code == 200
    field = response.html.find(id="div_id_review_due_on")
    assert "Hạn hoàn thành không được trước ngày bắt đầu." in field.text
    assert _windows(world) == {}
    assert not AuditEvent.objects.filter(action="year.timeline").exists()


def test_phases_out_of_order_are_refused_next_to_the_phase_and_nothing_saved(world, django_app):
    form = _timeline_form(world, django_app)
    _fill(form, {**PLAN, "self_assessment": ("01/03/2018", "25/12/2018")})
    response = form.submit()
    field = response.html.find(id="div_id_self_assessment_opens_on")
    assert "không được bắt đầu trước giai đoạn “Triển khai thi đua”" in field.text
    assert _windows(world) == {}


def test_moving_a_date_already_set_needs_a_reason_which_the_log_keeps(world, django_app):
    _set_plan(world, django_app)
    form = _timeline_form(world, django_app)
    assert form["conference_due_on"].value == "20/03/2019"
    form["conference_due_on"] = "25/03/2019"
    response = form.submit()
    assert (
        "Hãy ghi lý do thay đổi các mốc thời gian đã đặt."
        in response.html.find(id="div_id_reason").text
    )
    assert _windows(world)[Phase.CONFERENCE] == (D(2019, 3, 1), D(2019, 3, 20))
    form = response.forms["timeline-form"]
    form["reason"] = "Tỉnh đăng cai đề nghị lùi hội nghị."
    assert form.submit().status_code == 302
    assert _windows(world)[Phase.CONFERENCE] == (D(2019, 3, 1), D(2019, 3, 25))
    event = AuditEvent.objects.filter(action="year.timeline").latest("pk")
    assert event.summary == "Tỉnh đăng cai đề nghị lùi hội nghị."
    assert event.changes == {"Hội nghị tổng kết: hạn hoàn thành": ["20/03/2019", "25/03/2019"]}


def test_the_timeline_of_a_closed_year_cannot_be_changed(world, django_app):
    EmulationYear.objects.filter(pk=world.year.pk).update(phase=Phase.CLOSED)
    response = django_app.get(_url(world, "clusters:year_timeline"), user=world.secretariat)
    assert response.status_code == 302
    assert "không thể sửa đổi" in response.follow().text
    page = django_app.get(_url(world), user=world.secretariat)
    assert _url(world, "clusters:year_timeline") not in page.text


def test_a_member_sees_the_timeline_but_not_its_buttons(world, django_app):
    page = django_app.get(_url(world), user=world.own)
    assert page.html.find(attrs={"data-testid": "timeline"}) is not None
    assert _url(world, "clusters:year_timeline") not in page.text
    assert _url(world, "clusters:year_phase") not in page.text


# --- moving the year to another phase ----------------------------------------------------------


def test_the_next_phase_is_confirmed_after_reading_what_opens_and_locks(world, django_app):
    page = django_app.get(_url(world), user=world.secretariat)
    confirm = page.click(description="Chuyển sang giai đoạn tiếp theo")
    assert "Tự chấm điểm" in confirm.html.find(attrs={"data-testid": "phase-move"}).text
    opens = confirm.html.find(attrs={"data-testid": "phase-opens"}).text
    locks = confirm.html.find(attrs={"data-testid": "phase-locks"}).text
    assert "Các đơn vị tự chấm điểm" in opens and "Hết hạn báo cáo phong trào" in locks
    # Sent without the confirmation: refused, the phase unchanged.
    response = confirm.forms["phase-form"].submit()
    assert response.status_code == 200
    assert "Hãy đánh dấu ô xác nhận" in response.html.find(id="div_id_confirm").text
    world.year.refresh_from_db()
    assert world.year.phase == Phase.IN_PROGRESS
    form = response.forms["phase-form"]
    form["confirm"] = True
    assert form.submit().status_code == 302
    world.year.refresh_from_db()
    assert world.year.phase == Phase.SELF_ASSESSMENT
    event = AuditEvent.objects.get(action="year.phase")
    assert event.changes == {"phase": ["Triển khai thi đua", "Tự chấm điểm"]}


def test_skipping_a_phase_whose_work_remains_is_refused(world, django_app):
    EmulationYear.objects.filter(pk=world.year.pk).update(phase=Phase.SETUP)
    url = _url(world, "clusters:year_phase") + "?to=in_progress"
    page = django_app.get(url, user=world.secretariat)
    skipped = page.html.find(attrs={"data-testid": "phase-skipped"}).text
    assert "Ký kết giao ước" in skipped and "giao ước thi đua chưa được ký đủ" in skipped
    form = page.forms["phase-form"]
    form["confirm"] = True
    response = form.submit()
    assert response.status_code == 200
    assert "Không thể bỏ qua giai đoạn “Ký kết giao ước”" in response.text
    world.year.refresh_from_db()
    assert world.year.phase == Phase.SETUP
    assert not AuditEvent.objects.filter(action="year.phase").exists()


def test_the_phases_offered_are_the_moves_the_year_can_make(world, django_app):
    EmulationYear.objects.filter(pk=world.year.pk).update(phase=Phase.REVIEW)
    page = django_app.get(_url(world, "clusters:year_phase"), user=world.secretariat)
    offered = [value for value, _selected, _label in page.forms["phase-choice"]["to"].options]
    assert offered == ["self_assessment", "conference"]


def test_skipping_a_phase_with_nothing_left_to_do_is_allowed(world, django_app):
    """The year has no criteria sheet: self-assessment has nothing to wait for."""
    page = django_app.get(_url(world, "clusters:year_phase") + "?to=review", user=world.secretariat)
    form = page.forms["phase-form"]
    form["confirm"] = True
    assert form.submit().status_code == 302
    world.year.refresh_from_db()
    assert world.year.phase == Phase.REVIEW


def test_moving_back_needs_a_reason(world, django_app):
    EmulationYear.objects.filter(pk=world.year.pk).update(phase=Phase.REVIEW)
    page = django_app.get(_url(world), user=world.secretariat)
    back = page.click(description="Quay lại giai đoạn trước")
    assert back.html.find(attrs={"data-testid": "phase-reopens"}) is not None
    form = back.forms["phase-form"]
    form["confirm"] = True
    response = form.submit()
    assert "Hãy ghi lý do quay lại" in response.html.find(id="div_id_reason").text
    world.year.refresh_from_db()
    assert world.year.phase == Phase.REVIEW
    form = response.forms["phase-form"]
    form["confirm"] = True
    form["reason"] = "Gia hạn tự chấm điểm cho Nam Định."
    assert form.submit().status_code == 302
    world.year.refresh_from_db()
    assert world.year.phase == Phase.SELF_ASSESSMENT
    assert AuditEvent.objects.get(action="year.phase").summary == (
        "Gia hạn tự chấm điểm cho Nam Định."
    )


def test_members_are_told_when_signing_opens_and_when_the_conference_opens(world, django_app):
    """Told when the covenant opens for signature, not when the phase moves (the covenant may be
    a draft still); and told when the year moves to its conference."""
    from clusters.models import Notification
    from tests.campaigns import helpers
    from tests.campaigns.pages import form_to

    EmulationYear.objects.filter(pk=world.year.pk).update(phase=Phase.SETUP)
    page = django_app.get(_url(world, "clusters:year_phase"), user=world.secretariat)
    form = page.forms["phase-form"]
    form["confirm"] = True
    form.submit()
    assert not Notification.objects.exists()  # nothing to sign yet
    helpers.covenant(world)
    covenant_url = reverse("campaigns:covenant_detail", args=[world.cluster.slug, world.year.year])
    page = django_app.get(covenant_url, user=world.secretariat)
    form_to(page, _url(world, "campaigns:covenant_open")).submit()
    covenant = Notification.objects.filter(event="covenant_open")
    assert world.own in {n.recipient for n in covenant}
    assert {n.url for n in covenant} == {covenant_url}
    EmulationYear.objects.filter(pk=world.year.pk).update(phase=Phase.REVIEW)
    page = django_app.get(_url(world, "clusters:year_phase"), user=world.secretariat)
    form = page.forms["phase-form"]
    form["confirm"] = True
    form.submit()
    assert Notification.objects.filter(event="year_closing", recipient=world.own).exists()


def test_the_conference_offers_closing_rather_than_a_next_phase(world, django_app):
    EmulationYear.objects.filter(pk=world.year.pk).update(phase=Phase.CONFERENCE)
    page = django_app.get(_url(world), user=world.secretariat)
    assert page.html.find(attrs={"data-testid": "phase-next"}) is None
    response = django_app.get(_url(world, "clusters:year_phase"), user=world.secretariat)
    assert response.status_code == 302
