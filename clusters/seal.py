"""The installation's seal on every filed document (issue 13): a PAdES signature by the one
signing service, and the QR code with the document's code that leads to its verification page.

`clusters.documents.store.freeze` is the one place that uses it: it reserves the document's code,
renders the document while `printing(mark)` tells the template what to print
(templates/documents/_seal.html, through `{% document_seal %}`), seals the rendered PDF, then
stores the sealed bytes, so the stored file, its SHA-256 and every download are the signed bytes.

The rule when no seal is configured (SIGNING_PKCS12_PATH empty or naming no file):
- SIGNING_REQUIRE_SEAL (on by default in production) refuses to freeze: a filed document is
  frozen once and never rendered again, so one stored unsealed would stay unsealed for good; the
  year's closing, the letter's sending or the dossier's build is refused with the reason, and
  goes through once the administrator configures the seal.
- Otherwise (development, the tests) the document is stored unsigned, with a warning in the log,
  and its block says in print that it carries no digital signature.
A seal file that is configured but cannot be used (wrong password, expired certificate) is
always refused: it is a mistake to fix, never a reason to file documents unsealed.
"""

from __future__ import annotations

import contextlib
import contextvars
import io
import logging
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass

import segno
from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from clusters import signing
from clusters.models import StoredDocument

log = logging.getLogger(__name__)

# Sealed when frozen. The compact is not: it carries the members' signatures under the
# secretariat's certification, which allows no new signature field after it.
SEALED_KINDS = frozenset(
    {
        StoredDocument.Kind.REPORT,
        StoredDocument.Kind.MINUTES,
        StoredDocument.Kind.PROPOSAL,
        StoredDocument.Kind.DECISION,
        # Its manifest (every file with its SHA-256) gets a detached signature in the ZIP.
        StoredDocument.Kind.DOSSIER,
    }
)
MANIFEST_SIGNATURE = "manifest.json.p7s"
SEAL_FIELD = "con-dau"
# Invisible: a zero box. What the reader sees is the QR block the document prints.
SEAL_PLACE = signing.FieldPlace(SEAL_FIELD, page=0, box=(0, 0, 0, 0))


@dataclass(frozen=True)
class SealMark:
    """What a frozen document prints in its seal block."""

    code: str  # as displayed: "K7QM4-XPD9R"
    url: str  # the verification page of this code, absolute
    signer: str  # the seal certificate's name; "" when not sealed
    qr_data_uri: str  # the QR code of `url`, as an SVG data: URI (WeasyPrint draws it)
    # A filed kind stored without its seal (no seal configured in development): said in print.
    unsealed: bool = False


_printing: contextvars.ContextVar[SealMark | None] = contextvars.ContextVar(
    "document_seal", default=None
)


def current_mark() -> SealMark | None:
    """The mark of the document being frozen now; None for a draft or a page."""
    return _printing.get()


@contextlib.contextmanager
def printing(mark: SealMark) -> Iterator[None]:
    token = _printing.set(mark)
    try:
        yield
    finally:
        _printing.reset(token)


def verification_url(display_code: str) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("verify_code", args=[display_code])


def qr_data_uri(text: str) -> str:
    # segno: pure Python, no image library, writes SVG; error level M survives a worn print.
    return segno.make(text, error="m").svg_data_uri(border=4, dark="#000")


def mark_for(kind: str, display_code: str, signer: signing.Signer | None) -> SealMark:
    url = verification_url(display_code)
    return SealMark(
        code=display_code,
        url=url,
        signer=signer.subject if signer else "",
        qr_data_uri=qr_data_uri(url),
        unsealed=signer is None and kind in SEALED_KINDS,
    )


def seal_for(kind: str) -> signing.Signer | None:
    """The seal that signs a document of `kind` when it is frozen; None when it is stored
    unsealed (a kind never sealed, or no seal in development). Refused (SigningRefused) when
    the seal is required but missing, or configured but not usable now."""
    if kind not in SEALED_KINDS:
        return None
    if not signing.seal_configured():
        if settings.SIGNING_REQUIRE_SEAL:
            raise signing.SigningRefused(
                _(
                    "Hệ thống chưa được cấu hình con dấu số (SIGNING_PKCS12_PATH) nên chưa lưu "
                    "được văn bản chính thức; hãy báo quản trị viên."
                )
            )
        log.warning(
            "No seal configured (SIGNING_PKCS12_PATH): a %s is stored unsigned. Production "
            "refuses this (SIGNING_REQUIRE_SEAL).",
            kind,
        )
        return None
    # Its dates are checked when it signs (sign_pdf, sign_detached), in the same transaction.
    return signing.installation_signer()


def seal_pdf(data: bytes, *, signer: signing.Signer, body: str) -> bytes:
    """The document with the seal's signature over the whole file (PAdES B-B, B-T when a
    time-stamping authority is configured), as an incremental update."""
    return signing.sign_pdf(
        data,
        signer=signer,
        field_name=SEAL_FIELD,
        # No stamp is drawn (an invisible field): the text only fills pyHanko's parameters.
        stamp=signing.StampText(body=body, name=signer.subject, title=""),
        place=SEAL_PLACE,
    )


def seal_manifest(data: bytes, *, signer: signing.Signer) -> bytes:
    """The dossier manifest's detached seal (CAdES), stored beside it as MANIFEST_SIGNATURE."""
    return signing.sign_detached(data, signer=signer)


def manifest_report(archive: bytes, *, sha256: str) -> signing.Report:
    """A dossier ZIP's seal, checked over its manifest, as a report like a PDF's."""
    try:
        with zipfile.ZipFile(io.BytesIO(archive)) as dossier:
            names = set(dossier.namelist())
            manifest = dossier.read("manifest.json")
            signature = dossier.read(MANIFEST_SIGNATURE) if MANIFEST_SIGNATURE in names else None
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        return signing.Report(readable=False, sha256=sha256)
    if signature is None:
        return signing.Report(readable=True, sha256=sha256)
    found = signing.validate_detached(manifest, signature, name=MANIFEST_SIGNATURE)
    return signing.Report(readable=True, signatures=(found,), sha256=sha256)
