"""Every scoring action writes its audit event in its own transaction; a refusal writes none.

The event names who acted (person and unit), the action, the object whose history it belongs to
(a sheet, a round, the criteria sheet, the next year) and a short summary. A ballot's event says
which unit voted in which round, and nothing of what it chose.
"""

from __future__ import annotations

import datetime
from decimal import Decimal as D

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from clusters.audit import events_for
from clusters.models import AuditEvent, EmulationYear
from clusters.services import Refused
from scoring import ballots, services
from scoring.models import (
    Adjustment,
    Assessment,
    Ballot,
    BallotRound,
    CriteriaSheet,
    Criterion,
    Evidence,
    Score,
)
from tests.factories import MembershipFactory, YearFactory
from tests.scoring.ballot_builders import ballot_round
from tests.scoring.builders import FULL, draft, entries, make_sheet, open_self_assessment

pytestmark = pytest.mark.django_db


def _only_event(action: str) -> AuditEvent:
    found = list(AuditEvent.objects.filter(action=action))
    assert len(found) == 1, f"{action}: {len(found)} events"
    return found[0]


def _assert_event(event: AuditEvent, *, actor, target, year) -> None:
    assert event.actor == actor
    assert event.actor_name == (actor.full_name or actor.username)
    assert event.unit_id == actor.unit_id
    assert (event.target_type.model_class(), event.target_id) == (type(target), target.pk)
    assert event.year_id == year.pk


def _pdf(name: str = "bao-cao.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4 minh chung", "application/pdf")


@pytest.fixture
def setup_year(world):
    world.year.phase = EmulationYear.Phase.SETUP
    world.year.save()
    return world


@pytest.fixture
def criteria(world):
    made = make_sheet(world.year)
    open_self_assessment(world.year)
    return made


# --- criteria ---------------------------------------------------------------------------------


def test_criteria_changes_are_recorded_with_what_changed(setup_year):
    world = setup_year
    sheet = CriteriaSheet(year=world.year)
    section = services.criterion_save(
        actor=world.secretariat, criterion=Criterion(sheet=sheet, code="I", text="Nhiệm vụ")
    )
    leaf = services.criterion_save(
        actor=world.secretariat,
        criterion=Criterion(
            sheet=section.sheet, parent=section, code="I.1", text="Tăng trưởng", max_points=D(10)
        ),
    )
    leaf.max_points = D("12.5")
    services.criterion_save(actor=world.secretariat, criterion=leaf)
    second = services.criterion_save(
        actor=world.secretariat,
        criterion=Criterion(
            sheet=section.sheet, parent=section, code="I.2", text="Nông thôn", max_points=D(5)
        ),
    )
    services.criterion_move(actor=world.secretariat, criterion=second, up=True)
    services.sheet_settings_save(actor=world.secretariat, sheet=section.sheet, tie_breakers="I")
    services.criterion_delete(actor=world.secretariat, criterion=second)

    events = list(AuditEvent.objects.filter(action="criteria.change").order_by("pk"))
    for event in events:
        _assert_event(event, actor=world.secretariat, target=section.sheet, year=world.year)
    assert [e.summary for e in events] == [
        "Thêm tiêu chí I",
        "Thêm tiêu chí I.1",
        "Sửa tiêu chí I.1",
        "Thêm tiêu chí I.2",
        "Chuyển tiêu chí I.2 lên trước I.1",
        "Sửa tiêu chí phụ khi bằng điểm",
        "Xóa tiêu chí I.2",
    ]
    assert events[2].changes == {"điểm tối đa": ["10", "12,5"]}
    assert events[1].changes["mã"] == ["", "I.1"]
    assert events[5].changes == {"tiêu chí phụ khi bằng điểm": ["", "I"]}
    assert events[6].changes["mã"] == ["I.2", ""]
    # The criteria page shows the sheet's own history.
    assert list(events_for(section.sheet)) == events[::-1]


def test_a_copy_is_recorded_and_the_system_may_copy_without_a_person(setup_year):
    world = setup_year
    earlier = YearFactory(cluster=world.cluster, year=2017)
    make_sheet(earlier)
    target = services.sheet_get_or_create(year=world.year)
    count = services.criteria_copy(actor=None, source=earlier.criteria_sheet, target=target)
    event = _only_event("criteria.copy")
    assert count == 10
    assert event.actor is None and event.unit is None and event.actor_name == ""
    assert event.target_id == target.pk and event.summary == "Sao chép 10 tiêu chí từ năm 2017"


