"""The award decision (Quyết định khen thưởng) as a PDF in the format of Nghị định 30/2020, read
back with pdfplumber: page size, header, articles, closing, the attached list, fonts."""

from __future__ import annotations

import io

import pdfplumber
import pytest
from django.contrib.messages import get_messages
from django.core.management import call_command
from django.urls import reverse

from awards import demo as awards_demo
from awards.decision_documents import decision_context, issuer_of
from awards.models import Decision
from clusters.models import User
from tests.awards.helpers import make_decision, make_recipient, url

pytestmark = pytest.mark.django_db
A4_PORTRAIT = (595.28, 841.89)


def _pages(response) -> list:
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/pdf"
    pdf = pdfplumber.open(io.BytesIO(response.getvalue()))  # stored: a FileResponse
    return pdf.pages


def _text(pages) -> str:
    return "\n".join(page.extract_text() or "" for page in pages)


def _flat(text: str) -> str:
    return " ".join(text.split())


def _watermarked(pages) -> bool:
    """The draft's watermark: large letters, drawn at an angle on every page."""
    big = [
        "".join(c["text"] for c in page.chars if c["size"] > 50).replace(" ", "") for page in pages
    ]
    return all(sorted(letters) == sorted("DỰTHẢO") for letters in big)


def _demo_decision() -> Decision:
    call_command("loaddemo")
    return Decision.objects.get(
        year__cluster__slug="dong-bang-song-hong", year__year=2018, number=awards_demo.NUMBER
    )


def test_the_demo_decision_prints_in_the_nd30_format_with_its_22_recipients(client):
    decision = _demo_decision()
    year = decision.year
    client.force_login(User.objects.get(username="hanam"))
    response = client.get(
        reverse("awards:decision_document", args=[year.cluster.slug, year.year, decision.pk])
    )
    pages = _pages(response)
    for page in pages:
        assert (round(page.width, 2), round(page.height, 2)) == A4_PORTRAIT
    text = _text(pages)
    flat = _flat(text)

    # The header: the issuing body from the unit's kind, the number, the motto, the date line.
    first = pages[0].extract_text()
    assert "ỦY BAN NHÂN DÂN" in first and "TỈNH HÀ NAM" in first
    assert "Số: 568/QĐ-UBND" in first
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in first
    assert "Độc lập - Tự do - Hạnh phúc" in first
    assert "Hà Nam, ngày 15 tháng 3 năm 2019" in first
    date_chars = [c for c in pages[0].chars if c["text"] == "H" and "Italic" in c["fontname"]]
    assert date_chars, "the place and date line is italic"

    # The decision: type, subject, the issuer's title, "Căn cứ", the articles.
    assert "QUYẾT ĐỊNH" in first
    assert "Về việc tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh" in flat
    assert "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH HÀ NAM" in flat
    # The basis in force on 15/03/2019: the 2003 law as amended, Nghị định 91/2017, Thông tư
    # 08/2017; never the 2022 law, in force from 01/01/2024.
    assert "Căn cứ Luật Thi đua, Khen thưởng số 15/2003/QH11" in flat
    assert "91/2017/NĐ-CP" in flat and "08/2017/TT-BNV" in flat
    assert "06/2022/QH15" not in flat
    assert "QUYẾT ĐỊNH:" in flat
    assert "Điều 1." in flat and "cho 7 tập thể và 15 cá nhân (có danh sách kèm theo)" in flat
    assert "Điều 2." in flat and "có hiệu lực kể từ ngày ký" in flat
    assert "Điều 3." in flat
    assert "Chánh Văn phòng Ủy ban nhân dân tỉnh, Giám đốc Sở Nội vụ" in flat
    assert "các tập thể, cá nhân có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này" in flat

    # The closing: "Nơi nhận", the signature with the decision's signer, the sample label.
    assert "Nơi nhận:" in flat and "Như Điều 3;" in flat
    assert "CHỦ TỊCH" in flat and "Trần Văn Hà" in flat
    assert "(dữ liệu mẫu)" in flat
    # A closed year's decision is final: no watermark.
    assert not any(c["size"] > 50 for page in pages for c in page.chars)

    # The attached list, on its own pages: grouped, numbered, every name.
    list_start = next(i for i, p in enumerate(pages) if "DANH SÁCH" in (p.extract_text() or ""))
    assert list_start >= 1
    listed = _flat(_text(pages[list_start:]))
    assert "(Kèm theo Quyết định số 568/QĐ-UBND ngày 15 tháng 3 năm 2019" in listed
    groups: dict[str, list[list[str]]] = {}
    current = None
    for page in pages[list_start:]:
        for table in page.extract_tables():
            for row in table:
                cells = [_flat(cell or "") for cell in row]
                if cells[0] == "TT":  # the header, repeated on each page
                    continue
                if not any(cells[1:]):
                    current = cells[0]
                    groups[current] = []
                else:
                    groups[current].append(cells)
    assert list(groups) == ["I. TẬP THỂ", "II. CÁ NHÂN"]
    collectives, individuals = groups["I. TẬP THỂ"], groups["II. CÁ NHÂN"]
    assert [r[0] for r in collectives] == [str(n) for n in range(1, 8)]
    assert [r[0] for r in individuals] == [str(n) for n in range(1, 16)]
    assert [r[1] for r in collectives] == [name for _slug, name in awards_demo.COLLECTIVES]
    assert [(r[1], r[2]) for r in individuals] == [
        (name, position) for _slug, name, position in awards_demo.INDIVIDUALS
    ]
    assert individuals[0][3] == "Ban Thi đua - Khen thưởng, Sở Nội vụ tỉnh Hà Nam"

    # The Tinos font is embedded, regular and bold.
    fonts = {c["fontname"] for page in pages for c in page.chars}
    assert fonts and all("Tinos" in f for f in fonts), fonts
    assert any("Bold" in f for f in fonts)


