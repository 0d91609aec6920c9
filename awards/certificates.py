"""Certificates of merit (Bằng khen) as PDF on the official model: a 400 × 300 mm sheet.

Three prints, all through the project's one rendering path (clusters.documents.render_pdf):

- the full model (`render_certificates`): emblem space, motto, issuer in red, "Tặng" in black,
  the award in red, the variable text, the decision and golden-book number bottom left, the
  place and date, the signer's title, a 35 mm space to sign and seal and the signer's name;
- the blank-printing mode (`render_certificates_on_blanks`): only the variable text, each in its
  box, for the pre-printed blanks (phôi) that carry the emblem, frame and fixed words;
- the calibration sheet (`render_calibration`): a millimetre grid with each field's box outlined
  and labelled, to print on plain paper and hold against a blank.

Field positions are in millimetres from the sheet's top-left corner, kept per issuer and award
type in `LAYOUTS` below (a Python table of defaults: there is no layout model yet) and moved by a
printer offset (`CERTIFICATE_PRINTER_OFFSETS` in settings, or one given with the request).

Text is fitted here, not by the browser engine: each field's lines are wrapped and sized with
Tinos's own advance widths (fontTools) and a safety margin, stepping the size down until the
text fits its box. A text that does not fit even at the box's smallest size is refused with a
Vietnamese message rather than printed over its neighbours.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from awards.models import Recipient, RecipientKind
from clusters.documents import date_line, nfc, render_pdf
from clusters.services import Refused
from clusters.text import fold

TEMPLATE = "documents/certificates.html"
BLANK_TEMPLATE = "documents/certificate_blank.html"
CALIBRATION_TEMPLATE = "documents/certificate_calibration.html"

SHEET_WIDTH_MM = 400.0
SHEET_HEIGHT_MM = 300.0
MAX_OFFSET_MM = 20.0
PT_MM = 25.4 / 72  # one typographic point in millimetres
LINE_HEIGHT = 1.25  # line box / font size, as certificate.css sets it
STEP_PT = 0.5
WIDTH_MARGIN = 1.04  # measured widths are stretched by 4 %: never trust a measure to the edge
FONT_DIR = Path(settings.BASE_DIR) / "static" / "fonts" / "tinos"


class CertificateRefused(Refused):
    """A certificate that would print wrong: a text too long for its box, a box off the sheet."""


# ---------------------------------------------------------------------------------------------
# Layouts: where each variable field goes, in millimetres.


@dataclass(frozen=True)
class Box:
    """A field's box: x, y from the sheet's top-left corner, all in millimetres."""

    x: float
    y: float
    width: float
    height: float
    max_pt: float
    min_pt: float
    max_lines: int = 1
    bold: bool = False
    italic: bool = False
    align: str = "center"  # or "left"

    def moved(self, dx: float, dy: float) -> Box:
        return replace(self, x=self.x + dx, y=self.y + dy)


# The variable fields in print order, with their Vietnamese labels (calibration sheet, messages).
FIELDS = {
    "name": "Họ tên / tên tập thể",
    "details": "Chức vụ, cơ quan",
    "achievement": "Thành tích",
    "decision": "Số, ngày quyết định",
    "golden_book": "Số sổ vàng",
    "date_line": "Địa danh, ngày tháng",
    "signer_name": "Họ tên người ký",
}


@dataclass(frozen=True)
class Layout:
    name: str
    boxes: dict[str, Box] = field(default_factory=dict)


# The model's proportions: emblem 12–62 mm, motto 66–80, issuer 84, "Tặng" 98, the award 106–130;
# the variable text below; bottom right the date line, the signer's title, 35 mm to sign and seal
# (237–272) and the name; bottom left the decision and the golden-book number.
DEFAULT_LAYOUT = Layout(
    "Mẫu chung 400 × 300 mm",
    {
        "name": Box(40, 134, 320, 16, max_pt=28, min_pt=16, bold=True),
        "details": Box(40, 152, 320, 20, max_pt=18, min_pt=12, max_lines=2),
        "achievement": Box(45, 174, 310, 32, max_pt=18, min_pt=12, max_lines=4, italic=True),
        "decision": Box(25, 252, 170, 10, max_pt=14, min_pt=10, align="left"),
        "golden_book": Box(25, 263, 170, 10, max_pt=14, min_pt=10, align="left"),
        "date_line": Box(215, 210, 170, 10, max_pt=14, min_pt=11, italic=True),
        "signer_name": Box(215, 273, 170, 11, max_pt=16, min_pt=12, bold=True),
    },
)

# Per issuer (folded, as `clusters.text.fold` writes it) and award type code; "*" matches any.
# An office whose blanks differ adds its row here; the most specific row wins.
LAYOUTS: dict[tuple[str, str], Layout] = {
    ("*", "*"): DEFAULT_LAYOUT,
}

# Fixed parts of the model that a blank carries pre-printed (or leaves empty), drawn dashed on
# the calibration sheet for reference: the same places as certificate.css draws them.
SIGNATURE_SPACE_MM = 35.0
REFERENCE_MARKS = {
    "Quốc huy (in sẵn trên phôi)": Box(175, 12, 50, 50, max_pt=0, min_pt=0),
    "Chỗ ký, đóng dấu (35 mm)": Box(215, 237, 170, SIGNATURE_SPACE_MM, max_pt=0, min_pt=0),
}


def layout_for(issuer: str, award_code: str) -> Layout:
    key = fold(issuer)
    for candidate in ((key, award_code), (key, "*"), ("*", award_code), ("*", "*")):
        if candidate in LAYOUTS:
            return LAYOUTS[candidate]
    return DEFAULT_LAYOUT


def check_inside_sheet(layout: Layout, dx: float = 0.0, dy: float = 0.0) -> None:
    """Refuse a layout (with its printer offset) whose box leaves the 400 × 300 mm sheet."""
    for key, box in layout.boxes.items():
        moved = box.moved(dx, dy)
        if (
            moved.x < 0
            or moved.y < 0
            or moved.x + moved.width > SHEET_WIDTH_MM
            or moved.y + moved.height > SHEET_HEIGHT_MM
        ):
            raise CertificateRefused(
                _(
                    "Ô “%(field)s” (x %(x)s mm, y %(y)s mm, rộng %(w)s mm, cao %(h)s mm) nằm "
                    "ngoài tờ bằng 400 × 300 mm; hãy sửa vị trí ô hoặc độ lệch máy in."
                )
                % {
                    "field": FIELDS.get(key, key),
                    "x": _mm(moved.x),
                    "y": _mm(moved.y),
                    "w": _mm(moved.width),
                    "h": _mm(moved.height),
                }
            )


def _mm(value: float) -> str:
    return f"{value:g}".replace(".", ",")


# ---------------------------------------------------------------------------------------------
# Printer offsets.


def printer_offset(printer: str = "", dx: str | None = None, dy: str | None = None):
    """(dx, dy) in mm: given values, else the named printer's in settings, else (0, 0).

    settings.CERTIFICATE_PRINTER_OFFSETS = {"default": (0, 0), "Canon tầng 2": (1.5, -2)}.
    A value that is not a number or is beyond ±20 mm is refused.
    """
    offsets = getattr(settings, "CERTIFICATE_PRINTER_OFFSETS", {}) or {}
    base = offsets.get(printer) or offsets.get("default") or (0.0, 0.0)
    result = []
    for given, fallback, axis in ((dx, base[0], "x"), (dy, base[1], "y")):
        if given in (None, ""):
            value = float(fallback)
        else:
            try:
                value = float(str(given).replace(",", "."))
            except ValueError:
                value = float("nan")
        if not (-MAX_OFFSET_MM <= value <= MAX_OFFSET_MM):  # NaN fails both
            raise CertificateRefused(
                _("Độ lệch máy in theo trục %(axis)s phải là số mm từ -20 đến 20.") % {"axis": axis}
            )
        result.append(value)
    return result[0], result[1]


# ---------------------------------------------------------------------------------------------
# Measuring and fitting text with Tinos's metrics.


@cache
def _metrics(bold: bool, italic: bool) -> tuple[dict[int, float], float]:
    from fontTools.ttLib import TTFont

    style = {
        (False, False): "Regular",
        (True, False): "Bold",
        (False, True): "Italic",
        (True, True): "BoldItalic",
    }[(bold, italic)]
    font = TTFont(FONT_DIR / f"Tinos-{style}.ttf", lazy=True)
    units = font["head"].unitsPerEm
    hmtx = font["hmtx"]
    widths = {code: hmtx[name][0] / units for code, name in font.getBestCmap().items()}
    widest = max(widths.values())
    font.close()
    return widths, widest


def text_width_mm(text: str, size_pt: float, *, bold: bool = False, italic: bool = False) -> float:
    """The width of `text` set in Tinos at `size_pt`, with the safety margin; a character the
    font lacks counts as its widest glyph."""
    widths, widest = _metrics(bold, italic)
    ems = sum(widths.get(ord(char), widest) for char in nfc(text))
    return ems * size_pt * PT_MM * WIDTH_MARGIN


def _wrap(text: str, size: float, box: Box) -> list[str] | None:
    """Greedy word wrap into the box's width at `size`; None when a word alone is too wide."""
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        current = ""
        for word in paragraph.split():
            trial = f"{current} {word}" if current else word
            if text_width_mm(trial, size, bold=box.bold, italic=box.italic) <= box.width:
                current = trial
                continue
            if not current:
                return None
            lines.append(current)
            current = word
            if text_width_mm(word, size, bold=box.bold, italic=box.italic) > box.width:
                return None
        if current:
            lines.append(current)
    return lines


