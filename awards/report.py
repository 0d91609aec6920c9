"""Awards' section of the conference report: the decisions and their recipients.

Registered with campaigns.report in AwardsConfig.ready().
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Prefetch
from django.urls import reverse

from awards.models import Decision, Proposal, ProposalItem, Recipient, RecipientKind
from clusters.models import EmulationYear


def decisions_section(year: EmulationYear) -> dict[str, Any]:
    recipients = Recipient.objects.select_related("award_type").order_by("kind", "order", "pk")
    decisions = list(
        Decision.objects.filter(year=year)
        .order_by("date", "pk")
        .prefetch_related(Prefetch("recipients", queryset=recipients))
    )
    summary = [
        (
            decision,
            [r for r in decision.recipients.all() if r.kind == RecipientKind.COLLECTIVE],
            [r for r in decision.recipients.all() if r.kind == RecipientKind.INDIVIDUAL],
        )
        for decision in decisions
    ]
    return {"decisions": summary}


def proposals_section(year: EmulationYear) -> dict[str, Any]:
    items = ProposalItem.objects.select_related("unit").order_by("position", "pk")
    proposals = (
        Proposal.objects.filter(year=year)
        .select_related("award_type")
        .prefetch_related(Prefetch("items", queryset=items))
        .order_by("pk")
    )
    return {"proposals": list(proposals)}


def proposal_outcomes(year: EmulationYear) -> list[tuple[str, str]]:
    return [
        (
            f"Tờ trình đề nghị tặng {proposal.award_type.name} ({proposal.get_state_display()})",
            reverse("awards:proposal_detail", args=[year.cluster.slug, year.year, proposal.pk]),
        )
        for proposal in Proposal.objects.filter(year=year).select_related("award_type")
    ]


def decision_outcomes(year: EmulationYear) -> list[tuple[str, str]]:
    decisions = Decision.objects.filter(year=year).annotate(count=Count("recipients"))
    return [
        (
            f"Quyết định {decision.number} ({decision.count} tập thể, cá nhân)",
            reverse("awards:decision_detail", args=[year.cluster.slug, year.year, decision.pk]),
        )
        for decision in decisions.order_by("date", "pk")
    ]


def register() -> None:
    from campaigns.report import register_outcomes, register_section

    register_section(
        60, "Đề nghị khen thưởng", "documents/report/proposals.html", proposals_section
    )
    register_section(
        70, "Khen thưởng của Cụm trưởng", "documents/report/decisions.html", decisions_section
    )
    register_outcomes(proposal_outcomes)
    register_outcomes(decision_outcomes)
