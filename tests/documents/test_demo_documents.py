"""Every document of the demo, read back and measured against Nghị định 30/2020, Phụ lục I
(tests/documents/nd30.py)."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from clusters.documents.pdf import render_pdf
from tests.documents.nd30 import problems


@pytest.mark.django_db
def test_every_document_of_the_demo_keeps_the_rules_of_nghị_định_30():
    from awards.decision_documents import decision_pdf
    from awards.documents import proposal_pdf
    from awards.models import Decision, Proposal
    from campaigns.documents import compact_pdf
    from campaigns.models import Covenant
    from campaigns.report import report_context
    from clusters.models import EmulationYear
    from scoring.documents import minutes_context
    from scoring.models import BallotRound

    call_command("loaddemo")
    documents: dict[str, bytes] = {}
    for covenant in Covenant.objects.select_related("year"):
        documents[f"compact {covenant.year.year} v{covenant.version}"] = compact_pdf(covenant)
    for year in EmulationYear.objects.all():
        documents[f"report {year.year}"] = render_pdf("documents/report.html", report_context(year))
    for ballot_round in BallotRound.objects.filter(state=BallotRound.State.CLOSED):
        documents[f"minutes {ballot_round.kind}"] = render_pdf(
            "documents/ballot_minutes.html", minutes_context(ballot_round)
        )
    for proposal in Proposal.objects.all():
        documents[f"letter {proposal.number}"] = proposal_pdf(proposal)
    for decision in Decision.objects.all():
        documents[f"decision {decision.number}"] = decision_pdf(decision)
    assert len(documents) >= 10
    found = {name: problems(pdf) for name, pdf in documents.items()}
    assert {name: p for name, p in found.items() if p} == {}
