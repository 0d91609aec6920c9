"""Wording from the data (issue 11, item 4): a block (khối) of three ministries whose pages,
e-mails and documents never speak of a "Cụm", a "tỉnh" or an "Ủy ban nhân dân", and the five
centrally-run cities whose documents name their People's Committees and localities right."""

from __future__ import annotations

import io
import re
from collections import deque

import pdfplumber
import pytest
from django.core import mail

from awards.models import AwardType
from campaigns.documents import signature_blocks
from campaigns.models import Covenant
from clusters.models import UnitKindWording, User
from config.dossier import dossier_files
from tests.wording.builders import build_block, build_cities, vote_and_decide

pytestmark = pytest.mark.django_db

# Wrong in a khối of ministries. "cụm, khối" names both kinds (a page of several clusters).
FORBIDDEN = re.compile(
    r"\bcụm\b(?!, khối)|\btỉnh\b(?!, bộ, ngành)|ủy ban nhân dân|uỷ ban nhân dân", re.I
)
# The product's own name ("Cụm thi đua", the application) in the page title, the navigation bar
# and e-mails' subject prefix and footer: a name, not a word about this cluster.
BRAND = re.compile(
    r"<title>.*?</title>|<a class=\"navbar-brand\"[^>]*>[^<]*</a>|\[Cụm thi đua\]"
    r"|ứng dụng Cụm thi đua",
    re.S,
)
# Not this change's to correct, and reported: the level of a campaign in the campaign set-up
# (campaigns.Campaign.Level "province" is labelled "Tỉnh"; a ministry launches campaigns too).
ELSEWHERE = re.compile(r'<option value="province">Tỉnh</option>')
HREF = re.compile(r'href="(/[^"#?]*)"')
NOT_PAGES = re.compile(
    r"/static/|/media/|/quan-tri/|/admin/|\.pdf$|/tai-ve|/xuat|/pdf/|/excel|/dang-xuat|/logout"
)


def _not_ours() -> list[str]:
    """The national catalogue's awards no ministry grants: the award statistics list every award
    type, zeros included (reported to that page's owner), and no decision of the block names
    them (the issuer check)."""
    return list(
        AwardType.objects.exclude(issuer_kinds__kind="agency").values_list("name", flat=True)
    )


def _wrong_words(text: str, catalogue: list[str] = ()) -> list[str]:
    text = ELSEWHERE.sub("", BRAND.sub("", text))
    for name in catalogue:
        text = text.replace(f"<td>{name}</td>", "")
    return sorted({text[max(0, m.start() - 40) : m.end() + 40] for m in FORBIDDEN.finditer(text)})


def _crawl(app, user: User, starts: list[str], limit: int = 150) -> dict[str, str]:
    """Every page the officer reaches by links from `starts` (as tests/test_demo_crawl.py does):
    url → HTML."""
    seen, queue, pages = set(starts), deque(starts), {}
    while queue and len(pages) < limit:
        url = queue.popleft()
        page = app.get(url, user=user, expect_errors=True)
        assert page.status_code in (200, 302, 403, 404), f"{user} GET {url}: {page.status_code}"
        if page.status_code != 200 or "html" not in page.content_type:
            continue
        pages[url] = page.text
        for link in HREF.findall(page.text):
            if link not in seen and not NOT_PAGES.search(link):
                seen.add(link)
                queue.append(link)
    return pages


def _pdf_text(content: bytes) -> str:
    with pdfplumber.open(io.BytesIO(content)) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


def _flat(text: str) -> str:
    """One line: a date line or a name wraps in its column."""
    return " ".join(text.split())


def _blocks(year) -> list[tuple[list[str], list[str]]]:
    """The compact's signature blocks as computed (three to a row, they interleave in a PDF's
    text): (authority lines, title lines)."""
    blocks = signature_blocks(Covenant.objects.get(year=year))
    return [(block.authority, block.titles) for block in blocks]


def _documents(year) -> dict[str, str]:
    """Every PDF of the year's dossier (compact, report, minutes, letter, decision,
    certificates) as pdfplumber reads it."""
    return {f.path: _pdf_text(f.render()) for f in dossier_files(year) if f.path.endswith(".pdf")}


