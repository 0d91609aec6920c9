"""Signing and checking PDF documents with PAdES signatures, through pyHanko.

One service for every document kind (the compact, the year's report, minutes, letters,
decisions). PAdES signing and validation are not hand-written: pyHanko builds the CMS
(ETSI.CAdES.detached), the incremental updates, DocMDP and the diff analysis on validation.

- `sign_pdf` signs with a key the app holds (the installation's seal, a unit's PKCS#12): PAdES
  B-B, B-T when SIGNING_TSA_URL names a time-stamping authority. `certify=True` makes it the
  certification signature, which allows later form filling and signing only (the compact's
  secretariat, before the members sign into their pre-created fields).
- `prepare_external` / `finish_external`: interrupted signing for a signer the app does not hold
  (a USB token through the VGCA plugin, a remote signing service). The app writes the document
  with its empty signature and hands out the digest; the signer returns a detached CMS over that
  digest; the app checks it (right digest, a certificate in force, trusted) and embeds it.
- `validate_pdf` lists every signature with its signer, time, trust status, whether the document
  changed after it beyond what its certification allows, and the certification level.

Every function takes and returns bytes: a refusal (`Refused`, Vietnamese message) leaves the
caller's previous revision exactly as it was, so nothing half-signed can be kept.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import enum
import functools
import hashlib
import io
import logging
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar
from zoneinfo import ZoneInfo

from asn1crypto import cms as asn1_cms
from asn1crypto import x509 as asn1_x509
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from fontTools import ttLib
from fontTools.ttLib import scaleUpem
from pyhanko.pdf_utils.font.opentype import GlyphAccumulator, GlyphAccumulatorFactory
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.pdf_utils.text import TextBoxStyle
from pyhanko.sign import fields, signers, timestamps
from pyhanko.sign.fields import MDPPerm, SigSeedSubFilter
from pyhanko.sign.general import SigningError
from pyhanko.sign.signers.pdf_byterange import PreparedByteRangeDigest
from pyhanko.sign.signers.pdf_signer import PdfTBSDocument
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko.stamp import TextStampStyle
from pyhanko_certvalidator import ValidationContext

from clusters.documents.signature_words import STAMP_TEMPLATE
from clusters.services import Refused

log = logging.getLogger(__name__)

TINOS = Path(settings.BASE_DIR) / "static" / "fonts" / "tinos" / "Tinos-Regular.ttf"
MD_ALGORITHM = "sha256"
# Room for the CMS in the file, as hex: 16 KB of DER holds a chain of three RSA certificates and
# a time-stamp token with its own chain.
EXTERNAL_BYTES_RESERVED = 32 * 1024
# The stamp's box when a field is created at signing (points, from the page's bottom left).
DEFAULT_BOX = (320, 40, 560, 130)
STAMP_FONT_SIZE = 9
STAMP_LEADING = 12  # room for the stacked diacritics (ộ, ề) between lines
# pyHanko renders the signing time with this format; the stamp turns it into ISO 8601 +07:00.
_PYHANKO_TS_FORMAT = "%Y-%m-%dT%H:%M:%S%z"


F = TypeVar("F", bound=Callable)


class SigningRefused(Refused):
    pass


def outside_event_loop(function: F) -> F:
    """Run `function` in a thread of its own when this thread already runs an event loop.

    pyHanko's synchronous calls start their own loop (asyncio.run), which cannot nest: a sync
    view under gunicorn has no loop, but an async caller (ASGI, a test driving a browser) has.
    """

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            return function(*args, **kwargs)
        language = translation.get_language()

        def call():
            with translation.override(language):
                return function(*args, **kwargs)

        with ThreadPoolExecutor(max_workers=1) as pool:
            return pool.submit(call).result()

    return wrapper  # type: ignore[return-value]


# --- who signs ----------------------------------------------------------------------------


@dataclass(frozen=True)
class StampText:
    """What the visible stamp shows besides the time: the signing body, the signer, the title."""

    body: str
    name: str
    title: str


@dataclass(frozen=True)
class Signer:
    """A private key with its certificate and chain, ready to sign (pyHanko's SimpleSigner)."""

    inner: signers.SimpleSigner

    @property
    def certificate(self) -> asn1_x509.Certificate:
        return self.inner.signing_cert

    @property
    def subject(self) -> str:
        return _common_name(self.certificate)


def load_pkcs12(data: bytes, password: str) -> Signer:
    """The signer in a PKCS#12 file; a wrong password or a damaged file is refused."""
    try:
        inner = signers.SimpleSigner.load_pkcs12_data(
            data, other_certs=(), passphrase=password.encode() if password else None
        )
    except (ValueError, TypeError) as error:
        log.info("PKCS#12 not opened: %s", error)
        inner = None
    if inner is None or inner.signing_cert is None:
        raise SigningRefused(
            _(
                "Không mở được tệp chứng thư số (PKCS#12): sai mật khẩu hoặc tệp không phải "
                "chứng thư số kèm khóa bí mật."
            ),
            field="password",
        )
    return Signer(inner)


def seal_configured() -> bool:
    """Whether the installation has its seal: a PKCS#12 path set and, outside production, its
    file there (a development default never made means none). In production a path set counts:
    an unreadable file is then refused by installation_signer, never taken as "no seal"."""
    path = settings.SIGNING_PKCS12_PATH
    if not path:
        return False
    return settings.PRODUCTION or Path(path).is_file()


def installation_signer() -> Signer:
    """The installation's seal, from SIGNING_PKCS12_PATH and SIGNING_PKCS12_PASSWORD."""
    path = settings.SIGNING_PKCS12_PATH
    try:
        data = Path(path).read_bytes() if path else None
    except OSError:
        data = None
    if data is None:
        raise SigningRefused(
            _(
                "Hệ thống chưa được cấu hình chứng thư số để ký (SIGNING_PKCS12_PATH); hãy báo "
                "quản trị viên."
            )
        )
    return load_pkcs12(data, settings.SIGNING_PKCS12_PASSWORD)


def trust_roots() -> list[asn1_x509.Certificate]:
    """The configured trust roots (SIGNING_TRUST_ROOTS); a file that cannot be read is skipped."""
    roots: list[asn1_x509.Certificate] = []
    for path in settings.SIGNING_TRUST_ROOTS:
        try:
            roots.extend(signers.load_certs_from_pemder([path]))
        except (OSError, ValueError) as error:
            log.warning("Trust root %s not loaded: %s", path, error)
    return roots


def _timestamper() -> timestamps.TimeStamper | None:
    url = settings.SIGNING_TSA_URL
    return timestamps.HTTPTimeStamper(url, timeout=10) if url else None


def _common_name(certificate: asn1_x509.Certificate) -> str:
    subject = certificate.subject.native
    return str(subject.get("common_name") or certificate.subject.human_friendly)


def _local(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone(ZoneInfo(settings.TIME_ZONE))


def iso_time(moment: dt.datetime) -> str:
    """ISO 8601 in Vietnam's time, e.g. 2019-03-20T09:15:00+07:00."""
    return _local(moment).replace(microsecond=0).isoformat()


def _check_in_force(certificate: asn1_x509.Certificate, now: dt.datetime) -> None:
    validity = certificate["tbs_certificate"]["validity"]
    start = validity["not_before"].native
    end = validity["not_after"].native
    if now < start:
        raise SigningRefused(
            _("Chứng thư số của “%(name)s” chưa có hiệu lực (từ %(date)s).")
            % {"name": _common_name(certificate), "date": iso_time(start)}
        )
    if now > end:
        raise SigningRefused(
            _("Chứng thư số của “%(name)s” đã hết hạn (ngày %(date)s).")
            % {"name": _common_name(certificate), "date": iso_time(end)}
        )


# --- the visible stamp ----------------------------------------------------------------------


class _IsoTextStampStyle(TextStampStyle):
    """pyHanko's text stamp with the time in ISO 8601 and Vietnam's offset (+07:00).

    pyHanko formats the signing time itself with `timestamp_format`; the stamp reads it back and
    writes it in Vietnam's time, so the stamp shows the same instant as the CMS signing time.
    """

    def create_stamp(self, writer, box, text_params):
        params = dict(text_params)
        raw = params.get("ts")
        if raw:
            params["ts"] = iso_time(dt.datetime.strptime(raw, _PYHANKO_TS_FORMAT))
        return super().create_stamp(writer, box, params)


@functools.cache
def _tinos_at_1000_units() -> bytes:
    """Tinos with 1000 font units per em instead of its 2048.

    pyHanko writes a CID font's glyph widths (/W) in the font's own units, which PDF reads as
    thousandths of an em: with Tinos as shipped every letter would advance twice its width.
    """
    font = ttLib.TTFont(str(TINOS))
    scaleUpem.scale_upem(font, 1000)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


@dataclass(frozen=True)
class _TinosFactory(GlyphAccumulatorFactory):
    def create_font_engine(self, writer, obj_stream=None) -> GlyphAccumulator:
        if obj_stream is None and writer.stream_xrefs and self.create_objstream_if_needed:
            obj_stream = writer.prepare_object_stream()
        return GlyphAccumulator(
            writer=writer,
            font_handle=io.BytesIO(_tinos_at_1000_units()),
            font_size=self.font_size,
            obj_stream=obj_stream,
        )


def _stamp_style() -> TextStampStyle:
    # Tinos (the documents' font) draws Vietnamese; pyHanko's default Courier cannot.
    font = _TinosFactory(str(TINOS), font_size=STAMP_FONT_SIZE)
    return _IsoTextStampStyle(
        stamp_text=STAMP_TEMPLATE,
        timestamp_format=_PYHANKO_TS_FORMAT,
        text_box_style=TextBoxStyle(font=font, font_size=STAMP_FONT_SIZE, leading=STAMP_LEADING),
        border_width=1,
        background=None,
    )


def _stamp_params(stamp: StampText) -> dict[str, str]:
    return {"body": stamp.body, "name": stamp.name, "title": stamp.title}


# --- fields ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class FieldPlace:
    """Where a new signature field goes: page (0-based, -1 the last) and box in points."""

    name: str
    page: int = -1
    box: tuple[int, int, int, int] = DEFAULT_BOX


def _reader(data: bytes) -> PdfFileReader:
    if not data.startswith(b"%PDF-"):
        raise SigningRefused(_("Tệp không phải là tài liệu PDF."), field="file")
    try:
        return PdfFileReader(io.BytesIO(data), strict=False)
    except Exception as error:  # noqa: BLE001 - any parse failure of a hostile file is a refusal
        log.info("PDF not read: %s", error)
        raise SigningRefused(_("Không đọc được tài liệu PDF."), field="file") from error


def _writer(data: bytes) -> IncrementalPdfFileWriter:
    try:
        return IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
    except Exception as error:  # noqa: BLE001 - as in _reader
        log.info("PDF not opened for writing: %s", error)
        raise SigningRefused(_("Không đọc được tài liệu PDF."), field="file") from error


def _field_spec(writer: IncrementalPdfFileWriter, place: FieldPlace) -> fields.SigFieldSpec:
    pages = int(writer.root["/Pages"]["/Count"])
    page = place.page if place.page >= 0 else pages + place.page
    return fields.SigFieldSpec(sig_field_name=place.name, on_page=page, box=place.box)


def add_signature_fields(data: bytes, places: Sequence[FieldPlace]) -> bytes:
    """The document with empty signature fields added in one revision.

    Every field of a multi-party document must exist before its first signature: a field added
    later changes the form under the earlier signatures.
    """
    writer = _writer(data)
    existing = {name for name, _value, _ref in fields.enumerate_sig_fields(writer)}
    for place in places:
        if place.name in existing:
            raise SigningRefused(_("Tài liệu đã có ô chữ ký “%(field)s”.") % {"field": place.name})
        fields.append_signature_field(writer, _field_spec(writer, place))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def signature_fields(data: bytes) -> dict[str, bool]:
    """Each signature field's name and whether it is signed."""
    reader = _reader(data)
    return {name: value is not None for name, value, _ref in fields.enumerate_sig_fields(reader)}


def _check_field(
    data: bytes, field_name: str, place: FieldPlace | None, *, certify: bool = False
) -> None:
    existing = signature_fields(data)
    if certify and any(existing.values()):
        raise SigningRefused(
            _(
                "Tài liệu đã có chữ ký: chữ ký chứng nhận phải là chữ ký đầu tiên, trước khi "
                "các bên ký."
            )
        )
    if existing.get(field_name):
        raise SigningRefused(
            _("Ô chữ ký “%(field)s” đã được ký; không ký chồng lên chữ ký đã có.")
            % {"field": field_name}
        )
    if field_name not in existing and place is None:
        raise SigningRefused(_("Tài liệu không có ô chữ ký “%(field)s”.") % {"field": field_name})


def _metadata(field_name: str, *, certify: bool, name: str) -> signers.PdfSignatureMetadata:
    return signers.PdfSignatureMetadata(
        field_name=field_name,
        md_algorithm=MD_ALGORITHM,
        subfilter=SigSeedSubFilter.PADES,
        certify=certify,
        # The compact: members may still sign their fields, nothing else may change.
        docmdp_permissions=MDPPerm.FILL_FORMS,
        name=name or None,
    )


def _pyhanko_refusal(error: Exception) -> SigningRefused:
    log.info("pyHanko refused to sign: %s", error)
    return SigningRefused(_("Không ký được tài liệu: %(reason)s") % {"reason": str(error)[:300]})


# --- signing with a key the app holds --------------------------------------------------------


@outside_event_loop
def sign_pdf(
    data: bytes,
    *,
    signer: Signer,
    field_name: str,
    stamp: StampText,
    certify: bool = False,
    place: FieldPlace | None = None,
) -> bytes:
    """The document with one more PAdES signature in `field_name`, as an incremental update.

    The field must exist and be empty, unless `place` says where to create it.
    """
    now = dt.datetime.now(dt.UTC)
    _check_in_force(signer.certificate, now)
    _check_field(data, field_name, place, certify=certify)
    writer = _writer(data)
    pdf_signer = signers.PdfSigner(
        _metadata(field_name, certify=certify, name=stamp.name),
        signer=signer.inner,
        timestamper=_timestamper(),
        stamp_style=_stamp_style(),
        new_field_spec=_field_spec(writer, place) if place else None,
    )
    out = io.BytesIO()
    try:
        pdf_signer.sign_pdf(
            writer,
            existing_fields_only=place is None,
            appearance_text_params=_stamp_params(stamp),
            output=out,
        )
    except timestamps.TimestampRequestError as error:
        log.warning("Time-stamping authority %s failed: %s", settings.SIGNING_TSA_URL, error)
        raise SigningRefused(
            _(
                "Không lấy được dấu thời gian từ dịch vụ cấp dấu thời gian; tài liệu chưa được "
                "ký. Hãy thử lại sau hoặc báo quản trị viên."
            )
        ) from error
    except (SigningError, ValueError) as error:
        raise _pyhanko_refusal(error) from error
    return out.getvalue()


# --- interrupted signing for an external signer ------------------------------------------------


@dataclass(frozen=True)
class PreparedExternal:
    """A document waiting for an external signature: keep it until the signer answers.

    `digest` (SHA-256 of the signed byte ranges) is what the external signer signs: its CMS
    must carry it as the messageDigest signed attribute (a detached CAdES signature).
    """

    pdf: bytes
    field_name: str
    digest: bytes
    reserved_start: int
    reserved_end: int
    md_algorithm: str = MD_ALGORITHM

    @property
    def digest_hex(self) -> str:
        return self.digest.hex()


@outside_event_loop
def prepare_external(
    data: bytes,
    *,
    field_name: str,
    stamp: StampText,
    certify: bool = False,
    place: FieldPlace | None = None,
) -> PreparedExternal:
    """Write the signature's place into the document and compute the digest to be signed."""
    _check_field(data, field_name, place, certify=certify)
    writer = _writer(data)
    # The signer's certificate is not needed yet: the stamp's name comes from `stamp`, and the
    # room for the CMS is fixed instead of estimated from a dummy signature.
    external = signers.ExternalSigner(
        signing_cert=None, cert_registry=None, signature_value=bytes(256)
    )
    pdf_signer = signers.PdfSigner(
        _metadata(field_name, certify=certify, name=stamp.name),
        signer=external,
        stamp_style=_stamp_style(),
        new_field_spec=_field_spec(writer, place) if place else None,
    )
    out = io.BytesIO()
    try:
        prepared, _tbs, output = _run(
            pdf_signer.async_digest_doc_for_signing(
                writer,
                existing_fields_only=place is None,
                bytes_reserved=EXTERNAL_BYTES_RESERVED,
                appearance_text_params=_stamp_params(stamp),
                output=out,
            )
        )
    except (SigningError, ValueError) as error:
        raise _pyhanko_refusal(error) from error
    return PreparedExternal(
        pdf=output.getvalue(),
        field_name=field_name,
        digest=prepared.document_digest,
        reserved_start=prepared.reserved_region_start,
        reserved_end=prepared.reserved_region_end,
    )


def _run(coroutine):
    return asyncio.run(coroutine)


def _signed_data(signature: bytes) -> asn1_cms.SignedData:
    try:
        content = asn1_cms.ContentInfo.load(signature)
        if content["content_type"].native != "signed_data":
            raise ValueError("not SignedData")
        signed = content["content"]
        signed.native  # noqa: B018 - parse it all now: asn1crypto is lazy
    except (ValueError, TypeError, KeyError) as error:
        raise SigningRefused(
            _("Chữ ký trả về không đọc được: không phải chữ ký CMS (PKCS#7)."), field="signature"
        ) from error
    return signed


def _message_digest(signed: asn1_cms.SignedData) -> tuple[bytes | None, asn1_x509.Certificate]:
    infos = signed["signer_infos"]
    if len(infos) != 1:
        raise SigningRefused(_("Chữ ký trả về phải có đúng một người ký."), field="signature")
    info = infos[0]
    digest = None
    for attribute in info["signed_attrs"]:
        if attribute["type"].native == "message_digest":
            digest = attribute["values"][0].native
    sid = info["sid"]
    certificate = None
    for choice in signed["certificates"]:
        candidate = choice.chosen
        if not isinstance(candidate, asn1_x509.Certificate):
            continue
        if sid.name == "issuer_and_serial_number":
            if (
                candidate.issuer == sid.chosen["issuer"]
                and candidate.serial_number == sid.chosen["serial_number"].native
            ):
                certificate = candidate
        elif candidate.key_identifier == sid.chosen.native:
            certificate = candidate
    if certificate is None:
        raise SigningRefused(
            _("Chữ ký trả về không kèm chứng thư số của người ký."), field="signature"
        )
    return digest, certificate


@outside_event_loop
def finish_external(
    prepared: PreparedExternal, signature: bytes, *, require_trust: bool = True
) -> bytes:
    """The document with the external signer's CMS embedded, once it is checked.

    Refused: not a CMS; a CMS over another digest; a certificate not in force; a signature that
    does not verify once embedded; with `require_trust`, a certificate not from a trust root.
    """
    signed = _signed_data(signature)
    digest, certificate = _message_digest(signed)
    if digest != prepared.digest:
        raise SigningRefused(
            _(
                "Chữ ký trả về là chữ ký cho một nội dung khác: mã băm trong chữ ký không khớp "
                "với tài liệu đã chuẩn bị để ký."
            ),
            field="signature",
        )
    _check_in_force(certificate, dt.datetime.now(dt.UTC))
    if len(signature) * 2 > prepared.reserved_end - prepared.reserved_start - 2:
        raise SigningRefused(
            _("Chữ ký trả về quá lớn so với chỗ dành cho chữ ký trong tài liệu."),
            field="signature",
        )
    output = io.BytesIO(prepared.pdf)
    PdfTBSDocument.finish_signing(
        output,
        PreparedByteRangeDigest(
            document_digest=prepared.digest,
            reserved_region_start=prepared.reserved_start,
            reserved_region_end=prepared.reserved_end,
        ),
        signature,
    )
    result = output.getvalue()
    # Only the signature just embedded is checked (the verdict is about it alone): checking a
    # signature analyses every revision after it, so validating all of a compact's ten is waste.
    embedded = next(
        (s for s in _reader(result).embedded_signatures if s.field_name == prepared.field_name),
        None,
    )
    mine = _check(embedded, trust_roots()) if embedded is not None else None
    if mine is None or mine.status == Status.BROKEN:
        raise SigningRefused(_("Chữ ký trả về không hợp lệ với tài liệu."), field="signature")
    if require_trust and mine.status != Status.VALID:
        raise SigningRefused(
            _(
                "Chứng thư số của “%(name)s” không do tổ chức chứng thực tin cậy cấp (không "
                "thuộc các chứng thư gốc đã cấu hình)."
            )
            % {"name": mine.signer},
            field="signature",
        )
    return result


# --- validation ------------------------------------------------------------------------------


class Status(enum.StrEnum):
    VALID = "valid"  # intact, cryptographically valid, chains to a configured trust root
    UNTRUSTED = "untrusted"  # intact and valid, but not from a configured trust root
    BROKEN = "broken"  # the file changed under it, or the signature does not verify


class Certification(enum.StrEnum):
    NO_CHANGES = "no_changes"
    FILL_FORMS = "fill_forms"
    ANNOTATE = "annotate"


_CERTIFICATION = {
    MDPPerm.NO_CHANGES: Certification.NO_CHANGES,
    MDPPerm.FILL_FORMS: Certification.FILL_FORMS,
    MDPPerm.ANNOTATE: Certification.ANNOTATE,
}


@dataclass(frozen=True)
class SignatureReport:
    field_name: str
    signer: str  # the certificate's common name
    organisation: str
    issuer: str
    signed_at: dt.datetime | None  # as the signer states it (the CMS signing time)
    timestamped_at: dt.datetime | None  # from a time-stamping authority (B-T)
    status: Status
    intact: bool  # the signed bytes are unchanged
    trusted: bool
    covers_whole_file: bool
    # Changed after this signature beyond what is allowed (later signatures into empty fields
    # of a certified document are allowed; anything else is a modification).
    modified_after: bool
    certification: Certification | None  # set on a certification signature


@dataclass(frozen=True)
class Report:
    readable: bool
    signatures: tuple[SignatureReport, ...] = ()
    sha256: str = ""

    @property
    def certification(self) -> Certification | None:
        return next((s.certification for s in self.signatures if s.certification), None)

    @property
    def intact(self) -> bool:
        """Readable, signed, and no signature broken."""
        return (
            self.readable
            and bool(self.signatures)
            and all(s.status != Status.BROKEN for s in self.signatures)
        )

    @property
    def all_valid(self) -> bool:
        return self.intact and all(s.status == Status.VALID for s in self.signatures)


@outside_event_loop
def validate_pdf(data: bytes, *, roots: Sequence[asn1_x509.Certificate] | None = None) -> Report:
    """Every signature of the document checked against the trust roots (configured by default).

    Never raises on a hostile file: what cannot be read is a report with `readable=False`.
    """
    sha256 = hashlib.sha256(data).hexdigest()
    roots = list(trust_roots() if roots is None else roots)
    try:
        reader = _reader(data)
        embedded = list(reader.embedded_signatures)
    except SigningRefused:
        return Report(readable=False, sha256=sha256)
    except Exception as error:  # noqa: BLE001 - a hostile file is reported, never a 500
        log.info("PDF signatures not listed: %s", error)
        return Report(readable=False, sha256=sha256)
    return Report(
        readable=True,
        signatures=tuple(_check(signature, roots) for signature in embedded),
        sha256=sha256,
    )


def _check(signature, roots: list[asn1_x509.Certificate]) -> SignatureReport:
    field_name = str(signature.field_name)
    try:
        # A fresh context per signature: it caches paths and revocation data. No fetching: the
        # page must not call out to CRL/OCSP addresses a hostile file names.
        context = ValidationContext(trust_roots=roots, allow_fetching=False)
        status = validate_pdf_signature(signature, signer_validation_context=context)
    except Exception as error:  # noqa: BLE001 - a damaged signature is broken, not a 500
        log.info("Signature %s not validated: %s", field_name, error)
        return _broken(signature, field_name)
    coverage = status.coverage
    intact = bool(status.intact and status.valid)
    covered = coverage is not None and coverage >= SignatureCoverageLevel.ENTIRE_REVISION
    modified_after = status.docmdp_ok is False or (
        coverage != SignatureCoverageLevel.ENTIRE_FILE and status.docmdp_ok is None
    )
    return _report_of(
        status,
        field_name,
        broken=not intact or not covered or status.docmdp_ok is False,
        covers_whole_file=coverage == SignatureCoverageLevel.ENTIRE_FILE,
        modified_after=modified_after,
        certification=_CERTIFICATION.get(signature.docmdp_level),
    )


def _report_of(
    status,
    field_name: str,
    *,
    broken: bool,
    covers_whole_file: bool,
    modified_after: bool,
    certification: Certification | None,
) -> SignatureReport:
    """A validated signature's report: who signed, when, and the verdict the caller's checks
    gave (an embedded PDF signature and a detached one judge coverage differently)."""
    certificate = status.signing_cert
    subject = certificate.subject.native
    if broken:
        verdict = Status.BROKEN
    elif status.trusted:
        verdict = Status.VALID
    else:
        verdict = Status.UNTRUSTED
    timestamp = status.timestamp_validity
    return SignatureReport(
        field_name=field_name,
        signer=_common_name(certificate),
        organisation=str(subject.get("organization_name") or ""),
        issuer=str(certificate.issuer.native.get("common_name") or ""),
        signed_at=_local(status.signer_reported_dt) if status.signer_reported_dt else None,
        timestamped_at=_local(timestamp.timestamp) if timestamp else None,
        status=verdict,
        intact=bool(status.intact and status.valid),
        trusted=bool(status.trusted),
        covers_whole_file=covers_whole_file,
        modified_after=modified_after,
        certification=certification,
    )


def _broken(signature, field_name: str) -> SignatureReport:
    try:
        certificate = signature.signer_cert
        name = _common_name(certificate)
    except Exception:  # noqa: BLE001
        name = ""
    return SignatureReport(
        field_name=field_name,
        signer=name,
        organisation="",
        issuer="",
        signed_at=None,
        timestamped_at=None,
        status=Status.BROKEN,
        intact=False,
        trusted=False,
        covers_whole_file=False,
        modified_after=True,
        certification=None,
    )


# --- what a caller checks before signing (the compact's members) ------------------------------


@dataclass(frozen=True)
class CertificateNames:
    """The names a certificate states, to tell whose it is."""

    common_name: str
    organisation: str
    issuer: str
    serial: str
    not_before: dt.datetime
    not_after: dt.datetime


def certificate_names(certificate: asn1_x509.Certificate) -> CertificateNames:
    subject = certificate.subject.native
    validity = certificate["tbs_certificate"]["validity"]
    return CertificateNames(
        common_name=_common_name(certificate),
        organisation=str(subject.get("organization_name") or ""),
        issuer=str(certificate.issuer.native.get("common_name") or ""),
        serial=format(certificate.serial_number, "x"),
        not_before=validity["not_before"].native,
        not_after=validity["not_after"].native,
    )


def check_in_force(certificate: asn1_x509.Certificate, field: str | None = None) -> None:
    """Refuse a certificate that is expired or not yet valid now (message on `field`)."""
    try:
        _check_in_force(certificate, dt.datetime.now(dt.UTC))
    except SigningRefused as error:
        raise SigningRefused(error.message, field=field) from error


def cms_certificate(signature: bytes) -> asn1_x509.Certificate:
    """The signer's certificate in a detached CMS returned by an external signer."""
    return _message_digest(_signed_data(signature))[1]


# --- a detached CAdES signature over a file that is not a PDF (the dossier's manifest) ------


@outside_event_loop
def sign_detached(data: bytes, *, signer: Signer) -> bytes:
    """A detached CMS (CAdES-BES; with SIGNING_TSA_URL, a signature time stamp too) over
    `data`, as DER: what a .p7s next to the file holds."""
    _check_in_force(signer.certificate, dt.datetime.now(dt.UTC))
    try:
        content = _run(
            signer.inner.async_sign_general_data(
                data, MD_ALGORITHM, detached=True, use_cades=True, timestamper=_timestamper()
            )
        )
    except timestamps.TimestampRequestError as error:
        log.warning("Time-stamping authority %s failed: %s", settings.SIGNING_TSA_URL, error)
        raise SigningRefused(
            _("Không lấy được dấu thời gian từ dịch vụ cấp dấu thời gian; hãy thử lại sau.")
        ) from error
    except (SigningError, ValueError) as error:
        raise _pyhanko_refusal(error) from error
    return content.dump()


@outside_event_loop
def validate_detached(
    data: bytes,
    signature: bytes,
    *,
    name: str,
    roots: Sequence[asn1_x509.Certificate] | None = None,
) -> SignatureReport:
    """The detached CMS `signature` checked over `data`, as one signature of a report (`name`
    says which file it signs). Never raises: what cannot be read or does not verify is broken."""
    from pyhanko.sign import validation

    roots = list(trust_roots() if roots is None else roots)
    broken = SignatureReport(
        field_name=name,
        signer="",
        organisation="",
        issuer="",
        signed_at=None,
        timestamped_at=None,
        status=Status.BROKEN,
        intact=False,
        trusted=False,
        covers_whole_file=False,
        modified_after=True,
        certification=None,
    )
    try:
        signed = _signed_data(signature)
        context = ValidationContext(trust_roots=roots, allow_fetching=False)
        status = _run(
            validation.async_validate_detached_cms(data, signed, signer_validation_context=context)
        )
    except Exception as error:  # noqa: BLE001 - a damaged signature is broken, not a 500
        log.info("Detached signature %s not validated: %s", name, error)
        return broken
    intact = bool(status.intact and status.valid)
    return _report_of(
        status,
        name,
        broken=not intact,
        covers_whole_file=intact,
        modified_after=not intact,
        certification=None,
    )
