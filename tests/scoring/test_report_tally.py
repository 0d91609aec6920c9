"""The conference report tallies each closed round once (its ballots and next year's leaders
both read the head round)."""

from collections import Counter
from unittest import mock

import pytest
from django.core.management import call_command

from campaigns.report import report_context
from clusters.models import EmulationYear
from scoring import ballots
from scoring.models import BallotRound

pytestmark = pytest.mark.django_db


def test_each_round_is_tallied_once_per_report():
    call_command("loaddemo")
    year = EmulationYear.objects.get(cluster__slug="dong-bang-song-hong", year=2018)
    head = year.ballot_rounds.get(kind=BallotRound.Kind.HEAD, state=BallotRound.State.CLOSED)
    tallied: Counter[int] = Counter()
    real = ballots.round_tally

    def counting(ballot_round):
        tallied[ballot_round.pk] += 1
        return real(ballot_round)

    with mock.patch.object(ballots, "round_tally", counting):
        report_context(year)
    assert tallied[head.pk] == 1
    assert set(tallied.values()) == {1}