def test_a_locked_sheet_refuses_changes_and_records_nothing(world, criteria):
    before = list(Criterion.objects.values_list("pk", "code", "position", "max_points"))
    version = CriteriaSheet.objects.get().version
    attempts = [
        lambda: services.criterion_delete(actor=world.secretariat, criterion=criteria["I.1"]),
        lambda: services.criterion_move(actor=world.secretariat, criterion=criteria["I.2"], up=1),
        lambda: services.sheet_settings_save(
            actor=world.secretariat, sheet=criteria["I"].sheet, tie_breakers="II"
        ),
    ]
    for attempt in attempts:
        with pytest.raises(Refused, match="Bảng tiêu chí đã khóa"):
            attempt()
    assert list(Criterion.objects.values_list("pk", "code", "position", "max_points")) == before
    assert CriteriaSheet.objects.get().version == version
    assert not AuditEvent.objects.exists()


# --- a unit's sheet ---------------------------------------------------------------------------


def test_save_submit_and_import_record_the_points_that_changed(world, criteria):
    draft(world.year, world.nam_dinh, world.own, criteria, {"I.1": "9"})
    saved = _only_event("assessment.save")
    assessment = Assessment.objects.get(unit=world.nam_dinh)
    _assert_event(saved, actor=world.own, target=assessment, year=world.year)
    assert saved.changes == {"I.1": ["", "9"]}

    services.evidence_add(
        actor=world.own, year=world.year, unit=world.nam_dinh, criterion=criteria["I.2"],
        upload=_pdf(),
    )  # fmt: skip
    added = _only_event("evidence.add")
    _assert_event(added, actor=world.own, target=assessment, year=world.year)
    assert added.summary == "Tiêu chí I.2: bao-cao.pdf"

    services.assessment_save(
        actor=world.own, year=world.year, unit=world.nam_dinh, version=None,
        entries=entries(criteria, {**FULL, "I.1": "8"}), submit=True,
    )  # fmt: skip
    submitted = _only_event("assessment.submit")
    _assert_event(submitted, actor=world.own, target=assessment, year=world.year)
    assert submitted.changes["I.1"] == ["9", "8"] and submitted.changes["I.2"] == ["", "18,5"]
    assert [e.action for e in events_for(assessment)] == [
        "assessment.submit",
        "evidence.add",
        "assessment.save",
    ]


def test_a_refused_save_changes_nothing_and_records_nothing(world, criteria):
    draft(world.year, world.nam_dinh, world.own, criteria, {"I.1": "9"})
    rows = list(Score.objects.values_list("pk", "self_points", "explanation"))
    version = Assessment.objects.get().version
    events = AuditEvent.objects.count()
    with pytest.raises(services.ValidationFailed) as refused:
        services.assessment_save(
            actor=world.own, year=world.year, unit=world.nam_dinh, version=None,
            entries=entries(criteria, {"I.1": "7", "I.2": "99"}),
        )  # fmt: skip
    assert refused.value.errors == {criteria["I.2"].pk: "Điểm phải trong khoảng 0 đến 20."}
    with pytest.raises(services.Conflict):
        services.assessment_save(
            actor=world.own, year=world.year, unit=world.nam_dinh, version=version - 1,
            entries=entries(criteria, {"I.1": "7"}),
        )  # fmt: skip
    with pytest.raises(Refused, match="Chưa nộp được"):
        services.assessment_save(
            actor=world.own, year=world.year, unit=world.nam_dinh, version=None,
            entries=entries(criteria, {"I.1": "7"}), submit=True,
        )  # fmt: skip
    assert list(Score.objects.values_list("pk", "self_points", "explanation")) == rows
    assert Assessment.objects.get().version == version
    assert AuditEvent.objects.count() == events


def test_a_closed_year_refuses_with_the_one_guard_and_records_nothing(world, criteria):
    world.year.phase = EmulationYear.Phase.CLOSED
    world.year.save()
    with pytest.raises(Refused, match="đã tổng kết") as refused:
        draft(world.year, world.nam_dinh, world.own, criteria)
    assert refused.value.status == 409
    assert not Assessment.objects.exists() and not AuditEvent.objects.exists()


def test_the_phase_is_read_from_the_locked_year_not_the_copy_given(world, criteria):
    stale = EmulationYear.objects.get(pk=world.year.pk)  # still in self-assessment
    EmulationYear.objects.filter(pk=world.year.pk).update(phase=EmulationYear.Phase.CONFERENCE)
    with pytest.raises(Refused, match="Chưa đến giai đoạn tự chấm điểm"):
        draft(stale, world.nam_dinh, world.own, criteria)
    assert not Assessment.objects.exists()


