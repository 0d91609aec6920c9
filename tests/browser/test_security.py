"""Under the strict Content-Security-Policy the app's own script (static/js/app.js) still
switches language on a choice (its confirmation dialog: test_confirm_dialog.py); the browser
reports any violation (the `page` fixture of conftest.py fails the test on one)."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

YEAR_2019 = "/c/dong-bang-song-hong/2019/"


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

    sign_in("namdinh")
    page.goto(f"{live_server.url}{YEAR_2019}")
    page.get_by_label("Ngôn ngữ").select_option("en")
    expect(page).to_have_url(f"{live_server.url}{YEAR_2019}")
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
