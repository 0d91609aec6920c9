"""Pages of campaigns, campaign reports and the covenant. Check access, validate, call, render."""

from __future__ import annotations

import base64
import datetime
import uuid

from django.contrib import messages
from django.db.models import Exists, OuterRef
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from campaigns import access, compact_signing, documents, final_documents, rules, services
from campaigns.forms import (
    ClauseFormSet,
    ConferenceForm,
    ConferenceYearForm,
    CovenantForm,
    DigitalSignatureForm,
    ExternalSignatureForm,
    GuestFormSet,
    IndicatorFormSet,
    ReportForm,
    SignatureForm,
    SigningKeyForm,
    YearCampaignForm,
    YearCampaignsForm,
)
from campaigns.models import (
    CampaignReport,
    CompactRevision,
    Conference,
    Covenant,
    CovenantSignature,
    ExternalSigning,
    UnitSigningKey,
)
from clusters import access as cluster_access
from clusters.access import visible_cluster_ids
from clusters.documents import store
from clusters.links import slug_url
from clusters.models import AuditEvent, EmulationYear
from clusters.queries import role_order
from clusters.services import Refused, refusal_to_form, refuse_if_closed
from clusters.setup_views import form_page
from clusters.uploads import serve_upload


def _covenant_url(year: EmulationYear) -> str:
    return reverse("campaigns:covenant_detail", args=[year.cluster.slug, year.year])


def _year_campaigns_url(year: EmulationYear) -> str:
    return reverse("campaigns:year_campaigns", args=[year.cluster.slug, year.year])


def _sorted_memberships(year: EmulationYear) -> list:
    return sorted(year.memberships.select_related("unit"), key=role_order)


def _posted(request: HttpRequest):
    """The submitted data, or None for a GET: an empty POST (nothing ticked) is still a POST."""
    return request.POST if request.method == "POST" else None


def _refused(request: HttpRequest, error: Refused) -> None:
    """A refusal with no form to show it on: at the top of the page the person lands on."""
    messages.error(request, error.message)
    for message in error.errors.values():
        for text in message if isinstance(message, list) else [message]:
            messages.error(request, text)


def _closed(request: HttpRequest, year: EmulationYear, url: str) -> HttpResponse | None:
    """A form page of a closed year says so at once (the service refuses the write anyway)."""
    try:
        refuse_if_closed(year)
    except Refused as error:
        messages.error(request, error.message)
        return redirect(url)
    return None


# --- The campaign registry


@require_safe
def campaign_list(request: HttpRequest) -> HttpResponse:
    campaigns = access.visible_campaigns(request.user).select_related(
        "launcher_unit", "launcher_cluster"
    )
    return render(request, "campaigns/campaign_list.html", {"campaigns": campaigns})


