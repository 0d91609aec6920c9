"""The vote-count minutes (biên bản kiểm phiếu) of a closed ballot round: data for the template.

Documents decide nothing: the tally comes from scoring.ballots, the layout from the shared path.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from clusters.documents import DocumentHeader
from clusters.documents.format import date_words
from clusters.models import Membership
from scoring.ballots import round_tally
from scoring.models import Ballot, BallotRound


def minutes_context(ballot_round: BallotRound) -> dict[str, Any]:
    year = ballot_round.year
    cluster = year.cluster
    memberships = list(year.memberships.select_related("unit").order_by("unit__search_name"))
    voted = set(Ballot.objects.filter(round=ballot_round).values_list("unit_id", flat=True))
    head = next((m.unit for m in memberships if m.role == Membership.Role.HEAD), None)
    representative = year.representatives_by_unit.get(head.pk) if head else None
    place = year.conference_place or (year.host_unit.name if year.host_unit else "")
    # The date line names the host province ("Hà Nam, ngày …"), the body the full place.
    place_short = year.host_unit.name if year.host_unit else place
    closed = timezone.localdate(ballot_round.closed_at) if ballot_round.closed_at else None
    return {
        "header": DocumentHeader(issuer=cluster.name, place=place_short, date=closed),
        "date_words": date_words(closed) if closed else "",
        "round": ballot_round,
        "year": year,
        "cluster": cluster,
        "place": place,
        "present": [m.unit for m in memberships if m.unit_id in voted],
        "absent": [m.unit for m in memberships if m.unit_id not in voted],
        "tally": round_tally(ballot_round),
        "head": head,
        "representative": representative,
    }
