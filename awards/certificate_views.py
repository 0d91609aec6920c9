"""The page of a whole decision's certificates made in the background (awards/certificate_jobs.py):
ask for them, follow the progress, download the file. One page for both prints: the full model
(bang-khen/) and the text for the pre-printed blanks (bang-khen-phoi/, with its printer offset)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from awards import access
from awards.certificate_jobs import (
    NO_OFFSET,
    SYNC_LIMIT,
    Kind,
    Offset,
    certificates_filename,
    certificates_request,
    refuse_off_sheet,
)
from awards.certificates import printer_offset
from awards.models import CertificateJob, Decision
from clusters.services import Refused

JOB_PAGES = {
    Kind.FULL: "awards:decision_certificates_job",
    Kind.BLANK: "awards:blank_certificates_job",
}


def job_url(decision: Decision, kind: str = Kind.FULL, offset: Offset | None = None) -> str:
    url = reverse(
        JOB_PAGES[Kind(kind)], args=[decision.year.cluster.slug, decision.year.year, decision.pk]
    )
    if offset is None:
        return url
    return url + "?" + urlencode({"dx": f"{offset[0]:g}", "dy": f"{offset[1]:g}"})


def asked_offset(decision: Decision, data) -> Offset:
    """The printer offset of a print on blanks (?may-in=, ?dx=, ?dy= in mm, else the configured
    one), refused (CertificateRefused) when not a number or when it pushes a box off the sheet."""
    offset = printer_offset(data.get("may-in", ""), data.get("dx"), data.get("dy"))
    refuse_off_sheet(decision, offset)
    return offset


@require_http_methods(["GET", "HEAD", "POST"])
def decision_certificates_job(
    request: HttpRequest, slug: str, year: int, pk: int, kind: str = Kind.FULL
) -> HttpResponse:
    """GET: the latest job of the decision's print (its progress while it runs, refreshing
    itself; the file when done; the reason when it failed). POST: ask for the certificates.
    Whoever may download the decision's certificates may ask for them: asking again while a job
    runs returns that job, so a reader cannot pile jobs up."""
    decision = access.get_decision_for_user(request.user, slug, year, pk)
    offset: Offset | None = None
    if kind == Kind.BLANK:
        try:
            offset = asked_offset(
                decision, request.POST if request.method == "POST" else request.GET
            )
        except Refused as error:  # as the print in the request answers a wrong offset
            messages.error(request, error.message)
            return redirect(decision)
    if request.method == "POST":
        try:
            certificates_request(
                actor=request.user, decision=decision, kind=kind, offset=offset or NO_OFFSET
            )
        except Refused as error:
            messages.error(request, error.message)
        return redirect(job_url(decision, kind, offset))
    context = {
        "decision": decision,
        "year": decision.year,
        "cluster": decision.year.cluster,
        "job": decision.certificate_jobs.filter(kind=kind).first(),
        "kind": kind,
        "offset": offset,
        "count": decision.recipients.count(),
        "sync_limit": SYNC_LIMIT,
    }
    return render(request, "awards/certificate_job.html", context)


@require_safe
def decision_certificates_job_download(
    request: HttpRequest, slug: str, year: int, pk: int, job: int
) -> HttpResponse:
    """The PDF of one finished job, of either print (replaced files answer 404)."""
    decision = access.get_decision_for_user(request.user, slug, year, pk)
    found = get_object_or_404(
        CertificateJob, pk=job, decision=decision, state=CertificateJob.State.DONE
    )
    if not found.file:
        raise Http404
    try:
        stored = found.file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    return FileResponse(
        stored,
        as_attachment=False,
        filename=certificates_filename(decision, found.kind),
        content_type="application/pdf",
    )
