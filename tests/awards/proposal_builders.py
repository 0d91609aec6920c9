"""Closed ballot rounds with votes, and proposals drafted from them, for the awards tests."""

from __future__ import annotations

from collections.abc import Sequence

from awards import services
from awards.models import Proposal
from clusters.models import Unit, User
from scoring import ballots
from scoring.models import BallotRound
from tests.personas import World
from tests.scoring.ballot_builders import ballot_round


def voted_round(
    world: World,
    *,
    kind: str = BallotRound.Kind.FLAG,
    seats: int = 1,
    votes: Sequence[tuple[User, Sequence[Unit]]] | None = None,
    close: bool = True,
) -> BallotRound:
    """A round in which the three officers of the world vote (all for Hà Nam unless told)."""
    round_ = ballot_round(world.year, kind=kind, seats=seats)
    if votes is None:
        votes = [(person, [world.ha_nam]) for person in (world.secretariat, world.own, world.other)]
    by_unit = {c.unit_id: c.pk for c in round_.candidates.all()}
    for person, chosen in votes:
        ballots.ballot_cast(
            actor=person,
            ballot_round=round_,
            candidate_ids=[by_unit[unit.pk] for unit in chosen],
        )
    if close:
        ballots.round_close(actor=world.secretariat, ballot_round=round_)
        round_.refresh_from_db()
    return round_


def drafted(world: World, **round_options) -> Proposal:
    return services.proposal_draft_from_round(
        actor=world.secretariat, ballot_round=voted_round(world, **round_options)
    )