@dataclass(frozen=True)
class FittedText:
    """A field's text as printed: its lines at one size, inside its (moved) box."""

    key: str
    label: str
    box: Box
    lines: list[str]
    size_pt: float

    @property
    def line_height_mm(self) -> float:
        return self.size_pt * PT_MM * LINE_HEIGHT

    @property
    def top_mm(self) -> float:
        """The first line's top: the lines are centred in the box's height."""
        used = self.line_height_mm * len(self.lines)
        return self.box.y + max(0.0, (self.box.height - used) / 2)

    @property
    def css(self) -> str:
        return (
            f"left:{self.box.x:.2f}mm;top:{self.top_mm:.2f}mm;width:{self.box.width:.2f}mm;"
            f"font-size:{self.size_pt:g}pt;line-height:{self.line_height_mm:.3f}mm;"
            f"text-align:{self.box.align}"
        )

    @property
    def place_class(self) -> str:
        """A class named after the place and size (`css`): the fields of a batch share a few
        of these in one stylesheet (`field_stylesheet`). WeasyPrint parses every style
        attribute on its own; with one per field that was a fifth of a certificate's render."""
        return "bk-at-" + hashlib.blake2s(self.css.encode(), digest_size=5).hexdigest()

    @property
    def classes(self) -> str:
        names = ["bk-field", f"bk-{self.key.replace('_', '-')}", self.place_class]
        if self.box.bold:
            names.append("bk-bold")
        if self.box.italic:
            names.append("bk-italic")
        return " ".join(names)


