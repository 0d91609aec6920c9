"""Every form of the awards app, filled and sent as the page rendered it (django-webtest).

Each form is saved once and refused once; a refusal shows its message on the page (next to
its field, or at the top) and leaves the database as it was.
"""

from __future__ import annotations

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import Workbook
from webtest import Upload

from awards import services
from awards.excel import SHEET
from awards.models import Decision, Proposal, Recipient
from awards.rules import COLUMNS
from clusters.models import AuditEvent
from tests.awards.helpers import award, make_decision, make_recipient, url
from tests.awards.proposal_builders import drafted, voted_round
from tests.campaigns.pages import field_errors, form_to, form_with, messages_of

pytestmark = pytest.mark.django_db
MERIT = "Bằng khen của Chủ tịch UBND tỉnh"


def _decisions() -> list:
    return list(Decision.objects.order_by("pk").values_list("pk", "number", "issuer", "date"))


def _recipients() -> list:
    return list(Recipient.objects.order_by("pk").values_list("pk", "name", "kind", "award_type"))


def _proposals() -> list:
    return list(Proposal.objects.order_by("pk").values_list("pk", "state", "number", "date"))


# --- decisions


def _fill_decision(form, number: str) -> None:
    form["number"] = number
    form["date"] = "15/03/2019"
    form["signer_name"] = "Trần Văn Hà"


def test_decision_form_records_a_decision_with_the_head_units_defaults(world, django_app):
    page = django_app.get(url("awards:decision_create", world), user=world.secretariat)
    form = form_with(page, "issuer")
    assert form["issuer"].value == "Chủ tịch Ủy ban nhân dân tỉnh Hà Nam"
    _fill_decision(form, "600/QĐ-UBND")
    page = form.submit().follow()
    assert "Đã lưu quyết định. Hãy thêm người được khen thưởng." in messages_of(page)
    decision = Decision.objects.get()
    assert (decision.number, decision.date) == ("600/QĐ-UBND", datetime.date(2019, 3, 15))
    history = page.html.select_one('[data-testid="history"]').get_text(" ", strip=True)
    assert "Tạo quyết định khen thưởng" in history


def test_decision_form_refuses_a_number_already_used_that_year(world, django_app):
    make_decision(world.year, number="600/QĐ-UBND")
    page = django_app.get(url("awards:decision_create", world), user=world.secretariat)
    form = form_with(page, "issuer")
    _fill_decision(form, "600/QĐ-UBND")
    before = _decisions()
    page = form.submit()
    assert page.status_code == 200
    assert "Năm này đã có quyết định cùng số của cùng người ký." in messages_of(page)
    assert _decisions() == before
    assert not AuditEvent.objects.filter(action="decision.create").exists()


def test_decision_edit_form_saves_the_change(world, django_app):
    decision = make_decision(world.year)
    page = django_app.get(url("awards:decision_edit", world, decision.pk), user=world.secretariat)
    form = form_with(page, "issuer")
    form["signer_name"] = "Nguyễn Văn Bình"
    page = form.submit().follow()
    assert "Đã lưu quyết định." in messages_of(page)
    decision.refresh_from_db()
    assert decision.signer_name == "Nguyễn Văn Bình"
    event = AuditEvent.objects.get(action="decision.update")
    assert event.changes == {"signer_name": ["Trần Văn Hà", "Nguyễn Văn Bình"]}


def test_decision_edit_form_refuses_an_empty_number_next_to_its_field(world, django_app):
    decision = make_decision(world.year)
    page = django_app.get(url("awards:decision_edit", world, decision.pk), user=world.secretariat)
    form = form_with(page, "issuer")
    form["number"] = ""
    before = _decisions()
    page = form.submit()
    assert "Quyết định phải có số." in field_errors(page, "number")
    assert _decisions() == before


# --- recipients


