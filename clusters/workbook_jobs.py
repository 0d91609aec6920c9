"""What the background imports of a big workbook share (issue 16): a decision's recipients
(awards/import_jobs.py) and the set-up's units and accounts (clusters/bulk_jobs.py).

Each keeps the upload, once the safe reader has passed it in the request, in a job of its own
model (a WorkbookJob with its `file`), and its task hands its
own work to `run_import`, which runs it once, in Vietnamese, and deletes the file whatever came
of it; a failed import keeps its reason and the first cell errors for the job's page (`fail`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.db import models, transaction
from django.utils import timezone, translation

from clusters import audit, uploads
from clusters.models import BackgroundJob, WorkbookJob
from clusters.services import delete_file_on_commit

Job = TypeVar("Job", bound=WorkbookJob)


def fail(
    model: type[BackgroundJob],
    job_id: int,
    message: str,
    errors: Iterable[Any] = (),
    *,
    as_row: Callable[[Any], dict[str, str]],
) -> str:
    """Mark the job failed with its reason; every error counted, the first ones kept (as_row
    turns one into what the job's page shows)."""
    listed = uploads.ErrorList()
    for error in errors:
        listed.add(error)
    model.objects.filter(pk=job_id).update(
        state=BackgroundJob.State.FAILED,
        error=message,
        cell_errors=[as_row(error) for error in listed.kept],
        error_count=listed.total,
        finished_at=timezone.now(),
    )
    return BackgroundJob.State.FAILED.value


def run_import(jobs: models.QuerySet[Job], job_id: int, work: Callable[[Job], str]) -> str:
    """Run `work` on the queued job `job_id` of `jobs` and return its outcome. A job no longer
    queued is left as it is: two workers given the same task (a retry, a restart) import once,
    because only one of them moves it from queued to running."""
    job = jobs.filter(pk=job_id).first()
    if job is None:  # what it imported into was deleted meanwhile
        return "gone"
    started = jobs.model.objects.filter(pk=job_id, state=BackgroundJob.State.QUEUED).update(
        state=BackgroundJob.State.RUNNING
    )
    if not started:
        return str(jobs.model.objects.values_list("state", flat=True).get(pk=job_id))
    try:
        # The import's own events are written here, by the worker, from the sender's address.
        with translation.override("vi"), audit.acting_from(job.requested_from):
            return work(job)
    finally:
        with transaction.atomic():
            delete_file_on_commit(job.file)
            jobs.model.objects.filter(pk=job_id).update(file="")
