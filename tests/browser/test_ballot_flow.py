"""Ballot rounds in the browser. Online: open, three officers vote (each confirming in the
dialog and noting the receipt code the page shows once), closing before the closing time is
refused with the reason, after it the tally and the bulletin show, the secretariat drafts the
proposal letter from it and each officer finds its receipt in the bulletin. In the hall: the
secretariat enters the counting committee's paper count, an inconsistent count is refused next
to its field, the round closes and its minutes print issued, received, valid, invalid and blank
ballots."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from scoring.models import BallotRound
from tests.personas import build_world

pytestmark = pytest.mark.browser


@pytest.fixture
def conference_year(transactional_db):
    world = build_world()
    world.year.phase = "conference"
    world.year.save()
    # The flush between transactional tests empties the catalogue's data-migration rows.
    from awards.catalogue import seed_defaults
    from awards.models import AwardQuota, AwardType

    seed_defaults(AwardType, AwardQuota)
    return world


def _confirm(page, action: str) -> None:
    """Press the confirming button of the app's dialog (static/js/app.js)."""
    dialog = page.get_by_role("dialog")
    expect(dialog).to_be_visible()
    dialog.get_by_role("button", name=action).click()


def test_open_vote_close_tally_then_draft_the_proposal(conference_year, sign_in, page, live_server):
    base = f"{live_server.url}/c/dong-bang-song-hong/2018/bo-phieu/"
    sign_in("hanam")
    page.goto(base)
    page.get_by_label("Nội dung bỏ phiếu").select_option("flag")
    page.get_by_label("Giờ kết thúc bỏ phiếu (bỏ phiếu trực tuyến)").fill(
        (timezone.localtime() + datetime.timedelta(hours=2)).strftime("%d/%m/%Y %H:%M")
    )
    page.get_by_role("button", name="Tạo vòng bỏ phiếu").click()
    page.get_by_role("button", name="Mở bỏ phiếu").click()
    expect(page.get_by_test_id("round-state")).to_have_text("Đang bỏ phiếu")
    round_url = page.url
    page.get_by_label("Hà Nam").check()
    page.get_by_role("button", name="Bỏ phiếu", exact=True).click()
    _confirm(page, "Gửi phiếu")
    expect(page.locator("main")).to_contain_text("Đã ghi nhận phiếu của Hà Nam")
    expect(page.get_by_test_id("receipt")).to_contain_text("mã chỉ hiện một lần")
    codes = {"hanam": page.get_by_test_id("receipt-code").inner_text().strip()}
    page.get_by_role("button", name="Đăng xuất").click()
    for officer in ("namdinh", "thaibinh"):
        sign_in(officer)
        page.goto(round_url)
        expect(page.locator("main")).to_contain_text("Kết quả chỉ công bố khi kết thúc")
        page.get_by_label("Hà Nam").check()
        page.get_by_role("button", name="Bỏ phiếu", exact=True).click()
        _confirm(page, "Gửi phiếu")
        expect(page.locator("main")).to_contain_text("Đơn vị của anh/chị đã bỏ phiếu")
        codes[officer] = page.get_by_test_id("receipt-code").inner_text().strip()
        page.get_by_role("button", name="Đăng xuất").click()
    sign_in("hanam")
    page.goto(round_url)
    expect(page.locator("main")).to_contain_text("đã bỏ phiếu: 3/4 đơn vị")
    page.get_by_role("button", name="Kết thúc và kiểm phiếu").click()
    _confirm(page, "Kết thúc bỏ phiếu")
    expect(page.locator(".alert-danger")).to_contain_text("Trước giờ kết thúc bỏ phiếu")
    expect(page.get_by_test_id("round-state")).to_have_text("Đang bỏ phiếu")
    # The closing time passes; Hải Dương has not voted, three ballots are the quorum.
    BallotRound.objects.update(closes_at=timezone.now() - datetime.timedelta(minutes=1))
    page.get_by_role("button", name="Kết thúc và kiểm phiếu").click()
    _confirm(page, "Kết thúc bỏ phiếu")
    row = page.get_by_test_id("tally").locator("tr", has_text="Hà Nam")
    expect(row).to_contain_text("3")
    expect(row).to_contain_text("Trúng cử / được đề nghị")
    expect(page.get_by_test_id("bulletin-sha256")).to_have_text(re.compile(r"^[0-9a-f]{64}$"))
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
    # Each officer finds its unit's receipt in the bulletin; no page shows the code again.
    assert len(set(codes.values())) == 3
    page.get_by_role("button", name="Đăng xuất").click()
    for officer, code in codes.items():
        sign_in(officer)
        page.goto(round_url)
        expect(page.locator("main")).not_to_contain_text(code)
        page.get_by_role("link", name="Kiểm tra phiếu của đơn vị").click()
        page.get_by_label("Mã biên nhận phiếu").fill(code)
        page.get_by_role("button", name="Kiểm tra", exact=True).click()
        expect(page.get_by_test_id("check-found")).to_contain_text("Phiếu chọn: Hà Nam")
        page.get_by_role("button", name="Đăng xuất").click()


