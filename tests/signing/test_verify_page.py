"""The public verification page /kiem-tra/, used as a person does: open it without signing in,
upload a file through the form it rendered, read the verdict."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.urls import reverse
from webtest import Upload

from clusters import signing
from tests.signing.conftest import sealed


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(scope="module")
def signed(document, pki) -> bytes:
    return sealed(document, pki)


def _upload(django_app, name: str, content: bytes, status: int = 200):
    page = django_app.get(reverse("verify"))
    assert page.status_code == 200
    form = page.forms["verify-form"]
    form["file"] = Upload(name, content, "application/pdf")
    return form.submit(status=status)


def test_a_signed_pdf_is_shown_intact_with_its_signer_and_time(django_app, signed):
    page = _upload(django_app, "giao-uoc.pdf", signed)

    verdict = page.html.select_one("[data-testid=verdict]")
    assert verdict["data-verdict"] == "valid"
    assert "còn nguyên vẹn" in verdict.text
    (row,) = page.html.select("[data-testid=signature]")
    assert row["data-status"] == "valid"
    assert "Cụm thi đua Đồng bằng sông Hồng" in row.text
    assert "Hợp lệ" in row.text
    assert "+07:00" in row.select_one("time").text
    report = signing.validate_pdf(signed)
    assert page.html.select_one("[data-testid=sha256]").text == report.sha256
    # Only what the file holds: no link into the app, no sign-in asked.
    assert "giao-uoc.pdf" not in page.text


def test_without_the_trust_root_the_page_says_untrusted(django_app, signed, settings):
    settings.SIGNING_TRUST_ROOTS = []

    page = _upload(django_app, "giao-uoc.pdf", signed)

    assert page.html.select_one("[data-testid=verdict]")["data-verdict"] == "untrusted"
    assert page.html.select_one("[data-testid=signature]")["data-status"] == "untrusted"


def test_a_byte_modified_pdf_is_shown_broken(django_app, signed):
    at = signed.index(b"WeasyPrint")
    tampered = signed[:at] + b"X" + signed[at + 1 :]

    page = _upload(django_app, "giao-uoc.pdf", tampered)

    verdict = page.html.select_one("[data-testid=verdict]")
    assert verdict["data-verdict"] == "broken"
    assert "không còn nguyên vẹn" in verdict.text
    assert page.html.select_one("[data-testid=signature]")["data-status"] == "broken"
    assert "Hỏng" in page.html.select_one("[data-testid=signature]").text


def test_an_unsigned_pdf_and_a_damaged_pdf_are_reported(django_app, document):
    page = _upload(django_app, "khong-ky.pdf", document)
    assert page.html.select_one("[data-testid=verdict]")["data-verdict"] == "unsigned"

    page = _upload(django_app, "hong.pdf", b"%PDF-1.7\n garbage, no trailer")
    assert page.html.select_one("[data-testid=verdict]")["data-verdict"] == "unreadable"


def test_a_non_pdf_is_refused_next_to_the_field(django_app):
    page = _upload(django_app, "anh.pdf", b"\x89PNG\r\n\x1a\n" + bytes(100))

    assert page.html.select_one("[data-testid=verdict]") is None
    feedback = page.html.select_one("#verify-form .invalid-feedback")
    assert feedback is not None and "không phải là tài liệu PDF" in feedback.text
    assert page.html.select_one("#verify-form input[name=file].is-invalid") is not None


def test_uploads_are_rate_limited_per_address(django_app, signed, settings):
    settings.VERIFY_RATE_LIMIT = 2

    for _ in range(2):
        page = _upload(django_app, "giao-uoc.pdf", signed)
        assert page.html.select_one("[data-testid=verdict]")["data-verdict"] == "valid"
    page = _upload(django_app, "giao-uoc.pdf", signed, status=429)

    assert page.html.select_one("[data-testid=verdict]") is None
    assert "quá nhiều tệp" in page.text


def test_the_page_opens_in_english_too(django_app, document):
    # Vietnamese whatever the browser asks: English is chosen in the page's language menu.
    page = django_app.get(reverse("verify"), headers={"Accept-Language": "en"})
    assert page.html.find("h1").text == "Kiểm tra tài liệu có chữ ký số"
    menu = next(f for f in page.forms.values() if f.action == reverse("set_language"))
    menu["language"] = "en"
    page = menu.submit().follow()
    assert page.request.path == reverse("verify")
    assert page.html.find("h1").text == "Check a digitally signed document"
    page = _upload(django_app, "unsigned.pdf", document)
    assert page.html.select_one("[data-testid=verdict]").text == (
        "This file has no digital signature."
    )
