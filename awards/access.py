"""Who may see and change decisions, recipients and proposals, built on clusters.access.

Reading: every member of the cluster (viewers included), administrators. Another cluster's
decision or proposal answers 404, like the year it belongs to. Changing: the year's secretariat
only (403).
"""

from __future__ import annotations

from django.http import Http404

from awards.models import Decision, Proposal, Recipient
from clusters import access
from clusters.models import EmulationYear, User


def get_decision_for_user(user: User, cluster_slug: str, year: int, pk: int) -> Decision:
    emulation_year: EmulationYear = access.get_year_for_user(user, cluster_slug, year)
    decision = Decision.objects.filter(year=emulation_year, pk=pk).first()
    if decision is None:
        raise Http404
    decision.year = emulation_year  # already loaded with its cluster: no second query
    return decision


def get_recipient_for_user(user: User, decision: Decision, pk: int) -> Recipient:
    """A recipient of a decision the person can already see, or 404."""
    recipient = (
        Recipient.objects.select_related("award_type", "unit")
        .filter(decision=decision, pk=pk)
        .first()
    )
    if recipient is None:
        raise Http404
    recipient.decision = decision
    return recipient


def can_edit_awards(user: User, year: EmulationYear) -> bool:
    return not year.is_closed and access.is_secretariat(user, year)


def get_proposal_for_user(user: User, cluster_slug: str, year: int, pk: int) -> Proposal:
    emulation_year: EmulationYear = access.get_year_for_user(user, cluster_slug, year)
    proposal = (
        Proposal.objects.select_related("award_type", "ballot_round")
        .filter(year=emulation_year, pk=pk)
        .first()
    )
    if proposal is None:
        raise Http404
    proposal.year = emulation_year
    proposal.ballot_round.year = emulation_year
    return proposal