def test_an_import_is_recorded_as_an_import(world, criteria):
    from scoring.excel import LeafLine, unit_workbook

    sheet = CriteriaSheet.objects.get()
    lines = [
        LeafLine(c.code, c.text, c.kind, c.max_points, points=D(1) if c.code == "I.1" else None)
        for c in sheet.criteria.filter(max_points__isnull=False)
    ]
    data = unit_workbook(services.workbook_identity(world.year, world.nam_dinh, sheet), "", lines)
    assessment = services.assessment_import(
        actor=world.own, year=world.year, unit=world.nam_dinh, data=data
    )
    event = _only_event("assessment.import")
    _assert_event(event, actor=world.own, target=assessment, year=world.year)
    assert event.changes == {"I.1": ["", "1"]}
    assert not AuditEvent.objects.filter(action="assessment.save").exists()


# --- evidence files go only when their removal commits ------------------------------------------


def test_a_rolled_back_evidence_delete_keeps_its_file(
    world, criteria, django_capture_on_commit_callbacks
):
    evidence = services.evidence_add(
        actor=world.own, year=world.year, unit=world.nam_dinh, criterion=criteria["I.2"],
        upload=_pdf(),
    )  # fmt: skip
    storage, name = evidence.file.storage, evidence.file.name
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        services.evidence_delete(actor=world.own, evidence=evidence)
        raise RuntimeError("something later in the same transaction failed")
    assert callbacks == []
    assert storage.exists(name) and Evidence.objects.filter(pk=evidence.pk).exists()
    assert not AuditEvent.objects.filter(action="evidence.delete").exists()


def test_a_committed_evidence_delete_removes_its_file(
    world, criteria, django_capture_on_commit_callbacks
):
    evidence = services.evidence_add(
        actor=world.own, year=world.year, unit=world.nam_dinh, criterion=criteria["I.2"],
        upload=_pdf("ke-hoach.pdf"),
    )  # fmt: skip
    storage, name = evidence.file.storage, evidence.file.name
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.evidence_delete(actor=world.own, evidence=evidence)
        # Until the commit, the row is gone but the file is still there.
        assert storage.exists(name) and not Evidence.objects.filter(pk=evidence.pk).exists()
    assert len(callbacks) == 1 and not storage.exists(name)
    event = _only_event("evidence.delete")
    _assert_event(event, actor=world.own, target=evidence.score.assessment, year=world.year)
    assert event.summary == "Tiêu chí I.2: ke-hoach.pdf"


def test_evidence_of_a_submitted_sheet_is_not_deleted(
    world, criteria, django_capture_on_commit_callbacks
):
    evidence = services.evidence_add(
        actor=world.own, year=world.year, unit=world.nam_dinh, criterion=criteria["I.2"],
        upload=_pdf(),
    )  # fmt: skip
    services.assessment_save(
        actor=world.own, year=world.year, unit=world.nam_dinh, version=None,
        entries=entries(criteria, FULL), submit=True,
    )  # fmt: skip
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(Refused, match="không xóa minh chứng"),
    ):
        services.evidence_delete(actor=world.own, evidence=evidence)
    assert callbacks == [] and evidence.file.storage.exists(evidence.file.name)


# --- review -----------------------------------------------------------------------------------


@pytest.fixture
def submitted_sheet(world, criteria):
    from tests.scoring.builders import submitted

    return submitted(world.year, world.nam_dinh, world.own, criteria)


def test_adjust_answer_resolve_are_recorded(world, criteria, submitted_sheet):
    adjustment = services.adjustment_create(
        actor=world.secretariat, assessment=submitted_sheet, criterion=criteria["I.1"],
        new_points="7", reason="Chưa đạt chỉ tiêu",
    )  # fmt: skip
    services.adjustment_answer(actor=world.own, adjustment=adjustment, answer="Đã đạt")
    services.adjustment_resolve(actor=world.secretariat, adjustment=adjustment, keep=False)
    created = _only_event("adjustment.create")
    _assert_event(created, actor=world.secretariat, target=submitted_sheet, year=world.year)
    assert created.summary == "Tiêu chí I.1. Lý do: Chưa đạt chỉ tiêu"
    assert created.changes == {"I.1": ["9", "7"]}
    answered = _only_event("adjustment.answer")
    _assert_event(answered, actor=world.own, target=submitted_sheet, year=world.year)
    assert answered.summary == "Tiêu chí I.1: Đã đạt"
    resolved = _only_event("adjustment.resolve")
    _assert_event(resolved, actor=world.secretariat, target=submitted_sheet, year=world.year)
    assert resolved.summary == "Tiêu chí I.1: Chấp nhận giải trình, rút điều chỉnh"
    assert resolved.changes == {"I.1": ["7", "9"]}


