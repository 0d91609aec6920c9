"""The measurable rules of Nghị định 30/2020/NĐ-CP, Phụ lục I, read back from a PDF with pdfplumber.

`problems(pdf_bytes)` returns the rules a document breaks, as sentences (empty: it passes).
Sizes in points as the decree gives them; positions from the glyphs and the drawn rules.
"""

from __future__ import annotations

import io

import pdfplumber

MM = 72 / 25.4
A4 = (210 * MM, 297 * MM)
MARGINS = {"top": 20 * MM, "bottom": 20 * MM, "left": 30 * MM, "right": 15 * MM}
SLACK = 1.5  # points: glyph boxes overhang their advance a little


def _pt(word) -> float:
    """A glyph's size in points, to a tenth (PDF sizes come as 12.9997…)."""
    return round(word["size"], 1)


def _bold(word) -> bool:
    return "Bold" in word["fontname"]


def _italic(word) -> bool:
    return "Italic" in word["fontname"]


def _lines(page) -> list[list[dict]]:
    """Words grouped into visual lines (same top within 2 pt), each sorted left to right."""
    lines: list[list[dict]] = []
    for word in sorted(
        page.extract_words(extra_attrs=["size", "fontname"]), key=lambda w: w["top"]
    ):
        if lines and abs(lines[-1][0]["top"] - word["top"]) < 2:
            lines[-1].append(word)
        else:
            lines.append([word])
    return [sorted(line, key=lambda w: w["x0"]) for line in lines]


def _run(line: list[dict], text: str) -> list[dict] | None:
    """The words of `line` that spell `text` (consecutive), or None."""
    wanted = text.split()
    for start in range(len(line) - len(wanted) + 1):
        if [w["text"] for w in line[start : start + len(wanted)]] == wanted:
            return line[start : start + len(wanted)]
    return None


def _find(pages_lines, text: str):
    for number, lines in enumerate(pages_lines):
        for index, line in enumerate(lines):
            run = _run(line, text)
            if run:
                return number, index, run
    return None


def _rules_below(page, run: list[dict], within: float = 8) -> list[float]:
    """Widths of the horizontal rules drawn just under a run of words."""
    bottom = max(w["bottom"] for w in run)
    left, right = min(w["x0"] for w in run), max(w["x1"] for w in run)
    centre = (left + right) / 2
    widths = []
    for shape in page.rects + page.lines:
        height = abs(shape["bottom"] - shape["top"])
        below = bottom - 1 <= shape["top"] <= bottom + within
        if height <= 2 and below and abs((shape["x0"] + shape["x1"]) / 2 - centre) < 10:
            widths.append(shape["x1"] - shape["x0"])
    return widths


def problems(pdf: bytes, *, signed_closing: bool = True) -> list[str]:
    found: list[str] = []
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        pages = document.pages
        pages_lines = [_lines(page) for page in pages]
        first = pages[0]
        if abs(first.width - A4[0]) > 2 or abs(first.height - A4[1]) > 2:
            found.append(f"page size {first.width:.0f}×{first.height:.0f} pt is not A4 portrait")
        for number, page in enumerate(pages, start=1):
            for char in page.chars:
                if char["text"].isspace():
                    continue
                in_top_margin = char["top"] < MARGINS["top"]
                if in_top_margin and number > 1 and char["text"].isdigit():
                    continue  # the page number
                if (
                    char["x0"] < MARGINS["left"] - SLACK
                    or char["x1"] > page.width - MARGINS["right"] + SLACK
                    or in_top_margin
                    or char["bottom"] > page.height - MARGINS["bottom"] + SLACK
                ):
                    found.append(f"page {number}: “{char['text']}” outside the margins")
                    break
            numbers = [c for c in page.chars if c["top"] < MARGINS["top"] and c["text"].isdigit()]
            if number > 1 and not numbers:
                found.append(f"page {number} has no page number in its top margin")
            if number == 1 and numbers:
                found.append("page 1 carries a page number")
        found += _header(pages, pages_lines)
        found += _subject(pages, pages_lines)
        found += _authority(pages_lines)
        found += _appendix(pages_lines)
        found += _closing(pages_lines, signed_closing)
        found += _table_ends(pages_lines)
    return found


def _table_ends(pages_lines) -> list[str]:
    """No table header with at most one row under it at the foot of a page."""
    found = []
    for number, lines in enumerate(pages_lines[:-1], start=1):
        table = [line for line in lines if all(_pt(w) <= 12.5 for w in line)]
        body = lines[-3:]
        header = [
            index
            for index, line in enumerate(body)
            if line in table and all(_bold(w) for w in line) and len(line) > 1
        ]
        if header and len(body) - 1 - header[-1] <= 1 and body[-1] in table:
            found.append(f"page {number} ends with a table header and at most one row")
    return found


DOCUMENT_TYPES = ("TỜ TRÌNH", "BÁO CÁO", "BIÊN BẢN", "GIAO ƯỚC", "QUYẾT ĐỊNH", "KẾ HOẠCH")


