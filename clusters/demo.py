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

from clusters.models import Unit

CLUSTER_SLUG = "dong-bang-song-hong"
# The cluster's organiser, and its officer in the demo (username, full name).
CENTRAL_COUNCIL = {
    "slug": "hoi-dong-thi-dua-khen-thuong-trung-uong",
    "name": "Hội đồng Thi đua - Khen thưởng Trung ương",
}
COUNCIL_OFFICER = ("hoidong", "Cán bộ Ban Thi đua - Khen thưởng Trung ương (mẫu)")
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
