"""The covenant's rules as plain functions: who may do what, in which state; how blocks read.

Each `*_refusal` returns the Vietnamese message that refuses the action, or None when it may go
ahead. Services call them inside their transaction, on freshly locked rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import TypeVar

from django.utils.translation import gettext as _

DRAFT, OPEN, SIGNED = "draft", "open", "signed"
T = TypeVar("T")


def _closed() -> str:
    return _("Năm thi đua đã tổng kết, không thể thay đổi.")


def edit_refusal(*, year_closed: bool, state: str | None) -> str | None:
    """Clauses, preamble, place and date change only in a draft."""
    if year_closed:
        return _closed()
    if state == SIGNED:
        return _("Giao ước đã ký kết, không sửa được. Hãy tạo bản sửa đổi.")
    if state == OPEN:
        return _("Giao ước đang ký kết, không sửa được nội dung.")
    return None


def open_refusal(
    *, year_closed: bool, state: str, clause_count: int, has_place: bool
) -> str | None:
    if year_closed:
        return _closed()
    if state != DRAFT:
        return _("Chỉ mở ký kết được giao ước đang là dự thảo.")
    if clause_count == 0:
        return _("Giao ước chưa có điều khoản nào.")
    if not has_place:
        return _("Hãy ghi nơi ký giao ước trước khi mở ký kết.")
    return None


def sign_refusal(
    *,
    year_closed: bool,
    state: str,
    is_member: bool,
    is_own_staff: bool,
    already_signed: bool,
) -> str | None:
    if year_closed:
        return _closed()
    if not is_own_staff:
        return _("Anh/chị chỉ được ký cho đơn vị mình.")
    if not is_member:
        return _("Đơn vị không phải thành viên của năm thi đua này.")
    if state == DRAFT:
        return _("Giao ước còn là dự thảo, chưa mở ký kết.")
    if state == SIGNED:
        return _("Giao ước đã ký kết xong, không ký thêm được.")
    if already_signed:
        return _("Đơn vị đã ký giao ước này rồi.")
    return None


def amend_refusal(*, year_closed: bool, state: str, is_latest: bool) -> str | None:
    if year_closed:
        return _closed()
    if state != SIGNED:
        return _("Chỉ sửa đổi được giao ước đã ký kết.")
    if not is_latest:
        return _("Giao ước này đã có bản sửa đổi.")
    return None


def report_refusal(*, year_closed: bool, is_followed: bool, is_own_staff: bool) -> str | None:
    if year_closed:
        return _closed()
    if not is_followed:
        return _("Năm thi đua này không thực hiện phong trào này.")
    if not is_own_staff:
        return _("Anh/chị chỉ được báo cáo cho đơn vị mình.")
    return None


def value_refusal(value: Decimal | None) -> str | None:
    if value is not None and value < 0:
        return _("Giá trị không được âm.")
    return None


def everyone_signed(member_ids: set[int], signed_ids: set[int]) -> bool:
    return bool(member_ids) and member_ids <= signed_ids


# --- How a signature block reads (Nghị định 30/2020: "TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH / …").

_AUTHORITY = {
    "province": ("TM. ỦY BAN NHÂN DÂN", "TỈNH {name}"),
    "city": ("TM. ỦY BAN NHÂN DÂN", "THÀNH PHỐ {name}"),
}
_BODY_MARKERS = (" ubnd", " ủy ban", " uỷ ban")


def signature_authority(unit_name: str, unit_kind: str) -> list[str]:
    """The authority lines: "TM. ỦY BAN NHÂN DÂN" / "TỈNH NAM ĐỊNH"; "TM. <NAME>" for an agency.

    Two lines, because three blocks share the width of a page.
    """
    lines = _AUTHORITY.get(unit_kind, ("TM. {name}",))
    return [line.format(name=unit_name.upper()) for line in lines]


def signature_titles(title: str) -> list[str]:
    """The title lines of a block: "Phó Chủ tịch UBND tỉnh Nam Định" → KT. CHỦ TỊCH, PHÓ CHỦ TỊCH.

    The body ("UBND tỉnh …") is already in the authority line, so it is cut from the title; a
    vice-chairman signs "on behalf of" (KT.) the chairman.
    """
    short = " ".join(title.split())
    lowered = short.lower()
    cut = min((i for m in _BODY_MARKERS if (i := lowered.find(m)) > 0), default=len(short))
    short = short[:cut].strip(" ,")
    if not short:
        return []
    lines = [short.upper()]
    if short.lower().startswith("phó chủ tịch"):
        lines.insert(0, "KT. CHỦ TỊCH")
    return lines


def rows_of(items: Sequence[T], per_row: int = 3) -> list[list[T]]:
    """Signature blocks laid out in a grid, `per_row` to a row."""
    return [list(items[i : i + per_row]) for i in range(0, len(items), per_row)]


def format_points(value: Decimal) -> str:
    """Points as printed: "10", "2,5" (decimal comma, no trailing zeros)."""
    text = f"{value.normalize():f}" if value == value.to_integral_value() else f"{value:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")
