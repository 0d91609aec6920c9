"""Every scoring form, used as a person does: load the page, take the form it rendered, fill it,
send it. Each form is saved once and refused once, with the refusal's message on the page.

Wrong methods answer 405 on every scoring URL.
"""

from __future__ import annotations

import io
from decimal import Decimal as D

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook
from webtest import Upload

from clusters.models import AuditEvent, EmulationYear
from scoring import ballots, services
from scoring.models import Adjustment, Assessment, BallotRound, CriteriaSheet, Criterion, Evidence
from tests.factories import YearFactory
from tests.scoring.access_cases import CASES
from tests.scoring.ballot_builders import ballot_round
from tests.scoring.builders import FULL, entries, make_sheet, open_self_assessment, submitted

pytestmark = pytest.mark.django_db


def _year_url(world, name, *extra):
    return reverse(name, args=[world.cluster.slug, world.year.year, *extra])


def _sheet_url(world, name="scoring:sheet", *extra):
    return _year_url(world, name, world.nam_dinh.slug, *extra)


def _set_phase(year: EmulationYear, phase: str) -> None:
    year.phase = phase
    year.save(update_fields=["phase"])


def _errors(page) -> list[str]:
    """The messages shown at the top of a page (refusals and errors)."""
    return [node.text.strip() for node in page.html.select(".alert-danger")]


def _domain_events():
    """Audit events other than signing in (the test client signs in for each persona)."""
    return AuditEvent.objects.exclude(action__startswith="auth.")


def _successes(page) -> list[str]:
    return [node.text.strip() for node in page.html.select(".alert-success")]


@pytest.fixture
def setup_year(world):
    _set_phase(world.year, EmulationYear.Phase.SETUP)
    return world


@pytest.fixture
def criteria(world):
    made = make_sheet(world.year)
    open_self_assessment(world.year)
    return made


# --- the criteria sheet ---------------------------------------------------------------------


def test_criterion_form_saves_a_new_criterion(setup_year, django_app):
    world = setup_year
    page = django_app.get(_year_url(world, "scoring:criterion_create"), user=world.secretariat)
    form = page.forms["criterion-form"]
    form["code"] = "I"
    form["text"] = "Thực hiện nhiệm vụ chính trị"
    page = form.submit().follow()
    assert "Đã lưu tiêu chí I." in _successes(page)
    section = Criterion.objects.get(code="I")
    page = django_app.get(_year_url(world, "scoring:criterion_create"), user=world.secretariat)
    form = page.forms["criterion-form"]
    form["parent"] = str(section.pk)
    form["code"], form["text"], form["max_points"] = "I.1", "Tăng trưởng", "12,5"
    form.submit().follow()
    assert Criterion.objects.get(code="I.1").max_points == D("12.5")
    event = AuditEvent.objects.filter(action="criteria.change").latest("pk")
    assert event.actor == world.secretariat and event.summary == "Thêm tiêu chí I.1"


def test_criterion_form_is_refused_in_the_form_once_the_sheet_is_locked(setup_year, django_app):
    world = setup_year
    page = django_app.get(_year_url(world, "scoring:criterion_create"), user=world.secretariat)
    form = page.forms["criterion-form"]
    form["code"], form["text"] = "I", "Nhiệm vụ"
    _set_phase(world.year, EmulationYear.Phase.SELF_ASSESSMENT)  # meanwhile, the sheet locks
    response = form.submit()
    assert response.status_code == 200
    refusal = response.html.select_one("#criterion-form .alert-danger")
    assert "Bảng tiêu chí đã khóa" in refusal.text
    assert not Criterion.objects.exists() and not _domain_events()


def test_criterion_form_refuses_a_scored_criterion_without_its_maximum(setup_year, django_app):
    world = setup_year
    criteria = make_sheet(world.year)
    page = django_app.get(
        _year_url(world, "scoring:criterion_edit", criteria["I.1"].pk), user=world.secretariat
    )
    form = page.forms["criterion-form"]
    form["max_points"] = ""
    response = form.submit()
    assert "phải có điểm tối đa" in response.html.select_one("#criterion-form").text
    assert Criterion.objects.get(code="I.1").max_points == D(10)


