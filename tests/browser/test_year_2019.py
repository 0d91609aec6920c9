"""The demo's open year, 2019, run in the browser by its people (issue 10, "Done when").

Hải Dương's officer, the year's secretariat, sets the timeline; the provinces' sheets are in
(set up through the services, as the demo tells its story); the secretariat adjusts Nam Định's
score with a reason; Nam Định's officer sees the notice in the bell and receives the e-mail
through the test's SMTP server (the e-mail task run by the database queue's worker, as in
production), opens the notice and answers on the sheet; finalising Vĩnh Phúc's sheet with an
unanswered adjustment before its deadline is refused; the conference record is saved with two
guests; the counting committee's paper count of the head election is entered and the round's
minutes (PDF) show issued, valid, invalid and blank ballots; closing is refused with the
blockers listed, they are cleared through the pages, and the year closes. Pages of the year not
reached by tests/browser/test_phone.py's crawl (the notices, a round, the conference form, the
closing page) are measured at 390 px on the way.
"""

from __future__ import annotations

import datetime
import io
import re
from decimal import Decimal

import pdfplumber
import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from playwright.sync_api import Page, expect

from awards.models import Decision
from campaigns.models import Conference
from clusters import timeline
from clusters.models import AuditEvent, EmulationYear, Membership, Notification, PhaseWindow, User
from scoring import services as scoring
from scoring.models import Adjustment, Assessment, BallotRound, CriteriaSheet, Criterion

pytestmark = pytest.mark.browser

CLUSTER = "/c/dong-bang-song-hong"
YEAR = f"{CLUSTER}/2019"
SECRETARIAT = "haiduong"  # Hải Dương heads the cluster in 2019
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
NAM_DINH_EMAIL = "namdinh@example.vn"


@pytest.fixture
def year_2019(demo, smtp_server, settings):
    """The demo loaded, e-mail going to the test's SMTP server through the database queue."""
    # Production's path: a notice's e-mail is queued in the database when the request commits
    # and sent by the worker (`manage.py db_worker`), never in the request.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    # The administrator registered Nam Định's officer with an address (the demo has none).
    User.objects.filter(username="namdinh").update(email=NAM_DINH_EMAIL)
    return smtp_server


def _run_email_worker() -> None:
    call_command("db_worker", batch=True, startup_delay=False, verbosity=0)


def _as(page: Page, sign_in, username: str) -> Page:
    if page.get_by_role("button", name="Đăng xuất").count():
        page.get_by_role("button", name="Đăng xuất").click()
    return sign_in(username)


def _confirm(page: Page, action: str = "Đồng ý") -> None:
    """Press the confirming button of the app's dialog (static/js/app.js, data-confirm)."""
    dialog = page.get_by_role("dialog")
    expect(dialog).to_be_visible()
    dialog.get_by_role("button", name=action).click()


def _fits_a_phone(page: Page) -> None:
    """The page as it is, on a 390 px screen: nothing wider than the screen."""
    page.set_viewport_size(PHONE)
    try:
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"{page.url} is {width} px wide at 390 px"
    finally:
        page.set_viewport_size(DESKTOP)


def _next_phase(page: Page, base: str, label: str) -> None:
    page.goto(f"{base}/")
    page.get_by_test_id("phase-next").click()
    page.get_by_label("Tôi đã đọc những gì sẽ mở và sẽ khóa").check()
    page.get_by_role("button", name="Chuyển giai đoạn").click()
    expect(page.get_by_test_id("phase")).to_have_text(label)


def _submit_every_sheet() -> None:
    """Each province sends its self-assessment (not a step of this test: through the services,
    as config/demo.py does for 2018), with the evidence its sheet asks for."""
    year = EmulationYear.objects.get(cluster__slug="dong-bang-song-hong", year=2019)
    sheet = CriteriaSheet.objects.get(year=year)
    leaves = [c for c in sheet.criteria.all() if not c.children.exists()]
    for membership in year.memberships.select_related("unit"):
        unit = membership.unit
        officer = User.objects.get(unit=unit, role=User.Role.STAFF)
        entries = {}
        for criterion in leaves:
            if criterion.kind == Criterion.Kind.STANDARD:
                points = (criterion.max_points * Decimal("0.9")).quantize(Decimal("0.5"))
            else:
                points = Decimal("0")
            entries[criterion.pk] = scoring.Entry(points, f"Báo cáo năm 2019 — {criterion.code}")
            if criterion.evidence_required:
                scoring.evidence_add(
                    actor=officer,
                    year=year,
                    unit=unit,
                    criterion=criterion,
                    upload=ContentFile(b"%PDF-1.4\n% minh chung\n", name="minh-chung.pdf"),
                )
        scoring.assessment_save(
            actor=officer, year=year, unit=unit, version=None, entries=entries, submit=True
        )


