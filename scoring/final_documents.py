"""The scoring app's final documents (issue 16): the minutes of a closed ballot round.

A closed round's count no longer changes, but its minutes' details (number, place, time, chair,
counting committee) may still be entered while the year is open (ballots.round_minutes_save):
so the minutes become final when the year closes, through the flow's `final_documents`
(`freeze_final`, also run by manage.py freeze_documents); until then they are a draft.
"""

from __future__ import annotations

from django.utils import translation

from clusters.documents import render_pdf, store
from clusters.models import EmulationYear, StoredDocument
from scoring.models import BallotRound

MINUTES = StoredDocument.Kind.MINUTES
TEMPLATE = "documents/ballot_minutes.html"


def minutes_filename(ballot_round: BallotRound) -> str:
    return f"bien-ban-kiem-phieu-{ballot_round.year.year}-{ballot_round.kind}.pdf"


def minutes_pdf(ballot_round: BallotRound) -> bytes:
    from scoring.documents import minutes_context

    # A document is Vietnamese whatever the reader's interface language (labels of choices too).
    with translation.override("vi"):
        return render_pdf(TEMPLATE, minutes_context(ballot_round))


def freeze_minutes(ballot_round: BallotRound) -> StoredDocument:
    return store.freeze(
        kind=MINUTES,
        source=ballot_round,
        render=lambda: minutes_pdf(ballot_round),
        filename=minutes_filename(ballot_round),
        year=ballot_round.year,
    )


def stored_minutes(ballot_round: BallotRound) -> StoredDocument | None:
    if ballot_round.state != BallotRound.State.CLOSED or not ballot_round.year.is_closed:
        return None
    return store.stored_for(MINUTES, ballot_round)


def freeze_final(year: EmulationYear) -> list[StoredDocument]:
    if not year.is_closed:
        return []
    frozen = []
    rounds = BallotRound.objects.filter(year=year, state=BallotRound.State.CLOSED)
    for ballot_round in rounds.order_by("pk"):
        ballot_round.year = year
        frozen.append(freeze_minutes(ballot_round))
    return frozen
