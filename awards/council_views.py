"""The organising council's view of the proposals arriving from its clusters, and the form on
which its officers record the council's outcome for each (awards.council)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from awards import council as council_service
from awards.models import CouncilOutcome
from clusters import access
from clusters.audit import events_for
from clusters.forms import CrispyModelForm
from clusters.services import Refused, refusal_to_form


class CouncilOutcomeForm(CrispyModelForm):
    form_id = "council-outcome-form"
    submit_label = _("Ghi nhận ý kiến của hội đồng")

    class Meta:
        model = CouncilOutcome
        fields = ["verdict", "reference", "note"]
        widgets = {
            "verdict": forms.RadioSelect,
            "note": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "note": _("Bắt buộc khi hội đồng không nhất trí hoặc đề nghị bổ sung hồ sơ."),
        }


@require_safe
def council_proposals(request: HttpRequest, slug: str) -> HttpResponse:
    """Every proposal that has reached the council, with its letter, the round's minutes and
    the council's outcome so far."""
    council = access.get_council_for_user(request.user, slug)
    context = {
        "council": council,
        "proposals": list(council_service.council_proposals(council)),
        "can_record": access.is_council_officer(request.user, council),
    }
    return render(request, "council/proposals.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
def council_outcome(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    council = access.get_council_for_user(request.user, slug)
    proposal = council_service.get_council_proposal(council, pk)
    if proposal is None:
        raise Http404
    access.require_council_officer(request.user, council)
    outcome = getattr(proposal, "council_outcome", None)
    form = CouncilOutcomeForm(
        request.POST if request.method == "POST" else None,
        instance=outcome or CouncilOutcome(proposal=proposal, council=council),
    )
    if request.method == "POST" and form.is_valid():
        try:
            council_service.council_outcome_record(
                actor=request.user, council=council, proposal=proposal, **form.cleaned_data
            )
        except Refused as refusal:
            refusal_to_form(form, refusal)
        else:
            messages.success(request, _("Đã ghi nhận ý kiến của hội đồng về tờ trình."))
            return redirect("council:proposals", council.slug)
    context = {
        "council": council,
        "proposal": proposal,
        "items": list(proposal.items.select_related("unit")),
        "form": form,
        "history": events_for(proposal).filter(action="proposal.council_outcome"),
    }
    return render(request, "council/outcome_form.html", context)
