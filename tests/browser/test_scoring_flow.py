"""A sheet's life in the browser: fill and submit, adjust, answer, finalise, ranking."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from scoring.models import CriteriaSheet, Criterion
from tests.personas import build_world

pytestmark = pytest.mark.browser


@pytest.fixture
def year_in_self_assessment(transactional_db):
    world = build_world()
    world.year.phase = "self_assessment"
    world.year.save()
    sheet = CriteriaSheet.objects.create(year=world.year)
    section = Criterion.objects.create(sheet=sheet, code="I", text="Nhiệm vụ chính trị")
    Criterion.objects.create(
        sheet=sheet, parent=section, code="I.1", text="Tăng trưởng kinh tế", max_points=Decimal(10)
    )
    Criterion.objects.create(
        sheet=sheet, parent=section, code="I.2", text="Nông thôn mới", max_points=Decimal(20),
        position=2,
    )  # fmt: skip
    return world


def test_fill_submit_adjust_answer_finalise_rank(
    year_in_self_assessment, sign_in, page, live_server
):
    base = f"{live_server.url}/c/dong-bang-song-hong/2018"
    sign_in("namdinh")
    page.goto(f"{base}/cham-diem/nam-dinh/")
    page.get_by_label("Điểm I.1").fill("9,5")
    page.get_by_label("Giải thích I.1").fill("Tăng trưởng 7,2%")
    page.get_by_label("Điểm I.2").fill("18")
    page.get_by_role("button", name="Nộp bảng điểm").click()
    expect(page.get_by_test_id("sheet-state")).to_have_text("Đã nộp")
    expect(page.get_by_test_id("sheet-total")).to_have_text("27,50")
    page.get_by_role("button", name="Đăng xuất").click()

    sign_in("hanam")  # the 2018 head's officer: the secretariat
    page.goto(f"{base}/cham-diem/nam-dinh/")
    page.get_by_text("Điều chỉnh điểm I.2").click()
    page.get_by_label("Điểm mới I.2").fill("15")
    page.get_by_label("Lý do I.2").fill("Mới 12/20 xã đạt chuẩn")
    page.get_by_role("button", name="Điều chỉnh", exact=True).first.click()
    expect(page.get_by_test_id("sheet-state")).to_have_text("Đang thẩm định")
    page.get_by_role("button", name="Đăng xuất").click()

    sign_in("namdinh")
    page.goto(f"{base}/cham-diem/nam-dinh/")
    page.get_by_label("Giải trình").fill("Đã có thêm 2 xã được công nhận tháng 12")
    page.get_by_role("button", name="Gửi giải trình").click()
    expect(page.get_by_test_id("sheet-state")).to_have_text("Đã giải trình")
    page.get_by_role("button", name="Đăng xuất").click()

    sign_in("hanam")
    page.goto(f"{base}/cham-diem/nam-dinh/")
    page.get_by_role("button", name="Giữ điều chỉnh").click()
    page.get_by_role("button", name="Hoàn tất bảng điểm").click()
    # Finalising cannot be undone: the app's dialog asks first.
    page.get_by_role("dialog").get_by_role("button", name="Đồng ý").click()
    expect(page.get_by_test_id("sheet-state")).to_have_text("Đã hoàn tất")
    expect(page.get_by_test_id("history")).to_contain_text("Mới 12/20 xã đạt chuẩn")
    page.goto(f"{base}/xep-hang/")
    row = page.get_by_test_id("ranking").locator("tr", has_text="Nam Định")
    expect(row).to_contain_text("24,50")  # 9,5 + 15
    expect(row.locator("td").first).to_have_text("1")
