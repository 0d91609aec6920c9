"""Demo data: the Red River Delta cluster as told by the seed article of 21/03/2019.

Facts from the article: the nine provinces; the 2018 conference on 20/03/2019 in Hà Nam, with Hà Nam
as the 2018 head. From the issue that specified the demo: Hải Dương head in 2019, Hưng Yên and Quảng
Ninh deputies. Public facts: the provinces' administrative codes (before 2025) and the mergers of
01/07/2025 (Nghị quyết 202/2025/QH15). Everything else (people, representatives) is sample data and
flagged as such, so the interface can say so.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction

from clusters.models import Cluster, EmulationYear, Membership, Representative, Unit, User

CLUSTER_SLUG = "dong-bang-song-hong"
MERGER_DAY = datetime.date(2025, 7, 1)
LAST_DAY_BEFORE_MERGER = datetime.date(2025, 6, 30)


@dataclass(frozen=True)
class DemoUnit:
    slug: str
    name: str
    admin_code: str
    username: str | None = None  # the province's demo officer
    ends_with_merger: bool = True
    kind: str = Unit.Kind.PROVINCE


MEMBERS = [
    DemoUnit("bac-ninh", "Bắc Ninh", "27", "bacninh"),
    DemoUnit("ha-nam", "Hà Nam", "35", "hanam"),
    DemoUnit("hai-duong", "Hải Dương", "30", "haiduong"),
    DemoUnit("hung-yen", "Hưng Yên", "33", "hungyen"),
    DemoUnit("nam-dinh", "Nam Định", "36", "namdinh"),
    DemoUnit("ninh-binh", "Ninh Bình", "37", "ninhbinh"),
    DemoUnit("quang-ninh", "Quảng Ninh", "22", "quangninh", ends_with_merger=False),
    DemoUnit("thai-binh", "Thái Bình", "34", "thaibinh"),
    DemoUnit("vinh-phuc", "Vĩnh Phúc", "26", "vinhphuc"),
]
# Provinces outside the cluster that merged with members on 01/07/2025.
NEIGHBOURS = [
    DemoUnit("bac-giang", "Bắc Giang", "24"),
    DemoUnit("hai-phong", "Hải Phòng", "31", kind=Unit.Kind.CITY),
    DemoUnit("phu-tho", "Phú Thọ", "25"),
    DemoUnit("hoa-binh", "Hòa Bình", "17"),
]
# Units from 01/07/2025 and the units merged into each. Their new codes are left blank: we have
# not checked the new list of administrative codes.
MERGERS = {
    ("ninh-binh-2025", "Ninh Bình", Unit.Kind.PROVINCE): ["ha-nam", "nam-dinh", "ninh-binh"],
    ("hung-yen-2025", "Hưng Yên", Unit.Kind.PROVINCE): ["hung-yen", "thai-binh"],
    ("hai-phong-2025", "Hải Phòng", Unit.Kind.CITY): ["hai-phong", "hai-duong"],
    ("phu-tho-2025", "Phú Thọ", Unit.Kind.PROVINCE): ["phu-tho", "vinh-phuc", "hoa-binh"],
    ("bac-ninh-2025", "Bắc Ninh", Unit.Kind.PROVINCE): ["bac-ninh", "bac-giang"],
}

SAMPLE_REPRESENTATIVES = {
    "bac-ninh": "Nguyễn Văn Bình",
    "ha-nam": "Trần Thị Hằng",
    "hai-duong": "Lê Văn Dũng",
    "hung-yen": "Phạm Thị Hương",
    "nam-dinh": "Đặng Văn Nam",
    "ninh-binh": "Vũ Thị Ninh",
    "quang-ninh": "Hoàng Văn Quang",
    "thai-binh": "Bùi Thị Thái",
    "vinh-phuc": "Đỗ Văn Phúc",
}

ARTICLE = (
    "Nguồn: bài “Cụm thi đua 9 tỉnh đồng bằng Sông Hồng: Tổng kết công tác năm 2018, ký kết giao "
    "ước thi đua năm 2019” (21/03/2019)."
)


@transaction.atomic
def load() -> None:
    units = _load_units()
    cluster, _ = Cluster.objects.update_or_create(
        slug=CLUSTER_SLUG,
        defaults={
            "name": "Cụm thi đua các tỉnh Đồng bằng sông Hồng",
            "kind": Cluster.Kind.CUM,
            "council": "Hội đồng Thi đua - Khen thưởng Trung ương",
            "description": "Chín tỉnh đồng bằng sông Hồng thi đua với nhau theo giao ước hằng năm.",
        },
    )
    _load_year(
        cluster,
        2018,
        units,
        phase=EmulationYear.Phase.CLOSED,
        head="ha-nam",
        deputies=[],
        conference=(datetime.date(2019, 3, 20), "tỉnh Hà Nam"),
        notes=ARTICLE + " Cụm phó năm 2018: bài viết không nêu.",
    )
    _load_year(
        cluster,
        2019,
        units,
        phase=EmulationYear.Phase.IN_PROGRESS,
        head="hai-duong",
        deputies=["hung-yen", "quang-ninh"],
        conference=None,
        notes=ARTICLE + " Người đại diện ký giao ước là tên mẫu.",
    )
    year_2019 = EmulationYear.objects.get(cluster=cluster, year=2019)
    for slug, full_name in SAMPLE_REPRESENTATIVES.items():
        Representative.objects.update_or_create(
            year=year_2019,
            unit=units[slug],
            defaults={
                "full_name": full_name,
                "title": f"Phó Chủ tịch UBND tỉnh {units[slug].name}",
                "is_sample": True,
            },
        )
    _load_people(units)


def _load_units() -> dict[str, Unit]:
    units: dict[str, Unit] = {}
    for demo in MEMBERS + NEIGHBOURS:
        units[demo.slug], _ = Unit.objects.update_or_create(
            slug=demo.slug,
            defaults={
                "name": demo.name,
                "kind": demo.kind,
                "admin_code": demo.admin_code,
                "valid_to": LAST_DAY_BEFORE_MERGER if demo.ends_with_merger else None,
            },
        )
    for (slug, name, kind), merged in MERGERS.items():
        successor, _ = Unit.objects.update_or_create(
            slug=slug, defaults={"name": name, "kind": kind, "valid_from": MERGER_DAY}
        )
        units[slug] = successor
        for old in merged:
            units[old].successors.add(successor)
    return units


def _load_year(
    cluster: Cluster,
    number: int,
    units: dict[str, Unit],
    *,
    phase: str,
    head: str,
    deputies: list[str],
    conference: tuple[datetime.date, str] | None,
    notes: str,
) -> None:
    year, _ = EmulationYear.objects.update_or_create(
        cluster=cluster,
        year=number,
        defaults={
            "phase": phase,
            "host_unit": units[head],
            "conference_date": conference[0] if conference else None,
            "conference_place": conference[1] if conference else "",
            "notes": notes,
        },
    )
    # Demote first so that the one-head constraint holds at every step of a re-run.
    year.memberships.exclude(unit=units[head]).update(role=Membership.Role.MEMBER)
    for demo in MEMBERS:
        if demo.slug == head:
            role = Membership.Role.HEAD
        elif demo.slug in deputies:
            role = Membership.Role.DEPUTY
        else:
            role = Membership.Role.MEMBER
        Membership.objects.update_or_create(
            year=year, unit=units[demo.slug], defaults={"role": role}
        )


def _load_people(units: dict[str, Unit]) -> None:
    for demo in MEMBERS:
        if demo.username:
            _demo_user(
                demo.username,
                full_name=f"Cán bộ Ban TĐKT tỉnh {demo.name} (mẫu)",
                unit=units[demo.slug],
                role=User.Role.STAFF,
            )
    _demo_user(
        "lanhdao",
        full_name="Lãnh đạo Sở Nội vụ tỉnh Nam Định (mẫu)",
        unit=units["nam-dinh"],
        role=User.Role.VIEWER,
    )
    admin = _demo_user("quantri", full_name="Quản trị hệ thống", unit=None, role=User.Role.ADMIN)
    if not admin.is_superuser:
        admin.is_superuser = admin.is_staff = True
        admin.save(update_fields=["is_superuser", "is_staff"])


def _demo_user(username: str, *, full_name: str, unit: Unit | None, role: str) -> User:
    user, created = User.objects.update_or_create(
        username=username, defaults={"full_name": full_name, "unit": unit, "role": role}
    )
    if created:  # hashing is slow; a re-run keeps the password a person may have changed
        user.set_password(settings.DEMO_PASSWORD)
        user.save(update_fields=["password"])
    return user
