"""The demo tells the seed article: the nine provinces, 2018 and 2019, the mergers of 2025."""

import datetime

import pytest
from django.core.management import call_command

from clusters.models import Cluster, EmulationYear, Membership, Representative, Unit, User

pytestmark = pytest.mark.django_db

NINE = [
    "Bắc Ninh", "Hà Nam", "Hải Dương", "Hưng Yên", "Nam Định",
    "Ninh Bình", "Quảng Ninh", "Thái Bình", "Vĩnh Phúc",
]  # fmt: skip


def _roles(year: EmulationYear, role: str) -> list[str]:
    return sorted(year.memberships.filter(role=role).values_list("unit__name", flat=True))


def test_loaddemo_tells_the_article_and_can_run_twice():
    call_command("loaddemo")
    counts = (Unit.objects.count(), Membership.objects.count(), User.objects.count())
    call_command("loaddemo")
    assert (Unit.objects.count(), Membership.objects.count(), User.objects.count()) == counts

    cluster = Cluster.objects.get(slug="dong-bang-song-hong")
    assert cluster.name == "Cụm thi đua các tỉnh Đồng bằng sông Hồng"
    y2018 = cluster.years.get(year=2018)
    y2019 = cluster.years.get(year=2019)
    for year in (y2018, y2019):
        assert sorted(year.memberships.values_list("unit__name", flat=True)) == sorted(NINE)
    assert _roles(y2018, "head") == ["Hà Nam"]
    assert y2018.conference_date == datetime.date(2019, 3, 20)
    assert "Hà Nam" in y2018.conference_place
    assert _roles(y2019, "head") == ["Hải Dương"]
    assert _roles(y2019, "deputy") == ["Hưng Yên", "Quảng Ninh"]
    # Representatives are not in the article: they are flagged as samples.
    assert Representative.objects.filter(year=y2019).count() == 9
    assert not Representative.objects.filter(is_sample=False).exists()


def test_loaddemo_records_the_mergers_of_2025():
    call_command("loaddemo")
    ninh_binh = Unit.objects.get(slug="ninh-binh-2025")
    assert ninh_binh.valid_from == datetime.date(2025, 7, 1)
    assert sorted(ninh_binh.predecessors.values_list("name", flat=True)) == [
        "Hà Nam", "Nam Định", "Ninh Bình",
    ]  # fmt: skip
    assert Unit.objects.get(slug="thai-binh").successors.get().slug == "hung-yen-2025"
    assert Unit.objects.get(slug="hai-duong").successors.get().name == "Hải Phòng"
    assert Unit.objects.get(slug="vinh-phuc").successors.get().name == "Phú Thọ"
    assert Unit.objects.get(slug="bac-giang").successors.get().slug == "bac-ninh-2025"
    assert Unit.objects.get(slug="quang-ninh").valid_to is None
    assert Unit.objects.get(slug="nam-dinh").valid_to == datetime.date(2025, 6, 30)


def test_the_demo_officer_of_nam_dinh_signs_in_and_lands_on_2019(client):
    call_command("loaddemo")
    response = client.post("/dang-nhap/", {"username": "namdinh", "password": "ThiDua@2018"})
    assert response.status_code == 302
    # Home is the officer's own work, which leads to the year they work in: 2019, not 2018.
    home = client.get("/")
    assert home.status_code == 200 and "Việc của tôi" in home.text
    assert 'href="/c/dong-bang-song-hong/2019/"' in home.text
    response = client.get("/c/dong-bang-song-hong/2019/")
    assert "Hải Dương" in response.text and "dữ liệu mẫu" in response.text
    text = client.get("/c/dong-bang-song-hong/2018/").text
    assert "20/03/2019" in text and "Hà Nam" in text