def test_a_decision_of_an_open_year_is_a_draft_and_the_html_preview_matches(world, as_persona):
    decision = make_decision(world.year, signer_title="KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH")
    make_recipient(decision, "Ban Thi đua - Khen thưởng tỉnh Nam Định", kind="collective")
    make_recipient(decision, "Nguyễn Văn A", position="Trưởng ban", is_sample=True)
    client = as_persona("viewer")
    pages = _pages(client.get(url("awards:decision_document", world, decision.pk)))
    assert _watermarked(pages)
    text = _flat(_text(page.filter(lambda o: o.get("size", 0) < 50) for page in pages))
    assert "cho 1 tập thể và 1 cá nhân" in text
    assert "KT. CHỦ TỊCH" in text and "PHÓ CHỦ TỊCH" in text
    # One sample among real rows: that row is labelled, the decision is not.
    assert "Nguyễn Văn A (dữ liệu mẫu)" in text
    assert text.count("(dữ liệu mẫu)") == 1
    html = client.get(url("awards:decision_document", world, decision.pk), {"format": "html"})
    assert html.status_code == 200
    assert "Nguyễn Văn A" in html.text and "Điều 3." in html.text
    assert 'class="watermark"' in html.text


def test_a_decision_without_recipients_is_refused_with_the_reason(world, as_persona):
    decision = make_decision(world.year)
    client = as_persona("secretariat")
    response = client.get(url("awards:decision_document", world, decision.pk))
    assert response.status_code == 302
    assert response["Location"] == decision.get_absolute_url()
    said = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("chưa có người được khen thưởng" in m for m in said), said
    page = client.get(decision.get_absolute_url())
    assert "Quyết định (PDF)" in page.text


def test_another_clusters_decision_is_not_found(world, as_persona):
    decision = make_decision(world.year)
    make_recipient(decision)
    response = as_persona("outsider").get(url("awards:decision_document", world, decision.pk))
    assert response.status_code == 404


def test_the_issuing_body_follows_the_unit_and_an_agency_names_itself(world):
    decision = make_decision(world.year)
    issuer = issuer_of(decision)
    assert issuer.body_lines == ["ỦY BAN NHÂN DÂN", "TỈNH HÀ NAM"]
    assert issuer.title == "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH HÀ NAM"
    assert not issuer.collective
    # The committee as a body issues: signed on its behalf (TM.).
    body = make_decision(world.year, "12/QĐ-UBND", issuer="Ủy ban nhân dân tỉnh Hà Nam")
    make_recipient(body)
    context = decision_context(body)
    assert context["authority"] == "TM. ỦY BAN NHÂN DÂN TỈNH"
    # A unit of another kind prints its own name.
    world.ha_nam.kind = world.ha_nam.Kind.AGENCY
    world.ha_nam.name = "Bộ Nội vụ"
    world.ha_nam.save()
    agency = make_decision(world.year, "3/QĐ-BNV", issuer="Bộ trưởng Bộ Nội vụ", place="Hà Nội")
    assert issuer_of(agency).body_lines == ["BỘ NỘI VỤ"]


def test_the_decision_stays_vietnamese_under_the_english_interface(world, as_persona):
    decision = make_decision(world.year)
    make_recipient(decision, "Nguyễn Văn A")
    response = as_persona("own").get(
        url("awards:decision_document", world, decision.pk),
        {"format": "html"},
        HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9",
    )
    assert response.status_code == 200
    assert "Nơi nhận:" in response.text and "II. CÁ NHÂN" not in response.text
    assert "I. CÁ NHÂN" in response.text and "Quyết định này" in response.text


def test_several_awards_are_each_counted_and_listed_under_their_own_headings(world):
    decision = make_decision(world.year)
    make_recipient(decision, "Nguyễn Văn A")
    make_recipient(
        decision, "Ban Thi đua tỉnh Nam Định", kind="collective", award_code="co-thi-dua-cap-tinh"
    )
    context = decision_context(decision)
    assert context["subject"] == (
        "Về việc tặng Cờ thi đua cấp tỉnh và Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh"
    )
    assert context["article_1"].startswith(
        "Tặng Cờ thi đua cấp tỉnh cho 1 tập thể; Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh "
        "cho 1 cá nhân (có danh sách kèm theo), đã có nhiều đóng góp tích cực"
    )
    assert [g.heading for g in context["groups"]] == [
        "I. TẬP THỂ ĐƯỢC TẶNG CỜ THI ĐUA CẤP TỈNH",
        "II. CÁ NHÂN ĐƯỢC TẶNG BẰNG KHEN CỦA CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH",
    ]
    assert [[r.number for r in g.rows] for g in context["groups"]] == [[1], [1]]
