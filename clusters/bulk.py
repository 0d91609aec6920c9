"""Units and accounts in bulk: one workbook with a sheet "Đơn vị" and a sheet "Tài khoản".

Import checks every cell first (the pure `read_*` functions below) and lists every error with its
sheet, row and column in Vietnamese; only a sheet without one error is written, in one
transaction, through the same services as the set-up pages (all or nothing). A big workbook
does the same in a background task (clusters/bulk_jobs.py). A unit is found by
its slug (changed if it exists); an account by its user name (new ones are invited by e-mail).
Export writes the same layout, so an exported workbook imports back unchanged. User text is
written as text, never as a formula.
"""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Font

from clusters import audit, uploads
from clusters.models import Unit, User
from clusters.services import Refused
from clusters.text import fold, slug_of

UNIT_SHEET = gettext_lazy("Đơn vị")
ACCOUNT_SHEET = gettext_lazy("Tài khoản")
UNIT_COLUMNS = [
    ("slug", gettext_lazy("Mã định danh")),
    ("name", gettext_lazy("Tên đơn vị")),
    ("kind", gettext_lazy("Loại")),
    ("admin_code", gettext_lazy("Mã hành chính")),
    ("valid_from", gettext_lazy("Hiệu lực từ")),
    ("valid_to", gettext_lazy("Hiệu lực đến")),
    # The names documents print (blank: the unit kind's defaults, clusters/wording.py).
    ("full_name", gettext_lazy("Tên đầy đủ trên văn bản")),
    ("body_name", gettext_lazy("Tên cơ quan ban hành")),
    ("head_title", gettext_lazy("Chức danh người đứng đầu")),
    ("deputy_title", gettext_lazy("Chức danh cấp phó")),
    ("locality", gettext_lazy("Địa danh ghi ngày tháng")),
]
OFFICIAL = ("full_name", "body_name", "head_title", "deputy_title", "locality")
ACCOUNT_COLUMNS = [
    ("username", gettext_lazy("Tên đăng nhập")),
    ("full_name", gettext_lazy("Họ và tên")),
    ("email", gettext_lazy("E-mail")),
    ("unit", gettext_lazy("Đơn vị (mã định danh)")),
    ("role", gettext_lazy("Vai trò")),
]
MAX_ROWS = 2000


@dataclass
class Problem:
    sheet: str
    row: int
    column: str  # "C"; "" for the whole row
    header: str
    message: str

    def __str__(self) -> str:
        if self.column:
            return _(
                "Trang “%(sheet)s”, dòng %(row)d, cột %(column)s (%(header)s): %(message)s"
            ) % {
                "sheet": self.sheet,
                "row": self.row,
                "column": self.column,
                "header": self.header,
                "message": self.message,
            }
        return _("Trang “%(sheet)s”, dòng %(row)d: %(message)s") % {
            "sheet": self.sheet,
            "row": self.row,
            "message": self.message,
        }


class ImportRefused(Refused):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(
            _("Chưa nhập gì: tệp có %(count)d lỗi, hãy sửa rồi tải lên lại.")
            % {"count": len(problems)}
        )
        self.problems = problems


@dataclass
class Rows:
    units: list[dict] = field(default_factory=list)
    accounts: list[dict] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def _letter(index: int) -> str:
    return chr(ord("A") + index)


def _choice(value: str, choices) -> str | None:
    """A choice given by its code ("province") or its label, with or without diacritics."""
    wanted = fold(value)
    for code, label in choices:
        if wanted in (fold(code), fold(str(label))):
            return code
    return None


def _date(value: object) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    return datetime.datetime.strptime(str(value).strip(), "%d/%m/%Y").date()


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def read_units(rows: list[tuple[int, tuple]], problems: list[Problem]) -> list[dict]:
    """The unit rows, checked cell by cell (pure: no database)."""
    sheet = str(UNIT_SHEET)
    found: list[dict] = []
    seen: dict[str, int] = {}
    for number, values in rows:
        values = tuple(values) + (None,) * (len(UNIT_COLUMNS) - len(values))
        if all(_text(v) == "" for v in values):
            continue

        def problem(key: str, message: str, number: int = number) -> None:
            index = [k for k, _h in UNIT_COLUMNS].index(key)
            header = str(UNIT_COLUMNS[index][1])
            problems.append(Problem(sheet, number, _letter(index), header, message))

        raw = dict(zip([k for k, _h in UNIT_COLUMNS], values, strict=False))
        row = {"row": number, "name": _text(raw["name"]), "admin_code": _text(raw["admin_code"])}
        if not row["name"]:
            problem("name", _("Thiếu tên đơn vị."))
        slug = _text(raw["slug"]) or slug_of(row["name"])
        if slug != slug_of(slug):
            problem("slug", _("Mã định danh chỉ gồm chữ thường không dấu, số và dấu gạch ngang."))
        elif slug in seen:
            problem("slug", _("Trùng mã định danh với dòng %(row)d.") % {"row": seen[slug]})
        seen.setdefault(slug, number)
        row["slug"] = slug
        kind = _choice(_text(raw["kind"]) or Unit.Kind.PROVINCE, Unit.Kind.choices)
        if kind is None:
            problem("kind", _("Loại không hợp lệ: %(value)s.") % {"value": _text(raw["kind"])})
        row["kind"] = kind
        for key in ("valid_from", "valid_to"):
            try:
                row[key] = _date(raw[key]) if _text(raw[key]) else None
            except ValueError:
                problem(key, _("Ngày phải viết theo dạng dd/mm/yyyy."))
                row[key] = None
        for key in OFFICIAL:
            row[key] = _text(raw[key])
            limit = Unit._meta.get_field(key).max_length
            if len(row[key]) > limit:
                problem(key, _("Dài quá %(max)d ký tự.") % {"max": limit})
        if row["valid_from"] and row["valid_to"] and row["valid_to"] < row["valid_from"]:
            problem("valid_to", _("Ngày hết hiệu lực phải sau ngày bắt đầu hiệu lực."))
        found.append(row)
    return found


