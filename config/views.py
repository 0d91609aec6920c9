"""Pages that compose every app, as config/year.py does: the year's dossier (hồ sơ năm)."""

from __future__ import annotations

from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from clusters import access, audit
from clusters.documents import store
from clusters.models import DossierBuild
from config.dossier import dossier_filename, dossier_files, dossier_request, stored_dossier


@require_http_methods(["GET", "HEAD", "POST"])
def year_dossier(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    """The year's dossier: the page lists what it holds and shows its latest build; POST asks
    for a new build (made in the background by `manage.py db_worker`), and the page refreshes
    itself while it is queued or running.

    Whoever reads the year reads the dossier, and may ask for it to be built: it is the cluster's
    record of the year, and each of its documents (the compact's versions, the report, the
    minutes, the letters, the certificates, the scores of submitted sheets) is already readable
    by every member and viewer. Asking again while a build is under way returns that build, so
    a reader cannot pile builds up. Nothing is built in the request any more (a dozen PDFs take
    seconds of a web worker): the ZIP is made once and downloaded from its build.
    """
    emulation_year = access.get_year_for_user(request.user, slug, year)
    if request.method == "POST":
        dossier_request(actor=request.user, year=emulation_year)
        return redirect(reverse("year_dossier", args=[slug, year]))
    build = emulation_year.dossier_builds.first()
    context = {
        "year": emulation_year,
        "cluster": emulation_year.cluster,
        "files": dossier_files(emulation_year),
        "build": build,
    }
    return render(request, "clusters/year_dossier.html", context)


@require_safe
def year_dossier_download(request: HttpRequest, slug: str, year: int, build: int) -> HttpResponse:
    """The ZIP of one finished build of the year, as an attachment (audited as a download)."""
    emulation_year = access.get_year_for_user(request.user, slug, year)
    found = get_object_or_404(
        DossierBuild, pk=build, year=emulation_year, state=DossierBuild.State.DONE
    )
    document = stored_dossier(found)
    if document is None and not found.file:  # replaced by a newer build
        raise Http404
    if document is None:  # built before dossiers were stored documents
        try:
            stored = found.file.open("rb")
        except FileNotFoundError as error:
            raise Http404 from error
    with transaction.atomic():
        audit.record(
            actor=request.user,
            action="dossier.export",
            target=emulation_year,
            year=emulation_year,
            summary=_("%(count)d tệp") % {"count": found.total},
        )
    if document is not None:
        return store.serve(document, inline=False)
    return FileResponse(
        stored,
        as_attachment=True,
        filename=dossier_filename(emulation_year),
        content_type="application/zip",
    )
