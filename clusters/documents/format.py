"""Formatting rules of Vietnamese administrative documents."""

import datetime
import re
import unicodedata
from dataclasses import dataclass


def nfc(text: str) -> str:
    """Composed Unicode: "ệ" as one code point, so PDF text extracts and searches as typed."""
    return unicodedata.normalize("NFC", text)


def administrative_prefix(kind: str) -> str:
    """How a document names a unit of that kind (Unit.Kind values): "tỉnh ", "thành phố ".

    The default of a unit's full name (Unit.full_name, which an administrator sets for
    "Thành phố Hồ Chí Minh"); the rest of a kind's wording is data (clusters/wording.py)."""
    return {"province": "tỉnh ", "city": "thành phố "}.get(kind, "")


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


_ROMAN = [
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
]


def roman(number: int) -> str:
    """Section numbers of a report: 1 -> "I", 14 -> "XIV" (any positive count)."""
    if number < 1:
        raise ValueError("Roman numerals start at 1")
    digits: list[str] = []
    for value, letters in _ROMAN:
        count, number = divmod(number, value)
        digits.append(letters * count)
    return "".join(digits)


NBSP = "\u00a0"
_PLACE = re.compile(r"\b(tỉnh|thành phố|Tỉnh|Thành phố|TỈNH|THÀNH PHỐ)\s+(.+)$")


def keep_place_names(text: str) -> str:
    """Join a place name to the word before it with no-break spaces, so a line that names
    "tỉnh Hà Nam" breaks before "tỉnh", never inside the name (Nghị định 30/2020 keeps names whole).
    """
    return _PLACE.sub(lambda m: NBSP.join([m.group(1), *m.group(2).split(" ")]), text)


@dataclass(frozen=True)
class ClusterWords:
    """How documents name a cluster and its leaders, by its kind (always Vietnamese)."""

    short: str  # "Cụm" / "Khối", as in "thành viên Cụm"
    head: str  # "Cụm trưởng" / "Khối trưởng"
    deputy: str  # "Cụm phó" / "Khối phó"
    secretary: str = "thư ký cụm"  # "thư ký khối"

    def reword(self, text: str) -> str:
        """A text written in a cụm's words (a report section's title from another app), in this
        cluster's: "Cụm trưởng, Cụm phó năm sau" → "Khối trưởng, Khối phó năm sau"; "cụm, khối"
        names both kinds and stays."""
        cum = CLUSTER_WORDS["cum"]
        for mine, theirs in ((self.head, cum.head), (self.deputy, cum.deputy)):
            text = text.replace(theirs, mine)
        text = _CUM_WORD.sub(self.short, text)
        return _CUM_WORD_LOWER.sub(self.short.lower(), text)


_CUM_WORD = re.compile(r"\bCụm\b(?!, khối)")
_CUM_WORD_LOWER = re.compile(r"\bcụm\b(?!, khối)")


CLUSTER_WORDS = {
    "cum": ClusterWords("Cụm", "Cụm trưởng", "Cụm phó", "thư ký cụm"),
    "khoi": ClusterWords("Khối", "Khối trưởng", "Khối phó", "thư ký khối"),
}


def cluster_words(kind: str) -> ClusterWords:
    return CLUSTER_WORDS.get(kind, CLUSTER_WORDS["cum"])
