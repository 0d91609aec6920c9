"""The registry: every award recorded, searched without diacritics, filtered, paginated."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from awards.models import Recipient
from awards.queries import RegistryFilters, registry
from clusters.text import fold
from tests.awards.helpers import award, make_decision, make_recipient
from tests.factories import MembershipFactory, UnitFactory, UserFactory, YearFactory

pytestmark = pytest.mark.django_db
REGISTRY = reverse("awards:registry")


def _names(response) -> list[str]:
    table = response.text.split('data-testid="registry"', 1)[1].split("</table>", 1)[0]
    return re.findall(r"<tr[^>]*>\s*<td>([^<]+)", table)


@pytest.fixture
def awards(world):
    decision = make_decision(world.year)
    for name, unit in [
        ("Nguyễn Văn A", world.nam_dinh),
        ("Nguyễn Văn Anh", world.ha_nam),
        ("Đặng Thị Bích", world.nam_dinh),
        ("Dương Văn Cường", world.thai_binh),
        ("Ánh Tuyết", world.ha_nam),
        ("Trần Thị Zung", world.nam_dinh),
    ]:
        make_recipient(decision, name, unit=unit)
    make_recipient(
        decision,
        "Ban Thi đua - Khen thưởng tỉnh Nam Định",
        kind="collective",
        unit=world.nam_dinh,
        award_code="co-thi-dua-cap-tinh",
    )
    make_recipient(make_decision(world.other_year), "Nguyễn Văn An Tây Nguyên")
    return decision


def test_search_without_diacritics(world, awards, as_persona):
    client = as_persona("own")
    assert _names(client.get(REGISTRY, {"q": "nguyen van a"})) == ["Nguyễn Văn A", "Nguyễn Văn Anh"]
    assert _names(client.get(REGISTRY, {"q": "dang"})) == ["Đặng Thị Bích"]
    assert _names(client.get(REGISTRY, {"q": "ĐẶNG thị"})) == ["Đặng Thị Bích"]
    assert _names(client.get(REGISTRY, {"q": "  anh  "})) == ["Ánh Tuyết", "Nguyễn Văn Anh"]


def test_the_registry_shows_only_the_clusters_one_can_see(world, awards, as_persona):
    ours = _names(as_persona("viewer").get(REGISTRY, {"q": "nguyen"}))
    assert "Nguyễn Văn An Tây Nguyên" not in ours
    theirs = _names(as_persona("outsider").get(REGISTRY))
    assert theirs == ["Nguyễn Văn An Tây Nguyên"]
    everything = _names(as_persona("admin").get(REGISTRY, {"q": "nguyen"}))
    assert len(everything) == 3


def test_filters_by_year_unit_award_type_and_kind(world, awards, as_persona):
    client = as_persona("own")
    assert len(_names(client.get(REGISTRY, {"unit": world.ha_nam.pk}))) == 2
    flag = award("co-thi-dua-cap-tinh")
    assert _names(client.get(REGISTRY, {"award_type": flag.pk})) == [
        "Ban Thi đua - Khen thưởng tỉnh Nam Định"
    ]
    assert len(_names(client.get(REGISTRY, {"kind": "individual"}))) == 6
    assert len(_names(client.get(REGISTRY, {"year": 2018, "unit": world.nam_dinh.pk}))) == 4
    YearFactory(cluster=world.cluster, year=2019)
    assert _names(client.get(REGISTRY, {"year": 2019})) == []
    # A value that is not offered is ignored rather than failing.
    assert len(_names(client.get(REGISTRY, {"unit": "abc", "kind": "nobody"}))) == 7


def test_alphabetical_order_puts_accented_letters_with_their_base(world, awards, as_persona):
    names = _names(as_persona("own").get(REGISTRY, {"kind": "individual"}))
    assert names[0] == "Ánh Tuyết"  # Á sorts among the A, not after Z
    assert names[-1] == "Trần Thị Zung"
    d_names = {names.index("Dương Văn Cường"), names.index("Đặng Thị Bích")}
    assert d_names == {1, 2}  # Đ next to D (after all D on PostgreSQL, folded on SQLite)
    if connection.vendor == "postgresql":
        assert names.index("Dương Văn Cường") < names.index("Đặng Thị Bích")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="ICU collation on PostgreSQL only")
def test_postgresql_sorts_with_the_vietnamese_icu_collation(world):
    decision = make_decision(world.year)
    for name in ["Đào", "Dương", "Ân", "An", "Ăn", "Bình"]:
        make_recipient(decision, name)
    ordered = [r.name for r in registry(world.admin, RegistryFilters())]
    assert ordered == ["An", "Ăn", "Ân", "Bình", "Dương", "Đào"]


def test_pagination_fifty_a_page_keeps_the_filters(world, as_persona):
    decision = make_decision(world.year)
    Recipient.objects.bulk_create(
        Recipient(
            decision=decision,
            kind="individual",
            name=f"Nguyễn Văn {i:03d}",
            search_name=fold(f"Nguyễn Văn {i:03d}"),
            award_type=award(),
            order=i,
        )
        for i in range(120)
    )
    client = as_persona("own")
    first = client.get(REGISTRY, {"q": "nguyen"})
    assert len(_names(first)) == 50 and "120 kết quả" in first.text
    assert "q=nguyen&amp;page=2" in first.text
    last = client.get(REGISTRY, {"q": "nguyen", "page": 3})
    assert _names(last)[-1] == "Nguyễn Văn 119" and len(_names(last)) == 20
    assert len(_names(client.get(REGISTRY, {"page": "999"}))) == 20  # past the end: last page


def _grow(world, n_people: int, n_decisions: int) -> None:
    units = [UnitFactory(name=f"Tỉnh Thêm {i}", slug=f"tinh-them-{n_people}-{i}") for i in range(3)]
    for unit in units:
        MembershipFactory(year=world.year, unit=unit)
    for d in range(n_decisions):
        decision = make_decision(world.year, number=f"{n_people}-{d}/QĐ")
        Recipient.objects.bulk_create(
            Recipient(
                decision=decision,
                kind="individual",
                name=f"Nguyễn Thị {i}",
                search_name=f"nguyen thi {i}",
                award_type=award(),
                unit=units[i % 3],
                order=i,
            )
            for i in range(n_people)
        )


@pytest.mark.parametrize("size", [(5, 1), (200, 6)])
def test_registry_query_count_does_not_grow_with_the_data(world, size, django_assert_num_queries):
    _grow(world, *size)
    other_year = YearFactory(cluster=world.cluster, year=2019)
    MembershipFactory(year=other_year, unit=world.nam_dinh)
    client = Client()
    client.force_login(UserFactory(username="nguoixem", unit=world.nam_dinh))
    # session, user; visible cluster ids; years, units, award types offered as filters; the
    # visible decisions' ids (of the year asked); count of the matches; the first page's rows
    # with decision, year, cluster, type and unit; the bell's unread count
    with django_assert_num_queries(2 + 1 + 3 + 1 + 1 + 1 + 1):
        response = client.get(REGISTRY, {"q": "nguyen", "year": 2018})
    assert response.status_code == 200 and len(_names(response)) == min(50, size[0] * size[1])


def _many(world, names: list[str]) -> list[int]:
    decision = make_decision(world.year)
    Recipient.objects.bulk_create(
        Recipient(
            decision=decision,
            kind="individual",
            name=name,
            search_name=fold(name),
            award_type=award(),
            order=i,
        )
        for i, name in enumerate(names)
    )
    return list(registry(world.admin, RegistryFilters()).values_list("pk", flat=True))


def _page_pks(page) -> list[int]:
    """The recipients of a registry page, by the decision link's row (names repeat here)."""
    return [int(pk) for pk in re.findall(r'data-recipient="(\d+)"', page.text)]


