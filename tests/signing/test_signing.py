"""The signing service (clusters/signing.py) with the demo PKI, checked by pyHanko's validator."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from clusters import demo_pki, signing
from clusters.demo import MEMBERS
from clusters.services import Refused
from tests.signing.conftest import (
    PASSWORD,
    SECRETARIAT_PLACE,
    SECRETARIAT_STAMP,
    member_places,
    sealed,
    stamp_for,
    stamp_text,
)

ISO_VN = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00")
EXTERNAL_SIGNER = Path(__file__).with_name("external_signer.py")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def test_a_signed_document_validates_with_the_demo_root_and_shows_its_stamp(document, pki):
    signed = sealed(document, pki)

    assert signed.startswith(document)  # an incremental update: the original bytes are kept
    report = signing.validate_pdf(signed)
    assert report.readable and report.intact and report.all_valid
    (signature,) = report.signatures
    assert signature.status == signing.Status.VALID
    assert signature.signer == "Cụm thi đua Đồng bằng sông Hồng"
    assert signature.issuer == demo_pki.ROOT_NAME
    assert signature.covers_whole_file and not signature.modified_after
    assert signature.certification is None
    assert signature.signed_at.utcoffset() == dt.timedelta(hours=7)

    text = nfc(stamp_text(signed, SECRETARIAT_PLACE.name))
    assert "Ký bởi: Cụm thi đua Đồng bằng sông Hồng" in text
    assert "Người ký: Trần Thị Hằng" in text
    assert "Chức vụ: Thư ký cụm" in text
    (shown,) = ISO_VN.findall(text)
    # The stamp shows the instant the CMS states, in Vietnam's time.
    assert shown == signing.iso_time(signature.signed_at)


def test_without_the_demo_root_the_signature_is_valid_but_untrusted(document, pki, settings):
    signed = sealed(document, pki)
    settings.SIGNING_TRUST_ROOTS = []

    report = signing.validate_pdf(signed)

    assert report.intact and not report.all_valid
    (signature,) = report.signatures
    assert signature.intact and not signature.trusted
    assert signature.status == signing.Status.UNTRUSTED


def test_one_changed_byte_breaks_the_signature(document, pki):
    signed = sealed(document, pki)
    at = signed.index(b"WeasyPrint")  # the /Producer string, inside the signed bytes
    tampered = signed[:at] + b"X" + signed[at + 1 :]

    report = signing.validate_pdf(tampered)

    assert report.readable and not report.intact
    assert [s.status for s in report.signatures] == [signing.Status.BROKEN]


def _certified_with_fields(document: bytes, pki) -> bytes:
    with_fields = signing.add_signature_fields(document, [*member_places(), SECRETARIAT_PLACE])
    return signing.sign_pdf(
        with_fields,
        signer=pki.signer(),
        field_name=SECRETARIAT_PLACE.name,
        stamp=SECRETARIAT_STAMP,
        certify=True,
    )


def test_nine_members_sign_after_the_certification_and_every_signature_stays_valid(document, pki):
    current = _certified_with_fields(document, pki)
    report = signing.validate_pdf(current)
    assert report.certification == signing.Certification.FILL_FORMS

    for count, unit in enumerate(MEMBERS, start=1):
        current = signing.sign_pdf(
            current, signer=pki.signer(unit.slug), field_name=unit.slug, stamp=stamp_for(unit.name)
        )
        report = signing.validate_pdf(current)
        assert len(report.signatures) == count + 1
        assert all(s.status == signing.Status.VALID for s in report.signatures), (
            count,
            [(s.field_name, s.status) for s in report.signatures],
        )
        assert not any(s.modified_after for s in report.signatures)
        assert report.signatures[-1].covers_whole_file

    assert [s.signer for s in report.signatures] == [
        "Cụm thi đua Đồng bằng sông Hồng",
        *(unit.name for unit in MEMBERS),
    ]
    assert report.signatures[0].certification == signing.Certification.FILL_FORMS
    assert signing.signature_fields(current) == dict.fromkeys(
        [*(unit.slug for unit in MEMBERS), SECRETARIAT_PLACE.name], True
    )
    assert "Vĩnh Phúc" in nfc(stamp_text(current, "vinh-phuc"))


def _external_signature(digest_hex: str, p12: Path) -> bytes:
    done = subprocess.run(  # noqa: S603 - our own script, fixed arguments
        [sys.executable, str(EXTERNAL_SIGNER), str(p12), PASSWORD],
        input=digest_hex.encode(),
        capture_output=True,
        check=True,
        timeout=60,
    )
    return done.stdout


def test_an_external_signer_process_signs_the_prepared_digest(document, pki, tmp_path):
    # The signer's key lives only in its own process's file: the app never loads it.
    key = tmp_path / "ninh-binh.p12"
    key.write_bytes(pki.members["ninh-binh"])
    current = _certified_with_fields(document, pki)

    prepared = signing.prepare_external(
        current, field_name="ninh-binh", stamp=stamp_for("Ninh Bình")
    )
    assert prepared.pdf.startswith(current)
    signature = _external_signature(prepared.digest_hex, key)
    signed = signing.finish_external(prepared, signature)

    report = signing.validate_pdf(signed)
    assert [s.status for s in report.signatures] == [signing.Status.VALID] * 2
    assert report.signatures[1].signer == "Ninh Bình"
    assert not report.signatures[0].modified_after
    assert "Ủy ban nhân dân tỉnh Ninh Bình" in nfc(stamp_text(signed, "ninh-binh"))
    # Then a member signs in the app: both earlier signatures still validate.
    after = signing.sign_pdf(
        signed, signer=pki.signer("ha-nam"), field_name="ha-nam", stamp=stamp_for("Hà Nam")
    )
    assert signing.validate_pdf(after).all_valid


# --- bad input: refused with a Vietnamese message, the previous revision as it was ---------


def test_a_pkcs12_with_the_wrong_password_is_refused(pki):
    with pytest.raises(Refused, match="sai mật khẩu"):
        signing.load_pkcs12(pki.members["ha-nam"], "không-phải-mật-khẩu")
    with pytest.raises(Refused, match="sai mật khẩu"):
        signing.load_pkcs12(b"not a pkcs12", PASSWORD)


@pytest.mark.parametrize(
    ("not_before", "not_after", "message"),
    [
        (dt.timedelta(days=-400), dt.timedelta(days=-1), "đã hết hạn"),
        (dt.timedelta(days=2), dt.timedelta(days=400), "chưa có hiệu lực"),
    ],
    ids=["expired", "not-yet-valid"],
)
def test_a_certificate_out_of_force_is_refused(document, pki, not_before, not_after, message):
    now = dt.datetime.now(dt.UTC)
    issued = demo_pki.issue(
        pki.root, "Hải Dương", not_before=now + not_before, not_after=now + not_after
    )
    signer = signing.load_pkcs12(demo_pki.to_pkcs12(issued, pki.root, password=PASSWORD), PASSWORD)
    with_fields = signing.add_signature_fields(document, member_places())

    with pytest.raises(Refused, match=message):
        signing.sign_pdf(
            with_fields, signer=signer, field_name="hai-duong", stamp=stamp_for("Hải Dương")
        )
    assert signing.signature_fields(with_fields)["hai-duong"] is False


def test_a_cms_for_another_digest_is_refused(document, pki, tmp_path):
    key = tmp_path / "nam-dinh.p12"
    key.write_bytes(pki.members["nam-dinh"])
    current = _certified_with_fields(document, pki)
    prepared = signing.prepare_external(current, field_name="nam-dinh", stamp=stamp_for("Nam Định"))
    other = signing.prepare_external(current, field_name="thai-binh", stamp=stamp_for("Thái Bình"))
    signature_for_other = _external_signature(other.digest_hex, key)

    with pytest.raises(Refused, match="mã băm trong chữ ký không khớp") as refused:
        signing.finish_external(prepared, signature_for_other)
    assert refused.value.field == "signature"
    with pytest.raises(Refused, match="không phải chữ ký CMS"):
        signing.finish_external(prepared, b"\x30\x03\x02\x01\x01")
    # The document waiting for the signature is untouched, and still signable.
    good = signing.finish_external(prepared, _external_signature(prepared.digest_hex, key))
    assert signing.validate_pdf(good).all_valid


def test_an_external_certificate_without_a_trusted_root_is_refused(document, pki, tmp_path):
    stranger = demo_pki.make_root(name="CA lạ")
    key = tmp_path / "stranger.p12"
    key.write_bytes(
        demo_pki.to_pkcs12(demo_pki.issue(stranger, "Nam Định"), stranger, password=PASSWORD)
    )
    current = _certified_with_fields(document, pki)
    prepared = signing.prepare_external(current, field_name="nam-dinh", stamp=stamp_for("Nam Định"))

    with pytest.raises(Refused, match="không do tổ chức chứng thực tin cậy cấp"):
        signing.finish_external(prepared, _external_signature(prepared.digest_hex, key))


def test_a_second_signature_in_a_signed_field_is_refused(document, pki):
    current = _certified_with_fields(document, pki)
    signed = signing.sign_pdf(
        current, signer=pki.signer("ha-nam"), field_name="ha-nam", stamp=stamp_for("Hà Nam")
    )
    before = bytes(signed)

    for attempt in (
        lambda: signing.sign_pdf(
            signed, signer=pki.signer("bac-ninh"), field_name="ha-nam", stamp=stamp_for("Bắc Ninh")
        ),
        lambda: signing.prepare_external(signed, field_name="ha-nam", stamp=stamp_for("Hà Nam")),
    ):
        with pytest.raises(Refused, match="đã được ký"):
            attempt()
    assert signed == before
    report = signing.validate_pdf(signed)
    assert [s.signer for s in report.signatures] == ["Cụm thi đua Đồng bằng sông Hồng", "Hà Nam"]
    assert report.all_valid


def test_a_field_that_does_not_exist_and_a_non_pdf_are_refused(document, pki):
    with pytest.raises(Refused, match="không có ô chữ ký"):
        signing.sign_pdf(
            document, signer=pki.signer(), field_name="khong-co", stamp=SECRETARIAT_STAMP
        )
    with pytest.raises(Refused, match="không phải là tài liệu PDF"):
        signing.sign_pdf(b"GIF89a", signer=pki.signer(), field_name="x", stamp=SECRETARIAT_STAMP)
    assert not signing.validate_pdf(b"%PDF-1.7 garbage").readable
    assert not signing.validate_pdf(b"GIF89a").readable


def test_the_installation_seal_comes_from_the_settings(pki, settings, tmp_path, document):
    path = tmp_path / "seal.p12"
    path.write_bytes(pki.seal_p12)
    settings.SIGNING_PKCS12_PATH = str(path)
    settings.SIGNING_PKCS12_PASSWORD = PASSWORD
    assert signing.installation_signer().subject == "Cụm thi đua Đồng bằng sông Hồng"

    settings.SIGNING_PKCS12_PATH = str(tmp_path / "missing.p12")
    with pytest.raises(Refused, match="SIGNING_PKCS12_PATH"):
        signing.installation_signer()


# --- PAdES B-T: a time-stamping authority on the loopback -------------------------------------


@pytest.fixture
def tsa_url(pki):
    """A time-stamping authority (RFC 3161 over HTTP) on 127.0.0.1, its certificate from the
    demo root: SIGNING_TSA_URL pointing at it exercises the app's real HTTP client."""
    import threading
    from http.server import BaseHTTPRequestHandler, HTTPServer

    from asn1crypto import keys, tsp
    from asn1crypto import x509 as asn1_x509
    from cryptography.hazmat.primitives import serialization
    from pyhanko.sign.timestamps import DummyTimeStamper

    issued = demo_pki.issue(pki.root, "Dịch vụ cấp dấu thời gian mẫu", time_stamping=True)
    authority = DummyTimeStamper(
        tsa_cert=asn1_x509.Certificate.load(
            issued.certificate.public_bytes(serialization.Encoding.DER)
        ),
        tsa_key=keys.PrivateKeyInfo.load(
            issued.key.private_bytes(
                serialization.Encoding.DER,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        ),
    )

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 - the http.server API
            body = self.rfile.read(int(self.headers["Content-Length"]))
            answer = authority.request_tsa_response(tsp.TimeStampReq.load(body)).dump()
            self.send_response(200)
            self.send_header("Content-Type", "application/timestamp-reply")
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()
    thread.join(timeout=10)


def test_with_a_tsa_configured_the_signature_is_time_stamped(document, pki, settings, tsa_url):
    settings.SIGNING_TSA_URL = tsa_url

    signed = sealed(document, pki)

    (signature,) = signing.validate_pdf(signed).signatures
    assert signature.status == signing.Status.VALID
    assert signature.timestamped_at is not None
    assert signature.timestamped_at.utcoffset() == dt.timedelta(hours=7)
    assert abs(signature.timestamped_at - signature.signed_at) < dt.timedelta(minutes=1)


def test_an_unreachable_tsa_refuses_the_signature(document, pki, settings):
    settings.SIGNING_TSA_URL = "http://127.0.0.1:9/"  # the discard port: nothing listens

    with pytest.raises(Refused, match="Không lấy được dấu thời gian"):
        sealed(document, pki)


def test_a_certification_after_a_signature_is_refused(document, pki):
    current = _certified_with_fields(document, pki)
    signed = signing.sign_pdf(
        current, signer=pki.signer("ha-nam"), field_name="ha-nam", stamp=stamp_for("Hà Nam")
    )

    with pytest.raises(Refused, match="chữ ký chứng nhận phải là chữ ký đầu tiên"):
        signing.sign_pdf(
            signed,
            signer=pki.signer(),
            field_name="bac-ninh",
            stamp=SECRETARIAT_STAMP,
            certify=True,
        )
