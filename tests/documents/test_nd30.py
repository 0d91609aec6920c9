"""Every document the app prints, read back and measured against Nghị định 30/2020, Phụ lục I
(tests/documents/nd30.py): page size and margins, the motto block and its rule, the number and
the date line, "Nơi nhận" and its list, page numbers from page 2, no page that holds only the
signatures. The checker is first shown to catch each rule broken."""

from __future__ import annotations

import datetime

from django.template import Context, Template

from clusters.documents import DocumentHeader
from tests.documents.nd30 import problems

HEADER = DocumentHeader(
    issuer="Cụm thi đua các tỉnh Đồng bằng sông Hồng",
    place="Hà Nam",
    date=datetime.date(2019, 3, 20),
    number="Số: 05/TTr-CTĐ",
)
BODY = "<p>Nội dung văn bản.</p>" * 3


def _document(body: str, closing_css: str = "", list_css: str = "") -> bytes:
    """A letter built from the real base template, with one rule broken by an inline style."""
    source = (
        '{% extends "documents/base.html" %}{% block content %}'
        '<div class="doc-title">Tờ trình</div><div class="doc-subtitle">Về việc thử</div>'
        '<div class="doc-body">' + body + "</div>"
        f'<table class="closing-blocks" style="{closing_css}"><tr><td class="recipients">'
        '<div class="label">Nơi nhận:</div>'
        f'<ul style="{list_css}"><li>Như trên;</li><li>Lưu: VT.</li></ul></td>'
        '<td class="signature"><div class="authority">TM. CỤM</div>'
        '<div class="space"></div><div class="name">Trần Thị Hằng</div></td></tr></table>'
        "{% endblock %}"
    )
    html = Template(source).render(Context({"header": HEADER}))
    from weasyprint import HTML

    from clusters.documents.pdf import BASE_URL, _fetcher

    return HTML(string=html, base_url=BASE_URL, url_fetcher=_fetcher()).write_pdf()


def test_a_letter_that_keeps_the_rules_passes():
    assert problems(_document(BODY)) == []


def test_the_checker_sees_a_nơi_nhận_list_in_12_pt():
    assert "the “Nơi nhận” list is not upright 11 pt" in problems(
        _document(BODY, list_css="font-size: 12pt")
    )


def test_the_checker_sees_a_page_with_only_the_signatures():
    found = problems(_document(BODY, closing_css="break-before: page"))
    assert "page 2 holds only the signatures and “Nơi nhận”" in found


def test_the_checker_sees_text_in_the_left_margin():
    found = problems(_document('<p style="margin-left: -20mm">Lề trái.</p>' + BODY))
    assert any("outside the margins" in problem for problem in found)
