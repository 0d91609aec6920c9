"""The page of a whole decision's certificates made in the background (awards/certificate_jobs.py):
ask for them, follow the progress, download the file."""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from awards import access
from awards.certificate_jobs import SYNC_LIMIT, certificates_filename, certificates_request
from awards.models import CertificateJob
from clusters.services import Refused


def job_url(decision) -> str:
    return reverse(
        "awards:decision_certificates_job",
        args=[decision.year.cluster.slug, decision.year.year, decision.pk],
    )


@require_http_methods(["GET", "HEAD", "POST"])
def decision_certificates_job(request: HttpRequest, slug: str, year: int, pk: int) -> HttpResponse:
    """GET: the latest job of the decision (its progress while it runs, refreshing itself; the
    file when done; the reason when it failed). POST: ask for the certificates. Whoever may
    download the decision's certificates may ask for them: asking again while a job runs
    returns that job, so a reader cannot pile jobs up."""
    decision = access.get_decision_for_user(request.user, slug, year, pk)
    if request.method == "POST":
        try:
            certificates_request(actor=request.user, decision=decision)
        except Refused as error:
            messages.error(request, error.message)
        return redirect(job_url(decision))
    context = {
        "decision": decision,
        "year": decision.year,
        "cluster": decision.year.cluster,
        "job": decision.certificate_jobs.first(),
        "count": decision.recipients.count(),
        "sync_limit": SYNC_LIMIT,
    }
    return render(request, "awards/certificate_job.html", context)


@require_safe
def decision_certificates_job_download(
    request: HttpRequest, slug: str, year: int, pk: int, job: int
) -> HttpResponse:
    """The PDF of one finished job (replaced files answer 404)."""
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
        filename=certificates_filename(decision),
        content_type="application/pdf",
    )