def test_tie_breakers_are_saved_and_an_unknown_section_is_refused(setup_year, django_app):
    world = setup_year
    make_sheet(world.year, tie_breakers="")
    url = _year_url(world, "scoring:criteria")
    form = django_app.get(url, user=world.secretariat).forms["settings-form"]
    form["tie_breakers"] = "II, I"
    page = form.submit().follow()
    assert "Đã lưu tiêu chí phụ khi bằng điểm." in _successes(page)
    assert CriteriaSheet.objects.get().tie_breakers == "II,I"
    form = django_app.get(url, user=world.secretariat).forms["settings-form"]
    form["tie_breakers"] = "IX"
    response = form.submit()
    assert "Không có mục IX trong bảng" in response.html.select_one("#settings-form").text
    assert CriteriaSheet.objects.get().tie_breakers == "II,I"


def test_move_and_delete_buttons(setup_year, django_app):
    world = setup_year
    criteria = make_sheet(world.year)
    url = _year_url(world, "scoring:criteria")
    page = django_app.get(url, user=world.secretariat)
    page.forms[f"move-{criteria['II.2'].pk}"].submit("direction", value="up").follow()
    order = Criterion.objects.filter(parent=criteria["II"]).order_by("position")
    assert [c.code for c in order] == ["II.2", "II.1"]
    page = django_app.get(url, user=world.secretariat)
    form = page.forms[f"delete-{criteria['IV.1'].pk}"]
    _set_phase(world.year, EmulationYear.Phase.SELF_ASSESSMENT)
    page = form.submit().follow()
    assert any("Bảng tiêu chí đã khóa" in text for text in _errors(page))
    assert Criterion.objects.filter(code="IV.1").exists()
    _set_phase(world.year, EmulationYear.Phase.SETUP)
    page = django_app.get(url, user=world.secretariat)
    page = page.forms[f"delete-{criteria['IV.1'].pk}"].submit().follow()
    assert "Đã xóa tiêu chí IV.1." in _successes(page)
    assert not Criterion.objects.filter(code="IV.1").exists()


def test_copy_button_copies_last_years_criteria(setup_year, django_app):
    world = setup_year
    make_sheet(YearFactory(cluster=world.cluster, year=2017), tie_breakers="II")
    page = django_app.get(_year_url(world, "scoring:criteria"), user=world.secretariat)
    page = page.forms["copy-form"].submit().follow()
    assert "Đã sao chép 10 tiêu chí từ năm 2017." in _successes(page)
    assert CriteriaSheet.objects.get(year=world.year).criteria.count() == 10
    # The criteria page shows its sheet's own history.
    history = page.html.select_one('[data-testid="history"]').text
    assert "Sao chép bảng tiêu chí" in history and "Sao chép 10 tiêu chí từ năm 2017" in history


def test_copy_is_refused_when_the_sheet_is_no_longer_empty(setup_year, django_app):
    world = setup_year
    make_sheet(YearFactory(cluster=world.cluster, year=2017))
    page = django_app.get(_year_url(world, "scoring:criteria"), user=world.secretariat)
    form = page.forms["copy-form"]
    services.criterion_save(
        actor=world.secretariat,
        criterion=Criterion(sheet=CriteriaSheet(year=world.year), code="I", text="Mục riêng"),
    )
    page = form.submit().follow()
    assert any("chỉ sao chép vào bảng trống" in text for text in _errors(page))
    codes = Criterion.objects.filter(sheet__year=world.year).values_list("code", flat=True)
    assert list(codes) == ["I"]


# --- a unit's sheet -------------------------------------------------------------------------


def _fill(form, criteria, values: dict[str, str]) -> None:
    for code, value in values.items():
        form[f"points-{criteria[code].pk}"] = value
        form[f"explanation-{criteria[code].pk}"] = f"Theo báo cáo ({code})"


