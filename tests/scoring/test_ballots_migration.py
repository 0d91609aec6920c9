"""scoring 0008 splits each ballot into a register entry and a ballot in the box: rounds with
ballots built at 0007 (unit, person, time next to the choices) keep their tallies, forward and
back, and nothing of the box leads back to a unit."""

import datetime
import re

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from scoring import ballots
from scoring.models import Ballot, BallotRound, VoterEntry
from tests.factories import MembershipFactory, UnitFactory, UserFactory, YearFactory

BEFORE = [("scoring", "0007_adjustment_answer_due")]
SPLIT = [("scoring", "0008_ballot_box_and_register")]

# Per round: each unit's choices (indexes into the candidates), as cast before the split.
ROUNDS = {
    "flag": (1, [[0], [0], [1], [], [0]]),
    "deputies": (2, [[0, 1], [1, 2], [2], [0, 2], []]),
}


def _migrate(target):
    executor = MigrationExecutor(connection)
    executor.migrate(target)
    return executor.loader.project_state(target).apps


def _counts(apps):
    """{kind: (votes per candidate unit id, ballots, blank)} from the 0007 tables."""
    legacy = apps.get_model("scoring", "Ballot")
    result = {}
    for round_ in apps.get_model("scoring", "BallotRound").objects.all():
        votes = {c.unit_id: 0 for c in round_.candidates.all()}
        cast = blank = 0
        for ballot in legacy.objects.filter(round=round_):
            chosen = list(ballot.choices.values_list("unit_id", flat=True))
            cast += 1
            blank += not chosen
            for unit_id in chosen:
                votes[unit_id] += 1
        result[round_.kind] = (votes, cast, blank)
    return result


@pytest.fixture
def before_split(transactional_db):
    apps = _migrate(BEFORE)
    yield apps
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())  # the schema the other tests expect


def test_the_split_keeps_every_tally_and_drops_the_link(before_split):
    apps = before_split
    year = YearFactory(year=2018, phase="conference")
    units = [UnitFactory(name=f"Tỉnh Thử {i}", slug=f"tinh-thu-{i}") for i in range(5)]
    people = []
    for index, unit in enumerate(units):
        MembershipFactory(year=year, unit=unit)
        people.append(UserFactory(username=f"thu{index}", unit=unit))
    old_round = apps.get_model("scoring", "BallotRound")
    old_candidate = apps.get_model("scoring", "Candidate")
    old_ballot = apps.get_model("scoring", "Ballot")
    cast_at = {}
    for kind, (seats, choices) in ROUNDS.items():
        round_ = old_round.objects.create(
            year_id=year.pk,
            kind=kind,
            seats=seats,
            threshold="half",
            state="closed",
            closed_at=timezone.now(),
            members_at_close=5,
        )
        candidates = [
            old_candidate.objects.create(round=round_, unit_id=unit.pk, position=i)
            for i, unit in enumerate(units[:3])
        ]
        for person, chosen in zip(people, choices, strict=True):
            ballot = old_ballot.objects.create(
                round=round_, unit_id=person.unit_id, cast_by_id=person.pk
            )
            when = timezone.now() - datetime.timedelta(minutes=len(cast_at) + 1)
            old_ballot.objects.filter(pk=ballot.pk).update(cast_at=when)
            cast_at[(round_.pk, person.unit_id)] = when
            ballot.choices.set([candidates[i] for i in chosen])
    expected = _counts(apps)

    _migrate(SPLIT)
    for ballot_round in BallotRound.objects.all():
        tally = ballots.round_tally(ballot_round)
        votes, cast, blank = expected[ballot_round.kind]
        assert {row.unit.pk: row.votes for row in tally.rows} == votes
        assert (tally.ballots_cast, tally.blank) == (cast, blank)
        # The bulletin of the migrated round counts the same.
        published = ballots.round_bulletin(ballot_round)
        by_unit = {c.pk: c.unit_id for c in ballot_round.candidates.all()}
        assert {by_unit[v["candidate"]]: v["votes"] for v in published["tally"]["votes"]} == votes
    # The register keeps who voted and when; the box holds the choices and a digest only.
    assert {(e.round_id, e.unit_id): e.cast_at for e in VoterEntry.objects.all()} == cast_at
    assert Ballot.objects.count() == 10
    assert all(re.fullmatch(r"[0-9a-f]{64}", b.receipt_digest) for b in Ballot.objects.all())
    assert {f.name for f in Ballot._meta.concrete_fields} == {
        "id",
        "round",
        "choices",
        "receipt_digest",
    }

    # Backwards: the old tables get the same tallies (in a random pairing of unit and ballot).
    apps = _migrate(BEFORE)
    assert _counts(apps) == expected
    assert apps.get_model("scoring", "Ballot").objects.count() == 10
