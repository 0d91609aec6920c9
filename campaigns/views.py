"""Pages of campaigns, campaign reports and the covenant. Check access, validate, call, render."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from campaigns import access, documents, rules, services
from campaigns.forms import (
    ClauseFormSet,
    CovenantForm,
    IndicatorFormSet,
    ReportForm,
    SignatureForm,
    YearCampaignsForm,
)
from campaigns.models import CampaignReport, Covenant, CovenantSignature
from clusters import access as cluster_access
from clusters.access import visible_cluster_ids
from clusters.links import slug_url
from clusters.models import EmulationYear
from clusters.queries import role_order


def _covenant_url(year: EmulationYear) -> str:
    return reverse("campaigns:covenant_detail", args=[year.cluster.slug, year.year])


def _year_campaigns_url(year: EmulationYear) -> str:
    return reverse("campaigns:year_campaigns", args=[year.cluster.slug, year.year])


def _sorted_memberships(year: EmulationYear) -> list:
    return sorted(year.memberships.select_related("unit"), key=role_order)


def _posted(request: HttpRequest):
    """The submitted data, or None for a GET: an empty POST (nothing ticked) is still a POST."""
    return request.POST if request.method == "POST" else None


def _refused(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


# --- The campaign registry


@require_GET
def campaign_list(request: HttpRequest) -> HttpResponse:
    campaigns = access.visible_campaigns(request.user).select_related(
        "launcher_unit", "launcher_cluster"
    )
    return render(request, "campaigns/campaign_list.html", {"campaigns": campaigns})


@require_GET
def campaign_detail(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = access.get_campaign_for_user(request.user, pk)
    years = campaign.years.select_related("cluster").order_by("cluster__name", "-year")
    ids = visible_cluster_ids(request.user)
    if ids is not None:
        years = years.filter(cluster_id__in=ids)
    return render(request, "campaigns/campaign_detail.html", {"campaign": campaign, "years": years})


# --- The campaigns a year follows, and each unit's pledges and results


@require_GET
def year_campaigns(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    emulation_year = cluster_access.get_year_for_user(request.user, slug, year)
    campaigns = list(emulation_year.campaigns.order_by("-launched_on", "title"))
    memberships = _sorted_memberships(emulation_year)
    reports = {
        (r.campaign_id, r.unit_id): r
        for r in CampaignReport.objects.filter(year=emulation_year).only(
            "campaign_id", "unit_id", "registration", "report", "updated_at"
        )
    }
    report_urls = {c.pk: slug_url("campaigns:report_detail", slug, year, c.pk) for c in campaigns}
    rows = [
        {
            "unit": m.unit,
            "cells": [
                {
                    "campaign": c,
                    "report": reports.get((c.pk, m.unit_id)),
                    "url": report_urls[c.pk](m.unit.slug),
                }
                for c in campaigns
            ],
        }
        for m in memberships
    ]
    context = {
        "year": emulation_year,
        "cluster": emulation_year.cluster,
        "campaigns": campaigns,
        "rows": rows,
        "is_secretariat": cluster_access.is_secretariat(request.user, emulation_year),
    }
    return render(request, "campaigns/year_campaigns.html", context)


@require_http_methods(["GET", "POST"])
def year_campaigns_edit(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    emulation_year = cluster_access.get_year_for_user(request.user, slug, year)
    cluster_access.require_secretariat(request.user, emulation_year)
    if emulation_year.is_closed:
        messages.error(request, _("Năm thi đua đã tổng kết, không thể thay đổi."))
        return redirect(_year_campaigns_url(emulation_year))
    form = YearCampaignsForm(
        _posted(request),
        queryset=access.visible_campaigns(request.user),
        initial={"campaigns": list(emulation_year.campaigns.values_list("pk", flat=True))},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.year_campaigns_set(
                year=emulation_year, user=request.user, campaigns=form.cleaned_data["campaigns"]
            )
        except ValidationError as error:
            _refused(request, error)
        else:
            messages.success(request, _("Đã lưu các phong trào của năm thi đua."))
        return redirect(_year_campaigns_url(emulation_year))
    context = {"year": emulation_year, "form": form}
    return render(request, "campaigns/year_campaigns_form.html", context)


def _report_objects(request: HttpRequest, slug: str, year: int, campaign: int, unit: str):
    emulation_year = cluster_access.get_year_for_user(request.user, slug, year)
    followed = access.get_year_campaign_for_user(request.user, emulation_year, campaign)
    member = cluster_access.get_member_unit_for_user(request.user, emulation_year, unit)
    report = (
        CampaignReport.objects.filter(campaign=followed, year=emulation_year, unit=member)
        .select_related("updated_by")
        .first()
    )
    return emulation_year, followed, member, report


@require_GET
def report_detail(
    request: HttpRequest, slug: str, year: int, campaign: int, unit: str
) -> HttpResponse:
    emulation_year, followed, member, report = _report_objects(request, slug, year, campaign, unit)
    context = {
        "year": emulation_year,
        "campaign": followed,
        "unit": member,
        "report": report,
        "indicators": list(report.indicators.all()) if report else [],
        "can_edit": not emulation_year.is_closed
        and cluster_access.is_own_unit_staff(request.user, member),
    }
    return render(request, "campaigns/report_detail.html", context)


@require_http_methods(["GET", "POST"])
def report_edit(
    request: HttpRequest, slug: str, year: int, campaign: int, unit: str
) -> HttpResponse:
    emulation_year, followed, member, report = _report_objects(request, slug, year, campaign, unit)
    access.require_own_unit_staff(request.user, member)
    detail_url = reverse("campaigns:report_detail", args=[slug, year, campaign, unit])
    if emulation_year.is_closed:
        messages.error(request, _("Năm thi đua đã tổng kết, không thể thay đổi."))
        return redirect(detail_url)
    initial = {}
    indicators = []
    if report is not None:
        initial = {"registration": report.registration, "report": report.report}
        indicators = [
            {"name": i.name, "measure": i.measure, "target": i.target, "achieved": i.achieved}
            for i in report.indicators.all()
        ]
    form = ReportForm(_posted(request), initial=initial)
    formset = IndicatorFormSet(_posted(request), initial=indicators, prefix="indicators")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        rows = [
            services.IndicatorInput(
                name=data["name"],
                measure=data.get("measure", ""),
                target=data["target"],
                achieved=data.get("achieved"),
            )
            for data in formset.cleaned_data
            if data and not data.get("DELETE")
        ]
        try:
            services.campaign_report_save(
                year=emulation_year,
                campaign=followed,
                unit=member,
                user=request.user,
                registration=form.cleaned_data["registration"],
                report=form.cleaned_data["report"],
                indicators=rows,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("Đã lưu đăng ký và kết quả của %(unit)s.") % {"unit": member.name}
            )
            return redirect(detail_url)
    elif request.method == "POST":
        messages.error(request, _("Chưa lưu: hãy sửa các ô báo lỗi."))
    context = {
        "year": emulation_year,
        "campaign": followed,
        "unit": member,
        "form": form,
        "formset": formset,
        "detail_url": detail_url,
    }
    return render(request, "campaigns/report_form.html", context)


# --- The covenant


@require_GET
def covenant_detail(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    emulation_year = cluster_access.get_year_for_user(request.user, slug, year)
    versions = list(emulation_year.covenants.order_by("-version"))
    covenant = versions[0] if versions else None
    secretariat = cluster_access.is_secretariat(request.user, emulation_year)
    memberships = _sorted_memberships(emulation_year)
    signatures: dict[int, CovenantSignature] = {}
    clauses = []
    if covenant is not None:
        covenant.year = emulation_year
        signatures = {s.unit_id: s for s in covenant.signatures.select_related("recorded_by")}
        clauses = list(covenant.clauses.all())
    is_open = covenant is not None and covenant.state == Covenant.State.OPEN
    can_change = not emulation_year.is_closed
    rows = [
        {
            "membership": m,
            "signature": signatures.get(m.unit_id),
            "can_sign": can_change
            and is_open
            and m.unit_id not in signatures
            and cluster_access.is_own_unit_staff(request.user, m.unit),
            "sign_url": reverse("campaigns:covenant_sign", args=[slug, year, m.unit.slug]),
        }
        for m in memberships
    ]
    context = {
        "year": emulation_year,
        "cluster": emulation_year.cluster,
        "covenant": covenant,
        "versions": versions,
        "clauses": clauses,
        "rows": rows,
        "still_to_sign": [r["membership"].unit for r in rows if not r["signature"]]
        if is_open
        else [],
        "is_secretariat": secretariat,
        "can_edit": can_change
        and secretariat
        and (covenant is None or covenant.state == Covenant.State.DRAFT),
        "can_open": can_change
        and secretariat
        and covenant is not None
        and covenant.state == Covenant.State.DRAFT,
        "can_amend": can_change and secretariat and covenant is not None and covenant.is_signed,
    }
    return render(request, "campaigns/covenant_detail.html", context)


@require_http_methods(["GET", "POST"])
def covenant_edit(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    emulation_year = cluster_access.get_year_for_user(request.user, slug, year)
    cluster_access.require_secretariat(request.user, emulation_year)
    current = Covenant.objects.current_for(emulation_year)
    refusal = rules.edit_refusal(
        year_closed=emulation_year.is_closed, state=current.state if current else None
    )
    if refusal:
        messages.error(request, refusal)
        return redirect(_covenant_url(emulation_year))
    initial: dict = {}
    clauses: list[dict] = []
    if current is not None:
        initial = {
            "preamble": current.preamble,
            "signing_place": current.signing_place,
            "signing_date": current.signing_date,
        }
        clauses = [
            {"number": c.number, "content": c.content, "target": c.target}
            for c in current.clauses.all()
        ]
    elif emulation_year.conference_place:
        initial = {"signing_place": emulation_year.conference_place}
    form = CovenantForm(_posted(request), initial=initial)
    formset = ClauseFormSet(_posted(request), initial=clauses, prefix="clauses")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        kept = [d for d in formset.cleaned_data if d and not d.get("DELETE")]
        # Clauses are printed in the order of their numbers; unnumbered ones go last.
        kept.sort(key=lambda d: (d.get("number") is None, d.get("number") or 0))
        try:
            services.covenant_save_draft(
                year=emulation_year,
                user=request.user,
                preamble=form.cleaned_data["preamble"],
                signing_place=form.cleaned_data["signing_place"],
                signing_date=form.cleaned_data["signing_date"],
                clauses=[services.ClauseInput(d["content"], d.get("target", "")) for d in kept],
            )
        except ValidationError as error:
            _refused(request, error)
        else:
            messages.success(request, _("Đã lưu dự thảo giao ước."))
        return redirect(_covenant_url(emulation_year))
    context = {"year": emulation_year, "form": form, "formset": formset, "covenant": current}
    return render(request, "campaigns/covenant_form.html", context)


@require_POST
def covenant_open(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    emulation_year = cluster_access.get_year_for_user(request.user, slug, year)
    cluster_access.require_secretariat(request.user, emulation_year)
    covenant = access.get_covenant_for_user(request.user, emulation_year)
    try:
        services.covenant_open(covenant=covenant, user=request.user)
    except ValidationError as error:
        _refused(request, error)
    else:
        messages.success(request, _("Đã mở ký kết giao ước."))
    return redirect(_covenant_url(emulation_year))


@require_POST
def covenant_amend(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    emulation_year = cluster_access.get_year_for_user(request.user, slug, year)
    cluster_access.require_secretariat(request.user, emulation_year)
    covenant = access.get_covenant_for_user(request.user, emulation_year)
    try:
        amendment = services.covenant_amend(covenant=covenant, user=request.user)
    except ValidationError as error:
        _refused(request, error)
    else:
        messages.success(
            request,
            _("Đã tạo bản sửa đổi (phiên bản %(version)d); bản đã ký được giữ nguyên.")
            % {"version": amendment.version},
        )
    return redirect(_covenant_url(emulation_year))


@require_http_methods(["GET", "POST"])
def covenant_sign(request: HttpRequest, slug: str, year: int, unit: str) -> HttpResponse:
    emulation_year = cluster_access.get_year_for_user(request.user, slug, year)
    member = cluster_access.get_member_unit_for_user(request.user, emulation_year, unit)
    access.require_own_unit_staff(request.user, member)
    covenant = access.get_covenant_for_user(request.user, emulation_year)
    representative = emulation_year.representatives_by_unit.get(member.pk)
    initial = {"signed_on": covenant.signing_date or datetime.date.today()}
    if representative is not None:
        initial |= {"full_name": representative.full_name, "title": representative.title}
    form = SignatureForm(_posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        # A sample name signed unchanged stays labelled as a sample.
        is_sample = bool(
            representative
            and representative.is_sample
            and (data["full_name"], data["title"])
            == (representative.full_name, representative.title)
        )
        try:
            services.covenant_sign(
                covenant=covenant,
                unit=member,
                user=request.user,
                full_name=data["full_name"],
                title=data["title"],
                signed_on=data["signed_on"],
                is_sample=is_sample,
            )
        except ValidationError as error:
            _refused(request, error)
        else:
            messages.success(request, _("Đã ghi nhận chữ ký của %(unit)s.") % {"unit": member.name})
        return redirect(_covenant_url(emulation_year))
    context = {"year": emulation_year, "unit": member, "covenant": covenant, "form": form}
    return render(request, "campaigns/sign_form.html", context)


@require_GET
def covenant_document(request: HttpRequest, slug: str, year: int, version: int) -> HttpResponse:
    emulation_year = cluster_access.get_year_for_user(request.user, slug, year)
    covenant = access.get_covenant_for_user(request.user, emulation_year, version)
    return HttpResponse(documents.compact_html(covenant))


@require_GET
def covenant_pdf(request: HttpRequest, slug: str, year: int, version: int) -> HttpResponse:
    emulation_year = cluster_access.get_year_for_user(request.user, slug, year)
    covenant = access.get_covenant_for_user(request.user, emulation_year, version)
    response = HttpResponse(documents.compact_pdf(covenant), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{documents.compact_filename(covenant)}"'
    return response


# --- the conference and its report ----------------------------------------------------------


def _conference_url(year: EmulationYear) -> str:
    return reverse("campaigns:conference", args=[year.cluster.slug, year.year])


@require_GET
def conference(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    from campaigns.models import Conference
    from campaigns.report import outcomes

    emulation_year = cluster_access.get_year_for_user(request.user, slug, year)
    record = Conference.objects.filter(year=emulation_year).prefetch_related("guests").first()
    context = {
        "year": emulation_year,
        "cluster": emulation_year.cluster,
        "conference": record,
        "outcomes": outcomes(emulation_year),
        "can_edit": cluster_access.is_secretariat(request.user, emulation_year)
        and not emulation_year.is_closed,
    }
    return render(request, "campaigns/conference.html", context)


@require_http_methods(["GET", "POST"])
def conference_edit(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    from campaigns.forms import ConferenceForm, ConferenceYearForm, GuestFormSet
    from campaigns.models import Conference

    emulation_year = cluster_access.get_year_for_user(request.user, slug, year)
    cluster_access.require_secretariat(request.user, emulation_year)
    record = Conference.objects.filter(year=emulation_year).first() or Conference(
        year=emulation_year
    )
    data = request.POST or None
    year_form = ConferenceYearForm(data, instance=emulation_year)
    conference_form = ConferenceForm(data, instance=record)
    guests = GuestFormSet(data, instance=record, prefix="guests")
    if request.method == "POST":
        if year_form.is_valid() and conference_form.is_valid() and guests.is_valid():
            try:
                services.conference_save(
                    year=emulation_year,
                    user=request.user,
                    year_form=year_form,
                    conference_form=conference_form,
                    guests=guests,
                )
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, _("Đã lưu hội nghị tổng kết."))
                return redirect(_conference_url(emulation_year))
        else:
            messages.error(request, _("Có lỗi trong biểu mẫu, chưa lưu gì."))
    context = {
        "year": emulation_year,
        "year_form": year_form,
        "conference_form": conference_form,
        "guests": guests,
    }
    return render(request, "campaigns/conference_form.html", context)


@require_GET
def report(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    """The conference report as a page: the same template as the PDF."""
    from campaigns.report import report_context
    from clusters.documents import render_html

    emulation_year = cluster_access.get_year_for_user(request.user, slug, year)
    return HttpResponse(render_html("documents/report.html", report_context(emulation_year)))


@require_GET
def report_pdf(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    from campaigns.report import report_context
    from clusters.documents import render_pdf

    emulation_year = cluster_access.get_year_for_user(request.user, slug, year)
    response = HttpResponse(
        render_pdf("documents/report.html", report_context(emulation_year)),
        content_type="application/pdf",
    )
    response["Content-Disposition"] = (
        f'inline; filename="bao-cao-tong-ket-{emulation_year.year}.pdf"'
    )
    return response
