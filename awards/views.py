"""Views of the awards app: check access, validate, call the service, render."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.contrib import messages
from django.db.models import Count, Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from awards import access, excel, import_jobs, queries, services
from awards.certificates import (
    CertificateRefused,
    calibration_layouts,
    decision_title,
    printer_offset,
    render_calibration,
    render_certificates,
    render_certificates_on_blanks,
)
from awards.documents import decision_initial
from awards.forms import DecisionForm, ImportForm, RecipientForm, RegistryForm
from awards.models import (
    AwardType,
    Decision,
    ProposalItem,
    Recipient,
    RecipientImportJob,
    RecipientKind,
)
from clusters import access as cluster_access
from clusters import uploads
from clusters.audit import events_for
from clusters.documents import store
from clusters.models import EmulationYear, Unit
from clusters.services import Refused, refusal_to_form, refuse_if_closed

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PAGE_SIZE = 50

CERTIFICATES_DRAFT = "certificates"  # the draft cache's kind of a decision's certificate prints


def _refused(request: HttpRequest, error: Refused) -> None:
    """A refusal with no form to show it on: at the top of the page the person lands on."""
    messages.error(request, error.message)
    for message in error.errors.values():
        for text in message if isinstance(message, list) else [message]:
            messages.error(request, text)


def _bound(request: HttpRequest, files: bool = False) -> tuple:
    """A form's data: bound on any POST, even an empty one, so that it reports what is missing."""
    if request.method != "POST":
        return (None, None) if files else (None,)
    return (request.POST, request.FILES) if files else (request.POST,)


def _refuse_if_closed(request: HttpRequest, year: EmulationYear, target) -> HttpResponse | None:
    """A friendly answer before any form; the services refuse a closed year in any case."""
    try:
        refuse_if_closed(year)
    except Refused as error:
        messages.error(request, error.message)
        return redirect(target)
    return None


def _file_response(content: bytes, content_type: str, filename: str, inline: bool = False):
    response = HttpResponse(content, content_type=content_type)
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


def _decision_slug(decision: Decision) -> str:
    return slugify(decision.number.replace("/", "-")) or str(decision.pk)