def _adjust(page: Page, criterion, points: str, reason: str) -> None:
    form = page.locator(f"#adjust-{criterion.pk}")
    page.get_by_text(f"Điều chỉnh điểm {criterion.code}", exact=True).click()
    form.get_by_label(f"Điểm mới {criterion.code}", exact=True).fill(points)
    form.get_by_label(f"Lý do {criterion.code}", exact=True).fill(reason)
    form.get_by_role("button", name="Điều chỉnh", exact=True).click()
    expect(page.get_by_test_id("sheet-state")).to_have_text("Đang thẩm định")


def _finalise(page: Page, url: str) -> None:
    page.goto(url)
    page.get_by_role("button", name="Hoàn tất bảng điểm").click()
    _confirm(page)
    expect(page.get_by_test_id("sheet-state")).to_have_text("Đã hoàn tất")


def test_2019_as_its_people(year_2019, sign_in, page: Page, live_server):
    smtp = year_2019
    base = f"{live_server.url}{YEAR}"
    year = EmulationYear.objects.get(cluster__slug="dong-bang-song-hong", year=2019)
    page.set_viewport_size(DESKTOP)

    # 1. The secretariat sets the timeline: self-assessment gets three more days, review starts
    #    later, and units have five days to answer an adjustment.
    _as(page, sign_in, SECRETARIAT)
    page.goto(f"{base}/")
    page.get_by_test_id("timeline-edit").click()
    expect(page).to_have_url(f"{base}/moc-thoi-gian/")
    page.get_by_label("Tự chấm điểm: hạn hoàn thành").fill("13/12/2019")
    page.get_by_label("Chấm chéo, thẩm định: ngày bắt đầu").fill("16/12/2019")
    page.get_by_label("Số ngày giải trình").fill("5")
    page.get_by_label("Lý do thay đổi").fill("Gia hạn tự chấm điểm theo đề nghị của các tỉnh.")
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã lưu các mốc thời gian")
    expect(page.get_by_test_id("timeline")).to_contain_text("13/12/2019")
    year.refresh_from_db()
    assert year.answer_days == 5
    windows = {w.phase: w for w in PhaseWindow.objects.filter(year=year)}
    assert windows["self_assessment"].due_on == datetime.date(2019, 12, 13)
    assert windows["review"].opens_on == datetime.date(2019, 12, 16)
    assert AuditEvent.objects.filter(action="year.timeline", summary__contains="Gia hạn").exists()

    _next_phase(page, base, "Tự chấm điểm")
    _submit_every_sheet()
    _next_phase(page, base, "Chấm chéo, thẩm định")

    # 2. The secretariat adjusts Nam Định's I.2 with a reason.
    criteria = {c.code: c for c in Criterion.objects.filter(sheet__year=year)}
    nam_dinh_sheet = f"{base}/cham-diem/nam-dinh/"
    page.goto(nam_dinh_sheet)
    _adjust(page, criteria["I.2"], "6", "Thiếu minh chứng về số xã đạt chuẩn nông thôn mới")
    _fits_a_phone(page)  # the reviewer's sheet: its adjustment forms and review navigation
    adjustment = Adjustment.objects.get(
        score__assessment__year=year, score__assessment__unit__slug="nam-dinh"
    )
    assert adjustment.new_points == Decimal("6")
    assert adjustment.reason == "Thiếu minh chứng về số xã đạt chuẩn nông thôn mới"
    due = timeline.local_date(adjustment.answer_due)
    assert due == timeline.local_date(adjustment.created_at) + datetime.timedelta(days=5)
    due_text = f"{due:%d/%m/%Y}"

    #    The e-mail is off the request path: nothing sent until the worker runs the task.
    assert smtp.messages == []
    _run_email_worker()
    [message] = smtp.messages
    assert message["To"] == NAM_DINH_EMAIL
    assert "Điểm của đơn vị được điều chỉnh" in message["Subject"]
    body = smtp.body(message)
    assert "I.2" in body and "Nam Định" in body and due_text in body
    link = f"https://thidua.example.vn{YEAR}/cham-diem/nam-dinh/"
    assert link in body

    #    Nam Định's officer sees it in the bell.
    _as(page, sign_in, "namdinh")
    unread = Notification.objects.filter(recipient__username="namdinh", read_at__isnull=True)
    assert unread.filter(year=year, event="adjusted").count() == 1
    expect(page.get_by_test_id("bell-count")).to_have_text(
        re.compile(rf"^\s*{unread.count()}\s+chưa đọc\s*$")
    )
    page.get_by_test_id("bell").click()
    expect(page).to_have_url(f"{live_server.url}/thong-bao/")
    notice = page.get_by_test_id("notice").first  # the newest
    expect(notice).to_have_attribute("data-event", "adjusted")
    expect(notice).to_contain_text("I.2")
    expect(notice).to_contain_text(due_text)
    _fits_a_phone(page)

    # 3. … opens the notice, lands on the sheet (the e-mail's link), and answers.
    notice.get_by_role("button", name="Mở thông báo").click()
    expect(page).to_have_url(link.replace("https://thidua.example.vn", live_server.url))
    opened = Notification.objects.get(year=year, event="adjusted", recipient__username="namdinh")
    assert opened.read_at is not None
    expect(page.get_by_test_id("reply-state")).to_contain_text(due_text)
    _fits_a_phone(page)
    answer = "Đã bổ sung danh sách 212 xã đạt chuẩn kèm quyết định công nhận."
    page.locator(f"#answer-{adjustment.pk}").get_by_label("Giải trình").fill(answer)
    page.get_by_role("button", name="Gửi giải trình").click()
    expect(page.get_by_test_id("sheet-state")).to_have_text("Đã giải trình")
    expect(page.locator("main")).to_contain_text(answer)
    adjustment.refresh_from_db()
    assert adjustment.answer == answer and adjustment.answered_by.username == "namdinh"

    # 4. The secretariat adjusts Vĩnh Phúc; finalising its sheet before Vĩnh Phúc could answer
    #    is refused, and nothing changes.
    _as(page, sign_in, SECRETARIAT)
    vinh_phuc_sheet = f"{base}/cham-diem/vinh-phuc/"
    page.goto(vinh_phuc_sheet)
    _adjust(page, criteria["II.2"], "5", "Chỉ tiêu giảm nghèo chưa đạt kế hoạch")
    vinh_phuc = Assessment.objects.get(year=year, unit__slug="vinh-phuc")
    before = (vinh_phuc.state, vinh_phuc.version, vinh_phuc.final_total)
    page.get_by_role("button", name="Hoàn tất bảng điểm").click()
    _confirm(page)
    refusal = page.locator(".alert-danger")
    expect(refusal).to_contain_text("Chưa hết hạn giải trình")
    expect(refusal).to_contain_text("Vĩnh Phúc được giải trình điều chỉnh tiêu chí II.2")
    expect(page.get_by_test_id("sheet-state")).to_have_text("Đang thẩm định")
    vinh_phuc.refresh_from_db()
    assert (vinh_phuc.state, vinh_phuc.version, vinh_phuc.final_total) == before
    pending = Adjustment.objects.get(score__assessment=vinh_phuc)
    assert pending.outcome == Adjustment.Outcome.PENDING and pending.resolved_at is None
    assert not AuditEvent.objects.filter(action="assessment.finalise", year=year).exists()

    #    Nam Định's answer is accepted, and its sheet is final.
    page.goto(nam_dinh_sheet)
    page.locator(f"#resolve-{adjustment.pk}").get_by_role(
        "button", name="Chấp nhận giải trình"
    ).click()
    adjustment.refresh_from_db()
    assert adjustment.outcome == Adjustment.Outcome.WITHDRAWN
    _finalise(page, nam_dinh_sheet)

    # 5. The conference: the record with its two guests, through its page.
    _next_phase(page, base, "Hội nghị tổng kết")
    page.goto(f"{base}/hoi-nghi/sua/")
    page.get_by_label("Ngày hội nghị tổng kết").fill("20/03/2020")
    page.get_by_label("Chủ trì hội nghị").fill("Chủ tịch UBND tỉnh Hải Dương")
    page.get_by_label("Số báo cáo").fill("Số: 07/BC-CTĐ")
    page.get_by_label("Kết quả thực hiện các phong trào thi đua").fill(
        "Các tỉnh triển khai đủ bốn phong trào thi đua của năm."
    )
    page.get_by_label("Công tác khen thưởng").fill("Khen thưởng kịp thời, đúng người.")
    page.get_by_label("Tồn tại, hạn chế").fill("Báo cáo phong trào còn chậm.")
    page.get_by_label("Phương hướng, nhiệm vụ năm sau").fill("Đẩy mạnh phong trào năm 2020.")
    guests = page.get_by_test_id("guest-form")
    for index, (name, title) in enumerate(
        [
            ("Trần Văn Khách", "Phó Trưởng ban Ban Thi đua - Khen thưởng Trung ương"),
            ("Nguyễn Thị Mời", "Vụ trưởng Vụ Thi đua - Khen thưởng các tỉnh"),
        ]
    ):
        guests.nth(index).get_by_label("Họ và tên").fill(name)
        guests.nth(index).get_by_label("Chức vụ, cơ quan").fill(title)
    _fits_a_phone(page)
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã lưu hội nghị tổng kết")
    conference = Conference.objects.get(year=year)
    assert conference.chair == "Chủ tịch UBND tỉnh Hải Dương"
    assert list(conference.guests.order_by("position").values_list("full_name", flat=True)) == [
        "Trần Văn Khách",
        "Nguyễn Thị Mời",
    ]

    # 6. The head election in the hall: the counting committee's paper count.
    page.goto(f"{base}/bo-phieu/")
    page.get_by_label("Nội dung bỏ phiếu").select_option("head")
    page.get_by_label("Tại hội trường: Ban kiểm phiếu nhập kết quả kiểm phiếu giấy").check()
    page.get_by_role("button", name="Tạo vòng bỏ phiếu").click()
    page.get_by_role("button", name="Mở bỏ phiếu").click()
    expect(page.get_by_test_id("round-state")).to_have_text("Đang bỏ phiếu")
    round_url = page.url
    page.locator("#minutes-form").get_by_label("Ban kiểm phiếu").fill(
        "Nguyễn Văn Kiểm — Trưởng Ban Thi đua - Khen thưởng tỉnh Hải Dương"
    )
    page.get_by_role("button", name="Lưu thông tin biên bản").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã lưu thông tin biên bản")
    count = page.locator("#hall-count-form")
    # Nine ballots issued and received: one invalid, one blank, seven naming a province.
    for label, value in (
        ("Số phiếu phát ra", "9"),
        ("Số phiếu thu vào", "9"),
        ("Số phiếu không hợp lệ", "1"),
        ("Số phiếu trắng", "1"),
    ):
        count.get_by_label(label).fill(value)
    count.locator("#id_valid").fill("8")  # its label is part of "Số phiếu không hợp lệ"
    members = year.memberships.select_related("unit")
    votes = {"Hưng Yên": "6", "Quảng Ninh": "1"}
    for membership in members:
        name = membership.unit.name
        count.get_by_label(f"Số phiếu của {name}").fill(votes.get(name, "0"))
    _fits_a_phone(page)
    count.get_by_role("button", name="Lưu kết quả kiểm phiếu").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã lưu kết quả kiểm phiếu")
    ballot_round = BallotRound.objects.get(year=year, kind="head")
    assert (ballot_round.hall_issued, ballot_round.hall_received) == (9, 9)
    page.get_by_role("button", name="Kết thúc và kiểm phiếu").click()
    _confirm(page, "Kết thúc bỏ phiếu")
    expect(page.get_by_test_id("round-state")).to_have_text("Đã kết thúc")
    expect(page.get_by_test_id("tally").locator("tr", has_text="Hưng Yên")).to_contain_text(
        "Trúng cử"
    )
    _fits_a_phone(page)
    response = page.request.get(f"{round_url}bien-ban.pdf")
    assert response.headers["content-type"] == "application/pdf"
    with pdfplumber.open(io.BytesIO(response.body())) as pdf:
        minutes = " ".join(" ".join((p.extract_text() or "") for p in pdf.pages).split())
    assert "Số phiếu phát ra: 9 phiếu; số phiếu thu vào: 9 phiếu." in minutes
    assert "Số phiếu hợp lệ: 8 phiếu; số phiếu không hợp lệ: 1 phiếu" in minutes
    assert "số phiếu trắng (không chọn đơn vị nào): 1 phiếu" in minutes
    assert "Nguyễn Văn Kiểm" in minutes

    # 7. Closing: refused while blockers remain, each listed; no button to press.
    close_url = f"{base}/khep-lai/"
    page.goto(f"{base}/")
    page.get_by_test_id("year-close-link").click()
    expect(page).to_have_url(close_url)
    blockers = page.get_by_test_id("close-blockers")
    expect(blockers).to_contain_text("Bảng điểm của Vĩnh Phúc chưa hoàn tất")
    expect(blockers).to_contain_text("Bảng điểm của Bắc Ninh chưa hoàn tất")
    expect(blockers).not_to_contain_text("Bảng điểm của Nam Định")
    expect(blockers).to_contain_text("Chưa nhập quyết định khen thưởng của năm.")
    expect(page.get_by_role("button", name="Khép lại năm thi đua")).to_have_count(0)
    _fits_a_phone(page)
    #    A closing sent anyway (a page left open from before) is refused too.
    token = page.locator("input[name=csrfmiddlewaretoken]").first.input_value()
    response = page.request.post(
        close_url,
        form={"csrfmiddlewaretoken": token},
        headers={"Referer": close_url},
        max_redirects=0,
    )
    assert response.status == 302 and response.headers["location"] == close_url.removeprefix(
        live_server.url
    )
    page.goto(close_url)
    expect(page.locator(".alert-danger", has_text="còn việc chưa xong")).to_be_visible()
    year.refresh_from_db()
    assert year.phase == EmulationYear.Phase.CONFERENCE

    #    Vĩnh Phúc will not answer; then every sheet is finalised.
    _as(page, sign_in, "vinhphuc")
    page.goto(vinh_phuc_sheet)
    page.get_by_role("button", name="Không giải trình").click()
    _confirm(page)
    expect(page.get_by_test_id("reply-state")).to_contain_text("Đơn vị không giải trình")
    _as(page, sign_in, SECRETARIAT)
    for membership in members:
        if membership.unit.slug != "nam-dinh":
            _finalise(page, f"{base}/cham-diem/{membership.unit.slug}/")
    assert not Assessment.objects.filter(year=year).exclude(state="finalised").exists()
    page.goto(f"{base}/xep-hang/")  # the ranking of nine final sheets, on a phone too
    expect(page.get_by_test_id("ranking").locator("tbody tr")).to_have_count(9)
    _fits_a_phone(page)
    pending.refresh_from_db()
    assert pending.outcome == Adjustment.Outcome.KEPT

    #    The head province's award decision.
    page.goto(f"{base}/khen-thuong/quyet-dinh/moi/")
    page.get_by_label("Người, cơ quan ban hành").fill("Chủ tịch Ủy ban nhân dân tỉnh Hải Dương")
    page.get_by_label("Số quyết định").fill("215/QĐ-UBND")
    page.get_by_label("Ngày ký").fill("18/03/2020")
    page.get_by_label("Địa danh").fill("Hải Dương")
    page.get_by_label("Chức vụ người ký").fill("CHỦ TỊCH")
    page.get_by_label("Họ tên người ký").fill("Nguyễn Văn Chủ Tịch")
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator(".alert-success")).to_be_visible()
    assert Decision.objects.filter(year=year, number="215/QĐ-UBND").exists()

    #    Nothing blocks now; the warnings (campaign reports not in) are confirmed, then closed.
    page.goto(close_url)
    expect(page.get_by_test_id("close-blockers")).to_have_count(0)
    expect(page.get_by_test_id("close-warnings")).to_contain_text("chưa đơn vị nào báo cáo")
    page.get_by_role("button", name="Khép lại năm thi đua").click()
    _confirm(page, "Khép lại năm")
    # The warnings were not ticked as seen: refused next to the box.
    expect(page.locator("#year-close-form")).to_contain_text("Hãy xác nhận đã xem các cảnh báo.")
    year.refresh_from_db()
    assert year.phase == EmulationYear.Phase.CONFERENCE
    page.get_by_label("Tôi đã xem các cảnh báo trên và vẫn khép lại năm thi đua").check()
    page.get_by_role("button", name="Khép lại năm thi đua").click()
    _confirm(page, "Khép lại năm")
    expect(page).to_have_url(f"{live_server.url}{CLUSTER}/2020/")
    expect(page.locator(".alert-success")).to_contain_text("Đã khép lại năm 2019")
    year.refresh_from_db()
    assert year.phase == EmulationYear.Phase.CLOSED
    following = EmulationYear.objects.get(cluster=year.cluster, year=2020)
    head = following.memberships.get(role=Membership.Role.HEAD)
    assert head.unit.name == "Hưng Yên"  # elected by the hall's count
    assert re.search(r"Hưng Yên.*Cụm trưởng", page.get_by_test_id("members").inner_text(), re.S)
