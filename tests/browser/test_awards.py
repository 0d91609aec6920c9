"""An officer finds a certificate of the 2018 demo in the registry, typing without diacritics."""

import pytest

pytestmark = pytest.mark.browser


def test_registry_search_without_diacritics_in_a_browser(demo, sign_in, live_server):
    page = sign_in("namdinh")
    page.goto(f"{live_server.url}/c/dong-bang-song-hong/2018/")
    page.get_by_role("link", name="Khen thưởng", exact=True).click()
    page.get_by_role("link", name="Sổ khen thưởng").click()
    page.get_by_label("Tìm theo tên").fill("dang thi bich")
    page.get_by_role("button", name="Lọc").click()
    rows = page.get_by_test_id("registry").locator("tbody tr")
    assert rows.count() == 1
    assert "Đặng Thị Bích" in rows.first.inner_text()
    assert "dữ liệu mẫu" in rows.first.inner_text()
