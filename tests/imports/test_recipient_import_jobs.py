"""A big recipients workbook: uploaded on the import page, read, checked and imported all or
nothing by the background task, followed on its page (issue 16)."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.storage import default_storage
from django.utils import timezone
from webtest import Upload

from awards import import_jobs
from awards.models import RecipientImportJob
from clusters.models import AuditEvent
from tests.awards.helpers import make_decision, make_recipient, url
from tests.awards.test_excel import GOOD, _xlsx

pytestmark = pytest.mark.django_db


def _rows(count: int) -> list[list]:
    person = GOOD[1]
    return [[i, person[1], f"Đặng Thị Bích {i}", *person[3:]] for i in range(1, count + 1)]


@pytest.fixture
def small_limit(monkeypatch):
    """A workbook of more than a few rows counts as big: the tests stay small."""
    monkeypatch.setattr(import_jobs, "SYNC_BYTES", 1024)


def _upload(django_app, world, decision, content: bytes, *, replace=False):
    page = django_app.get(
        url("awards:recipients_import", world, decision.pk), user=world.secretariat
    )
    form = next(f for f in page.forms.values() if "file" in f.fields)
    form["file"] = Upload("danh-sach.xlsx", content)
    form["replace"] = replace
    return form.submit(extra_environ={"REMOTE_ADDR": "203.0.113.9"})


def test_a_big_workbook_is_imported_in_the_background(
    world, django_app, small_limit, django_capture_on_commit_callbacks
):
    decision = make_decision(world.year)
    content = _xlsx(_rows(40))
    assert len(content) > import_jobs.SYNC_BYTES
    with django_capture_on_commit_callbacks(execute=True):
        response = _upload(django_app, world, decision, content)
    page = response.follow()
    job = RecipientImportJob.objects.get(decision=decision)
    assert job.state == "done" and job.done == job.total == 40
    assert 'data-state="done"' in page.text and "Đã nhập 40 dòng" in page.text
    names = list(decision.recipients.order_by("order").values_list("name", flat=True))
    assert names[0] == "Đặng Thị Bích 1" and names[-1] == "Đặng Thị Bích 40"
    # The uploaded file is gone once imported.
    assert not job.file and not default_storage.listdir("imports")[1]
    asked = AuditEvent.objects.get(action="recipients.import_request")
    assert (asked.actor, asked.ip, asked.year) == (world.secretariat, "203.0.113.9", world.year)
    # Written by the worker, from the address the file came from.
    imported = AuditEvent.objects.filter(action="recipients.import", actor=world.secretariat)
    assert imported.exists() and set(imported.values_list("ip", flat=True)) == {"203.0.113.9"}
    assert job.requested_from == "203.0.113.9"


def test_one_bad_cell_in_a_big_workbook_saves_nothing_and_the_page_lists_it(
    world, django_app, small_limit, django_capture_on_commit_callbacks
):
    decision = make_decision(world.year)
    rows = _rows(40)
    rows[29][6] = "Huân chương không có trong danh mục"
    with django_capture_on_commit_callbacks(execute=True):
        response = _upload(django_app, world, decision, _xlsx(rows))
    page = response.follow()
    job = RecipientImportJob.objects.get(decision=decision)
    assert job.state == "failed" and job.error_count == 1 and not decision.recipients.exists()
    assert "Tệp có 1 lỗi; chưa lưu dòng nào." in page.text
    assert job.cell_errors[0]["cell"] == "G31"  # the 30th data row, under the header
    assert "G31" in page.text
    assert not job.file


def test_replacing_through_the_background_removes_the_old_list(
    world, django_app, small_limit, django_capture_on_commit_callbacks
):
    decision = make_decision(world.year)
    make_recipient(decision, "Người Cũ")
    with django_capture_on_commit_callbacks(execute=True):
        _upload(django_app, world, decision, _xlsx(_rows(30)), replace=True)
    assert decision.recipients.count() == 30
    assert not decision.recipients.filter(name="Người Cũ").exists()


def test_the_page_waits_then_says_when_the_worker_was_lost(world, django_app, small_limit):
    decision = make_decision(world.year)
    page = _upload(django_app, world, decision, _xlsx(_rows(30))).follow()  # on_commit not run
    job = RecipientImportJob.objects.get(decision=decision)
    assert job.state == "queued" and job.file
    assert "đang chờ kiểm tra và nhập trong nền" in page.text
    assert 'http-equiv="refresh"' in page.text
    RecipientImportJob.objects.filter(pk=job.pk).update(
        created_at=timezone.now() - datetime.timedelta(hours=1)
    )
    page = django_app.get(page.request.url, user=world.secretariat)
    assert 'data-state="lost"' in page.text and 'http-equiv="refresh"' not in page.text
    # Run now by a late worker, it still imports the file once.
    assert import_jobs.import_recipients_task.call(job.pk) == "done"
    assert decision.recipients.count() == 30


def test_a_small_workbook_is_still_imported_in_the_request(world, django_app):
    decision = make_decision(world.year)
    response = _upload(django_app, world, decision, _xlsx(_rows(3)))
    assert response.status_code == 302 and response["Location"] == decision.get_absolute_url()
    assert decision.recipients.count() == 3 and not RecipientImportJob.objects.exists()
