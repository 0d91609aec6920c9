"""The compact signed digitally by every member (issue 13): the file, its fields, the signers.

When the covenant opens, `open_compact` renders the compact once (not as a draft), adds one empty
signature field per member, placed in that member's block of the signature grid, and certifies
it with the installation's seal (DocMDP: later signatures into those fields only). Every member's
signature is then an incremental update of the latest revision, made through one interface,
`CompactSigning`, in two ways: `InAppSigning` (the unit's PKCS#12 held by the app, opened by its
password) and `ExternalSignature` (the CMS an external signer returned for the digest the app
prepared). Both check that the certificate is the unit's and in force; the signing service
(clusters/signing.py) checks the rest. Nothing here writes the database: campaigns/services.py
does, in the signature's transaction.
"""

from __future__ import annotations

import io
import unicodedata
from dataclasses import dataclass
from typing import Protocol

from django.utils import translation
from django.utils.translation import gettext as _

from campaigns.documents import TEMPLATE, compact_context, signature_authority
from campaigns.models import Covenant, ExternalSigning, UnitSigningKey
from clusters import signing, unit_keys
from clusters.documents import render_pdf
from clusters.documents.compact_words import SEAL_TITLE
from clusters.models import Unit
from clusters.queries import role_order

SEAL_FIELD = "chung-nhan"
# The signature field of a block is the `.space` under its title (templates/documents/compact.html
# gives it the id "chu-ky-<row>-<column>", which WeasyPrint writes as a named destination at its
# top left). Its size is the template's: a third of the 165 mm text width less the cell's 2 mm
# padding each side, and the space's 22 mm.
ANCHOR = "chu-ky-{row}-{column}"
MM = 72 / 25.4
FIELD_WIDTH = round((165 / 3 - 4) * MM)
FIELD_HEIGHT = round(22 * MM)
PER_ROW = 3
# The seal's certification is invisible: the members' blocks are the visible signatures.
SEAL_BOX = (0, 0, 0, 0)


def field_name(unit: Unit) -> str:
    return unit.slug


def _norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def subject_matches(names: signing.CertificateNames, unit_name: str) -> bool:
    """Whether a certificate is the unit's: its common name or organisation is the unit's name
    or ends with it ("Ủy ban nhân dân tỉnh Hà Nam", "UBND tỉnh Hà Nam" for Hà Nam)."""
    wanted = _norm(unit_name)
    for stated in (names.common_name, names.organisation):
        have = _norm(stated)
        if have == wanted or have.endswith(" " + wanted):
            return True
    return False


def stamp_body(unit: Unit) -> str:
    """The signing body for the stamp: "ỦY BAN NHÂN DÂN TỈNH HÀ NAM" (the block's authority)."""
    lines = signature_authority(unit.name, unit.kind)
    first = lines[0].removeprefix("TM. ") if lines else unit.name
    return " ".join([first, *lines[1:]])


def stamp_for(unit: Unit, full_name: str, title: str) -> signing.StampText:
    return signing.StampText(body=stamp_body(unit), name=full_name, title=title)


def _refuse_subject(names: signing.CertificateNames, unit: Unit, field: str) -> None:
    if not subject_matches(names, unit.name):
        raise signing.SigningRefused(
            _(
                "Chứng thư số cấp cho “%(subject)s”, không phải của %(unit)s: hãy dùng chứng thư "
                "số của đơn vị."
            )
            % {"subject": names.common_name, "unit": unit.name},
            field=field,
        )


# --- the compact as opened -------------------------------------------------------------------


def member_units(covenant: Covenant) -> list[Unit]:
    """The members in the grid's order (signature_blocks' order for an unsigned covenant)."""
    memberships = sorted(covenant.year.memberships.select_related("unit"), key=role_order)
    return [m.unit for m in memberships]


