"""At 390 × 844 (a phone), no page of the year is wider than the screen: every page reached from
the year's dashboard by its links, as the secretariat and as a member, measured in the browser
(`document.documentElement.scrollWidth`), and the language menu is whole on screen."""

from __future__ import annotations

import re
from collections import deque

import pytest

pytestmark = pytest.mark.browser

WIDTH, HEIGHT = 390, 844
YEAR = "/c/dong-bang-song-hong/2019/"
# Links that are downloads or leave the year's pages (as tests/test_demo_crawl.py skips them).
NOT_PAGES = re.compile(r"/static/|/media/|/quan-tri/|\.pdf$|\.xlsx$|/tai-ve|/xuat|/pdf/|/excel")
LIMIT = 80


def _links(page) -> list[str]:
    hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))")
    return [h.split("#")[0] for h in hrefs if h and h.startswith("/")]


def _too_wide(page, sign_in, live_server, username: str) -> tuple[int, list[str]]:
    sign_in(username)
    page.set_viewport_size({"width": WIDTH, "height": HEIGHT})
    start = YEAR
    seen, queue, wide, visited = {start, "/"}, deque(["/", start]), [], 0
    while queue and visited < LIMIT:
        url = queue.popleft()
        response = page.goto(f"{live_server.url}{url}")
        if (
            response is None
            or response.status != 200
            or "html" not in response.headers.get("content-type", "")
        ):
            continue
        visited += 1
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > WIDTH:
            wide.append(f"{url}: {width}px")
        # The app's pages have the language menu, whole; a document's preview (always in
        # Vietnamese, templates/documents/) has none.
        if page.locator("nav.navbar").count():
            language = page.locator("select[name=language]").bounding_box()
            if language is None or language["x"] < 0 or language["x"] + language["width"] > WIDTH:
                wide.append(f"{url}: the language menu is cut or missing ({language})")
        for link in _links(page):
            if link.startswith(start) and link not in seen and not NOT_PAGES.search(link):
                seen.add(link)
                queue.append(link)
    return visited, wide


@pytest.mark.parametrize("username", ["haiduong", "namdinh"])
def test_no_page_of_the_year_is_wider_than_a_phone(demo, page, sign_in, live_server, username):
    visited, wide = _too_wide(page, sign_in, live_server, username)
    assert visited >= 10, f"{username}: only {visited} pages reached"
    assert wide == [], f"{username}: pages wider than {WIDTH}px: {wide}"
