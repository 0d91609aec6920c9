"""Campaigns and covenants for the persona world (tests/personas.py)."""

from __future__ import annotations

import datetime

from django.core.files.base import ContentFile

from campaigns.models import Campaign, Covenant, CovenantClause, CovenantSignature
from clusters.models import Representative, Unit, User
from tests.factories import UserFactory
from tests.personas import World

SIGNING_DAY = datetime.date(2019, 3, 20)


def national_campaign(w: World) -> Campaign:
    campaign, _ = Campaign.objects.get_or_create(
        title="Cả nước chung sức xây dựng nông thôn mới",
        defaults={"launched_on": datetime.date(2011, 6, 8)},
    )
    campaign.years.add(w.year)
    return campaign


def cluster_campaign(w: World) -> Campaign:
    """Launched by the cluster and followed by its 2018 year: not visible to the outsider."""
    campaign, _ = Campaign.objects.get_or_create(
        title="Thi đua chào mừng 70 năm Lời kêu gọi thi đua ái quốc",
        defaults={"launched_by": Campaign.Launcher.CLUSTER, "launcher_cluster": w.cluster},
    )
    campaign.years.add(w.year)
    return campaign


# The smallest file the content check takes for a PDF (it reads the first bytes only).
SMALL_PDF = b"%PDF-1.4\n% van ban phat dong\n%%EOF\n"


def with_document(campaign: Campaign) -> Campaign:
    """The campaign with a launching document's file stored (as the service would store it)."""
    campaign.document_file.save("van-ban.pdf", ContentFile(SMALL_PDF), save=False)
    campaign.document_name = "Quyết định phát động.pdf"
    campaign.document_type = "application/pdf"
    campaign.save()
    return campaign


def hai_duong_staff(w: World) -> User:
    return UserFactory(username="haiduong", unit=Unit.objects.get(slug="hai-duong"))


def covenant(w: World, state: str = Covenant.State.DRAFT, signed: list[Unit] = ()) -> Covenant:
    """The year's covenant, version 1, with two clauses, in `state`, signed by `signed`."""
    made = Covenant.objects.create(
        year=w.year,
        state=state,
        preamble="Các tỉnh trong Cụm thống nhất ký kết giao ước thi đua.",
        signing_place="Hà Nam",
        signing_date=SIGNING_DAY,
    )
    CovenantClause.objects.create(covenant=made, number=1, content="Điều khoản gốc về thi đua.")
    CovenantClause.objects.create(
        covenant=made, number=2, content="Tuyên truyền điển hình tiên tiến.", target="12 tin bài"
    )
    for unit in signed:
        staff = User.objects.filter(unit=unit).first() or UserFactory(unit=unit)
        CovenantSignature.objects.create(
            covenant=made,
            unit=unit,
            full_name=f"Người ký {unit.name}",
            title=f"Phó Chủ tịch UBND tỉnh {unit.name}",
            signed_on=SIGNING_DAY,
            recorded_by=staff,
        )
    return made


def signed_covenant(w: World) -> Covenant:
    members = [m.unit for m in w.year.memberships.select_related("unit")]
    return covenant(w, Covenant.State.SIGNED, signed=members)


def representatives(w: World) -> None:
    for m in w.year.memberships.select_related("unit"):
        Representative.objects.get_or_create(
            year=w.year,
            unit=m.unit,
            defaults={
                "full_name": f"Đại diện {m.unit.name}",
                "title": f"Phó Chủ tịch UBND tỉnh {m.unit.name}",
            },
        )
