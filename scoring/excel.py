"""The Excel round trip of score sheets, and the consolidated table of a year.

A unit's workbook: criteria and maxima locked, input cells unlocked, data validation on points,
the sheet protected, and a hidden identifier (cluster, year, unit, sheet version) that an upload
must match. Reading back goes through the one safe reader (clusters/uploads.py), checks the
identity first, then every cell, and lists the errors by cell, in Vietnamese (the first
uploads.MAX_ERRORS of them, the others counted).
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.formula import ArrayFormula, DataTableFormula

from clusters import uploads
from scoring import rules

# Words of the workbook, in the language of the person who downloads it (resolved when it is
# written). Reading back never depends on them: the identity sheet names the workbook, and the
# score sheet is the first one.
SHEET_TITLE = gettext_lazy("Chấm điểm")
META_TITLE = "_id"
FORMAT_TAG = "cumthidua-score-sheet/1"
FIRST_ROW = 5  # rows 1-4: title, unit, instructions, header
COLUMNS = [
    gettext_lazy("Mã"),
    gettext_lazy("Tiêu chí"),
    gettext_lazy("Loại điểm"),
    gettext_lazy("Điểm tối đa"),
    gettext_lazy("Điểm tự chấm"),
    gettext_lazy("Giải thích"),
]
KIND_LABELS = {
    rules.STANDARD: gettext_lazy("Chuẩn"),
    rules.BONUS: gettext_lazy("Thưởng"),
    rules.DEDUCTION: gettext_lazy("Trừ (nhập số âm)"),
}
MAX_UPLOAD_BYTES = uploads.MAX_WORKBOOK_BYTES
INPUT_FILL = PatternFill("solid", fgColor="FFF9E5")


@dataclass(frozen=True)
class Identity:
    cluster: str
    year: int
    unit: str
    sheet_version: int

    def cells(self) -> list[tuple[str, str]]:
        return [
            ("format", FORMAT_TAG),
            ("cluster", self.cluster),
            ("year", str(self.year)),
            ("unit", self.unit),
            ("sheet_version", str(self.sheet_version)),
        ]


@dataclass(frozen=True)
class LeafLine:
    code: str
    text: str
    kind: str
    max_points: Decimal | None  # None for a section line (not scored)
    points: Decimal | None = None
    explanation: str = ""


def set_text(cell: Cell, value: object) -> None:
    """Store user text as text: a value starting with "=" must never become a formula, and a
    control character (pasted from Word into old data) must never break the workbook."""
    cell.value = uploads.strip_control_characters(str(value))
    cell.data_type = "s"


def unit_workbook(identity: Identity, unit_name: str, lines: Sequence[LeafLine]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = str(SHEET_TITLE)
    set_text(sheet["A1"], _("BẢNG TỰ CHẤM ĐIỂM THI ĐUA NĂM %(year)d") % {"year": identity.year})
    sheet["A1"].font = Font(bold=True, size=13)
    set_text(sheet["A2"], _("Đơn vị: %(unit)s") % {"unit": unit_name})
    set_text(
        sheet["A3"],
        _(
            "Chỉ nhập cột “Điểm tự chấm” và “Giải thích”. Số thập phân dùng dấu phẩy "
            "(ví dụ 9,5). Điểm trừ nhập số âm."
        ),
    )
    for column, title in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=FIRST_ROW - 1, column=column)
        set_text(cell, title)
        cell.font = Font(bold=True)
    validations: dict[tuple[Decimal, Decimal], DataValidation] = {}
    for offset, line in enumerate(lines):
        row = FIRST_ROW + offset
        set_text(sheet.cell(row=row, column=1), line.code)
        set_text(sheet.cell(row=row, column=2), line.text)
        sheet.cell(row=row, column=2).alignment = Alignment(wrap_text=True, vertical="top")
        if line.max_points is None:  # a section: shown for orientation, not scored
            for column in (1, 2):
                sheet.cell(row=row, column=column).font = Font(bold=True)
            continue
        set_text(sheet.cell(row=row, column=3), KIND_LABELS[line.kind])
        sheet.cell(row=row, column=4).value = float(line.max_points)
        points = sheet.cell(row=row, column=5)
        points.value = float(line.points) if line.points is not None else None
        explanation = sheet.cell(row=row, column=6)
        set_text(explanation, line.explanation)
        for cell in (points, explanation):
            cell.protection = Protection(locked=False)
            cell.fill = INPUT_FILL
        low, high = rules.points_range(line.kind, line.max_points)
        validation = validations.get((low, high))
        if validation is None:
            validation = DataValidation(
                type="decimal",
                operator="between",
                formula1=str(float(low)),
                formula2=str(float(high)),
                allow_blank=True,
                showErrorMessage=True,
                errorTitle=_("Điểm không hợp lệ"),
                error=_("Điểm phải trong khoảng %(low)s đến %(high)s.")
                % {"low": rules.format_points(low), "high": rules.format_points(high)},
            )
            sheet.add_data_validation(validation)
            validations[(low, high)] = validation
        validation.add(points.coordinate)
    for column, width in zip("ABCDEF", [10, 70, 16, 12, 14, 50], strict=True):
        sheet.column_dimensions[column].width = width
    sheet.protection.sheet = True
    sheet.protection.formatColumns = False  # let people widen columns
    meta = workbook.create_sheet(META_TITLE)
    for row, (key, value) in enumerate(identity.cells(), start=1):
        set_text(meta.cell(row=row, column=1), key)
        set_text(meta.cell(row=row, column=2), value)
    meta.sheet_state = "veryHidden"
    meta.protection.sheet = True
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# A file that cannot be read at all (not an xlsx, too large, a zip bomb, broken XML).
WorkbookRejected = uploads.WorkbookRefused
NOT_XLSX = gettext_lazy("Tệp không phải là bảng tính Excel (.xlsx).")
NOT_A_WORKBOOK = gettext_lazy("Tệp không phải là bảng tính Excel (.xlsx) hợp lệ.")
NOT_OUR_TEMPLATE = gettext_lazy(
    "Tệp không phải là mẫu bảng điểm tải từ hệ thống. Hãy tải mẫu của đơn vị và nhập vào đó."
)
LAST_ROW = FIRST_ROW + uploads.MAX_ROWS


@dataclass(frozen=True)
class CellError:
    cell: str  # e.g. "E12", or "" for the file as a whole
    message: str

    def __str__(self) -> str:
        if not self.cell:
            return self.message
        return _("Ô %(cell)s: %(message)s") % {"cell": self.cell, "message": self.message}


@dataclass(frozen=True)
class ReadEntry:
    code: str
    points: Decimal | None
    explanation: str


def read_unit_workbook(
    data: bytes,
    *,
    expected: Identity,
    leaves: dict[str, tuple[str, Decimal]],  # code -> (kind, max points) of every scored criterion
    sections: Iterable[str] = (),
) -> tuple[list[ReadEntry], uploads.ErrorList]:
    """Every cell checked; the errors counted, the first ones kept. No database here.

    The file goes through the one safe reader (clusters/uploads.py): its zip and XML are checked
    before openpyxl reads it in read-only mode, and the hidden identity sheet is read and
    checked before any cell of the score sheet.
    """
    if len(data) > MAX_UPLOAD_BYTES:
        raise WorkbookRejected(
            _("Tệp quá lớn (%(size)d MB); giới hạn là %(limit)d MB.")
            % {"size": len(data) // 1024 // 1024, "limit": MAX_UPLOAD_BYTES // 1024 // 1024}
        )
    with uploads.open_workbook(
        data, not_a_workbook=str(NOT_A_WORKBOOK), not_zip=str(NOT_XLSX), data_only=False
    ) as book:
        scored = [sheet for sheet in book.worksheets if sheet.title != META_TITLE]
        if META_TITLE not in book.sheetnames or not scored:
            raise WorkbookRejected(str(NOT_OUR_TEMPLATE))
        errors = uploads.ErrorList()
        for error in _check_identity(book, book.sheet(META_TITLE), expected):
            errors.add(error)
        if errors:
            return [], errors
        entries = _read_entries(book, scored[0], leaves, set(sections), errors)
    return entries, errors


def _read_entries(book, sheet, leaves, known_sections, errors) -> list[ReadEntry]:
    entries: list[ReadEntry] = []
    seen: set[str] = set()
    for number, row in book.rows(sheet, min_row=FIRST_ROW, max_row=LAST_ROW, max_col=6):
        code_cell, points_cell, explanation_cell = row[0], row[4], row[5]
        code = _text(code_cell.value).strip()
        if not code:
            if points_cell.value not in (None, ""):
                errors.add(CellError(f"E{number}", _("Có điểm nhưng thiếu mã tiêu chí.")))
            continue
        if code in known_sections:
            continue
        if code not in leaves:
            errors.add(
                CellError(
                    f"A{number}",
                    _("Mã tiêu chí “%(code)s” không có trong bảng.")
                    % {"code": uploads.shorten(code)},
                )
            )
            continue
        if code in seen:
            errors.add(
                CellError(f"A{number}", _("Mã tiêu chí “%(code)s” bị lặp.") % {"code": code})
            )
            continue
        seen.add(code)
        if _is_formula(points_cell) or _is_formula(explanation_cell):
            column = "E" if _is_formula(points_cell) else "F"
            errors.add(CellError(f"{column}{number}", _("Không nhận công thức; hãy nhập giá trị.")))
            continue
        kind, maximum = leaves[code]
        try:
            points = _points(points_cell.value)
            if points is not None:
                rules.check_points(kind, maximum, points)
        except rules.PointsError as error:
            errors.add(CellError(f"E{number}", str(error)))
            continue
        entries.append(ReadEntry(code, points, _text(explanation_cell.value)))
    for code in leaves:
        if code not in seen:
            errors.add(CellError("", _("Thiếu dòng của tiêu chí “%(code)s”.") % {"code": code}))
    return entries


def _text(value: object) -> str:
    """A cell's text as it comes in: no control characters (they cannot go back into XML)."""
    return "" if value is None else uploads.strip_control_characters(str(value))


