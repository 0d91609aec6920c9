"""The demo's 2018 dossier, from the command and from the page: every document of the year, each
file listed in manifest.json with its hash; and 2019, a year with little yet, with what exists."""

from __future__ import annotations

import datetime
import hashlib
import io
import json
import zipfile
from collections import Counter

import openpyxl
import pytest
from django.core.management import call_command
from django.urls import reverse
from pypdf import PdfReader

from clusters.models import AuditEvent, DossierBuild, User

pytestmark = pytest.mark.django_db

CLUSTER = "dong-bang-song-hong"


def _export(tmp_path, year: int) -> zipfile.ZipFile:
    output = tmp_path / f"ho-so-{year}.zip"
    call_command("export_dossier", CLUSTER, str(year), "-o", str(output), stdout=io.StringIO())
    return zipfile.ZipFile(output)


def _checked_manifest(archive: zipfile.ZipFile) -> dict:
    """The manifest, after checking it lists every file, once, each with its hash and date."""
    manifest = json.loads(archive.read("manifest.json"))
    paths = [entry["path"] for entry in manifest["files"]]
    assert len(paths) == len(set(paths))
    assert set(paths) == set(archive.namelist()) - {"manifest.json"}
    for entry in manifest["files"]:
        assert entry["path"].isascii() and "/" in entry["path"], entry["path"]
        assert hashlib.sha256(archive.read(entry["path"])).hexdigest() == entry["sha256"]
        if entry["date"] is not None:
            datetime.date.fromisoformat(entry["date"])
        assert entry["kind"]
    datetime.datetime.fromisoformat(manifest["built_at"])
    return manifest


def _of_kind(manifest: dict, kind: str) -> list[dict]:
    return [entry for entry in manifest["files"] if entry["kind"] == kind]


def test_the_demo_dossier_of_2018_from_the_command_and_the_page(
    tmp_path, django_app, django_capture_on_commit_callbacks
):
    call_command("loaddemo", stdout=io.StringIO())

    with _export(tmp_path, 2018) as archive:
        manifest = _checked_manifest(archive)
        assert (manifest["cluster"], manifest["year"]) == (CLUSTER, 2018)
        assert Counter(entry["kind"] for entry in manifest["files"]) == {
            "compact": 1,
            "report": 1,
            "minutes": 4,
            "proposal": 2,
            "decision": 1,
            "certificates": 1,
            "scores": 1,
        }
        [compact] = _of_kind(manifest, "compact")
        assert compact["status"] == "signed" and compact["path"].startswith("giao-uoc/")
        [report] = _of_kind(manifest, "report")
        assert report["date"] == "2019-03-20" and report["path"].startswith("bao-cao/")
        assert all(e["path"].startswith("bien-ban/") for e in _of_kind(manifest, "minutes"))
        assert {e["round"] for e in _of_kind(manifest, "minutes")} == {
            "flag",
            "pm_certificate",
            "head",
            "deputies",
        }
        assert all(e["path"].startswith("to-trinh/") for e in _of_kind(manifest, "proposal"))
        [decision] = _of_kind(manifest, "decision")
        assert decision["path"].startswith("quyet-dinh/") and decision["status"] == "signed"
        assert decision["date"] == "2019-03-15"
        # Hà Nam's decision: one PDF with one certificate per recipient.
        [certificates] = _of_kind(manifest, "certificates")
        assert certificates["path"].startswith("bang-khen/") and certificates["count"] == 22
        pdf = PdfReader(io.BytesIO(archive.read(certificates["path"])))
        assert len(pdf.pages) == 22
        for entry in manifest["files"]:
            if entry["path"].endswith(".pdf"):
                assert archive.read(entry["path"]).startswith(b"%PDF-"), entry["path"]
        [scores] = _of_kind(manifest, "scores")
        workbook = openpyxl.load_workbook(io.BytesIO(archive.read(scores["path"])))
        text = " ".join(
            str(cell) for row in workbook.active.iter_rows(values_only=True) for cell in row
        )
        assert "Nam Định" in text and "Hà Nam" in text
        # Documents are Vietnamese: so is what the manifest says about them.
        assert report["title"] == "Báo cáo tổng kết"
        command_paths = sorted(archive.namelist())

    # The page, as the 2018 secretariat: "Tạo hồ sơ" builds in the background (at once here),
    # the page then shows the build done and its download gives the same files, audited.
    hanam = User.objects.get(username="hanam")
    url = reverse("year_dossier", args=[CLUSTER, 2018])
    page = django_app.get(url, user=hanam)
    assert all(path in page.text for path in command_paths if path != "manifest.json")
    with django_capture_on_commit_callbacks(execute=True):
        response = page.forms["dossier-request-form"].submit()
    page = response.follow()  # after the request committed and the (immediate) task ran
    build = DossierBuild.objects.get(year__year=2018, year__cluster__slug=CLUSTER)
    assert build.state == "done" and build.done == build.total == len(command_paths) - 1
    assert 'http-equiv="refresh"' not in page.text
    assert f"{build.total} tệp" in page.text
    response = page.click(href=reverse("year_dossier_download", args=[CLUSTER, 2018, build.pk]))
    assert response.content_type == "application/zip"
    assert (
        'attachment; filename="ho-so-dong-bang-song-hong-2018.zip"'
        in (response.headers["Content-Disposition"])
    )
    with zipfile.ZipFile(io.BytesIO(response.body)) as downloaded:
        _checked_manifest(downloaded)
        assert sorted(downloaded.namelist()) == command_paths
    assert AuditEvent.objects.get(action="dossier.request").actor == hanam
    event = AuditEvent.objects.get(action="dossier.export")
    assert event.actor.username == "hanam" and event.year.year == 2018

    # 2019 has its signed compact and its criteria so far: the dossier holds what exists.
    with _export(tmp_path, 2019) as archive:
        manifest = _checked_manifest(archive)
        kinds = Counter(entry["kind"] for entry in manifest["files"])
        assert kinds["compact"] >= 1
        assert not kinds["minutes"] and not kinds["certificates"]
