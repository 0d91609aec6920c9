"""Every form of the campaigns app, filled and sent as the page rendered it (django-webtest).

Each form is saved once and refused once; a refusal shows its message on the page (next to
its field, or at the top) and leaves the database as it was.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from campaigns.models import (
    Campaign,
    CampaignIndicator,
    CampaignReport,
    Conference,
    ConferenceGuest,
    Covenant,
    CovenantClause,
    CovenantSignature,
)
from clusters.models import AuditEvent, EmulationYear, Unit
from tests.campaigns import helpers
from tests.campaigns.pages import field_errors, form_to, form_with, messages_of, year_url

pytestmark = pytest.mark.django_db


def _close(world) -> None:
    EmulationYear.objects.filter(pk=world.year.pk).update(phase=EmulationYear.Phase.CLOSED)


def _covenant_rows() -> tuple:
    return (
        list(Covenant.objects.order_by("version").values_list("version", "state", "signing_place")),
        list(CovenantClause.objects.order_by("pk").values_list("covenant_id", "number", "content")),
        list(CovenantSignature.objects.order_by("pk").values_list("unit_id", "full_name")),
    )


# --- the campaigns a year follows


def test_year_campaigns_form_saves_the_ticked_campaigns(world, django_app):
    national = helpers.national_campaign(world)
    other = Campaign.objects.create(title="Doanh nghiệp Việt Nam hội nhập và phát triển")
    page = django_app.get(year_url(world, "campaigns:year_campaigns_edit"), user=world.secretariat)
    form = form_with(page, "campaigns")
    ticked = [box._value for box in form.fields["campaigns"] if box.checked]
    assert ticked == [str(national.pk)]  # what the year follows is ticked
    form["campaigns"] = [str(other.pk)]  # untick the national campaign, tick the other
    page = form.submit().follow()
    assert "Đã lưu các phong trào của năm thi đua." in messages_of(page)
    assert list(world.year.campaigns.all()) == [other]


def test_year_campaigns_form_of_a_year_closed_meanwhile_is_refused(world, django_app):
    helpers.national_campaign(world)
    page = django_app.get(year_url(world, "campaigns:year_campaigns_edit"), user=world.secretariat)
    form = form_with(page, "campaigns")
    form["campaigns"] = []
    _close(world)
    page = form.submit().follow()
    assert "Năm thi đua đã tổng kết, không thể sửa đổi." in messages_of(page)
    assert world.year.campaigns.count() == 1
    assert not AuditEvent.objects.filter(action="campaigns.set").exists()


# --- a unit's pledges and results


def _report_url(world, campaign):
    return year_url(world, "campaigns:report_edit", campaign.pk, world.nam_dinh.slug)


def test_report_form_saves_the_pledge_its_indicators_and_the_result(world, django_app):
    campaign = helpers.national_campaign(world)
    page = django_app.get(_report_url(world, campaign), user=world.own)
    form = form_with(page, "registration")
    form["registration"] = "Xây dựng 10 xã nông thôn mới nâng cao."
    form["report"] = "Đã hoàn thành 12 xã."
    form["indicators-0-name"] = "Xã đạt chuẩn"
    form["indicators-0-measure"] = "xã"
    form["indicators-0-target"] = "10"
    form["indicators-0-achieved"] = "12,5"
    page = form.submit().follow()
    assert "Đã lưu đăng ký và kết quả của Nam Định." in messages_of(page)
    assert "Xã đạt chuẩn" in page.text and "12,5" in page.text
    report = CampaignReport.objects.get(unit=world.nam_dinh)
    assert list(report.indicators.values_list("name", "target", "achieved")) == [
        ("Xã đạt chuẩn", Decimal("10"), Decimal("12.5"))
    ]


def test_report_form_refuses_a_negative_target_next_to_its_field(world, django_app):
    campaign = helpers.national_campaign(world)
    page = django_app.get(_report_url(world, campaign), user=world.own)
    form = form_with(page, "registration")
    form["report"] = "Bản mới"
    form["indicators-0-name"] = "Hộ thoát nghèo"
    form["indicators-0-target"] = "-5"
    page = form.submit()
    assert page.status_code == 200
    assert "Giá trị không được âm." in field_errors(page, "indicators-0-target")
    assert "Chưa lưu: hãy sửa các ô báo lỗi." in messages_of(page)
    assert not CampaignReport.objects.exists() and not CampaignIndicator.objects.exists()


# --- the covenant


def test_covenant_form_saves_the_draft_with_its_clauses_in_their_order(world, django_app):
    page = django_app.get(year_url(world, "campaigns:covenant_edit"), user=world.secretariat)
    form = form_with(page, "preamble")
    form["preamble"] = "Các tỉnh thống nhất ký kết."
    form["signing_place"] = "Hà Nam"
    form["signing_date"] = "20/03/2019"
    form["clauses-0-number"] = "2"
    form["clauses-0-content"] = "Tuyên truyền điển hình."
    form["clauses-0-target"] = "12 tin bài"
    form["clauses-1-number"] = "1"
    form["clauses-1-content"] = "Quán triệt Chỉ thị 34-CT/TW."
    page = form.submit().follow()
    assert "Đã lưu dự thảo giao ước." in messages_of(page)
    covenant = Covenant.objects.get()
    assert list(covenant.clauses.values_list("number", "content")) == [
        (1, "Quán triệt Chỉ thị 34-CT/TW."),
        (2, "Tuyên truyền điển hình."),
    ]
    history = page.html.select_one('[data-testid="history"]').get_text(" ", strip=True)
    assert "Soạn giao ước" in history


def test_covenant_form_sent_after_the_covenant_was_opened_is_refused(world, django_app):
    covenant = helpers.covenant(world)
    page = django_app.get(year_url(world, "campaigns:covenant_edit"), user=world.secretariat)
    form = form_with(page, "preamble")
    form["clauses-0-content"] = "Điều khoản chen vào."
    Covenant.objects.filter(pk=covenant.pk).update(state=Covenant.State.OPEN)
    before = _covenant_rows()
    page = form.submit().follow()
    assert "Giao ước đang ký kết, không sửa được nội dung." in messages_of(page)
    assert _covenant_rows() == before


def test_open_button_opens_the_draft_for_signature(world, django_app):
    helpers.covenant(world)
    page = django_app.get(year_url(world, "campaigns:covenant_detail"), user=world.secretariat)
    page = form_to(page, year_url(world, "campaigns:covenant_open")).submit().follow()
    assert "Đã mở ký kết giao ước." in messages_of(page)
    assert Covenant.objects.get().state == Covenant.State.OPEN


def test_open_button_without_a_signing_place_is_refused(world, django_app):
    helpers.covenant(world)
    Covenant.objects.update(signing_place="")
    page = django_app.get(year_url(world, "campaigns:covenant_detail"), user=world.secretariat)
    page = form_to(page, year_url(world, "campaigns:covenant_open")).submit().follow()
    assert "Hãy ghi nơi ký giao ước trước khi mở ký kết." in messages_of(page)
    assert Covenant.objects.get().state == Covenant.State.DRAFT
    assert not AuditEvent.objects.filter(action="covenant.open").exists()


def test_sign_form_records_the_signature_prefilled_with_the_representative(world, django_app):
    helpers.representatives(world)
    helpers.covenant(world, Covenant.State.OPEN)
    url = year_url(world, "campaigns:covenant_sign", world.nam_dinh.slug)
    form = form_with(django_app.get(url, user=world.own), "full_name")
    assert form["full_name"].value == "Đại diện Nam Định"
    form["title"] = "Phó Chủ tịch UBND tỉnh Nam Định"
    page = form.submit().follow()
    assert "Đã ghi nhận chữ ký của Nam Định." in messages_of(page)
    signature = CovenantSignature.objects.get(unit=world.nam_dinh)
    assert (signature.full_name, signature.recorded_by) == ("Đại diện Nam Định", world.own)


def test_sign_form_sent_twice_is_refused_and_keeps_the_first_signature(world, django_app):
    helpers.covenant(world, Covenant.State.OPEN)
    url = year_url(world, "campaigns:covenant_sign", world.nam_dinh.slug)
    form = form_with(django_app.get(url, user=world.own), "full_name")
    form["full_name"], form["title"] = "Đặng Văn Nam", "Phó Chủ tịch UBND tỉnh"
    second = form_with(django_app.get(url, user=world.own), "full_name")
    second["full_name"], second["title"] = "Người Khác", "Chủ tịch UBND tỉnh"
    form.submit()
    before = _covenant_rows()
    page = second.submit().follow()
    assert "Đơn vị đã ký giao ước này rồi." in messages_of(page)
    assert _covenant_rows() == before


def test_sign_form_refuses_an_empty_title_next_to_its_field(world, django_app):
    helpers.covenant(world, Covenant.State.OPEN)
    url = year_url(world, "campaigns:covenant_sign", world.nam_dinh.slug)
    form = form_with(django_app.get(url, user=world.own), "full_name")
    form["full_name"], form["title"] = "Đặng Văn Nam", ""
    page = form.submit()
    assert page.status_code == 200 and field_errors(page, "title")
    assert not CovenantSignature.objects.exists()


def test_amend_button_makes_a_new_draft_and_a_stale_second_press_is_refused(world, django_app):
    helpers.signed_covenant(world)
    page = django_app.get(year_url(world, "campaigns:covenant_detail"), user=world.secretariat)
    stale = form_to(page, year_url(world, "campaigns:covenant_amend"))
    page = form_to(page, year_url(world, "campaigns:covenant_amend")).submit().follow()
    assert "Đã tạo bản sửa đổi (phiên bản 2)" in messages_of(page)
    before = _covenant_rows()
    page = stale.submit().follow()
    assert "Chỉ sửa đổi được giao ước đã ký kết." in messages_of(page)
    assert _covenant_rows() == before


# --- the conference record


def _conference_form(world, django_app):
    page = django_app.get(year_url(world, "campaigns:conference_edit"), user=world.secretariat)
    return page, form_with(page, "chair")


def test_the_conference_form_renders_labelled_guest_rows_with_a_delete_box(world, django_app):
    page, form = _conference_form(world, django_app)
    rows = page.html.select('[data-testid="guest-form"]')
    assert len(rows) == 2  # no guest yet: two empty rows to fill
    labels = [label.get_text(strip=True) for label in rows[0].select("label")]
    assert any("Họ và tên" in label for label in labels)
    assert any("Chức vụ" in label for label in labels)
    assert any("Xóa" in label for label in labels)
    assert {"guests-0-full_name", "guests-0-title", "guests-0-DELETE"} <= set(form.fields)


def test_the_conference_record_saves_through_its_form_and_reads_back(world, django_app):
    page, form = _conference_form(world, django_app)
    form["conference_date"] = "20/03/2019"
    form["conference_place"] = "tỉnh Hà Nam"
    form["host_unit"] = str(world.ha_nam.pk)
    form["chair"] = "Chủ tịch UBND tỉnh Hà Nam"
    form["agenda"] = "Tổng kết năm 2018\nKý kết giao ước 2019"
    form["report_number"] = "Số: 05/BC-CTĐ"
    form["campaign_results"] = "Các tỉnh triển khai tốt các phong trào thi đua."
    form["commendation_work"] = "Khen thưởng kịp thời, đúng quy trình."
    form["shortcomings"] = "Báo cáo còn chậm."
    form["next_tasks"] = "Đổi mới công tác khen thưởng."
    form["guests-0-full_name"] = "Đặng Thị Ngọc Thịnh"
    form["guests-0-title"] = "Phó Chủ tịch nước"
    page = form.submit().follow()
    assert "Đã lưu hội nghị tổng kết." in messages_of(page)
    record = page.html.select_one('[data-testid="conference"]').get_text(" ", strip=True)
    assert "20/03/2019, tỉnh Hà Nam" in record and "Chủ tịch UBND tỉnh Hà Nam" in record
    assert "Đặng Thị Ngọc Thịnh" in record and "Ký kết giao ước 2019" in record

    report = django_app.get(year_url(world, "campaigns:report"), user=world.viewer).text
    for text in (
        "Số: 05/BC-CTĐ",
        "Chủ trì: Chủ tịch UBND tỉnh Hà Nam",
        "Đặng Thị Ngọc Thịnh, Phó Chủ tịch nước",
        "Các tỉnh triển khai tốt các phong trào thi đua.",
        "Khen thưởng kịp thời, đúng quy trình.",
        "Báo cáo còn chậm.",
        "Đổi mới công tác khen thưởng.",
    ):
        assert text in report, text
    assert "Chưa có nội dung" not in report

    # The form opens again with what was saved, the guest in its row, and saves unchanged.
    page, form = _conference_form(world, django_app)
    assert form["guests-0-full_name"].value == "Đặng Thị Ngọc Thịnh"
    assert form["chair"].value == "Chủ tịch UBND tỉnh Hà Nam"
    form["guests-0-DELETE"] = True
    form["guests-1-full_name"] = "Trần Thị Hà"
    form["guests-1-title"] = "Thứ trưởng Bộ Nội vụ"
    form.submit().follow()
    assert list(ConferenceGuest.objects.values_list("full_name", flat=True)) == ["Trần Thị Hà"]


def test_a_guest_without_a_title_is_refused_next_to_its_field_and_saves_nothing(world, django_app):
    page, form = _conference_form(world, django_app)
    form["conference_date"] = "20/03/2019"
    form["chair"] = "Chủ tịch UBND tỉnh Hà Nam"
    form["guests-0-full_name"] = "Đặng Thị Ngọc Thịnh"
    form["guests-1-title"] = "Thứ trưởng Bộ Nội vụ"  # and a title without a name
    page = form.submit()
    assert page.status_code == 200
    assert "Có lỗi trong biểu mẫu, chưa lưu gì." in messages_of(page)
    assert "Hãy ghi chức vụ của đại biểu." in field_errors(page, "guests-0-title")
    assert "Hãy ghi họ tên đại biểu." in field_errors(page, "guests-1-full_name")
    world.year.refresh_from_db()
    assert world.year.conference_date is None
    assert not Conference.objects.exists() and not ConferenceGuest.objects.exists()
    assert not AuditEvent.objects.filter(action="conference.save").exists()


def test_a_host_outside_the_year_is_not_offered(world, django_app):
    page, form = _conference_form(world, django_app)
    offered = {value for value, _selected, _text in form["host_unit"].options}
    assert str(world.other_unit.pk) not in offered
    assert str(Unit.objects.get(slug="hai-duong").pk) in offered
