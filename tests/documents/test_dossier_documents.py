"""The year's dossier as a Văn phòng files it: every A4 document in the demo's 2018 ZIP keeps the
measurable rules of Nghị định 30/2020 (the certificates are on their own 400 × 300 mm model)."""

from __future__ import annotations

import json
import zipfile

import pytest
from django.core.management import call_command

from tests.documents.nd30 import problems

pytestmark = pytest.mark.django_db


def test_every_document_of_the_2018_dossier_keeps_the_decree(tmp_path):
    call_command("loaddemo")
    target = tmp_path / "ho-so-2018.zip"
    call_command("export_dossier", "dong-bang-song-hong", "2018", "-o", str(target))
    with zipfile.ZipFile(target) as dossier:
        manifest = json.loads(dossier.read("manifest.json"))
        entries = manifest["files"]
        documents = {
            entry["path"]: dossier.read(entry["path"])
            for entry in entries
            if entry["path"].endswith(".pdf") and not entry["path"].startswith("bang-khen/")
        }
    kinds = {path.split("/")[0] for path in documents}
    assert {"giao-uoc", "bao-cao", "bien-ban", "to-trinh", "quyet-dinh"} <= kinds
    found = {path: problems(pdf) for path, pdf in documents.items()}
    assert {path: p for path, p in found.items() if p} == {}
