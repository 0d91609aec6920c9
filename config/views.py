"""Pages that compose every app, as config/year.py does: the year's dossier (hồ sơ năm)."""

from __future__ import annotations

import logging
import tempfile

from django.contrib import messages
from django.db import transaction
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from clusters import access, audit
from config.dossier import DossierError, build_dossier, dossier_filename, dossier_files

logger = logging.getLogger(__name__)


@require_safe
def year_dossier(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    """The year's dossier: the page lists what it holds; ?format=zip downloads it.

    Whoever reads the year reads the dossier: it is the cluster's record of the year, and each
    of its documents (the compact's versions, the report, the minutes, the letters, the
    certificates, the scores of submitted sheets) is already readable by every member and viewer.
    Built in the request (a few seconds for the demo's 2018) into a temporary file that the
    response streams and then deletes.
    """
    emulation_year = access.get_year_for_user(request.user, slug, year)
    if request.GET.get("format") != "zip":
        context = {
            "year": emulation_year,
            "cluster": emulation_year.cluster,
            "files": dossier_files(emulation_year),
        }
        return render(request, "clusters/year_dossier.html", context)
    output = tempfile.TemporaryFile()  # noqa: SIM115 (the response closes it once sent)
    try:
        manifest = build_dossier(emulation_year, output)
    except DossierError as error:
        output.close()
        logger.exception("dossier of %s failed", emulation_year)
        messages.error(request, str(error))
        return redirect(reverse("year_dossier", args=[slug, year]))
    with transaction.atomic():
        audit.record(
            actor=request.user,
            action="dossier.export",
            target=emulation_year,
            year=emulation_year,
            summary=_("%(count)d tệp") % {"count": len(manifest["files"])},
        )
    output.seek(0)
    return FileResponse(
        output,
        as_attachment=True,
        filename=dossier_filename(emulation_year),
        content_type="application/zip",
    )
