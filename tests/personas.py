"""The people every access test speaks about, set up once per test.

A small Red River Delta cluster (year 2018, Hà Nam head, Hải Dương deputy, Nam Định and Thái Bình
members) and, next to it, another cluster whose officer is the outsider.
"""

from __future__ import annotations

from dataclasses import dataclass

from clusters.models import (
    Cluster,
    Council,
    CouncilOfficer,
    EmulationYear,
    Membership,
    SecretariatGrant,
    Unit,
    User,
)
from tests.factories import (
    ClusterFactory,
    CouncilFactory,
    MembershipFactory,
    UnitFactory,
    UserFactory,
    YearFactory,
)


@dataclass
class World:
    cluster: Cluster
    year: EmulationYear
    ha_nam: Unit
    nam_dinh: Unit
    thai_binh: Unit
    other_cluster: Cluster
    other_year: EmulationYear
    other_unit: Unit
    secretariat: User  # staff of Hà Nam, the 2018 head
    own: User  # staff of Nam Định
    other: User  # staff of Thái Bình, same cluster
    viewer: User  # a leader: reads everything of the cluster, changes nothing
    outsider: User  # staff of a unit in another cluster
    admin: User  # the system administrator
    granted: User  # staff of Hải Dương, given the 2018 secretariat by an explicit grant
    other_viewer: User  # a leader of Thái Bình: reads the cluster, changes nothing
    council: User | None = None  # an officer of the central council, which organises the cluster

    def persona(self, name: str) -> User | None:
        return None if name == "anonymous" else getattr(self, name)


PERSONAS = [
    "secretariat",
    "granted",
    "admin",
    "own",
    "other",
    "viewer",
    "other_viewer",
    "outsider",
    "council",
    "anonymous",
]
# A persona a case does not name answers as the one it stands in for: the administrator and the
# granted secretariat as the head unit's staff; a viewer of another unit reads what another
# unit's staff read and, like any viewer, changes nothing.
STANDS_FOR = {"granted": "secretariat", "admin": "secretariat", "council": "viewer"}


def expected_status(expect: dict[str, int], persona: str, method: str = "get") -> int:
    if persona in expect:
        return expect[persona]
    # The council's officer reads the cluster it organises as a member of no unit of it does
    # (another unit's staff), and changes nothing of it, like a viewer.
    if persona in ("other_viewer", "council") and "other" in expect:
        if method == "get" or expect["other"] == 404:
            return expect["other"]
        return expect.get("viewer", 403)
    if persona in STANDS_FOR and STANDS_FOR[persona] in expect:
        return expect[STANDS_FOR[persona]]
    return 302


def build_world() -> World:
    cluster = ClusterFactory(
        name="Cụm thi đua các tỉnh Đồng bằng sông Hồng", slug="dong-bang-song-hong"
    )
    year = YearFactory(cluster=cluster, year=2018)
    ha_nam = UnitFactory(name="Hà Nam", slug="ha-nam")
    nam_dinh = UnitFactory(name="Nam Định", slug="nam-dinh")
    thai_binh = UnitFactory(name="Thái Bình", slug="thai-binh")
    hai_duong = UnitFactory(name="Hải Dương", slug="hai-duong")
    MembershipFactory(year=year, unit=ha_nam, role=Membership.Role.HEAD)
    MembershipFactory(year=year, unit=hai_duong, role=Membership.Role.DEPUTY)
    MembershipFactory(year=year, unit=nam_dinh)
    MembershipFactory(year=year, unit=thai_binh)

    # Another council's cluster: the central council's officer does not see it.
    other_council = Council.objects.create(
        name="Hội đồng Thi đua - Khen thưởng tỉnh Đắk Lắk", slug="hoi-dong-dak-lak"
    )
    other_cluster = ClusterFactory(
        name="Cụm thi đua các tỉnh Tây Nguyên", slug="tay-nguyen", council=other_council
    )
    other_year = YearFactory(cluster=other_cluster, year=2018)
    other_unit = UnitFactory(name="Đắk Lắk", slug="dak-lak")
    MembershipFactory(year=other_year, unit=other_unit, role=Membership.Role.HEAD)

    granted = UserFactory(username="haiduong", unit=hai_duong)
    SecretariatGrant.objects.create(year=year, user=granted)
    council = UserFactory(username="hoidong", unit=None)
    CouncilOfficer.objects.create(council=CouncilFactory(), user=council)
    return World(
        cluster=cluster,
        year=year,
        ha_nam=ha_nam,
        nam_dinh=nam_dinh,
        thai_binh=thai_binh,
        other_cluster=other_cluster,
        other_year=other_year,
        other_unit=other_unit,
        secretariat=UserFactory(username="hanam", unit=ha_nam),
        own=UserFactory(username="namdinh", unit=nam_dinh),
        other=UserFactory(username="thaibinh", unit=thai_binh),
        viewer=UserFactory(username="lanhdao", unit=nam_dinh, role=User.Role.VIEWER),
        outsider=UserFactory(username="daklak", unit=other_unit),
        admin=UserFactory(
            username="quantri", role=User.Role.ADMIN, is_staff=True, is_superuser=True
        ),
        granted=granted,
        other_viewer=UserFactory(username="lanhdaotb", unit=thai_binh, role=User.Role.VIEWER),
        council=council,
    )