def _field_places(pdf: bytes, units: list[Unit]) -> list[signing.FieldPlace]:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    destinations = reader.named_destinations
    places = []
    for index, unit in enumerate(units):
        anchor = ANCHOR.format(row=index // PER_ROW + 1, column=index % PER_ROW + 1)
        destination = destinations[anchor]
        left, top = float(destination.left), float(destination.top)
        box = (round(left), round(top) - FIELD_HEIGHT, round(left) + FIELD_WIDTH, round(top))
        page = reader.get_destination_page_number(destination)
        places.append(signing.FieldPlace(field_name(unit), page=page, box=box))
    return places


def render_for_signing(covenant: Covenant) -> bytes:
    """The compact as it is to be signed: the final text, no draft watermark."""
    with translation.override("vi"):
        return render_pdf(TEMPLATE, compact_context(covenant) | {"draft": False})


def open_compact(covenant: Covenant) -> bytes:
    """The compact with an empty field per member, certified by the installation's seal."""
    seal = signing.installation_signer()
    signing.check_in_force(seal.certificate)
    pdf = render_for_signing(covenant)
    with_fields = signing.add_signature_fields(pdf, _field_places(pdf, member_units(covenant)))
    cluster = covenant.year.cluster
    return signing.sign_pdf(
        with_fields,
        signer=seal,
        field_name=SEAL_FIELD,
        stamp=signing.StampText(body=cluster.name, name=seal.subject, title=SEAL_TITLE),
        certify=True,
        place=signing.FieldPlace(SEAL_FIELD, page=0, box=SEAL_BOX),
    )


# --- one interface, two ways to sign ---------------------------------------------------------


@dataclass(frozen=True)
class Signed:
    pdf: bytes
    certificate_subject: str


class CompactSigning(Protocol):
    method: str

    def sign(self, pdf: bytes, *, unit: Unit, stamp: signing.StampText, latest: int) -> Signed:
        """The compact with the unit's signature in its field; refuses with SigningRefused."""
        ...


def key_signer(key: UnitSigningKey, password: str) -> signing.Signer:
    try:
        data = unit_keys.unseal(key.sealed, key.salt, password)
    except unit_keys.WrongPassword as error:
        raise signing.SigningRefused(
            _("Sai mật khẩu của chứng thư số (PKCS#12)."), field="password"
        ) from error
    return signing.load_pkcs12(data, password)


@dataclass(frozen=True)
class InAppSigning:
    """The unit's certificate held by the app, unlocked by its password now."""

    password: str
    method: str = "app"

    def sign(self, pdf: bytes, *, unit: Unit, stamp: signing.StampText, latest: int) -> Signed:
        key = UnitSigningKey.objects.filter(unit=unit).first()
        if key is None:
            raise signing.SigningRefused(
                _("Đơn vị chưa tải lên chứng thư số để ký trong hệ thống."), field="password"
            )
        signer = key_signer(key, self.password)
        names = signing.certificate_names(signer.certificate)
        _refuse_subject(names, unit, "password")
        signing.check_in_force(signer.certificate, field="password")
        signed = signing.sign_pdf(pdf, signer=signer, field_name=field_name(unit), stamp=stamp)
        return Signed(signed, names.common_name)


@dataclass(frozen=True)
class ExternalSignature:
    """The CMS an external signer returned for a prepared compact."""

    prepared: ExternalSigning
    cms: bytes
    method: str = "external"

    def sign(self, pdf: bytes, *, unit: Unit, stamp: signing.StampText, latest: int) -> Signed:
        if self.prepared.unit_id != unit.pk:
            raise signing.SigningRefused(_("Yêu cầu ký này không phải của đơn vị."))
        if self.prepared.base_revision != latest:
            raise signing.SigningRefused(
                _(
                    "Đã có đơn vị khác ký sau khi tài liệu được chuẩn bị: hãy chuẩn bị lại và ký "
                    "trên bản mới nhất."
                ),
                field="signature",
            )
        certificate = signing.cms_certificate(self.cms)
        names = signing.certificate_names(certificate)
        _refuse_subject(names, unit, "signature")
        prepared = signing.PreparedExternal(
            pdf=bytes(self.prepared.pdf),
            field_name=self.prepared.field_name,
            digest=bytes.fromhex(self.prepared.digest),
            reserved_start=self.prepared.reserved_start,
            reserved_end=self.prepared.reserved_end,
        )
        return Signed(signing.finish_external(prepared, self.cms), names.common_name)


def read_key(data: bytes, password: str, unit: Unit) -> signing.CertificateNames:
    """The names of an uploaded PKCS#12 once it opens, is the unit's and is in force."""
    signer = signing.load_pkcs12(data, password)
    names = signing.certificate_names(signer.certificate)
    _refuse_subject(names, unit, "file")
    signing.check_in_force(signer.certificate, field="file")
    return names