def test_sheet_form_saves_a_draft_then_submits(world, criteria, django_app):
    form = django_app.get(_sheet_url(world), user=world.own).forms["sheet-form"]
    _fill(form, criteria, {"I.1": "9,5", "IV.1": "-1"})
    page = form.submit("save").follow()
    assert "Đã lưu bản nháp." in _successes(page)
    assert Assessment.objects.get().state == "draft"
    services.evidence_add(
        actor=world.own, year=world.year, unit=world.nam_dinh, criterion=criteria["I.2"],
        upload=_pdf(),
    )  # fmt: skip
    form = django_app.get(_sheet_url(world), user=world.own).forms["sheet-form"]
    _fill(form, criteria, FULL)
    page = form.submit("submit").follow()
    assert "Đã nộp bảng tự chấm điểm." in _successes(page)
    assert Assessment.objects.get().state == "submitted"
    history = page.html.select_one('[data-testid="history"]').text
    assert "Nộp bảng tự chấm điểm" in history and "Lưu bảng tự chấm điểm" in history


def test_sheet_form_refuses_an_incomplete_submit_cell_by_cell(world, criteria, django_app):
    form = django_app.get(_sheet_url(world), user=world.own).forms["sheet-form"]
    _fill(form, criteria, {"I.1": "9", "I.2": "25"})
    response = form.submit("submit", expect_errors=True)
    assert response.status_code == 400
    assert "Bảng điểm có lỗi, chưa lưu gì." in " ".join(_errors(response))
    cell = response.html.select_one(f'[name="points-{criteria["I.2"].pk}"]')
    assert "is-invalid" in cell["class"] and cell["value"] == "25"
    assert "Điểm phải trong khoảng 0 đến 20" in cell.find_next("div").text
    form = response.forms["sheet-form"]  # the page as refused: what was typed is still there
    form[f"points-{criteria['I.2'].pk}"] = "18"
    response = form.submit("submit", expect_errors=True)
    assert response.status_code == 400
    assert "Chưa chấm tiêu chí này." in response.text
    assert "Tiêu chí này bắt buộc có minh chứng." in response.text
    assert not Assessment.objects.exists() and not _domain_events()


def _pdf(name="bao-cao.pdf"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, b"%PDF-1.4 minh chung", "application/pdf")


def test_evidence_form_uploads_and_refuses_a_wrong_type(world, criteria, django_app):
    form = django_app.get(_sheet_url(world), user=world.own).forms["evidence-form"]
    form["criterion"] = str(criteria["I.2"].pk)
    form["file"] = Upload("Báo cáo.pdf", b"%PDF-1.4 noi dung", "application/pdf")
    page = form.submit().follow()
    assert "Đã thêm minh chứng cho tiêu chí I.2." in _successes(page)
    assert Evidence.objects.get().original_name == "Báo cáo.pdf"
    form = page.forms["evidence-form"]
    form["file"] = Upload("virus.exe", b"MZ", "application/octet-stream")
    page = form.submit().follow()
    assert any("Chỉ nhận tệp" in text for text in _errors(page))
    assert Evidence.objects.count() == 1


def test_evidence_delete_button(world, criteria, django_app, django_capture_on_commit_callbacks):
    evidence = services.evidence_add(
        actor=world.own, year=world.year, unit=world.nam_dinh, criterion=criteria["I.2"],
        upload=_pdf(),
    )  # fmt: skip
    storage, name = evidence.file.storage, evidence.file.name
    page = django_app.get(_sheet_url(world), user=world.own)
    form = page.forms[f"evidence-delete-{evidence.pk}"]
    with django_capture_on_commit_callbacks(execute=True):
        page = form.submit().follow()
    assert "Đã xóa minh chứng." in _successes(page)
    assert not Evidence.objects.exists() and not storage.exists(name)


def test_evidence_delete_is_refused_once_the_sheet_is_submitted(world, criteria, django_app):
    evidence = services.evidence_add(
        actor=world.own, year=world.year, unit=world.nam_dinh, criterion=criteria["I.2"],
        upload=_pdf(),
    )  # fmt: skip
    form = django_app.get(_sheet_url(world), user=world.own).forms[f"evidence-delete-{evidence.pk}"]
    services.assessment_save(
        actor=world.own, year=world.year, unit=world.nam_dinh, version=None,
        entries=entries(criteria, FULL), submit=True,
    )  # fmt: skip
    page = form.submit().follow()
    assert "Bảng điểm đã nộp, không xóa minh chứng được nữa." in _errors(page)
    assert Evidence.objects.filter(pk=evidence.pk).exists()


