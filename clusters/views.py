from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.db import DatabaseError, connection
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from clusters import access, closing, dashboard_table, flow, queries, services, timeline, work
from clusters.forms import (
    ActivityFilterForm,
    PhaseMoveForm,
    RepresentativeForm,
    TimelineForm,
    YearCloseForm,
    YearForm,
)
from clusters.links import slug_url
from clusters.models import AuditEvent, EmulationYear, Representative, Unit, User
from clusters.services import Refused, refusal_to_form

FORM_METHODS = ["GET", "HEAD", "POST"]
EVENTS_PER_PAGE = 50


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    """The person's page of work ("Việc của tôi"), their current year and their clusters."""
    user = request.user
    # The year the person works in, per cluster; with several (a province in the central
    # cluster and organising its own), they pick the cluster (?cum=<slug>), else the first.
    landings = work.landings(user)
    chosen = next((x for x in landings if x.cluster.slug == request.GET.get("cum")), None)
    year = (chosen or landings[0]).year if landings else None
    context = {
        "clusters": access.visible_clusters(user),
        "landings": landings if len(landings) > 1 else [],
        "current": year,
        "current_links": flow.year_links(year) if year else [],
        "councils": access.visible_councils(user),
        "has_work": work.has_work(user),
        "work": work.work_for(user, timezone.localdate()),
    }
    return render(request, "clusters/home.html", context)


@require_safe
def cluster_detail(request: HttpRequest, slug: str) -> HttpResponse:
    cluster = access.get_cluster_for_user(request.user, slug)
    overview = queries.cluster_overview(cluster, unit_url=slug_url("clusters:unit_detail"))
    context = {"cluster": cluster, "overview": overview}
    return render(request, "clusters/cluster_detail.html", context)