def _subject(pages, pages_lines) -> list[str]:
    """The document type in bold capitals, then the subject in bold with a rule of 1/3 to 1/2 of
    its (longest) line under it."""
    lines = pages_lines[0]
    for index, line in enumerate(lines):
        text = " ".join(w["text"] for w in line)
        if text.startswith(DOCUMENT_TYPES) and all(_bold(w) for w in line):
            if not all(13 <= _pt(w) <= 14 for w in line):
                return ["the document type is not 13–14 pt"]
            subject = []
            for following in lines[index + 1 : index + 4]:
                if not all(_bold(w) for w in following) or following[0]["text"].isupper():
                    break
                subject.append(following)
            if not subject:
                return []  # a type with no subject line (a compact's title says it all)
            if not all(13 <= _pt(w) <= 14 for line in subject for w in line):
                return ["the subject is not 13–14 pt"]
            longest = max(line[-1]["x1"] - line[0]["x0"] for line in subject)
            rules = _rules_below(pages[0], subject[-1])
            if not any(longest / 3 - 2 <= rule <= longest / 2 + 2 for rule in rules):
                return ["no rule of 1/3 to 1/2 of its line under the subject"]
            return []
    return []


def _authority(pages_lines) -> list[str]:
    """Signature blocks: the authority line (TM., KT., Q., TL., TUQ.) bold 13–14 pt."""
    for lines in pages_lines:
        for line in lines:
            for word in line:
                if word["text"] in ("TM.", "KT.", "Q.", "TL.", "TUQ.") and not (
                    _bold(word) and 13 <= _pt(word) <= 14
                ):
                    return [f"the authority line “{word['text']} …” is not bold 13–14 pt"]
    return []


def _appendix(pages_lines) -> list[str]:
    """An appendix: "Phụ lục" (not in capitals), its title in capitals, then "(Kèm theo …)"."""
    for lines in pages_lines:
        for index, line in enumerate(lines):
            first = line[0]["text"]
            if first == "PHỤ" and len(line) > 1 and line[1]["text"] == "LỤC":
                return [
                    "the appendix heading is in capitals (“Phụ lục”, then its title in capitals)"
                ]
            if first == "Phụ" and len(line) == 2 and line[1]["text"] == "lục":
                title = lines[index + 1] if index + 1 < len(lines) else []
                letters = "".join(w["text"] for w in title if any(c.isalpha() for c in w["text"]))
                if not letters or letters != letters.upper():
                    return ["the appendix title is not in capitals"]
                after = " ".join(w["text"] for line in lines[index + 2 : index + 4] for w in line)
                if "(Kèm theo" not in after:
                    return ["the appendix has no “(Kèm theo …)” line"]
    return []


def _header(pages, pages_lines) -> list[str]:
    found = []
    motto = _find(pages_lines, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    if motto is None:
        return ["no national motto line"]
    _page, _index, run = motto
    if not all(_bold(w) and 12 <= _pt(w) <= 13 for w in run):
        found.append("the motto line is not bold 12–13 pt")
    second = _find(pages_lines, "Độc lập - Tự do - Hạnh phúc")
    if second is None:
        found.append("no “Độc lập - Tự do - Hạnh phúc” line")
    else:
        run = second[2]
        if not all(_bold(w) and 13 <= _pt(w) <= 14 for w in run):
            found.append("“Độc lập - Tự do - Hạnh phúc” is not bold 13–14 pt")
        width = run[-1]["x1"] - run[0]["x0"]
        rules = _rules_below(pages[second[0]], run)
        if not any(0.9 * width <= rule <= 1.1 * width for rule in rules):
            found.append("the rule under the motto is not as long as its line")
    number = _find(pages_lines, "Số:")
    if number is not None and not 12.5 <= _pt(number[2][0]) <= 13.5:
        found.append("the number line is not 13 pt")
    dates = [run for lines in pages_lines[:1] for line in lines if (run := _date_run(line))]
    if not dates:
        found.append("no date line “…, ngày … tháng … năm …”")
    elif not all(_italic(w) and 13 <= _pt(w) <= 14 for w in dates[0]):
        found.append("the date line is not italic 13–14 pt")
    return found


def _date_run(line: list[dict]) -> list[dict] | None:
    texts = [w["text"] for w in line]
    for start, text in enumerate(texts):
        if text == "ngày" and start > 0 and "tháng" in texts[start:] and "năm" in texts[start:]:
            end = texts.index("năm", start) + 2
            begin = start - 1
            while begin > 0 and not line[begin - 1]["text"].startswith("Số"):
                if line[begin]["x0"] - line[begin - 1]["x1"] > 20:
                    break
                begin -= 1
            return line[begin:end]
    return None


def _closing(pages_lines, signed_closing: bool) -> list[str]:
    found = []
    where = _find(pages_lines, "Nơi nhận:")
    if where is None:
        return found
    number, index, run = where
    if not all(_bold(w) and _italic(w) and 11.5 <= _pt(w) <= 12.5 for w in run):
        found.append("“Nơi nhận:” is not bold italic 12 pt")
    items = [
        line[0]
        for line in pages_lines[number][index + 1 :]
        if line[0]["text"] == "-" and line[0]["x0"] < 300
    ]
    if not items:
        found.append("the “Nơi nhận” list has no dashed lines")
    elif not all(10.5 <= _pt(w) <= 11.5 and not _bold(w) for w in items):
        found.append("the “Nơi nhận” list is not upright 11 pt")
    if signed_closing:
        above = [
            line
            for line in pages_lines[number][:index]
            if not (len(line) == 1 and line[0]["text"].isdigit())
        ]
        if not above:
            found.append(f"page {number + 1} holds only the signatures and “Nơi nhận”")
    return found