def fit(key: str, text: str, box: Box) -> FittedText | None:
    """The largest size (max_pt down to min_pt by 0.5 pt) at which `text` fits `box`.

    None for an empty text; CertificateRefused when it fits at no size.
    """
    text = nfc(text).strip()
    if not text:
        return None
    size = box.max_pt
    while size >= box.min_pt - 1e-9:
        lines = _wrap(text, size, box)
        if (
            lines is not None
            and len(lines) <= box.max_lines
            and len(lines) * size * PT_MM * LINE_HEIGHT <= box.height + 1e-6
        ):
            return FittedText(key, FIELDS.get(key, key), box, lines, size)
        size -= STEP_PT
    raise CertificateRefused(
        _(
            "“%(text)s” quá dài cho ô “%(field)s” của bằng khen (rộng %(width)s mm, "
            "%(lines)s dòng) kể cả ở cỡ chữ nhỏ nhất %(size)s pt; hãy viết gọn lại hoặc "
            "nới rộng ô trước khi in."
        )
        % {
            "text": text if len(text) <= 120 else text[:117] + "…",
            "field": FIELDS.get(key, key),
            "width": _mm(box.width),
            "lines": box.max_lines,
            "size": _mm(box.min_pt),
        }
    )


# ---------------------------------------------------------------------------------------------
# The certificate's text, from recorded data.


