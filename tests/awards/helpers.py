"""Decisions and recipients for the awards tests."""

from __future__ import annotations

import datetime

from django.urls import reverse

from awards.models import AwardType, Decision, Recipient, RecipientKind
from clusters.models import EmulationYear, Unit
from tests.personas import World

MERIT = "bang-khen-chu-tich-ubnd-tinh"


def award(code: str = MERIT) -> AwardType:
    return AwardType.objects.get(code=code)


def make_decision(year: EmulationYear, number: str = "568/QĐ-UBND", **fields) -> Decision:
    values = {
        "issuer": "Chủ tịch Ủy ban nhân dân tỉnh Hà Nam",
        "number": number,
        "date": datetime.date(2019, 3, 15),
        "place": "Hà Nam",
        "signer_title": "CHỦ TỊCH",
        "signer_name": "Trần Văn Hà",
        "achievement": "Đã có nhiều đóng góp tích cực trong hoạt động của Cụm năm 2018",
        **fields,
    }
    return Decision.objects.create(year=year, **values)


def make_recipient(
    decision: Decision,
    name: str = "Nguyễn Văn A",
    *,
    kind: str = RecipientKind.INDIVIDUAL,
    unit: Unit | None = None,
    award_code: str = MERIT,
    **fields,
) -> Recipient:
    return Recipient.objects.create(
        decision=decision,
        kind=kind,
        name=name,
        unit=unit,
        award_type=award(award_code),
        position=fields.pop("position", "Chuyên viên" if kind == RecipientKind.INDIVIDUAL else ""),
        organisation=fields.pop("organisation", "Sở Nội vụ tỉnh Nam Định"),
        **fields,
    )


def decision_args(world: World, decision: Decision) -> list:
    return [world.cluster.slug, world.year.year, decision.pk]


def url(name: str, world: World, *extra) -> str:
    return reverse(name, args=[world.cluster.slug, world.year.year, *extra])


def decision_post_data(**overrides) -> dict:
    return {
        "issuer": "Chủ tịch Ủy ban nhân dân tỉnh Hà Nam",
        "number": "600/QĐ-UBND",
        "date": "15/03/2019",
        "place": "Hà Nam",
        "signer_title": "CHỦ TỊCH",
        "signer_name": "Trần Văn Hà",
        "achievement": "Đã có thành tích xuất sắc",
        **overrides,
    }
