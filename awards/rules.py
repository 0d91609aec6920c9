"""Rules of the awards app as plain functions: no database, tested on their own.

- which rows of an imported recipients sheet are valid, with every error named by its cell;
- how many proposals a quota allows, by its route (a cluster of the central council proposes one
  leading unit; the 20% cap is for collectives inside a ministry or province).
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from clusters.text import decimal_text, fold

COLLECTIVE = "collective"
INDIVIDUAL = "individual"

# The columns of the recipients workbook (template, import and export), in order. Its words are
# written in the language of the person who downloads it; reading back accepts them in any of
# the app's languages, so a workbook filled in English imports for a Vietnamese colleague.
COLUMNS: list[tuple[str, object]] = [
    ("number", gettext_lazy("STT")),
    ("kind", gettext_lazy("Đối tượng (Tập thể/Cá nhân)")),
    ("name", gettext_lazy("Tên tập thể hoặc họ và tên")),
    ("position", gettext_lazy("Chức vụ")),
    ("organisation", gettext_lazy("Cơ quan, đơn vị công tác")),
    ("unit", gettext_lazy("Đơn vị thành viên")),
    ("award_type", gettext_lazy("Hình thức khen thưởng")),
    ("achievement", gettext_lazy("Thành tích")),
]
# Headers of earlier templates, still read: a workbook downloaded before a title changed is
# filled in for weeks. (The unit column said "Tỉnh, …", wrong for ministries and cities.)
FORMER_TITLES = {"unit": (gettext_lazy("Tỉnh, đơn vị thành viên"),)}
KIND_LABELS = {COLLECTIVE: gettext_lazy("Tập thể"), INDIVIDUAL: gettext_lazy("Cá nhân")}


def in_every_language(text: object) -> set[str]:
    """`text` (a lazy translation) folded, in each of the app's languages."""
    variants = set()
    for code, _label in settings.LANGUAGES:
        with translation.override(code):
            variants.add(fold(str(text)))
    return variants


def kind_words() -> dict[str, str]:
    """Folded word (in any language) → recipient kind: "tap the", "collective" → COLLECTIVE."""
    return {word: kind for kind, label in KIND_LABELS.items() for word in in_every_language(label)}


HEADER_ROW = 1
FIRST_DATA_ROW = 2
MAX_ROWS = 2000
MAX_LENGTHS = {"name": 200, "position": 200, "organisation": 300, "achievement": 2000}


def column_letter(index: int) -> str:
    """0 → "A", 7 → "H" (the sheet never has more than 26 columns)."""
    return chr(ord("A") + index)


@dataclass(frozen=True)
class CellError:
    cell: str  # "G7"
    message: str

    def __str__(self) -> str:
        return f"{self.cell}: {self.message}"


@dataclass(frozen=True)
class AwardChoice:
    id: int
    name: str
    recipient_kinds: str  # "collective", "individual" or "both"

    def accepts(self, kind: str) -> bool:
        return self.recipient_kinds in ("both", kind)


@dataclass(frozen=True)
class RecipientRow:
    row: int
    kind: str
    name: str
    position: str
    organisation: str
    unit_id: int | None
    award_type_id: int
    achievement: str


