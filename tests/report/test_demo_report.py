"""The demo's 2018 conference report, its chart, the 2019 compact's appendix and the consolidated
scores, read back from the files (pdfplumber, openpyxl, the SVG) as a Văn phòng would file them."""

import datetime
import io
import re
import xml.etree.ElementTree as ET

import pdfplumber
import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from awards.models import Proposal
from campaigns.demo import CONGRESS_TASK
from clusters.models import EmulationYear, User
from scoring.report import ranking_chart

pytestmark = pytest.mark.django_db

CONFERENCE_DAY = datetime.date(2019, 3, 20)
# The article's sentence of guests, and its words for the Vice President's title.
DELEGATIONS = (
    "đại diện Văn phòng Chủ tịch nước; lãnh đạo tỉnh, Sở Nội vụ, Ban TĐKT 9 tỉnh trong Cụm"
)
THINH = (
    "Đặng Thị Ngọc Thịnh, Ủy viên Trung ương Đảng, Phó Chủ tịch nước Cộng hòa XHCN Việt Nam, "
    "Phó Chủ tịch thứ nhất Hội đồng thi đua khen thưởng Trung ương"
)


@pytest.fixture
def demo():
    call_command("loaddemo")
    return EmulationYear.objects.get(cluster__slug="dong-bang-song-hong", year=2018)


def _pdf_text(path) -> str:
    with pdfplumber.open(path) as pdf:
        return " ".join(" ".join((page.extract_text() or "") for page in pdf.pages).split())


def _report_text(tmp_path) -> str:
    output = tmp_path / "bao-cao-2018.pdf"
    call_command("export_report", "dong-bang-song-hong", "2018", "-o", str(output))
    return _pdf_text(output)


