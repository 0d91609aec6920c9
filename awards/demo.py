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
"""

from __future__ import annotations

import datetime

from django.db import transaction

from awards.catalogue import seed_defaults
from awards.models import AwardQuota, AwardType, Decision, Recipient, RecipientKind
from clusters.demo import CLUSTER_SLUG
from clusters.models import EmulationYear, Unit
from clusters.text import fold

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