@require_safe
def year_awards(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    emulation_year = cluster_access.get_year_for_user(request.user, slug, year)
    decisions = emulation_year.award_decisions.annotate(
        collectives=Count("recipients", filter=Q(recipients__kind=RecipientKind.COLLECTIVE)),
        individuals=Count("recipients", filter=Q(recipients__kind=RecipientKind.INDIVIDUAL)),
    )
    proposals = emulation_year.proposals.select_related("award_type").prefetch_related(
        Prefetch("items", queryset=ProposalItem.objects.select_related("unit"))
    )
    context = {
        "year": emulation_year,
        "cluster": emulation_year.cluster,
        "decisions": decisions,
        "proposals": proposals,
        "can_edit": access.can_edit_awards(request.user, emulation_year),
    }
    return render(request, "awards/year_awards.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
def decision_create(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    emulation_year = cluster_access.get_year_for_user(request.user, slug, year)
    cluster_access.require_secretariat(request.user, emulation_year)
    back = redirect("awards:year_awards", slug, year)
    if refused := _refuse_if_closed(request, emulation_year, back.url):
        return refused
    form = DecisionForm(*_bound(request), initial=decision_initial(emulation_year))
    if request.method == "POST" and form.is_valid():
        try:
            decision = services.decision_create(
                actor=request.user, year=emulation_year, fields=form.cleaned_data
            )
        except Refused as error:
            refusal_to_form(form, error)
        else:
            messages.success(request, _("Đã lưu quyết định. Hãy thêm người được khen thưởng."))
            return redirect(decision)
    context = {"year": emulation_year, "form": form, "decision": None}
    return render(request, "awards/decision_form.html", context)


@require_safe
def decision_detail(request: HttpRequest, slug: str, year: int, pk: int) -> HttpResponse:
    decision = access.get_decision_for_user(request.user, slug, year, pk)
    recipients = list(decision.recipients.select_related("award_type", "unit"))
    context = {
        "year": decision.year,
        "decision": decision,
        "collectives": [r for r in recipients if r.kind == RecipientKind.COLLECTIVE],
        "individuals": [r for r in recipients if r.kind == RecipientKind.INDIVIDUAL],
        "can_edit": access.can_edit_awards(request.user, decision.year),
        "history": events_for(decision),
    }
    return render(request, "awards/decision_detail.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
def decision_edit(request: HttpRequest, slug: str, year: int, pk: int) -> HttpResponse:
    decision = access.get_decision_for_user(request.user, slug, year, pk)
    cluster_access.require_secretariat(request.user, decision.year)
    if refused := _refuse_if_closed(request, decision.year, decision):
        return refused
    form = DecisionForm(*_bound(request), instance=decision)
    if request.method == "POST" and form.is_valid():
        try:
            decision = services.decision_update(
                actor=request.user, decision=decision, fields=form.cleaned_data
            )
        except Refused as error:
            refusal_to_form(form, error)
        else:
            messages.success(request, _("Đã lưu quyết định."))
            return redirect(decision)
    context = {"year": decision.year, "form": form, "decision": decision}
    return render(request, "awards/decision_form.html", context)


@require_POST
def decision_delete(request: HttpRequest, slug: str, year: int, pk: int) -> HttpResponse:
    decision = access.get_decision_for_user(request.user, slug, year, pk)
    cluster_access.require_secretariat(request.user, decision.year)
    try:
        services.decision_delete(actor=request.user, decision=decision)
    except Refused as error:
        _refused(request, error)
        return redirect(decision)
    messages.success(request, _("Đã xóa quyết định %(number)s.") % {"number": decision.number})
    return redirect("awards:year_awards", slug, year)


@require_http_methods(["GET", "HEAD", "POST"])
def recipient_create(request: HttpRequest, slug: str, year: int, pk: int) -> HttpResponse:
    decision = access.get_decision_for_user(request.user, slug, year, pk)
    cluster_access.require_secretariat(request.user, decision.year)
    if refused := _refuse_if_closed(request, decision.year, decision):
        return refused
    form = RecipientForm(*_bound(request), year=decision.year, decision=decision)
    if request.method == "POST" and form.is_valid():
        try:
            services.recipient_create(
                actor=request.user, decision=decision, fields=form.cleaned_data
            )
        except Refused as error:
            refusal_to_form(form, error)
        else:
            messages.success(request, _("Đã thêm %(name)s.") % {"name": form.cleaned_data["name"]})
            if "another" in request.POST:
                return redirect("awards:recipient_create", slug, year, pk)
            return redirect(decision)
    context = {"year": decision.year, "decision": decision, "form": form, "recipient": None}
    return render(request, "awards/recipient_form.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
def recipient_edit(request: HttpRequest, slug: str, year: int, pk: int, rid: int) -> HttpResponse:
    decision = access.get_decision_for_user(request.user, slug, year, pk)
    recipient = access.get_recipient_for_user(request.user, decision, rid)
    cluster_access.require_secretariat(request.user, decision.year)
    if refused := _refuse_if_closed(request, decision.year, decision):
        return refused
    form = RecipientForm(*_bound(request), instance=recipient, year=decision.year)
    if request.method == "POST" and form.is_valid():
        try:
            recipient = services.recipient_update(
                actor=request.user, recipient=recipient, fields=form.cleaned_data
            )
        except Refused as error:
            refusal_to_form(form, error)
        else:
            messages.success(request, _("Đã lưu %(name)s.") % {"name": recipient.name})
            return redirect(decision)
    context = {"year": decision.year, "decision": decision, "form": form, "recipient": recipient}
    return render(request, "awards/recipient_form.html", context)


@require_POST
def recipient_delete(request: HttpRequest, slug: str, year: int, pk: int, rid: int) -> HttpResponse:
    decision = access.get_decision_for_user(request.user, slug, year, pk)
    recipient = access.get_recipient_for_user(request.user, decision, rid)
    cluster_access.require_secretariat(request.user, decision.year)
    try:
        services.recipient_delete(actor=request.user, recipient=recipient)
    except Refused as error:
        _refused(request, error)
    else:
        messages.success(request, _("Đã xóa %(name)s.") % {"name": recipient.name})
    return redirect(decision)


@require_http_methods(["GET", "HEAD", "POST"])
def recipients_import(request: HttpRequest, slug: str, year: int, pk: int) -> HttpResponse:
    decision = access.get_decision_for_user(request.user, slug, year, pk)
    cluster_access.require_secretariat(request.user, decision.year)
    if refused := _refuse_if_closed(request, decision.year, decision):
        return refused
    form = ImportForm(*_bound(request, files=True))
    cell_errors: list = []
    if request.method == "POST" and form.is_valid():
        upload, replace = form.cleaned_data["file"], form.cleaned_data["replace"]
        try:
            if import_jobs.is_big(upload):  # read, checked and imported in the background
                job = import_jobs.import_request(
                    actor=request.user, decision=decision, upload=upload, replace=replace
                )
                return redirect(import_job_url(decision, job.pk))
            parsed, cell_errors = import_jobs.check_workbook(decision, upload)
            if not cell_errors:
                created = services.recipients_import(
                    actor=request.user, decision=decision, rows=parsed, replace=replace
                )
                messages.success(request, _("Đã nhập %(count)d dòng.") % {"count": len(created)})
                return redirect(decision)
        except excel.WorkbookError as error:
            form.add_error("file", str(error))
        except Refused as error:
            refusal_to_form(form, error)
    # Every error counted, the first ones listed: a broken file does not fill the page.
    listed = uploads.ErrorList()
    for error in cell_errors:
        listed.add(error)
    context = {
        "year": decision.year,
        "decision": decision,
        "form": form,
        "cell_errors": listed.kept,
        "error_count": listed.total,
        "more_errors": listed.more_text(),
    }
    return render(request, "awards/recipients_import.html", context)


def import_job_url(decision: Decision, job: int) -> str:
    return reverse(
        "awards:recipients_import_job",
        args=[decision.year.cluster.slug, decision.year.year, decision.pk, job],
    )


@require_safe
def recipients_import_job(
    request: HttpRequest, slug: str, year: int, pk: int, job: int
) -> HttpResponse:
    """A big workbook's import (awards/import_jobs.py): waiting, then its outcome; the page
    refreshes itself while the job runs. The secretariat's, as the import is."""
    decision = access.get_decision_for_user(request.user, slug, year, pk)
    cluster_access.require_secretariat(request.user, decision.year)
    found = get_object_or_404(RecipientImportJob, pk=job, decision=decision)
    context = {"year": decision.year, "decision": decision, "job": found}
    return render(request, "awards/recipients_import_job.html", context)


@require_safe
def recipients_export(request: HttpRequest, slug: str, year: int, pk: int) -> HttpResponse:
    decision = access.get_decision_for_user(request.user, slug, year, pk)
    rows = (
        excel.ExportRow(
            kind=r.kind,
            name=r.name,
            position=r.position,
            organisation=r.organisation,
            unit=r.unit.name if r.unit else "",
            award_type=r.award_type.name,
            achievement=r.achievement,
        )
        for r in decision.recipients.select_related("award_type", "unit")
    )
    filename = f"khen-thuong-{_decision_slug(decision)}.xlsx"
    return _file_response(excel.export_recipients(rows), XLSX, filename)


@require_safe
def import_template(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    emulation_year = cluster_access.get_year_for_user(request.user, slug, year)
    units = Unit.objects.filter(memberships__year=emulation_year).order_by("search_name")
    content = excel.build_template(
        units=list(units.values_list("name", flat=True)),
        award_types=list(AwardType.objects.filter(is_active=True).values_list("name", flat=True)),
    )
    return _file_response(content, XLSX, f"mau-danh-sach-khen-thuong-{year}.xlsx")


def _with_decision(recipients, decision: Decision) -> list[Recipient]:
    for recipient in recipients:
        recipient.decision = decision
    return list(recipients)


def _certificate_pdf(
    request: HttpRequest,
    decision: Decision,
    render: Callable[[tuple[float, float]], bytes],
    filename: str,
    part: str,
    *,
    moved: bool = False,
) -> HttpResponse:
    """A certificate print (moved by the printer offset asked for when `moved`), or back to
    the decision with the reason it would print wrong. Like every draft, it is made once per
    version of the year's data (store.draft): `part` names the print, the offset is in the key."""
    try:
        offset = _printer_offset(request) if moved else (0.0, 0.0)
        pdf = store.draft(
            kind=CERTIFICATES_DRAFT,
            source=decision,
            year=decision.year,
            render=lambda: render(offset),
            part=f"{part}@{offset[0]:g},{offset[1]:g}",
        )
    except CertificateRefused as error:
        messages.error(request, error.message)
        return redirect(decision)
    return _file_response(pdf, "application/pdf", filename, inline=True)


def _printed_recipients(decision: Decision) -> list[Recipient]:
    """The decision's recipients as a print reads them; fetched inside the print's render, so
    that a print served from the draft cache costs no query for them."""
    return _with_decision(decision.recipients.select_related("award_type"), decision)


def _nothing_to_print(request: HttpRequest, decision: Decision) -> HttpResponse:
    messages.error(request, _("Quyết định chưa có người được khen thưởng."))
    return redirect(decision)


@require_safe
def decision_certificates(request: HttpRequest, slug: str, year: int, pk: int) -> HttpResponse:
    """The full model, 400 × 300 mm, one page per recipient. Above a few dozen recipients the
    certificates are made in the background (awards/certificate_jobs.py): their page."""
    from awards.certificate_jobs import SYNC_LIMIT
    from awards.certificate_views import job_url

    decision = access.get_decision_for_user(request.user, slug, year, pk)
    count = decision.recipients.count()
    if count > SYNC_LIMIT:
        return redirect(job_url(decision))
    if not count:
        return _nothing_to_print(request, decision)

    def render(_offset: tuple[float, float]) -> bytes:
        return render_certificates(_printed_recipients(decision), title=decision_title(decision))

    filename = f"bang-khen-{_decision_slug(decision)}.pdf"
    return _certificate_pdf(request, decision, render, filename, "full")


@require_safe
def recipient_certificate(
    request: HttpRequest, slug: str, year: int, pk: int, rid: int
) -> HttpResponse:
    decision = access.get_decision_for_user(request.user, slug, year, pk)
    recipient = access.get_recipient_for_user(request.user, decision, rid)
    return _certificate_pdf(
        request,
        decision,
        lambda _offset: render_certificates([recipient], title=recipient.name),
        f"bang-khen-{_decision_slug(decision)}-{recipient.pk}.pdf",
        f"recipient-{recipient.pk}",
    )


def _printer_offset(request: HttpRequest) -> tuple[float, float]:
    """The printer offset asked for (?may-in=, ?dx=, ?dy= in mm), else the configured one."""
    return printer_offset(
        request.GET.get("may-in", ""), request.GET.get("dx"), request.GET.get("dy")
    )


@require_safe
def decision_certificates_blank(
    request: HttpRequest, slug: str, year: int, pk: int
) -> HttpResponse:
    """Only the variable text, for the pre-printed blanks (phôi), moved by the printer offset.
    Above a few dozen recipients they are made in the background, as the full model is: their
    page, with the offset asked for."""
    from awards.certificate_jobs import SYNC_LIMIT, Kind
    from awards.certificate_views import job_url

    decision = access.get_decision_for_user(request.user, slug, year, pk)
    count = decision.recipients.count()
    if count > SYNC_LIMIT:
        asked = {key: request.GET[key] for key in ("may-in", "dx", "dy") if key in request.GET}
        return redirect(job_url(decision, Kind.BLANK) + (f"?{urlencode(asked)}" if asked else ""))
    if not count:
        return _nothing_to_print(request, decision)

    def render(offset: tuple[float, float]) -> bytes:
        return render_certificates_on_blanks(
            _printed_recipients(decision), title=decision_title(decision), offset=offset
        )

    filename = f"bang-khen-phoi-{_decision_slug(decision)}.pdf"
    return _certificate_pdf(request, decision, render, filename, "blank", moved=True)


@require_safe
def decision_certificate_calibration(
    request: HttpRequest, slug: str, year: int, pk: int
) -> HttpResponse:
    """The calibration sheet of the decision's layouts (per issuer and award type)."""
    decision = access.get_decision_for_user(request.user, slug, year, pk)
    codes = (
        decision.recipients.order_by("award_type__order")
        .values_list("award_type__code", flat=True)
        .distinct()
    )

    def render(offset: tuple[float, float]) -> bytes:
        layouts = calibration_layouts(decision.issuer, list(codes))
        return render_calibration(layouts, title=decision_title(decision), offset=offset)

    filename = f"can-chinh-phoi-{_decision_slug(decision)}.pdf"
    return _certificate_pdf(request, decision, render, filename, "calibration", moved=True)


_REGISTRY_ROW = (
    '<tr data-recipient="{}"><td>{}{}<br><small class="text-muted">{}</small></td><td>{}</td>'
    '<td>{}</td><td>{}</td><td><a href="{}">{}</a><br><small class="text-muted">{}</small></td>'
    "<td>{}</td></tr>"
)


def _registry_rows_html(rows: list[queries.RegistryRow]) -> SafeString:
    """The page's rows joined in Python: fifty rows of six cells were most of the template's
    nodes (issue 16: the registry's first page under 50 ms)."""
    sample = format_html(' <span class="badge badge-sample">{}</span>', _("dữ liệu mẫu"))
    return format_html_join(
        "\n",
        _REGISTRY_ROW,
        (
            (
                r.pk,
                r.name,
                sample if r.is_sample else "",
                r.kind,
                f"{r.position}, {r.organisation}" if r.position else r.organisation,
                r.unit or "—",
                r.award,
                r.decision_url,
                r.decision_number,
                r.cluster,
                r.year,
            )
            for r in rows
        ),
    )


@require_safe
def registry(request: HttpRequest) -> HttpResponse:
    years, units, award_types = queries.registry_choices(request.user)
    form = RegistryForm(request.GET or None, years=years, units=units, award_types=award_types)
    filters = queries.RegistryFilters(**form.valid_values()) if request.GET else None
    recipients = queries.registry(request.user, filters or queries.RegistryFilters())
    page = queries.registry_page(
        recipients,
        page=request.GET.get("page"),
        after=request.GET.get("after"),
        before=request.GET.get("before"),
        size=PAGE_SIZE,
    )
    query = request.GET.copy()
    for key in ("page", "after", "before"):
        query.pop(key, None)
    # The links carry a cursor (the row they continue from): the next page reads on from the
    # name index instead of skipping every row before it; the page number is shown only.
    links = {}
    if page.has_previous:
        back = query.copy()
        back["page"] = str(page.number - 1)
        if page.number > 2:
            back["before"] = queries.cursor_of(page.rows[0])
        links["previous"] = back.urlencode()
    if page.has_next:
        onward = query.copy()
        onward["page"] = str(page.number + 1)
        onward["after"] = queries.cursor_of(page.rows[-1])
        links["next"] = onward.urlencode()
    context = {
        "form": form,
        "filters": form.options(),
        "page": page,
        "rows_html": _registry_rows_html(queries.registry_rows(page.rows)),
        "links": links,
        "total": page.total,
    }
    return render(request, "awards/registry.html", context)


@require_safe
def decision_document(request: HttpRequest, slug: str, year: int, pk: int) -> HttpResponse:
    """The decision itself (Quyết định) as a PDF, or ?format=html for the same page."""
    from awards.decision_documents import (
        decision_filename,
        decision_html,
        decision_pdf,
        has_recipients,
    )

    decision = access.get_decision_for_user(request.user, slug, year, pk)
    if not has_recipients(decision):
        messages.error(
            request,
            _(
                "Chưa in được quyết định: quyết định chưa có người được khen thưởng. "
                "Hãy thêm tập thể, cá nhân vào danh sách trước."
            ),
        )
        return redirect(decision)
    if request.GET.get("format") == "html":
        return HttpResponse(decision_html(decision))
    from awards.final_documents import DECISION, stored_decision

    return store.download(
        stored_decision(decision),
        kind=DECISION,
        source=decision,
        year=decision.year,
        render=lambda: decision_pdf(decision),
        filename=decision_filename(decision),
    )
