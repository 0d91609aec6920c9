"""Text helpers: Vietnamese names and numbers."""

import unicodedata
from decimal import Decimal

from django.utils.text import slugify

_D_WITH_STROKE = {0x0111: "d", 0x0110: "D"}  # đ, Đ


def fold(text: str) -> str:
    """Lower-case text without diacritics, so "nguyen van a" matches "Nguyễn Văn A".

    "đ" is a letter of its own, not a "d" with a mark, so NFD does not split it: map it by hand.
    """
    decomposed = unicodedata.normalize("NFD", text.translate(_D_WITH_STROKE))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.lower().split())


def slug_of(text: str, max_length: int = 80) -> str:
    """A URL slug from a Vietnamese name, folded as searches fold it: "Hà Nội" -> "ha-noi",
    "Đà Nẵng" -> "da-nang" (Django's slugify alone drops "đ" and every marked letter)."""
    return slugify(fold(text))[:max_length].strip("-")


def decimal_text(value: Decimal) -> str:
    """A number as Vietnamese write it: a decimal comma, no trailing zeros (9,5; 10; -1; 12,5)."""
    return f"{value.normalize():f}".replace(".", ",")
