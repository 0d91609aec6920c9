"""The score sheet's criteria as the compact's appendix (campaigns asks, scoring answers)."""

import io
from decimal import Decimal as D

import pytest
from django.core.management import call_command
from pypdf import PdfReader

from campaigns.appendix import appendix_for
from tests.scoring.builders import make_sheet

pytestmark = pytest.mark.django_db


def test_appendix_rows_follow_the_tree_with_section_maxima(world):
    make_sheet(world.year)
    rows = {row.code: row for row in appendix_for(world.year)}
    assert list(rows)[:3] == ["I", "I.1", "I.2"]
    assert rows["I"].max_points == D("30") and rows["I"].kind == ""
    assert rows["II"].max_points == D("15")  # the section's cap
    assert rows["IV.1"].kind == "Điểm trừ"


def test_bonus_and_deduction_maxima_carry_their_signs(world):
    make_sheet(world.year)  # III: bonus III.1 +5; IV: deduction IV.1 −5
    rows = {row.code: row for row in appendix_for(world.year)}
    assert (rows["III"].max_points, rows["III"].kind) == (D("5"), "Điểm thưởng")
    assert rows["III.1"].max_points == D("5")
    assert (rows["IV"].max_points, rows["IV"].kind) == (D("-5"), "Điểm trừ")
    assert rows["IV.1"].max_points == D("-5")


def test_the_demo_compact_of_2019_carries_the_criteria(tmp_path):
    call_command("loaddemo")
    output = tmp_path / "giao-uoc-2019.pdf"
    call_command("export_compact", "dong-bang-song-hong", "2019", "-o", str(output))
    text = " ".join(
        page.extract_text() for page in PdfReader(io.BytesIO(output.read_bytes())).pages
    )
    text = " ".join(text.split())
    assert "PHỤ LỤC" in text.upper()
    assert "Tốc độ tăng trưởng GRDP đạt hoặc vượt kế hoạch" in text
