"""A block (khối) of three ministries and a cluster of the five centrally-run cities, each with a
year built through the services as their officers would: members and roles, representatives,
a signed compact, the conference, a flag round and its proposal, the head's award decision."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from awards import services as awards
from awards.documents import decision_initial
from awards.models import AwardType
from campaigns import services as campaigns
from campaigns.models import Covenant
from clusters import services as clusters
from clusters.models import Cluster, EmulationYear, Membership, Unit, User
from scoring import ballots
from scoring.models import BallotRound
from tests.factories import ClusterFactory, UnitFactory, UserFactory, YearFactory

MINISTRIES = [  # slug, name, representative, title
    ("bo-noi-vu", "Bộ Nội vụ", "Nguyễn Văn Nội", "Thứ trưởng Bộ Nội vụ"),
    ("bo-tai-chinh", "Bộ Tài chính", "Trần Thị Tài", "Thứ trưởng Bộ Tài chính"),
    ("bo-tu-phap", "Bộ Tư pháp", "Lê Văn Pháp", "Bộ trưởng Bộ Tư pháp"),
]
CITIES = [  # slug, short name, full name, locality
    ("ha-noi", "Hà Nội", "", ""),
    ("tp-ho-chi-minh", "TP Hồ Chí Minh", "Thành phố Hồ Chí Minh", "Thành phố Hồ Chí Minh"),
    ("hai-phong", "Hải Phòng", "", ""),
    ("da-nang", "Đà Nẵng", "", ""),
    ("can-tho", "Cần Thơ", "", ""),
]


@dataclass
class Built:
    cluster: Cluster
    year: EmulationYear
    units: list[Unit]
    officers: list[User]  # one per unit, the head's first


def _year(
    cluster: Cluster, units: list[Unit], titles: list[tuple[str, str]]
) -> tuple[Built, BallotRound]:
    year = YearFactory(cluster=cluster, year=2024, phase=EmulationYear.Phase.SETUP)
    officers = [
        UserFactory(username=unit.slug.replace("-", ""), unit=unit, email=f"{unit.slug}@example.vn")
        for unit in units
    ]
    roles = [Membership.Role.HEAD, Membership.Role.DEPUTY] + [Membership.Role.MEMBER] * 10
    for unit, role in zip(units, roles, strict=False):
        Membership.objects.create(year=year, unit=unit, role=role)
    head = officers[0]
    for unit, (full_name, title) in zip(units, titles, strict=True):
        clusters.representative_save(
            actor=head, year=year, unit=unit, full_name=full_name, title=title
        )
    covenant = campaigns.covenant_save_draft(
        actor=head,
        year=year,
        preamble="Các đơn vị thành viên thống nhất ký kết giao ước thi đua năm 2024.",
        signing_place="Hà Nội",
        signing_date=datetime.date(2024, 3, 5),
        clauses=[campaigns.ClauseInput("Thực hiện tốt nhiệm vụ chính trị được giao.")],
    )
    covenant = campaigns.covenant_open(actor=head, covenant=covenant)
    for unit, officer, (full_name, title) in zip(units, officers, titles, strict=True):
        campaigns.covenant_sign(
            actor=officer,
            covenant=Covenant.objects.get(pk=covenant.pk),
            unit=unit,
            full_name=full_name,
            title=title,
            signed_on=datetime.date(2024, 3, 5),
        )
    campaigns.conference_record(
        actor=head,
        year=year,
        fields={
            "conference_date": datetime.date(2025, 3, 20),
            "conference_place": "Hội trường lớn",
            "host_unit": units[0],
            "report_number": "Số: 05/BC-KTĐ",
            "campaign_results": "Các đơn vị hoàn thành các phong trào.",
        },
        guests=[("Đại diện", "Ban Thi đua - Khen thưởng Trung ương")],
    )
    round_ = ballots.round_create(
        actor=head,
        year=year,
        kind=BallotRound.Kind.FLAG,
        seats=1,
        threshold="half",
        candidates=units,
        mode=BallotRound.Mode.ONLINE,
        closes_at=None,
    )
    year.refresh_from_db()
    return Built(cluster=cluster, year=year, units=units, officers=officers), round_


def vote_and_decide(built: Built, round_: BallotRound, award_code: str) -> None:
    """Every member votes for the head, the round closes, the proposal is drafted and the head's
    decision grants its own certificate of merit to one collective."""
    head = built.officers[0]
    # The conference (the phases' own moves are tested in tests/clusters).
    EmulationYear.objects.filter(pk=built.year.pk).update(phase=EmulationYear.Phase.CONFERENCE)
    round_ = ballots.round_open(actor=head, ballot_round=round_)
    by_unit = {c.unit_id: c.pk for c in round_.candidates.all()}
    for officer in built.officers:
        ballots.ballot_cast(
            actor=officer, ballot_round=round_, candidate_ids=[by_unit[built.units[0].pk]]
        )
    ballots.round_close(actor=head, ballot_round=round_)
    awards.proposal_draft_from_round(actor=head, ballot_round=round_)
    initial = decision_initial(built.year)
    decision = awards.decision_create(
        actor=head,
        year=built.year,
        fields={
            **initial,
            "number": "12/QĐ-KT",
            "date": datetime.date(2025, 3, 20),
            "signer_name": "Nguyễn Văn Trưởng",
        },
    )
    awards.recipient_create(
        actor=head,
        decision=decision,
        fields={
            "kind": "collective",
            "award_type": AwardType.objects.get(code=award_code),
            "name": f"Văn phòng {built.units[1].name}",
            "organisation": built.units[1].name,
            "unit": built.units[1],
        },
    )


def build_block() -> tuple[Built, BallotRound]:
    cluster = ClusterFactory(
        name="Khối thi đua các bộ, ngành Nội chính", slug="khoi-noi-chinh", kind=Cluster.Kind.KHOI
    )
    units = [
        UnitFactory(name=name, slug=slug, kind=Unit.Kind.AGENCY) for slug, name, *_ in MINISTRIES
    ]
    return _year(cluster, units, [(full, title) for *_, full, title in MINISTRIES])


def build_cities() -> tuple[Built, BallotRound]:
    cluster = ClusterFactory(
        name="Cụm thi đua các thành phố trực thuộc Trung ương", slug="cum-thanh-pho"
    )
    units = [
        UnitFactory(name=name, slug=slug, kind=Unit.Kind.CITY, full_name=full, locality=locality)
        for slug, name, full, locality in CITIES
    ]
    titles = [
        (f"Người ký {i}", f"Phó Chủ tịch UBND thành phố {u.name}") for i, u in enumerate(units)
    ]
    return _year(cluster, units, titles)
