"""The ballot rules without a database: the quorum, when a round may be tallied, and a paper
count that holds together."""

import pytest

from scoring import rules
from scoring.rules import PaperCount, close_refusal, default_quorum, paper_count_errors


@pytest.mark.parametrize(
    ("members", "quorum"), [(1, 3), (2, 3), (3, 3), (4, 3), (5, 4), (6, 4), (9, 6), (10, 7)]
)
def test_the_default_quorum_is_two_thirds_rounded_up_and_never_below_three(members, quorum):
    assert default_quorum(members) == quorum


def test_every_member_voted_tallies_at_any_time_even_a_small_cluster():
    assert close_refusal(members=9, cast=9, quorum=6, closing_passed=None) is None
    assert close_refusal(members=9, cast=9, quorum=6, closing_passed=False) is None
    # Two members, both voted: all of them, so no ballot stands alone among others.
    assert close_refusal(members=2, cast=2, quorum=3, closing_passed=None) is None


def test_short_of_some_ballots_a_round_waits_for_its_closing_time_and_its_quorum():
    assert close_refusal(members=9, cast=8, quorum=6, closing_passed=None) == "no_closing_time"
    assert close_refusal(members=9, cast=8, quorum=6, closing_passed=False) == (
        "before_closing_time"
    )
    assert close_refusal(members=9, cast=5, quorum=6, closing_passed=True) == "below_quorum"
    assert close_refusal(members=9, cast=6, quorum=6, closing_passed=True) is None
    # A quorum below three is never applied: one or two ballots would be read off the tally.
    assert close_refusal(members=9, cast=2, quorum=1, closing_passed=True) == "below_quorum"
    assert close_refusal(members=9, cast=0, quorum=6, closing_passed=True) == "below_quorum"


def _count(issued=9, received=9, valid=8, invalid=1, blank=1, votes=None) -> PaperCount:
    return PaperCount(issued, received, valid, invalid, blank, votes or {1: 6, 2: 1})


def test_a_consistent_count_has_no_error():
    assert paper_count_errors(_count(), members=9, seats=1) == {}
    # Two places: seven ballots naming two units each, exactly at the limit.
    votes = {1: 7, 2: 7}
    assert paper_count_errors(_count(votes=votes), members=9, seats=2) == {}
    # Everything blank: no votes at all is right.
    count = _count(valid=8, blank=8, votes={1: 0, 2: 0})
    assert paper_count_errors(count, members=9, seats=1) == {}


@pytest.mark.parametrize(
    ("count", "field", "words"),
    [
        (_count(issued=10, received=9), "issued", "số đơn vị thành viên (9)"),
        (_count(issued=8, received=9, valid=8, invalid=1), "received", "không được lớn hơn"),
        (_count(valid=7, invalid=1, votes={1: 5, 2: 1}), "invalid", "phải bằng số phiếu thu vào"),
        (_count(valid=8, invalid=1, blank=9), "blank", "không được lớn hơn số phiếu hợp lệ"),
        (_count(votes={1: 8, 2: 0}), "votes_1", "tối đa 7 phiếu"),
        (_count(votes={1: 4, 2: 4}), "votes", "vượt quá 7"),
        (_count(votes={1: 3, 2: 3}), "votes", "ít hơn số phiếu hợp lệ không trắng"),
        (_count(blank=-1), "blank", "không được âm"),
        (_count(votes={1: -1, 2: 8}), "votes_1", "không được âm"),
    ],
)
def test_an_inconsistent_count_names_the_field(count, field, words):
    errors = paper_count_errors(count, members=9, seats=1)
    assert field in errors and words in errors[field]


def test_votes_over_valid_ballots_are_refused_even_with_many_places():
    # Three places: 7 non-blank ballots may give 21 votes, but no unit more than 7.
    errors = paper_count_errors(_count(votes={1: 8, 2: 6}), members=9, seats=3)
    assert set(errors) == {"votes_1"}
    assert paper_count_errors(_count(votes={1: 7, 2: 7, 3: 8}), members=9, seats=3) == {
        "votes_3": errors["votes_1"]
    }
    assert rules.MIN_QUORUM == 3
