"""The public page in a phone-sized browser: every request it makes goes to this site (no CDN,
no font or script from elsewhere), it fits the screen, and its language menu works."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_the_public_page_asks_nothing_of_another_host_and_fits_a_phone(
    page, live_server, transactional_db, tmp_path
):
    call_command("loaddemo")
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.set_viewport_size({"width": 390, "height": 844})

    page.goto(f"{live_server.url}/cong-khai/dong-bang-song-hong/")
    page.get_by_role("link", name="Năm thi đua 2018").click()
    expect(page.get_by_test_id("rank-row")).to_have_count(9)
    expect(page.get_by_test_id("recipient")).to_have_count(22)
    expect(page.get_by_test_id("chart").locator("svg")).to_be_visible()
    page.screenshot(path=str(tmp_path.parent / "public-2018-phone.png"), full_page=True)
    # Nothing wider than the phone: the tables scroll in their own box, the chart scales.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    # The language menu sends itself (the site's own script) and the page comes back in English.
    page.get_by_label("Ngôn ngữ").select_option("en")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_test_id("members")).to_contain_text("Member units")

    site = urlsplit(live_server.url).netloc
    assert requested, "the browser recorded no request"
    elsewhere = [url for url in requested if urlsplit(url).netloc != site]
    assert elsewhere == [], f"requests to another host: {elsewhere}"
    assert any(url.endswith("/static/css/public.css") for url in requested)