def test_workbook_downloaded_from_the_page_and_uploaded_back(world, criteria, django_app):
    page = django_app.get(_sheet_url(world), user=world.own)
    download = page.click(href=_sheet_url(world, "scoring:workbook_download"))
    workbook = load_workbook(io.BytesIO(download.body))
    sheet = workbook.worksheets[0]
    rows = {sheet.cell(row=r, column=1).value: r for r in range(5, sheet.max_row + 1)}
    sheet.cell(row=rows["I.1"], column=5).value = 8
    out = io.BytesIO()
    workbook.save(out)
    form = page.forms["upload-form"]
    form["file"] = Upload("bang-diem.xlsx", out.getvalue())
    page = form.submit().follow()
    assert "Đã nhập bảng điểm từ tệp Excel (bản nháp)." in _successes(page)
    assert Assessment.objects.get().scores.get(criterion=criteria["I.1"]).self_points == D(8)
    assert AuditEvent.objects.filter(action="assessment.import", actor=world.own).exists()
    form = page.forms["upload-form"]
    form["file"] = Upload("bang-diem.xlsx", b"%PDF-1.4 not a workbook")
    page = form.submit().follow()
    assert "Tệp có 1 lỗi, chưa lưu gì." in _errors(page)
    assert "Tệp không phải là bảng tính Excel (.xlsx)." in _errors(page)


# --- review ---------------------------------------------------------------------------------


def test_adjust_form_records_the_reviewer_and_their_address(world, criteria, django_app, settings):
    settings.CLIENT_IP_HEADER = "REMOTE_ADDR"
    submitted(world.year, world.nam_dinh, world.own, criteria)
    page = django_app.get(_sheet_url(world), user=world.secretariat)
    form = page.forms[f"adjust-{criteria['I.1'].pk}"]
    form["new_points"], form["reason"] = "7", "Tăng trưởng 6,8%, chưa đạt 7%"
    page = form.submit(extra_environ={"REMOTE_ADDR": "203.0.113.9"}).follow()
    assert "Đã điều chỉnh điểm tiêu chí I.1." in _successes(page)
    event = AuditEvent.objects.get(action="adjustment.create")
    assert (event.actor, event.unit, event.ip) == (world.secretariat, world.ha_nam, "203.0.113.9")
    assert event.target_id == Assessment.objects.get().pk
    history = page.html.select_one('[data-testid="history"]').text
    assert "Điều chỉnh điểm" in history and "Tăng trưởng 6,8%, chưa đạt 7%" in history


def test_adjust_form_refuses_the_current_points(world, criteria, django_app):
    submitted(world.year, world.nam_dinh, world.own, criteria)
    form = django_app.get(_sheet_url(world), user=world.secretariat).forms[
        f"adjust-{criteria['I.1'].pk}"
    ]
    form["new_points"], form["reason"] = "9", "Không đổi"
    page = form.submit().follow()
    assert "Điểm điều chỉnh bằng điểm hiện tại: không có gì thay đổi." in _errors(page)
    assert not Adjustment.objects.exists()


@pytest.fixture
def adjusted(world, criteria):
    assessment = submitted(world.year, world.nam_dinh, world.own, criteria)
    return services.adjustment_create(
        actor=world.secretariat, assessment=assessment, criterion=criteria["I.1"],
        new_points="7", reason="Chưa đạt chỉ tiêu",
    )  # fmt: skip


def test_answer_form_sends_the_units_answer_and_refuses_an_empty_one(world, adjusted, django_app):
    form = django_app.get(_sheet_url(world), user=world.own).forms[f"answer-{adjusted.pk}"]
    form["answer"] = "   "
    page = form.submit().follow()
    assert "Nhập nội dung giải trình." in _errors(page)
    form = page.forms[f"answer-{adjusted.pk}"]
    form["answer"] = "Số liệu chính thức là 7,1%"
    page = form.submit().follow()
    assert "Đã gửi giải trình." in _successes(page)
    adjusted.refresh_from_db()
    assert adjusted.answer == "Số liệu chính thức là 7,1%" and adjusted.answered_by == world.own
    assert Assessment.objects.get().state == "answered"


