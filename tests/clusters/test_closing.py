"""Closing a year: refused with the list of what remains; then frozen, and the next year opens."""

import datetime

import pytest
from django.urls import reverse

from clusters import closing
from clusters.models import EmulationYear
from clusters.services import Refused
from scoring import ballots, services
from scoring.models import Assessment, BallotRound, CriteriaSheet
from tests.clusters.closing_builders import record_the_conference
from tests.factories import MembershipFactory, UnitFactory, UserFactory
from tests.scoring.ballot_builders import ballot_round
from tests.scoring.builders import make_sheet, open_self_assessment, submitted

pytestmark = pytest.mark.django_db


def _close_url(world):
    return reverse("clusters:year_close", args=[world.cluster.slug, world.year.year])


def test_closing_is_refused_with_the_list_of_what_remains(world, as_persona):
    criteria = make_sheet(world.year)
    open_self_assessment(world.year)
    submitted(world.year, world.nam_dinh, world.own, criteria)
    ballot_round(world.year)  # left open
    response = as_persona("secretariat").post(_close_url(world), follow=True)
    text = response.text
    assert "Chưa thể khép lại năm thi đua" in text
    assert "Bảng điểm của Nam Định chưa hoàn tất" in text
    assert "Bảng điểm của Hà Nam chưa hoàn tất" in text
    assert "Vòng bỏ phiếu “Đề nghị tặng Cờ thi đua của Chính phủ” chưa kết thúc" in text
    world.year.refresh_from_db()
    assert world.year.phase == "conference"
    assert not EmulationYear.objects.filter(cluster=world.cluster, year=2019).exists()


def _finish_the_year(world):
    """Every sheet final, Nam Định elected head and Thái Bình deputy for next year."""
    criteria = make_sheet(world.year)
    open_self_assessment(world.year)
    hai_duong = world.year.memberships.get(role="deputy").unit
    staff = {
        world.ha_nam: world.secretariat,
        world.nam_dinh: world.own,
        world.thai_binh: world.other,
        hai_duong: UserFactory(username="haiduong", unit=hai_duong),
    }
    for unit, person in staff.items():
        assessment = submitted(world.year, unit, person, criteria)
        services.assessment_finalise(actor=world.secretariat, assessment=assessment)
    for kind, chosen in (
        (BallotRound.Kind.HEAD, world.nam_dinh),
        (BallotRound.Kind.DEPUTIES, world.thai_binh),
    ):
        round_ = ballot_round(world.year, kind=kind, seats=1)
        for person in staff.values():
            ballots.ballot_cast(
                actor=person, ballot_round=round_,
                candidate_ids=[round_.candidates.get(unit=chosen).pk],
            )  # fmt: skip
        ballots.round_close(actor=world.secretariat, ballot_round=round_)
    record_the_conference(world.year, world.secretariat)
    return criteria, hai_duong


def test_closing_opens_the_next_year_with_leaders_successors_and_criteria(world, as_persona):
    _, hai_duong = _finish_the_year(world)
    # Hải Dương merges into Hải Phòng in the middle of the next year's predecessor... here: 2018.
    hai_duong.valid_to = datetime.date(2018, 12, 31)
    hai_duong.save()
    hai_phong = UnitFactory(
        name="Hải Phòng", slug="hai-phong-moi", valid_from=datetime.date(2019, 1, 1)
    )
    hai_duong.successors.add(hai_phong)
    response = as_persona("secretariat").post(_close_url(world))
    following = EmulationYear.objects.get(cluster=world.cluster, year=2019)
    assert response["Location"] == following.get_absolute_url()
    world.year.refresh_from_db()
    assert world.year.phase == "closed" and following.phase == "setup"
    roles = dict(following.memberships.values_list("unit__name", "role"))
    assert roles == {
        "Nam Định": "head",
        "Thái Bình": "deputy",
        "Hà Nam": "member",
        "Hải Phòng": "member",
    }
    assert following.host_unit == world.nam_dinh
    sheet = CriteriaSheet.objects.get(year=following)
    assert sheet.criteria.count() == 10


def test_closing_copies_the_covenant_clauses_as_a_draft(world):
    from campaigns.models import Covenant, CovenantClause

    covenant = Covenant.objects.create(
        year=world.year, preamble="Giao ước năm 2018", signing_place="Hà Nam"
    )
    CovenantClause.objects.create(
        covenant=covenant, number=1, content="Hoàn thành chỉ tiêu", target="100%"
    )
    world.year.phase = "conference"
    world.year.save()
    record_the_conference(world.year, world.secretariat)
    following = closing.year_close(actor=world.secretariat, year=world.year)
    copy = Covenant.objects.get(year=following)
    assert copy.state == "draft" and copy.preamble == "Giao ước năm 2019"
    assert list(copy.clauses.values_list("number", "content", "target")) == [
        (1, "Hoàn thành chỉ tiêu", "100%")
    ]


def test_a_closed_year_is_frozen_everywhere(world, as_persona):
    criteria, _ = _finish_the_year(world)
    closing.year_close(actor=world.secretariat, year=world.year)
    world.year.refresh_from_db()
    assessment = Assessment.objects.get(unit=world.nam_dinh)
    with pytest.raises(Refused):
        services.adjustment_create(
            actor=world.secretariat, assessment=assessment, criterion=criteria["I.1"],
            new_points="1", reason="Sau khi khép lại",
        )  # fmt: skip
    with pytest.raises(Refused):
        ballots.round_create(actor=world.secretariat, year=world.year, kind="flag", seats=1,
                             threshold="half", candidates=[world.nam_dinh])  # fmt: skip
    with pytest.raises(Refused, match="đã tổng kết"):
        closing.year_close(actor=world.secretariat, year=world.year)
    response = as_persona("secretariat").post(
        reverse("clusters:year_edit", args=[world.cluster.slug, 2018]),
        {"phase": "review"},
        follow=True,
    )
    assert "không thể sửa đổi" in response.text
    world.year.refresh_from_db()
    assert world.year.phase == "closed"
    assert EmulationYear.objects.filter(cluster=world.cluster).count() == 2


def test_a_member_without_a_valid_successor_is_not_carried_over(world):
    gone = UnitFactory(name="Tỉnh Cũ", slug="tinh-cu", valid_to=datetime.date(2018, 6, 30))
    MembershipFactory(year=world.year, unit=gone)
    world.year.phase = "conference"
    world.year.save()
    record_the_conference(world.year, world.secretariat)
    following = closing.year_close(actor=world.secretariat, year=world.year)
    names = set(following.memberships.values_list("unit__name", flat=True))
    assert "Tỉnh Cũ" not in names and "Nam Định" in names
    # No election held: the new year has no head yet, and the dashboard will say so.
    assert not following.memberships.filter(role="head").exists()
