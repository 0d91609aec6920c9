"""The dossier of a year with nothing in it yet, who may download it, and a failing document."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils.translation import gettext_noop

from clusters.models import AuditEvent
from config import dossier
from config.dossier import DossierFile, ascii_slug

pytestmark = pytest.mark.django_db


def _url(world, **query) -> str:
    url = reverse("year_dossier", args=[world.cluster.slug, world.year.year])
    return url + ("?format=zip" if query.get("zip") else "")


def test_a_year_without_documents_still_has_its_dossier(world, as_persona, tmp_path):
    output = tmp_path / "ho-so.zip"
    call_command(
        "export_dossier", world.cluster.slug, "2018", "-o", str(output), stdout=io.StringIO()
    )
    with zipfile.ZipFile(output) as archive:
        assert archive.namelist() == ["manifest.json"]
        manifest = json.loads(archive.read("manifest.json"))
    assert manifest["files"] == [] and manifest["year"] == 2018
    page = as_persona("viewer").get(_url(world))
    assert "chỉ có manifest.json" in page.content.decode()


@pytest.mark.parametrize("persona", ["secretariat", "admin", "own", "viewer"])
def test_whoever_reads_the_year_downloads_its_dossier(world, as_persona, persona):
    response = as_persona(persona).get(_url(world, zip=True))
    assert response.status_code == 200
    with zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content))) as archive:
        assert "manifest.json" in archive.namelist()
    assert AuditEvent.objects.filter(action="dossier.export", year=world.year).count() == 1


def test_another_clusters_officer_gets_404_and_anonymous_signs_in(world, as_persona):
    assert as_persona("outsider").get(_url(world, zip=True)).status_code == 404
    response = as_persona("anonymous").get(_url(world, zip=True))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert not AuditEvent.objects.filter(action="dossier.export").exists()


def test_the_dashboard_links_to_the_dossier(world, as_persona):
    page = as_persona("own").get(reverse("clusters:year_detail", args=[world.cluster.slug, 2018]))
    assert _url(world) in page.content.decode()


def _failing_part(year) -> list[DossierFile]:
    def render() -> bytes:
        raise ValueError("hỏng")

    good = DossierFile("bao-cao/tot.pdf", "report", "Tốt", None, lambda: b"%PDF-1.7 ok")
    bad = DossierFile("bien-ban/hong.pdf", "minutes", "Biên bản hỏng", None, render)
    return [good, bad]


def test_a_failing_document_leaves_no_half_dossier(world, as_persona, tmp_path, monkeypatch):
    monkeypatch.setattr(dossier, "PARTS", (_failing_part,))
    output = tmp_path / "ho-so.zip"
    output.write_bytes(b"the previous dossier")
    with pytest.raises(
        CommandError, match="Không tạo được “Biên bản hỏng” \\(bien-ban/hong.pdf\\)"
    ):
        call_command(
            "export_dossier", world.cluster.slug, "2018", "-o", str(output), stdout=io.StringIO()
        )
    assert output.read_bytes() == b"the previous dossier"
    assert [p.name for p in tmp_path.iterdir() if p.name != "media"] == ["ho-so.zip"]

    response = as_persona("secretariat").get(_url(world, zip=True), follow=True)
    assert response.redirect_chain[-1][0] == _url(world)
    assert "Không tạo được" in response.content.decode()
    assert not AuditEvent.objects.filter(action="dossier.export").exists()


def test_paths_are_ascii_slugs():
    assert ascii_slug("412/QĐ-UBND") == "412-qd-ubnd"
    assert ascii_slug("pm_certificate") == "pm-certificate"
    assert ascii_slug("Đề nghị tặng Cờ thi đua") == "de-nghi-tang-co-thi-dua"


def test_the_manifest_is_vietnamese_whatever_the_interface(world):
    from django.utils import translation

    from config.dossier import _title, build_dossier

    title = _title(gettext_noop("Văn bản"))  # a title the English catalogue translates
    file = DossierFile("bao-cao/van-ban.pdf", "report", title, None, lambda: b"%PDF-1.7")
    with translation.override("en"):
        assert str(title) != "Văn bản"  # the page shows it in the reader's language
        manifest = build_dossier(world.year, io.BytesIO(), files=[file])
    assert manifest["files"][0]["title"] == "Văn bản"


def test_two_files_of_one_path_are_refused(world):
    from config.dossier import build_dossier

    same = DossierFile("bao-cao/a.pdf", "report", "A", None, lambda: b"%PDF-1.7")
    with pytest.raises(ValueError, match="unique"):
        build_dossier(world.year, io.BytesIO(), files=[same, same])


def test_every_version_of_the_compact_the_draft_marked(world):
    import datetime

    from campaigns.models import Covenant
    from config.dossier import compact_versions

    Covenant.objects.create(
        year=world.year, version=1, state="signed", signing_date=datetime.date(2018, 3, 8)
    )
    Covenant.objects.create(year=world.year, version=2, state="draft")
    files = compact_versions(world.year)
    assert [(f.path, f.status, f.date) for f in files] == [
        ("giao-uoc/giao-uoc-2018-v1.pdf", "signed", datetime.date(2018, 3, 8)),
        ("giao-uoc/giao-uoc-2018-v2-du-thao.pdf", "draft", None),
    ]