def _dates(text: str) -> list[datetime.date]:
    found = [
        datetime.date(int(y), int(m), int(d))
        for d, m, y in re.findall(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b", text)
    ]
    found += [
        datetime.date(int(y), int(m), int(d))
        for d, m, y in re.findall(r"ngày (\d{1,2}) tháng (\d{1,2}) năm (\d{4})", text)
    ]
    return found


def test_the_2018_report_summarises_campaigns_names_its_signer_and_keeps_to_its_date(
    demo, tmp_path
):
    # A letter dated after the conference (25/03/2019) is not in the report dated 20/03/2019.
    late = Proposal.objects.filter(year=demo).order_by("pk").first()
    Proposal.objects.filter(pk=late.pk).update(date=datetime.date(2019, 3, 25))
    text = _report_text(tmp_path)

    # The campaigns as one summary table with a count, no cells of "Chưa báo cáo".
    assert "Số đơn vị đã báo cáo 0/9 0/9 0/9 0/9" in text
    assert "Chưa báo cáo" not in text
    assert text.lower().count("chưa báo cáo") == 1  # the table's key: "— chưa báo cáo"
    # Only what is dated on or before the report's date, numbered without a gap.
    assert late.number not in text
    assert all(day <= CONFERENCE_DAY for day in _dates(text)), sorted(set(_dates(text)))[-3:]
    proposals = text.split("VI. ĐỀ NGHỊ KHEN THƯỞNG")[1].split("VII.")[0]
    assert proposals.strip().startswith("1. Tờ trình số") and "2. Tờ trình" not in proposals
    # A named signer: the head's (Hà Nam's) representative, labelled a sample name.
    closing = text.split("Nơi nhận:")[-1]
    assert "CỤM TRƯỞNG" in closing and "Trần Thị Hằng" in closing and "(tên mẫu)" in closing
    # The seed's facts, quoted as the article gives them, and samples labelled.
    assert THINH in text and DELEGATIONS in text
    assert CONGRESS_TASK in text.split("IX. PHƯƠNG HƯỚNG")[1]
    assert "Số: 05/BC-CTĐ (mẫu)" in text
    assert "(Bảng tiêu chí và điểm số là dữ liệu mẫu.)" in text


def test_the_report_page_is_the_same_summary_for_a_member(demo, client):
    client.force_login(User.objects.get(username="namdinh"))
    page = client.get(reverse("campaigns:report", args=["dong-bang-song-hong", 2018])).text
    assert 'data-testid="campaign-summary"' in page and "Chưa báo cáo" not in page
    assert DELEGATIONS in page


def test_the_chart_draws_deductions_and_whole_legend_labels(demo):
    svg = ranking_chart(demo)
    root = ET.fromstring(svg)
    ns = {"s": "http://www.w3.org/2000/svg"}
    deductions = root.findall(".//s:rect[@class='part deduction']", ns)
    assert len(deductions) == 3  # Bắc Ninh −1, Nam Định −0,5, Thái Bình −1
    # Left of the zero line: each ends where the positive parts start.
    zero = float(root.find(".//s:line[@class='zero']", ns).get("x1"))
    assert all(abs(float(r.get("x")) + float(r.get("width")) - zero) < 0.2 for r in deductions)
    labels = [t.text for t in root.findall(".//s:text", ns)]
    assert "85,3 (−1)" in labels and "86,3" in labels  # the two totals read differently
    legend = " ".join(t.text for t in root.findall(".//s:text[@class='legend']", ns))
    assert "IV. Tham gia hoạt động chung của Cụm" in legend
    assert "I. Thực hiện nhiệm vụ phát triển kinh tế - xã hội, quốc phòng, an ninh" in legend
    assert "…" not in legend


def test_the_2019_compact_appendix_signs_its_maxima_and_keeps_codes_whole(demo, tmp_path):
    output = tmp_path / "giao-uoc-2019.pdf"
    call_command("export_compact", "dong-bang-song-hong", "2019", "-o", str(output))
    with pdfplumber.open(output) as pdf:
        # The appendix's last page: the stored compact may end with its verification block.
        page = [p for p in pdf.pages if "VI.1" in (p.extract_text() or "")][-1]
        words = [w["text"] for w in page.extract_words()]
        text = " ".join(page.extract_text().split())
    assert "V Điểm thưởng +5 Điểm thưởng" in text
    assert "VI Điểm trừ −5 Điểm trừ" in text
    assert "VI.1 Chậm gửi báo cáo, hồ sơ theo quy định −5 Điểm trừ" in text
    assert "II Tổ chức các phong trào thi đua 30" in text  # a capped section: its cap
    for code in ("III.1", "III.2", "II.4", "IV.2", "VI.1"):
        assert code in words  # never split over two lines


def test_the_consolidated_workbook_explains_the_total_by_capped_subtotals(demo, client):
    url = reverse("scoring:consolidated", args=["dong-bang-song-hong", 2018])
    for username in ("lanhdao", "namdinh"):  # a viewer and a member download it
        client.force_login(User.objects.get(username=username))
        response = client.get(url)
        assert response.status_code == 200, username
    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [sheet.cell(row=3, column=c).value for c in range(1, sheet.max_column + 1)]
    assert header[:3] == ["Mã", "Tiêu chí", "Điểm tối đa"]
    units = header[3:]
    assert units[:3] == ["Hà Nam", "Hải Dương", "Bắc Ninh"] and len(units) == 9
    rows = {sheet.cell(row=r, column=1).value: r for r in range(4, sheet.max_row + 1)}
    labels = {sheet.cell(row=r, column=2).value: r for r in range(4, sheet.max_row + 1)}
    ranks = [sheet.cell(row=labels["Xếp hạng"], column=c).value for c in range(4, 13)]
    assert ranks == list(range(1, 10))  # in ranking order
    sections = ["I", "II", "III", "IV", "V", "VI"]
    for column in range(4, 13):
        subtotals = [sheet.cell(row=rows[code], column=column).value for code in sections]
        total = sheet.cell(row=labels["Tổng điểm"], column=column).value
        assert round(sum(subtotals), 2) == total
    # Hà Nam's campaign criteria sum to 30,8; the section counts 30, its cap, and says why.
    ha_nam, section = 4, rows["II"]
    leaves = [sheet.cell(row=rows[f"II.{n}"], column=ha_nam).value for n in range(1, 5)]
    assert round(sum(leaves), 2) == 30.8
    assert sheet.cell(row=section, column=ha_nam).value == 30
    assert "30,8" in sheet.cell(row=section, column=ha_nam).comment.text
    assert "(tối đa 30 điểm)" in sheet.cell(row=section, column=2).value
    assert sheet.cell(row=rows["VI.1"], column=3).value == -5
    assert sheet.cell(row=labels["Tổng điểm"], column=ha_nam).value == 86.8