def read_accounts(
    rows: list[tuple[int, tuple]], problems: list[Problem], unit_slugs: set[str]
) -> list[dict]:
    """The account rows, checked cell by cell; `unit_slugs` are the units known (database and
    the workbook's own unit sheet)."""
    from django.core.exceptions import ValidationError
    from django.core.validators import validate_email

    sheet = str(ACCOUNT_SHEET)
    found: list[dict] = []
    seen_names: dict[str, int] = {}
    seen_emails: dict[str, int] = {}
    keys = [k for k, _h in ACCOUNT_COLUMNS]
    for number, values in rows:
        values = tuple(values) + (None,) * (len(keys) - len(values))
        if all(_text(v) == "" for v in values):
            continue

        def problem(key: str, message: str, number: int = number) -> None:
            index = keys.index(key)
            header = str(ACCOUNT_COLUMNS[index][1])
            problems.append(Problem(sheet, number, _letter(index), header, message))

        raw = dict(zip(keys, values, strict=False))
        row = {key: _text(raw[key]) for key in keys} | {"row": number}
        if not row["username"]:
            problem("username", _("Thiếu tên đăng nhập."))
        elif row["username"] in seen_names:
            problem(
                "username",
                _("Trùng tên đăng nhập với dòng %(row)d.") % {"row": seen_names[row["username"]]},
            )
        seen_names.setdefault(row["username"], number)
        if row["email"]:
            try:
                validate_email(row["email"])
            except ValidationError:
                problem("email", _("Địa chỉ e-mail không hợp lệ."))
            key = row["email"].lower()
            if key in seen_emails:
                problem("email", _("Trùng e-mail với dòng %(row)d.") % {"row": seen_emails[key]})
            seen_emails.setdefault(key, number)
        role = _choice(row["role"] or User.Role.STAFF, User.Role.choices)
        if role is None:
            problem("role", _("Vai trò không hợp lệ: %(value)s.") % {"value": row["role"]})
        row["role"] = role
        if row["unit"] and row["unit"] not in unit_slugs:
            problem("unit", _("Không có đơn vị mã %(slug)s.") % {"slug": row["unit"]})
        found.append(row)
    return found


def read_workbook(upload) -> Rows:
    data = upload.read()
    found = Rows()
    with uploads.open_workbook(data, not_a_workbook=str(uploads.NOT_XLSX), data_only=True) as book:
        by_name = {fold(ws.title): ws for ws in book.worksheets}
        sheets = {}
        for key, title, width in (
            ("units", UNIT_SHEET, len(UNIT_COLUMNS)),
            ("accounts", ACCOUNT_SHEET, len(ACCOUNT_COLUMNS)),
        ):
            # The sheet's name in the reader's language, or in Vietnamese (a workbook exported
            # in English and read in Vietnamese, or the other way round).
            with translation.override("vi"):
                vietnamese = fold(str(title))
            sheet = by_name.get(fold(str(title))) or by_name.get(vietnamese)
            rows = []
            if sheet is not None:
                for number, values in book.rows(sheet, min_row=2, max_col=width, values_only=True):
                    if number > MAX_ROWS + 1:
                        raise uploads.WorkbookRefused(
                            _("Mỗi lần nhập tối đa %(max)d dòng.") % {"max": MAX_ROWS}
                        )
                    rows.append((number, tuple(values)))
            sheets[key] = rows
    if not sheets["units"] and not sheets["accounts"]:
        raise Refused(
            _("Tệp không có trang “Đơn vị” hay “Tài khoản” nào có dữ liệu."), field="file"
        )
    found.units = read_units(sheets["units"], found.problems)
    known = set(Unit.objects.values_list("slug", flat=True)) | {u["slug"] for u in found.units}
    found.accounts = read_accounts(sheets["accounts"], found.problems, known)
    return found