@require_safe
def year_detail(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    emulation_year = access.get_year_for_user(request.user, slug, year)
    secretariat = access.is_secretariat(request.user, emulation_year)
    members = dashboard_table.members_table(request.user, emulation_year, secretariat)
    context = {
        "year": emulation_year,
        "cluster": emulation_year.cluster,
        "members_table": members.html,
        "timeline_html": members.timeline_html,
        "has_head": members.has_head,
        "is_secretariat": secretariat,
        "year_links": flow.year_links(emulation_year),
        "other_years": emulation_year.cluster.years.order_by("-year").values_list(
            "year", flat=True
        ),
    }
    return render(request, "clusters/year_detail.html", context)


@require_http_methods(FORM_METHODS)
def year_edit(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    emulation_year = access.get_year_for_user(request.user, slug, year)
    access.require_secretariat(request.user, emulation_year)
    try:
        services.refuse_if_closed(emulation_year)
    except Refused as refusal:
        messages.error(request, refusal.message)
        return redirect(emulation_year)
    form = YearForm(request.POST or None, instance=emulation_year)
    if request.method == "POST" and form.is_valid():
        try:
            services.year_update(actor=request.user, year=emulation_year, **form.cleaned_data)
        except Refused as refusal:
            refusal_to_form(form, refusal)
        else:
            messages.success(request, _("Đã lưu thông tin năm thi đua."))
            return redirect(emulation_year)
    return render(request, "clusters/year_form.html", {"year": emulation_year, "form": form})


def _open_year_for_secretariat(request: HttpRequest, slug: str, year: int) -> EmulationYear:
    emulation_year = access.get_year_for_user(request.user, slug, year)
    access.require_secretariat(request.user, emulation_year)
    return emulation_year


@require_http_methods(FORM_METHODS)
def year_timeline(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    """The secretariat sets each phase's dates and the days allowed to answer an adjustment."""
    emulation_year = _open_year_for_secretariat(request, slug, year)
    if emulation_year.is_closed:
        messages.error(request, _("Năm thi đua đã tổng kết, không thể sửa đổi."))
        return redirect(emulation_year)
    form = TimelineForm(request.POST or None, year=emulation_year)
    if request.method == "POST" and form.is_valid():
        try:
            services.timeline_save(
                actor=request.user,
                year=emulation_year,
                rows=form.rows(),
                reason=form.cleaned_data["reason"],
                answer_days=form.cleaned_data["answer_days"],
            )
        except Refused as refusal:
            refusal_to_form(form, refusal)
        else:
            messages.success(request, _("Đã lưu các mốc thời gian của năm thi đua."))
            return redirect(emulation_year)
    context = {"year": emulation_year, "cluster": emulation_year.cluster, "form": form}
    return render(request, "clusters/year_timeline.html", context)


@require_http_methods(FORM_METHODS)
def year_phase(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    """Moving to another phase: what it opens, what it locks, what remains; then confirm."""
    emulation_year = _open_year_for_secretariat(request, slug, year)
    if emulation_year.is_closed:
        messages.error(request, _("Năm thi đua đã tổng kết, không thể sửa đổi."))
        return redirect(emulation_year)
    current = emulation_year.phase
    wanted = request.POST.get("to_phase") or request.GET.get("to") or ""
    to_phase = (
        wanted
        if wanted in timeline.ORDER and wanted not in (current, EmulationYear.Phase.CLOSED)
        else timeline.next_phase(current)
    )
    if to_phase is None:  # the conference: what follows is closing the year
        messages.info(request, _("Giai đoạn tiếp theo là khép lại năm thi đua."))
        return redirect(emulation_year)
    form = PhaseMoveForm(request.POST or None, initial={"to_phase": to_phase})
    if request.method == "POST" and form.is_valid():
        try:
            services.year_phase_advance(
                actor=request.user,
                year=emulation_year,
                to_phase=form.cleaned_data["to_phase"],
                confirm=form.cleaned_data["confirm"],
                reason=form.cleaned_data["reason"],
            )
        except Refused as refusal:
            if refusal.field == "to_phase":  # a hidden field: the reason goes on top
                form.add_error(None, refusal.message)
            else:
                refusal_to_form(form, refusal)
        else:
            messages.success(
                request,
                _("Năm thi đua đã chuyển sang giai đoạn “%(phase)s”.")
                % {"phase": EmulationYear.Phase(to_phase).label},
            )
            return redirect(emulation_year)
    backward = timeline.ORDER.index(to_phase) < timeline.ORDER.index(current)
    passed = timeline.skipped(current, to_phase)
    context = {
        "year": emulation_year,
        "cluster": emulation_year.cluster,
        "form": form,
        "current_label": emulation_year.get_phase_display(),
        "to_label": EmulationYear.Phase(to_phase).label,
        "backward": backward,
        # Going back lifts what the current phase locked; going forward opens and locks these.
        "facts": timeline.FACTS[current] if backward else timeline.move_facts(current, to_phase),
        "passed": [
            (EmulationYear.Phase(phase).label, remaining)
            for phase, remaining in services.phase_pending(emulation_year, passed).items()
        ],
        # The moves the year can make: back one phase where allowed, or forward, short of closing.
        "choices": [(value, EmulationYear.Phase(value).label) for value in timeline.moves(current)],
        "to_phase": to_phase,
    }
    return render(request, "clusters/year_phase.html", context)


@require_http_methods(FORM_METHODS)
def year_close(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    """The closing page: what blocks, what the secretariat confirms it has seen; then closing."""
    emulation_year = access.get_year_for_user(request.user, slug, year)
    access.require_secretariat(request.user, emulation_year)
    try:
        services.refuse_if_closed(emulation_year)
    except Refused as refusal:
        messages.error(request, refusal.message)
        return redirect(emulation_year)
    problems = closing.close_problems(emulation_year)
    blockers = [p for p in problems if p.blocking]
    data = request.POST if request.method == "POST" else None
    form = YearCloseForm(data, warnings_digest=closing.warnings_digest(problems))
    if data is not None and blockers:
        messages.error(request, _("Chưa thể khép lại năm thi đua: còn việc chưa xong."))
        return redirect("clusters:year_close", slug, year)
    if data is not None and form.is_valid():
        try:
            following = closing.year_close(
                actor=request.user, year=emulation_year, seen_warnings=form.seen()
            )
        except closing.YearNotReady as refusal:
            # Something changed since the page was read: show the list as it is now.
            problems = refusal.problems
            blockers = refusal.blockers
            digest = closing.warnings_digest(problems)
            form = YearCloseForm({"seen_warnings": digest}, warnings_digest=digest)
            form.is_valid()  # unticked: the warnings as they are now are confirmed again
            messages.error(request, _("Danh sách đã thay đổi từ khi trang được mở: hãy xem lại."))
        except Refused as refusal:
            messages.error(request, refusal.message)
            return redirect(emulation_year)
        else:
            messages.success(
                request,
                _("Đã khép lại năm %(year)d và mở năm thi đua %(next)d.")
                % {"year": emulation_year.year, "next": following.year},
            )
            return redirect(following)
    context = {
        "year": emulation_year,
        "cluster": emulation_year.cluster,
        "blockers": blockers,
        "warnings": [p for p in problems if not p.blocking],
        "form": form,
    }
    return render(request, "clusters/year_close.html", context)


@require_http_methods(FORM_METHODS)
def representative_edit(request: HttpRequest, slug: str, year: int, unit: str) -> HttpResponse:
    emulation_year = access.get_year_for_user(request.user, slug, year)
    member = access.get_member_unit_for_user(request.user, emulation_year, unit)
    access.require_unit_editor(request.user, emulation_year, member)
    try:
        services.refuse_if_closed(emulation_year)
    except Refused as refusal:
        messages.error(request, refusal.message)
        return redirect(emulation_year)
    instance = Representative.objects.filter(year=emulation_year, unit=member).first()
    if instance is None:
        instance = Representative(year=emulation_year, unit=member)
    form = RepresentativeForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        try:
            services.representative_save(
                actor=request.user, year=emulation_year, unit=member, **form.cleaned_data
            )
        except Refused as refusal:
            refusal_to_form(form, refusal)
        else:
            messages.success(
                request, _("Đã lưu người đại diện của %(unit)s.") % {"unit": member.name}
            )
            return redirect(emulation_year)
    context = {"year": emulation_year, "unit": member, "form": form}
    return render(request, "clusters/representative_form.html", context)


@require_safe
def year_activity(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    """The year's activity log: what everyone did in it, for its secretariat."""
    emulation_year = access.get_year_for_user(request.user, slug, year)
    access.require_secretariat(request.user, emulation_year)
    events = AuditEvent.objects.filter(year=emulation_year)
    form = ActivityFilterForm(
        request.GET or None,
        units=Unit.objects.filter(memberships__year=emulation_year).order_by("search_name"),
        people=User.objects.filter(pk__in=events.values("actor_id")).order_by("full_name"),
        with_sign_ins=False,
    )
    return _activity_page(request, form, events, year=emulation_year)


@require_safe
def activity(request: HttpRequest) -> HttpResponse:
    """The installation's activity log, sign-ins and lockouts included: administrators only."""
    access.require_administrator(request.user)
    events = AuditEvent.objects.all()
    form = ActivityFilterForm(
        request.GET or None,
        units=Unit.objects.order_by("search_name"),
        people=User.objects.filter(pk__in=events.values("actor_id")).order_by("full_name"),
        with_sign_ins=True,
    )
    return _activity_page(request, form, events.select_related("year__cluster"), year=None)


def _activity_page(
    request: HttpRequest,
    form: ActivityFilterForm,
    events: QuerySet[AuditEvent],
    *,
    year: EmulationYear | None,
) -> HttpResponse:
    events = form.apply(events.select_related("unit", "target_type").order_by("-at", "-pk"))
    page = Paginator(events, EVENTS_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "year": year,
        "cluster": year.cluster if year else None,
        "form": form,
        "page": page,
        "rows": queries.activity_rows(page.object_list),
    }
    return render(request, "clusters/activity.html", context)


@require_safe
def unit_detail(request: HttpRequest, slug: str) -> HttpResponse:
    unit = access.get_unit_for_user(request.user, slug)
    memberships = (
        unit.memberships.filter(year__cluster__in=access.visible_clusters(request.user))
        .select_related("year__cluster")
        .order_by("-year__year")
    )
    predecessors, successors = queries.lineage(unit)
    context = {
        "unit": unit,
        "memberships": memberships,
        "predecessors": predecessors,
        "successors": successors,
    }
    return render(request, "clusters/unit_detail.html", context)


@login_not_required
@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    """For load balancers and monitoring: no login, no session, one trivial query."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})
