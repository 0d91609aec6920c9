"""The score-sheet and ranking rules, without a database."""

from decimal import Decimal as D

import pytest

from scoring import rules
from scoring.charts import Bar, stacked_bars_svg


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("9,5", D("9.5")), ("9.5", D("9.5")), (" 10 ", D("10")), (7, D("7")), (2.25, D("2.25")),
     ("-1,5", D("-1.5")), ("", None), (None, None)],
)  # fmt: skip
def test_points_accept_a_decimal_comma_or_point(raw, expected):
    assert rules.parse_points(raw) == expected


@pytest.mark.parametrize(
    "raw",
    ["mười", "9,5,1", "1e3", "9.555", True, "=A1+1", "9" * 40, 1e30, D("1E+30"), 10**29],
)
def test_points_refuse_text_and_formulas(raw):
    with pytest.raises(rules.PointsError):
        rules.parse_points(raw)


def test_deductions_are_entered_with_their_sign():
    rules.check_points(rules.DEDUCTION, D("5"), D("-5"))
    with pytest.raises(rules.PointsError, match="Điểm trừ phải nhập số âm"):
        rules.check_points(rules.DEDUCTION, D("5"), D("3"))
    with pytest.raises(rules.PointsError, match="trong khoảng -5 đến 0"):
        rules.check_points(rules.DEDUCTION, D("5"), D("-6"))


def test_standard_and_bonus_stay_within_zero_and_max():
    rules.check_points(rules.BONUS, D("5"), D("5"))
    with pytest.raises(rules.PointsError, match="0 đến 10"):
        rules.check_points(rules.STANDARD, D("10"), D("10.5"))
    with pytest.raises(rules.PointsError):
        rules.check_points(rules.STANDARD, D("10"), D("-1"))


TREE = [
    rules.Node(1, None, "I"),
    rules.Node(2, 1, "I.1", max_points=D("10")),
    rules.Node(3, 1, "I.2", max_points=D("20")),
    rules.Node(4, None, "II", cap=D("15")),
    rules.Node(5, 4, "II.1", max_points=D("10")),
    rules.Node(6, 4, "II.2", max_points=D("10")),
    rules.Node(7, None, "IV"),
    rules.Node(8, 7, "IV.1", kind=rules.DEDUCTION, max_points=D("5")),
]


def test_totals_are_computed_with_section_caps_and_deductions():
    points = {2: D("9"), 3: D("18.5"), 5: D("9"), 6: D("8"), 8: D("-1")}
    totals = rules.compute_totals(TREE, points)
    assert totals.of(1) == D("27.5")
    assert totals.of(4) == D("15")  # 17 capped at 15
    assert totals.of(7) == D("-1")
    assert totals.total == D("41.5")


def test_missing_leaves_are_the_unscored_ones():
    assert [n.code for n in rules.missing_leaves(TREE, {2: D("1"), 5: D("0")})] == [
        "I.2", "II.2", "IV.1",
    ]  # fmt: skip


def test_equal_totals_share_a_rank_one_two_two_four():
    entries = [rules.Entry(1, D("90")), rules.Entry(2, D("85")), rules.Entry(3, D("85")),
               rules.Entry(4, D("80"))]  # fmt: skip
    ranked = {r.key: r for r in rules.rank(entries)}
    assert [ranked[k].rank for k in (1, 2, 3, 4)] == [1, 2, 2, 4]
    assert ranked[2].decided_by == rules.SHARED and ranked[1].decided_by == ""


def test_tie_breakers_separate_equal_totals_and_name_the_rule():
    entries = [
        rules.Entry(1, D("85"), (D("40"), D("3"))),
        rules.Entry(2, D("85"), (D("42"), D("1"))),
        rules.Entry(3, D("85"), (D("40"), D("5"))),
        rules.Entry(4, D("70"), (D("50"), D("9"))),
    ]
    ranked = {r.key: r for r in rules.rank(entries, ["điểm mục I", "số phiếu"])}
    assert [ranked[k].rank for k in (2, 3, 1, 4)] == [1, 2, 3, 4]
    assert ranked[2].decided_by.endswith("điểm mục I")
    assert ranked[3].decided_by.endswith("số phiếu")


def test_tie_breakers_that_do_not_separate_leave_the_rank_shared():
    entries = [rules.Entry(1, D("85"), (D("40"),)), rules.Entry(2, D("85"), (D("40"),)),
               rules.Entry(3, D("85"), (D("30"),))]  # fmt: skip
    ranked = {r.key: r for r in rules.rank(entries, ["điểm mục I"])}
    assert (ranked[1].rank, ranked[2].rank, ranked[3].rank) == (1, 1, 3)
    assert ranked[1].decided_by == rules.SHARED


def test_chart_is_svg_with_one_bar_part_per_section_and_deductions_left_of_zero():
    svg = stacked_bars_svg(
        [Bar("Hà Nam", [D("40"), D("15"), D("-1")]), Bar("Nam Định", [D("30"), D("10"), D("0")])],
        ["I", "II", "IV"],
        title="Tổng điểm <2018>",
    )
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    # five bar parts (the deduction a segment of its own) and a legend square per series
    assert svg.count("<rect") == 5 + 3 and svg.count('class="part deduction"') == 1
    assert "Tổng điểm &lt;2018&gt;" in svg and ">54 (−1)<" in svg  # escaped title; 40+15−1


def test_thresholds_count_all_member_units():
    more_than_half = rules.Threshold(D("0.5"), strict=True)
    assert more_than_half.votes_needed(9) == 5 and more_than_half.votes_needed(10) == 6
    two_thirds = rules.Threshold(D(2) / D(3), strict=False)
    assert two_thirds.votes_needed(9) == 6 and two_thirds.votes_needed(34) == 23
    assert rules.Threshold(D("0.9"), strict=False).votes_needed(9) == 9


def test_tally_reports_a_tie_at_the_last_seat_without_breaking_it():
    # Two seats: 1 is on every ballot; 2 and 3 share the rest equally.
    ballots = [[1, 2]] * 4 + [[1, 3]] * 4 + [[2, 3]]
    lines = {line.key: line for line in rules.tally(
        [1, 2, 3], ballots, members=10, seats=2, threshold=rules.Threshold(D("0.5"))
    )}  # fmt: skip
    assert (lines[1].votes, lines[2].votes, lines[3].votes) == (8, 5, 5)
    assert lines[1].elected and not lines[1].tied_at_cut
    # With 10 members, 5 is not more than half: 2 and 3 miss the threshold, nobody is tied.
    assert not lines[2].reaches_threshold and not lines[2].tied_at_cut
    lines = {line.key: line for line in rules.tally(
        [1, 2, 3], ballots, members=9, seats=2, threshold=rules.Threshold(D("0.5"))
    )}  # fmt: skip
    assert lines[2].tied_at_cut and lines[3].tied_at_cut
    assert [k for k, line in lines.items() if line.elected] == [1]


def test_tally_below_threshold_elects_nobody_and_two_seats_fill():
    lines = rules.tally([1, 2, 3], [[1, 2], [1, 2], [1, 3], [2]], members=9, seats=2,
                        threshold=rules.Threshold(D("0.5")))  # fmt: skip
    assert not any(line.elected for line in lines)
    lines = rules.tally([1, 2, 3], [[1, 2]] * 6 + [[3]] * 3, members=9, seats=2,
                        threshold=rules.Threshold(D("0.5")))  # fmt: skip
    assert [line.key for line in lines if line.elected] == [1, 2]