def test_resolve_buttons_keep_or_are_refused_once_concluded(world, adjusted, django_app):
    services.adjustment_answer(actor=world.own, adjustment=adjusted, answer="Đã đạt")
    page = django_app.get(_sheet_url(world), user=world.secretariat)
    stale = page.forms[f"resolve-{adjusted.pk}"]
    page = page.forms[f"resolve-{adjusted.pk}"].submit("outcome", value="withdraw").follow()
    assert "Đã kết luận điều chỉnh." in _successes(page)
    adjusted.refresh_from_db()
    assert adjusted.outcome == Adjustment.Outcome.WITHDRAWN
    page = stale.submit("outcome", value="keep").follow()  # a second tab, sent afterwards
    assert "Điều chỉnh này đã có kết luận." in _errors(page)
    adjusted.refresh_from_db()
    assert adjusted.outcome == Adjustment.Outcome.WITHDRAWN


def test_finalise_button_waits_for_conclusions_then_finalises(world, adjusted, django_app):
    services.adjustment_answer(actor=world.own, adjustment=adjusted, answer="Đã đạt")
    page = django_app.get(_sheet_url(world), user=world.secretariat)
    page = page.forms["finalise-form"].submit().follow()
    assert any("chưa có kết luận" in text for text in _errors(page))
    assert Assessment.objects.get().state == "answered"
    services.adjustment_resolve(actor=world.secretariat, adjustment=adjusted, keep=True)
    page = django_app.get(_sheet_url(world), user=world.secretariat)
    page = page.forms["finalise-form"].submit().follow()
    assert "Đã hoàn tất bảng điểm của Nam Định." in _successes(page)
    assert Assessment.objects.get().state == "finalised"
    assert AuditEvent.objects.filter(action="assessment.finalise", actor=world.secretariat)


# --- rounds and ballots ---------------------------------------------------------------------


def test_round_form_creates_a_round(world, django_app):
    _set_phase(world.year, EmulationYear.Phase.CONFERENCE)
    form = django_app.get(_year_url(world, "scoring:rounds"), user=world.secretariat).forms[
        "round-form"
    ]
    form["kind"] = "flag"
    page = form.submit().follow()
    assert "Đã tạo vòng bỏ phiếu." in _successes(page)
    round_ = BallotRound.objects.get()
    assert round_.candidates.count() == 4  # all members ticked to start with
    history = page.html.select_one('[data-testid="history"]').text
    assert "Tạo vòng bỏ phiếu" in history


def test_round_form_refuses_more_seats_than_candidates_next_to_the_field(world, django_app):
    _set_phase(world.year, EmulationYear.Phase.CONFERENCE)
    form = django_app.get(_year_url(world, "scoring:rounds"), user=world.secretariat).forms[
        "round-form"
    ]
    form["seats"] = "9"
    response = form.submit()
    assert response.status_code == 200
    seats = response.html.select_one("#round-form #div_id_seats")
    assert "Số đơn vị được chọn không được lớn hơn số ứng cử viên." in seats.text
    assert not BallotRound.objects.exists() and not _domain_events()


def test_open_and_close_buttons(world, django_app):
    round_ = ballot_round(world.year, state="draft", actor=world.secretariat)
    url = _year_url(world, "scoring:round", round_.pk)
    page = django_app.get(url, user=world.secretariat)
    page = page.forms["round-open-form"].submit().follow()
    assert "Đã mở bỏ phiếu." in _successes(page)
    assert "không nhận thêm phiếu" in page.html.select_one("#round-close-form")["data-confirm"]
    for person in (world.secretariat, world.own, world.other):  # the quorum, after closing time
        ballots.ballot_cast(actor=person, ballot_round=round_, candidate_ids=[])
    page = page.forms["round-close-form"].submit().follow()
    assert "Đã kết thúc bỏ phiếu và kiểm phiếu." in _successes(page)
    round_.refresh_from_db()
    assert round_.state == "closed"
    history = page.html.select_one('[data-testid="history"]').text
    assert "Mở bỏ phiếu" in history and "Kết thúc bỏ phiếu" in history


def test_open_is_refused_outside_the_ballot_phases(world, django_app):
    round_ = ballot_round(world.year, state="draft")
    _set_phase(world.year, EmulationYear.Phase.SELF_ASSESSMENT)
    page = django_app.get(_year_url(world, "scoring:round", round_.pk), user=world.secretariat)
    page = page.forms["round-open-form"].submit().follow()
    assert "Chỉ mở bỏ phiếu trong giai đoạn thẩm định hoặc hội nghị tổng kết." in _errors(page)
    round_.refresh_from_db()
    assert round_.state == "draft"


