"""Evidence files: the content is what the extension says, the stored type comes from that
check, a refused or failed upload leaves no file, and a download is never rendered."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook
from webtest import Upload

from clusters.models import AuditEvent
from clusters.services import Refused
from scoring import services
from scoring.models import Evidence, Score
from tests.scoring.builders import make_sheet, open_self_assessment

pytestmark = pytest.mark.django_db
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32
PDF = b"%PDF-1.7\n%minh chung\n"


@pytest.fixture
def criteria(world):
    made = make_sheet(world.year)
    open_self_assessment(world.year)
    return made


def _url(world, name="scoring:sheet", *extra):
    return reverse(name, args=[world.cluster.slug, world.year.year, world.nam_dinh.slug, *extra])


def _zip(members: dict[str, bytes], first: str | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        if first:
            archive.writestr(first, members.pop(first), compress_type=zipfile.ZIP_STORED)
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def _docx(**extra: bytes) -> bytes:
    return _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w/>", **extra})


def _xlsx() -> bytes:
    buffer = io.BytesIO()
    Workbook().save(buffer)
    return buffer.getvalue()


def _odt(mimetype: bytes = b"application/vnd.oasis.opendocument.text", **extra) -> bytes:
    return _zip({"mimetype": mimetype, "content.xml": b"<office/>", **extra}, first="mimetype")


def _media_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


def _send(world, django_app, criterion, name: str, content: bytes, content_type: str = ""):
    form = django_app.get(_url(world), user=world.own).forms["evidence-form"]
    form["criterion"] = str(criterion.pk)
    form["file"] = Upload(name, content, content_type or None)
    response = form.submit(user=world.own)
    assert response.status_code == 302
    page = response.follow()
    return page, [n.text.strip() for n in page.html.select(".alert-danger")]


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ODT = "application/vnd.oasis.opendocument.text"
ODS = "application/vnd.oasis.opendocument.spreadsheet"
GOOD = [
    ("bao-cao.pdf", PDF, "application/pdf"),
    ("anh.png", PNG, "image/png"),
    ("anh.JPG", JPEG, "image/jpeg"),
    ("anh.jpeg", JPEG, "image/jpeg"),
    ("bao-cao.docx", _docx(), DOCX),
    ("bang.xlsx", _xlsx(), XLSX),
    ("van-ban.odt", _odt(ODT.encode()), ODT),
    ("bang.ods", _odt(ODS.encode()), ODS),
]  # fmt: skip


@pytest.mark.parametrize(("name", "content", "stored_type"), GOOD, ids=[g[0] for g in GOOD])
def test_each_accepted_type_is_stored_with_the_checked_type(
    name, content, stored_type, world, criteria, django_app
):
    # The client says text/html: the stored type is the one the content check found.
    _page, errors = _send(world, django_app, criteria["I.2"], name, content, "text/html")
    assert errors == []
    evidence = Evidence.objects.get()
    assert evidence.content_type == stored_type and evidence.original_name == name
    download = django_app.get(_url(world, "scoring:evidence_download", evidence.pk), user=world.own)
    assert download.content_type == stored_type
    assert download.body == content


FORGED = [
    ("trang.pdf", b"<html><script>alert(document.cookie)</script></html>", "tài liệu PDF"),
    ("hinh.png", b'<svg xmlns="http://www.w3.org/2000/svg"><script>x()</script></svg>', "ảnh PNG"),
    ("chuong-trinh.jpg", b"MZ\x90\x00" + b"\x00" * 60, "ảnh JPEG"),
    ("gia.pdf", b" %PDF-1.4 after a blank", "tài liệu PDF"),
    ("nen.docx", _zip({"readme.txt": b"x"}), "văn bản Word (.docx)"),
    ("bang.docx", _xlsx(), "văn bản Word (.docx)"),  # a workbook named .docx
    ("van-ban.xlsx", _docx(), "bảng tính Excel (.xlsx)"),
    ("van-ban.odt", _odt(ODS.encode()), "văn bản OpenDocument (.odt)"),
    ("hong.docx", b"PK\x03\x04 broken zip", "văn bản Word (.docx)"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "content", "kind"), FORGED, ids=[f[0] for f in FORGED])
def test_a_forged_type_is_refused_and_leaves_no_file(
    name, content, kind, world, criteria, django_app
):
    _page, errors = _send(world, django_app, criteria["I.2"], name, content, "application/pdf")
    assert any(f"không phải là {kind}" in error for error in errors), errors
    assert not Evidence.objects.exists() and _media_files() == []
    assert not AuditEvent.objects.filter(action="evidence.add").exists()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("macro.docx", _docx(**{"word/vbaProject.bin": b"\xd0\xcf\x11\xe0"})),
        ("macro.odt", _odt(**{"Basic/Standard/Module1.xml": b"<script/>"})),
    ],
)
def test_a_file_with_macros_is_refused(name, content, world, criteria, django_app):
    _page, errors = _send(world, django_app, criteria["I.2"], name, content)
    assert any("có chứa macro" in error for error in errors), errors
    assert not Evidence.objects.exists() and _media_files() == []


@pytest.mark.parametrize("name", ["bao-cao.doc", "bang.xls", "trang.html", "hinh.svg"])
def test_legacy_office_and_web_formats_are_not_taken(name, world, criteria, django_app):
    _page, errors = _send(world, django_app, criteria["I.2"], name, b"\xd0\xcf\x11\xe0\xa1\xb1")
    assert any(error.startswith("Chỉ nhận tệp") for error in errors), errors
    assert ".doc," not in errors[0] and "docx" in errors[0]
    assert not Evidence.objects.exists() and _media_files() == []


def test_a_long_content_type_is_harmless(world, criteria, django_app):
    long_type = "application/pdf; " + "x-padding=" + "a" * 300
    _page, errors = _send(world, django_app, criteria["I.2"], "bao-cao.pdf", PDF, long_type)
    assert errors == []
    evidence = Evidence.objects.get()
    assert evidence.content_type == "application/pdf"
    assert len(_media_files()) == 1


def test_a_download_is_an_attachment_never_sniffed_and_sandboxed(world, criteria, django_app):
    _send(world, django_app, criteria["I.2"], "Báo cáo.pdf", PDF)
    evidence = Evidence.objects.get()
    download = django_app.get(_url(world, "scoring:evidence_download", evidence.pk), user=world.own)
    assert download.headers["Content-Disposition"].startswith("attachment;")
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    assert download.headers["Content-Security-Policy"] == "sandbox"


def test_a_row_stored_before_the_check_is_served_as_bytes(world, criteria, django_app):
    # Evidence uploaded before the content check kept the client's type: served as a download
    # of bytes, whatever it says, and a control character in its name is dropped.
    _send(world, django_app, criteria["I.2"], "bao-cao.pdf", PDF)
    Evidence.objects.update(content_type="text/html", original_name="bao\x0bcao\r\n.pdf")
    evidence = Evidence.objects.get()
    download = django_app.get(_url(world, "scoring:evidence_download", evidence.pk), user=world.own)
    assert download.content_type == "application/octet-stream"
    assert 'filename="baocao .pdf"' in download.headers["Content-Disposition"]


def test_a_failed_insert_removes_the_file_it_wrote(world, criteria, monkeypatch):
    # Anything that fails after the file was written (here the audit event) rolls the row
    # back and removes the file: no file without its row.
    def broken(**kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(services.audit, "record", broken)
    upload = SimpleUploadedFile("bao-cao.pdf", PDF, "application/pdf")
    with pytest.raises(RuntimeError):
        services.evidence_add(
            actor=world.own,
            year=world.year,
            unit=world.nam_dinh,
            criterion=criteria["I.2"],
            upload=upload,
        )
    assert not Evidence.objects.exists() and _media_files() == []


def test_a_refusal_writes_no_file(world, criteria):
    # A criterion that is not scored: refused before any byte is written.
    upload = SimpleUploadedFile("bao-cao.pdf", PDF, "application/pdf")
    with pytest.raises(Refused, match="tiêu chí được chấm điểm"):
        services.evidence_add(
            actor=world.own, year=world.year, unit=world.nam_dinh, criterion=criteria["I"],
            upload=upload,
        )  # fmt: skip
    assert not Evidence.objects.exists() and _media_files() == []
    assert not Score.objects.exists()


def test_the_help_text_names_the_accepted_types(world, criteria, django_app):
    text = django_app.get(_url(world), user=world.own).text
    assert "Không nhận tệp .doc, .xls cũ và tệp có macro" in text