@dataclass(frozen=True)
class Certificate:
    issuer: str  # "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH HÀ NAM"
    award_title: str  # "Bằng khen": the heading without its "Tặng"
    name: str
    details: str  # position and organisation, or the collective's organisation
    achievement: str
    decision_line: str  # "Quyết định số 412/QĐ-UBND ngày 15/03/2019"
    golden_book: str  # "Số sổ vàng: 7"
    date_line: str  # "Hà Nam, ngày 15 tháng 3 năm 2019"
    signer_title: list[str]  # one line each: ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
    signer_name: str
    is_sample: bool
    fields: list[FittedText]  # the variable text fitted in its boxes

    @property
    def name_field(self) -> FittedText | None:
        return next((f for f in self.fields if f.key == "name"), None)


def award_title(heading: str, award_name: str) -> str:
    """ "TẶNG BẰNG KHEN" → "Bằng khen": the heading without "TẶNG", in the catalogue name's own
    letters when the name starts with those words, else as the heading writes it."""
    words = heading.split()
    if words and words[0].casefold() == "tặng":
        words = words[1:]
    title = " ".join(words)
    prefix = award_name[: len(title)]
    if prefix.casefold() == title.casefold():
        return prefix
    return title


def golden_book_numbers(recipients: Iterable[Recipient]) -> dict[int, int]:
    """Each recipient's order in its decision (1, 2, …): the golden-book number the model prints.

    The app keeps no golden-book register (sổ vàng) yet, so the number is the recipient's place
    in the decision's list (by its order, then as recorded).
    """
    decision_ids = {r.decision_id for r in recipients}
    rows = (
        Recipient.objects.filter(decision_id__in=decision_ids)
        .order_by("decision_id", "order", "pk")
        .values_list("decision_id", "pk")
    )
    numbers: dict[int, int] = {}
    counts: dict[int, int] = {}
    for decision_id, pk in rows:
        counts[decision_id] = counts.get(decision_id, 0) + 1
        numbers[pk] = counts[decision_id]
    return numbers


def certificate_for(
    recipient: Recipient, *, number: int | None = None, offset: tuple[float, float] = (0, 0)
) -> Certificate:
    decision = recipient.decision
    if recipient.kind == RecipientKind.INDIVIDUAL:
        details = ", ".join(part for part in (recipient.position, recipient.organisation) if part)
    else:
        details = recipient.organisation
    layout = layout_for(decision.issuer, recipient.award_type.code)
    check_inside_sheet(layout, *offset)
    texts = {
        "name": recipient.name,
        "details": details,
        "achievement": recipient.achievement_text,
        "decision": f"Quyết định số {decision.number} ngày {decision.date:%d/%m/%Y}",
        "golden_book": f"Số sổ vàng: {number}" if number else "Số sổ vàng: ..........",
        "date_line": date_line(decision.place, decision.date),
        "signer_name": decision.signer_name,
    }
    fitted = [
        fit(key, texts[key], box.moved(*offset))
        for key, box in layout.boxes.items()
        if key in texts
    ]
    return Certificate(
        issuer=decision.issuer.upper(),
        award_title=award_title(
            recipient.award_type.certificate_heading, recipient.award_type.name
        ),
        name=texts["name"],
        details=details,
        achievement=texts["achievement"],
        decision_line=texts["decision"],
        golden_book=texts["golden_book"],
        date_line=texts["date_line"],
        signer_title=[line.strip() for line in decision.signer_title.splitlines() if line.strip()],
        signer_name=decision.signer_name,
        is_sample=recipient.is_sample or decision.is_sample,
        fields=[f for f in fitted if f is not None],
    )


def certificates_for(
    recipients: Sequence[Recipient], offset: tuple[float, float] = (0, 0)
) -> list[Certificate]:
    _refuse_impossible(recipients)
    numbers = golden_book_numbers(recipients)
    return [certificate_for(r, number=numbers.get(r.pk), offset=offset) for r in recipients]


def _refuse_impossible(recipients: Sequence[Recipient]) -> None:
    """No certificate of an award its decision's issuer cannot grant (a provincial chairman's
    "Cờ thi đua của Chính phủ" recorded before the check, or a catalogue changed since)."""
    by_decision: dict[int, tuple] = {}
    for r in recipients:
        decision, awards = by_decision.setdefault(r.decision_id, (r.decision, {}))
        awards[r.award_type_id] = r.award_type
    for decision, awards in by_decision.values():
        refuse_ungrantable(decision, list(awards.values()))


