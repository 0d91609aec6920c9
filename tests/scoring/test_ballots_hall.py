"""Rounds as clusters vote: paper rounds in the hall, blank ballots, quorum and closing time,
one round per kind, cancelling an open round and deleting a draft one — through the pages."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from clusters.models import AuditEvent, EmulationYear, Notification
from clusters.services import Refused
from scoring import ballots, rules
from scoring.models import Ballot, BallotRound, Candidate, VoterEntry
from tests.scoring.ballot_builders import ballot_round

pytestmark = pytest.mark.django_db

COMMITTEE = "Nguyễn Thị Lan — Trưởng Ban Thi đua - Khen thưởng\nLê Văn Hải — thành viên"


def _url(world, name, *extra):
    return reverse(name, args=[world.cluster.slug, world.year.year, *extra])


def _errors(page) -> list[str]:
    return [node.text.strip() for node in page.html.select(".alert-danger")]


def _successes(page) -> list[str]:
    return [node.text.strip() for node in page.html.select(".alert-success")]


def _field_error(page, form_id: str, name: str) -> str:
    node = page.html.select_one(f"#{form_id} #div_id_{name}")
    return node.text if node is not None else ""


def _hall_round(world, *, seats=1, committee=COMMITTEE) -> BallotRound:
    round_ = ballot_round(world.year, mode=BallotRound.Mode.HALL, seats=seats)
    if committee:
        ballots.round_minutes_save(
            actor=world.secretariat, ballot_round=round_, counting_committee=committee
        )
    round_.refresh_from_db()
    return round_


def _candidate(round_, unit) -> Candidate:
    return round_.candidates.get(unit=unit)


def _fill(form, round_, figures: dict, votes: dict) -> None:
    for name, value in figures.items():
        form[name] = str(value)
    for unit, value in votes.items():
        form[f"votes_{_candidate(round_, unit).pk}"] = str(value)


def _hall_state(round_) -> tuple:
    round_.refresh_from_db()
    return (
        round_.state,
        [getattr(round_, name) for name in ballots.HALL_FIELDS],
        sorted(round_.candidates.values_list("hall_votes", flat=True), key=str),
    )


# --- a round in the hall --------------------------------------------------------------------


def test_the_committee_count_is_entered_closed_and_printed_in_the_minutes(world, django_app):
    round_ = _hall_round(world, seats=1)
    url = _url(world, "scoring:round", round_.pk)
    # A member sees neither a ballot form nor a count while the round is open.
    member = django_app.get(url, user=world.own)
    assert "ballot-form" not in member.forms and "hall-count-form" not in member.forms
    assert "bỏ phiếu giấy tại hội trường" in member.text
    page = django_app.get(url, user=world.secretariat)
    form = page.forms["hall-count-form"]
    figures = {"issued": 4, "received": 4, "valid": 3, "invalid": 1, "blank": 1}
    units = [c.unit for c in round_.candidates.all()]
    _fill(form, round_, figures, {unit: 0 for unit in units} | {world.ha_nam: 2})
    page = form.submit().follow()
    assert "Đã lưu kết quả kiểm phiếu của Ban kiểm phiếu." in _successes(page)
    state, figures_stored, _votes = _hall_state(round_)
    assert state == "open" and figures_stored == [4, 4, 3, 1, 1]
    # Still open: the members see no result.
    assert "Kết quả chỉ công bố khi kết thúc" in django_app.get(url, user=world.own).text
    event = AuditEvent.objects.get(action="round.hall_count")
    assert event.summary == "Ban kiểm phiếu (trưởng ban: Nguyễn Thị Lan): thu vào 4 phiếu"
    assert event.changes == {}  # nothing of the result before it is published
    page = django_app.get(url, user=world.secretariat)
    page = page.forms["round-close-form"].submit().follow()
    assert "Đã kết thúc bỏ phiếu và kiểm phiếu." in _successes(page)
    tally = django_app.get(url, user=world.viewer).context["tally"]
    assert (tally.ballots_issued, tally.received, tally.valid, tally.invalid, tally.blank) == (
        4, 4, 3, 1, 1,
    )  # fmt: skip
    assert [(row.unit, row.votes) for row in tally.rows][0] == (world.ha_nam, 2)
    assert tally.elected == []  # 2 of 4 is not more than half
    minutes = django_app.get(
        _url(world, "scoring:round_minutes", round_.pk) + "?format=html", user=world.viewer
    ).text
    text = " ".join(minutes.split())
    assert "Số phiếu phát ra: 4 phiếu; số phiếu thu vào: 4 phiếu" in text
    assert "Số phiếu hợp lệ: 3 phiếu; số phiếu không hợp lệ: 1 phiếu" in text
    assert "số phiếu trắng (không chọn đơn vị nào): 1 phiếu" in text
    assert "phiếu giấy tại hội trường" in text and "vắng:" not in text


def test_an_inconsistent_count_is_refused_next_to_its_field_and_nothing_is_saved(world, django_app):
    round_ = _hall_round(world, seats=1)
    before = _hall_state(round_)
    page = django_app.get(_url(world, "scoring:round", round_.pk), user=world.secretariat)
    events = AuditEvent.objects.count()
    form = page.forms["hall-count-form"]
    # Votes exceed the valid ballots: 3 valid, one of them blank, yet Hà Nam has 3 votes.
    units = [c.unit for c in round_.candidates.all()]
    votes = {unit: 0 for unit in units} | {world.ha_nam: 3}
    _fill(form, round_, {"issued": 4, "received": 3, "valid": 3, "invalid": 0, "blank": 1}, votes)
    response = form.submit()
    assert response.status_code == 200
    message = _field_error(
        response, "hall-count-form", f"votes_{_candidate(round_, world.ha_nam).pk}"
    )
    assert "tối đa 2 phiếu" in message
    assert "chưa lưu gì" in response.text
    assert _hall_state(round_) == before and AuditEvent.objects.count() == events
    # Received more than issued, valid + invalid not the received: each next to its field.
    form = response.forms["hall-count-form"]
    _fill(form, round_, {"issued": 3, "received": 4, "valid": 2, "invalid": 1, "blank": 0},
          {unit: 0 for unit in units} | {world.ha_nam: 2})  # fmt: skip
    response = form.submit()
    assert "không được lớn hơn số phiếu phát ra" in _field_error(
        response, "hall-count-form", "received"
    )
    assert "phải bằng số phiếu thu vào" in _field_error(response, "hall-count-form", "invalid")
    assert _hall_state(round_) == before
    # A round in the hall closes only with a count.
    with pytest.raises(Refused, match="Chưa nhập kết quả kiểm phiếu"):
        ballots.round_close(actor=world.secretariat, ballot_round=round_)


def test_the_committee_is_named_before_its_count_and_a_small_count_does_not_close(world):
    round_ = _hall_round(world, committee="")
    votes = {c.pk: 0 for c in round_.candidates.all()}
    votes[_candidate(round_, world.ha_nam).pk] = 2
    count = rules.PaperCount(4, 2, 2, 0, 0, votes)
    with pytest.raises(Refused, match="Hãy ghi Ban kiểm phiếu"):
        ballots.hall_count_save(actor=world.secretariat, ballot_round=round_, count=count)
    ballots.round_minutes_save(
        actor=world.secretariat, ballot_round=round_, counting_committee=COMMITTEE
    )
    ballots.hall_count_save(actor=world.secretariat, ballot_round=round_, count=count)
    # Two paper ballots of four: below the quorum of three, the tally would show them.
    with pytest.raises(Refused, match="chưa đủ số phiếu tối thiểu"):
        ballots.round_close(actor=world.secretariat, ballot_round=round_)
    # Nobody casts online in a paper round.
    with pytest.raises(Refused, match="phiếu giấy tại hội trường"):
        ballots.ballot_cast(actor=world.own, ballot_round=round_, candidate_ids=[])
    assert BallotRound.objects.get(pk=round_.pk).state == "open" and not Ballot.objects.exists()


# --- a blank ballot -----------------------------------------------------------------------------


def test_an_empty_ballot_asks_phieu_trang_then_counts_as_blank(world, django_app):
    round_ = ballot_round(world.year)
    url = _url(world, "scoring:round", round_.pk)
    page = django_app.get(url, user=world.own)
    assert "không thể thay đổi" in page.html.select_one("#ballot-form")["data-confirm"]
    response = page.forms["ballot-form"].submit()  # nothing ticked
    assert response.status_code == 200
    assert "Phiếu trắng?" in response.text and not Ballot.objects.exists()
    assert "ballot-form" not in response.forms  # the question replaces the choices
    page = response.forms["ballot-blank-form"].submit()  # the receipt's page
    assert "Đã ghi nhận phiếu của Nam Định." in _successes(page)
    assert Ballot.objects.get().choices == []
    assert VoterEntry.objects.get().unit == world.nam_dinh
    for person in (world.other, world.secretariat):
        ballots.ballot_cast(actor=person, ballot_round=round_, candidate_ids=[])
    ballots.round_close(actor=world.secretariat, ballot_round=round_)
    assert ballots.round_tally(round_).blank == 3


# --- quorum and closing time --------------------------------------------------------------------


def test_closing_below_the_quorum_is_refused_with_the_reason(world, django_app):
    round_ = ballot_round(world.year)  # its closing time has passed
    for person in (world.own, world.other):
        ballots.ballot_cast(actor=person, ballot_round=round_, candidate_ids=[])
    page = django_app.get(_url(world, "scoring:round", round_.pk), user=world.secretariat)
    assert page.context["tally"] is None and "đã bỏ phiếu: 2/4 đơn vị" in page.text
    page = page.forms["round-close-form"].submit().follow()
    assert any("chưa đủ số phiếu tối thiểu để kiểm phiếu (3)" in e for e in _errors(page))
    round_.refresh_from_db()
    assert round_.state == "open" and page.context["tally"] is None
    assert not AuditEvent.objects.filter(action="round.close").exists()


def test_before_its_closing_time_a_round_closes_only_when_everyone_voted(world):
    round_ = ballot_round(world.year, closing_passed=False)
    for person in (world.own, world.other, world.secretariat):
        ballots.ballot_cast(actor=person, ballot_round=round_, candidate_ids=[])
    with pytest.raises(Refused, match="Trước giờ kết thúc bỏ phiếu"):
        ballots.round_close(actor=world.secretariat, ballot_round=round_)
    ballots.ballot_cast(actor=world.granted, ballot_round=round_, candidate_ids=[])
    assert ballots.round_close(actor=world.secretariat, ballot_round=round_).state == "closed"


def test_a_round_without_closing_time_waits_for_every_member(world):
    world.year.phase = EmulationYear.Phase.CONFERENCE
    world.year.save()
    units = [m.unit for m in world.year.memberships.all()]
    round_ = ballots.round_create(
        actor=world.secretariat, year=world.year, kind="head", seats=1, threshold="half",
        candidates=units,
    )  # fmt: skip
    ballots.round_open(actor=world.secretariat, ballot_round=round_)
    for person in (world.own, world.other, world.secretariat):
        ballots.ballot_cast(actor=person, ballot_round=round_, candidate_ids=[])
    with pytest.raises(Refused, match="không có giờ kết thúc bỏ phiếu"):
        ballots.round_close(actor=world.secretariat, ballot_round=round_)


def test_the_round_form_takes_mode_closing_time_and_quorum(world, django_app):
    world.year.phase = EmulationYear.Phase.CONFERENCE
    world.year.save()
    page = django_app.get(_url(world, "scoring:rounds"), user=world.secretariat)
    form = page.forms["round-form"]
    form["kind"] = "flag"
    form["closes_at"] = (timezone.localtime() - datetime.timedelta(hours=1)).strftime(
        "%d/%m/%Y %H:%M"
    )
    response = form.submit()
    assert "phải sau thời điểm hiện tại" in _field_error(response, "round-form", "closes_at")
    form = response.forms["round-form"]
    form["closes_at"] = "20/03/2099 11:30"
    form["quorum"] = "2"
    response = form.submit()
    assert "Số phiếu tối thiểu từ 3 đến 4" in _field_error(response, "round-form", "quorum")
    assert not BallotRound.objects.exists()
    form = response.forms["round-form"]
    form["quorum"] = "4"
    form["mode"] = "online"
    page = form.submit().follow()
    round_ = BallotRound.objects.get()
    assert (
        round_.quorum == 4
        and timezone.localtime(round_.closes_at).strftime("%d/%m/%Y %H:%M") == "20/03/2099 11:30"
    )
    assert "sau 11:30 20/03/2099 khi có ít nhất 4 phiếu" in " ".join(page.text.split())


def test_opening_an_online_round_notifies_the_members_and_a_paper_one_does_not(world):
    round_ = ballot_round(world.year, state="draft")
    ballots.round_open(actor=world.secretariat, ballot_round=round_)
    notices = Notification.objects.filter(event="round_opened")
    recipients = set(notices.values_list("recipient__unit", flat=True))
    assert recipients == {m.unit_id for m in world.year.memberships.all()}
    assert notices.first().url == _url(world, "scoring:round", round_.pk)
    hall = ballot_round(world.year, kind="head", mode="hall", state="draft")
    count = notices.count()
    ballots.round_open(actor=world.secretariat, ballot_round=hall)
    assert Notification.objects.filter(event="round_opened").count() == count


# --- one round per kind, cancel, delete ---------------------------------------------------------


def test_a_second_round_of_the_same_kind_is_refused_next_to_the_kind(world, django_app):
    first = ballot_round(world.year, state="draft")
    page = django_app.get(_url(world, "scoring:rounds"), user=world.secretariat)
    form = page.forms["round-form"]
    form["kind"] = "flag"
    response = form.submit()
    assert response.status_code == 200
    assert "Năm 2018 đã có vòng" in _field_error(response, "round-form", "kind")
    assert list(BallotRound.objects.values_list("pk", flat=True)) == [first.pk]


def test_cancelling_needs_a_reason_voids_the_ballots_and_makes_way(world, django_app):
    round_ = ballot_round(world.year)
    for person in (world.own, world.other, world.secretariat):
        ballots.ballot_cast(
            actor=person, ballot_round=round_,
            candidate_ids=[_candidate(round_, world.ha_nam).pk],
        )  # fmt: skip
    url = _url(world, "scoring:round", round_.pk)
    page = django_app.get(url, user=world.secretariat)
    form = page.forms["round-cancel-form"]
    assert "không khôi phục được" in page.html.select_one("#round-cancel-form")["data-confirm"]
    form["reason"] = "   "
    response = form.submit()
    assert response.status_code == 200
    assert "Hãy ghi lý do hủy" in _field_error(response, "round-cancel-form", "reason")
    round_.refresh_from_db()
    assert round_.state == "open" and Ballot.objects.count() == 3
    form = response.forms["round-cancel-form"]
    form["reason"] = "Danh sách ứng cử thiếu một đơn vị"
    page = form.submit().follow()
    assert "Đã hủy vòng bỏ phiếu" in " ".join(_successes(page))
    round_.refresh_from_db()
    assert round_.state == "cancelled" and round_.cancel_reason.startswith("Danh sách")
    assert not Ballot.objects.exists() and not VoterEntry.objects.exists()
    assert "thiếu một đơn vị" in page.html.select_one('[data-testid="round-cancelled"]').text
    history = page.html.select_one('[data-testid="history"]').text
    assert "Hủy vòng bỏ phiếu" in history and "Nam Định đã bỏ phiếu" in history
    # Out of the minutes, the report and the outcomes; the year may close past it.
    assert django_app.get(
        _url(world, "scoring:round_minutes", round_.pk), user=world.viewer, status=404
    )
    from scoring.hooks import close_check
    from scoring.report import ballots_section, round_outcomes

    assert round_outcomes(world.year) == []
    assert ballots_section(type("Source", (), {"year": world.year, "memo": {}})())["results"] == []
    remaining = [str(getattr(problem, "text", problem)) for problem in close_check(world.year)]
    assert not [line for line in remaining if "Vòng bỏ phiếu" in line]
    # A new round of the kind may now be created.
    again = ballot_round(world.year, state="draft")
    assert again.kind == round_.kind
    with pytest.raises(Refused, match="Chỉ hủy được vòng bỏ phiếu đang mở"):
        ballots.round_cancel(actor=world.secretariat, ballot_round=again, reason="x")


def test_a_draft_round_is_deleted_after_confirmation(world, django_app):
    round_ = ballot_round(world.year, state="draft")
    page = django_app.get(_url(world, "scoring:round", round_.pk), user=world.secretariat)
    assert "không khôi phục" in page.html.select_one("#round-delete-form")["data-confirm"]
    page = page.forms["round-delete-form"].submit().follow()
    assert "Đã xóa vòng bỏ phiếu." in _successes(page)
    assert not BallotRound.objects.exists() and not Candidate.objects.exists()
    event = AuditEvent.objects.get(action="round.delete")
    assert event.actor == world.secretariat and event.target_id == round_.pk
    opened = ballot_round(world.year)
    with pytest.raises(Refused, match="Chỉ xóa được vòng bỏ phiếu đang chuẩn bị"):
        ballots.round_delete(actor=world.secretariat, ballot_round=opened)
    assert BallotRound.objects.filter(pk=opened.pk).exists()
