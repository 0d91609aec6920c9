"""A big workbook of units and accounts: uploaded on the set-up's import page, checked for safety
in the request, then read, checked cell by cell and written all or nothing by the background
task, followed on its page (issue 16)."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from webtest import Upload

from clusters import bulk_jobs
from clusters.models import AuditEvent, BulkImportJob, Unit, User
from tests.setup.test_bulk import CITIES, _workbook

pytestmark = pytest.mark.django_db
ADDRESS = "203.0.113.9"


@pytest.fixture(autouse=True)
def _no_codes_in_the_world(world):
    """The personas' units get sequence codes that would clash with the cities' real ones."""
    Unit.objects.update(admin_code="")


@pytest.fixture
def small_limit(monkeypatch):
    """Any workbook counts as big: the tests stay small."""
    monkeypatch.setattr(bulk_jobs, "SYNC_BYTES", 1024)


def _provinces(count: int) -> tuple[list[list], list[list]]:
    """`count` units and one account in each, as an office's list of a few hundred rows."""
    units = [
        [f"tinh-thu-{i}", f"Tỉnh Thử {i}", "province", "", "01/07/2025", ""] for i in range(count)
    ]
    people = [
        [f"canbo{i}", f"Nguyễn Văn Thử {i}", "", f"tinh-thu-{i}", "staff"] for i in range(count)
    ]
    return units, people


def _upload(django_app, user, content: bytes):
    page = django_app.get(reverse("setup:bulk_import"), user=user)
    form = page.forms["import-form"]
    form["file"] = Upload("don-vi-tai-khoan.xlsx", content)
    return form.submit(extra_environ={"REMOTE_ADDR": ADDRESS})


def _uploads_left() -> list[str]:
    return (
        default_storage.listdir("imports/setup")[1]
        if default_storage.exists("imports/setup")
        else []
    )


def test_a_workbook_of_a_few_hundred_rows_is_imported_in_the_background(
    world, django_app, django_capture_on_commit_callbacks
):
    content = _workbook(*_provinces(160))
    assert len(content) > bulk_jobs.SYNC_BYTES  # the real limit: 320 rows
    with django_capture_on_commit_callbacks(execute=True):
        response = _upload(django_app, world.admin, content)
    job = BulkImportJob.objects.get()
    assert response["Location"] == reverse("setup:bulk_import_job", args=[job.pk])
    page = response.follow()
    assert job.state == "done" and (job.units, job.accounts) == (160, 160)
    assert job.done == job.total == 320 and job.requested_by == world.admin
    assert 'data-state="done"' in page.text
    assert "Đã nhập 160 đơn vị và 160 tài khoản." in page.text
    assert User.objects.get(username="canbo159").unit.slug == "tinh-thu-159"
    assert not job.file and not _uploads_left()  # the upload is gone once imported
    # Who, from where, which file; then what the import changed, from the same address.
    asked = AuditEvent.objects.get(action="bulk.import_request")
    assert (asked.actor, asked.unit_id, asked.ip) == (world.admin, world.admin.unit_id, ADDRESS)
    assert "don-vi-tai-khoan.xlsx" in asked.summary
    done = AuditEvent.objects.get(action="bulk.import")
    assert (done.actor, done.ip, done.summary) == (
        world.admin,
        ADDRESS,
        "160 đơn vị, 160 tài khoản",
    )
    saved = AuditEvent.objects.filter(action="unit.save", target_repr__startswith="Tỉnh Thử")
    assert saved.count() == 160 and set(saved.values_list("ip", flat=True)) == {ADDRESS}
    # The import page lists it.
    page = django_app.get(reverse("setup:bulk_import"), user=world.admin)
    assert reverse("setup:bulk_import_job", args=[job.pk]) in page.text


def test_one_bad_row_saves_nothing_and_the_page_lists_each_cell_in_vietnamese(
    world, django_app, small_limit, django_capture_on_commit_callbacks
):
    units, people = _provinces(30)
    units[19][2] = "thành phố lạ"
    people[4][2] = "khong-phai-email"
    with django_capture_on_commit_callbacks(execute=True):
        response = _upload(django_app, world.admin, _workbook(units, people))
    page = response.follow()
    job = BulkImportJob.objects.get()
    assert job.state == "failed" and job.error_count == 2
    assert not Unit.objects.filter(slug__startswith="tinh-thu-").exists()
    assert not User.objects.filter(username__startswith="canbo").exists()
    problems = page.html.select_one("[data-testid=import-problems]").get_text(" ", strip=True)
    assert "Chưa nhập gì: tệp có 2 lỗi, hãy sửa rồi tải lên lại." in problems
    assert "Trang “Đơn vị”, dòng 21, cột C (Loại): Loại không hợp lệ: thành phố lạ." in problems
    assert "Trang “Tài khoản”, dòng 6, cột C (E-mail): Địa chỉ e-mail không hợp lệ." in problems
    assert "Tải tệp khác lên" in page.text and not _uploads_left()
    assert not AuditEvent.objects.filter(action__in=["bulk.import", "unit.save"]).exists()