def cell_text(value: object) -> str:
    """What a person typed in a cell, as composed Unicode with outer blanks removed."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unicodedata.normalize("NFC", str(value)).strip()


def check_header(values: Sequence[object]) -> list[CellError]:
    errors = []
    for index, (key, title) in enumerate(COLUMNS):
        found = fold(cell_text(values[index]) if index < len(values) else "")
        former = {word for text in FORMER_TITLES.get(key, ()) for word in in_every_language(text)}
        if found not in in_every_language(title) and found not in former:
            errors.append(
                CellError(
                    f"{column_letter(index)}{HEADER_ROW}",
                    _("Tiêu đề cột phải là “%(title)s”; hãy dùng tệp mẫu.") % {"title": title},
                )
            )
    return errors


def parse_recipient_rows(
    rows: Iterable[tuple[int, Sequence[object]]],
    *,
    award_types: dict[str, AwardChoice],
    units: dict[str, int],
) -> tuple[list[RecipientRow], list[CellError]]:
    """Every valid row and every error. `award_types` and `units` are keyed by folded name.

    Blank rows are skipped. The caller saves nothing unless the error list is empty.
    """
    parsed: list[RecipientRow] = []
    errors: list[CellError] = []
    seen: dict[tuple[str, str, str], int] = {}
    kinds = kind_words()
    count = 0
    for row_number, raw in rows:
        values = {
            key: cell_text(raw[index]) if index < len(raw) else ""
            for index, (key, _title) in enumerate(COLUMNS)
        }
        if not any(v for k, v in values.items() if k != "number"):
            continue
        count += 1
        if count > MAX_ROWS:
            errors.append(
                CellError(
                    f"A{row_number}",
                    _("Mỗi lần nhập tối đa %(max)d dòng.") % {"max": MAX_ROWS},
                )
            )
            break
        row, row_errors = _parse_row(row_number, values, kinds, award_types, units)
        if row is not None:
            key = (row.kind, fold(row.name), fold(row.organisation))
            if key in seen:
                row_errors.append(
                    CellError(
                        f"C{row_number}",
                        _("Trùng với dòng %(row)d (cùng đối tượng, tên và cơ quan).")
                        % {"row": seen[key]},
                    )
                )
            else:
                seen[key] = row_number
        errors.extend(row_errors)
        if row is not None and not row_errors:
            parsed.append(row)
    if count == 0 and not errors:
        errors.append(CellError(f"A{FIRST_DATA_ROW}", _("Bảng tính không có dòng dữ liệu nào.")))
    return parsed, errors


def _parse_row(
    row_number: int,
    values: dict[str, str],
    kinds: dict[str, str],
    award_types: dict[str, AwardChoice],
    units: dict[str, int],
) -> tuple[RecipientRow | None, list[CellError]]:
    letter = {key: column_letter(i) for i, (key, _title) in enumerate(COLUMNS)}

    def at(key: str) -> str:
        return f"{letter[key]}{row_number}"

    errors: list[CellError] = []
    kind = kinds.get(fold(values["kind"]))
    if not values["kind"]:
        errors.append(CellError(at("kind"), _("Thiếu đối tượng (Tập thể hoặc Cá nhân).")))
    elif kind is None:
        errors.append(
            CellError(
                at("kind"),
                _("Đối tượng “%(value)s” không hợp lệ: ghi “Tập thể” hoặc “Cá nhân”.")
                % {"value": values["kind"]},
            )
        )
    if not values["name"]:
        errors.append(CellError(at("name"), _("Thiếu tên tập thể hoặc họ và tên.")))
    for key, limit in MAX_LENGTHS.items():
        if len(values[key]) > limit:
            errors.append(CellError(at(key), _("Dài quá %(limit)d ký tự.") % {"limit": limit}))
    award = award_types.get(fold(values["award_type"]))
    if not values["award_type"]:
        errors.append(CellError(at("award_type"), _("Thiếu hình thức khen thưởng.")))
    elif award is None:
        errors.append(
            CellError(
                at("award_type"),
                _("Không có hình thức khen thưởng “%(value)s” trong danh mục.")
                % {"value": values["award_type"]},
            )
        )
    elif kind is not None and not award.accepts(kind):
        label = _("tập thể") if kind == COLLECTIVE else _("cá nhân")
        errors.append(
            CellError(
                at("award_type"),
                _("“%(award)s” không dành cho %(kind)s.") % {"award": award.name, "kind": label},
            )
        )
    unit_id = None
    if values["unit"]:
        unit_id = units.get(fold(values["unit"]))
        if unit_id is None:
            errors.append(
                CellError(
                    at("unit"),
                    _("“%(value)s” không phải đơn vị thành viên của năm thi đua này.")
                    % {"value": values["unit"]},
                )
            )
    if errors or kind is None or award is None:
        return None, errors
    return (
        RecipientRow(
            row=row_number,
            kind=kind,
            name=values["name"],
            position=values["position"],
            organisation=values["organisation"],
            unit_id=unit_id,
            award_type_id=award.id,
            achievement=values["achievement"],
        ),
        [],
    )


def quota_limit(share: Decimal, base_count: int) -> int:
    """How many proposals a share allows: 20% of 9 leading units is 1 (rounded down).

    Rounded down because a quota is a ceiling; at least one whenever the base is not empty and
    the share is positive, so that a small cluster can still propose its leading unit.
    """
    if base_count <= 0 or share <= 0:
        return 0
    return max(1, math.floor(share * base_count))


def route_limit(*, share: Decimal | None, max_units: int | None, base_count: int) -> int:
    """A quota's ceiling: its number of units, its share of the base, or the smaller of both.

    The central council's route is a number (one leading unit, whatever the cluster's size);
    the 20% inside a ministry or province is a share.
    """
    limits = []
    if max_units is not None:
        limits.append(max_units)
    if share is not None:
        limits.append(quota_limit(share, base_count))
    return min(limits) if limits else 0


CENTRAL_CLUSTER = "central_cluster"
WITHIN = "within"
# The same words as AwardQuota.Route's labels; a quota check keeps the code, never a label.
ROUTE_LABELS = {
    CENTRAL_CLUSTER: gettext_lazy(
        "Cụm, khối thi đua do Hội đồng Thi đua - Khen thưởng Trung ương tổ chức"
    ),
    WITHIN: gettext_lazy("Tập thể trong bộ, ban, ngành, tỉnh"),
}


def cluster_route(council: str, *, central: bool | None = None) -> str:
    """The route a cluster proposes by: organised by the central council or else by a
    ministry's or a province's council. The council's kind (`central`) says it when known;
    a bare name is central when it holds "Trung ương"."""
    if central is None:
        central = "trung uong" in fold(council)
    return CENTRAL_CLUSTER if central else WITHIN


@dataclass(frozen=True)
class QuotaCheck:
    """One quota measured against a proposal: `limit` units at most, `proposed` asked for.

    `route` is the route's code (AwardQuota.Route) and `source` the text and clause as printed
    ("Nghị định 91/2017/NĐ-CP, Điều 11 khoản 2"), so the page and the letter say which rule was
    applied; a sent letter's snapshot keeps both, never a translated label.
    """

    rule: str
    share: Decimal | None
    base_count: int
    limit: int
    proposed: int
    route: str = ""
    source: str = ""
    max_units: int | None = None

    @property
    def exceeded(self) -> bool:
        return self.proposed > self.limit

    @property
    def route_label(self) -> str:
        return str(ROUTE_LABELS.get(self.route, ""))

    @property
    def percent(self) -> str:
        """0.200 → "20", 0.125 → "12,5" (Vietnamese decimal comma); "" without a share."""
        return decimal_text(self.share * 100) if self.share is not None else ""

    def as_json(self) -> dict[str, object]:
        return {
            "rule": self.rule,
            "share": None if self.share is None else str(self.share),
            "base_count": self.base_count,
            "limit": self.limit,
            "proposed": self.proposed,
            "route": self.route,
            "source": self.source,
            "max_units": self.max_units,
        }

    @classmethod
    def from_json(cls, data: dict) -> QuotaCheck:
        share = data.get("share")
        return cls(
            rule=data["rule"],
            share=None if share is None else Decimal(share),
            base_count=data["base_count"],
            limit=data["limit"],
            proposed=data["proposed"],
            route=data.get("route", ""),
            source=data.get("source", ""),
            max_units=data.get("max_units"),
        )


def quota_check(
    *,
    rule: str,
    share: Decimal | None,
    base_count: int,
    proposed: int,
    max_units: int | None = None,
    route: str = "",
    source: str = "",
) -> QuotaCheck:
    limit = route_limit(share=share, max_units=max_units, base_count=base_count)
    return QuotaCheck(rule, share, base_count, limit, proposed, route, source, max_units)


def draft_refusal(
    *,
    round_closed: bool,
    round_proposes: bool,
    has_tie: bool,
    elected: int,
    already_drafted: bool,
) -> str | None:
    """Why a ballot round cannot give a proposal (None: it can). First reason wins.

    A closed year is refused before, by the one closed-year guard (clusters.services).
    """
    if not round_proposes:
        return _("Chỉ vòng bỏ phiếu đề nghị Cờ thi đua hoặc Bằng khen của Thủ tướng lập tờ trình.")
    if not round_closed:
        return _("Vòng bỏ phiếu chưa kết thúc: chỉ lập tờ trình từ kết quả kiểm phiếu.")
    if already_drafted:
        return _("Vòng bỏ phiếu này đã có tờ trình.")
    if has_tie:
        return _("Có đơn vị bằng phiếu ở vị trí cuối: cần bỏ phiếu lại trước khi lập tờ trình.")
    if elected == 0:
        return _("Không đơn vị nào được thông qua ở vòng bỏ phiếu này: không có gì để đề nghị.")
    return None