def refuse_ungrantable(decision, award_types: Sequence) -> None:
    """CertificateRefused when the decision's issuer cannot grant one of these awards."""
    from awards.services import issuer_refusal  # services → documents: imported when printing

    refusal = issuer_refusal(decision, list(award_types))
    if refusal:
        raise CertificateRefused(_("Không in bằng: %(refusal)s") % {"refusal": refusal})


def field_stylesheet(certificates: Iterable[Certificate]) -> str:
    """One rule per place and size the certificates' fields use (`FittedText.place_class`)."""
    rules = {f.place_class: f.css for c in certificates for f in c.fields}
    return "\n".join(f".{name} {{ {css} }}" for name, css in rules.items())


def certificates_context(certificates: Sequence[Certificate], *, title: str) -> dict:
    """What the certificate templates (full model and blanks) are rendered with."""
    return {
        "certificates": certificates,
        "title": title,
        "field_stylesheet": field_stylesheet(certificates),
    }


def render_certificates(recipients: Sequence[Recipient], *, title: str) -> bytes:
    """The full model: one 400 × 300 mm page per recipient (loaded with decision and award type).

    Raises CertificateRefused when a text does not fit its box.
    """
    certificates = certificates_for(recipients)
    return render_pdf(TEMPLATE, certificates_context(certificates, title=title))


def render_certificates_on_blanks(
    recipients: Sequence[Recipient], *, title: str, offset: tuple[float, float] = (0, 0)
) -> bytes:
    """Only the variable text, each field in its box moved by the printer offset."""
    certificates = certificates_for(recipients, offset=offset)
    return render_pdf(BLANK_TEMPLATE, certificates_context(certificates, title=title))


@dataclass(frozen=True)
class CalibrationBox:
    key: str
    label: str
    box: Box

    @property
    def css(self) -> str:
        b = self.box
        return f"left:{b.x:.2f}mm;top:{b.y:.2f}mm;width:{b.width:.2f}mm;height:{b.height:.2f}mm"

    @property
    def caption(self) -> str:
        b = self.box
        return (
            f"{self.label} — x {_mm(round(b.x, 2))}, y {_mm(round(b.y, 2))}, "
            f"{_mm(round(b.width, 2))} × {_mm(round(b.height, 2))} mm"
        )


def calibration_layouts(issuer: str, award_codes: Iterable[str]) -> list[Layout]:
    """The distinct layouts a decision's certificates use (one calibration sheet each)."""
    layouts: list[Layout] = []
    for code in award_codes:
        layout = layout_for(issuer, code)
        if layout not in layouts:
            layouts.append(layout)
    return layouts or [layout_for(issuer, "*")]


def render_calibration(
    layouts: Sequence[Layout], *, title: str, offset: tuple[float, float] = (0, 0)
) -> bytes:
    """A millimetre grid (lines every 10 mm, thin ones every 5) with each field's box outlined
    and labelled, one sheet per layout on the certificate's page size, for plain paper held
    against a blank."""
    sheets = []
    for layout in layouts:
        check_inside_sheet(layout, *offset)
        boxes = [
            CalibrationBox(key, FIELDS.get(key, key), box.moved(*offset))
            for key, box in layout.boxes.items()
        ]
        marks = [
            CalibrationBox("mark", label, box.moved(*offset))
            for label, box in REFERENCE_MARKS.items()
        ]
        sheets.append({"layout": layout, "boxes": boxes, "marks": marks})
    columns = [
        {"mm": mm, "css": f"left:{mm}mm", "major": mm % 10 == 0}
        for mm in range(5, int(SHEET_WIDTH_MM), 5)
    ]
    rows = [
        {"mm": mm, "css": f"top:{mm}mm", "major": mm % 10 == 0}
        for mm in range(5, int(SHEET_HEIGHT_MM), 5)
    ]
    context = {
        "title": title,
        "sheets": sheets,
        "columns": columns,
        "rows": rows,
        "offset": (_mm(offset[0]), _mm(offset[1])),
    }
    return render_pdf(CALIBRATION_TEMPLATE, context)


# The PDF's own title (its metadata), Vietnamese like the certificates.


def decision_title(decision) -> str:
    return f"Bằng khen theo {decision}"


def year_title(year) -> str:
    return f"Bằng khen — {year.cluster.name} — {year.year}"
