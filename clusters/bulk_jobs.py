"""A big workbook of units and accounts imported off the request path (issue 16).

Each row goes through the set-up's services (a unit's save, an account's invitation, each with
its audit event), so a few hundred rows hold a request for seconds. A workbook over `SYNC_BYTES`
(about 300 rows, units and accounts together, of the exported layout's usual text) passes the
safe reader's checks in the request, where a malicious file is still refused next to the field,
and is kept in a BulkImportJob; `bulk_import_task` then runs on the background task runner
(`manage.py db_worker`, django-tasks' database backend): it reads and checks every cell, and
writes all or nothing, exactly as the page does a small workbook (`bulk.read_workbook`, then
`bulk.bulk_write`), keeping the errors it found for the job's page. The file is deleted once the
task has run, whatever came of it (clusters/workbook_jobs.py, shared with the recipients').

A queued job is a row in the database: it waits for the next worker if the worker restarts. A
job queued or running for longer than BackgroundJob.LOST_AFTER is shown as lost, and the
administrator uploads the file again.
"""

from __future__ import annotations

import logging

from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from clusters import audit, bulk, uploads, workbook_jobs
from clusters.documents import store
from clusters.models import BulkImportJob, User
from clusters.services import Refused

logger = logging.getLogger(__name__)

# Up to this size a workbook is read and written in the request, with its errors next to the
# form at once: 12 KB is about 300 rows of the exported layout (150 units and their 150
# accounts); 1,000 of each take 55 KB.
SYNC_BYTES = 12 * 1024


def is_big(upload: UploadedFile) -> bool:
    return upload.size > SYNC_BYTES


def visible_jobs(user: User) -> models.QuerySet[BulkImportJob]:
    """The jobs a person may follow: their own, or every one for an administrator."""
    jobs = BulkImportJob.objects.select_related("requested_by")
    return jobs if user.is_administrator else jobs.filter(requested_by_id=user.pk)


@transaction.atomic
def bulk_import_request(*, actor: User, upload: UploadedFile) -> BulkImportJob:
    """Keep the workbook and queue its import; the request's audit event says who asked, from
    where, which file (the import's own events follow when the task has run, from the same
    address). A file the safe reader refuses (too large, a zip bomb, not a workbook) is refused
    here, before it is kept (uploads.WorkbookRefused, for the form's field)."""
    uploads.check_workbook(upload)
    name = uploads.shorten(upload.name or "", 255)
    event = audit.record(
        actor=actor,
        action="bulk.import_request",
        summary=_("Tệp %(name)s (%(size)d KB), nhập trong nền")
        % {"name": name, "size": max(1, upload.size // 1024)},
    )
    job = BulkImportJob(requested_by=actor, filename=name, requested_from=event.ip)
    job.file.save("don-vi-tai-khoan.xlsx", upload, save=False)
    store.delete_unless_committed(job.file.storage, job.file.name)
    job.save()
    transaction.on_commit(lambda: bulk_import_task.enqueue(job.pk))
    return job


def _problem(problem: bulk.Problem) -> dict[str, str]:
    return {"text": str(problem)}


def _fail(job_id: int, message: str, problems: list[bulk.Problem] | None = None) -> str:
    return workbook_jobs.fail(BulkImportJob, job_id, message, problems or [], as_row=_problem)


@task()
def bulk_import_task(job_id: int) -> str:
    """Read, check and write one job's workbook; a failure keeps its reason (and each cell's
    error) on the job, and nothing of the file is saved."""
    return workbook_jobs.run_import(BulkImportJob.objects.all(), job_id, _import)


def _import(job: BulkImportJob) -> str:
    try:
        with job.file.open("rb") as stored:
            found = bulk.read_workbook(stored)
    except Refused as refusal:  # not a workbook, too many rows, no sheet with data
        return _fail(job.pk, refusal.message)
    except Exception as error:  # a file gone from storage, a reader's crash: said, not hidden
        logger.exception("bulk import %s failed", job.pk)
        return _fail(job.pk, _("Không đọc được tệp: %(reason)s") % {"reason": error})
    rows = len(found.units) + len(found.accounts)
    BulkImportJob.objects.filter(pk=job.pk).update(total=rows)
    try:
        counts = bulk.bulk_write(actor=job.requested_by, found=found)
    except bulk.ImportRefused as refusal:
        return _fail(job.pk, refusal.message, refusal.problems)
    except Refused as refusal:
        return _fail(job.pk, refusal.message)
    except Exception as error:  # the database's refusal: rolled back, and said
        logger.exception("bulk import %s failed", job.pk)
        return _fail(job.pk, _("Không nhập được tệp: %(reason)s") % {"reason": error})
    BulkImportJob.objects.filter(pk=job.pk).update(
        state=BulkImportJob.State.DONE,
        done=rows,
        units=counts["units"],
        accounts=counts["accounts"],
        finished_at=timezone.now(),
    )
    return BulkImportJob.State.DONE.value
