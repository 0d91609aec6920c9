"""The Excel round trip: download, fill offline, upload back; the consolidated export; commands."""

import io
import zipfile
from decimal import Decimal as D

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db.models import F
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from scoring import services
from scoring.excel import META_TITLE
from scoring.models import Assessment, CriteriaSheet, Score
from tests.scoring.builders import (
    FULL,
    entries,
    make_sheet,
    open_self_assessment,
    submitted,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def criteria(world):
    made = make_sheet(world.year)
    open_self_assessment(world.year)
    return made


def _url(world, name):
    return reverse(name, args=[world.cluster.slug, world.year.year, world.nam_dinh.slug])


def _download(world, as_persona) -> bytes:
    response = as_persona("own").get(_url(world, "scoring:workbook_download"))
    assert response.status_code == 200
    return response.content


def _rows(sheet) -> dict[str, int]:
    return {sheet.cell(row=r, column=1).value: r for r in range(5, sheet.max_row + 1)}


def _fill(data: bytes, values: dict[str, object], explanation: str = "") -> bytes:
    workbook = load_workbook(io.BytesIO(data))
    sheet = workbook.worksheets[0]
    rows = _rows(sheet)
    for code, value in values.items():
        sheet.cell(row=rows[code], column=5).value = value
        if explanation:
            sheet.cell(row=rows[code], column=6).value = explanation
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _upload(world, as_persona, data: bytes, name: str = "bang-diem.xlsx"):
    return as_persona("own").post(
        _url(world, "scoring:workbook_upload"),
        {"file": SimpleUploadedFile(name, data)},
        follow=True,
    )


def _saved(world) -> dict[str, D]:
    return dict(
        Score.objects.filter(
            assessment__unit=world.nam_dinh, self_points__isnull=False
        ).values_list("criterion__code", "self_points")
    )


def test_the_downloaded_workbook_is_protected_validated_and_identified(world, criteria, as_persona):
    workbook = load_workbook(io.BytesIO(_download(world, as_persona)))
    sheet = workbook.worksheets[0]
    assert sheet.protection.sheet
    rows = _rows(sheet)
    assert sheet.cell(row=rows["I.1"], column=1).protection.locked  # codes locked
    assert sheet.cell(row=rows["I.1"], column=4).protection.locked  # maxima locked
    assert not sheet.cell(row=rows["I.1"], column=5).protection.locked  # points open
    assert not sheet.cell(row=rows["I.1"], column=6).protection.locked  # explanation open
    ranges = {(v.formula1, v.formula2) for v in sheet.data_validations.dataValidation}
    assert ("0.0", "10.0") in ranges and ("-5.0", "0.0") in ranges
    meta = workbook[META_TITLE]
    assert meta.sheet_state == "veryHidden"
    identity = {
        meta.cell(row=r, column=1).value: meta.cell(row=r, column=2).value for r in range(1, 6)
    }
    assert identity["cluster"] == "dong-bang-song-hong" and identity["unit"] == "nam-dinh"
    assert identity["year"] == "2018" and identity["sheet_version"] == str(
        criteria["I"].sheet.version
    )


def test_a_filled_workbook_is_saved_as_the_draft(world, criteria, as_persona):
    data = _fill(
        _download(world, as_persona), {"I.1": 9, "I.2": "18,5", "IV.1": -2}, "Theo báo cáo"
    )
    response = _upload(world, as_persona, data)
    assert "Đã nhập bảng điểm từ tệp Excel" in response.text
    assert _saved(world) == {"I.1": D("9"), "I.2": D("18.5"), "IV.1": D("-2")}
    assert Assessment.objects.get(unit=world.nam_dinh).state == "draft"


def test_every_bad_cell_is_listed_and_nothing_is_saved(world, criteria, as_persona):
    data = _download(world, as_persona)
    workbook = load_workbook(io.BytesIO(data))
    sheet = workbook.worksheets[0]
    rows = _rows(sheet)
    sheet.cell(row=rows["I.1"], column=5).value = "chín"  # text
    sheet.cell(row=rows["I.2"], column=5).value = 25  # above the maximum
    sheet.cell(row=rows["II.1"], column=5).value = -1  # below zero
    sheet.cell(row=rows["IV.1"], column=5).value = 3  # a deduction without its sign
    sheet.cell(row=rows["II.2"], column=5).value = "=SUM(D5:D6)"  # a formula
    sheet.cell(row=rows["III.1"], column=1).value = "IX.9"  # an unknown code (and III.1 missing)
    out = io.BytesIO()
    workbook.save(out)
    response = _upload(world, as_persona, out.getvalue())
    text = response.text
    assert "Tệp có 7 lỗi, chưa lưu gì." in text
    assert f"Ô E{rows['I.1']}: “chín” không phải là số" in text
    assert f"Ô E{rows['I.2']}: Điểm phải trong khoảng 0 đến 20" in text
    assert f"Ô E{rows['II.1']}: Điểm phải trong khoảng 0 đến 10" in text
    assert f"Ô E{rows['IV.1']}: Điểm trừ phải nhập số âm" in text
    assert f"Ô E{rows['II.2']}: Không nhận công thức" in text
    assert f"Ô A{rows['III.1']}: Mã tiêu chí “IX.9” không có trong bảng" in text
    assert "Thiếu dòng của tiêu chí “III.1”" in text
    assert not Assessment.objects.exists()


def test_a_workbook_of_another_unit_year_or_version_is_refused(world, criteria, as_persona):
    data = _fill(_download(world, as_persona), {"I.1": 9})
    CriteriaSheet.objects.update(version=F("version") + 1)  # the sheet moved on since
    response = _upload(world, as_persona, data)
    assert "phiên bản bảng tiêu chí" in response.text
    workbook = load_workbook(io.BytesIO(data))
    workbook[META_TITLE]["B4"].value = "thai-binh"
    workbook[META_TITLE]["B3"].value = "2019"
    out = io.BytesIO()
    workbook.save(out)
    text = _upload(world, as_persona, out.getvalue()).text
    assert "đơn vị khác (thai-binh)" in text and "năm thi đua khác (2019)" in text
    assert not Assessment.objects.exists()


def test_files_that_are_not_our_workbook_are_refused(world, criteria, as_persona):
    assert "không phải là bảng tính Excel" in _upload(world, as_persona, b"%PDF-1.4 hello").text
    renamed = io.BytesIO()
    with zipfile.ZipFile(renamed, "w") as archive:
        archive.writestr("readme.txt", "not a workbook")
    assert (
        "không phải là bảng tính Excel (.xlsx) hợp lệ"
        in _upload(world, as_persona, renamed.getvalue()).text
    )
    foreign = io.BytesIO()
    Workbook().save(foreign)
    assert "không phải là mẫu bảng điểm" in _upload(world, as_persona, foreign.getvalue()).text
    huge = _upload(world, as_persona, b"0" * (20 * 1024 * 1024))
    assert "Tệp quá lớn" in huge.text
    assert not Assessment.objects.exists()


def test_consolidated_export_keeps_user_text_as_text(world, criteria, as_persona, tmp_path):
    criteria["I.1"].text = '=HYPERLINK("http://evil")'
    criteria["I.1"].save()
    submitted(world.year, world.nam_dinh, world.own, criteria)
    response = as_persona("secretariat").get(
        reverse("scoring:consolidated", args=[world.cluster.slug, world.year.year])
    )
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook.active
    cells = {sheet.cell(row=r, column=1).value: r for r in range(4, sheet.max_row + 1)}
    formula_cell = sheet.cell(row=cells["I.1"], column=2)
    assert formula_cell.value == '=HYPERLINK("http://evil")' and formula_cell.data_type == "s"
    header = [sheet.cell(row=3, column=c).value for c in range(3, sheet.max_column + 1)]
    nam_dinh = 3 + header.index("Nam Định")
    assert sheet.cell(row=cells["I.2"], column=nam_dinh).value == 18.5
    labels = {sheet.cell(row=r, column=2).value: r for r in range(4, sheet.max_row + 1)}
    assert sheet.cell(row=labels["Tổng điểm"], column=nam_dinh).value == 43.5  # 9+18,5+15+2−1
    assert sheet.cell(row=labels["Trạng thái"], column=nam_dinh).value == "Đã nộp"
    output = tmp_path / "tong-hop.xlsx"
    call_command("export_scores", "dong-bang-song-hong", "2018", "-o", str(output))
    assert (
        load_workbook(output).active["A1"].value.startswith("BẢNG TỔNG HỢP ĐIỂM THI ĐUA NĂM 2018")
    )


def test_consolidated_export_counts_a_capped_section_and_ranks_in_order(
    world, criteria, as_persona
):
    # Nam Định: II.1 9 + II.2 8 = 17 under a cap of 15; Thái Bình lower; others not submitted.
    submitted(world.year, world.nam_dinh, world.own, criteria)
    lower = {**FULL, "I.1": "5", "II.1": "2", "II.2": "1"}
    services.evidence_add(
        actor=world.other,
        year=world.year,
        unit=world.thai_binh,
        criterion=criteria["I.2"],
        upload=SimpleUploadedFile("bao-cao.pdf", b"%PDF-1.4 minh chung", "application/pdf"),
    )
    services.assessment_save(
        actor=world.other,
        year=world.year,
        unit=world.thai_binh,
        version=None,
        entries=entries(criteria, lower),
        submit=True,
    )
    response = as_persona("viewer").get(
        reverse("scoring:consolidated", args=[world.cluster.slug, world.year.year])
    )
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [sheet.cell(row=3, column=c).value for c in range(1, sheet.max_column + 1)]
    assert header[3:5] == ["Nam Định", "Thái Bình"]  # ranked first, unsubmitted after
    rows = {sheet.cell(row=r, column=1).value: r for r in range(4, sheet.max_row + 1)}
    labels = {sheet.cell(row=r, column=2).value: r for r in range(4, sheet.max_row + 1)}
    capped = sheet.cell(row=rows["II"], column=4)
    assert capped.value == 15 and "17" in capped.comment.text
    subtotals = [sheet.cell(row=rows[c], column=4).value for c in ("I", "II", "III", "IV")]
    assert subtotals == [27.5, 15, 2, -1]
    assert sheet.cell(row=labels["Tổng điểm"], column=4).value == 43.5 == sum(subtotals)
    assert [sheet.cell(row=labels["Xếp hạng"], column=c).value for c in (4, 5, 6)] == [1, 2, None]
    assert sheet.cell(row=rows["IV.1"], column=3).value == -5


def test_import_scores_command(world, criteria, as_persona, tmp_path):
    good = tmp_path / "good.xlsx"
    good.write_bytes(_fill(_download(world, as_persona), {"I.1": "7,5"}))
    call_command("import_scores", "dong-bang-song-hong", "2018", "nam-dinh", str(good))
    assert _saved(world) == {"I.1": D("7.5")}
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(_fill(_download(world, as_persona), {"I.1": 70}))
    err = io.StringIO()
    with pytest.raises(CommandError, match="chưa lưu gì"):
        call_command(
            "import_scores", "dong-bang-song-hong", "2018", "nam-dinh", str(bad), stderr=err
        )
    assert "Điểm phải trong khoảng 0 đến 10" in err.getvalue()
    assert _saved(world) == {"I.1": D("7.5")}
    with pytest.raises(CommandError, match="không phải thành viên"):
        call_command("import_scores", "dong-bang-song-hong", "2018", "ha-noi", str(good))