def test_following_the_pages_shows_every_row_once_in_order_even_with_equal_names(world, django_app):
    # 137 rows in six names: equal names are ordered by id, so each page continues exactly
    # where the last one stopped.
    names = ["Nguyễn Văn An", "Đặng Thị Bích", "Ánh Tuyết", "Dương Cường", "Nguyen Van An", "Bình"]
    expected = _many(world, [names[i % len(names)] for i in range(137)])
    page = django_app.get(REGISTRY, user=world.own)
    assert "137 kết quả" in page.text and "Trang 1/3" in page.text
    seen, numbers = _page_pks(page), []
    while "Trang sau" in page.text:
        page = page.click(description="Trang sau")
        assert "after=" in page.request.url  # a cursor, not an offset
        numbers.append(re.search(r"Trang (\d)/3", page.text).group(1))
        seen += _page_pks(page)
    assert seen == expected and numbers == ["2", "3"]
    assert len(_page_pks(page)) == 37
    back = []
    while "Trang trước" in page.text:
        page = page.click(description="Trang trước")
        back = _page_pks(page) + back
    assert back == expected[:100] and "Trang 1/3" in page.text


def test_the_pages_keep_the_filters_and_survive_a_deleted_cursor_row(world, django_app):
    expected = _many(world, [f"Trần Văn {i % 7}" for i in range(120)] + ["Lê Thị Hoa"] * 5)
    page = django_app.get(REGISTRY, {"q": "tran"}, user=world.own)
    second = page.click(description="Trang sau")
    assert "q=tran" in second.request.url and "120 kết quả" in second.text
    assert _page_pks(second) == expected[5 + 50 : 5 + 100]
    # The row the next link continues from is deleted: the page by its number is shown.
    cursor = re.search(r"after=(\d+)", second.html.find("a", rel="next")["href"]).group(1)
    Recipient.objects.filter(pk=cursor).delete()
    third = second.click(description="Trang sau")
    assert third.status_code == 200 and "Trang 3/3" in third.text
    assert _page_pks(third) == [pk for pk in expected[5 + 100 :] if pk != int(cursor)][:50]


