"""The covenant's rules as plain functions: who may do what, in which state; how it is laid out.

Each `*_refusal` returns the Vietnamese message that refuses the action, or None when it may go
ahead. Services call them inside their transaction, on freshly locked rows, after the one
closed-year guard (clusters.services.lock_open_year); pages call them to say beforehand why a
button is missing.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import TypeVar

from django.utils.translation import gettext as _

DRAFT, OPEN, SIGNED = "draft", "open", "signed"
T = TypeVar("T")


def edit_refusal(*, state: str | None) -> str | None:
    """Clauses, preamble, place and date change only in a draft."""
    if state == SIGNED:
        return _("Giao ước đã ký kết, không sửa được. Hãy tạo bản sửa đổi.")
    if state == OPEN:
        return _("Giao ước đang ký kết, không sửa được nội dung.")
    return None


def open_refusal(*, state: str, clause_count: int, has_place: bool) -> str | None:
    if state != DRAFT:
        return _("Chỉ mở ký kết được giao ước đang là dự thảo.")
    if clause_count == 0:
        return _("Giao ước chưa có điều khoản nào.")
    if not has_place:
        return _("Hãy ghi nơi ký giao ước trước khi mở ký kết.")
    return None


def sign_refusal(
    *,
    state: str,
    is_member: bool,
    is_own_staff: bool,
    already_signed: bool,
) -> str | None:
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


def amend_refusal(*, state: str, is_latest: bool) -> str | None:
    if state != SIGNED:
        return _("Chỉ sửa đổi được giao ước đã ký kết.")
    if not is_latest:
        return _("Giao ước này đã có bản sửa đổi.")
    return None


def report_refusal(*, is_followed: bool, is_own_staff: bool) -> str | None:
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


# --- How the compact is laid out (its words are in campaigns/documents.py)


def rows_of(items: Sequence[T], per_row: int = 3) -> list[list[T]]:
    """Signature blocks laid out in a grid, `per_row` to a row."""
    return [list(items[i : i + per_row]) for i in range(0, len(items), per_row)]
