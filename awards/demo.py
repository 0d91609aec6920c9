"""Demo: the certificates of merit that Hà Nam's chairman gave for the cluster's 2018 work.

From the seed article (21/03/2019): "Chủ tịch UBND tỉnh Hà Nam, đơn vị Cụm Trưởng cụm thi đua năm
2018 đã tặng Bằng khen cho 7 tập thể, 15 cá nhân có nhiều đóng góp tích cực trong hoạt động của
Cụm năm 2018". The article names none of them: the decision's number, date and signer and every
recipient below are sample data, flagged `is_sample` (the pages show a badge, the certificates a
line saying so).

Loading history: the 2018 year is already closed (clusters.demo), and the services refuse any
change to a closed year. This loader therefore writes the rows with the ORM, in one transaction,
as an import of past records would; it is idempotent (the decision is found by its number and its
recipients are replaced).

The 2018 proposals: the article says the conference "thống nhất đề nghị Chính phủ, Thủ tướng Chính
phủ khen thưởng cho các tỉnh có thành tích xuất sắc năm 2018". They are drafted from the demo's
closed (sample) ballot rounds of scoring.demo — the flag round proposes Hà Nam, the PM-certificate
round Hải Dương and Bắc Ninh — with the elected units and votes recomputed from the stored
ballots, exactly as `proposal_draft_from_round` would. Because 2018 is closed, they are written
with the ORM like the decision above, as records of letters already sent: state "sent", sample
numbers, dates and signer, flagged `is_sample`. Idempotent: one proposal per round, its items
replaced.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from awards.catalogue import AWARD_FOR_ROUND_KIND, seed_defaults
from awards.models import (
    AwardQuota,
    AwardType,
    Decision,
    Proposal,
    ProposalItem,
    Recipient,
    RecipientKind,
)
from clusters.demo import CLUSTER_SLUG
from clusters.models import EmulationYear, Membership, Representative, Unit
from clusters.text import fold
from scoring.ballots import round_tally
from scoring.models import BallotRound

ISSUER = "Chủ tịch Ủy ban nhân dân tỉnh Hà Nam"
NUMBER = "568/QĐ-UBND"
ACHIEVEMENT = (
    "Đã có nhiều đóng góp tích cực trong hoạt động của Cụm thi đua các tỉnh Đồng bằng sông Hồng "
    "năm 2018"
)
BOARD = "Ban Thi đua - Khen thưởng, Sở Nội vụ tỉnh {province}"

# (unit slug, collective name)
COLLECTIVES = [
    ("bac-ninh", "Ban Thi đua - Khen thưởng tỉnh Bắc Ninh"),
    ("hai-duong", "Ban Thi đua - Khen thưởng tỉnh Hải Dương"),
    ("hung-yen", "Ban Thi đua - Khen thưởng tỉnh Hưng Yên"),
    ("nam-dinh", "Ban Thi đua - Khen thưởng tỉnh Nam Định"),
    ("ninh-binh", "Ban Thi đua - Khen thưởng tỉnh Ninh Bình"),
    ("quang-ninh", "Ban Thi đua - Khen thưởng tỉnh Quảng Ninh"),
    ("ha-nam", "Phòng Thi đua - Khen thưởng khối Đảng, đoàn thể, Sở Nội vụ tỉnh Hà Nam"),
]
# (unit slug, sample full name, position)
INDIVIDUALS = [
    ("ha-nam", "Nguyễn Văn An", "Trưởng ban"),
    ("ha-nam", "Đặng Thị Bích", "Phó Trưởng ban"),
    ("ha-nam", "Trần Quốc Cường", "Chuyên viên"),
    ("ha-nam", "Lê Thị Diệu", "Chuyên viên"),
    ("bac-ninh", "Phạm Đức Duy", "Phó Trưởng ban"),
    ("hai-duong", "Hoàng Thị Giang", "Trưởng phòng Nghiệp vụ"),
    ("hung-yen", "Vũ Mạnh Hùng", "Phó Trưởng ban"),
    ("nam-dinh", "Đỗ Thị Hạnh", "Chuyên viên"),
    ("nam-dinh", "Bùi Văn Khánh", "Phó Trưởng ban"),
    ("ninh-binh", "Ngô Thị Lan", "Trưởng phòng Nghiệp vụ"),
    ("quang-ninh", "Đinh Văn Long", "Phó Trưởng ban"),
    ("thai-binh", "Dương Thị Mai", "Chuyên viên"),
    ("thai-binh", "Lương Văn Nghĩa", "Phó Trưởng ban"),
    ("vinh-phuc", "Trịnh Thị Oanh", "Chuyên viên"),
    ("vinh-phuc", "Đặng Văn Phong", "Trưởng phòng Nghiệp vụ"),
]


# Sample letters: (ballot round kind, number, date signed and sent).
PROPOSALS = [
    (BallotRound.Kind.FLAG, "05/TTr-CTĐ", datetime.date(2019, 3, 25)),
    (BallotRound.Kind.PM_CERTIFICATE, "06/TTr-CTĐ", datetime.date(2019, 3, 25)),
]


@transaction.atomic
def load() -> None:
    seed_defaults(AwardType, AwardQuota)  # normally there since migration 0002
    year = EmulationYear.objects.get(cluster__slug=CLUSTER_SLUG, year=2018)
    units = {u.slug: u for u in Unit.objects.filter(memberships__year=year)}
    merit = AwardType.objects.get(code="bang-khen-chu-tich-ubnd-tinh")
    decision, _ = Decision.objects.update_or_create(
        year=year,
        issuer=ISSUER,
        number=NUMBER,
        defaults={
            "date": datetime.date(2019, 3, 15),
            "place": "Hà Nam",
            "signer_title": "CHỦ TỊCH",
            "signer_name": "Trần Văn Hà",
            "achievement": ACHIEVEMENT,
            "is_sample": True,
            "notes": (
                "Bài báo ngày 21/03/2019 nêu: Chủ tịch UBND tỉnh Hà Nam tặng Bằng khen cho 7 tập "
                "thể, 15 cá nhân. Số, ngày, người ký và tên người nhận là dữ liệu mẫu."
            ),
        },
    )
    decision.recipients.all().delete()
    rows = [
        Recipient(
            kind=RecipientKind.COLLECTIVE,
            name=name,
            organisation=f"Sở Nội vụ tỉnh {units[slug].name}",
            unit=units[slug],
        )
        for slug, name in COLLECTIVES
    ] + [
        Recipient(
            kind=RecipientKind.INDIVIDUAL,
            name=name,
            position=position,
            organisation=BOARD.format(province=units[slug].name),
            unit=units[slug],
        )
        for slug, name, position in INDIVIDUALS
    ]
    for order, row in enumerate(rows, start=1):
        row.decision = decision
        row.award_type = merit
        row.order = order
        row.is_sample = True
        row.search_name = fold(row.name)
    Recipient.objects.bulk_create(rows)
    _load_proposals(year)


def _load_proposals(year: EmulationYear) -> None:
    head = year.memberships.get(role=Membership.Role.HEAD)
    # The letters were signed in March 2019, at the conference where the 2019 compact was
    # signed: the head province's (sample) representative of 2019 signs them.
    signer = (
        Representative.objects.filter(unit=head.unit, year__cluster=year.cluster)
        .order_by("-year__year")
        .first()
    )
    for kind, number, day in PROPOSALS:
        ballot_round = year.ballot_rounds.filter(kind=kind, state=BallotRound.State.CLOSED).first()
        if ballot_round is None:  # scoring.demo did not run: nothing to propose from
            continue
        tally = round_tally(ballot_round)
        sent_at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(16, 0)))
        proposal, _ = Proposal.objects.update_or_create(
            ballot_round=ballot_round,
            defaults={
                "year": year,
                "award_type": AwardType.objects.get(code=AWARD_FOR_ROUND_KIND[kind]),
                "number": number,
                "date": day,
                "signer_title": signer.title if signer else "",
                "signer_name": signer.full_name if signer else "",
                "state": Proposal.State.SENT,
                "sent_at": sent_at,
                "is_sample": True,
            },
        )
        proposal.items.all().delete()
        ProposalItem.objects.bulk_create(
            ProposalItem(
                proposal=proposal,
                unit=row.unit,
                votes=row.votes,
                share=f"{row.votes}/{tally.members}",
                position=position,
            )
            for position, row in enumerate((r for r in tally.rows if r.elected), start=1)
        )