def _points(value: object) -> Decimal | None:
    """rules.parse_points, with the values it cannot take refused by a message of their own."""
    if isinstance(value, str) and len(value.strip()) > uploads.QUOTED_LENGTH:
        raise rules.PointsError(_("Ô này phải là một số (ví dụ hợp lệ: 9,5)."))
    try:
        return rules.parse_points(value)
    except InvalidOperation as error:  # a number too large for points (1E+30)
        raise rules.PointsError(_("Số quá lớn.")) from error


def _is_formula(cell) -> bool:
    value = getattr(cell, "value", None)
    if getattr(cell, "data_type", None) == "f":
        return True
    if isinstance(value, ArrayFormula | DataTableFormula):
        return True
    return isinstance(value, str) and value.startswith("=")


def _check_identity(book: uploads.SafeWorkbook, meta, expected: Identity) -> list[CellError]:
    found: dict[str, str] = {}
    for _number, (key, value) in book.rows(meta, max_row=9, max_col=2, values_only=True):
        found[str(key)] = str(value)
    if found.get("format") != FORMAT_TAG:
        return [CellError("", _("Tệp không phải là mẫu bảng điểm tải từ hệ thống."))]
    want = dict(expected.cells())
    labels = {
        "cluster": _("cụm thi đua"),
        "year": _("năm thi đua"),
        "unit": _("đơn vị"),
        "sheet_version": _("phiên bản bảng tiêu chí"),
    }
    errors = []
    for key, label in labels.items():
        if found.get(key) != want[key]:
            errors.append(
                CellError(
                    "",
                    _(
                        "Tệp thuộc %(label)s khác (%(found)s), không phải %(wanted)s. "
                        "Hãy tải lại mẫu mới nhất của đơn vị."
                    )
                    % {
                        "label": label,
                        "found": uploads.shorten(found.get(key)),
                        "wanted": want[key],
                    },
                )
            )
    return errors


