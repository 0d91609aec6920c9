"""A big recipients workbook imported off the request path (issue 16).

Reading and checking a workbook of 2,000 rows took seconds of a request (openpyxl reads every
cell; most of the time is there, not in the database write). So a workbook over `SYNC_BYTES`
(about 500 rows of usual text) is kept in a RecipientImportJob, and `import_recipients_task`
runs on the background task runner (`manage.py db_worker`, django-tasks' database backend):
it reads, checks and imports the file all or nothing, exactly as the page does for a small one
(`check_workbook`, then `services.recipients_import`), and keeps the cell errors it found for
the job's page. The uploaded file is deleted once the task has run, whatever came of it (what
this import shares with the set-up's: clusters/workbook_jobs.py).

A queued job is a row in the database: it waits for the next worker if the worker restarts.
A job queued or running for longer than BackgroundJob.LOST_AFTER is shown as lost, and the
officer uploads the file again.
"""

from __future__ import annotations

import logging
from typing import IO

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from awards import excel, queries, services
from awards.models import Decision, RecipientImportJob
from awards.rules import CellError, RecipientRow, check_header, parse_recipient_rows
from clusters import audit, workbook_jobs
from clusters.documents import store
from clusters.models import User
from clusters.services import Refused, refuse_if_closed

logger = logging.getLogger(__name__)

# Up to this size a workbook is read and imported in the request, with its errors next to the
# form at once; 24 KB is about 500 rows of the template's usual text (2,000 rows: 75 KB).
SYNC_BYTES = 24 * 1024


def is_big(upload: UploadedFile) -> bool:
    return upload.size > SYNC_BYTES


def check_workbook(
    decision: Decision, upload: IO[bytes]
) -> tuple[list[RecipientRow], list[CellError]]:
    """The workbook's rows, checked cell by cell: (rows, []) or ([], every error).
    Raises excel.WorkbookError when the file is not a readable workbook."""
    header, rows = excel.read_rows(upload)
    errors = check_header(header)
    if errors:
        return [], errors
    award_types, units = queries.import_lookups(decision.year)
    return parse_recipient_rows(rows, award_types=award_types, units=units)


@transaction.atomic
def import_request(
    *, actor: User, decision: Decision, upload: UploadedFile, replace: bool
) -> RecipientImportJob:
    """Keep the workbook and queue its import; the request's audit event says who asked, from
    where, which file (the import's own events follow when the task has run). A file over the
    upload limit, or one the safe reader refuses (a zip bomb…), is refused here, before it is
    kept (excel.WorkbookError)."""
    refuse_if_closed(decision.year)
    excel.check_safe(upload)
    event = audit.record(
        actor=actor,
        action="recipients.import_request",
        target=decision,
        year=decision.year,
        summary=_("Tệp %(name)s (%(size)d KB), nhập trong nền")
        % {"name": upload.name, "size": max(1, upload.size // 1024)},
    )
    job = RecipientImportJob(
        decision=decision, requested_by=actor, replace=replace, requested_from=event.ip
    )
    job.file.save("danh-sach.xlsx", upload, save=False)
    store.delete_unless_committed(job.file.storage, job.file.name)
    job.save()
    transaction.on_commit(lambda: import_recipients_task.enqueue(job.pk))
    return job


def _cell(error: CellError) -> dict[str, str]:
    return {"cell": error.cell, "message": str(error.message)}


def _fail(job_id: int, message: str, errors: list[CellError] | None = None) -> str:
    return workbook_jobs.fail(RecipientImportJob, job_id, message, errors or [], as_row=_cell)


@task()
def import_recipients_task(job_id: int) -> str:
    """Read, check and import one job's workbook; a failure keeps its reason (and the cell
    errors) on the job, and nothing of the file is saved."""
    jobs = RecipientImportJob.objects.select_related("decision__year")
    return workbook_jobs.run_import(jobs, job_id, _import)


def _import(job: RecipientImportJob) -> str:
    try:
        with job.file.open("rb") as stored:
            rows, errors = check_workbook(job.decision, stored)
    except excel.WorkbookError as error:
        return _fail(job.pk, str(error))
    except Exception as error:  # a file gone from storage, a reader's crash: said, not hidden
        logger.exception("recipients import %s of %s failed", job.pk, job.decision)
        return _fail(job.pk, _("Không đọc được tệp: %(reason)s") % {"reason": error})
    if errors:
        message = _("Tệp có %(count)d lỗi; chưa lưu dòng nào.") % {"count": len(errors)}
        return _fail(job.pk, message, errors)
    RecipientImportJob.objects.filter(pk=job.pk).update(total=len(rows))
    try:
        created = services.recipients_import(
            actor=job.requested_by, decision=job.decision, rows=rows, replace=job.replace
        )
    except Refused as refusal:
        return _fail(job.pk, refusal.message)
    RecipientImportJob.objects.filter(pk=job.pk).update(
        state=RecipientImportJob.State.DONE,
        done=len(created),
        total=len(created),
        finished_at=timezone.now(),
    )
    return RecipientImportJob.State.DONE.value