def test_recipient_form_adds_a_person_and_the_edit_form_changes_them(world, django_app):
    decision = make_decision(world.year)
    page = django_app.get(
        url("awards:recipient_create", world, decision.pk), user=world.secretariat
    )
    form = form_with(page, "name")
    form["kind"] = "individual"
    form["award_type"] = str(award().pk)
    form["name"] = "Đặng Thị Bích"
    form["position"] = "Phó Trưởng ban"
    form["unit"] = str(world.nam_dinh.pk)
    page = form.submit().follow()
    assert "Đã thêm Đặng Thị Bích." in messages_of(page)
    recipient = decision.recipients.get()
    assert (recipient.name, recipient.unit) == ("Đặng Thị Bích", world.nam_dinh)

    page = django_app.get(
        url("awards:recipient_edit", world, decision.pk, recipient.pk), user=world.secretariat
    )
    form = form_with(page, "name")
    form["name"] = "Đặng Thị Bích Ngọc"
    page = form.submit().follow()
    assert "Đặng Thị Bích Ngọc" in page.text
    recipient.refresh_from_db()
    assert recipient.search_name == "dang thi bich ngoc"
    history = page.html.select_one('[data-testid="history"]').get_text(" ", strip=True)
    assert "Thêm người, tập thể được khen" in history and "Sửa người, tập thể được khen" in history


def test_recipient_form_refuses_a_collectives_award_for_a_person(world, django_app):
    decision = make_decision(world.year)
    page = django_app.get(
        url("awards:recipient_create", world, decision.pk), user=world.secretariat
    )
    form = form_with(page, "name")
    form["kind"] = "individual"
    form["award_type"] = str(award("co-thi-dua-cap-tinh").pk)
    form["name"] = "Nguyễn Văn A"
    page = form.submit()
    assert "“Cờ thi đua cấp tỉnh” không dành cho cá nhân." in field_errors(page, "award_type")
    assert not Recipient.objects.exists()


def test_recipient_edit_form_refuses_an_empty_name_next_to_its_field(world, django_app):
    decision = make_decision(world.year)
    recipient = make_recipient(decision)
    page = django_app.get(
        url("awards:recipient_edit", world, decision.pk, recipient.pk), user=world.secretariat
    )
    form = form_with(page, "name")
    form["name"] = ""
    before = _recipients()
    page = form.submit()
    assert "Thiếu tên tập thể hoặc họ và tên." in field_errors(page, "name")
    assert _recipients() == before


# --- the Excel import


def _workbook(rows) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = str(SHEET)
    sheet.append([str(title) for _key, title in COLUMNS])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


GOOD = [
    [1, "Tập thể", "Ban Thi đua - Khen thưởng tỉnh Nam Định", "", "Sở Nội vụ tỉnh Nam Định",
     "Nam Định", MERIT, ""],
    [2, "Cá nhân", "Đặng Thị Bích", "Phó Trưởng ban", "Sở Nội vụ tỉnh Hà Nam", "Hà Nam", MERIT,
     ""],
]  # fmt: skip


def _import_form(world, django_app, decision):
    page = django_app.get(
        url("awards:recipients_import", world, decision.pk), user=world.secretariat
    )
    return form_with(page, "file")


def test_import_form_uploads_the_workbook_and_replaces_the_list(world, django_app):
    decision = make_decision(world.year)
    make_recipient(decision, "Người cũ")
    form = _import_form(world, django_app, decision)
    form["file"] = Upload("danh-sach.xlsx", _workbook(GOOD))
    form["replace"] = True
    page = form.submit().follow()
    assert "Đã nhập 2 dòng." in messages_of(page)
    assert list(decision.recipients.values_list("name", flat=True)) == [
        "Ban Thi đua - Khen thưởng tỉnh Nam Định",
        "Đặng Thị Bích",
    ]


def test_import_form_lists_every_bad_cell_and_saves_nothing(world, django_app):
    decision = make_decision(world.year)
    form = _import_form(world, django_app, decision)
    bad = [GOOD[0], [2, "Ai đó", "", "", "", "Đắk Lắk", "Huân chương", ""]]
    form["file"] = Upload("danh-sach.xlsx", _workbook(bad))
    page = form.submit()
    errors = page.html.select_one('[data-testid="cell-errors"]').get_text(" ", strip=True)
    assert "Tệp có 4 lỗi; chưa lưu dòng nào." in errors
    for cell in ("B3", "C3", "F3", "G3"):
        assert cell in errors
    assert not Recipient.objects.exists()
    assert not AuditEvent.objects.filter(action="recipients.import").exists()


# --- proposals


