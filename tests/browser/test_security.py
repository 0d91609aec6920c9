"""Under the strict Content-Security-Policy the app's own script (static/js/app.js) still asks
before a destructive form is sent and still switches language on a choice; the browser reports
any violation (the `page` fixture of conftest.py fails the test on one)."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

YEAR_2019 = "/c/dong-bang-song-hong/2019/"
CLOSE_QUESTION = "Khép lại năm thi đua? Mọi dữ liệu của năm sẽ bị khóa."


def test_the_browser_reports_what_the_policy_blocks(live_server, page, csp_violations, db):
    """The shared fixture is not blind: an inline style and an inline script are reported."""
    page.goto(f"{live_server.url}/dang-nhap/")
    page.evaluate(
        """() => {
        document.body.insertAdjacentHTML("beforeend", '<p style="color: red">x</p>');
        const script = document.createElement("script");
        script.textContent = "window.ran = true";
        document.body.append(script);
    }"""
    )
    expect(page.locator("p", has_text="x")).to_have_count(1)
    assert page.evaluate("() => window.ran === undefined")
    page.wait_for_timeout(200)
    assert any("style-src" in text for text in csp_violations), csp_violations
    assert any("script-src" in text for text in csp_violations), csp_violations
    csp_violations.clear()


def test_the_language_selector_switches_on_a_choice(demo, sign_in, live_server, page):
    page.goto(f"{live_server.url}/dang-nhap/")
    page.get_by_label("Ngôn ngữ").select_option("en")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()
    page.get_by_label("Language").select_option("vi")
    expect(page.locator("html")).to_have_attribute("lang", "vi")

    page.goto(f"{live_server.url}{YEAR_2019}")
    sign_in("namdinh")
    page.get_by_label("Ngôn ngữ").select_option("en")
    expect(page).to_have_url(f"{live_server.url}{YEAR_2019}")
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def test_closing_the_year_asks_first_and_cancel_sends_nothing(demo, sign_in, live_server, page):
    sign_in("haiduong")
    page.goto(f"{live_server.url}{YEAR_2019}")
    posts: list[str] = []
    page.on("request", lambda r: posts.append(r.url) if r.method == "POST" else None)
    questions: list[str] = []

    def dismiss(dialog):
        questions.append(dialog.message)
        dialog.dismiss()

    page.once("dialog", dismiss)
    page.get_by_role("button", name="Khép lại năm thi đua").click()
    page.wait_for_timeout(300)
    assert questions == [CLOSE_QUESTION]
    assert posts == []
    expect(page).to_have_url(f"{live_server.url}{YEAR_2019}")

    page.once("dialog", lambda dialog: dialog.accept())
    with page.expect_request(lambda r: r.method == "POST" and r.url.endswith("/khep-lai/")) as sent:
        page.get_by_role("button", name="Khép lại năm thi đua").click()
    assert sent.value.url.startswith(f"{live_server.url}{YEAR_2019}")