def test_a_row_the_database_refuses_undoes_the_rows_written_before_it(
    world, django_app, small_limit, django_capture_on_commit_callbacks
):
    world.nam_dinh.admin_code = "36"
    world.nam_dinh.save()
    rows = [*CITIES, ["", "Tỉnh Trùng Mã", "province", "36", "", ""]]
    with django_capture_on_commit_callbacks(execute=True):
        response = _upload(django_app, world.admin, _workbook(rows))
    page = response.follow()
    assert BulkImportJob.objects.get().state == "failed"
    assert "dòng 7" in page.text and "Mã hành chính 36" in page.text
    assert not Unit.objects.filter(slug="ha-noi").exists()


def test_a_file_that_is_no_workbook_is_refused_before_it_is_kept(world, django_app, small_limit):
    page = _upload(django_app, world.admin, b"PK\x03\x04 not a workbook" * 100)
    assert page.status_code == 200 and "không phải bảng tính Excel" in page.text
    assert "is-invalid" in page.text  # next to the field
    assert not BulkImportJob.objects.exists() and not _uploads_left()
    assert not AuditEvent.objects.filter(action="bulk.import_request").exists()


def test_the_page_waits_then_says_when_the_worker_was_lost(world, django_app, small_limit):
    page = _upload(django_app, world.admin, _workbook(CITIES)).follow()  # on_commit not run
    job = BulkImportJob.objects.get()
    assert job.state == "queued" and job.file
    assert "Tệp lớn: đang chờ kiểm tra và nhập trong nền" in page.text
    assert 'http-equiv="refresh"' in page.text
    BulkImportJob.objects.filter(pk=job.pk).update(state="running", total=5)
    page = django_app.get(page.request.url, user=world.admin)
    assert "Đã đọc 5 dòng; đang kiểm tra và ghi" in page.text
    BulkImportJob.objects.filter(pk=job.pk).update(
        state="queued", created_at=timezone.now() - datetime.timedelta(hours=1)
    )
    page = django_app.get(page.request.url, user=world.admin)
    assert 'data-state="lost"' in page.text and 'http-equiv="refresh"' not in page.text
    # Run now by a late worker, it still imports the file, once.
    assert bulk_jobs.bulk_import_task.call(job.pk) == "done"
    assert bulk_jobs.bulk_import_task.call(job.pk) == "done"
    assert Unit.objects.filter(kind="city").count() == 5
    assert AuditEvent.objects.filter(action="bulk.import").count() == 1


@pytest.mark.django_db(transaction=True)  # the worker closes its connection when it ends
def test_a_job_left_queued_is_imported_when_a_worker_starts(
    world, django_app, small_limit, settings
):
    """Production's path: the task is a row of the database queue, waiting for `db_worker`."""
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    page = _upload(django_app, world.admin, _workbook(CITIES)).follow()
    assert BulkImportJob.objects.get().state == "queued" and DBTaskResult.objects.count() == 1
    assert not Unit.objects.filter(kind="city").exists()
    call_command("db_worker", batch=True, startup_delay=False, verbosity=0)
    assert BulkImportJob.objects.get().state == "done"
    assert Unit.objects.filter(kind="city").count() == 5
    page = django_app.get(page.request.url, user=world.admin)
    assert "Đã nhập 5 đơn vị và 0 tài khoản." in page.text


def test_a_small_workbook_is_still_imported_in_the_request(world, django_app):
    content = _workbook(CITIES)
    assert len(content) <= bulk_jobs.SYNC_BYTES
    page = _upload(django_app, world.admin, content).follow()
    assert "Đã nhập 5 đơn vị và 0 tài khoản" in page.text
    assert not BulkImportJob.objects.exists()


def test_the_job_page_is_its_senders_or_an_administrators_and_404_to_anyone_else(
    world, django_app, small_limit
):
    _upload(django_app, world.admin, _workbook(CITIES))
    job = BulkImportJob.objects.get()
    address = reverse("setup:bulk_import_job", args=[job.pk])
    other_admin = User.objects.create_user("quantri2", password="x", is_superuser=True)
    assert django_app.get(address, user=other_admin).status_code == 200
    for person in (world.own, world.secretariat, world.outsider):
        assert django_app.get(address, user=person, expect_errors=True).status_code == 404
    # Someone who is no longer an administrator still follows their own file.
    world.admin.is_superuser = False
    world.admin.role = User.Role.STAFF
    world.admin.save()
    assert django_app.get(address, user=world.admin).status_code == 200
    missing = reverse("setup:bulk_import_job", args=[job.pk + 1])
    assert django_app.get(missing, user=other_admin, expect_errors=True).status_code == 404
