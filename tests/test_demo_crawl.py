"""The demo, visited as its people would: every page of each year reached from the dashboard by
its links, and every form on each page sent as it was rendered.

The rendered-form rule of tests/test_rendered_forms.py, over real data (a signed compact, nine
sheets, closed rounds, a decision with 22 recipients): sent as rendered, a form is saved or
refused with its reason in the form; no page and no form answers with a server error.
"""

from __future__ import annotations

import re
from collections import deque

import pytest
from django.core.management import call_command

from clusters.models import User
from tests.test_rendered_forms import ERROR_MARKS, _has_inputs, _page_forms

pytestmark = pytest.mark.django_db

CLUSTER = "/c/dong-bang-song-hong/"
HREF = re.compile(r'href="(/[^"#?]*)"')
# Links that leave the page's world or cannot be followed as a page.
# Forms that change nothing of the year, offered on a closed year too (tests/dossier sends it).
# A ballot receipt is checked against a closed round's bulletin: a read sent by POST.
CHANGE_NOTHING = {"dossier-request-form", "receipt-check-form"}
# Publishing a closed year's results (and withdrawing them) changes only what the public page
# shows, never the year's own records; tests/public send those forms.
CHANGE_NOTHING |= {"publish-form", "unpublish-form"}
NOT_PAGES = re.compile(r"/static/|/media/|/quan-tri/|\.pdf$|/tai-ve|/xuat|/pdf/|/excel")


def _crawl(django_app, user: User, start: str, limit: int = 120) -> tuple[int, int]:
    seen, queue, pages, forms = {start}, deque([start]), 0, 0
    while queue and pages < limit:
        url = queue.popleft()
        page = django_app.get(url, user=user, expect_errors=True)
        assert page.status_code in (200, 302, 403, 404), f"{user} GET {url}: {page.status_code}"
        if page.status_code != 200 or "html" not in page.content_type:
            continue
        pages += 1
        for link in HREF.findall(page.text):
            if link.startswith(start) and link not in seen and not NOT_PAGES.search(link):
                seen.add(link)
                queue.append(link)
        for key, rendered in _page_forms(page):
            form = django_app.get(url, user=user).forms.get(key)
            if form is None or form.action != rendered.action:
                continue
            if form.id in CHANGE_NOTHING:
                continue
            forms += 1
            response = form.submit(user=user, expect_errors=True)
            where = f"{user} {url} form {form.id or key} → {form.action or url}"
            assert response.status_code in (200, 302, 403, 409), f"{where}: {response.status_code}"
            if response.status_code == 200 and _has_inputs(form):
                html = re.findall(r"<form\b.*?</form>", response.text, re.S)
                assert any(ERROR_MARKS.search(part) for part in html), (
                    f"{where}: sent as rendered, neither saved nor refused with a reason"
                )
    return pages, forms


def test_the_demo_years_as_their_people_visit_them(django_app):
    call_command("loaddemo")
    for username, year in [
        ("haiduong", 2019),  # the 2019 secretariat, in its open year
        ("namdinh", 2019),  # a member's officer
    ]:
        user = User.objects.get(username=username)
        pages, forms = _crawl(django_app, user, f"{CLUSTER}{year}/")
        assert pages >= 8 and forms >= 1, f"{username} {year}: {pages} pages, {forms} forms"
    # The closed 2018, as its secretariat reads it: every page opens, none offers a change.
    pages, forms = _crawl(django_app, User.objects.get(username="hanam"), f"{CLUSTER}2018/")
    assert pages >= 30 and forms == 0, f"hanam 2018: {pages} pages, {forms} forms"
