"""The compact as a PDF, read back: format, names, diacritics, font, watermark, appendix."""

import dataclasses
import io
import shutil
import subprocess
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings
from django.urls import reverse
from pypdf import PdfReader

from campaigns import services
from campaigns.appendix import AppendixRow
from campaigns.models import Covenant, CovenantClause
from clusters.models import Unit
from config.year import FLOW
from tests.campaigns import helpers
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
A4_POINTS = (595.28, 841.89)


def _pdf(client, world, version=1) -> tuple[PdfReader, str]:
    url = reverse("campaigns:covenant_pdf", args=[world.cluster.slug, world.year.year, version])
    response = client.get(url)
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.getvalue()))  # stored: a FileResponse
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    return reader, text


def _fonts(reader: PdfReader) -> set[str]:
    return {
        str(font.get_object()["/BaseFont"])
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }


def two_criteria(year):
    """A score sheet's criteria, as the scoring app would give them."""
    return [
        AppendixRow("I.1", "Tổ chức phong trào thi đua", Decimal("10"), "Điểm chuẩn"),
        AppendixRow("II.2", "Sáng kiến được công nhận", Decimal("2.5"), "Điểm thưởng"),
    ]


# The year's flow with that appendix, for override_settings(YEAR_FLOW=...).
FLOW_WITH_TWO_CRITERIA = dataclasses.replace(FLOW, compact_appendix=(two_criteria,))


@pytest.fixture
def criteria():
    with override_settings(YEAR_FLOW="tests.campaigns.test_compact.FLOW_WITH_TWO_CRITERIA"):
        yield


def test_signed_compact_reads_back_with_every_member_and_no_watermark(world, as_persona):
    helpers.representatives(world)
    helpers.signed_covenant(world)
    reader, text = _pdf(as_persona("viewer"), world)
    for page in reader.pages:
        assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(
            A4_POINTS, abs=1
        )
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert "GIAO ƯỚC THI ĐUA NĂM 2018" in text
    assert "CỤM THI ĐUA CÁC TỈNH ĐỒNG BẰNG SÔNG HỒNG" in text
    assert "Hà Nam, ngày 20 tháng 3 năm 2019" in text
    assert "Điều 1. Điều khoản gốc về thi đua." in text
    for unit in ("Hà Nam", "Hải Dương", "Nam Định", "Thái Bình"):
        assert f"TỈNH {unit.upper()}" in text
        assert f"Người ký {unit}" in text  # the signed name, not the representative's
    assert text.count("TM. ỦY BAN NHÂN DÂN") == 4
    assert "KT. CHỦ TỊCH" in text and "PHÓ CHỦ TỊCH" in text
    assert "DỰ THẢO" not in text
    assert "Không có phụ lục" in text
    assert _fonts(reader) and all("Tinos" in name for name in _fonts(reader))


def test_a_draft_carries_the_watermark_and_the_representatives(world, as_persona):
    helpers.representatives(world)
    helpers.covenant(world)
    _, text = _pdf(as_persona("own"), world)
    assert "DỰ THẢO" in text
    for unit in ("Hà Nam", "Hải Dương", "Nam Định", "Thái Bình"):
        assert f"Đại diện {unit}" in text


def test_the_appendix_comes_from_the_flows_provider(world, as_persona, criteria):
    helpers.covenant(world)
    _, text = _pdf(as_persona("own"), world)
    # Nghị định 30/2020: "Phụ lục", its title in capitals, then what it is attached to.
    assert "Phụ lục" in text and "BẢNG TIÊU CHÍ CHẤM ĐIỂM THI ĐUA NĂM" in text
    assert "(Kèm theo Giao ước thi đua năm" in text
    assert "Tổ chức phong trào thi đua" in text and "Sáng kiến được công nhận" in text
    assert "2,5" in text and "Điểm thưởng" in text
    assert "Không có phụ lục" not in text