def test_proposal_is_drafted_from_the_round_page_and_a_second_press_is_refused(world, django_app):
    round_ = voted_round(world)
    round_url = reverse("scoring:round", args=[world.cluster.slug, world.year.year, round_.pk])
    page = django_app.get(round_url, user=world.secretariat)
    action = url("awards:proposal_from_round", world, round_.pk)
    stale = form_to(page, action)
    page = form_to(page, action).submit().follow()
    assert "Đã lập dự thảo tờ trình. Hãy ghi số, ngày rồi gửi." in messages_of(page)
    proposal = Proposal.objects.get()
    assert page.request.path == proposal.get_absolute_url()
    history = page.html.select_one('[data-testid="history"]').get_text(" ", strip=True)
    assert "Lập tờ trình" in history
    before = _proposals()
    page = stale.submit().follow()
    assert "Vòng bỏ phiếu này đã có tờ trình." in messages_of(page)
    assert _proposals() == before


def test_proposal_form_saves_number_date_and_signer(world, django_app):
    proposal = drafted(world)
    page = django_app.get(url("awards:proposal_edit", world, proposal.pk), user=world.secretariat)
    form = form_with(page, "number")
    form["number"] = "Số: 12/TTr-CTĐ"
    form["date"] = "20/03/2019"
    form["signer_name"] = "Trần Văn Hà"
    page = form.submit().follow()
    assert "Đã lưu tờ trình." in messages_of(page)
    proposal.refresh_from_db()
    assert (proposal.number, proposal.date) == ("12/TTr-CTĐ", datetime.date(2019, 3, 20))


def test_proposal_form_refuses_a_number_already_used_that_year(world, django_app):
    first = drafted(world)
    services.proposal_update(actor=world.secretariat, proposal=first, fields={"number": "12/TTr"})
    second = drafted(world)
    page = django_app.get(url("awards:proposal_edit", world, second.pk), user=world.secretariat)
    form = form_with(page, "number")
    form["number"] = "12/TTr"
    before = _proposals()
    page = form.submit()
    assert page.status_code == 200
    assert "Năm này đã có tờ trình cùng số." in messages_of(page)
    assert _proposals() == before


def test_send_button_is_refused_without_a_number_then_sends(world, django_app):
    proposal = drafted(world)
    detail = proposal.get_absolute_url()
    send = url("awards:proposal_send", world, proposal.pk)
    page = form_to(django_app.get(detail, user=world.secretariat), send).submit().follow()
    assert "Chưa gửi được: tờ trình còn thiếu số, ngày ký." in messages_of(page)
    assert Proposal.objects.get().state == "draft"
    services.proposal_update(
        actor=world.secretariat,
        proposal=proposal,
        fields={"number": "12/TTr-CTĐ", "date": datetime.date(2019, 3, 20)},
    )
    page = form_to(django_app.get(detail, user=world.secretariat), send).submit().follow()
    assert "Đã ghi nhận tờ trình đã gửi." in messages_of(page)
    assert Proposal.objects.get().state == "sent"


def test_decide_form_records_the_decision_and_a_stale_second_send_is_refused(world, django_app):
    proposal = drafted(world)
    services.proposal_update(
        actor=world.secretariat,
        proposal=proposal,
        fields={"number": "12/TTr-CTĐ", "date": datetime.date(2019, 3, 20)},
    )
    services.proposal_send(actor=world.secretariat, proposal=proposal)
    page = django_app.get(proposal.get_absolute_url(), user=world.secretariat)
    form = form_with(page, "decision_reference")
    stale = form_with(page, "decision_reference")
    form["decision_reference"] = "Quyết định số 345/QĐ-TTg ngày 10/4/2019"
    page = form.submit().follow()
    assert "Đã ghi nhận quyết định khen thưởng." in messages_of(page)
    assert "Quyết định số 345/QĐ-TTg ngày 10/4/2019" in page.text
    before = _proposals()
    stale["decision_reference"] = "Quyết định khác"
    page = stale.submit().follow()
    assert "Chỉ ghi nhận quyết định cho tờ trình đã gửi." in messages_of(page)
    assert _proposals() == before
    assert Proposal.objects.get().decision_reference == "Quyết định số 345/QĐ-TTg ngày 10/4/2019"
