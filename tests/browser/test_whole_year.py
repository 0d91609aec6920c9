"""The whole emulation year of a fresh cluster, in the browser, as its different people.

set-up → covenant signed → self-assessments → review → finalise → ballots → decision →
report PDF → close → next year opened with the elected head.
"""

import io

import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from tests.factories import UserFactory
from tests.personas import build_world

pytestmark = pytest.mark.browser

OFFICERS = {
    "hanam": "Hà Nam",
    "haiduong": "Hải Dương",
    "namdinh": "Nam Định",
    "thaibinh": "Thái Bình",
}
SLUGS = {"hanam": "ha-nam", "haiduong": "hai-duong", "namdinh": "nam-dinh", "thaibinh": "thai-binh"}


@pytest.fixture
def fresh_year(transactional_db):
    world = build_world()
    world.year.phase = "setup"
    world.year.save()
    UserFactory(username="haiduong", unit=world.year.memberships.get(role="deputy").unit)
    return world


def _as(page: Page, sign_in, username: str) -> Page:
    if page.get_by_role("button", name="Đăng xuất").count():
        page.get_by_role("button", name="Đăng xuất").click()
    return sign_in(username)


def _confirm(page: Page, action: str = "Đồng ý") -> None:
    """Press the confirming button of the app's dialog (static/js/app.js, data-confirm)."""
    page.get_by_role("dialog").get_by_role("button", name=action).click()


def _set_phase(page: Page, base: str, phase_label: str) -> None:
    # The phase page says what the move opens and locks, and asks to confirm it.
    page.goto(f"{base}/giai-doan/")
    page.get_by_label("Chuyển sang giai đoạn khác").select_option(label=phase_label)
    page.get_by_role("button", name="Xem").click()
    page.get_by_label("Tôi đã đọc những gì sẽ mở và sẽ khóa, và xác nhận chuyển giai đoạn.").check()
    page.get_by_role("button", name="Chuyển giai đoạn").click()
    expect(page.get_by_test_id("phase")).to_have_text(phase_label)


def _add_criterion(
    page: Page, base: str, code: str, text: str, parent: str = "", maximum: str = ""
):
    page.goto(f"{base}/tieu-chi/them/")
    if parent:
        page.get_by_label("Thuộc mục").select_option(label=parent)
    page.get_by_label("Mã").fill(code)
    page.get_by_label("Nội dung tiêu chí").fill(text)
    if maximum:
        page.get_by_label("Điểm tối đa").fill(maximum)
    page.get_by_role("button", name="Lưu tiêu chí").click()
    expect(page.locator(".alert-success")).to_contain_text(f"Đã lưu tiêu chí {code}")


