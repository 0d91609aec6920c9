"""Hostile workbooks, built for real: each is a valid xlsx but for the one part that attacks.

Every builder takes a good workbook (the unit's downloaded template, a recipients list) and
replaces or adds one member, streamed into the zip so that the test never holds the inflated
content in memory. The audit of issue 15 used the same shapes: a sheet that inflates to
hundreds of megabytes, one row of millions of cells, tens of thousands of members.
"""

from __future__ import annotations

import io
import struct
import zipfile
from collections.abc import Callable, Iterable, Iterator

from clusters import uploads

SHEET = "xl/worksheets/sheet1.xml"
STRINGS = "xl/sharedStrings.xml"
MAIN = b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
HEAD = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet ' + MAIN + b">"


def _repeat(block: bytes, total: int) -> Iterator[bytes]:
    chunk = block * max(1, (1024 * 1024) // len(block))
    written = 0
    while written < total:
        yield chunk
        written += len(chunk)


def replaced(base: bytes, member: str, parts: Iterable[bytes], level: int = 1) -> bytes:
    """`base` with `member` written from `parts` (added if it was not there)."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(base)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as target,
    ):
        for info in source.infolist():
            if info.filename != member:
                target.writestr(info.filename, source.read(info.filename))
        with target.open(member, "w", force_zip64=False) as stream:
            for part in parts:
                stream.write(part)
    return out.getvalue()


def sheet(rows: Iterable[bytes]) -> Iterator[bytes]:
    yield HEAD + b"<sheetData>"
    yield from rows
    yield b"</sheetData></worksheet>"


# --- the bombs ---------------------------------------------------------------------------------


def inflating_sheet(base: bytes) -> bytes:
    """A sheet that inflates to 128 MB (the cap is 16 MB a member) from a file of ~1 MB."""
    rows = _repeat(b'<row><c t="n"><v>1</v></c></row>', 128 * 1024 * 1024)
    return replaced(base, SHEET, sheet(rows))


def wide_row(base: bytes) -> bytes:
    """One row of 3.8 million empty cells, 15 MB inflated: under every size cap."""
    cells = _repeat(b"<c/>", 3_800_000 * 4)
    return replaced(base, SHEET, sheet([b'<row r="5">', *cells, b"</row>"]))


def wide_row_of_values(base: bytes) -> bytes:
    """The audit's recipients bomb: one row of 3.8 million numbers (61 MB inflated)."""
    cells = _repeat(b"<c><v>1</v></c>", 3_800_000 * 15)
    return replaced(base, SHEET, sheet([b'<row r="2">', *cells, b"</row>"]))


def tall_sheet(base: bytes) -> bytes:
    """Two million empty rows (12 MB inflated)."""
    return replaced(base, SHEET, sheet(_repeat(b"<row/>", 2_000_000 * 6)))


def far_row(base: bytes) -> bytes:
    """One cell in Excel's last row: openpyxl would hand out a million empty rows before it."""
    row = b'<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>x</t></is></c></row>'
    return replaced(base, SHEET, sheet([row]))


def many_strings(base: bytes) -> bytes:
    """900,000 shared strings (15 MB inflated): millions of small objects for openpyxl."""
    head = b'<?xml version="1.0" encoding="UTF-8"?>\n<sst ' + MAIN + b">"
    strings = _repeat(b"<si><t>a</t></si>", 900_000 * 17)
    return replaced(base, STRINGS, [head, *strings, b"</sst>"])


def deep_nesting(base: bytes) -> bytes:
    """A million nested elements in the sheet."""
    return replaced(base, SHEET, [HEAD, *_repeat(b"<a>", 3_000_000), *_repeat(b"</a>", 4_000_000)])


def entities(base: bytes) -> bytes:
    """The billion laughs, in the sheet."""
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        + b"".join(
            b'<!ENTITY lol%d "%s">' % (n, (b"&lol%d;" % (n - 1) if n > 1 else b"&lol;") * 10)
            for n in range(1, 10)
        )
        + b"]><worksheet "
        + MAIN
        + b'><sheetData><row><c t="inlineStr"><is><t>&lol9;</t>'
        b"</is></c></row></sheetData></worksheet>"
    )
    return replaced(base, SHEET, [laughs])


def many_members(base: bytes, count: int = 20_000) -> bytes:
    """The workbook plus tens of thousands of empty members."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(base)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as target,
    ):
        for info in source.infolist():
            target.writestr(info.filename, source.read(info.filename))
        for number in range(count):
            target.writestr(f"x/{number}", b"")
    return out.getvalue()


def truncated_sheet(base: bytes) -> bytes:
    """The sheet's XML cut in the middle, as an interrupted save leaves it."""
    with zipfile.ZipFile(io.BytesIO(base)) as source:
        xml = source.read(SHEET)
    return replaced(base, SHEET, [xml[: len(xml) // 2]])


def lying_size(base: bytes) -> bytes:
    """The wide row (15 MB) whose directory entry declares 2 KB: zipfile inflates no more than
    the declared size, and then the CRC no longer matches."""
    data = wide_row(base)
    at = _central_entry(data, SHEET.encode())
    patched = bytearray(data)
    struct.pack_into("<L", patched, at + 24, 2048)  # uncompressed size in the directory
    return bytes(patched)


def _central_entry(data: bytes, name: bytes) -> int:
    at = data.find(b"PK\x01\x02")
    while at >= 0:
        length = struct.unpack_from("<H", data, at + 28)[0]
        if data[at + 46 : at + 46 + length] == name:
            return at
        at = data.find(b"PK\x01\x02", at + 4)
    raise LookupError(name)


BOMBS: dict[str, Callable[[bytes], bytes]] = {
    "inflating sheet": inflating_sheet,
    "wide row": wide_row,
    "wide row of values": wide_row_of_values,
    "tall sheet": tall_sheet,
    "far row": far_row,
    "many shared strings": many_strings,
    "deep nesting": deep_nesting,
    "entities": entities,
    "many members": many_members,
    "lying size": lying_size,
}
# What each is refused with (a part of the message).
REFUSALS = {
    "inflating sheet": "giải nén ra quá",
    "wide row": "quá nhiều cột",
    "wide row of values": "giải nén ra quá",
    "tall sheet": "quá nhiều dòng",
    "far row": "quá nhiều dòng",
    "many shared strings": "quá phức tạp",
    "deep nesting": "quá phức tạp",
    "entities": "khai báo XML không được phép",
    "many members": "quá nhiều thành phần",
    "lying size": "bị hỏng",
}
assert uploads.MAX_COLUMNS < 3_800_000 and uploads.MAX_ROWS < 1_048_576
