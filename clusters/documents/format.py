"""Formatting rules of Vietnamese administrative documents."""

import datetime
import unicodedata
from dataclasses import dataclass


def nfc(text: str) -> str:
    """Composed Unicode: "ệ" as one code point, so PDF text extracts and searches as typed."""
    return unicodedata.normalize("NFC", text)


def date_words(day: datetime.date) -> str:
    """ "ngày 20 tháng 3 năm 2019": a leading zero for days under 10 and for months 1 and 2."""
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def date_line(place: str, day: datetime.date | None) -> str:
    """The italic place-and-date line: "Hà Nam, ngày 20 tháng 3 năm 2019".

    Without a date (or a place) the line keeps blanks to fill in by hand, as paper drafts do.
    """
    place = place or "……"
    if day is None:
        return f"{place}, ngày      tháng      năm"
    return f"{place}, {date_words(day)}"


@dataclass(frozen=True)
class DocumentHeader:
    """The two blocks at the top of every document: the issuing body and the national motto."""

    issuer: str  # the issuing body, bold caps: "CỤM THI ĐUA CÁC TỈNH ĐỒNG BẰNG SÔNG HỒNG"
    place: str  # "Hà Nam"
    date: datetime.date | None
    issuer_parent: str = ""  # the body above it, when there is one: "UBND TỈNH HÀ NAM"
    number: str = ""  # "Số: 05/BC-CTĐ"

    @property
    def date_line(self) -> str:
        return date_line(self.place, self.date)
