"""Uploads that cannot hurt: the one safe workbook reader and the evidence content check.

Every workbook import (a unit's score sheet, a decision's recipients) opens the file with
`open_workbook`, which refuses, before openpyxl parses anything:
1. a file larger than `MAX_WORKBOOK_BYTES`;
2. a zip whose own directory (read from its end record, before Python's zipfile builds one
   object per member) lists more than `MAX_MEMBERS` members or is larger than a workbook's;
3. a member whose declared inflated size is above `MAX_MEMBER_BYTES`, or members adding up to
   more than `MAX_INFLATED_BYTES` (zipfile never inflates a member past its declared size: one
   that lies fails its CRC check and is refused like any broken file);
4. XML that is not a plain workbook's: every XML member is streamed through expat (no DTD, no
   entity) counting its tags (`MAX_XML_TAGS`, over the whole workbook) and, in the sheets, the
   rows (`MAX_ROWS`) and the cells of each row (`MAX_COLUMNS`), so one row of millions of
   cells stops at its 101st cell and never becomes a tree in memory;
5. anything that takes longer than `TIME_BUDGET_SECONDS`, scanning or reading rows.
Only then is the workbook loaded by openpyxl in read-only mode. Every failure, whatever openpyxl
or zipfile raised, becomes a `WorkbookRefused` (a `Refused`) with a Vietnamese message: an
upload never answers 500. The limits are printed in the upload forms (`workbook_limits_text`).

Evidence (`evidence_content_type`): its content must be what its extension says, by its first
bytes (PDF, JPEG, PNG) or, for the office formats, by the zip's parts; the stored type is the one
the check found, never the client's. Macro-capable formats are refused (see EVIDENCE_TYPES).

Text coming in (forms, imports) and going out (workbooks) drops the C0 control characters that
XML cannot hold (`strip_control_characters`).
"""

from __future__ import annotations

import io
import re
import struct
import time
import zipfile
import zlib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from xml.parsers import expat

from defusedxml.ElementTree import ParseError  # the same class, through defusedxml
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from clusters.services import Refused

# --- limits (printed in the upload forms' help text) -----------------------------------------

MB = 1024 * 1024
MAX_WORKBOOK_BYTES = 5 * MB
MAX_MEMBERS = 200  # a workbook saved by Excel or LibreOffice has 10 to 30
MAX_CENTRAL_DIRECTORY_BYTES = 256 * 1024  # room for MAX_MEMBERS entries with long names
MAX_MEMBER_BYTES = 16 * MB
MAX_INFLATED_BYTES = 32 * MB  # 2,000 recipients with long achievements take about 8 MB
MAX_XML_TAGS = 400_000  # 2,000 rows of 8 cells with their shared strings take about 130,000
MAX_ROWS = 5_000  # of any sheet; the recipients import takes 2,000 rows at a time
MAX_COLUMNS = 100  # cells of one row (the templates use 6 and 8 columns)
MAX_ERRORS = 50  # errors listed; the others are counted ("và N lỗi khác")
TIME_BUDGET_SECONDS = 10.0  # well under the server's 30 s worker timeout
QUOTED_LENGTH = 40  # characters of a cell's value quoted back in an error message

_CHUNK = 64 * 1024
_TAIL = 256  # bytes of a chunk kept to look for a tag cut in two by the next one
# The C0 control characters XML 1.0 cannot hold (tab, line feed and carriage return it can).
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


def strip_control_characters(text: str) -> str:
    """Text without the C0 control characters (but tab and line breaks) Word pastes along."""
    return _CONTROL.sub("", text)


def shorten(value: object, length: int = QUOTED_LENGTH) -> str:
    """A value quoted in a message: one line, control characters removed, at most `length`."""
    text = " ".join(strip_control_characters(str(value)).split())
    return text if len(text) <= length else text[: length - 1] + "…"


def _number(value: int) -> str:
    return number_format(value, force_grouping=True)


