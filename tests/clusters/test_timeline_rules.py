"""The timeline's rules, without a database: dates in order, phase moves, deadlines."""

from __future__ import annotations

import datetime
from types import SimpleNamespace

from clusters import timeline
from clusters.models import EmulationYear

Phase = EmulationYear.Phase
D = datetime.date


def test_a_deadline_before_its_phase_opens_is_refused_next_to_the_deadline():
    errors = timeline.check_rows(2019, {Phase.REVIEW: (D(2019, 12, 11), D(2019, 12, 1))})
    assert errors == {Phase.REVIEW: ("due_on", "Hạn hoàn thành không được trước ngày bắt đầu.")}


def test_a_phase_opening_before_the_one_before_it_is_refused():
    rows = {
        Phase.IN_PROGRESS: (D(2019, 3, 21), D(2019, 11, 15)),
        Phase.SELF_ASSESSMENT: (D(2019, 3, 1), None),
    }
    field, message = timeline.check_rows(2019, rows)[Phase.SELF_ASSESSMENT]
    assert field == "opens_on"
    assert message == "Giai đoạn này không được bắt đầu trước giai đoạn “Triển khai thi đua”."


def test_phases_in_order_on_the_same_day_and_unset_phases_are_accepted():
    rows = {
        Phase.SETUP: (D(2019, 3, 20), D(2019, 3, 20)),
        Phase.COVENANT: (D(2019, 3, 20), None),
        Phase.REVIEW: (D(2019, 12, 11), D(2020, 1, 10)),
    }
    assert timeline.check_rows(2019, rows) == {}


def test_a_deadline_without_an_opening_day_and_a_date_years_away_are_refused():
    errors = timeline.check_rows(
        2019, {Phase.SETUP: (None, D(2019, 1, 5)), Phase.COVENANT: (D(2029, 1, 1), None)}
    )
    assert errors[Phase.SETUP][0] == "opens_on"
    assert errors[Phase.COVENANT] == (
        "opens_on",
        "Ngày phải trong khoảng năm 2018 đến năm 2020.",
    )


def test_moving_to_the_next_phase_is_always_allowed():
    assert timeline.advance_refusal(Phase.IN_PROGRESS, Phase.SELF_ASSESSMENT, pending={}) is None


def test_skipping_a_phase_is_refused_while_its_work_remains_and_allowed_once_done():
    pending = {Phase.SELF_ASSESSMENT: ["bảng tự chấm điểm chưa nộp: Nam Định"]}
    field, message = timeline.advance_refusal(Phase.IN_PROGRESS, Phase.CONFERENCE, pending=pending)
    assert field == "to_phase"
    assert "“Tự chấm điểm”" in message and "Nam Định" in message
    done = {Phase.SELF_ASSESSMENT: [], Phase.REVIEW: []}
    assert timeline.advance_refusal(Phase.IN_PROGRESS, Phase.CONFERENCE, pending=done) is None


def test_moving_back_one_phase_needs_a_reason_and_never_reaches_set_up():
    assert timeline.advance_refusal(Phase.REVIEW, Phase.SELF_ASSESSMENT, pending={}) == (
        "reason",
        "Hãy ghi lý do quay lại giai đoạn trước.",
    )
    assert (
        timeline.advance_refusal(
            Phase.REVIEW, Phase.SELF_ASSESSMENT, pending={}, reason="Gia hạn tự chấm"
        )
        is None
    )
    assert timeline.advance_refusal(Phase.REVIEW, Phase.IN_PROGRESS, pending={}, reason="x")[0]
    assert timeline.advance_refusal(Phase.COVENANT, Phase.SETUP, pending={}, reason="x")[0]


def test_closing_and_a_closed_year_are_not_phase_moves():
    assert timeline.advance_refusal(Phase.CONFERENCE, Phase.CLOSED, pending={})[0] == "to_phase"
    assert timeline.advance_refusal(Phase.CLOSED, Phase.CONFERENCE, pending={}, reason="x")
    assert timeline.advance_refusal(Phase.REVIEW, Phase.REVIEW, pending={})
    assert timeline.next_phase(Phase.CONFERENCE) is None
    assert timeline.previous_phase(Phase.COVENANT) is None
    assert timeline.previous_phase(Phase.REVIEW) == Phase.SELF_ASSESSMENT
    assert timeline.moves(Phase.COVENANT) == (
        Phase.IN_PROGRESS,
        Phase.SELF_ASSESSMENT,
        Phase.REVIEW,
        Phase.CONFERENCE,
    )
    assert timeline.moves(Phase.REVIEW) == (Phase.SELF_ASSESSMENT, Phase.CONFERENCE)
    assert timeline.moves(Phase.CONFERENCE) == (Phase.REVIEW,)
    assert timeline.moves(Phase.CLOSED) == ()
    # What the page offers is what the rule accepts once the work is done and a reason given.
    for current in timeline.ORDER:
        for to_phase in timeline.ORDER:
            accepted = not timeline.advance_refusal(current, to_phase, pending={}, reason="x")
            assert accepted == (to_phase in timeline.moves(current)), (current, to_phase)


def test_a_move_forward_opens_and_locks_what_every_phase_it_reaches_does():
    facts = timeline.move_facts(Phase.IN_PROGRESS, Phase.CONFERENCE)
    assert timeline.skipped(Phase.IN_PROGRESS, Phase.CONFERENCE) == (
        Phase.SELF_ASSESSMENT,
        Phase.REVIEW,
    )
    for phase in (Phase.SELF_ASSESSMENT, Phase.REVIEW, Phase.CONFERENCE):
        assert set(timeline.FACTS[phase].opens) <= set(facts.opens)
        assert set(timeline.FACTS[phase].locks) <= set(facts.locks)


def test_every_phase_says_what_it_opens_and_the_ones_after_set_up_what_they_lock():
    assert set(timeline.FACTS) == set(Phase.values)
    for phase in Phase.values:
        assert timeline.FACTS[phase].opens
        assert phase == Phase.SETUP or timeline.FACTS[phase].locks


def test_today_falls_in_the_last_phase_opened():
    dates = {
        Phase.SETUP: (D(2019, 3, 20), D(2019, 3, 20)),
        Phase.IN_PROGRESS: (D(2019, 3, 21), D(2019, 11, 15)),
        Phase.SELF_ASSESSMENT: (D(2019, 11, 18), None),
    }
    assert timeline.today_phase(dates, D(2019, 11, 17)) == Phase.IN_PROGRESS
    assert timeline.today_phase(dates, D(2019, 11, 18)) == Phase.SELF_ASSESSMENT
    assert timeline.today_phase(dates, D(2019, 1, 1)) is None
    # Past the deadline of the last phase with dates: today is beyond the timeline.
    dates[Phase.SELF_ASSESSMENT] = (D(2019, 11, 18), D(2019, 12, 10))
    assert timeline.today_phase(dates, D(2019, 12, 10)) == Phase.SELF_ASSESSMENT
    assert timeline.today_phase(dates, D(2026, 12, 1)) is None


def test_an_answer_is_due_at_the_end_of_the_day_in_vietnam():
    year = SimpleNamespace(answer_days=7)
    # 20:00 UTC on 10/01 is already 11/01 in Hà Nội.
    adjusted = datetime.datetime(2019, 1, 10, 20, 0, tzinfo=datetime.UTC)
    due = timeline.answer_due(year, adjusted)
    assert due.tzinfo == timeline.LOCAL
    assert (due.date(), due.hour, due.minute) == (D(2019, 1, 18), 23, 59)
