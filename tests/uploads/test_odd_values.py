"""Odd values from a request answer 400 or a form error, never 500, and change nothing; control
characters never reach a workbook, whether they come in now or sit in old data."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook
from webtest import Upload

from awards.models import Recipient
from clusters.forms import PlainTextForm
from scoring.models import Assessment, Ballot, Evidence, Score
from tests.awards.helpers import award, make_decision, make_recipient, url
from tests.scoring.ballot_builders import ballot_round
from tests.scoring.builders import draft, make_sheet, open_self_assessment
from tests.test_access_matrix import database_state

pytestmark = pytest.mark.django_db
ODD_NUMBERS = ["abc", "1.5", "²", "١٢", "-1", "", "9" * 40, "1e3", " 7 ", "0x10", "NaN"]
PDF = b"%PDF-1.4 minh chung"


@pytest.fixture
def criteria(world):
    made = make_sheet(world.year)
    open_self_assessment(world.year)
    return made


def _url(world, name="scoring:sheet", *extra):
    return reverse(name, args=[world.cluster.slug, world.year.year, world.nam_dinh.slug, *extra])


def _errors(page) -> list[str]:
    return [node.text.strip() for node in page.html.select(".alert-danger")]


def _post(client, path: str, data: dict) -> tuple[int, list[str]]:
    """(status, error messages of the page it leads to) of a POST no rendered form sends."""
    response = client.post(path, data)
    if response.status_code != 302:
        return response.status_code, []
    page = client.get(response["Location"])
    return 302, [str(m) for m in page.context["messages"] if m.level_tag == "error"]


def _pdf() -> SimpleUploadedFile:
    return SimpleUploadedFile("bao-cao.pdf", PDF, "application/pdf")


@pytest.mark.parametrize("value", ODD_NUMBERS)
def test_an_odd_criterion_on_evidence_upload_is_a_form_error(value, world, criteria, as_persona):
    client = as_persona("own")  # signing in is recorded: before the snapshot
    before = database_state()
    data = {"criterion": value, "file": _pdf()}
    status, errors = _post(client, _url(world, "scoring:evidence_add"), data)
    assert status == 302 and errors != []
    assert database_state() == before and not Evidence.objects.exists()


def test_a_criterion_of_another_year_on_evidence_upload_is_refused(world, criteria, as_persona):
    other = make_sheet(world.other_year)["I.1"]
    data = {"criterion": str(other.pk), "file": _pdf()}
    _status, errors = _post(as_persona("own"), _url(world, "scoring:evidence_add"), data)
    assert errors == ["Tiêu chí không thuộc bảng tiêu chí của năm này."]
    assert not Evidence.objects.exists()


@pytest.mark.parametrize("value", ["²", "abc", "1.5", "-3", "9" * 40])
def test_an_odd_sheet_version_answers_400_and_saves_nothing(value, world, criteria, django_app):
    draft(world.year, world.nam_dinh, world.own, criteria)
    form = django_app.get(_url(world), user=world.own).forms["sheet-form"]
    form[f"points-{criteria['I.1'].pk}"] = "5"
    form["version"].force_value(value)
    before = database_state()
    response = form.submit("save", user=world.own, expect_errors=True)
    assert response.status_code == 400
    assert "Trang không hợp lệ" in " ".join(_errors(response))
    assert database_state() == before


def test_points_too_large_for_a_number_are_refused_by_cell(world, criteria, django_app):
    form = django_app.get(_url(world), user=world.own).forms["sheet-form"]
    form[f"points-{criteria['I.1'].pk}"] = "9" * 40
    form[f"points-{criteria['II.1'].pk}"] = "1e999"
    response = form.submit("save", user=world.own, expect_errors=True)
    assert response.status_code == 400
    assert "Số quá lớn." in response.text
    assert not Score.objects.exists()


@pytest.mark.parametrize("value", ["²", "abc", "1.5", "", "99999"])
def test_an_odd_candidate_on_a_ballot_is_refused(value, world, as_persona):
    ballot = ballot_round(world.year)
    vote_url = reverse("scoring:ballot_cast", args=[world.cluster.slug, world.year.year, ballot.pk])
    client = as_persona("own")
    before = database_state()
    status, errors = _post(client, vote_url, {"candidate": value})
    assert status == 302
    assert errors == ["Phiếu có đơn vị không thuộc danh sách ứng cử của vòng này."]
    assert database_state() == before and not Ballot.objects.exists()


def test_a_ballot_with_a_good_candidate_is_still_cast(world, as_persona):
    ballot = ballot_round(world.year)
    candidate = ballot.candidates.first()
    vote_url = reverse("scoring:ballot_cast", args=[world.cluster.slug, world.year.year, ballot.pk])
    _status, errors = _post(as_persona("own"), vote_url, {"candidate": str(candidate.pk)})
    assert errors == []
    assert Ballot.objects.get().choices == [candidate.pk]


# --- control characters ------------------------------------------------------------------------

PASTED = "Theo báo cáo\x0bsố 12\x0c/BC\x01 ngày\t5\r\n(trích)"
CLEAN = "Theo báo cáosố 12/BC ngày\t5\r\n(trích)"


def test_a_control_character_in_an_explanation_is_stripped_and_the_workbook_opens(
    world, criteria, django_app
):
    form = django_app.get(_url(world), user=world.own).forms["sheet-form"]
    form[f"points-{criteria['I.1'].pk}"] = "9"
    form[f"explanation-{criteria['I.1'].pk}"] = PASTED
    form.submit("save", user=world.own).follow()
    score = Score.objects.get(criterion=criteria["I.1"])
    # Line breaks in a textarea come back as \r\n; the control characters are gone.
    assert "\x0b" not in score.explanation and "\x0c" not in score.explanation
    assert score.explanation.replace("\r\n", "\n") == CLEAN.replace("\r\n", "\n")
    download = django_app.get(_url(world, "scoring:workbook_download"), user=world.own)
    load_workbook(io.BytesIO(download.body))


def test_old_data_holding_control_characters_still_exports(world, criteria, django_app):
    assessment = draft(world.year, world.nam_dinh, world.own, criteria)
    Score.objects.filter(assessment=assessment).update(explanation=PASTED)
    criteria["I.1"].text = "Tăng\x0btrưởng"
    criteria["I.1"].save()
    download = django_app.get(_url(world, "scoring:workbook_download"), user=world.own)
    sheet = load_workbook(io.BytesIO(download.body)).worksheets[0]
    texts = [cell.value for row in sheet.iter_rows() for cell in row if cell.value]
    assert "Tăngtrưởng" in texts and any(str(t).startswith("Theo báo cáosố") for t in texts)
    # ... and the workbook imports back as it is.
    form = django_app.get(_url(world), user=world.own).forms["upload-form"]
    form["file"] = Upload("bang-diem.xlsx", download.body)
    page = form.submit(user=world.own).follow()
    assert "Đã nhập bảng điểm từ tệp Excel (bản nháp)." in page.text
    assert Assessment.objects.get().state == "draft"


def test_a_control_character_in_a_recipient_name_is_stripped_and_the_export_opens(
    world, django_app
):
    decision = make_decision(world.year)
    page = django_app.get(
        url("awards:recipient_create", world, decision.pk), user=world.secretariat
    )
    form = next(f for f in page.forms.values() if "name" in f.fields)
    form["kind"] = "individual"
    form["award_type"] = str(award().pk)
    form["name"] = "Đặng\x0b Thị\x1f Bích"
    form["achievement"] = PASTED
    form.submit(user=world.secretariat).follow()
    recipient = Recipient.objects.get()
    assert recipient.name == "Đặng Thị Bích" and "\x0b" not in recipient.achievement
    make_recipient(decision, "Cũ\x0bTên", organisation="Sở\x07 Nội vụ")  # old data
    export = django_app.get(url("awards:recipients_export", world, decision.pk), user=world.viewer)
    names = [row[2] for row in load_workbook(io.BytesIO(export.body)).active.iter_rows(
        min_row=2, values_only=True
    )]  # fmt: skip
    assert sorted(names) == ["CũTên", "Đặng Thị Bích"]


def test_every_form_of_the_app_strips_control_characters():
    # One mixin, on every form class of the four apps (the admin's and sign-in's are Django's).
    from django import forms

    import awards.forms
    import campaigns.forms
    import clusters.forms
    import scoring.forms

    classes = [
        value
        for module in (clusters.forms, campaigns.forms, scoring.forms, awards.forms)
        for value in vars(module).values()
        if isinstance(value, type)
        and issubclass(value, forms.BaseForm)
        and value.__module__ == module.__name__
    ]
    assert len(classes) > 20
    assert [c.__name__ for c in classes if not issubclass(c, PlainTextForm)] == []
