"""The administrator's import of units and accounts from a workbook (clusters/bulk.py): a small
file in the request, a big one in the background (clusters/bulk_jobs.py) with its own page."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from clusters import access, bulk, bulk_jobs, uploads
from clusters.models import BulkImportJob, User
from clusters.services import Refused, refusal_to_form
from clusters.setup_forms import ImportForm

RECENT_JOBS = 5


@require_http_methods(["GET", "HEAD", "POST"])
def bulk_import(request: HttpRequest) -> HttpResponse:
    access.require_administrator(request.user)
    form = ImportForm(request.POST or None, request.FILES or None)
    problems: list = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            if bulk_jobs.is_big(upload):  # read, checked and written in the background
                job = bulk_jobs.bulk_import_request(actor=request.user, upload=upload)
                return redirect("setup:bulk_import_job", pk=job.pk)
            counts = bulk.bulk_import(actor=request.user, upload=upload)
        except bulk.ImportRefused as refusal:
            problems = refusal.problems
            form.add_error("file", refusal.message)
        except Refused as refusal:
            refusal_to_form(form, refusal)
        else:
            messages.success(
                request,
                _("Đã nhập %(units)d đơn vị và %(accounts)d tài khoản.") % counts,
            )
            return redirect("setup:index")
    context = {
        "form": form,
        "problems": problems,
        "jobs": bulk_jobs.visible_jobs(request.user)[:RECENT_JOBS],
        "sync_kb": bulk_jobs.SYNC_BYTES // 1024,
    }
    return render(request, "setup/import.html", context)


def _job_for_user(user: User, pk: int) -> BulkImportJob:
    """The person who sent the file, or an administrator; anyone else learns nothing (404)."""
    job = bulk_jobs.visible_jobs(user).filter(pk=pk).first()
    if job is None:
        raise Http404
    return job


@require_safe
def bulk_import_job(request: HttpRequest, pk: int) -> HttpResponse:
    """A big workbook's import: waiting, then what it wrote or every error it found; the page
    refreshes itself while the job runs."""
    job = _job_for_user(request.user, pk)
    more = job.error_count - len(job.cell_errors)
    context = {"job": job, "more_errors": uploads.more_errors_text(more) if more > 0 else ""}
    return render(request, "setup/import_job.html", context)
