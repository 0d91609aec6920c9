"""The dossier of a year with nothing in it yet, who may build and download it (in the
background, its progress saved and shown), and a failing document."""

from __future__ import annotations

import datetime
import hashlib
import io
import json
import zipfile

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_noop

from clusters.models import AuditEvent, DossierBuild
from config import dossier
from config.dossier import DossierFile, ascii_slug

pytestmark = pytest.mark.django_db


def _url(world) -> str:
    return reverse("year_dossier", args=[world.cluster.slug, world.year.year])


def _download_url(world, build) -> str:
    return reverse("year_dossier_download", args=[world.cluster.slug, world.year.year, build.pk])


def _build(client, world, capture) -> DossierBuild:
    """Ask for the dossier as the page's button does; the task runs when the request commits."""
    with capture(execute=True):
        response = client.post(_url(world))
    assert response.status_code == 302 and response["Location"] == _url(world)
    return DossierBuild.objects.filter(year=world.year).first()


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
def test_whoever_reads_the_year_builds_and_downloads_its_dossier(
    world, as_persona, persona, django_capture_on_commit_callbacks
):
    client = as_persona(persona)
    build = _build(client, world, django_capture_on_commit_callbacks)
    assert (build.state, build.done, build.total, build.error) == ("done", 0, 0, "")
    assert build.requested_by == world.persona(persona) and build.finished_at
    stored = dossier.stored_dossier(build)  # a stored document, as every final document is
    assert stored.file.name.startswith(f"documents/{world.year.pk}/dossier/") and not build.file
    page = client.get(_url(world)).content.decode()
    assert _download_url(world, build) in page and 'http-equiv="refresh"' not in page
    response = client.get(_download_url(world, build))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith("attachment;")
    content = b"".join(response.streaming_content)
    assert response["X-Document-SHA256"] == stored.sha256 == hashlib.sha256(content).hexdigest()
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert archive.namelist() == ["manifest.json"]
    assert AuditEvent.objects.filter(action="dossier.request", year=world.year).count() == 1
    assert AuditEvent.objects.filter(action="dossier.export", year=world.year).count() == 1


def test_media_url_never_serves_a_dossier(world, as_persona, django_capture_on_commit_callbacks):
    build = _build(as_persona("secretariat"), world, django_capture_on_commit_callbacks)
    name = dossier.stored_dossier(build).file.name
    assert as_persona("secretariat").get("/" + settings.MEDIA_URL + name).status_code == 404


def test_another_clusters_officer_gets_404_and_anonymous_signs_in(
    world, as_persona, django_capture_on_commit_callbacks
):
    build = _build(as_persona("own"), world, django_capture_on_commit_callbacks)
    for url in (_url(world), _download_url(world, build)):
        assert as_persona("outsider").get(url).status_code == 404
        response = as_persona("anonymous").get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert as_persona("outsider").post(_url(world)).status_code == 404
    assert DossierBuild.objects.count() == 1
    assert not AuditEvent.objects.filter(action="dossier.export").exists()


def test_asking_twice_while_it_builds_builds_once_and_the_page_refreshes(world, as_persona):
    client = as_persona("viewer")
    # The request's transaction never commits in this test: the build stays queued.
    assert client.post(_url(world)).status_code == 302
    assert client.post(_url(world)).status_code == 302
    build = DossierBuild.objects.get(year=world.year)
    assert build.state == "queued"
    assert AuditEvent.objects.filter(action="dossier.request").count() == 1
    page = client.get(_url(world)).content.decode()
    assert '<meta http-equiv="refresh" content="3">' in page and "Đang chờ tạo hồ sơ" in page
    assert 'id="dossier-request-form"' not in page
    DossierBuild.objects.filter(pk=build.pk).update(state="running", done=5, total=11)
    page = client.get(_url(world)).content.decode()
    assert "Đang tạo: 5/11 tệp" in page and 'http-equiv="refresh"' in page
    # Not finished: nothing to download.
    assert client.get(_download_url(world, build)).status_code == 404


