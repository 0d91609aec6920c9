"""The year's dossier is sealed through its manifest: the ZIP asked for on the dossier page holds
manifest.json.p7s, the installation's detached seal over the manifest (which lists every file's
SHA-256), and its code's verification page shows that seal and compares a copy."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.cache import cache
from django.urls import reverse
from webtest import Upload

from clusters import seal, signing
from clusters.models import StoredDocument
from tests.signing.seal_helpers import configure_seal

pytestmark = pytest.mark.django_db

SEAL = "Cụm thi đua — con dấu mẫu, không dùng thật"


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    cache.clear()
    yield
    cache.clear()


def _rezip(archive: bytes, **replaced: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(archive)) as source, zipfile.ZipFile(out, "w") as target:
        for name in source.namelist():
            target.writestr(name, replaced.get(name, source.read(name)))
    return out.getvalue()


def test_the_dossier_built_on_its_page_carries_the_seal_of_its_manifest(
    django_app, world, settings, tmp_path, django_capture_on_commit_callbacks
):
    configure_seal(settings, tmp_path)
    page = django_app.get(
        reverse("year_dossier", args=[world.cluster.slug, world.year.year]), user=world.viewer
    )
    with django_capture_on_commit_callbacks(execute=True):
        page.forms["dossier-request-form"].submit()

    stored = StoredDocument.objects.get(kind=StoredDocument.Kind.DOSSIER)
    with stored.file.open("rb") as handle:
        archive = handle.read()
    with zipfile.ZipFile(io.BytesIO(archive)) as dossier:
        assert dossier.namelist() == ["manifest.json", seal.MANIFEST_SIGNATURE]
        manifest = dossier.read("manifest.json")
        signature = dossier.read(seal.MANIFEST_SIGNATURE)
    checked = signing.validate_detached(manifest, signature, name=seal.MANIFEST_SIGNATURE)
    assert (checked.status, checked.signer) == (signing.Status.VALID, SEAL)

    code_page = django_app.get(reverse("verify_code", args=[stored.display_code]))
    assert "Hồ sơ năm" in code_page.html.select_one("[data-testid=kind]").text
    (row,) = code_page.html.select("[data-testid=stored-report] [data-testid=signature]")
    assert row["data-status"] == "valid" and SEAL in row.text

    form = code_page.forms["compare-form"]
    form["file"] = Upload("ho-so.zip", archive, "application/zip")
    same = form.submit()
    assert same.html.select_one("[data-testid=comparison]")["data-same"] == "yes"

    altered = manifest.replace(b'"year": 2018', b'"year": 2017')
    assert altered != manifest
    forged = _rezip(archive, **{"manifest.json": altered})
    form = same.forms["compare-form"]
    form["file"] = Upload("ho-so.zip", forged, "application/zip")
    compared = form.submit().html.select_one("[data-testid=compare-report]")
    assert compared.select_one("[data-testid=comparison]")["data-same"] == "no"
    assert compared.select_one("[data-testid=verdict]")["data-verdict"] == "broken"


def test_a_pdf_is_refused_where_the_dossiers_zip_is_compared(
    django_app, world, settings, tmp_path, django_capture_on_commit_callbacks
):
    configure_seal(settings, tmp_path)
    page = django_app.get(
        reverse("year_dossier", args=[world.cluster.slug, world.year.year]), user=world.viewer
    )
    with django_capture_on_commit_callbacks(execute=True):
        page.forms["dossier-request-form"].submit()
    stored = StoredDocument.objects.get(kind=StoredDocument.Kind.DOSSIER)

    form = django_app.get(reverse("verify_code", args=[stored.display_code])).forms["compare-form"]
    form["file"] = Upload("ho-so.pdf", b"%PDF-1.7\n%%EOF\n", "application/pdf")
    refused = form.submit()

    assert "không phải là tệp ZIP" in refused.html.select_one("#compare-form").text
    assert not refused.html.select("[data-testid=compare-report]")
