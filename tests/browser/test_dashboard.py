import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_province_officer_signs_in_and_sees_the_year_dashboard(demo, sign_in, live_server):
    page = sign_in("namdinh")
    # Home: the officer's own work, then a click to the year's dashboard.
    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.get_by_role("heading", name="Việc của tôi")).to_be_visible()
    page.get_by_test_id("current-year").get_by_role("link", name="Năm thi đua 2019").click()
    expect(page).to_have_url(f"{live_server.url}/c/dong-bang-song-hong/2019/")
    expect(page.get_by_role("heading", name="Năm thi đua 2019")).to_be_visible()
    members = page.get_by_test_id("members")
    expect(members.locator("tbody tr")).to_have_count(9)
    head_row = members.locator("tr", has_text="Hải Dương")
    expect(head_row).to_contain_text("Cụm trưởng")
    expect(members.locator("tr", has_text="Quảng Ninh")).to_contain_text("Cụm phó")
    # Nam Định's officer may edit Nam Định's representative and nobody else's.
    expect(
        members.locator("tr", has_text="Nam Định").get_by_role("link", name="Sửa")
    ).to_have_count(1)
    expect(head_row.get_by_role("link", name="Sửa")).to_have_count(0)
    # The 2018 year: Hà Nam was head, the conference was on 20/03/2019.
    page.get_by_role("link", name="2018", exact=True).click()
    expect(page.get_by_test_id("phase")).to_have_text("Đã tổng kết")
    expect(page.locator("main")).to_contain_text("20/03/2019")
    # Bootstrap came from our own static files.
    color = page.locator("nav.navbar").evaluate("e => getComputedStyle(e).backgroundColor")
    assert color != "rgba(0, 0, 0, 0)"