def test_finalising_keeps_unanswered_adjustments_in_their_history(world, criteria, submitted_sheet):
    first = services.adjustment_create(
        actor=world.secretariat, assessment=submitted_sheet, criterion=criteria["I.1"],
        new_points="7", reason="Chưa đạt chỉ tiêu",
    )  # fmt: skip
    second = services.adjustment_create(
        actor=world.secretariat, assessment=submitted_sheet, criterion=criteria["II.1"],
        new_points="6", reason="Thiếu kế hoạch",
    )  # fmt: skip
    # The right of reply (scoring/reply.py): Nam Định declines to answer the first; the second
    # waits until its deadline has passed.
    services.adjustment_waive(actor=world.own, adjustment=first)
    with time_machine.travel(second.answer_due + datetime.timedelta(seconds=1)):
        services.assessment_finalise(actor=world.secretariat, assessment=submitted_sheet)
    reasons = {
        first: "Giữ khi hoàn tất: đơn vị không giải trình",
        second: "Giữ khi hoàn tất: hết hạn giải trình",
    }
    for adjustment, reason in reasons.items():
        adjustment.refresh_from_db()
        assert adjustment.outcome == Adjustment.Outcome.KEPT
        assert adjustment.resolved_by == world.secretariat
        last = adjustment.history.order_by("-history_id").first()
        assert last.outcome == Adjustment.Outcome.KEPT
        assert last.history_user == world.secretariat
        assert last.history_change_reason == reason
    event = _only_event("assessment.finalise")
    _assert_event(event, actor=world.secretariat, target=submitted_sheet, year=world.year)
    assert event.summary == (
        "Tổng điểm: 40,5. Giữ các điều chỉnh đơn vị không giải trình: I.1. "
        "Giữ các điều chỉnh đã hết hạn giải trình: II.1."
    )
    assert event.changes == {"I.1": ["9", "7"], "II.1": ["9", "6"]}


def test_a_refused_review_step_changes_nothing_and_records_nothing(
    world, criteria, submitted_sheet
):
    adjustment = services.adjustment_create(
        actor=world.secretariat, assessment=submitted_sheet, criterion=criteria["I.1"],
        new_points="7", reason="Chưa đạt chỉ tiêu",
    )  # fmt: skip
    services.adjustment_answer(actor=world.own, adjustment=adjustment, answer="Đã đạt")
    events = AuditEvent.objects.count()
    rows = (
        list(Adjustment.objects.values()),
        list(Adjustment.history.values_list("history_id", flat=True)),
        list(Score.objects.values_list("pk", "points")),
        list(Assessment.objects.values_list("pk", "state", "version")),
    )
    attempts = {
        "chờ kết luận": lambda: services.adjustment_create(
            actor=world.secretariat,
            assessment=submitted_sheet,
            criterion=criteria["I.1"],
            new_points="6",
            reason="Lần hai",
        ),  # fmt: skip
        "phải có lý do": lambda: services.adjustment_create(
            actor=world.secretariat,
            assessment=submitted_sheet,
            criterion=criteria["II.1"],
            new_points="6",
            reason="  ",
        ),  # fmt: skip
        "chỉ giải trình một lần": lambda: services.adjustment_answer(
            actor=world.own, adjustment=adjustment, answer="Lần hai"
        ),
        "chưa có kết luận": lambda: services.assessment_finalise(
            actor=world.secretariat, assessment=submitted_sheet
        ),
    }
    for message, attempt in attempts.items():
        with pytest.raises(Refused, match=message):
            attempt()
    assert rows == (
        list(Adjustment.objects.values()),
        list(Adjustment.history.values_list("history_id", flat=True)),
        list(Score.objects.values_list("pk", "points")),
        list(Assessment.objects.values_list("pk", "state", "version")),
    )
    assert AuditEvent.objects.count() == events


# --- rounds and ballots -----------------------------------------------------------------------


def test_rounds_are_recorded_on_the_round(world):
    round_ = ballot_round(world.year, actor=world.secretariat)
    for person in (world.secretariat, world.own, world.other):  # the quorum, after closing time
        ballots.ballot_cast(actor=person, ballot_round=round_, candidate_ids=[])
    ballots.round_close(actor=world.secretariat, ballot_round=round_)
    for action in ("round.create", "round.open", "round.close"):
        _assert_event(_only_event(action), actor=world.secretariat, target=round_, year=world.year)
    assert _only_event("round.create").summary == (
        "Chọn 1; Quá nửa số đơn vị thành viên; ứng cử: Hà Nam, Hải Dương, Nam Định, Thái Bình"
    )
    assert _only_event("round.close").summary == "3/4 đơn vị đã bỏ phiếu"
    actions = [e.action for e in events_for(round_)]
    rounds_only = [a for a in actions if a != "ballot.cast"]
    assert rounds_only == ["round.close", "round.open", "round.create"]