@dataclass(frozen=True)
class ConsolidatedLine:
    """A criterion of the consolidated table, in the sheet's order."""

    code: str
    text: str
    depth: int
    is_leaf: bool
    maximum: Decimal | None  # signed: a deduction's is negative
    cap: Decimal | None


@dataclass
class ConsolidatedUnit:
    """A member's column: points per line (leaves) or subtotal as counted (sections, capped)."""

    key: int
    name: str
    values: list[Decimal | None]
    uncapped: list[Decimal | None]  # a section's sum before its cap, where the cap cut it
    total: Decimal | None
    state: str
    is_final: bool
    rank: int | None = None


def consolidated_workbook(
    title: str, lines: Sequence[ConsolidatedLine], units: Sequence[ConsolidatedUnit]
) -> bytes:
    """One row per criterion (sections with their capped subtotals), one column per unit in
    ranking order; then the total, the rank and the sheet's state."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Tổng hợp")
    set_text(sheet["A1"], title)
    sheet["A1"].font = Font(bold=True, size=13)
    set_text(
        sheet["A2"],
        _(
            "Điểm của mỗi mục là điểm được tính: tổng các tiêu chí của mục, không vượt điểm tối "
            "đa của mục; ô có ghi chú cho biết tổng trước khi áp dụng điểm tối đa. Tổng điểm là "
            "tổng các mục. Đơn vị xếp theo thứ hạng."
        ),
    )
    sheet["A2"].font = Font(italic=True)
    bold = Font(bold=True)
    first_unit = 4
    for column, label in enumerate((_("Mã"), _("Tiêu chí"), _("Điểm tối đa")), start=1):
        set_text(sheet.cell(row=3, column=column), label)
        sheet.cell(row=3, column=column).font = bold
    for column, unit in enumerate(units, start=first_unit):
        set_text(sheet.cell(row=3, column=column), unit.name)
        sheet.cell(row=3, column=column).font = bold
        sheet.cell(row=3, column=column).alignment = Alignment(wrap_text=True, horizontal="center")
    for row, line in enumerate(lines, start=4):
        set_text(sheet.cell(row=row, column=1), line.code)
        text = line.text
        if line.cap is not None:
            text = _("%(text)s (tối đa %(cap)s điểm)") % {
                "text": text,
                "cap": rules.format_points(line.cap),
            }
        set_text(sheet.cell(row=row, column=2), text)
        sheet.cell(row=row, column=2).alignment = Alignment(indent=line.depth, wrap_text=True)
        if line.maximum is not None:
            sheet.cell(row=row, column=3).value = float(line.maximum)
        if not line.is_leaf:
            for column in (1, 2, 3):
                sheet.cell(row=row, column=column).font = bold
    for column, unit in enumerate(units, start=first_unit):
        for row, (line, value, raw) in enumerate(
            zip(lines, unit.values, unit.uncapped, strict=True), start=4
        ):
            cell = sheet.cell(row=row, column=column)
            if value is not None:
                cell.value = float(value)
            if not line.is_leaf:
                cell.font = bold
            if raw is not None:
                cell.comment = Comment(
                    _("Tổng các tiêu chí: %(raw)s; tính tối đa %(counted)s điểm.")
                    % {"raw": rules.format_points(raw), "counted": rules.format_points(value)},
                    "cumthidua",
                )
    total_row = 4 + len(lines)
    for offset, label in enumerate((_("Tổng điểm"), _("Xếp hạng"), _("Trạng thái"))):
        set_text(sheet.cell(row=total_row + offset, column=2), label)
        sheet.cell(row=total_row + offset, column=2).font = bold
    for column, unit in enumerate(units, start=first_unit):
        if unit.total is not None:
            sheet.cell(row=total_row, column=column).value = float(unit.total)
            sheet.cell(row=total_row, column=column).font = bold
        if unit.rank is not None:
            sheet.cell(row=total_row + 1, column=column).value = unit.rank
        set_text(sheet.cell(row=total_row + 2, column=column), unit.state)
    if any(unit.rank is not None and not unit.is_final for unit in units):
        set_text(
            sheet.cell(row=total_row + 3, column=2),
            _("Thứ hạng tạm tính: còn bảng điểm chưa hoàn tất."),
        )
    sheet.column_dimensions["B"].width = 60
    sheet.column_dimensions["C"].width = 12
    sheet.freeze_panes = sheet.cell(row=4, column=first_unit)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