def _database_problems(found: Rows) -> None:
    """What only the database knows: an address or a code someone else already has."""
    sheet = str(ACCOUNT_SHEET)
    for row in found.accounts:
        if not row["email"]:
            continue
        taken = User.objects.filter(email__iexact=row["email"]).exclude(username=row["username"])
        if taken.exists():
            found.problems.append(
                Problem(
                    sheet,
                    row["row"],
                    "C",
                    str(ACCOUNT_COLUMNS[2][1]),
                    _("Địa chỉ e-mail này đã có tài khoản."),
                )
            )


def bulk_import(*, actor: User | None, upload) -> dict[str, int]:
    """Read and check the workbook, then write it; any error refuses the whole file."""
    return bulk_write(actor=actor, found=read_workbook(upload))


@transaction.atomic
def bulk_write(*, actor: User | None, found: Rows) -> dict[str, int]:
    """Write the checked rows' units, then their accounts, all or nothing (ImportRefused with
    every problem the database finds, or the first row a service refuses)."""
    from clusters import accounts, setup

    _database_problems(found)
    if found.problems:
        raise ImportRefused(found.problems)
    sheet_units, sheet_accounts = str(UNIT_SHEET), str(ACCOUNT_SHEET)
    # A refusal of a service (a code another unit holds) undoes the rows written before it:
    # the whole import is this one transaction.
    for row in found.units:
        try:
            existing = Unit.objects.filter(slug=row["slug"]).first()
            setup.unit_save(
                actor=actor,
                unit=existing,
                slug=row["slug"],
                name=row["name"],
                kind=row["kind"],
                admin_code=row["admin_code"],
                valid_from=row["valid_from"],
                valid_to=row["valid_to"],
                successors=list(existing.successors.all()) if existing else [],
                **{key: row[key] for key in OFFICIAL},
            )
        except Refused as refusal:
            raise ImportRefused(
                [Problem(sheet_units, row["row"], "", "", refusal.message)]
            ) from refusal
    units = {u.slug: u for u in Unit.objects.all()}
    for row in found.accounts:
        unit = units.get(row["unit"]) if row["unit"] else None
        person = User.objects.filter(username=row["username"]).first()
        try:
            if person is None and row["email"]:
                accounts.account_invite(
                    actor=actor,
                    username=row["username"],
                    full_name=row["full_name"],
                    email=row["email"],
                    unit=unit,
                    role=row["role"],
                )
            elif person is None:
                setup.account_create(
                    actor=actor,
                    username=row["username"],
                    full_name=row["full_name"],
                    unit=unit,
                    role=row["role"],
                    password=None,
                )
            else:
                setup.account_update(
                    actor=actor,
                    person=person,
                    full_name=row["full_name"],
                    email=row["email"],
                    unit=unit,
                    role=row["role"],
                )
        except Refused as refusal:
            raise ImportRefused(
                [Problem(sheet_accounts, row["row"], "", "", refusal.message)]
            ) from refusal
    counts = {"units": len(found.units), "accounts": len(found.accounts)}
    audit.record(
        actor=actor,
        action="bulk.import",
        summary=_("%(units)d đơn vị, %(accounts)d tài khoản") % counts,
    )
    return counts


def _put(cell, value: object) -> None:
    """User text stays text, even when it starts with "="."""
    if value is None or value == "":
        return  # an empty cell, as a person leaves it
    if isinstance(value, datetime.date):
        cell.value = value.strftime("%d/%m/%Y")
    else:
        cell.value = uploads.strip_control_characters(str(value))
    cell.data_type = "s"


def workbook_bytes() -> bytes:
    """Every unit and account, in the import's layout."""
    book = Workbook()
    units_sheet = book.active
    units_sheet.title = str(UNIT_SHEET)
    accounts_sheet = book.create_sheet(str(ACCOUNT_SHEET))
    bold = Font(bold=True)
    for sheet, columns in ((units_sheet, UNIT_COLUMNS), (accounts_sheet, ACCOUNT_COLUMNS)):
        for index, (_key, header) in enumerate(columns, start=1):
            cell = sheet.cell(row=1, column=index)
            _put(cell, str(header))
            cell.font = bold
            sheet.column_dimensions[_letter(index - 1)].width = 24
        sheet.freeze_panes = "A2"
    for unit in Unit.objects.order_by("search_name", "valid_from"):
        values = [
            unit.slug,
            unit.name,
            unit.get_kind_display(),
            unit.admin_code,
            unit.valid_from,
            unit.valid_to,
            *(getattr(unit, key) for key in OFFICIAL),
        ]
        row_number = units_sheet.max_row + 1
        for index, value in enumerate(values, start=1):
            _put(units_sheet.cell(row=row_number, column=index), value)
    for person in User.objects.select_related("unit").filter(is_active=True).order_by("username"):
        values = [
            person.username,
            person.full_name,
            person.email,
            person.unit.slug if person.unit else "",
            person.get_role_display(),
        ]
        row_number = accounts_sheet.max_row + 1
        for index, value in enumerate(values, start=1):
            _put(accounts_sheet.cell(row=row_number, column=index), value)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