def test_close_is_refused_once_closed_from_another_page(world, django_app):
    round_ = ballot_round(world.year)
    page = django_app.get(_year_url(world, "scoring:round", round_.pk), user=world.secretariat)
    form = page.forms["round-close-form"]
    for person in (world.secretariat, world.own, world.other):
        ballots.ballot_cast(actor=person, ballot_round=round_, candidate_ids=[])
    ballots.round_close(actor=world.secretariat, ballot_round=round_)
    page = form.submit().follow()
    assert "Chỉ kết thúc được vòng bỏ phiếu đang mở." in _errors(page)
    assert AuditEvent.objects.filter(action="round.close").count() == 1


def _tick(form, round_, *units) -> None:
    wanted = {str(round_.candidates.get(unit=unit).pk) for unit in units}
    for index, field in enumerate(form.fields["candidate"]):
        form.set("candidate", field._value in wanted, index=index)


def test_ballot_form_casts_and_the_round_shows_who_voted_not_what(world, django_app):
    round_ = ballot_round(world.year, seats=1)
    url = _year_url(world, "scoring:round", round_.pk)
    form = django_app.get(url, user=world.own).forms["ballot-form"]
    _tick(form, round_, world.ha_nam)
    page = form.submit()  # the page with the receipt, shown once
    assert "Đã ghi nhận phiếu của Nam Định." in _successes(page)
    assert page.html.select_one('[data-testid="receipt-code"]') is not None
    assert round_.ballots.get().choices == [round_.candidates.get(unit=world.ha_nam).pk]
    history = django_app.get(url, user=world.viewer).html.select_one('[data-testid="history"]')
    cast = [
        [cell.text.strip() for cell in row.select("td")]
        for row in history.select("tbody tr")
        if row.select("td")[2].text.strip() == "Bỏ phiếu"
    ]
    # The round's history says that Nam Định voted, and nothing of its choice.
    assert [row[1:] for row in cast] == [
        [f"{world.own.full_name} · Nam Định", "Bỏ phiếu", "Nam Định đã bỏ phiếu"]
    ]


def test_ballot_form_refuses_too_many_choices(world, django_app):
    round_ = ballot_round(world.year, seats=1)
    url = _year_url(world, "scoring:round", round_.pk)
    form = django_app.get(url, user=world.own).forms["ballot-form"]
    _tick(form, round_, world.ha_nam, world.thai_binh)
    page = form.submit().follow()
    assert "Mỗi phiếu chọn tối đa 1 đơn vị; phiếu này chọn 2." in _errors(page)
    assert not round_.ballots.exists()
    assert not _domain_events().filter(action="ballot.cast").exists()


# --- methods --------------------------------------------------------------------------------

FORM_PAGES = {
    "scoring:criteria",
    "scoring:criterion_create",
    "scoring:criterion_edit",
    "scoring:sheet",
    "scoring:rounds",
    "scoring:receipt_check",
}
READ_PAGES = {
    "scoring:ranking",
    "scoring:consolidated",
    "scoring:evidence_download",
    "scoring:workbook_download",
    "scoring:round",
    "scoring:round_minutes",
    "scoring:round_bulletin",
}
FIRST_CASES = {case.url_name: case for case in reversed(CASES)}


@pytest.mark.parametrize("url_name", sorted(FIRST_CASES))
def test_a_wrong_method_answers_405(url_name, world):
    case = FIRST_CASES[url_name]
    client = Client()
    client.force_login(world.secretariat)
    url = reverse(url_name, args=case.args(world))
    if url_name in FORM_PAGES:
        wrong = ["put", "delete", "patch"]
    elif url_name in READ_PAGES:
        wrong = ["post", "put", "delete"]
        assert client.head(url).status_code == 200  # HEAD reads as GET does
    else:
        wrong = ["get", "head", "put"]
    events = AuditEvent.objects.exclude(action__startswith="auth.").count()
    for method in wrong:
        assert getattr(client, method)(url).status_code == 405, f"{method.upper()} {url}"
    assert AuditEvent.objects.exclude(action__startswith="auth.").count() == events
