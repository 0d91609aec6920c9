"""The conference record through its page, as the secretariat fills it: the form the page renders
is filled (chair, report number, the narrative, two guests), sent, and the report prints it.

The bug of issue 10 (guest rows rendered as empty boxes, every save refused with no field
marked) came from the guests' inline formset rendered through a helper that did not exist:
its rows had no fields and its hidden ones were missing. These tests take the form from the
page itself, so a row without fields or an error shown nowhere fails them.
"""

import pytest
from django.urls import reverse

from campaigns.models import Conference, ConferenceGuest
from clusters.models import AuditEvent

pytestmark = pytest.mark.django_db

NARRATIVE = {
    "campaign_results": "Chín tỉnh hoàn thành các phong trào thi đua.",
    "commendation_work": "Khen thưởng kịp thời, đúng đối tượng.",
    "shortcomings": "Một số tỉnh gửi báo cáo còn chậm.",
    "next_tasks": "Tiếp tục đẩy mạnh phong trào thi đua yêu nước.",
}
GUESTS = [
    ("Đặng Thị Ngọc Thịnh", "Phó Chủ tịch nước"),
    ("Trần Thị Hà", "Phó Trưởng ban Thi đua - Khen thưởng Trung ương"),
]


def _url(world, name="campaigns:conference_edit"):
    return reverse(name, args=[world.cluster.slug, world.year.year])


def _form(world, django_app):
    return django_app.get(_url(world), user=world.secretariat).forms["conference-form"]


def _fill(form, guests=GUESTS) -> None:
    form["conference_date"] = "20/03/2019"
    form["conference_place"] = "tỉnh Hà Nam"
    form["chair"] = "Chủ tịch UBND tỉnh Hà Nam"
    form["agenda"] = "Tổng kết năm 2018; suy tôn Cụm trưởng năm 2019"
    form["report_number"] = "Số: 05/BC-CTĐ"
    for name, value in NARRATIVE.items():
        form[name] = value
    for index, (full_name, title) in enumerate(guests):
        form[f"guests-{index}-full_name"] = full_name
        form[f"guests-{index}-title"] = title


def test_every_part_of_the_record_is_a_field_of_the_page(world, django_app):
    form = _form(world, django_app)
    for name in ("chair", "agenda", "report_number", *NARRATIVE, "notes"):
        assert name in form.fields, name
    # Two empty guest rows, each with its fields and a label for each.
    page = django_app.get(_url(world), user=world.secretariat)
    rows = page.html.find_all(attrs={"data-testid": "guest-form"})
    assert len(rows) == 2
    for index, row in enumerate(rows):
        for name in ("number", "full_name", "title", "DELETE"):
            field = row.find(attrs={"name": f"guests-{index}-{name}"})
            assert field is not None and row.find("label", attrs={"for": field["id"]})
    assert form["guests-TOTAL_FORMS"].value == "2"


def test_the_filled_page_saves_and_the_report_prints_it(world, django_app):
    form = _form(world, django_app)
    _fill(form)
    response = form.submit()
    assert response.status_code == 302 and response["Location"] == _url(
        world, "campaigns:conference"
    )
    record = Conference.objects.get(year=world.year)
    assert record.chair == "Chủ tịch UBND tỉnh Hà Nam"
    assert record.report_number == "Số: 05/BC-CTĐ"
    assert {name: getattr(record, name) for name in NARRATIVE} == NARRATIVE
    assert [(g.full_name, g.title) for g in record.guests.all()] == GUESTS
    world.year.refresh_from_db()
    assert str(world.year.conference_date) == "2019-03-20"
    assert AuditEvent.objects.filter(action="conference.save").count() == 1

    report = django_app.get(_url(world, "campaigns:report"), user=world.own).text
    assert "Chưa có nội dung" not in report
    for text in (
        "Chủ tịch UBND tỉnh Hà Nam",
        "Số: 05/BC-CTĐ",
        "Đặng Thị Ngọc Thịnh",
        "Trần Thị Hà",
        *NARRATIVE.values(),
    ):
        assert text in report, text

    # The page shows the saved guests again, with a fresh empty row to add one.
    again = _form(world, django_app)
    assert again["guests-0-full_name"].value == "Đặng Thị Ngọc Thịnh"
    assert again["guests-1-title"].value == GUESTS[1][1]
    assert again["guests-INITIAL_FORMS"].value == "2"


def test_guests_are_reordered_by_number_and_removed_by_their_box(world, django_app):
    form = _form(world, django_app)
    _fill(form)
    form.submit()
    form = _form(world, django_app)
    form["guests-0-number"] = "2"
    form["guests-1-number"] = "1"
    form["guests-2-full_name"] = "Nguyễn Văn Khách"
    form["guests-2-title"] = "Đại diện Ban Thi đua - Khen thưởng Trung ương"
    form["guests-0-DELETE"] = True
    assert form.submit().status_code == 302
    assert list(ConferenceGuest.objects.values_list("full_name", flat=True)) == [
        "Trần Thị Hà",
        "Nguyễn Văn Khách",
    ]


def test_a_half_filled_guest_is_refused_next_to_its_field_and_nothing_is_saved(world, django_app):
    form = _form(world, django_app)
    _fill(form, guests=[GUESTS[0]])
    form["guests-1-full_name"] = "Trần Thị Hà"  # no title
    response = form.submit()
    assert response.status_code == 200
    assert "Có lỗi trong biểu mẫu, chưa lưu gì." in response.text
    field = response.html.find(id="div_id_guests-1-title")
    assert "Hãy ghi chức vụ của đại biểu." in field.text
    assert "is-invalid" in str(field)
    # What was typed is still there to correct.
    again = response.forms["conference-form"]
    assert again["chair"].value == "Chủ tịch UBND tỉnh Hà Nam"
    assert again["guests-0-full_name"].value == "Đặng Thị Ngọc Thịnh"
    assert not Conference.objects.exists() and not ConferenceGuest.objects.exists()
    world.year.refresh_from_db()
    assert world.year.conference_date is None
    assert not AuditEvent.objects.filter(action="conference.save").exists()


def test_a_bad_date_is_marked_next_to_its_field(world, django_app):
    form = _form(world, django_app)
    _fill(form)
    form["conference_date"] = "32/13/2019"
    response = form.submit()
    assert response.status_code == 200
    assert "is-invalid" in str(response.html.find(id="div_id_conference_date"))
    assert not Conference.objects.exists()


def test_a_formset_error_is_shown_in_the_form(world, django_app):
    """Too many rows (a tampered management form) is the formset's own error, not a field's."""
    form = _form(world, django_app)
    _fill(form)
    form["guests-TOTAL_FORMS"].force_value("5000")
    response = form.submit()
    assert response.status_code == 200
    page_form = response.html.find(id="conference-form")
    assert "alert-danger" in str(page_form)
    assert not Conference.objects.exists()
