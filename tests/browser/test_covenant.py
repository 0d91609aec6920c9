import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

COVENANT = "/c/dong-bang-song-hong/2019/giao-uoc/"


def _sign_out(page):
    page.get_by_role("button", name="Đăng xuất").click()


def test_secretariat_opens_the_covenant_and_two_provinces_sign(demo, sign_in, live_server, page):
    # The 2019 secretariat (Hải Dương) amends the signed compact and opens the new version.
    sign_in("haiduong")
    page.get_by_role("link", name="Giao ước thi đua").click()
    expect(page).to_have_url(f"{live_server.url}{COVENANT}")
    expect(page.get_by_test_id("covenant-state")).to_have_text("Đã ký kết")
    page.get_by_role("button", name="Sửa đổi giao ước").click()
    expect(page.get_by_test_id("covenant-state")).to_have_text("Dự thảo")
    page.get_by_role("button", name="Mở ký kết").click()
    expect(page.get_by_test_id("covenant-state")).to_have_text("Đang ký kết")
    expect(page.get_by_test_id("still-to-sign")).to_contain_text("Còn 9 đơn vị chưa ký")
    _sign_out(page)

    for username, unit in (("namdinh", "Nam Định"), ("hungyen", "Hưng Yên")):
        sign_in(username)
        page.goto(f"{live_server.url}{COVENANT}")
        row = page.get_by_test_id("signatures").locator("tr", has_text=unit)
        row.get_by_role("link", name="Ký cho đơn vị").click()
        # Pre-filled with the unit's representative (a sample name).
        expect(page.get_by_label("Họ và tên người ký")).not_to_have_value("")
        page.get_by_role("button", name="Ghi nhận chữ ký").click()
        expect(page.locator(".alert-success")).to_contain_text(f"Đã ghi nhận chữ ký của {unit}")
        _sign_out(page)

    sign_in("lanhdao")
    page.goto(f"{live_server.url}{COVENANT}")
    still = page.get_by_test_id("still-to-sign")
    expect(still).to_contain_text("Còn 7 đơn vị chưa ký")
    for unit in ("Hải Dương", "Bắc Ninh", "Quảng Ninh", "Vĩnh Phúc"):
        expect(still).to_contain_text(unit)
    expect(still).not_to_contain_text("Nam Định")
    expect(still).not_to_contain_text("Hưng Yên")
    signed_row = page.get_by_test_id("signatures").locator("tr", has_text="Nam Định")
    expect(signed_row).to_contain_text("Phó Chủ tịch UBND tỉnh Nam Định")
    # The viewer signs nothing; both versions are downloadable.
    expect(page.get_by_role("link", name="Ký cho đơn vị")).to_have_count(0)
    expect(page.get_by_test_id("versions").get_by_role("link", name="PDF")).to_have_count(2)
    page.goto(f"{live_server.url}/c/dong-bang-song-hong/2019/")
    expect(page.get_by_test_id("members").locator("tr", has_text="Bắc Ninh")).to_contain_text(
        re.compile("Ký giao ước")
    )
