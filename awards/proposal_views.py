"""Views of proposals (tờ trình): check access, validate, call the service, render."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from awards import access, services
from awards.catalogue import AWARD_FOR_ROUND_KIND
from awards.documents import proposal_filename, proposal_html, proposal_pdf
from awards.final_documents import PROPOSAL, stored_proposal
from awards.forms import ProposalDecideForm, ProposalForm
from awards.models import AwardType, CouncilOutcome, Proposal
from awards.queries import proposal_quotas, quota_checks
from awards.rules import draft_refusal
from awards.views import _bound, _refuse_if_closed, _refused
from clusters import access as cluster_access
from clusters.audit import events_for
from clusters.documents import store
from clusters.services import Refused, refusal_to_form, refuse_if_closed
from scoring.ballots import Tally
from scoring.models import BallotRound


@require_POST
def proposal_from_round(request: HttpRequest, slug: str, year: int, round_id: int) -> HttpResponse:
    emulation_year = cluster_access.get_year_for_user(request.user, slug, year)
    ballot_round = get_object_or_404(BallotRound, pk=round_id, year=emulation_year)
    cluster_access.require_secretariat(request.user, emulation_year)
    try:
        proposal = services.proposal_draft_from_round(actor=request.user, ballot_round=ballot_round)
    except Refused as error:
        _refused(request, error)
        return redirect("scoring:round", slug, year, ballot_round.pk)
    messages.success(request, _("Đã lập dự thảo tờ trình. Hãy ghi số, ngày rồi gửi."))
    return redirect(proposal)


def _council_outcome(proposal: Proposal) -> CouncilOutcome | None:
    """The organising council's outcome, read-only here: its officers record it on their own
    pages (awards/council_views.py). A draft has not reached the council: no query."""
    if proposal.is_draft:
        return None
    return (
        CouncilOutcome.objects.filter(proposal=proposal)
        .select_related("council", "recorded_by")
        .first()
    )


@require_safe
def proposal_detail(request: HttpRequest, slug: str, year: int, pk: int) -> HttpResponse:
    proposal = access.get_proposal_for_user(request.user, slug, year, pk)
    items = list(proposal.items.select_related("unit"))
    can_edit = access.can_edit_awards(request.user, proposal.year)
    context = {
        "year": proposal.year,
        "proposal": proposal,
        "items": items,
        "quotas": proposal_quotas(proposal, len(items)),
        "can_edit": can_edit,
        "decide_form": ProposalDecideForm() if can_edit else None,
        "history": events_for(proposal),
        "council_outcome": _council_outcome(proposal),
    }
    return render(request, "awards/proposal_detail.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
def proposal_edit(request: HttpRequest, slug: str, year: int, pk: int) -> HttpResponse:
    proposal = access.get_proposal_for_user(request.user, slug, year, pk)
    cluster_access.require_secretariat(request.user, proposal.year)
    if refused := _refuse_if_closed(request, proposal.year, proposal):
        return refused
    if not proposal.is_draft:
        messages.error(request, _("Tờ trình đã gửi, không sửa được nữa."))
        return redirect(proposal)
    form = ProposalForm(*_bound(request), instance=proposal)
    if request.method == "POST" and form.is_valid():
        try:
            services.proposal_update(
                actor=request.user, proposal=proposal, fields=form.cleaned_data
            )
        except Refused as error:
            refusal_to_form(form, error)
        else:
            messages.success(request, _("Đã lưu tờ trình."))
            return redirect(proposal)
    context = {"year": proposal.year, "proposal": proposal, "form": form}
    return render(request, "awards/proposal_form.html", context)


@require_POST
def proposal_send(request: HttpRequest, slug: str, year: int, pk: int) -> HttpResponse:
    proposal = access.get_proposal_for_user(request.user, slug, year, pk)
    cluster_access.require_secretariat(request.user, proposal.year)
    try:
        services.proposal_send(actor=request.user, proposal=proposal)
    except Refused as error:
        _refused(request, error)
    else:
        messages.success(request, _("Đã ghi nhận tờ trình đã gửi."))
    return redirect(proposal)


@require_POST
def proposal_delete(request: HttpRequest, slug: str, year: int, pk: int) -> HttpResponse:
    proposal = access.get_proposal_for_user(request.user, slug, year, pk)
    cluster_access.require_secretariat(request.user, proposal.year)
    try:
        services.proposal_delete(actor=request.user, proposal=proposal)
    except Refused as error:
        _refused(request, error)
        return redirect(proposal)
    messages.success(request, _("Đã xóa dự thảo tờ trình."))
    return redirect("awards:year_awards", proposal.year.cluster.slug, proposal.year.year)


@require_POST
def proposal_decide(request: HttpRequest, slug: str, year: int, pk: int) -> HttpResponse:
    proposal = access.get_proposal_for_user(request.user, slug, year, pk)
    cluster_access.require_secretariat(request.user, proposal.year)
    form = ProposalDecideForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(m for ms in form.errors.values() for m in ms))
        return redirect(proposal)
    try:
        services.proposal_decide(
            actor=request.user,
            proposal=proposal,
            decision_reference=form.cleaned_data["decision_reference"],
        )
    except Refused as error:
        _refused(request, error)
    else:
        messages.success(request, _("Đã ghi nhận quyết định khen thưởng."))
    return redirect(proposal)


@require_safe
def proposal_document(request: HttpRequest, slug: str, year: int, pk: int) -> HttpResponse:
    """The letter as a PDF (or ?format=html for the same page)."""
    proposal = access.get_proposal_for_user(request.user, slug, year, pk)
    if request.GET.get("format") == "html":
        return HttpResponse(proposal_html(proposal))
    return store.download(
        stored_proposal(proposal),
        kind=PROPOSAL,
        source=proposal,
        year=proposal.year,
        render=lambda: proposal_pdf(proposal),
        filename=proposal_filename(proposal),
    )


def round_panel(request: HttpRequest, ballot_round: BallotRound, tally: Tally) -> str:
    """The "draft proposal" area under a closed round's tally (registered in scoring.panels).

    Shows the proposal already drafted, else (for the secretariat) the button, with the quota
    warning, or the reason no proposal can be drafted. Rounds that propose no award get nothing.
    """
    if ballot_round.kind not in AWARD_FOR_ROUND_KIND:
        return ""
    year = ballot_round.year
    proposal = Proposal.objects.filter(ballot_round=ballot_round).first()
    context: dict = {"round": ballot_round, "year": year, "proposal": proposal}
    if proposal is not None:
        proposal.year = year
    elif cluster_access.is_secretariat(request.user, year):
        try:
            refuse_if_closed(year)
        except Refused as closed:
            refusal: str | None = closed.message
        else:
            refusal = draft_refusal(
                round_closed=True,
                round_proposes=True,
                has_tie=tally.has_tie,
                elected=len(tally.elected),
                already_drafted=False,
            )
        award = AwardType.objects.filter(
            code=AWARD_FOR_ROUND_KIND[ballot_round.kind], is_active=True
        ).first()
        if award is None and not refusal:
            refusal = _(
                "Danh mục chưa có hình thức khen thưởng đang áp dụng cho vòng bỏ phiếu này."
            )
        context |= {
            "refusal": refusal,
            "award": award,
            "quotas": quota_checks(year, award.pk, len(tally.elected))
            if award and not refusal
            else [],
        }
    else:
        return ""
    return render_to_string("awards/_round_proposal_panel.html", context, request=request)