def test_a_cursor_typed_by_hand_is_harmless(world, as_persona):
    _many(world, [f"Phạm {i}" for i in range(60)])
    client = as_persona("own")
    typed = (
        {"after": "abc"},
        {"before": "-3~"},
        {"after": "999999", "page": "x"},
        {"after": "5~zz"},
    )
    for params in typed:
        response = client.get(REGISTRY, params)
        assert response.status_code == 200 and len(_names(response)) == 50
    theirs = _many_elsewhere(world)
    # A cursor naming another cluster's row only sets where to read on: nothing of theirs shows.
    response = client.get(REGISTRY, {"after": f"{theirs}~Người", "page": 2})
    assert "Tây Nguyên" not in response.text


def _many_elsewhere(world) -> int:
    recipient = make_recipient(make_decision(world.other_year), "Người Tây Nguyên")
    return recipient.pk


def test_a_small_cluster_searches_only_its_own_decisions(world):
    _many(world, ["Nguyễn Văn A"] * 3)
    for i in range(3):
        make_recipient(make_decision(world.other_year, number=f"{i}/QĐ"), "Nguyễn Văn A")
    client = Client()
    client.force_login(world.own)
    response = client.get(REGISTRY, {"q": "nguyen"})
    assert len(_names(response)) == 3


def test_a_large_result_is_counted_up_to_a_cap_and_still_paged_to_its_end(
    world, django_app, monkeypatch
):
    from awards import queries

    monkeypatch.setattr(queries, "COUNT_CAP", 60)
    expected = _many(world, [f"Hoàng Văn {i % 9}" for i in range(130)])
    page = django_app.get(REGISTRY, user=world.own)
    assert "Hơn 60 kết quả" in page.text and "Trang 1<" in page.text
    seen = _page_pks(page)
    while "Trang sau" in page.text:
        page = page.click(description="Trang sau")
        seen += _page_pks(page)
    assert seen == expected and "Trang 3<" in page.text
    # A page typed in beyond the count still reads its rows.
    typed = django_app.get(REGISTRY, {"page": 3}, user=world.own)
    assert _page_pks(typed) == expected[100:] and "Trang trước" in typed.text
    # Beyond the rows (the last page is not known past the cap): an empty page, not an error.
    beyond = django_app.get(REGISTRY, {"page": 9}, user=world.own)
    assert _page_pks(beyond) == [] and "Trang trước" not in beyond.text


def test_a_row_shows_its_recipient_its_decision_and_a_sample_mark(world, django_app):
    decision = make_decision(world.year)
    make_recipient(decision, "Lê Thị Mẫu", unit=world.nam_dinh, is_sample=True)
    make_recipient(decision, "Lê Văn Thật", unit=world.nam_dinh, position="Phó Giám đốc")
    page = django_app.get(REGISTRY, user=world.own)
    rows = {tr.td.get_text(" ", strip=True): tr for tr in page.html.select("tr[data-recipient]")}
    sample = next(tr for text, tr in rows.items() if text.startswith("Lê Thị Mẫu"))
    real = next(tr for text, tr in rows.items() if text.startswith("Lê Văn Thật"))
    assert sample.select_one(".badge-sample").get_text() == "dữ liệu mẫu"
    assert real.select_one(".badge-sample") is None
    cells = [td.get_text(" ", strip=True) for td in real.find_all("td")]
    assert cells[2] == "Nam Định" and cells[4].startswith(decision.number)
    assert real.find("a")["href"] == decision.get_absolute_url()
    assert "Phó Giám đốc" in cells[1]