def test_a_paper_round_in_the_hall_is_entered_and_printed(
    conference_year, sign_in, page, live_server
):
    base = f"{live_server.url}/c/dong-bang-song-hong/2018/bo-phieu/"
    sign_in("hanam")
    page.goto(base)
    page.get_by_label("Nội dung bỏ phiếu").select_option("head")
    page.get_by_label("Tại hội trường: Ban kiểm phiếu nhập kết quả kiểm phiếu giấy").check()
    page.get_by_role("button", name="Tạo vòng bỏ phiếu").click()
    page.get_by_role("button", name="Mở bỏ phiếu").click()
    expect(page.get_by_test_id("round-state")).to_have_text("Đang bỏ phiếu")
    # The counting committee is named in the minutes' details first.
    page.locator("#minutes-form").get_by_label("Ban kiểm phiếu").fill(
        "Nguyễn Thị Lan — Trưởng Ban Thi đua - Khen thưởng"
    )
    page.get_by_role("button", name="Lưu thông tin biên bản").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã lưu thông tin biên bản")
    count = page.locator("#hall-count-form")
    for label, value in (
        ("Số phiếu phát ra", "4"),
        ("Số phiếu thu vào", "4"),
        ("Số phiếu không hợp lệ", "0"),
        ("Số phiếu trắng", "1"),
    ):
        count.get_by_label(label).fill(value)
    count.locator("#id_valid").fill("4")  # its label is part of "Số phiếu không hợp lệ"
    for unit, votes in (("Hà Nam", "0"), ("Hải Dương", "0"), ("Nam Định", "4"), ("Thái Bình", "0")):
        count.get_by_label(f"Số phiếu của {unit}").fill(votes)
    count.get_by_role("button", name="Lưu kết quả kiểm phiếu").click()
    # Four votes for Nam Định, but one of the four valid ballots is blank.
    field = page.locator("#hall-count-form").get_by_label("Số phiếu của Nam Định")
    expect(page.locator("#hall-count-form")).to_contain_text("Mỗi đơn vị có tối đa 3 phiếu")
    assert BallotRound.objects.get().hall_received is None
    field.fill("3")
    page.locator("#hall-count-form").get_by_role("button", name="Lưu kết quả kiểm phiếu").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã lưu kết quả kiểm phiếu")
    page.get_by_role("button", name="Kết thúc và kiểm phiếu").click()
    _confirm(page, "Kết thúc bỏ phiếu")
    row = page.get_by_test_id("tally").locator("tr", has_text="Nam Định")
    expect(row).to_contain_text("3")
    expect(row).to_contain_text("Trúng cử")
    page.goto(page.url + "bien-ban.pdf?format=html")
    body = page.locator("body")
    expect(body).to_contain_text("Số phiếu phát ra: 4 phiếu; số phiếu thu vào: 4 phiếu.")
    expect(body).to_contain_text("Số phiếu hợp lệ: 4 phiếu; số phiếu không hợp lệ: 0 phiếu")
    expect(body).to_contain_text("số phiếu trắng (không chọn đơn vị nào): 1 phiếu")
