"""The organising council's side of the proposals (issue 11): which proposals reach a council,
and its outcome for each.

A proposal reaches the council that organises its cluster once it is sent: the Government
flag's and the Prime Minister's certificate's, the two that go above the cluster's own head
(the head's People's Committee grants the rest itself). The council's officers record its
outcome (`council_outcome_record`); nothing else of the cluster is theirs to change.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from awards.models import CouncilOutcome, Proposal
from clusters import audit, notifications
from clusters.models import Council, User
from clusters.services import Refused

# The awards whose proposals go to the organising council (awards/catalogue.py codes).
COUNCIL_AWARDS = ("co-thi-dua-chinh-phu", "bang-khen-thu-tuong")
OUTCOME_FIELDS = ["verdict", "reference", "note"]


def council_proposals(council: Council) -> QuerySet[Proposal]:
    """The proposals that have reached the council: sent (or decided) by a cluster it organises,
    for one of COUNCIL_AWARDS; newest year first."""
    return (
        Proposal.objects.filter(
            year__cluster__council=council,
            award_type__code__in=COUNCIL_AWARDS,
        )
        .exclude(state=Proposal.State.DRAFT)
        .select_related("year__cluster", "award_type", "ballot_round", "council_outcome")
        .order_by("-year__year", "year__cluster__name", "award_type__order", "pk")
    )


def reaches_council(proposal: Proposal) -> bool:
    """Whether the proposal goes on to the council once sent (council_proposals' rule)."""
    return proposal.award_type.code in COUNCIL_AWARDS


def council_notify_sent(proposal: Proposal) -> int:
    """Tell the officers of the council that organises the proposal's cluster that it has
    arrived (inside the sending service's transaction, as notify requires). Returns how many
    were told; none when the award stays with the cluster or the cluster has no council."""
    council = proposal.year.cluster.council
    if council is None or not reaches_council(proposal):
        return 0
    return notifications.notify_people(
        event="proposal_arrived",
        year=proposal.year,
        people=User.objects.filter(council_office__council=council),
        url=reverse("council:proposals", args=[council.slug]),
        params={
            "cluster": proposal.year.cluster.name,
            "number": proposal.number,
            "award": proposal.award_type.name,
            "council": council.name,
        },
    )


def get_council_proposal(council: Council, pk: int) -> Proposal | None:
    return council_proposals(council).filter(pk=pk).first()


@transaction.atomic
def council_outcome_record(
    *,
    actor: User | None,
    council: Council,
    proposal: Proposal,
    verdict: str,
    reference: str = "",
    note: str = "",
) -> CouncilOutcome:
    """Record (or correct) the council's outcome for a proposal that reached it.

    A closed year does not refuse it: the council meets after the cluster's conference, when
    the year is often closed already, and its outcome changes nothing of the year's own records.
    """
    # Locked so that two officers recording at once write one row, each change audited.
    proposal = (
        Proposal.objects.select_for_update()
        .select_related("year", "award_type")
        .get(pk=proposal.pk)
    )
    if get_council_proposal(council, proposal.pk) is None:
        raise Refused(_("Tờ trình này chưa được gửi đến hội đồng."), status=409)
    if verdict not in CouncilOutcome.Verdict.values:
        raise Refused(_("Hãy chọn ý kiến của hội đồng."), field="verdict")
    reference, note = reference.strip(), note.strip()
    if verdict != CouncilOutcome.Verdict.AGREED and not note:
        raise Refused(
            _("Hãy ghi rõ lý do hoặc những gì cần bổ sung."),
            field="note",
        )
    outcome = CouncilOutcome.objects.filter(proposal=proposal).first()
    created = outcome is None
    if created:
        outcome = CouncilOutcome(proposal=proposal, council=council)
    before = {} if created else audit.snapshot(outcome, OUTCOME_FIELDS)
    outcome.council = council
    outcome.verdict, outcome.reference, outcome.note = verdict, reference, note
    outcome.recorded_by = actor if actor is not None and actor.pk is not None else None
    outcome.save()
    changes = audit.diff(before, audit.snapshot(outcome, OUTCOME_FIELDS))
    audit.record(
        actor=actor,
        action="proposal.council_outcome",
        target=proposal,
        year=proposal.year,
        summary=f"{council.name}: {outcome.get_verdict_display()}",
        changes=changes,
    )
    return outcome