def test_a_whole_year(fresh_year, sign_in, page, live_server):
    base = f"{live_server.url}/c/dong-bang-song-hong/2018"

    # Set-up: the secretariat (Hà Nam, the head) builds the criteria sheet.
    _as(page, sign_in, "hanam")
    _add_criterion(page, base, "I", "Nhiệm vụ chính trị")
    _add_criterion(
        page, base, "I.1", "Tăng trưởng kinh tế", parent="I. Nhiệm vụ chính trị", maximum="10"
    )
    _add_criterion(page, base, "I.2", "Nông thôn mới", parent="I. Nhiệm vụ chính trị", maximum="10")

    # The covenant: drafted, opened, signed by the four members.
    page.goto(f"{base}/giao-uoc/soan/")
    page.get_by_label("Lời mở đầu").fill("Các tỉnh trong Cụm thống nhất ký kết giao ước thi đua.")
    page.get_by_label("Nơi ký").fill("Hà Nam")
    page.get_by_label("Ngày ký").fill("15/01/2018")
    page.locator('[name="clauses-0-content"]').fill("Hoàn thành các chỉ tiêu kinh tế - xã hội")
    page.get_by_role("button", name="Lưu dự thảo").click()
    page.get_by_role("button", name="Mở ký kết").click()
    expect(page.get_by_test_id("covenant-state")).to_have_text("Đang ký kết")
    for username, unit in OFFICERS.items():
        _as(page, sign_in, username)
        page.goto(f"{base}/giao-uoc/")
        page.get_by_test_id("signatures").locator("tr", has_text=unit).get_by_role(
            "link", name="Ký cho đơn vị"
        ).click()
        page.get_by_label("Họ và tên người ký").fill(f"Đại diện {unit}")
        page.get_by_label("Chức vụ").fill(f"Phó Chủ tịch UBND tỉnh {unit}")
        page.get_by_role("button", name="Ghi nhận chữ ký").click()
        expect(page.locator(".alert-success")).to_contain_text(f"Đã ghi nhận chữ ký của {unit}")
    expect(page.get_by_test_id("covenant-state")).to_have_text("Đã ký kết")

    # Self-assessment: the secretariat opens it; each province fills and submits its sheet.
    _as(page, sign_in, "hanam")
    _set_phase(page, base, "Tự chấm điểm")
    points = {
        "hanam": ("9", "9,5"),
        "haiduong": ("8", "9"),
        "namdinh": ("9", "10"),
        "thaibinh": ("7", "8"),
    }
    for username, (first, second) in points.items():
        _as(page, sign_in, username)
        page.goto(f"{base}/cham-diem/{SLUGS[username]}/")
        page.get_by_label("Điểm I.1").fill(first)
        page.get_by_label("Điểm I.2").fill(second)
        page.get_by_role("button", name="Nộp bảng điểm").click()
        expect(page.get_by_test_id("sheet-state")).to_have_text("Đã nộp")

    # Review: Nam Định's I.2 is adjusted with a reason; every sheet is finalised.
    _as(page, sign_in, "hanam")
    page.goto(f"{base}/cham-diem/nam-dinh/")
    page.get_by_text("Điều chỉnh điểm I.2").click()
    page.get_by_label("Điểm mới I.2").fill("8")
    page.get_by_label("Lý do I.2").fill("Thiếu minh chứng về số xã đạt chuẩn")
    page.get_by_role("button", name="Điều chỉnh", exact=True).first.click()
    # Nam Định waives its answer: its sheet may be finalised before the answer deadline.
    _as(page, sign_in, "namdinh")
    page.goto(f"{base}/cham-diem/nam-dinh/")
    page.get_by_role("button", name="Không giải trình").click()
    _confirm(page)
    expect(page.locator(".alert-success")).to_be_visible()
    _as(page, sign_in, "hanam")
    for slug in SLUGS.values():
        page.goto(f"{base}/cham-diem/{slug}/")
        page.get_by_role("button", name="Hoàn tất bảng điểm").click()
        _confirm(page)
        expect(page.get_by_test_id("sheet-state")).to_have_text("Đã hoàn tất")
    page.goto(f"{base}/xep-hang/")
    first_row = page.get_by_test_id("ranking").locator("tbody tr").first
    expect(first_row).to_contain_text("Hà Nam")  # 18,5 beats Nam Định's 17 after review

    # The conference: the head election, with every province voting for Nam Định.
    _set_phase(page, base, "Hội nghị tổng kết")
    page.goto(f"{base}/bo-phieu/")
    page.get_by_label("Nội dung bỏ phiếu").select_option(label="Suy tôn Cụm trưởng năm sau")
    page.get_by_role("button", name="Tạo vòng bỏ phiếu").click()
    page.get_by_role("button", name="Mở bỏ phiếu").click()
    round_url = page.url
    for username in OFFICERS:
        _as(page, sign_in, username)
        page.goto(round_url)
        page.get_by_label("Nam Định").check()
        page.get_by_role("button", name="Bỏ phiếu", exact=True).click()
        _confirm(page, "Gửi phiếu")
        expect(page.locator("main")).to_contain_text("Đơn vị của anh/chị đã bỏ phiếu")
    _as(page, sign_in, "hanam")
    page.goto(round_url)
    page.get_by_role("button", name="Kết thúc và kiểm phiếu").click()
    _confirm(page, "Kết thúc bỏ phiếu")
    expect(page.get_by_test_id("tally").locator("tr", has_text="Nam Định")).to_contain_text(
        "Trúng cử"
    )

    # The head province's decision: one individual's certificate of merit.
    page.goto(f"{base}/khen-thuong/quyet-dinh/moi/")
    page.get_by_label("Người, cơ quan ban hành").fill("Chủ tịch Ủy ban nhân dân tỉnh Hà Nam")
    page.get_by_label("Số quyết định").fill("101/QĐ-UBND")
    page.get_by_label("Ngày ký").fill("20/03/2019")
    page.get_by_label("Địa danh").fill("Hà Nam")
    page.get_by_label("Chức vụ người ký").fill("CHỦ TỊCH")
    page.get_by_label("Họ tên người ký").fill("Nguyễn Văn Chủ Tịch")
    page.get_by_role("button", name="Lưu").click()
    page.get_by_role("link", name="Thêm người được khen").click()
    page.get_by_label("Cá nhân", exact=True).check()
    page.get_by_label("Hình thức khen thưởng").select_option(
        label="Bằng khen của Chủ tịch UBND tỉnh"
    )
    page.get_by_label("Tên tập thể hoặc họ và tên").fill("Lê Thị Thi Đua")
    page.get_by_role("button", name="Lưu", exact=True).click()
    expect(page.locator("main")).to_contain_text("Lê Thị Thi Đua")

    # The conference record, with two guests: what the report prints.
    page.goto(f"{base}/hoi-nghi/sua/")
    page.get_by_label("Ngày hội nghị tổng kết").fill("20/03/2019")
    page.get_by_label("Chủ trì hội nghị").fill("Chủ tịch UBND tỉnh Hà Nam")
    page.get_by_label("Số báo cáo").fill("Số: 05/BC-CTĐ")
    page.get_by_label("Công tác khen thưởng").fill("Khen thưởng kịp thời, đúng người.")
    page.get_by_label("Tồn tại, hạn chế").fill("Báo cáo còn chậm.")
    page.get_by_label("Phương hướng, nhiệm vụ năm sau").fill("Đẩy mạnh phong trào.")
    guests = page.get_by_test_id("guest-form")
    for index, (name, title) in enumerate(
        [("Đặng Thị Ngọc Thịnh", "Phó Chủ tịch nước"), ("Trần Thị Hà", "Phó Trưởng ban")]
    ):
        guests.nth(index).get_by_label("Họ và tên").fill(name)
        guests.nth(index).get_by_label("Chức vụ, cơ quan").fill(title)
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã lưu hội nghị tổng kết")

    # The report, as a PDF, holds the ranking and the elected head.
    response = page.request.get(f"{base}/bao-cao.pdf")
    assert response.headers["content-type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.body()))
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    assert "KẾT QUẢ CHẤM ĐIỂM, XẾP HẠNG" in text and "1 Hà Nam" in text
    assert "Hội nghị suy tôn Nam Định là Cụm trưởng" in text
    assert "Lê Thị Thi Đua" in text
    assert "Chủ tịch UBND tỉnh Hà Nam" in text and "Đặng Thị Ngọc Thịnh" in text
    assert "Chưa có nội dung" not in text

    # Close the year: the next opens with the elected head.
    page.goto(f"{base}/")
    page.get_by_test_id("year-close-link").click()
    expect(page.get_by_test_id("close-blockers")).to_have_count(0)
    if page.get_by_test_id("close-warnings").count():
        page.get_by_label("Tôi đã xem các cảnh báo trên và vẫn khép lại năm thi đua").check()
    page.get_by_role("button", name="Khép lại năm thi đua").click()
    _confirm(page, "Khép lại năm")
    expect(page).to_have_url(f"{live_server.url}/c/dong-bang-song-hong/2019/")
    expect(page.locator(".alert-success")).to_contain_text("Đã khép lại năm 2018")
    head_row = page.get_by_test_id("members").locator("tr", has_text="Nam Định")
    expect(head_row).to_contain_text("Cụm trưởng")
    expect(page.get_by_test_id("phase")).to_have_text("Thiết lập")
