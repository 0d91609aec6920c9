"""A ballot round in the browser: open, three officers vote, close, the tally shows, and the
secretariat drafts the proposal letter from it."""

import pytest
from playwright.sync_api import expect

from tests.personas import build_world

pytestmark = pytest.mark.browser


@pytest.fixture
def conference_year(transactional_db):
    world = build_world()
    world.year.phase = "conference"
    world.year.save()
    from tests.factories import UserFactory

    UserFactory(username="haiduong", unit=world.year.memberships.get(role="deputy").unit)
    # The flush between transactional tests empties the catalogue's data-migration rows.
    from awards.catalogue import seed_defaults
    from awards.models import AwardQuota, AwardType

    seed_defaults(AwardType, AwardQuota)
    return world


def test_open_vote_close_tally_then_draft_the_proposal(conference_year, sign_in, page, live_server):
    base = f"{live_server.url}/c/dong-bang-song-hong/2018/bo-phieu/"
    sign_in("hanam")
    page.goto(base)
    page.get_by_label("Nội dung bỏ phiếu").select_option("flag")
    page.get_by_role("button", name="Tạo vòng bỏ phiếu").click()
    page.get_by_role("button", name="Mở bỏ phiếu").click()
    expect(page.get_by_test_id("round-state")).to_have_text("Đang bỏ phiếu")
    round_url = page.url
    page.get_by_label("Hà Nam").check()
    page.get_by_role("button", name="Bỏ phiếu", exact=True).click()
    expect(page.locator("main")).to_contain_text("Đã ghi nhận phiếu của Hà Nam")
    page.get_by_role("button", name="Đăng xuất").click()
    for officer in ("namdinh", "thaibinh"):
        sign_in(officer)
        page.goto(round_url)
        expect(page.locator("main")).to_contain_text("Kết quả chỉ công bố khi kết thúc")
        page.get_by_label("Hà Nam").check()
        page.get_by_role("button", name="Bỏ phiếu", exact=True).click()
        expect(page.locator("main")).to_contain_text("Đơn vị của anh/chị đã bỏ phiếu")
        page.get_by_role("button", name="Đăng xuất").click()
    sign_in("hanam")
    page.goto(round_url)
    expect(page.locator("main")).to_contain_text("đã bỏ phiếu: 3/4 đơn vị")
    page.get_by_role("button", name="Kết thúc và kiểm phiếu").click()
    row = page.get_by_test_id("tally").locator("tr", has_text="Hà Nam")
    expect(row).to_contain_text("3")
    expect(row).to_contain_text("Trúng cử / được đề nghị")
    # The secretariat drafts the proposal letter from the tally and sees it.
    panel = page.get_by_test_id("proposal-panel")
    expect(panel).to_contain_text("Trong chỉ tiêu: 1/1")
    panel.get_by_role("button", name="Lập tờ trình đề nghị").click()
    expect(page.locator("main")).to_contain_text("Đã lập dự thảo tờ trình")
    expect(page.locator("h1")).to_contain_text("Tờ trình đề nghị tặng Cờ thi đua của Chính phủ")
    expect(page.get_by_test_id("proposal-state")).to_have_text("Dự thảo")
    items = page.get_by_test_id("proposal-items").locator("tr", has_text="Hà Nam")
    expect(items).to_contain_text("3/4")
    # The round now points to the proposal instead of offering a second one.
    page.goto(round_url)
    expect(page.get_by_test_id("proposal-panel")).to_contain_text("Dự thảo")
    expect(page.get_by_role("button", name="Lập tờ trình đề nghị")).to_have_count(0)
