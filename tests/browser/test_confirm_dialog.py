"""An irreversible step asks in the app's own dialog (static/js/app.js builds it from the form's
data-confirm): the sentence says what cannot be undone; "Hủy" (or Escape) keeps the page and
sends nothing; the confirming button sends the form. Without JavaScript the form still works."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from clusters.models import EmulationYear
from scoring.models import Criterion
from tests.clusters.closing_builders import record_the_conference
from tests.personas import build_world
from tests.scoring.builders import make_sheet

pytestmark = pytest.mark.browser


@pytest.fixture
def setup_year(transactional_db):
    world = build_world()
    world.year.phase = EmulationYear.Phase.SETUP
    world.year.save()
    make_sheet(world.year)
    return world


def _posts(page) -> list[str]:
    sent: list[str] = []
    page.on("request", lambda r: sent.append(r.url) if r.method == "POST" else None)
    return sent


def test_deleting_a_criterion_asks_in_a_dialog(setup_year, sign_in, live_server):
    world = setup_year
    page = sign_in("hanam")
    url = live_server.url + reverse("scoring:criteria", args=[world.cluster.slug, 2018])
    page.goto(url)
    posts = _posts(page)
    row = page.locator("tr", has_text="Tăng trưởng kinh tế đạt kế hoạch")
    row.get_by_role("button", name="Xóa").click()

    dialog = page.get_by_role("dialog")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("Xóa tiêu chí I.1? Việc xóa không hoàn tác được.")
    expect(dialog.get_by_role("heading", name="Xác nhận")).to_be_visible()
    expect(dialog.get_by_role("button", name="Hủy")).to_be_focused()
    dialog.get_by_role("button", name="Hủy").click()
    expect(dialog).to_be_hidden()
    page.wait_for_timeout(200)
    assert posts == []
    expect(page).to_have_url(url)
    assert Criterion.objects.filter(code="I.1").exists()

    # Escape is a cancel too.
    row.get_by_role("button", name="Xóa").click()
    expect(dialog).to_be_visible()
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    page.wait_for_timeout(200)
    assert posts == [] and Criterion.objects.filter(code="I.1").exists()

    # A section says its criteria go with it.
    section = page.locator("tr", has_text="Công tác thi đua, khen thưởng").first
    section.get_by_role("button", name="Xóa").click()
    expect(dialog).to_contain_text("Xóa mục II cùng tất cả tiêu chí con của mục?")
    dialog.get_by_role("button", name="Hủy").click()

    row.get_by_role("button", name="Xóa").click()
    dialog.get_by_role("button", name="Xóa").click()
    expect(page.locator(".alert-success")).to_be_visible()
    assert len(posts) == 1 and posts[0].endswith("/xoa/")
    assert not Criterion.objects.filter(code="I.1").exists()
    assert Criterion.objects.filter(code="II.1").exists()


def test_closing_the_year_asks_then_closes(transactional_db, sign_in, live_server):
    world = build_world()
    world.year.phase = EmulationYear.Phase.CONFERENCE
    world.year.save()
    record_the_conference(world.year, world.secretariat)
    page = sign_in("hanam")
    page.goto(f"{live_server.url}/c/{world.cluster.slug}/2018/")
    page.get_by_test_id("year-close-link").click()
    expect(page.get_by_test_id("close-ready")).to_be_visible()
    page.get_by_role("button", name="Khép lại năm thi đua").click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text("Mọi dữ liệu của năm sẽ bị khóa; việc này không hoàn tác được.")
    dialog.get_by_role("button", name="Hủy").click()
    page.wait_for_timeout(200)
    world.year.refresh_from_db()
    assert not world.year.is_closed
    page.get_by_role("button", name="Khép lại năm thi đua").click()
    dialog.get_by_role("button", name="Khép lại năm").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã khép lại năm 2018")
    world.year.refresh_from_db()
    assert world.year.is_closed


def test_without_javascript_the_form_is_sent_without_the_question(setup_year, browser, live_server):
    world = setup_year
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill("hanam")
    page.get_by_label("Mật khẩu").fill("ThiDua@2018")
    page.get_by_role("button", name="Đăng nhập").click()
    page.goto(live_server.url + reverse("scoring:criteria", args=[world.cluster.slug, 2018]))
    row = page.locator("tr", has_text="Tăng trưởng kinh tế đạt kế hoạch")
    row.get_by_role("button", name="Xóa").click()
    expect(page.locator(".alert-success")).to_be_visible()
    assert not Criterion.objects.filter(code="I.1").exists()
    context.close()
