"""The verification page by document code (/kiem-tra/<code>/), used as a person does: the QR code
of the demo's 2018 report read from the stored PDF and opened, a copy uploaded through the form
the page rendered, codes typed in every way, and an unknown code."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse
from webtest import Upload

from campaigns.final_documents import stored_report
from clusters.documents import store
from clusters.models import EmulationYear, StoredDocument
from tests.signing.seal_helpers import configure_seal, qr_codes

pytestmark = pytest.mark.django_db

SEAL = "Cụm thi đua — con dấu mẫu, không dùng thật"


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    cache.clear()
    yield
    cache.clear()


def _stored_bytes(document: StoredDocument) -> bytes:
    with document.file.open("rb") as handle:
        return handle.read()


def _compare(page, content: bytes):
    form = page.forms["compare-form"]
    form["file"] = Upload("ban-sao.pdf", content, "application/pdf")
    return form.submit()


def test_the_qr_code_of_the_2018_report_opens_its_record_and_seal(django_app, settings, tmp_path):
    configure_seal(settings, tmp_path)
    call_command("loaddemo")
    year = EmulationYear.objects.get(cluster__slug="dong-bang-song-hong", year=2018)
    report = stored_report(year)
    pdf = _stored_bytes(report)

    (url,) = qr_codes(pdf, page=-1)
    page = django_app.get(urlsplit(url).path)  # no sign-in

    record = page.html.select_one("[data-testid=document-record]")
    assert record.select_one("[data-testid=code]").text == report.display_code
    assert record.select_one("[data-testid=kind]").text.strip() == "Báo cáo tổng kết"
    assert year.cluster.name in record.select_one("[data-testid=cluster]").text
    assert record.select_one("[data-testid=year]").text == "2018"
    assert record.select_one("[data-testid=record-sha256]").text == report.sha256
    assert not page.html.select("[data-testid=stored-damaged]")
    stored = page.html.select_one("[data-testid=stored-report]")
    assert stored.select_one("[data-testid=verdict]")["data-verdict"] == "valid"
    (seal_row,) = stored.select("[data-testid=signature]")
    assert seal_row["data-status"] == "valid"
    assert SEAL in seal_row.text
    assert "+07:00" in seal_row.select_one("time").text
    # Nothing the document does not hold: no file name, no internal id, no link into the app.
    assert report.filename not in page.text
    assert f"/{year.pk}/" not in page.text

    # The same copy is reported identical; one changed byte is reported different and broken.
    same = _compare(page, pdf)
    assert same.html.select_one("[data-testid=comparison]")["data-same"] == "yes"
    assert (
        same.html.select_one("[data-testid=compare-report] [data-testid=verdict]")["data-verdict"]
        == "valid"
    )
    at = pdf.index(b"WeasyPrint")
    tampered = pdf[:at] + b"X" + pdf[at + 1 :]
    broken = _compare(page, tampered)
    assert broken.html.select_one("[data-testid=comparison]")["data-same"] == "no"
    compared = broken.html.select_one("[data-testid=compare-report]")
    assert compared.select_one("[data-testid=verdict]")["data-verdict"] == "broken"
    assert compared.select_one("[data-testid=signature]")["data-status"] == "broken"
    assert "không còn nguyên vẹn" in compared.text


def _stored_minutes(world, settings, tmp_path) -> StoredDocument:
    from tests.signing.test_seal import _render

    configure_seal(settings, tmp_path)
    return store.freeze(
        kind=StoredDocument.Kind.MINUTES,
        source=world.year,
        render=_render,
        filename="bien-ban.pdf",
        year=world.year,
    )


def test_the_code_is_accepted_in_any_case_with_or_without_its_dash(
    django_app, world, settings, tmp_path
):
    document = _stored_minutes(world, settings, tmp_path)
    plain = document.code.lower()

    for typed in (document.display_code, plain, f"{plain[:5]}-{plain[5:]}"):
        page = django_app.get(reverse("verify_code", args=[typed]))
        assert page.html.select_one("[data-testid=code]").text == document.display_code
        assert "Biên bản kiểm phiếu" in page.html.select_one("[data-testid=kind]").text


def test_a_code_typed_on_the_verification_page_opens_its_document(
    django_app, world, settings, tmp_path
):
    document = _stored_minutes(world, settings, tmp_path)
    page = django_app.get(reverse("verify"))
    form = page.forms["code-form"]
    form["ma"] = f" {document.code.lower()} "

    opened = form.submit().follow()

    assert opened.request.path == reverse("verify_code", args=[document.display_code])
    assert opened.html.select_one("[data-testid=code]").text == document.display_code


def test_a_code_of_the_wrong_length_is_refused_next_to_the_field(django_app, db):
    page = django_app.get(reverse("verify"))
    form = page.forms["code-form"]
    form["ma"] = "K7QM4"

    refused = form.submit()

    assert refused.status_code == 200
    assert "gồm 10 chữ và số" in refused.html.select_one("#code-form").text


@pytest.mark.parametrize("code", ["ZZZZZ-ZZZZZ", "not-a-code", "K7QM4-XPD9R0"])
def test_an_unknown_code_is_404_with_a_vietnamese_page(django_app, world, code):
    page = django_app.get(reverse("verify_code", args=[code]), status=404)

    assert page.html.select_one("[data-testid=not-found]").text == "Không tìm thấy văn bản"
    assert "record-sha256" not in page.text


def test_openings_are_rate_limited_per_address(django_app, world, settings, tmp_path):
    document = _stored_minutes(world, settings, tmp_path)
    settings.VERIFY_RATE_LIMIT = 2
    url = reverse("verify_code", args=[document.display_code])
    django_app.get(url)
    django_app.get(url)

    limited = django_app.get(url, status=429)

    assert limited.html.select_one("[data-testid=rate-limited]")
    assert document.sha256 not in limited.text
    # An unknown code is counted too: codes cannot be tried in bulk.
    django_app.get(reverse("verify_code", args=["ZZZZZ-ZZZZZ"]), status=429)


def test_the_stored_files_signatures_are_checked_once_a_while(
    django_app, world, settings, tmp_path, monkeypatch
):
    from clusters import signing

    document = _stored_minutes(world, settings, tmp_path)
    checked = []
    validate = signing.validate_pdf
    monkeypatch.setattr(signing, "validate_pdf", lambda data: checked.append(1) or validate(data))
    url = reverse("verify_code", args=[document.display_code])

    first = django_app.get(url)
    second = django_app.get(url)

    assert checked == [1]  # a filed document's bytes never change: its report is kept
    for page in (first, second):
        assert (
            page.html.select_one("[data-testid=stored-report] [data-testid=verdict]")[
                "data-verdict"
            ]
            == "valid"
        )