def test_a_ballot_event_names_the_unit_that_voted_and_nothing_of_its_choice(world):
    def cast(first_choice, second_choice) -> list[tuple]:
        AuditEvent.objects.all().delete()
        round_ = ballot_round(world.year, seats=1)
        for person, chosen in ((world.own, first_choice), (world.other, second_choice)):
            ballots.ballot_cast(
                actor=person,
                ballot_round=round_,
                candidate_ids=[round_.candidates.get(unit=chosen).pk],
            )
        events = AuditEvent.objects.filter(action="ballot.cast").order_by("pk")
        return [
            (e.actor_id, e.unit_id, e.target_id == round_.pk, e.target_repr, e.summary, e.changes)
            for e in events
        ]

    first = cast(world.ha_nam, world.nam_dinh)
    second = cast(world.nam_dinh, world.ha_nam)
    assert first == second  # swapped choices: the same events
    assert [row[4] for row in first] == ["Nam Định đã bỏ phiếu", "Thái Bình đã bỏ phiếu"]
    assert all(row[5] == {} and row[2] for row in first)
    assert not any("Hà Nam" in str(field) for row in first for field in row)
    ballot_type = AuditEvent.objects.filter(target_type__model__in=["ballot", "candidate"])
    assert not ballot_type.exists()


def test_a_refused_ballot_records_nothing(world):
    round_ = ballot_round(world.year, seats=1)
    events = AuditEvent.objects.count()
    choice = [round_.candidates.first().pk, round_.candidates.last().pk]
    with pytest.raises(Refused, match="tối đa 1 đơn vị"):
        ballots.ballot_cast(actor=world.own, ballot_round=round_, candidate_ids=choice)
    with pytest.raises(Refused, match="không phải thành viên"):
        ballots.ballot_cast(actor=world.outsider, ballot_round=round_, candidate_ids=choice[:1])
    assert not Ballot.objects.exists() and AuditEvent.objects.count() == events


def test_elected_leaders_applied_to_the_next_year_are_recorded(world):
    following = YearFactory(cluster=world.cluster, year=2019)
    for unit in (world.ha_nam, world.nam_dinh, world.thai_binh):
        MembershipFactory(
            year=following, unit=unit, role="head" if unit == world.ha_nam else "member"
        )
    round_ = ballot_round(world.year, kind=BallotRound.Kind.HEAD, actor=world.secretariat)
    for person in (world.secretariat, world.own, world.other):
        ballots.ballot_cast(
            actor=person,
            ballot_round=round_,
            candidate_ids=[round_.candidates.get(unit=world.nam_dinh).pk],
        )
    ballots.round_close(actor=world.secretariat, ballot_round=round_)
    event = _only_event("year.leaders")
    _assert_event(event, actor=world.secretariat, target=following, year=following)
    assert event.changes == {"head": ["Hà Nam", "Nam Định"]}


def test_the_demo_marks_its_sample_data_through_the_services(world, criteria):
    services.assessment_save(
        actor=world.own, year=world.year, unit=world.nam_dinh, version=None,
        entries=entries(criteria, {"I.1": "9"}), is_sample=True,
    )  # fmt: skip
    assert Assessment.objects.get().is_sample
    draft(world.year, world.nam_dinh, world.own, criteria, {"I.1": "8"})  # None keeps the mark
    assert Assessment.objects.get().is_sample
    world.year.phase = EmulationYear.Phase.CONFERENCE
    world.year.save()
    round_ = ballots.round_create(
        actor=world.secretariat, year=world.year, kind="flag", seats=1, threshold="half",
        candidates=[world.nam_dinh], is_sample=True,
    )  # fmt: skip
    assert round_.is_sample


def test_a_copy_of_sample_criteria_is_sample(setup_year):
    world = setup_year
    earlier = YearFactory(cluster=world.cluster, year=2017)
    make_sheet(earlier)
    CriteriaSheet.objects.filter(year=earlier).update(is_sample=True)
    target = services.sheet_get_or_create(year=world.year)
    services.sheet_settings_save(
        actor=world.secretariat, sheet=target, tie_breakers="", is_sample=False
    )
    source = CriteriaSheet.objects.get(year=earlier)
    services.criteria_copy(actor=world.secretariat, source=source, target=target)
    assert CriteriaSheet.objects.get(year=world.year).is_sample