def test_a_block_of_ministries_never_speaks_of_a_cum_a_tinh_or_a_peoples_committee(
    django_app, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # the notices' e-mails go out
        built, flag = build_block()
        vote_and_decide(built, flag, "bang-khen-bo-truong")
    year = built.year
    base = f"/c/{built.cluster.slug}/"

    pages: dict[str, str] = {}
    # The rounds page and the activity log too: no link of the year's page leads there in
    # every phase, and they name the rounds and the leaders' changes.
    starts = ["/", base, f"{base}{year.year}/", f"{base}{year.year}/bo-phieu/"]
    starts.append(f"{base}{year.year}/nhat-ky/")
    # Each officer's own pages: the secretariat's carry forms that a member's do not.
    for officer in built.officers:
        crawled = _crawl(django_app, officer, starts)
        pages.update({f"{officer.username} {url}": text for url, text in crawled.items()})
    assert len(pages) >= 20, sorted(pages)
    assert f"{built.officers[0].username} {base}{year.year}/bo-phieu/" in pages
    catalogue = _not_ours()
    wrong = {url: words for url, text in pages.items() if (words := _wrong_words(text, catalogue))}
    assert not wrong, wrong
    # The pages speak of the block's own leaders.
    assert any("Khối trưởng" in text for text in pages.values())

    assert mail.outbox, "the year's notices were sent"
    for message in mail.outbox:
        parts = [a[0] for a in getattr(message, "alternatives", [])]
        text = " ".join([message.subject, message.body, *parts])
        assert not _wrong_words(text), (message.subject, _wrong_words(text))

    documents = _documents(year)
    kinds = {path.split("/")[0] for path in documents}
    assert {"giao-uoc", "bao-cao", "bien-ban", "to-trinh", "quyet-dinh", "bang-khen"} <= kinds
    for path, text in documents.items():
        assert not _wrong_words(text), (path, _wrong_words(text))
    # Each ministry signs under its name, a deputy minister on behalf of the minister.
    assert _blocks(year) == [
        (["BỘ NỘI VỤ"], ["KT. BỘ TRƯỞNG", "THỨ TRƯỞNG"]),
        (["BỘ TÀI CHÍNH"], ["KT. BỘ TRƯỞNG", "THỨ TRƯỞNG"]),
        (["BỘ TƯ PHÁP"], ["BỘ TRƯỞNG"]),
    ]
    compact = _flat(next(t for p, t in documents.items() if p.startswith("giao-uoc")))
    assert compact.count("KT. BỘ TRƯỞNG") == 2 and "TM. BỘ" not in compact
    decision = _flat(next(t for p, t in documents.items() if p.startswith("quyet-dinh")))
    # The minister's decision, dated from the capital, not from "Bộ Nội vụ".
    assert "Hà Nội, ngày 20 tháng 3 năm 2025" in decision
    assert "BỘ TRƯỞNG BỘ NỘI VỤ" in decision and "Bằng khen của Bộ trưởng" in decision
    minutes = _flat(next(t for p, t in documents.items() if p.startswith("bien-ban")))
    assert "Hà Nội, ngày" in minutes and "Bộ Nội vụ, ngày" not in minutes
    report = _flat(next(t for p, t in documents.items() if p.startswith("bao-cao")))
    assert "Hà Nội, ngày 20 tháng 3 năm 2025" in report
    assert "Các bộ, ngành thành viên Khối" in report and "KHỐI TRƯỞNG" in report


def test_five_cities_name_their_peoples_committees_and_localities():
    built, flag = build_cities()
    vote_and_decide(built, flag, "bang-khen-chu-tich-ubnd-thanh-pho")
    documents = {path: _flat(text) for path, text in _documents(built.year).items()}
    everything = "\n".join(documents.values())
    assert "THÀNH PHỐ TP" not in everything and "TỈNH" not in everything
    authorities = [authority for authority, _titles in _blocks(built.year)]
    assert authorities[:2] == [
        ["TM. ỦY BAN NHÂN DÂN", "THÀNH PHỐ HÀ NỘI"],
        ["TM. ỦY BAN NHÂN DÂN", "THÀNH PHỐ HỒ CHÍ MINH"],
    ]
    assert all(titles == ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"] for _a, titles in _blocks(built.year))
    compact = next(text for path, text in documents.items() if path.startswith("giao-uoc"))
    assert compact.count("TM. ỦY BAN NHÂN") == 5 and compact.count("KT. CHỦ TỊCH") == 5
    decision = next(text for path, text in documents.items() if path.startswith("quyet-dinh"))
    assert decision.startswith(
        "ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM THÀNH PHỐ HÀ NỘI"
    )
    assert "Hà Nội, ngày 20 tháng 3 năm 2025" in decision
    assert "Bằng khen của Chủ tịch Ủy ban nhân dân thành phố" in decision
    report = next(text for path, text in documents.items() if path.startswith("bao-cao"))
    assert "Các thành phố thành viên Cụm" in report and "Các tỉnh" not in report


def test_the_place_is_the_hosts_locality_an_administrator_sets():
    built, _flag = build_cities()
    built.year.host_unit = built.units[1]  # TP Hồ Chí Minh hosts this time
    built.year.save()
    documents = {path: _flat(text) for path, text in _documents(built.year).items()}
    report = next(text for path, text in documents.items() if path.startswith("bao-cao"))
    assert "Thành phố Hồ Chí Minh, ngày 20 tháng 3 năm" in report  # the number wraps in between


def test_an_administrators_correction_of_a_kind_reaches_the_documents_not_a_signed_one():
    built, _flag = build_block()
    signed = next(t for p, t in _documents(built.year).items() if p.startswith("giao-uoc"))
    row = UnitKindWording.objects.get(kind="agency")
    row.on_behalf = "TL."
    row.save()
    assert _blocks(built.year)[0] == (["BỘ NỘI VỤ"], ["TL. BỘ TRƯỞNG", "THỨ TRƯỞNG"])
    # The signed compact was stored once: it keeps the words it was signed with.
    again = next(t for p, t in _documents(built.year).items() if p.startswith("giao-uoc"))
    assert again == signed and "KT. BỘ TRƯỞNG" in _flat(again)
