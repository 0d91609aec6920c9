"""A whole decision's certificates, made off the request path (issue 16).

5,000 certificates rendered as one WeasyPrint document took 160 s and 1.94 GB, and time grew
faster than the count; a request for 2,000 hit the server's timeout. Here the certificates are
rendered in batches of `BATCH` recipients — each batch its own small PDF, written to a temporary
file and dropped — then merged page by page with pypdf, so time and memory grow with the count
and a batch's memory is the most ever held. The page asks `certificates_request`; the worker
(`manage.py db_worker`, django-tasks' database backend) runs `render_certificates_task`, saving
its progress after each batch.

A decision of up to `SYNC_LIMIT` recipients is still printed in the request (about a second):
one click, the PDF opens; above it the certificates link leads to the job's page. The print on
pre-printed blanks (phôi: the variable text alone, moved by the printer offset) is the same
work with another template, so it is a kind of the same job, under the same rule.

The task survives a worker restart: a queued job is a row in the database and waits for the
next worker; `db_worker` stops gracefully on SIGTERM (it finishes the job it has). A job cut off
mid-way (the worker killed) stops beating (`heartbeat_at`) and is shown as lost after
`CertificateJob.RUNNING_LOST_AFTER`: asking again then starts a new one.
"""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Callable, Iterator
from typing import IO

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.utils import timezone, translation
from django.utils.formats import number_format
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django_tasks import task

from awards.certificates import (
    BLANK_TEMPLATE,
    TEMPLATE,
    calibration_layouts,
    certificate_for,
    certificates_context,
    check_inside_sheet,
    decision_title,
    refuse_ungrantable,
)
from awards.models import AwardType, CertificateJob, Decision, Recipient
from clusters import audit
from clusters.documents import renderers
from clusters.documents.pdf import render_pdf_html
from clusters.models import User
from clusters.services import Refused, delete_file_on_commit

logger = logging.getLogger(__name__)

# Up to this many recipients the certificates are made in the request: a few dozen pages take
# about a second, well inside the server's timeout, and the officer gets the PDF at once.
SYNC_LIMIT = 50
# Recipients per rendered batch: WeasyPrint's time per page grows with the document's length,
# and its memory with its pages; 100 pages stay on the flat part of both.
BATCH = 100
Kind = CertificateJob.Kind
Offset = tuple[float, float]
NO_OFFSET: Offset = (0.0, 0.0)


def decision_ordered_ids(decision: Decision) -> list[int]:
    """The decision's recipients in their printed order (their order, then as recorded)."""
    return list(decision.recipients.order_by("order", "pk").values_list("pk", flat=True))


def refuse_impossible(decision: Decision) -> None:
    """No certificate of an award its decision's issuer cannot grant (a catalogue changed since
    the recipients were recorded), as the print in the request refuses it."""
    awards = AwardType.objects.filter(recipients__decision=decision).distinct()
    refuse_ungrantable(decision, list(awards.prefetch_related("issuer_kinds")))


def refuse_off_sheet(decision: Decision, offset: Offset) -> None:
    """A printer offset that pushes a box of one of the decision's layouts off the sheet is
    refused when asked, not found by the worker on its first page."""
    codes = decision.recipients.values_list("award_type__code", flat=True).distinct()
    for layout in calibration_layouts(decision.issuer, list(codes)):
        check_inside_sheet(layout, *offset)


