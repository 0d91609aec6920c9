"""Sealing when a document is frozen (clusters/seal.py through clusters.documents.store.freeze):
the stored bytes are the sealed bytes, the document prints its code and a QR code that leads to
its verification page, and the rule when no seal is configured."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import logging

import pdfplumber
import pytest

from clusters import seal, signing
from clusters.documents import DocumentHeader, render_pdf, store
from clusters.models import StoredDocument
from tests.signing.seal_helpers import configure_seal, qr_codes

pytestmark = pytest.mark.django_db

REPORT = StoredDocument.Kind.REPORT


def _render() -> bytes:
    # The documents' own base template, with its one include of the seal block.
    header = DocumentHeader(
        issuer="ỦY BAN NHÂN DÂN TỈNH HÀ NAM", place="Hà Nam", date=dt.date(2019, 3, 20)
    )
    return render_pdf("documents/base.html", {"header": header})


def _freeze(world, kind=REPORT, render=_render) -> StoredDocument:
    return store.freeze(
        kind=kind, source=world.year, render=render, filename="van-ban.pdf", year=world.year
    )


def _stored_bytes(document: StoredDocument) -> bytes:
    with document.file.open("rb") as handle:
        return handle.read()


def _text(pdf: bytes) -> str:
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return "\n".join(page.extract_text() or "" for page in document.pages)


def test_a_frozen_report_is_stored_sealed_with_its_code_and_qr_code(world, settings, tmp_path):
    configure_seal(settings, tmp_path)

    document = _freeze(world)

    data = _stored_bytes(document)
    assert hashlib.sha256(data).hexdigest() == document.sha256
    report = signing.validate_pdf(data)
    (signature,) = report.signatures
    assert signature.field_name == seal.SEAL_FIELD
    assert signature.status == signing.Status.VALID
    assert signature.signer == "Cụm thi đua — con dấu mẫu, không dùng thật"
    assert signature.covers_whole_file
    text = _text(data)
    assert f"Mã văn bản: {document.display_code}" in text
    assert "con dấu số của Cụm thi đua — con dấu mẫu" in text
    url = f"{settings.SITE_URL}/kiem-tra/{document.display_code}/"
    assert qr_codes(data, page=-1) == [url]


def test_without_a_seal_in_development_it_is_stored_unsigned_and_says_so(world, settings, caplog):
    settings.SIGNING_PKCS12_PATH = ""
    settings.SIGNING_REQUIRE_SEAL = False

    with caplog.at_level(logging.WARNING, logger="clusters.seal"):
        document = _freeze(world)

    data = _stored_bytes(document)
    assert signing.validate_pdf(data).signatures == ()
    assert "không có chữ ký số" in _text(data)
    assert document.display_code in _text(data)
    assert "stored unsigned" in caplog.text


def test_when_the_seal_is_required_and_missing_nothing_is_frozen(world, settings):
    settings.SIGNING_PKCS12_PATH = ""
    settings.SIGNING_REQUIRE_SEAL = True
    rendered = []

    with pytest.raises(signing.SigningRefused) as refused:
        _freeze(world, render=lambda: rendered.append(1) or _render())

    assert "chưa được cấu hình con dấu số" in refused.value.message
    assert rendered == []  # refused before anything was rendered
    assert not StoredDocument.objects.exists()


def test_a_seal_that_cannot_be_opened_is_refused_even_in_development(world, settings, tmp_path):
    configure_seal(settings, tmp_path)
    settings.SIGNING_PKCS12_PASSWORD = "sai-mật-khẩu"
    settings.SIGNING_REQUIRE_SEAL = False

    with pytest.raises(signing.SigningRefused):
        _freeze(world)

    assert not StoredDocument.objects.exists()


def test_the_compact_prints_its_code_but_gets_no_seal(world, settings, tmp_path):
    configure_seal(settings, tmp_path)

    document = _freeze(world, kind=StoredDocument.Kind.COMPACT)

    data = _stored_bytes(document)
    assert signing.validate_pdf(data).signatures == ()
    text = _text(data)
    assert document.display_code in text
    assert "không có chữ ký số" not in text


def test_a_draft_prints_no_code(world):
    assert "Mã văn bản" not in _text(_render())
