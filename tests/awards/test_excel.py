"""The recipients workbook: template, import (all or nothing, errors by cell), export."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from openpyxl import Workbook, load_workbook

from awards.excel import MAX_UPLOAD_BYTES, SHEET
from awards.models import Recipient
from awards.rules import COLUMNS, KIND_LABELS
from tests.awards.helpers import make_decision, make_recipient, url

pytestmark = pytest.mark.django_db
HEADER = [str(title) for _key, title in COLUMNS]
MERIT = "Bằng khen của Chủ tịch UBND tỉnh"


def _xlsx(rows, header=HEADER) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = str(SHEET)
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _upload(content: bytes, name: str = "danh-sach.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def _import(client, world, decision, content, **data):
    return client.post(
        url("awards:recipients_import", world, decision.pk),
        {"file": _upload(content), **data},
    )


GOOD = [
    [1, "Tập thể", "Ban Thi đua - Khen thưởng tỉnh Nam Định", "", "Sở Nội vụ tỉnh Nam Định",
     "Nam Định", MERIT, ""],
    [2, "Cá nhân", "Đặng Thị Bích", "Phó Trưởng ban", "Sở Nội vụ tỉnh Hà Nam", "ha nam", MERIT,
     "Đã có thành tích xuất sắc trong công tác tổng hợp của Cụm"],
]  # fmt: skip


def test_template_has_the_columns_and_lists_the_choices(world, as_persona):
    response = as_persona("viewer").get(url("awards:import_template", world))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = load_workbook(io.BytesIO(response.content))
    assert [c.value for c in workbook[str(SHEET)][1]] == HEADER
    guide = [c.value for row in workbook["Hướng dẫn"].iter_rows() for c in row if c.value]
    assert MERIT in guide and "Nam Định" in guide and "Đắk Lắk" not in guide


def test_a_valid_workbook_is_imported_whole(world, as_persona):
    decision = make_decision(world.year)
    response = _import(as_persona("secretariat"), world, decision, _xlsx(GOOD))
    assert response.status_code == 302
    collective, person = decision.recipients.order_by("order")
    assert collective.kind == "collective" and collective.unit == world.nam_dinh
    assert person.name == "Đặng Thị Bích" and person.unit == world.ha_nam
    assert person.search_name == "dang thi bich"
    assert person.achievement.startswith("Đã có thành tích xuất sắc")


def test_one_bad_cell_saves_nothing_and_every_error_is_listed(world, as_persona):
    decision = make_decision(world.year)
    make_recipient(decision, "Người có sẵn")
    rows = GOOD + [
        [3, "Cá nhân", "", "Chuyên viên", "Sở Nội vụ", "Nam Định", MERIT, ""],
        [4, "Cá nhân", "Trần Văn C", "", "", "Nam Định", "Huy hiệu Bác Hồ", ""],
    ]
    response = _import(as_persona("secretariat"), world, decision, _xlsx(rows), replace="on")
    assert response.status_code == 200
    text = response.text
    assert "C4" in text and "Thiếu tên tập thể hoặc họ và tên." in text
    assert "G5" in text and "Không có hình thức khen thưởng “Huy hiệu Bác Hồ”" in text
    assert "chưa lưu dòng nào" in text
    # nothing half-saved: not the good rows, and the replace did not delete the old one
    assert list(decision.recipients.values_list("name", flat=True)) == ["Người có sẵn"]


def test_import_appends_or_replaces(world, as_persona):
    decision = make_decision(world.year)
    make_recipient(decision, "Người có sẵn")
    client = as_persona("secretariat")
    _import(client, world, decision, _xlsx(GOOD))
    assert decision.recipients.count() == 3
    assert decision.recipients.order_by("order").first().name == "Người có sẵn"
    _import(client, world, decision, _xlsx(GOOD[:1]), replace="on")
    assert list(decision.recipients.values_list("kind", flat=True)) == ["collective"]


def test_a_workbook_filled_in_english_imports_for_a_vietnamese_colleague(world, as_persona):
    # The workbook's words follow the language of whoever downloaded it; reading back accepts
    # them in any of the app's languages.
    with translation.override("en"):
        header = [str(title) for _key, title in COLUMNS]
        individual = str(KIND_LABELS["individual"])
    assert individual == "Individual"
    decision = make_decision(world.year)
    row = [1, individual, "Đặng Thị Bích", "Phó Trưởng ban", "", "Hà Nam", MERIT, ""]
    response = _import(as_persona("secretariat"), world, decision, _xlsx([row], header=header))
    assert response.status_code == 302
    assert decision.recipients.get().kind == "individual"


def test_a_wrong_header_is_refused(world, as_persona):
    decision = make_decision(world.year)
    response = _import(
        as_persona("secretariat"), world, decision, _xlsx(GOOD, header=["STT", "Tên"])
    )
    assert "B1" in response.text and "hãy dùng tệp mẫu" in response.text
    assert not decision.recipients.exists()


@pytest.mark.parametrize(
    "content",
    [
        b"STT,Ten\n1,Nguyen Van A\n",  # a CSV renamed .xlsx
        b"%PDF-1.4 not a workbook",
    ],
)
def test_a_file_that_is_not_a_workbook_is_refused(world, as_persona, content):
    decision = make_decision(world.year)
    response = _import(as_persona("secretariat"), world, decision, content)
    assert "không phải bảng tính Excel (.xlsx)" in response.text
    assert not Recipient.objects.exists()


def test_a_renamed_zip_is_refused(world, as_persona):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "không phải bảng tính")
    decision = make_decision(world.year)
    response = _import(as_persona("secretariat"), world, decision, buffer.getvalue())
    assert "không phải bảng tính Excel (.xlsx)" in response.text
    assert not Recipient.objects.exists()


def test_a_broken_workbook_is_refused(world, as_persona):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<broken")
        archive.writestr("xl/workbook.xml", "<broken")
    decision = make_decision(world.year)
    response = _import(as_persona("secretariat"), world, decision, buffer.getvalue())
    assert "không phải bảng tính Excel (.xlsx)" in response.text


def test_too_large_a_file_is_refused_before_reading(world, as_persona):
    decision = make_decision(world.year)
    response = _import(as_persona("secretariat"), world, decision, b"0" * (MAX_UPLOAD_BYTES + 1))
    assert "Tệp lớn quá 5 MB." in response.text
    assert not Recipient.objects.exists()


def test_no_file_is_asked_for_in_vietnamese(world, as_persona):
    decision = make_decision(world.year)
    response = as_persona("secretariat").post(url("awards:recipients_import", world, decision.pk))
    assert "Hãy chọn tệp Excel để nhập." in response.text


def test_export_keeps_text_as_text_and_reads_back_into_an_import(world, as_persona):
    decision = make_decision(world.year)
    formula = '=HYPERLINK("http://evil.invalid","bấm")'
    make_recipient(decision, formula, unit=world.nam_dinh, organisation="+84 Sở Nội vụ")
    make_recipient(decision, "Ban TĐKT tỉnh Nam Định", kind="collective", unit=world.nam_dinh)
    response = as_persona("viewer").get(url("awards:recipients_export", world, decision.pk))
    assert response["Content-Disposition"].startswith("attachment; filename=")
    sheet = load_workbook(io.BytesIO(response.content))[str(SHEET)]
    name = sheet["C2"]
    assert name.value == formula and name.data_type == "s"
    assert sheet["E2"].value == "+84 Sở Nội vụ" and sheet["E2"].data_type == "s"
    assert [c.value for c in sheet[1]] == HEADER
    assert sheet["B3"].value == "Tập thể" and sheet["F3"].value == "Nam Định"
    # the raw XML holds no formula at all
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        assert "<f>" not in archive.read("xl/worksheets/sheet1.xml").decode()
    # an exported list imports into another decision unchanged
    other = make_decision(world.year, number="700/QĐ-UBND")
    result = _import(as_persona("secretariat"), world, other, response.content)
    assert result.status_code == 302
    assert list(other.recipients.values_list("name", "kind")) == list(
        decision.recipients.values_list("name", "kind")
    )