def workbook_limits_text() -> str:
    """The limits, as the upload forms print them (in the reader's language)."""
    return _(
        "Tệp .xlsx tối đa %(size)d MB; khi giải nén tối đa %(inflated)d MB và %(members)d "
        "thành phần; mỗi trang tính tối đa %(rows)s dòng và %(columns)d cột; tệp đọc quá "
        "%(seconds)d giây sẽ bị dừng. Nếu tệp có lỗi, chỉ %(errors)d lỗi đầu tiên được liệt kê."
    ) % {
        "size": MAX_WORKBOOK_BYTES // MB,
        "inflated": MAX_INFLATED_BYTES // MB,
        "members": MAX_MEMBERS,
        "rows": _number(MAX_ROWS),
        "columns": MAX_COLUMNS,
        "seconds": int(TIME_BUDGET_SECONDS),
        "errors": MAX_ERRORS,
    }


class WorkbookRefused(Refused):
    """An uploaded workbook that is not read at all; the message says why, for the person."""

    def __init__(self, message: str) -> None:
        super().__init__(message, field="file")


class ErrorList:
    """The errors of an import: all counted, the first `MAX_ERRORS` kept to be shown."""

    def __init__(self, limit: int = MAX_ERRORS) -> None:
        self.limit = limit
        self.kept: list = []
        self.total = 0

    def add(self, error) -> None:
        self.total += 1
        if len(self.kept) < self.limit:
            self.kept.append(error)

    def __bool__(self) -> bool:
        return self.total > 0

    def __len__(self) -> int:
        return self.total

    @property
    def more(self) -> int:
        return self.total - len(self.kept)

    def more_text(self) -> str:
        """The line that stands for the errors not listed ("" when all are)."""
        return more_errors_text(self.more) if self.more else ""


def more_errors_text(count: int) -> str:
    return _("… và %(count)s lỗi khác.") % {"count": _number(count)}


# --- the zip, before anything inflates --------------------------------------------------------

_END_RECORD = b"PK\x05\x06"
_ZIP64_LOCATOR = b"PK\x06\x07"
_END_RECORD_SIZE = 22


def _end_record(data: bytes) -> tuple[int, int] | None:
    """(members, size of the central directory) as the zip's end record declares them."""
    tail = data[-(_END_RECORD_SIZE + 0xFFFF) :]
    at = tail.rfind(_END_RECORD)
    if at < 0 or len(tail) - at < _END_RECORD_SIZE:
        return None
    fields = struct.unpack("<4s4H2LH", tail[at : at + _END_RECORD_SIZE])
    members, directory = fields[4], fields[5]
    # A zip64 locator just before the record would let zipfile read other counts from it.
    if tail[max(0, at - 20) : at].startswith(_ZIP64_LOCATOR):
        return None
    return members, directory


def _open_archive(
    data: bytes, *, not_zip: str, max_members: int, max_directory: int
) -> zipfile.ZipFile:
    end = _end_record(data)
    if end is None:
        raise WorkbookRefused(not_zip)
    members, directory = end
    if members > max_members or directory > max_directory:
        raise WorkbookRefused(_too_many_members(max_members))
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError) as error:
        raise WorkbookRefused(not_zip) from error
    if len(archive.infolist()) > max_members:
        archive.close()
        raise WorkbookRefused(_too_many_members(max_members))
    return archive


def _too_many_members(limit: int) -> str:
    return _(
        "Tệp có quá nhiều thành phần bên trong (tối đa %(limit)s); đây không phải một tệp "
        "văn phòng bình thường."
    ) % {"limit": _number(limit)}


