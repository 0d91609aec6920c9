"""Editing the criteria sheet during set-up, and the ranking page."""

from decimal import Decimal as D

import pytest
from django.urls import reverse

from scoring import services
from scoring.models import Assessment, CriteriaSheet, Criterion
from tests.factories import YearFactory
from tests.scoring.builders import make_sheet, open_self_assessment, submitted

pytestmark = pytest.mark.django_db


def _url(world, name, *extra):
    return reverse(name, args=[world.cluster.slug, world.year.year, *extra])


@pytest.fixture
def setup_year(world):
    world.year.phase = "setup"
    world.year.save()
    return world


def test_secretariat_builds_the_sheet_and_each_change_bumps_its_version(setup_year, as_persona):
    world = setup_year
    client = as_persona("secretariat")
    client.post(
        _url(world, "scoring:criterion_create"),
        {"code": "I", "text": "Nhiệm vụ chính trị", "kind": "standard"},
    )
    section = Criterion.objects.get(code="I")
    response = client.post(
        _url(world, "scoring:criterion_create"),
        {
            "parent": section.pk,
            "code": "I.1",
            "text": "Tăng trưởng",
            "kind": "standard",
            "max_points": "12,5",
        },
    )
    assert response.status_code == 302
    leaf = Criterion.objects.get(code="I.1")
    assert leaf.max_points == D("12.5") and leaf.parent == section
    # A scored criterion without its maximum is refused in Vietnamese.
    response = client.post(
        _url(world, "scoring:criterion_create"),
        {"parent": section.pk, "code": "I.2", "text": "Không có điểm", "kind": "standard"},
    )
    assert "phải có điểm tối đa" in response.text
    assert not Criterion.objects.filter(code="I.2").exists()
    assert CriteriaSheet.objects.get().version == 3
    response = client.post(
        _url(world, "scoring:criterion_create"),
        {
            "code": "I.1",
            "text": "Trùng mã",
            "kind": "standard",
            "parent": section.pk,
            "max_points": "1",
        },
    )
    assert "Mã tiêu chí này đã có trong bảng." in response.text
    assert Criterion.objects.filter(code="I.1").count() == 1
    page = client.get(_url(world, "scoring:criteria")).text
    assert "Tăng trưởng" in page and "Thêm tiêu chí" in page


def test_reorder_and_no_move_under_itself(setup_year, as_persona):
    world = setup_year
    criteria = make_sheet(world.year)
    client = as_persona("secretariat")
    client.post(_url(world, "scoring:criterion_move", criteria["II.2"].pk), {"direction": "up"})
    order = list(
        Criterion.objects.filter(parent=criteria["II"])
        .order_by("position")
        .values_list("code", flat=True)
    )
    assert order == ["II.2", "II.1"]
    form = client.get(_url(world, "scoring:criterion_edit", criteria["II"].pk)).context["form"]
    choices = {c.code for c in form.fields["parent"].queryset}
    assert "II" not in choices and "II.1" not in choices and "I" in choices


def test_copy_from_the_previous_year(setup_year, as_persona):
    world = setup_year
    make_sheet(YearFactory(cluster=world.cluster, year=2017), tie_breakers="II")
    as_persona("secretariat").post(_url(world, "scoring:criteria_copy"))
    sheet = CriteriaSheet.objects.get(year=world.year)
    assert sheet.criteria.count() == 10 and sheet.tie_breakers == "II"
    assert sheet.criteria.get(code="II.1").parent.code == "II"


def test_the_sheet_freezes_when_self_assessment_opens(setup_year, as_persona):
    world = setup_year
    criteria = make_sheet(world.year)
    open_self_assessment(world.year)
    client = as_persona("secretariat")
    response = client.post(_url(world, "scoring:criterion_delete", criteria["I.1"].pk), follow=True)
    assert "Bảng tiêu chí đã khóa" in response.text
    assert Criterion.objects.filter(pk=criteria["I.1"].pk).exists()
    assert "Thêm tiêu chí" not in client.get(_url(world, "scoring:criteria")).text


def _finalise(world, unit, by, criteria, adjust=()):
    assessment = submitted(world.year, unit, by, criteria)
    for code, points in adjust:
        adjustment = services.adjustment_create(
            assessment=assessment, criterion=criteria[code], actor=world.secretariat,
            new_points=points, reason="Điều chỉnh",
        )  # fmt: skip
        # The unit declines to answer, so the sheet need not wait for the answer deadline.
        services.adjustment_waive(actor=by, adjustment=adjustment)
    return services.assessment_finalise(assessment=assessment, actor=world.secretariat)


def test_ranking_page_ranks_final_totals_with_the_tie_breaker(world, as_persona):
    criteria = make_sheet(world.year, tie_breakers="I")
    open_self_assessment(world.year)
    # Nam Định 43.5 (I: 27.5); Thái Bình also 43.5 but only 25.5 in section I; Hà Nam lower.
    _finalise(world, world.nam_dinh, world.own, criteria)
    _finalise(world, world.thai_binh, world.other, criteria, adjust=[("I.1", "7"), ("III.1", "4")])
    assert Assessment.objects.get(unit=world.thai_binh).final_total == D("43.5")
    _finalise(world, world.ha_nam, world.secretariat, criteria, adjust=[("II.1", "0")])
    response = as_persona("viewer").get(_url(world, "scoring:ranking"))
    rows = response.context["ranking"].rows
    ranked = [(r.unit.name, r.rank, r.total) for r in rows if r.rank]
    assert ranked == [
        ("Nam Định", 1, D("43.5")),
        ("Thái Bình", 2, D("43.5")),
        ("Hà Nam", 3, D("36.5")),
    ]
    decided = {r.unit.name: r.decided_by for r in rows if r.rank}
    assert decided["Nam Định"] == "Bằng tổng điểm; xếp theo: điểm mục I" and decided["Hà Nam"] == ""
    text = response.text
    assert "xếp theo: điểm mục I" in text
    assert "<svg" in text and "Tổng điểm theo mục" in text
    assert "chưa hoàn tất, chưa xếp hạng" in text  # Hải Dương has no sheet
    assert "Tổng điểm qua các năm" in text


def test_equal_totals_share_a_rank_and_the_page_says_so(world, as_persona):
    criteria = make_sheet(world.year, tie_breakers="")
    open_self_assessment(world.year)
    _finalise(world, world.nam_dinh, world.own, criteria)
    _finalise(world, world.thai_binh, world.other, criteria)
    response = as_persona("own").get(_url(world, "scoring:ranking"))
    ranks = {r.unit.name: r.rank for r in response.context["ranking"].rows if r.rank}
    assert ranks == {"Nam Định": 1, "Thái Bình": 1}
    assert "Bằng điểm, đồng hạng" in response.text
