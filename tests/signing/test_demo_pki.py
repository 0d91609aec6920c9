"""manage.py make_demo_pki: a demo root, the demo seal and one certificate per unit under var/,
refused in production unless asked."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from clusters import demo_pki, signing
from tests.factories import UnitFactory


@pytest.mark.django_db
def test_the_demo_pki_names_itself_a_demo_and_signs_what_validates(tmp_path, settings, document):
    UnitFactory(slug="nam-dinh", name="Nam Định")
    directory = tmp_path / "demo-pki"

    call_command("make_demo_pki", directory=str(directory))

    assert (directory / "nam-dinh.p12").is_file()
    (root,) = signing.signers.load_certs_from_pemder([str(directory / "root.pem")])
    assert root.subject.native["common_name"] == "Cụm thi đua — CA mẫu, không dùng thật"
    unit = signing.load_pkcs12((directory / "nam-dinh.p12").read_bytes(), demo_pki.DEMO_PASSWORD)
    assert unit.subject == "Nam Định"
    assert "mẫu" in unit.certificate.subject.native["organization_name"]

    settings.SIGNING_PKCS12_PATH = str(directory / "seal.p12")
    settings.SIGNING_PKCS12_PASSWORD = demo_pki.DEMO_PASSWORD
    settings.SIGNING_TRUST_ROOTS = [str(directory / "root.pem")]
    seal = signing.installation_signer()
    assert "không dùng thật" in seal.subject
    signed = signing.sign_pdf(
        document,
        signer=seal,
        field_name="con-dau",
        stamp=signing.StampText(body="Cụm thi đua", name=seal.subject, title="Con dấu"),
        place=signing.FieldPlace("con-dau"),
    )
    assert signing.validate_pdf(signed).all_valid


@pytest.mark.django_db
def test_production_refuses_the_demo_pki_unless_asked(tmp_path, settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="DJANGO_ENV=production"):
        call_command("make_demo_pki", directory=str(tmp_path / "refused"))
    assert not (tmp_path / "refused").exists()

    call_command("make_demo_pki", directory=str(tmp_path / "asked"), allow_production=True)
    assert (tmp_path / "asked" / "root.pem").is_file()