def write_certificates(
    decision: Decision,
    output: IO[bytes],
    *,
    kind: str = Kind.FULL,
    offset: Offset = NO_OFFSET,
    batch: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Write the decision's certificates as one PDF into `output` (the full model, or the text
    for the blanks moved by `offset`); return the number of pages. Raises CertificateRefused
    (naming the text) when one would print wrong."""
    from pypdf import PdfWriter

    refuse_impossible(decision)
    batch = batch or BATCH
    template = BLANK_TEMPLATE if kind == Kind.BLANK else TEMPLATE
    ids = decision_ordered_ids(decision)
    # The golden-book number is the recipient's place in the decision (certificates.py).
    numbers = {pk: index for index, pk in enumerate(ids, start=1)}
    title = decision_title(decision)

    def pages() -> Iterator[str]:
        for start in range(0, len(ids), batch):
            chunk = ids[start : start + batch]
            recipients = Recipient.objects.filter(pk__in=chunk).select_related("award_type")
            by_pk = {r.pk: r for r in recipients}
            certificates = []
            for pk in chunk:
                recipient = by_pk[pk]
                recipient.decision = decision
                certificates.append(certificate_for(recipient, number=numbers[pk], offset=offset))
            yield render_pdf_html(template, certificates_context(certificates, title=title))

    writer = PdfWriter()
    parts = []
    try:
        # The batches' HTML is made here (queries, checks); WeasyPrint renders them side by side
        # in CERTIFICATE_RENDER_PROCESSES children, back in order, a few batches in flight.
        rendered = renderers.render_all(pages(), size=settings.CERTIFICATE_RENDER_PROCESSES)
        for start, pdf in zip(range(0, len(ids), batch), rendered, strict=True):
            part = tempfile.TemporaryFile()  # noqa: SIM115 - closed in finally
            parts.append(part)
            part.write(pdf)
            part.seek(0)
            writer.append(part)
            if progress:
                progress(min(start + batch, len(ids)), len(ids))
        writer.add_metadata({"/Title": title})
        writer.write(output)
    finally:
        writer.close()
        for part in parts:
            part.close()
    return len(ids)


def decision_certificates_pdf(decision: Decision) -> bytes:
    """The decision's certificates as one PDF, made in batches (the year's dossier)."""
    with tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024) as output:
        write_certificates(decision, output)
        output.seek(0)
        return output.read()


def certificates_filename(decision: Decision, kind: str = Kind.FULL) -> str:
    """As the download in the request names it (awards.views)."""
    prefix = "bang-khen-phoi" if kind == Kind.BLANK else "bang-khen"
    return f"{prefix}-{slugify(decision.number.replace('/', '-')) or decision.pk}.pdf"


def _summary(total: int, kind: str, offset: Offset) -> str:
    if kind != Kind.BLANK:
        return _("%(count)d bằng khen") % {"count": total}
    return _("%(count)d bằng khen in lên phôi, độ lệch ngang %(x)s mm, dọc %(y)s mm") % {
        "count": total,
        "x": number_format(offset[0], decimal_pos=1),
        "y": number_format(offset[1], decimal_pos=1),
    }


@transaction.atomic
def certificates_request(
    *, actor: User, decision: Decision, kind: str = Kind.FULL, offset: Offset = NO_OFFSET
) -> CertificateJob:
    """Ask for the decision's certificates of this kind (and printer offset). A job of the same
    kind still queued or running is the answer, whatever offset it was asked with (its page
    says which): asking twice, two readers at once, or one trying offset after offset renders
    one decision's print at a time, never one per offset on every core. A lost job is marked
    failed, saying why, and a new one queued."""
    decision = Decision.objects.select_for_update().select_related("year").get(pk=decision.pk)
    offset = NO_OFFSET if kind != Kind.BLANK else (float(offset[0]), float(offset[1]))
    pending = decision.certificate_jobs.filter(
        kind=kind, state__in=[CertificateJob.State.QUEUED, CertificateJob.State.RUNNING]
    )
    for job in pending:
        if not job.lost:
            return job
        job.state = CertificateJob.State.FAILED
        job.error = _(
            "Bằng khen chưa được tạo xong: trình chạy nền (manage.py db_worker) đã dừng "
            "hoặc bị ngắt giữa chừng."
        )
        job.finished_at = timezone.now()
        job.save(update_fields=["state", "error", "finished_at"])
    total = decision.recipients.count()
    if not total:
        raise Refused(_("Quyết định chưa có người được khen thưởng."))
    refuse_impossible(decision)
    refuse_off_sheet(decision, offset)
    job = CertificateJob.objects.create(
        decision=decision,
        requested_by=actor,
        total=total,
        kind=kind,
        offset_x=offset[0],
        offset_y=offset[1],
    )
    audit.record(
        actor=actor,
        action="certificates.request",
        target=decision,
        year=decision.year,
        summary=_summary(total, kind, offset),
    )
    transaction.on_commit(lambda: render_certificates_task.enqueue(job.pk))
    return job


@task()
def render_certificates_task(job_id: int) -> str:
    """Render one CertificateJob into its file, saving done/total after each batch; a failure
    marks the job failed with its (Vietnamese) reason and no file."""
    job = CertificateJob.objects.filter(pk=job_id).select_related("decision__year").first()
    if job is None:  # its decision was deleted meanwhile
        return "gone"
    if job.state != CertificateJob.State.QUEUED:  # run twice: once is enough
        return str(job.state)
    CertificateJob.objects.filter(pk=job_id).update(
        state=CertificateJob.State.RUNNING, heartbeat_at=timezone.now()
    )

    def progress(done: int, total: int) -> None:
        CertificateJob.objects.filter(pk=job_id).update(
            done=done, total=total, heartbeat_at=timezone.now()
        )

    with translation.override("vi"), tempfile.TemporaryFile() as output:
        try:
            count = write_certificates(
                job.decision, output, kind=job.kind, offset=job.offset, progress=progress
            )
        except Exception as error:
            logger.exception("certificates job %s of %s failed", job_id, job.decision)
            message = (
                error.message
                if isinstance(error, Refused)
                else _("Không tạo được bằng khen: %(reason)s") % {"reason": error}
            )
            CertificateJob.objects.filter(pk=job_id).update(
                state=CertificateJob.State.FAILED, error=message, finished_at=timezone.now()
            )
            return CertificateJob.State.FAILED.value
        output.seek(0)
        with transaction.atomic():
            job = CertificateJob.objects.select_for_update().get(pk=job_id)
            if job.state != CertificateJob.State.RUNNING:  # given up as lost meanwhile
                return str(job.state)
            job.file.save(certificates_filename(job.decision, job.kind), File(output), save=False)
            job.state = CertificateJob.State.DONE
            job.done = job.total = count
            job.finished_at = timezone.now()
            job.save()
            # The newest file replaces the older ones: one per decision and print on disk.
            older_jobs = CertificateJob.objects.filter(
                decision_id=job.decision_id, kind=job.kind, pk__lt=job.pk
            )
            for older in older_jobs:
                if older.file:
                    delete_file_on_commit(older.file)
                    older.file = ""
                    older.save(update_fields=["file"])
    return CertificateJob.State.DONE.value