@require_safe
def campaign_detail(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = access.get_campaign_for_user(request.user, pk)
    years = campaign.years.select_related("cluster").order_by("cluster__name", "-year")
    ids = visible_cluster_ids(request.user)
    if ids is not None:
        years = years.filter(cluster_id__in=ids)
    return render(request, "campaigns/campaign_detail.html", {"campaign": campaign, "years": years})


@require_safe
def campaign_document(request: HttpRequest, pk: int) -> FileResponse:
    """The launching document's file, for whoever reads the campaign (404 for anyone else)."""
    campaign = access.get_campaign_for_user(request.user, pk)
    if not campaign.document_file:
        raise Http404
    return serve_upload(
        campaign.document_file,
        name=campaign.document_name,
        content_type=campaign.document_type,
        default="van-ban-phat-dong",
    )


# --- The campaigns a year follows, and each unit's pledges and results


@require_safe
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


@require_http_methods(["GET", "HEAD", "POST"])
def year_campaigns_edit(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    emulation_year = cluster_access.get_year_for_user(request.user, slug, year)
    cluster_access.require_secretariat(request.user, emulation_year)
    if closed := _closed(request, emulation_year, _year_campaigns_url(emulation_year)):
        return closed
    form = YearCampaignsForm(
        _posted(request),
        queryset=access.visible_campaigns(request.user),
        initial={"campaigns": list(emulation_year.campaigns.values_list("pk", flat=True))},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.year_campaigns_set(
                actor=request.user, year=emulation_year, campaigns=form.cleaned_data["campaigns"]
            )
        except Refused as error:
            refusal_to_form(form, error)
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


@require_safe
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


@require_http_methods(["GET", "HEAD", "POST"])
def report_edit(
    request: HttpRequest, slug: str, year: int, campaign: int, unit: str
) -> HttpResponse:
    emulation_year, followed, member, report = _report_objects(request, slug, year, campaign, unit)
    access.require_own_unit_staff(request.user, member)
    detail_url = reverse("campaigns:report_detail", args=[slug, year, campaign, unit])
    if closed := _closed(request, emulation_year, detail_url):
        return closed
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
                actor=request.user,
                year=emulation_year,
                campaign=followed,
                unit=member,
                registration=form.cleaned_data["registration"],
                report=form.cleaned_data["report"],
                indicators=rows,
            )
        except Refused as error:
            refusal_to_form(form, error)
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


def _covenant_history(versions: list[Covenant]):
    """Every version's own history (drafts, openings, signatures, amendments), newest first.

    One query, filtered through the content type's natural key: no lookup of its id first.
    """
    return AuditEvent.objects.filter(
        target_type__app_label=Covenant._meta.app_label,
        target_type__model=Covenant._meta.model_name,
        target_id__in=[v.pk for v in versions],
    ).select_related("unit")


@require_safe
def covenant_detail(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    emulation_year = cluster_access.get_year_for_user(request.user, slug, year)
    # Whether each version is signed digitally, in the versions' own query.
    revisions = CompactRevision.objects.filter(covenant=OuterRef("pk"))
    versions = list(
        emulation_year.covenants.annotate(digital=Exists(revisions)).order_by("-version")
    )
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
        "history": _covenant_history(versions) if versions else [],
        "digital": covenant is not None and covenant.digital,
    }
    return render(request, "campaigns/covenant_detail.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
def covenant_edit(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    emulation_year = cluster_access.get_year_for_user(request.user, slug, year)
    cluster_access.require_secretariat(request.user, emulation_year)
    if closed := _closed(request, emulation_year, _covenant_url(emulation_year)):
        return closed
    current = Covenant.objects.current_for(emulation_year)
    refusal = rules.edit_refusal(state=current.state if current else None)
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
                actor=request.user,
                year=emulation_year,
                preamble=form.cleaned_data["preamble"],
                signing_place=form.cleaned_data["signing_place"],
                signing_date=form.cleaned_data["signing_date"],
                clauses=[services.ClauseInput(d["content"], d.get("target", "")) for d in kept],
            )
        except Refused as error:
            refusal_to_form(form, error)
        else:
            messages.success(request, _("Đã lưu dự thảo giao ước."))
            return redirect(_covenant_url(emulation_year))
    elif request.method == "POST":
        messages.error(request, _("Chưa lưu: hãy sửa các ô báo lỗi."))
    context = {"year": emulation_year, "form": form, "formset": formset, "covenant": current}
    return render(request, "campaigns/covenant_form.html", context)


@require_POST
def covenant_open(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    emulation_year = cluster_access.get_year_for_user(request.user, slug, year)
    cluster_access.require_secretariat(request.user, emulation_year)
    covenant = access.get_covenant_for_user(request.user, emulation_year)
    try:
        services.covenant_open(actor=request.user, covenant=covenant)
    except Refused as error:
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
        amendment = services.covenant_amend(actor=request.user, covenant=covenant)
    except Refused as error:
        _refused(request, error)
    else:
        messages.success(
            request,
            _("Đã tạo bản sửa đổi (phiên bản %(version)d); bản đã ký được giữ nguyên.")
            % {"version": amendment.version},
        )
    return redirect(_covenant_url(emulation_year))


@require_http_methods(["GET", "HEAD", "POST"])
def covenant_sign(request: HttpRequest, slug: str, year: int, unit: str) -> HttpResponse:
    emulation_year = cluster_access.get_year_for_user(request.user, slug, year)
    member = cluster_access.get_member_unit_for_user(request.user, emulation_year, unit)
    access.require_own_unit_staff(request.user, member)
    covenant = access.get_covenant_for_user(request.user, emulation_year)
    representative = emulation_year.representatives_by_unit.get(member.pk)
    initial = {"signed_on": covenant.signing_date or datetime.date.today()}
    if representative is not None:
        initial |= {"full_name": representative.full_name, "title": representative.title}
    digital = services.latest_revision(covenant) is not None
    form = (DigitalSignatureForm if digital else SignatureForm)(_posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.covenant_sign(
                actor=request.user,
                covenant=covenant,
                unit=member,
                full_name=data["full_name"],
                title=data["title"],
                signed_on=data["signed_on"],
                is_sample=_is_sample(representative, data["full_name"], data["title"]),
                signing=compact_signing.InAppSigning(data["password"]) if digital else None,
            )
        except Refused as error:
            if error.field in form.fields or digital:
                # A digital signature's refusal (a field already signed included) is shown on
                # the form the person signed with.
                refusal_to_form(form, error)
            else:
                # The covenant's state refuses, not what was typed: back to the covenant.
                _refused(request, error)
                return redirect(_covenant_url(emulation_year))
        else:
            messages.success(request, _("Đã ghi nhận chữ ký của %(unit)s.") % {"unit": member.name})
            return redirect(_covenant_url(emulation_year))
    context = {
        "year": emulation_year,
        "unit": member,
        "covenant": covenant,
        "form": form,
        "digital": digital,
        "key": UnitSigningKey.objects.filter(unit=member).first() if digital else None,
    }
    return render(request, "campaigns/sign_form.html", context)


def _is_sample(representative, full_name: str, title: str) -> bool:
    """A sample name signed unchanged stays labelled as a sample."""
    return bool(
        representative
        and representative.is_sample
        and (full_name, title) == (representative.full_name, representative.title)
    )


def _signing_objects(request: HttpRequest, slug: str, year: int, unit: str):
    """The year, the member (the person's own unit) and the covenant of a signing page."""
    emulation_year = cluster_access.get_year_for_user(request.user, slug, year)
    member = cluster_access.get_member_unit_for_user(request.user, emulation_year, unit)
    access.require_own_unit_staff(request.user, member)
    covenant = access.get_covenant_for_user(request.user, emulation_year)
    return emulation_year, member, covenant


@require_http_methods(["GET", "HEAD", "POST"])
def covenant_signing_key(request: HttpRequest, slug: str, year: int, unit: str) -> HttpResponse:
    """The unit's certificate held by the app to sign in the app: upload or replace it."""
    emulation_year, member, _covenant = _signing_objects(request, slug, year, unit)
    form = SigningKeyForm(_posted(request), request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.unit_key_upload(
                actor=request.user,
                unit=member,
                data=form.cleaned_data["file"],
                password=form.cleaned_data["password"],
            )
        except Refused as error:
            refusal_to_form(form, error)
        else:
            messages.success(
                request, _("Đã lưu chứng thư số của %(unit)s (đã mã hóa).") % {"unit": member.name}
            )
            return redirect(reverse("campaigns:covenant_sign", args=[slug, year, unit]))
    context = {
        "year": emulation_year,
        "unit": member,
        "form": form,
        "key": UnitSigningKey.objects.filter(unit=member).first(),
    }
    return render(request, "campaigns/sign_key.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
def covenant_sign_external(request: HttpRequest, slug: str, year: int, unit: str) -> HttpResponse:
    """Step 1 of external signing: the signer's name and title; the app prepares the digest."""
    emulation_year, member, covenant = _signing_objects(request, slug, year, unit)
    if services.latest_revision(covenant) is None:
        messages.error(request, _("Giao ước này không ký số: chữ ký được ghi nhận trong hệ thống."))
        return redirect(_covenant_url(emulation_year))
    representative = emulation_year.representatives_by_unit.get(member.pk)
    initial = {"signed_on": covenant.signing_date or datetime.date.today()}
    if representative is not None:
        initial |= {"full_name": representative.full_name, "title": representative.title}
    form = SignatureForm(_posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            prepared = services.covenant_prepare_external(
                actor=request.user,
                covenant=covenant,
                unit=member,
                full_name=data["full_name"],
                title=data["title"],
                signed_on=data["signed_on"],
            )
        except Refused as error:
            if error.field in form.fields:
                refusal_to_form(form, error)
            else:
                _refused(request, error)
                return redirect(_covenant_url(emulation_year))
        else:
            return redirect(
                reverse("campaigns:covenant_sign_return", args=[slug, year, unit, prepared.pk])
            )
    context = {"year": emulation_year, "unit": member, "covenant": covenant, "form": form}
    return render(request, "campaigns/sign_external.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
def covenant_sign_return(
    request: HttpRequest, slug: str, year: int, unit: str, prepared: uuid.UUID
) -> HttpResponse:
    """Step 2 of external signing: the digest to sign; the signer's CMS comes back here."""
    emulation_year, member, covenant = _signing_objects(request, slug, year, unit)
    pending = ExternalSigning.objects.filter(pk=prepared, covenant=covenant, unit=member).first()
    if pending is None:
        raise Http404
    form = ExternalSignatureForm(_posted(request), request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.covenant_sign(
                actor=request.user,
                covenant=covenant,
                unit=member,
                full_name=pending.full_name,
                title=pending.title,
                signed_on=pending.signed_on,
                is_sample=_is_sample(
                    emulation_year.representatives_by_unit.get(member.pk),
                    pending.full_name,
                    pending.title,
                ),
                signing=compact_signing.ExternalSignature(pending, form.cleaned_data["cms"]),
            )
        except Refused as error:
            # Every refusal is about the signature returned (for another digest, a field
            # already signed, a certificate not the unit's): shown next to it.
            error.field = "signature"
            refusal_to_form(form, error)
        else:
            messages.success(request, _("Đã ghi nhận chữ ký của %(unit)s.") % {"unit": member.name})
            return redirect(_covenant_url(emulation_year))
    context = {
        "year": emulation_year,
        "unit": member,
        "covenant": covenant,
        "pending": pending,
        "digest_base64": base64.b64encode(bytes.fromhex(pending.digest)).decode(),
        "form": form,
    }
    return render(request, "campaigns/sign_external_return.html", context)


@require_safe
def covenant_document(request: HttpRequest, slug: str, year: int, version: int) -> HttpResponse:
    emulation_year = cluster_access.get_year_for_user(request.user, slug, year)
    covenant = access.get_covenant_for_user(request.user, emulation_year, version)
    return HttpResponse(documents.compact_html(covenant))


@require_safe
def covenant_pdf(request: HttpRequest, slug: str, year: int, version: int) -> HttpResponse:
    emulation_year = cluster_access.get_year_for_user(request.user, slug, year)
    covenant = access.get_covenant_for_user(request.user, emulation_year, version)
    latest = services.latest_revision(covenant)
    if latest is not None and not covenant.is_signed:
        # Being signed: the file as it stands, with the signatures made so far.
        response = HttpResponse(bytes(latest.pdf), content_type="application/pdf")
        response["Content-Disposition"] = (
            f'inline; filename="{documents.compact_filename(covenant)}"'
        )
        response["Cache-Control"] = "private, no-store"
        response["X-Document-SHA256"] = latest.sha256
        return response
    return store.download(
        final_documents.stored_compact(covenant),
        kind=final_documents.COMPACT,
        source=covenant,
        year=emulation_year,
        render=lambda: documents.compact_pdf(covenant),
        filename=documents.compact_filename(covenant),
    )


# --- the conference and its report ----------------------------------------------------------


def _conference_url(year: EmulationYear) -> str:
    return reverse("campaigns:conference", args=[year.cluster.slug, year.year])


@require_safe
def conference(request: HttpRequest, slug: str, year: int) -> HttpResponse:
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


def _guest_rows(formset) -> list[services.GuestInput]:
    """The kept guest rows, in the order of their numbers (unnumbered ones after, as typed)."""
    kept = [
        (index, data)
        for index, data in enumerate(formset.cleaned_data)
        if data and not data.get("DELETE")
    ]
    kept.sort(key=lambda pair: (pair[1].get("number") is None, pair[1].get("number") or 0, pair[0]))
    return [services.GuestInput(data["full_name"], data["title"]) for _index, data in kept]


@require_http_methods(["GET", "HEAD", "POST"])
def conference_edit(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    emulation_year = cluster_access.get_year_for_user(request.user, slug, year)
    cluster_access.require_secretariat(request.user, emulation_year)
    if closed := _closed(request, emulation_year, _conference_url(emulation_year)):
        return closed
    record = Conference.objects.filter(year=emulation_year).first()
    guests_initial = (
        [
            {"number": number, "full_name": g.full_name, "title": g.title}
            for number, g in enumerate(record.guests.all(), start=1)
        ]
        if record
        else []
    )
    data = _posted(request)
    year_form = ConferenceYearForm(data, year=emulation_year)
    conference_form = ConferenceForm(data, instance=record)
    guests = GuestFormSet(data, initial=guests_initial, prefix="guests")
    if request.method == "POST":
        # Every part is validated, so that each shows its errors next to its fields.
        valid = [year_form.is_valid(), conference_form.is_valid(), guests.is_valid()]
        if all(valid):
            try:
                services.conference_record(
                    actor=request.user,
                    year=emulation_year,
                    fields=year_form.cleaned_data | conference_form.cleaned_data,
                    guests=_guest_rows(guests),
                )
            except Refused as error:
                target = year_form if error.field in year_form.fields else conference_form
                refusal_to_form(target, error)
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


@require_safe
def report(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    """The conference report as a page: the same template as the PDF."""
    from campaigns.report import report_context
    from clusters.documents import render_html

    emulation_year = cluster_access.get_year_for_user(request.user, slug, year)
    return HttpResponse(render_html("documents/report.html", report_context(emulation_year)))


@require_safe
def report_pdf(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    emulation_year = cluster_access.get_year_for_user(request.user, slug, year)
    return store.download(
        final_documents.stored_report(emulation_year),
        kind=final_documents.REPORT,
        source=emulation_year,
        year=emulation_year,
        render=lambda: final_documents.report_pdf(emulation_year),
        filename=final_documents.report_filename(emulation_year),
    )


@require_http_methods(["GET", "HEAD", "POST"])
def campaign_add(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    """A campaign with its launching document, added to the campaigns the year follows: a
    part of the year's set-up page (clusters/setup_views.py), kept here with its services."""
    emulation_year = cluster_access.get_year_for_user(request.user, slug, year)
    cluster_access.require_secretariat(request.user, emulation_year)
    if emulation_year.is_closed:
        messages.error(request, _("Năm thi đua đã tổng kết, không thể sửa đổi."))
        return redirect("setup:year_setup", slug, year)
    posted = request.method == "POST"
    form = YearCampaignForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        year=emulation_year,
    )
    if posted and form.is_valid():
        fields = dict(form.cleaned_data)
        title = fields.pop("title")
        document = fields.pop("document_file")
        if fields["launched_by"] == "cluster":
            fields["launcher_cluster"] = emulation_year.cluster
        try:
            services.year_campaign_add(
                actor=request.user,
                year=emulation_year,
                title=title,
                fields=fields,
                document=document,
            )
        except Refused as refusal:
            refusal_to_form(form, refusal)
        else:
            messages.success(request, _("Đã thêm phong trào “%(title)s”.") % {"title": title})
            return redirect("setup:year_setup", slug, year)
    return form_page(
        request,
        form,
        title=_("Thêm phong trào thi đua của năm %(year)d") % {"year": emulation_year.year},
        back=reverse("setup:year_setup", args=[slug, year]),
    )
