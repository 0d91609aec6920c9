"""The recipients workbook: the template to fill, the import and the export (openpyxl).

An upload is read by the one safe reader (clusters/uploads.py): its size, its zip (members,
declared inflated sizes) and its XML (elements, rows, columns) are checked before openpyxl
reads it in read-only mode, against a time budget. User text is always written as text: a name
starting with "=" is stored as a string, never as a formula, and without the control characters
XML cannot hold.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from awards.rules import (
    COLUMNS,
    FIRST_DATA_ROW,
    HEADER_ROW,
    KIND_LABELS,
    MAX_ROWS,
    column_letter,
    in_every_language,
)
from clusters import uploads
from clusters.text import fold

MAX_UPLOAD_BYTES = uploads.MAX_WORKBOOK_BYTES
# The sheets' names, in the language of the person who downloads the workbook (see COLUMNS).
SHEET = gettext_lazy("Danh sách")
GUIDE_SHEET = gettext_lazy("Hướng dẫn")
WIDTHS = [6, 14, 34, 26, 40, 22, 36, 60]


# An upload that is not a readable workbook (not an xlsx, too large, a zip bomb, broken XML);
# the message is for the person.
WorkbookError = uploads.WorkbookRefused


@dataclass(frozen=True)
class ExportRow:
    kind: str
    name: str
    position: str
    organisation: str
    unit: str
    award_type: str
    achievement: str


def _text(cell, value: object) -> None:
    """Store a value; text (a translated word too) stays text even when it looks like a formula."""
    if value is not None and not isinstance(value, int | float):
        value = uploads.strip_control_characters(str(value))
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"


def _sheet_with_header(workbook: Workbook):
    sheet = workbook.active
    sheet.title = str(SHEET)
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="FDE9D9")
    for index, (_key, title) in enumerate(COLUMNS):
        cell = sheet.cell(row=HEADER_ROW, column=index + 1)
        _text(cell, title)
        cell.font = bold
        cell.fill = fill
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        sheet.column_dimensions[column_letter(index)].width = WIDTHS[index]
    sheet.freeze_panes = f"A{FIRST_DATA_ROW}"
    return sheet


def build_template(*, units: Sequence[str], award_types: Sequence[str]) -> bytes:
    """An empty sheet with the header, drop-down lists, and a guide sheet listing the choices."""
    workbook = Workbook()
    sheet = _sheet_with_header(workbook)
    guide_title = str(GUIDE_SHEET)
    guide = workbook.create_sheet(guide_title)
    lines = [
        _("Nhập mỗi tập thể hoặc cá nhân trên một dòng của trang “%(sheet)s”, từ dòng %(row)d.")
        % {"sheet": SHEET, "row": FIRST_DATA_ROW},
        _("Đối tượng: ghi “Tập thể” hoặc “Cá nhân”. Tên tập thể hoặc họ và tên: bắt buộc."),
        _("Hình thức khen thưởng: bắt buộc, ghi đúng tên trong danh mục ở cột A bên dưới."),
        _("Đơn vị thành viên: không bắt buộc, ghi đúng tên ở cột B bên dưới."),
        _("Thành tích: để trống để dùng thành tích chung của quyết định."),
        _("Tệp được kiểm tra toàn bộ: chỉ cần một ô sai là không dòng nào được lưu."),
    ]
    for row, line in enumerate(lines, start=1):
        _text(guide.cell(row=row, column=1), line)
    start = len(lines) + 2
    _text(guide.cell(row=start, column=1), _("Hình thức khen thưởng"))
    _text(guide.cell(row=start, column=2), _("Đơn vị thành viên"))
    guide.cell(row=start, column=1).font = guide.cell(row=start, column=2).font = Font(bold=True)
    for offset, name in enumerate(award_types, start=1):
        _text(guide.cell(row=start + offset, column=1), name)
    for offset, name in enumerate(units, start=1):
        _text(guide.cell(row=start + offset, column=2), name)
    guide.column_dimensions["A"].width = 60
    guide.column_dimensions["B"].width = 30

    last = FIRST_DATA_ROW + MAX_ROWS - 1
    choices = ",".join(str(label) for label in KIND_LABELS.values())
    kinds = DataValidation(type="list", formula1=f'"{choices}"', allow_blank=True)
    kinds.add(f"B{FIRST_DATA_ROW}:B{last}")
    sheet.add_data_validation(kinds)
    if award_types:
        end = start + len(award_types)
        awards = DataValidation(
            type="list", formula1=f"'{guide_title}'!$A${start + 1}:$A${end}", allow_blank=True
        )
        awards.add(f"G{FIRST_DATA_ROW}:G{last}")
        sheet.add_data_validation(awards)
    if units:
        end = start + len(units)
        unit_list = DataValidation(
            type="list", formula1=f"'{guide_title}'!$B${start + 1}:$B${end}", allow_blank=True
        )
        unit_list.add(f"F{FIRST_DATA_ROW}:F{last}")
        sheet.add_data_validation(unit_list)
    return _save(workbook)


def export_recipients(rows: Iterable[ExportRow]) -> bytes:
    """The decision's recipients in the template's columns, so an export can be imported."""
    workbook = Workbook()
    sheet = _sheet_with_header(workbook)
    for number, row in enumerate(rows, start=1):
        values = [
            number,
            KIND_LABELS[row.kind],
            row.name,
            row.position,
            row.organisation,
            row.unit,
            row.award_type,
            row.achievement,
        ]
        excel_row = FIRST_DATA_ROW + number - 1
        for column, value in enumerate(values, start=1):
            _text(sheet.cell(row=excel_row, column=column), value)
    return _save(workbook)


def _save(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


NOT_XLSX = uploads.NOT_XLSX


def refuse_if_too_large(upload) -> None:
    """Before anything reads it (or keeps it for the background import)."""
    if upload.size > MAX_UPLOAD_BYTES:
        raise WorkbookError(_("Tệp lớn quá %(mb)d MB.") % {"mb": MAX_UPLOAD_BYTES // (1024 * 1024)})


def check_safe(upload) -> None:
    """The size and the safe reader's checks (clusters/uploads.py: the archive and every XML
    part) without reading a cell: what a big file passes before it is kept for the background
    import, so that a malicious file is refused at once, next to the field, as a small one is."""
    refuse_if_too_large(upload)
    uploads.check_workbook(upload)


def read_rows(upload) -> tuple[list[object], list[tuple[int, tuple[object, ...]]]]:
    """(header values, [(row number, values)…]) of the recipients sheet, or WorkbookError.

    The file goes through the one safe reader (clusters/uploads.py); text comes back without
    control characters.
    """
    refuse_if_too_large(upload)
    data = upload.read()
    with uploads.open_workbook(data, not_a_workbook=str(NOT_XLSX), data_only=True) as book:
        worksheets = book.worksheets
        if not worksheets:
            raise WorkbookError(str(NOT_XLSX))
        names = in_every_language(SHEET)
        sheet = next((ws for ws in worksheets if fold(ws.title) in names), worksheets[0])
        header: list[object] = []
        rows: list[tuple[int, tuple[object, ...]]] = []
        limit = FIRST_DATA_ROW + MAX_ROWS + 50  # room for blank lines; the rules count rows
        for number, values in book.rows(
            sheet, min_row=HEADER_ROW, max_col=len(COLUMNS), values_only=True
        ):
            values = tuple(_incoming(value) for value in values)
            if number == HEADER_ROW:
                header = list(values)
            elif number > limit:
                if any(value not in (None, "") for value in values):
                    raise WorkbookError(_("Mỗi lần nhập tối đa %(max)d dòng.") % {"max": MAX_ROWS})
            elif number >= FIRST_DATA_ROW:
                rows.append((number, values))
    return header, rows


def _incoming(value: object) -> object:
    return uploads.strip_control_characters(value) if isinstance(value, str) else value
