"""The awards app's final documents (issue 16): a sent proposal letter, an issued decision.

A letter is final once sent (services.proposal_send freezes it); a decision records no issued
state of its own, so it is final when its year closes (the flow's `final_documents`, called
by clusters.closing.year_close), as awards.decision_documents.is_draft says. A decision
without recipients awards nothing and is never printed, so never frozen. `freeze_final`
freezes whatever of a year should be final and is not yet (manage.py freeze_documents).
"""

from __future__ import annotations

from awards.decision_documents import decision_filename, decision_pdf, has_recipients, is_draft
from awards.documents import proposal_filename, proposal_pdf
from awards.models import Decision, Proposal
from clusters.documents import store
from clusters.models import EmulationYear, StoredDocument

PROPOSAL = StoredDocument.Kind.PROPOSAL
DECISION = StoredDocument.Kind.DECISION


def freeze_proposal(proposal: Proposal) -> StoredDocument:
    return store.freeze(
        kind=PROPOSAL,
        source=proposal,
        render=lambda: proposal_pdf(proposal),
        filename=proposal_filename(proposal),
        year=proposal.year,
    )


def stored_proposal(proposal: Proposal) -> StoredDocument | None:
    return None if proposal.is_draft else store.stored_for(PROPOSAL, proposal)


def freeze_decision(decision: Decision) -> StoredDocument:
    return store.freeze(
        kind=DECISION,
        source=decision,
        render=lambda: decision_pdf(decision),
        filename=decision_filename(decision),
        year=decision.year,
    )


def stored_decision(decision: Decision) -> StoredDocument | None:
    return None if is_draft(decision) else store.stored_for(DECISION, decision)


def freeze_final(year: EmulationYear) -> list[StoredDocument]:
    """Every letter sent (decided ones too); every decision with recipients once the year is
    closed."""
    frozen = []
    proposals = Proposal.objects.filter(year=year).exclude(state=Proposal.State.DRAFT)
    for proposal in proposals.select_related("award_type", "ballot_round").order_by("pk"):
        proposal.year = proposal.ballot_round.year = year
        frozen.append(freeze_proposal(proposal))
    if year.is_closed:
        for decision in Decision.objects.filter(year=year).order_by("date", "number", "pk"):
            decision.year = year
            if has_recipients(decision):
                frozen.append(freeze_decision(decision))
    return frozen
