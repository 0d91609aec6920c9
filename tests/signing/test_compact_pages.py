"""The compact signed digitally through its pages (django-webtest): the unit's certificate
uploaded, signing in the app, external signing by a signer process of its own, the refusals."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest
from webtest import Upload

from campaigns import services
from campaigns.models import CompactRevision, Covenant, CovenantSignature, UnitSigningKey
from clusters import demo_pki, signing
from clusters.models import AuditEvent
from tests.campaigns import helpers
from tests.campaigns.pages import field_errors, form_to, form_with, messages_of, year_url
from tests.signing.conftest import PASSWORD

pytestmark = pytest.mark.django_db
EXTERNAL_SIGNER = Path(__file__).with_name("external_signer.py")


def _open_through_the_page(world, django_app) -> Covenant:
    helpers.covenant(world)
    page = django_app.get(year_url(world, "campaigns:covenant_detail"), user=world.secretariat)
    page = form_to(page, year_url(world, "campaigns:covenant_open")).submit().follow()
    assert "Đã mở ký kết giao ước." in messages_of(page)
    return Covenant.objects.get()


def _upload_key(django_app, world, user, unit, data: bytes, password: str = PASSWORD):
    page = django_app.get(year_url(world, "campaigns:covenant_signing_key", unit.slug), user=user)
    form = form_with(page, "password")
    form["file"] = Upload("khoa.p12", data, "application/x-pkcs12")
    form["password"] = password
    return form.submit()


def _sign_in_app(django_app, world, user, unit, password: str = PASSWORD):
    page = django_app.get(year_url(world, "campaigns:covenant_sign", unit.slug), user=user)
    form = form_with(page, "password")
    form["full_name"], form["title"] = f"Người ký {unit.name}", "Phó Chủ tịch UBND tỉnh"
    form["password"] = password
    return form.submit()


def _state():
    return (
        list(CompactRevision.objects.values_list("number", "sha256")),
        list(CovenantSignature.objects.values_list("unit_id", flat=True)),
        AuditEvent.objects.count(),
    )


def test_open_upload_and_sign_in_the_app_adds_a_valid_signature(world, django_app, seal_configured):
    covenant = _open_through_the_page(world, django_app)
    page = _upload_key(
        django_app, world, world.own, world.nam_dinh, seal_configured.members["nam-dinh"]
    )
    page = page.follow()
    assert "Đã lưu chứng thư số của Nam Định (đã mã hóa)." in messages_of(page)
    key = UnitSigningKey.objects.get(unit=world.nam_dinh)
    assert key.subject == "Nam Định" and seal_configured.members["nam-dinh"] not in bytes(
        key.sealed
    )

    page = _sign_in_app(django_app, world, world.own, world.nam_dinh).follow()

    assert "Đã ghi nhận chữ ký của Nam Định." in messages_of(page)
    assert (
        page.html.select_one("[data-testid=digital-signature]")
        .get_text(strip=True)
        .endswith("Nam Định")
    )
    signature = CovenantSignature.objects.get(unit=world.nam_dinh)
    assert (signature.method, signature.certificate_subject) == ("app", "Nam Định")
    pdf = django_app.get(
        year_url(world, "campaigns:covenant_pdf", covenant.version), user=world.viewer
    ).body
    report = signing.validate_pdf(pdf)
    assert report.all_valid and report.certification == signing.Certification.FILL_FORMS
    assert {s.field_name for s in report.signatures} == {"chung-nhan", "nam-dinh"}


def test_a_wrong_password_at_upload_is_shown_next_to_it(world, django_app, seal_configured):
    _open_through_the_page(world, django_app)
    page = _upload_key(
        django_app, world, world.own, world.nam_dinh, seal_configured.members["nam-dinh"], "sai"
    )
    assert page.status_code == 200
    assert "sai mật khẩu" in field_errors(page, "password")
    assert not UnitSigningKey.objects.exists()


def test_another_units_certificate_is_refused_at_upload(world, django_app, seal_configured):
    _open_through_the_page(world, django_app)
    page = _upload_key(
        django_app, world, world.own, world.nam_dinh, seal_configured.members["thai-binh"]
    )
    assert "không phải của Nam Định" in field_errors(page, "file")
    assert not UnitSigningKey.objects.exists()


@pytest.mark.parametrize(
    ("not_before", "not_after", "words"),
    [
        (dt.timedelta(days=-400), dt.timedelta(days=-1), "đã hết hạn"),
        (dt.timedelta(days=2), dt.timedelta(days=400), "chưa có hiệu lực"),
    ],
)
def test_a_certificate_out_of_force_is_refused_at_upload(
    world, django_app, seal_configured, not_before, not_after, words
):
    now = dt.datetime.now(dt.UTC)
    issued = demo_pki.issue(
        seal_configured.root, "Nam Định", not_before=now + not_before, not_after=now + not_after
    )
    data = demo_pki.to_pkcs12(issued, seal_configured.root, password=PASSWORD)
    _open_through_the_page(world, django_app)
    page = _upload_key(django_app, world, world.own, world.nam_dinh, data)
    assert words in field_errors(page, "file")
    assert not UnitSigningKey.objects.exists()


def test_a_wrong_password_at_signing_is_shown_next_to_it_and_nothing_is_signed(
    world, django_app, seal_configured
):
    _open_through_the_page(world, django_app)
    _upload_key(django_app, world, world.own, world.nam_dinh, seal_configured.members["nam-dinh"])
    before = _state()

    page = _sign_in_app(django_app, world, world.own, world.nam_dinh, password="không đúng")

    assert page.status_code == 200
    assert "Sai mật khẩu của chứng thư số" in field_errors(page, "password")
    assert _state() == before


def test_a_key_expired_since_upload_is_refused_at_signing(world, django_app, seal_configured):
    now = dt.datetime.now(dt.UTC)
    _open_through_the_page(world, django_app)
    _upload_key(django_app, world, world.own, world.nam_dinh, seal_configured.members["nam-dinh"])
    # The key on file is replaced, as if the stored one had run out (an upload refuses it).
    issued = demo_pki.issue(
        seal_configured.root,
        "Nam Định",
        not_before=now - dt.timedelta(days=30),
        not_after=now - dt.timedelta(days=1),
    )
    from clusters import unit_keys

    sealed, salt = unit_keys.seal(
        demo_pki.to_pkcs12(issued, seal_configured.root, password=PASSWORD), PASSWORD
    )
    UnitSigningKey.objects.filter(unit=world.nam_dinh).update(sealed=sealed, salt=salt)
    before = _state()

    page = _sign_in_app(django_app, world, world.own, world.nam_dinh)

    assert "đã hết hạn" in field_errors(page, "password")
    assert _state() == before


def _prepare(django_app, world, user, unit):
    page = django_app.get(year_url(world, "campaigns:covenant_sign_external", unit.slug), user=user)
    form = form_with(page, "full_name")
    form["full_name"], form["title"] = f"Người ký {unit.name}", "Phó Chủ tịch UBND tỉnh"
    return form.submit().follow()


def _external_sign(directory: Path, p12: bytes, digest_hex: str) -> bytes:
    """The external signer process, holding its own key file."""
    key = directory / "external-key.p12"
    key.write_bytes(p12)
    done = subprocess.run(
        [sys.executable, str(EXTERNAL_SIGNER), str(key), PASSWORD],
        input=digest_hex.encode(),
        capture_output=True,
        check=True,
        timeout=60,
    )
    return done.stdout


def _return(page, cms: bytes):
    form = form_with(page, "signature_text")
    form["signature"] = Upload("chu-ky.p7s", cms, "application/pkcs7-signature")
    return form.submit()


def test_external_signing_prepares_the_digest_and_embeds_the_returned_cms(
    world, django_app, seal_configured, tmp_path
):
    covenant = _open_through_the_page(world, django_app)
    page = _prepare(django_app, world, world.own, world.nam_dinh)
    digest = page.html.select_one("[data-testid=digest]").get_text(strip=True)
    cms = _external_sign(tmp_path, seal_configured.members["nam-dinh"], digest)

    page = _return(page, cms).follow()

    assert "Đã ghi nhận chữ ký của Nam Định." in messages_of(page)
    signature = CovenantSignature.objects.get(unit=world.nam_dinh)
    assert signature.method == "external"
    latest = services.latest_revision(covenant)
    report = signing.validate_pdf(bytes(latest.pdf))
    assert report.all_valid and len(report.signatures) == 2


def test_a_cms_for_another_digest_is_refused_next_to_the_signature(
    world, django_app, seal_configured, tmp_path
):
    _open_through_the_page(world, django_app)
    page = _prepare(django_app, world, world.own, world.nam_dinh)
    cms = _external_sign(tmp_path, seal_configured.members["nam-dinh"], "00" * 32)
    before = _state()

    page = _return(page, cms)

    assert "mã băm trong chữ ký không khớp" in field_errors(page, "signature")
    assert _state() == before


def test_a_cms_of_another_units_certificate_is_refused(
    world, django_app, seal_configured, tmp_path
):
    _open_through_the_page(world, django_app)
    page = _prepare(django_app, world, world.own, world.nam_dinh)
    digest = page.html.select_one("[data-testid=digest]").get_text(strip=True)
    cms = _external_sign(tmp_path, seal_configured.members["thai-binh"], digest)
    before = _state()

    page = _return(page, cms)

    assert "không phải của Nam Định" in field_errors(page, "signature")
    assert _state() == before


def test_a_second_signature_in_a_signed_field_is_refused(
    world, django_app, seal_configured, tmp_path
):
    _open_through_the_page(world, django_app)
    prepared = _prepare(django_app, world, world.own, world.nam_dinh)
    digest = prepared.html.select_one("[data-testid=digest]").get_text(strip=True)
    cms = _external_sign(tmp_path, seal_configured.members["nam-dinh"], digest)
    _return(prepared, cms).follow()
    before = _state()

    page = _return(prepared, cms)  # the same page sent again

    assert "đã ký giao ước này rồi" in field_errors(page, "signature")
    assert _state() == before


def test_a_preparation_made_stale_by_another_signature_is_refused(
    world, django_app, seal_configured, tmp_path
):
    _open_through_the_page(world, django_app)
    prepared = _prepare(django_app, world, world.own, world.nam_dinh)
    digest = prepared.html.select_one("[data-testid=digest]").get_text(strip=True)
    _upload_key(
        django_app, world, world.other, world.thai_binh, seal_configured.members["thai-binh"]
    )
    _sign_in_app(django_app, world, world.other, world.thai_binh).follow()
    cms = _external_sign(tmp_path, seal_configured.members["nam-dinh"], digest)
    # Nam Định's officer comes back to the page the preparation led to, with the CMS.
    again = django_app.get(prepared.request.path, user=world.own)
    before = _state()

    page = _return(again, cms)

    assert "hãy chuẩn bị lại" in field_errors(page, "signature")
    assert _state() == before


def test_signing_again_in_the_app_is_refused_on_the_form(world, django_app, seal_configured):
    _open_through_the_page(world, django_app)
    _upload_key(django_app, world, world.own, world.nam_dinh, seal_configured.members["nam-dinh"])
    url = year_url(world, "campaigns:covenant_sign", world.nam_dinh.slug)
    first = form_with(django_app.get(url, user=world.own), "password")
    second = form_with(django_app.get(url, user=world.own), "password")
    for form in (first, second):
        form["full_name"], form["title"] = "Đặng Văn Nam", "Phó Chủ tịch UBND tỉnh"
        form["password"] = PASSWORD
    first.submit().follow()
    before = _state()

    page = second.submit()

    assert page.status_code == 200
    assert "Đơn vị đã ký giao ước này rồi." in messages_of(page)
    assert _state() == before