def _check_members(archive: zipfile.ZipFile) -> None:
    names: set[str] = set()
    total = 0
    for info in archive.infolist():
        if info.filename in names:
            raise WorkbookRefused(_("Tệp có hai thành phần trùng tên, không thể đọc."))
        names.add(info.filename)
        plain = info.compress_type in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)
        if info.flag_bits & 0x1 or not plain:  # encrypted, or bzip2/lzma (slow to inflate)
            raise WorkbookRefused(
                _("Tệp được mã hóa hoặc nén theo cách không đọc được; hãy lưu lại bằng Excel.")
            )
        if info.file_size > MAX_MEMBER_BYTES:
            raise WorkbookRefused(
                _("Một thành phần của tệp giải nén ra quá %(limit)d MB, không thể đọc.")
                % {"limit": MAX_MEMBER_BYTES // MB}
            )
        total += info.file_size
    if total > MAX_INFLATED_BYTES:
        raise WorkbookRefused(
            _("Tệp giải nén ra quá %(limit)d MB, không thể đọc.")
            % {"limit": MAX_INFLATED_BYTES // MB}
        )


# --- the XML, streamed through expat before openpyxl builds anything --------------------------


class _Stop(Exception):
    """Raised inside expat's handlers: the scan stops at once with this message."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


_COLUMN = re.compile(r"\$?([A-Za-z]{1,3})")


def _column_of(reference: str) -> int | None:
    match = _COLUMN.match(reference)
    if match is None:
        return None
    number = 0
    for letter in match.group(1).upper():
        number = number * 26 + ord(letter) - ord("A") + 1
    return number


_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_ROW = f"{_MAIN} row"  # names as expat reports them with namespace_separator=" "
_CELL = f"{_MAIN} c"


@dataclass
class _Scan:
    """What the scan counts over the whole workbook.

    Tags are counted on the raw bytes (every "<"), at C speed; only the rows and cells of the
    sheets' namespace (the only ones openpyxl reads) go through a Python handler.
    """

    deadline: float
    tags: int = 0
    row: int = 0
    rows: int = 0
    column: int = 0
    cells: int = 0

    def count_tags(self, chunk: bytes) -> None:
        self.tags += chunk.count(b"<")
        if self.tags > MAX_XML_TAGS:
            raise _Stop(
                _(
                    "Tệp quá phức tạp để đọc (quá %(limit)s thẻ XML); hãy dùng tệp mẫu và chỉ "
                    "nhập dữ liệu cần thiết."
                )
                % {"limit": _number(MAX_XML_TAGS)}
            )

    def start(self, name: str, attributes: dict) -> None:
        if name == _CELL:
            reference = attributes.get("r")
            column = _column_of(reference) if reference else None
            self.column = column if column is not None else self.column + 1
            self.cells += 1
            if self.column > MAX_COLUMNS or self.cells > MAX_COLUMNS:
                raise _Stop(
                    _("Trang tính có dữ liệu ở quá nhiều cột (tối đa %(limit)d cột).")
                    % {"limit": MAX_COLUMNS}
                )
        elif name == _ROW:
            self.row = self._row_number(attributes.get("r"))
            self.rows += 1
            self.column = self.cells = 0
            if self.row > MAX_ROWS or self.rows > MAX_ROWS:
                raise _Stop(
                    _("Trang tính có quá nhiều dòng (tối đa %(limit)s dòng).")
                    % {"limit": _number(MAX_ROWS)}
                )

    def _row_number(self, value: str | None) -> int:
        if value is None:
            return self.row + 1
        try:
            return int(float(value))
        except (ValueError, OverflowError) as error:
            raise _Stop(_broken()) from error

    def check_clock(self) -> None:
        if time.monotonic() > self.deadline:
            raise _Stop(_too_slow())

    def refuse_declaration(self, *args) -> None:
        raise _Stop(
            _("Tệp chứa khai báo XML không được phép (DTD, thực thể); hãy lưu lại bằng Excel.")
        )


def _too_slow() -> str:
    return _(
        "Đọc tệp quá %(seconds)d giây nên đã dừng; tệp quá lớn hoặc quá phức tạp. Hãy dùng "
        "tệp mẫu và chỉ giữ các dòng cần nhập."
    ) % {"seconds": int(TIME_BUDGET_SECONDS)}


def _broken() -> str:
    return _("Nội dung tệp bị hỏng hoặc không đầy đủ; hãy mở tệp bằng Excel, lưu lại rồi tải lên.")


def _looks_like_xml(head: bytes) -> bool:
    """Whether a parser would take this member for XML (an image or a binary part is not)."""
    if head.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"<\x00", b"\x00<")):
        return True
    return head.lstrip(b" \t\r\n").startswith(b"<")


def _scan_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, scan: _Scan) -> None:
    with archive.open(info) as stream:
        chunk = stream.read(_CHUNK)
        if not _looks_like_xml(chunk):
            return
        parser = expat.ParserCreate(namespace_separator=" ")
        parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        parser.StartDoctypeDeclHandler = scan.refuse_declaration
        parser.EntityDeclHandler = scan.refuse_declaration
        scan.row = scan.column = scan.cells = 0
        tail = b""
        while chunk:
            scan.count_tags(chunk)
            # Python sees the elements only of the chunks that may hold a row or a cell (with
            # the end of the chunk before: a tag cut in two is reported with the second).
            window = tail + chunk
            cells = b"<c" in window or b":c" in window or b"row" in window
            parser.StartElementHandler = scan.start if cells else None
            parser.Parse(chunk, False)
            scan.check_clock()
            tail = chunk[-_TAIL:]
            chunk = stream.read(_CHUNK)
        parser.Parse(b"", True)


def _scan_xml(archive: zipfile.ZipFile, deadline: float, broken: str) -> None:
    scan = _Scan(deadline=deadline)
    for info in archive.infolist():
        if info.is_dir():
            continue
        try:
            _scan_member(archive, info, scan)
        except _Stop as stop:
            raise WorkbookRefused(stop.message) from None
        except _parse_errors() as error:  # an encoding expat cannot read is a ValueError
            raise WorkbookRefused(broken) from error


# --- the workbook -----------------------------------------------------------------------------

# What openpyxl and zipfile raise on a file they cannot read (ParseError is a SyntaxError).
PARSE_ERRORS: tuple[type[BaseException], ...] = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    ParseError,
    expat.ExpatError,
    KeyError,
    IndexError,
    LookupError,  # an unknown encoding
    ValueError,  # defusedxml's refusals and multi-byte encodings too
    TypeError,
    AttributeError,
    OSError,
    EOFError,
    RecursionError,
    NotImplementedError,  # a compression zipfile does not know
    RuntimeError,  # an encrypted member
)


def _parse_errors() -> tuple[type[BaseException], ...]:
    from openpyxl.utils.exceptions import InvalidFileException

    return (*PARSE_ERRORS, InvalidFileException)


class SafeWorkbook:
    """A checked workbook opened by openpyxl in read-only mode, read against the clock."""

    def __init__(self, workbook, *, deadline: float, broken: str) -> None:
        self.workbook = workbook
        self.deadline = deadline
        self.broken = broken

    @property
    def sheetnames(self) -> list[str]:
        return list(self.workbook.sheetnames)

    @property
    def worksheets(self) -> list:
        return list(self.workbook.worksheets)

    def sheet(self, name: str):
        return self.workbook[name]

    def rows(
        self,
        sheet,
        *,
        max_col: int,
        min_row: int = 1,
        max_row: int = MAX_ROWS,
        values_only: bool = False,
    ) -> Iterator[tuple[int, tuple]]:
        """(row number, cells) from `min_row` to at most `max_row` (never past MAX_ROWS)."""
        max_row = min(max_row, MAX_ROWS)
        if min_row > max_row:
            return
        try:
            iterator = sheet.iter_rows(
                min_row=min_row, max_row=max_row, max_col=max_col, values_only=values_only
            )
            for number, cells in enumerate(iterator, start=min_row):
                if number % 200 == 0 and time.monotonic() > self.deadline:
                    raise WorkbookRefused(_too_slow())
                yield number, cells
        except _parse_errors() as error:
            raise WorkbookRefused(self.broken) from error


@contextmanager
def open_workbook(
    data: bytes,
    *,
    not_a_workbook: str,
    not_zip: str | None = None,
    data_only: bool = True,
    required: Sequence[str] = ("[Content_Types].xml", "xl/workbook.xml"),
) -> Iterator[SafeWorkbook]:
    """The uploaded workbook, checked (see the module's docstring), or WorkbookRefused.

    `not_a_workbook` is the caller's message for a file that is no workbook at all, `not_zip`
    for one that is not even a zip (the same by default).
    """
    from openpyxl import load_workbook

    deadline = time.monotonic() + TIME_BUDGET_SECONDS
    broken = f"{not_a_workbook} {_broken()}"
    if len(data) > MAX_WORKBOOK_BYTES:
        raise WorkbookRefused(
            _("Tệp quá lớn; giới hạn là %(limit)d MB.") % {"limit": MAX_WORKBOOK_BYTES // MB}
        )
    archive = _open_archive(
        data,
        not_zip=not_zip or not_a_workbook,
        max_members=MAX_MEMBERS,
        max_directory=MAX_CENTRAL_DIRECTORY_BYTES,
    )
    with archive:
        names = set(archive.namelist())
        if any(name not in names for name in required):
            raise WorkbookRefused(not_a_workbook)
        _check_members(archive)
        _scan_xml(archive, deadline, broken)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=data_only)
    except _parse_errors() as error:
        raise WorkbookRefused(broken) from error
    try:
        yield SafeWorkbook(workbook, deadline=deadline, broken=broken)
    finally:
        workbook.close()


# --- evidence ----------------------------------------------------------------------------------

MAX_EVIDENCE_BYTES = 10 * MB
MAX_EVIDENCE_MEMBERS = 5_000  # a .docx full of pictures has a few hundred
PDF = "application/pdf"
JPEG = "image/jpeg"
PNG = "image/png"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ODT = "application/vnd.oasis.opendocument.text"
ODS = "application/vnd.oasis.opendocument.spreadsheet"
# Extension -> the type stored and served once the content is checked. The legacy binary
# formats .doc and .xls are not taken: they carry macros that run on peers' office computers
# and their content cannot be told from any other OLE file; Word and Excel save .docx/.xlsx
# (which hold no macros: a file that has one is refused) or PDF.
EVIDENCE_TYPES = {
    "pdf": PDF,
    "jpg": JPEG,
    "jpeg": JPEG,
    "png": PNG,
    "docx": DOCX,
    "xlsx": XLSX,
    "odt": ODT,
    "ods": ODS,
}
SERVED_TYPES = frozenset(EVIDENCE_TYPES.values())
KIND_NAMES = {
    PDF: gettext_lazy("tài liệu PDF"),
    JPEG: gettext_lazy("ảnh JPEG"),
    PNG: gettext_lazy("ảnh PNG"),
    DOCX: gettext_lazy("văn bản Word (.docx)"),
    XLSX: gettext_lazy("bảng tính Excel (.xlsx)"),
    ODT: gettext_lazy("văn bản OpenDocument (.odt)"),
    ODS: gettext_lazy("bảng tính OpenDocument (.ods)"),
}
_MAGIC = {PDF: (b"%PDF-",), JPEG: (b"\xff\xd8\xff",), PNG: (b"\x89PNG\r\n\x1a\n",)}
_OOXML_FOLDER = {DOCX: "word/", XLSX: "xl/"}
_ODF_MIMETYPE = {ODT: ODT.encode(), ODS: ODS.encode()}


NOT_XLSX = gettext_lazy("Tệp tải lên không phải bảng tính Excel (.xlsx). Hãy dùng tệp mẫu.")


def check_workbook(upload) -> None:
    """The safe reader's checks (the archive and every XML part) without reading a cell: what
    a big workbook passes before it is kept for a background import, so that a malicious file
    is refused at once, next to the field, as a small one is (WorkbookRefused)."""
    data = upload.read()
    upload.seek(0)
    with open_workbook(data, not_a_workbook=str(NOT_XLSX), data_only=True):
        pass


def file_name(name: str, default: str = "minh-chung") -> str:
    """A file's name as kept and sent back: one line, no control characters, 255 at most."""
    return " ".join(strip_control_characters(name or "").split())[:255] or default


def extension_of(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def served_type(stored: str) -> str:
    """The type evidence is served with: a checked one, else a download of bytes."""
    return stored if stored in SERVED_TYPES else "application/octet-stream"


def serve_upload(file, *, name: str, content_type: str, default: str = "minh-chung"):
    """An uploaded file sent back: always a download, of the type its content check found
    (anything else as bytes), never sniffed, and sandboxed should a browser render it anyway.
    A row that outlived its file (a restore without the media) answers 404."""
    from django.http import FileResponse, Http404

    try:
        stream = file.open("rb")
    except OSError as error:
        raise Http404 from error
    response = FileResponse(
        stream,
        as_attachment=True,
        filename=file_name(name, default=default),
        content_type=served_type(content_type),
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox"
    return response


def evidence_content_type(upload) -> str:
    """The checked type of an evidence file, or WorkbookRefused's kin `EvidenceRefused`.

    The content must be what the extension says: a PDF starts with "%PDF-", a JPEG and a PNG with
    their signatures, a .docx/.xlsx is a zip with [Content_Types].xml and its word/ or xl/ parts
    and no macro, an .odt/.ods a zip whose "mimetype" names it and that holds no macro.
    """
    name = getattr(upload, "name", "") or ""
    extension = extension_of(name)
    content_type = EVIDENCE_TYPES.get(extension)
    if content_type is None:
        raise EvidenceRefused(
            _("Chỉ nhận tệp %(types)s.") % {"types": ", ".join(sorted(EVIDENCE_TYPES))}
        )
    size = getattr(upload, "size", None)
    if size is None or size > MAX_EVIDENCE_BYTES:
        raise EvidenceRefused(
            _("Tệp minh chứng vượt quá %(limit)d MB.") % {"limit": MAX_EVIDENCE_BYTES // MB}
        )
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    if content_type in _MAGIC:
        good = data.startswith(_MAGIC[content_type])
    else:
        good = _office_file_is(content_type, data, name)
    if not good:
        raise EvidenceRefused(
            _(
                "Nội dung tệp “%(name)s” không phải là %(kind)s như phần mở rộng .%(extension)s "
                "cho biết; hãy tải lên đúng tệp."
            )
            % {"name": shorten(name), "kind": KIND_NAMES[content_type], "extension": extension}
        )
    return content_type


class EvidenceRefused(Refused):
    def __init__(self, message: str) -> None:
        super().__init__(message, field="file")


def _office_file_is(content_type: str, data: bytes, name: str) -> bool:
    try:
        archive = _open_archive(
            data,
            not_zip="",
            max_members=MAX_EVIDENCE_MEMBERS,
            max_directory=MAX_EVIDENCE_MEMBERS * 512,
        )
    except WorkbookRefused:
        return False
    with archive:
        names = archive.namelist()
        if content_type in _OOXML_FOLDER:
            folder = _OOXML_FOLDER[content_type]
            if "[Content_Types].xml" not in names or not any(n.startswith(folder) for n in names):
                return False
            macro = any(n.lower().endswith("vbaproject.bin") for n in names)
        else:
            if not names or names[0] != "mimetype":
                return False
            try:
                with archive.open("mimetype") as stream:
                    declared = stream.read(100).strip()
            except PARSE_ERRORS:
                return False
            if declared != _ODF_MIMETYPE[content_type]:
                return False
            macro = any(n.startswith(("Basic/", "Scripts/")) for n in names)
    if macro:
        raise EvidenceRefused(
            _(
                "Tệp “%(name)s” có chứa macro; hãy lưu lại thành tệp không có macro "
                "(.docx, .xlsx) hoặc PDF rồi tải lên."
            )
            % {"name": shorten(name)}
        )
    return True
