import pytest
from django.core.management import call_command
from django.test import Client

from scoring.models import Adjustment, Assessment, CriteriaSheet

pytestmark = pytest.mark.django_db


def test_demo_2018_has_nine_finalised_sheets_and_a_ranking():
    call_command("loaddemo")
    call_command("loaddemo")  # idempotent
    finals = Assessment.objects.filter(year__year=2018, state="finalised")
    assert finals.count() == 9 and all(a.is_sample for a in finals)
    assert Adjustment.objects.filter(score__assessment__year__year=2018).count() == 3
    assert CriteriaSheet.objects.get(year__year=2019).criteria.count() == 20  # copied
    client = Client()
    client.post("/dang-nhap/", {"username": "namdinh", "password": "ThiDua@2018"})
    page = client.get("/c/dong-bang-song-hong/2018/xep-hang/")
    ranks = [(r.rank, r.unit.name) for r in page.context["ranking"].rows]
    assert ranks[0] == (1, "Hà Nam") and len([r for r, _ in ranks if r]) == 9
    assert "dữ liệu mẫu" in page.text  # the demo's scores are samples, and the page says so
    sheet = client.get("/c/dong-bang-song-hong/2018/cham-diem/nam-dinh/").text
    assert "Đã hoàn tất" in sheet and "Gửi bảng tự chấm điểm chậm 3 ngày." in sheet
    assert "dữ liệu mẫu" in sheet


def test_demo_2018_conference_ballots_elect_the_2019_leaders():
    from clusters.models import EmulationYear
    from scoring.ballots import elected_leaders, round_tally

    call_command("loaddemo")
    year = EmulationYear.objects.get(year=2018)
    results = {r.kind: [u.name for u in round_tally(r).elected] for r in year.ballot_rounds.all()}
    assert results["head"] == ["Hải Dương"]
    assert results["deputies"] == ["Hưng Yên", "Quảng Ninh"]
    assert all(r.is_sample and r.state == "closed" for r in year.ballot_rounds.all())
    head, deputies = elected_leaders(year)
    assert head.name == "Hải Dương" and [u.name for u in deputies] == ["Hưng Yên", "Quảng Ninh"]