def test_the_appendix_is_frozen_when_the_last_member_signs(world, as_persona, criteria):
    covenant = helpers.covenant(world, Covenant.State.OPEN)
    hai_duong = Unit.objects.get(slug="hai-duong")
    for unit in [world.ha_nam, world.nam_dinh, world.thai_binh, hai_duong]:
        services.covenant_sign(
            covenant=covenant,
            unit=unit,
            actor=UserFactory(unit=unit),
            full_name="Người ký",
            title="Chủ tịch UBND tỉnh",
            signed_on=helpers.SIGNING_DAY,
        )
    covenant.refresh_from_db()
    assert covenant.state == "signed" and len(covenant.appendix_snapshot) == 2
    with override_settings(YEAR_FLOW="config.year.FLOW"):  # the sheet changes (or goes) later
        _, text = _pdf(as_persona("own"), world)
    assert "Sáng kiến được công nhận" in text and "Không có phụ lục" not in text


def test_an_amendment_leaves_the_signed_version_unchanged(world, as_persona):
    helpers.signed_covenant(world)
    secretariat = as_persona("secretariat")
    secretariat.post(reverse("campaigns:covenant_amend", args=[world.cluster.slug, 2018]))
    CovenantClause.objects.filter(covenant__version=2, number=1).update(
        content="Điều khoản đã sửa đổi."
    )
    _, signed_text = _pdf(secretariat, world, version=1)
    _, amended_text = _pdf(secretariat, world, version=2)
    assert "Điều khoản gốc về thi đua." in signed_text and "DỰ THẢO" not in signed_text
    assert "Điều khoản đã sửa đổi." in amended_text and "DỰ THẢO" in amended_text
    assert "Sửa đổi lần 1" in amended_text


def test_the_html_page_has_the_same_content(world, as_persona):
    helpers.signed_covenant(world)
    url = reverse("campaigns:covenant_document", args=[world.cluster.slug, 2018, 1])
    html = as_persona("other").get(url).content.decode()
    assert "documents/document.css" in html and "Điều khoản gốc về thi đua." in html
    assert html.count('<td class="signature') == 4 and 'class="watermark"' not in html


def test_export_compact_writes_the_signed_demo_compact(tmp_path):
    call_command("loaddemo")
    out = io.StringIO()
    path = tmp_path / "giao-uoc.pdf"
    call_command("export_compact", "dong-bang-song-hong", "2019", "-o", str(path), stdout=out)
    assert "9 chữ ký" in out.getvalue()
    reader = PdfReader(str(path))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert "GIAO ƯỚC THI ĐUA NĂM 2019" in text and "DỰ THẢO" not in text
    assert "Hà Nam, ngày 20 tháng 3 năm 2019" in text
    assert text.count("TM. ỦY BAN NHÂN DÂN") == 9
    for name in ("Lê Văn Dũng", "Đặng Văn Nam", "Đỗ Văn Phúc", "Hoàng Văn Quang"):
        assert name in text
    assert text.count("(tên mẫu)") == 9
    if shutil.which("pdffonts"):
        listing = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True).stdout
        tinos = [line for line in listing.splitlines() if "Tinos" in line]
        assert tinos and all(" yes " in line for line in tinos)


def test_export_compact_refuses_a_year_without_covenant(world, tmp_path):
    with pytest.raises(CommandError, match="chưa có giao ước"):
        call_command("export_compact", world.cluster.slug, "2018", "-o", str(tmp_path / "x.pdf"))
    assert not (tmp_path / "x.pdf").exists()


def test_a_signed_compact_keeps_its_signatories_when_members_change(world, as_persona):
    from clusters.models import Membership

    helpers.representatives(world)
    helpers.signed_covenant(world)
    Membership.objects.filter(year=world.year, unit=world.thai_binh).delete()
    Membership.objects.create(
        year=world.year, unit=Unit.objects.create(name="Ninh Bình", slug="nb")
    )
    _reader, text = _pdf(as_persona("viewer"), world)
    assert "Người ký Thái Bình" in text
    assert "NINH BÌNH" not in text
    assert text.count("TM. ỦY BAN NHÂN DÂN") == 4