def test_the_task_saves_its_progress_as_it_goes(world, monkeypatch):
    seen = []

    def spy(path: str):
        def render() -> bytes:
            build = DossierBuild.objects.get(pk=build_id)
            seen.append((path, build.state, build.done, build.total))
            return b"%PDF-1.7"

        return DossierFile(path, "report", "Tệp", None, render)

    monkeypatch.setattr(dossier, "PARTS", (lambda year: [spy("a/1.pdf"), spy("a/2.pdf")],))
    build_id = DossierBuild.objects.create(year=world.year).pk
    assert dossier.build_dossier_task.call(build_id) == "done"
    assert seen == [("a/1.pdf", "running", 0, 2), ("a/2.pdf", "running", 1, 2)]
    build = DossierBuild.objects.get(pk=build_id)
    assert (build.state, build.done, build.total) == ("done", 2, 2)
    zip_file = dossier.stored_dossier(build).file
    with zip_file.open("rb") as stored, zipfile.ZipFile(stored) as archive:
        manifest = json.loads(archive.read("manifest.json"))
    assert [entry["path"] for entry in manifest["files"]] == ["a/1.pdf", "a/2.pdf"]
    # Run again (a worker restarted): a finished build is left as it is.
    assert dossier.build_dossier_task.call(build_id) == "done"
    assert len(seen) == 2


def test_a_newer_build_replaces_the_older_zip(
    world, as_persona, django_capture_on_commit_callbacks
):
    client = as_persona("secretariat")
    first = _build(client, world, django_capture_on_commit_callbacks)
    name = dossier.stored_dossier(first).file.name
    second = _build(client, world, django_capture_on_commit_callbacks)
    first.refresh_from_db()
    assert second.pk != first.pk and second.has_zip and not first.has_zip
    assert dossier.stored_dossier(first) is None and dossier.stored_dossier(second)
    assert not default_storage.exists(name)
    assert client.get(_download_url(world, first)).status_code == 404


def test_the_dashboard_links_to_the_dossier(world, as_persona):
    page = as_persona("own").get(reverse("clusters:year_detail", args=[world.cluster.slug, 2018]))
    assert _url(world) in page.content.decode()


def _failing_part(year) -> list[DossierFile]:
    def render() -> bytes:
        raise ValueError("hỏng")

    good = DossierFile("bao-cao/tot.pdf", "report", "Tốt", None, lambda: b"%PDF-1.7 ok")
    bad = DossierFile("bien-ban/hong.pdf", "minutes", "Biên bản hỏng", None, render)
    return [good, bad]


def test_a_failing_document_leaves_no_half_dossier(
    world, as_persona, tmp_path, monkeypatch, django_capture_on_commit_callbacks
):
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

    client = as_persona("secretariat")
    build = _build(client, world, django_capture_on_commit_callbacks)
    assert build.state == "failed" and not build.file and build.finished_at
    assert build.error == "Không tạo được “Biên bản hỏng” (bien-ban/hong.pdf): hỏng"
    page = client.get(_url(world)).content.decode()
    assert "Tạo hồ sơ không thành công" in page and "Biên bản hỏng" in page
    assert 'id="dossier-request-form"' in page  # it may be asked again
    assert client.get(_download_url(world, build)).status_code == 404
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


def test_a_lost_build_no_longer_holds_the_year_back(
    world, as_persona, django_capture_on_commit_callbacks
):
    # A worker killed mid-task leaves its build "running": after LOST_AFTER it is failed.
    lost = DossierBuild.objects.create(
        year=world.year,
        state="running",
        created_at=timezone.now() - DossierBuild.LOST_AFTER - datetime.timedelta(minutes=1),
    )
    client = as_persona("own")
    page = client.get(_url(world)).content.decode()
    assert 'http-equiv="refresh"' not in page and 'id="dossier-request-form"' in page
    build = _build(client, world, django_capture_on_commit_callbacks)
    lost.refresh_from_db()
    assert build.pk != lost.pk and build.state == "done"
    assert lost.state == "failed" and "manage.py db_worker" in lost.error
