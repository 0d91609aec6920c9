"""The secretariat of 2019 (Hải Dương) moves a deadline of the demo's timeline with a reason and
reads, on a phone, what the next phase opens and locks; no page of it is wider than the screen."""

import pytest

from clusters.models import EmulationYear, PhaseWindow

pytestmark = pytest.mark.browser

YEAR = "/c/dong-bang-song-hong/2019/"


def _fits(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"{page.url} is {width} px wide at 390 px"


def test_timeline_and_phase_move_on_a_phone(demo, sign_in, live_server):
    page = sign_in("haiduong")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}{YEAR}")
    timeline = page.get_by_test_id("timeline")
    assert "15/11/2019" in timeline.inner_text()
    _fits(page)
    page.get_by_test_id("timeline-edit").click()
    _fits(page)
    page.get_by_label("Tự chấm điểm: hạn hoàn thành").fill("13/12/2019")
    page.get_by_role("button", name="Lưu").click()
    assert "Hãy ghi lý do" in page.locator("#div_id_reason").inner_text()
    page.get_by_label("Lý do thay đổi").fill("Gia hạn theo đề nghị của các tỉnh.")
    page.get_by_role("button", name="Lưu").click()
    page.wait_for_url(f"{live_server.url}{YEAR}")
    year = EmulationYear.objects.get(cluster__slug="dong-bang-song-hong", year=2019)
    window = PhaseWindow.objects.get(year=year, phase="self_assessment")
    assert f"{window.due_on:%d/%m/%Y}" == "13/12/2019"
    page.get_by_test_id("phase-next").click()
    assert "Hết hạn báo cáo phong trào thi đua." in page.get_by_test_id("phase-locks").inner_text()
    _fits(page)
    page.get_by_label("Tôi đã đọc những gì sẽ mở và sẽ khóa").check()
    page.get_by_role("button", name="Chuyển giai đoạn").click()
    page.wait_for_url(f"{live_server.url}{YEAR}")
    year.refresh_from_db()
    assert year.phase == "self_assessment"
