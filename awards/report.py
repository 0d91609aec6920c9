"""Awards' sections of the conference report (the proposals, the decisions and their
recipients) and its links on the conference page; the year's flow (config/year.py) places them.

The report is dated the conference day: letters and decisions dated later are not in it (they
are numbered from 1 among those that are, with no gap).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Prefetch, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from awards.models import Decision, Proposal, ProposalItem, Recipient, RecipientKind
from campaigns.report import ReportSource
from clusters.flow import ReportSection
from clusters.models import EmulationYear


def _by_then(source: ReportSource) -> Q:
    """Dated on or before the report's date (an undated draft letter too)."""
    if source.as_of is None:
        return Q()
    return Q(date__isnull=True) | Q(date__lte=source.as_of)


def decisions_section(source: ReportSource) -> dict[str, Any]:
    recipients = Recipient.objects.select_related("award_type").order_by("kind", "order", "pk")
    decisions = list(
        Decision.objects.filter(year=source.year)
        .filter(_by_then(source))
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


def proposals_section(source: ReportSource) -> dict[str, Any]:
    items = ProposalItem.objects.select_related("unit").order_by("position", "pk")
    proposals = (
        Proposal.objects.filter(year=source.year)
        .filter(_by_then(source))
        .select_related("award_type")
        .prefetch_related(Prefetch("items", queryset=items))
        .order_by("pk")
    )
    return {"proposals": list(proposals)}


PROPOSALS = ReportSection(
    "Đề nghị khen thưởng", "documents/report/proposals.html", proposals_section
)
DECISIONS = ReportSection(
    "Khen thưởng của Cụm trưởng", "documents/report/decisions.html", decisions_section
)


def proposal_outcomes(year: EmulationYear) -> list[tuple[str, str]]:
    return [
        (
            _("Tờ trình đề nghị tặng %(award)s (%(state)s)")
            % {"award": proposal.award_type.name, "state": proposal.get_state_display()},
            reverse("awards:proposal_detail", args=[year.cluster.slug, year.year, proposal.pk]),
        )
        for proposal in Proposal.objects.filter(year=year).select_related("award_type")
    ]


def decision_outcomes(year: EmulationYear) -> list[tuple[str, str]]:
    decisions = Decision.objects.filter(year=year).annotate(count=Count("recipients"))
    return [
        (
            _("Quyết định %(number)s (%(count)d tập thể, cá nhân)")
            % {"number": decision.number, "count": decision.count},
            reverse("awards:decision_detail", args=[year.cluster.slug, year.year, decision.pk]),
        )
        for decision in decisions.order_by("date", "pk")
    ]
