from __future__ import annotations

from decimal import InvalidOperation

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from clusters import access
from clusters.audit import events_for
from clusters.models import EmulationYear, Unit
from clusters.services import Refused, refusal_to_form
from clusters.uploads import serve_upload, strip_control_characters
from scoring import queries, rules, services, sheet_cache
from scoring.access import (
    get_assessment_for_user,
    is_reviewer,
    require_reviewer,
    require_sheet_editor,
)
from scoring.dashboard import review_nav
from scoring.excel import LeafLine, unit_workbook
from scoring.forms import (
    AdjustmentForm,
    AnswerForm,
    CriterionForm,
    EvidenceForm,
    SheetSettingsForm,
    SheetVersionForm,
    WorkbookUploadForm,
)
from scoring.models import Adjustment, Assessment, CriteriaSheet, Criterion, Evidence
from scoring.ranking_cache import ranking_body

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# A page that shows a form and takes it back; actions take POST only; reading pages GET and HEAD.
FORM_PAGE = require_http_methods(["GET", "HEAD", "POST"])


# --- criteria sheet --------------------------------------------------------------------------


def _criteria_url(year: EmulationYear) -> str:
    return reverse("scoring:criteria", args=[year.cluster.slug, year.year])


@FORM_PAGE
def criteria(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    emulation_year = access.get_year_for_user(request.user, slug, year)
    sheet = CriteriaSheet.objects.filter(year=emulation_year).first()
    secretariat = access.is_secretariat(request.user, emulation_year)
    settings_form = None
    if secretariat and sheet is not None:
        settings_form = SheetSettingsForm(request.POST or None, instance=sheet)
        if request.method == "POST" and settings_form.is_valid():
            try:
                services.sheet_settings_save(
                    actor=request.user,
                    sheet=sheet,
                    tie_breakers=settings_form.cleaned_data["tie_breakers"],
                )
            except Refused as error:
                messages.error(request, str(error))
            else:
                messages.success(request, _("Đã lưu tiêu chí phụ khi bằng điểm."))
            return redirect(_criteria_url(emulation_year))
    elif request.method == "POST":
        raise PermissionDenied
    editable = secretariat and emulation_year.phase in services.EDITABLE_CRITERIA_PHASES
    previous = (
        CriteriaSheet.objects.filter(
            year__cluster=emulation_year.cluster, year__year__lt=emulation_year.year
        )
        .order_by("-year__year")
        .first()
    )
    context = {
        "year": emulation_year,
        "cluster": emulation_year.cluster,
        "sheet": sheet,
        "rows": queries.sheet_rows(sheet, None).rows if sheet else [],
        "editable": editable,
        "previous": previous,
        "settings_form": settings_form,
        "history": events_for(sheet) if sheet else [],
    }
    return render(request, "scoring/criteria.html", context)


def _criterion_for_secretariat(request: HttpRequest, slug: str, year: int, pk: int | None):
    emulation_year = access.get_year_for_user(request.user, slug, year)
    access.require_secretariat(request.user, emulation_year)
    criterion = None
    if pk is not None:
        criterion = get_object_or_404(
            Criterion.objects.select_related("sheet__year__cluster"),
            pk=pk,
            sheet__year=emulation_year,
        )
    return emulation_year, criterion


@FORM_PAGE
def criterion_edit(
    request: HttpRequest, slug: str, year: int, pk: int | None = None
) -> HttpResponse:
    emulation_year, criterion = _criterion_for_secretariat(request, slug, year, pk)
    if criterion is None:  # a GET writes nothing: the sheet is created with its first criterion
        sheet = CriteriaSheet.objects.filter(year=emulation_year).first()
        sheet = sheet or CriteriaSheet(year=emulation_year)
    else:
        sheet = criterion.sheet
    form = CriterionForm(request.POST or None, instance=criterion or Criterion(sheet=sheet))
    if request.method == "POST" and form.is_valid():
        try:
            services.criterion_save(actor=request.user, criterion=form.instance)
        except Refused as error:
            refusal_to_form(form, error)
        else:
            messages.success(request, _("Đã lưu tiêu chí %(code)s.") % {"code": form.instance.code})
            return redirect(_criteria_url(emulation_year))
    context = {"year": emulation_year, "form": form, "criterion": criterion}
    return render(request, "scoring/criterion_form.html", context)


@require_POST
def criterion_delete(request: HttpRequest, slug: str, year: int, pk: int) -> HttpResponse:
    emulation_year, criterion = _criterion_for_secretariat(request, slug, year, pk)
    try:
        services.criterion_delete(actor=request.user, criterion=criterion)
        messages.success(request, _("Đã xóa tiêu chí %(code)s.") % {"code": criterion.code})
    except Refused as error:
        messages.error(request, str(error))
    return redirect(_criteria_url(emulation_year))


@require_POST
def criterion_move(request: HttpRequest, slug: str, year: int, pk: int) -> HttpResponse:
    emulation_year, criterion = _criterion_for_secretariat(request, slug, year, pk)
    try:
        services.criterion_move(
            actor=request.user, criterion=criterion, up=request.POST.get("direction") == "up"
        )
    except Refused as error:
        messages.error(request, str(error))
    return redirect(_criteria_url(emulation_year))


@require_POST
def criteria_copy(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    emulation_year = access.get_year_for_user(request.user, slug, year)
    access.require_secretariat(request.user, emulation_year)
    source = (
        CriteriaSheet.objects.filter(
            year__cluster=emulation_year.cluster, year__year__lt=emulation_year.year
        )
        .order_by("-year__year")
        .first()
    )
    if source is None:
        messages.error(request, _("Chưa có bảng tiêu chí của năm trước để sao chép."))
        return redirect(_criteria_url(emulation_year))
    try:
        target = services.sheet_get_or_create(year=emulation_year)
        count = services.criteria_copy(actor=request.user, source=source, target=target)
        messages.success(
            request,
            _("Đã sao chép %(count)d tiêu chí từ năm %(year)d.")
            % {"count": count, "year": source.year.year},
        )
    except Refused as error:
        messages.error(request, str(error))
    return redirect(_criteria_url(emulation_year))


# --- a unit's sheet --------------------------------------------------------------------------


def _sheet_url(year: EmulationYear, unit: Unit) -> str:
    return reverse("scoring:sheet", args=[year.cluster.slug, year.year, unit.slug])


def _entries_from_post(request: HttpRequest, rows) -> dict[int, services.Entry]:
    entries = {}
    for row in rows:
        if row.is_leaf:
            pk = row.criterion.pk
            entries[pk] = services.Entry(
                points=strip_control_characters(request.POST.get(f"points-{pk}", "")),
                explanation=strip_control_characters(request.POST.get(f"explanation-{pk}", "")),
            )
    return entries


def _unreadable_points(entries: dict[int, services.Entry]) -> dict[int, str]:
    """Typed points no rule can even compare (a number of 40 digits): refused here, by cell."""
    errors = {}
    for pk, entry in entries.items():
        try:
            rules.parse_points(entry.points)
        except rules.PointsError:
            pass  # the service says what is wrong with it
        except InvalidOperation:
            errors[pk] = _("Số quá lớn.")
    return errors


class _Link:
    """A URL pattern reversed once with a marker id, then filled in per row (200 rows, one
    reverse() each, were a visible share of the sheet's time)."""

    MARKER = 987654321

    def __init__(self, name: str, year: EmulationYear, unit: Unit) -> None:
        url = reverse(name, args=[year.cluster.slug, year.year, unit.slug, self.MARKER])
        self.head, self.tail = url.rsplit(str(self.MARKER), 1)

    def __call__(self, pk: int) -> str:
        return f"{self.head}{pk}{self.tail}"


def attach_links(data: queries.Sheet, year: EmulationYear, unit: Unit) -> None:
    """Each row's, evidence's and adjustment's links, built from one reverse() per pattern."""
    names = ("adjust", "evidence_download", "evidence_delete", "answer", "waive", "resolve")
    link = {name: _Link(f"scoring:{name}", year, unit) for name in names}
    for row in data.rows:
        if not row.is_leaf:
            continue
        row.adjust_url = link["adjust"](row.criterion.pk)
        for item in row.evidence:
            item.download_url = link["evidence_download"](item.pk)
            item.delete_url = link["evidence_delete"](item.pk)
        for adj in row.adjustments:
            adj.answer_url = link["answer"](adj.pk)
            adj.waive_url = link["waive"](adj.pk)
            adj.resolve_url = link["resolve"](adj.pk)


def _render_rows(request, year, unit, assessment, data, flags) -> sheet_cache.CachedRows:
    """A finalised sheet's rows as every reader sees them (read-only), for the cache."""
    context = {"year": year, "unit": unit, "sheet": data, **flags}
    return sheet_cache.CachedRows(
        rows_html=render_to_string("scoring/_sheet_rows.html", context, request=request),
        total_text=data.total_text,
        sections_text=data.sections_text,
        score_changes=queries.score_history(assessment),
    )


@FORM_PAGE
def sheet(request: HttpRequest, slug: str, year: int, unit: str) -> HttpResponse:
    emulation_year = access.get_year_for_user(request.user, slug, year)
    member, assessment = get_assessment_for_user(request.user, emulation_year, unit)
    criteria_sheet = CriteriaSheet.objects.filter(year=emulation_year).first()
    if criteria_sheet is None:
        raise Http404
    own_staff = access.is_own_unit_staff(request.user, member)
    secretariat = access.is_secretariat(request.user, emulation_year)  # asked once: one query
    reviewer = secretariat or is_reviewer(request.user, emulation_year, member)
    in_review = (
        assessment is not None
        and assessment.state in services.REVIEWABLE_STATES
        and emulation_year.phase in services.REVIEW_PHASES
        and not emulation_year.is_closed
    )
    cache_key = cached = None
    if (
        request.method != "POST"
        and assessment is not None
        and assessment.is_finalised
        and not in_review  # nobody answers or reviews a finalised sheet: one rendering for all
    ):
        cache_key = sheet_cache.key_for(
            assessment, criteria_sheet, emulation_year.cluster.slug, member.slug
        )
        cached = sheet_cache.get(cache_key)
    data = None if cached else queries.sheet_rows(criteria_sheet, assessment)
    status = 200
    if request.method == "POST":
        require_sheet_editor(request.user, member)
        entries = _entries_from_post(request, data.rows)
        version_form = SheetVersionForm(request.POST)
        try:
            if not version_form.is_valid():  # the page's hidden field, changed by hand
                raise Refused(_("Trang không hợp lệ; hãy mở lại bảng điểm rồi nhập lại."))
            if unreadable := _unreadable_points(entries):
                raise services.ValidationFailed(unreadable)
            assessment = services.assessment_save(
                actor=request.user,
                year=emulation_year,
                unit=member,
                version=version_form.cleaned_data["version"],
                entries=entries,
                submit="submit" in request.POST,
            )
        except Refused as error:
            # The sheet is shown again with what was typed, each cell's message next to it.
            messages.error(request, str(error))
            status = error.status
            errors = error.errors
            for row in data.rows:
                if row.is_leaf:
                    row.typed_points = entries[row.criterion.pk].points
                    row.typed_explanation = entries[row.criterion.pk].explanation
                    row.error = errors.get(row.criterion.pk, "")
        else:
            if assessment.is_draft:
                messages.success(request, _("Đã lưu bản nháp."))
            else:
                messages.success(request, _("Đã nộp bảng tự chấm điểm."))
            return redirect(_sheet_url(emulation_year, member))
    open_for_unit = emulation_year.phase in services.SELF_ASSESSMENT_PHASES
    flags = {
        "can_edit": own_staff
        and open_for_unit
        and not emulation_year.is_closed
        and (assessment is None or assessment.is_draft),
        "can_answer": own_staff and in_review,
        "can_review": reviewer and in_review,
    }
    if data is not None:
        attach_links(data, emulation_year, member)
    if cache_key and cached is None and not any(flags.values()):
        cached = _render_rows(request, emulation_year, member, assessment, data, flags)
        waiting = any(
            adj.answer_due and adj.outcome == Adjustment.Outcome.PENDING
            for row in data.rows
            for adj in row.adjustments
        )
        if not waiting:  # a line with a deadline reads differently tomorrow
            sheet_cache.put(cache_key, cached)
    context = {
        "year": emulation_year,
        "cluster": emulation_year.cluster,
        "unit": member,
        "assessment": assessment,
        "sheet": data,
        # The rows were rendered by our own autoescaping template (_render_rows), then cached.
        "rows_html": mark_safe(cached.rows_html) if cached else "",  # noqa: S308  # nosec B308 B703
        "sheet_total": cached.total_text if cached else data.total_text,
        "sheet_sections": cached.sections_text if cached else data.sections_text,
        **flags,
        "can_finalise": in_review and secretariat,
        "can_download": own_staff or secretariat,
        "score_changes": cached.score_changes
        if cached
        else (queries.score_history(assessment) if assessment else []),
        "history": events_for(assessment) if assessment else [],
        # The secretariat moves on from sheet to sheet (previous, next, next awaiting review).
        "review_nav": review_nav(emulation_year, member.pk) if secretariat else None,
        "evidence_form": EvidenceForm(year=emulation_year),
        "upload_form": WorkbookUploadForm(),
    }
    return render(request, "scoring/sheet.html", context, status=status)


@require_POST
def evidence_add(request: HttpRequest, slug: str, year: int, unit: str) -> HttpResponse:
    emulation_year = access.get_year_for_user(request.user, slug, year)
    member, _assessment = get_assessment_for_user(request.user, emulation_year, unit)
    require_sheet_editor(request.user, member)
    form = EvidenceForm(request.POST, request.FILES, year=emulation_year)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(_sheet_url(emulation_year, member))
    criterion = form.cleaned_data["criterion"]
    try:
        services.evidence_add(
            actor=request.user,
            year=emulation_year,
            unit=member,
            criterion=criterion,
            upload=form.cleaned_data["file"],
        )
        messages.success(
            request, _("Đã thêm minh chứng cho tiêu chí %(code)s.") % {"code": criterion.code}
        )
    except Refused as error:
        messages.error(request, str(error))
    return redirect(_sheet_url(emulation_year, member))


def _evidence_for_user(request: HttpRequest, slug: str, year: int, unit: str, pk: int):
    emulation_year = access.get_year_for_user(request.user, slug, year)
    member, assessment = get_assessment_for_user(request.user, emulation_year, unit)
    if assessment is None:
        raise Http404
    evidence = get_object_or_404(
        Evidence.objects.select_related("score"), pk=pk, score__assessment=assessment
    )
    return emulation_year, member, evidence


@require_safe
def evidence_download(
    request: HttpRequest, slug: str, year: int, unit: str, pk: int
) -> FileResponse:
    _year, _member, evidence = _evidence_for_user(request, slug, year, unit, pk)
    return serve_upload(
        evidence.file, name=evidence.original_name, content_type=evidence.content_type
    )


@require_POST
def evidence_delete(request: HttpRequest, slug: str, year: int, unit: str, pk: int) -> HttpResponse:
    emulation_year, member, evidence = _evidence_for_user(request, slug, year, unit, pk)
    require_sheet_editor(request.user, member)
    try:
        services.evidence_delete(actor=request.user, evidence=evidence)
        messages.success(request, _("Đã xóa minh chứng."))
    except Refused as error:
        messages.error(request, str(error))
    return redirect(_sheet_url(emulation_year, member))


# --- review ----------------------------------------------------------------------------------


def _submitted_sheet(request: HttpRequest, slug: str, year: int, unit: str):
    emulation_year = access.get_year_for_user(request.user, slug, year)
    member, assessment = get_assessment_for_user(request.user, emulation_year, unit)
    if assessment is None or assessment.is_draft:
        raise Http404
    return emulation_year, member, assessment


@require_POST
def adjust(request: HttpRequest, slug: str, year: int, unit: str, criterion: int) -> HttpResponse:
    emulation_year, member, assessment = _submitted_sheet(request, slug, year, unit)
    require_reviewer(request.user, emulation_year, member)
    target = get_object_or_404(Criterion, pk=criterion, sheet__year=emulation_year)
    form = AdjustmentForm(request.POST)
    if form.is_valid():
        try:
            services.adjustment_create(
                actor=request.user,
                assessment=assessment,
                criterion=target,
                new_points=form.cleaned_data["new_points"],
                reason=form.cleaned_data["reason"],
            )
            messages.success(
                request, _("Đã điều chỉnh điểm tiêu chí %(code)s.") % {"code": target.code}
            )
        except Refused as error:
            messages.error(request, str(error))
    else:
        messages.error(request, _("Điều chỉnh điểm cần điểm mới và lý do."))
    return redirect(_sheet_url(emulation_year, member))


def _adjustment(assessment: Assessment, pk: int) -> Adjustment:
    return get_object_or_404(
        Adjustment.objects.select_related("score__assessment"), pk=pk, score__assessment=assessment
    )


@require_POST
def answer(request: HttpRequest, slug: str, year: int, unit: str, pk: int) -> HttpResponse:
    emulation_year, member, assessment = _submitted_sheet(request, slug, year, unit)
    require_sheet_editor(request.user, member)
    adjustment = _adjustment(assessment, pk)
    form = AnswerForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Nhập nội dung giải trình."))
        return redirect(_sheet_url(emulation_year, member))
    try:
        services.adjustment_answer(
            actor=request.user, adjustment=adjustment, answer=form.cleaned_data["answer"]
        )
        messages.success(request, _("Đã gửi giải trình."))
    except Refused as error:
        messages.error(request, str(error))
    return redirect(_sheet_url(emulation_year, member))


@require_POST
def waive(request: HttpRequest, slug: str, year: int, unit: str, pk: int) -> HttpResponse:
    """The unit's officer says the unit will not answer this adjustment."""
    emulation_year, member, assessment = _submitted_sheet(request, slug, year, unit)
    require_sheet_editor(request.user, member)
    adjustment = _adjustment(assessment, pk)
    try:
        services.adjustment_waive(actor=request.user, adjustment=adjustment)
        messages.success(request, _("Đã xác nhận đơn vị không giải trình điều chỉnh này."))
    except Refused as error:
        messages.error(request, str(error))
    return redirect(_sheet_url(emulation_year, member))


@require_POST
def resolve(request: HttpRequest, slug: str, year: int, unit: str, pk: int) -> HttpResponse:
    emulation_year, member, assessment = _submitted_sheet(request, slug, year, unit)
    require_reviewer(request.user, emulation_year, member)
    adjustment = _adjustment(assessment, pk)
    try:
        services.adjustment_resolve(
            actor=request.user,
            adjustment=adjustment,
            keep=request.POST.get("outcome") != "withdraw",
        )
        messages.success(request, _("Đã kết luận điều chỉnh."))
    except Refused as error:
        messages.error(request, str(error))
    return redirect(_sheet_url(emulation_year, member))


@require_POST
def finalise(request: HttpRequest, slug: str, year: int, unit: str) -> HttpResponse:
    emulation_year, member, assessment = _submitted_sheet(request, slug, year, unit)
    access.require_secretariat(request.user, emulation_year)
    try:
        services.assessment_finalise(actor=request.user, assessment=assessment)
        messages.success(request, _("Đã hoàn tất bảng điểm của %(unit)s.") % {"unit": member.name})
    except Refused as error:
        messages.error(request, str(error))
    return redirect(_sheet_url(emulation_year, member))


# --- Excel -----------------------------------------------------------------------------------


@require_safe
def workbook_download(request: HttpRequest, slug: str, year: int, unit: str) -> HttpResponse:
    emulation_year = access.get_year_for_user(request.user, slug, year)
    member, assessment = get_assessment_for_user(request.user, emulation_year, unit)
    if not (
        access.is_own_unit_staff(request.user, member)
        or access.is_secretariat(request.user, emulation_year)
    ):
        raise PermissionDenied
    criteria_sheet = get_object_or_404(CriteriaSheet, year=emulation_year)
    data = queries.sheet_rows(criteria_sheet, assessment)
    lines = [
        LeafLine(
            code=row.criterion.code,
            text=row.criterion.text,
            kind=row.criterion.kind,
            max_points=row.criterion.max_points if row.is_leaf else None,
            points=row.score.self_points if row.score else None,
            explanation=row.score.explanation if row.score else "",
        )
        for row in data.rows
    ]
    identity = services.workbook_identity(emulation_year, member, criteria_sheet)
    content = unit_workbook(identity, member.name, lines)
    response = HttpResponse(content, content_type=XLSX)
    filename = f"bang-diem-{emulation_year.year}-{member.slug}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_POST
def workbook_upload(request: HttpRequest, slug: str, year: int, unit: str) -> HttpResponse:
    emulation_year = access.get_year_for_user(request.user, slug, year)
    member, _assessment = get_assessment_for_user(request.user, emulation_year, unit)
    require_sheet_editor(request.user, member)
    form = WorkbookUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        for error in form.errors.get("file", []):
            messages.error(request, error)
        return redirect(_sheet_url(emulation_year, member))
    try:
        services.assessment_import(
            actor=request.user,
            year=emulation_year,
            unit=member,
            data=form.cleaned_data["file"].read(),
        )
        messages.success(request, _("Đã nhập bảng điểm từ tệp Excel (bản nháp)."))
    except Refused as error:
        messages.error(request, str(error))
        for line in error.errors.values():  # an import's errors, cell by cell
            messages.error(request, line)
    return redirect(_sheet_url(emulation_year, member))


# --- ranking ---------------------------------------------------------------------------------


@require_safe
def ranking(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    emulation_year = access.get_year_for_user(request.user, slug, year)
    context = {
        "year": emulation_year,
        "cluster": emulation_year.cluster,
        # The same for every reader: cached by the version of the cluster's data.
        "body": ranking_body(emulation_year),
    }
    return render(request, "scoring/ranking.html", context)


@require_safe
def consolidated(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    """The consolidated scores workbook: everyone of the cluster who reads the ranking (members
    and viewers) may download it; another cluster's year answers 404."""
    emulation_year = access.get_year_for_user(request.user, slug, year)
    content = queries.consolidated_table(emulation_year)
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="tong-hop-{emulation_year.year}.xlsx"'
    return response
