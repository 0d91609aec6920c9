"""Award statistics a board reports: counts by award type and recipient kind, for the year's
cluster and for every cluster of its organising council, as a page and a workbook read back."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from awards.models import AwardType, RecipientKind
from awards.statistics import CatalogueEntry, award_statistics, tabulate
from clusters.models import Cluster, EmulationYear
from tests.awards.helpers import MERIT, make_decision, make_recipient
from tests.personas import World

COLLECTIVE, INDIVIDUAL = RecipientKind.COLLECTIVE, RecipientKind.INDIVIDUAL


def test_tabulate_keeps_the_catalogue_order_with_zeros_and_drops_idle_retired_types():
    catalogue = [
        CatalogueEntry(1, "co", "Cờ thi đua của Chính phủ", "Nhà nước", True),
        CatalogueEntry(2, "cu", "Bằng khen cũ", "Cấp tỉnh", False),
        CatalogueEntry(3, "bk", "Bằng khen", "Cấp tỉnh", True),
        CatalogueEntry(4, "bo", "Giấy khen đã bỏ", "Cấp cơ sở", False),
    ]
    lines = tabulate(catalogue, {(3, COLLECTIVE): 7, (3, INDIVIDUAL): 15, (2, INDIVIDUAL): 1})
    assert [(ln.code, ln.collective, ln.individual, ln.total) for ln in lines] == [
        ("co", 0, 0, 0),
        ("cu", 0, 1, 1),
        ("bk", 7, 15, 22),
    ]


def _awards(world: World) -> None:
    """Hà Nam's decision: 2 collectives, 3 people; the other cluster's: 1 collective."""
    decision = make_decision(world.year)
    for name in ("Ban Thi đua tỉnh Nam Định", "Ban Thi đua tỉnh Thái Bình"):
        make_recipient(decision, name, kind=COLLECTIVE)
    for name in ("Nguyễn Văn An", "Đặng Thị Bích", "Trần Quốc Cường"):
        make_recipient(decision, name)
    other = make_decision(world.other_year, issuer="Chủ tịch Ủy ban nhân dân tỉnh Đắk Lắk")
    make_recipient(other, "Ban Thi đua tỉnh Đắk Lắk", kind=COLLECTIVE)


def _year(world: World) -> list:
    return [world.cluster.slug, 2018]


def _rows(response) -> list[list]:
    sheet = load_workbook(io.BytesIO(response.body)).active
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def _same_council(world: World) -> None:
    """The other cluster moves under the council that organises the world's cluster."""
    Cluster.objects.filter(pk=world.other_cluster.pk).update(council=world.cluster.council)


@pytest.mark.django_db
def test_counts_for_a_list_of_clusters(world):
    _awards(world)
    merit = AwardType.objects.get(code=MERIT)
    own = award_statistics(clusters=[world.cluster], year=2018)
    line = next(ln for ln in own.lines if ln.code == MERIT)
    assert (line.collective, line.individual, own.total) == (2, 3, 5)
    both = award_statistics(clusters=[world.cluster.pk, world.other_cluster.pk], year=2018)
    assert (both.collective, both.individual) == (3, 3)
    assert not both.final and both.open_years == 2  # neither year is closed
    assert award_statistics(clusters=[world.cluster], year=2019).total == 0
    data = own.as_dict()
    assert data["by_recipient_kind"] == {"collective": 2, "individual": 3}
    assert {"code": MERIT, "collective": 2, "individual": 3, "total": 5}.items() <= next(
        row for row in data["by_award_type"] if row["code"] == merit.code
    ).items()


@pytest.mark.django_db
def test_the_year_page_and_its_workbook(django_app, world):
    _awards(world)
    EmulationYear.objects.filter(pk=world.year.pk).update(phase=EmulationYear.Phase.CLOSED)
    year_page = django_app.get(world.year.get_absolute_url(), user=world.viewer)
    page = year_page.click(href=reverse("awards:statistics", args=_year(world)))
    totals = page.html.select_one("[data-testid=totals]").get_text(" ", strip=True)
    assert totals.split()[-3:] == ["2", "3", "5"]
    assert page.html.select_one("[data-testid=not-final]") is None  # the year is closed

    workbook = page.click(href=reverse("awards:statistics_workbook", args=_year(world)))
    assert workbook.content_type.endswith("spreadsheetml.sheet")
    rows = _rows(workbook)
    assert world.cluster.name in rows[0][0]
    merit = AwardType.objects.get(code=MERIT).name
    line = next(r for r in rows if r[1] == merit)
    assert line[3:6] == [2, 3, 5]
    assert rows[-1][1] == "Tổng cộng" and rows[-1][3:6] == [2, 3, 5]


@pytest.mark.django_db
def test_the_council_page_totals_every_cluster_of_the_council_naming_none(django_app, world):
    _awards(world)
    url = reverse("awards:council_statistics", args=[world.cluster.slug, 2018])
    alone = django_app.get(url, user=world.own)  # the other cluster has its own council
    assert alone.html.select_one("[data-testid=totals]").get_text(" ").split()[-3:] == [
        "2",
        "3",
        "5",
    ]
    _same_council(world)
    page = django_app.get(url, user=world.own)
    totals = page.html.select_one("[data-testid=totals]").get_text(" ", strip=True)
    assert totals.split()[-3:] == ["3", "3", "6"]
    assert str(world.cluster.council) in page.html.h1.get_text()
    assert world.other_cluster.name not in page.text
    assert page.html.select_one("[data-testid=not-final]") is not None
    workbook = page.click(
        href=reverse("awards:council_statistics_workbook", args=[world.cluster.slug, 2018])
    )
    rows = _rows(workbook)
    assert rows[-1][3:6] == [3, 3, 6]
    assert world.other_cluster.name not in str(rows)
    # Another cluster's officer has no way in (404), whatever the council.
    response = django_app.get(url, user=world.outsider, expect_errors=True)
    assert response.status_code == 404
