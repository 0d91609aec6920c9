"""Certificates of merit as PDF, read back with pypdf: pages, size, text, fonts."""

import io

import pytest
from django.core.management import CommandError, call_command
from pypdf import PdfReader

from tests.awards.helpers import make_decision, make_recipient, url

pytestmark = pytest.mark.django_db
A4_LANDSCAPE = (841.89, 595.28)


def _fonts(reader: PdfReader) -> set[str]:
    return {
        str(font.get_object()["/BaseFont"])
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }


def _text(page) -> str:
    return " ".join(page.extract_text().split())


def _decision_with(world, n_people: int, n_groups: int):
    decision = make_decision(world.year, signer_title="KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH")
    for i in range(n_groups):
        make_recipient(
            decision, f"Ban Thi đua - Khen thưởng số {i + 1}", kind="collective", organisation=""
        )
    for i in range(n_people):
        make_recipient(decision, f"Đặng Thị Ngọc {i + 1}", position="Phó Trưởng ban")
    return decision


def test_one_page_per_recipient_a4_landscape_with_exact_vietnamese(world, as_persona):
    decision = _decision_with(world, n_people=3, n_groups=2)
    response = as_persona("viewer").get(url("awards:decision_certificates", world, decision.pk))
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) == 5
    for page in reader.pages:
        size = (float(page.mediabox.width), float(page.mediabox.height))
        assert size == pytest.approx(A4_LANDSCAPE, abs=1)
    first, last = _text(reader.pages[0]), _text(reader.pages[-1])
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in first
    assert "Độc lập - Tự do - Hạnh phúc" in first
    assert "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH HÀ NAM" in first
    assert "TẶNG BẰNG KHEN" in first
    assert "Ban Thi đua - Khen thưởng số 1" in first
    assert "Đặng Thị Ngọc 3" in last
    assert "Phó Trưởng ban, Sở Nội vụ tỉnh Nam Định" in last
    assert "Đã có nhiều đóng góp tích cực trong hoạt động của Cụm năm 2018" in last
    assert "Quyết định số 568/QĐ-UBND ngày 15/03/2019" in last
    assert "Hà Nam, ngày 15 tháng 3 năm 2019" in last
    assert "KT. CHỦ TỊCH PHÓ CHỦ TỊCH" in last and "Trần Văn Hà" in last
    assert "Dữ liệu mẫu" not in last  # a real decision carries no sample line
    assert any("Tinos" in name for name in _fonts(reader))


def test_one_recipient_one_page_with_their_own_achievement(world, as_persona):
    decision = make_decision(world.year, is_sample=True)
    person = make_recipient(
        decision, "Nguyễn Văn Ánh", achievement="Đã hoàn thành xuất sắc nhiệm vụ"
    )
    make_recipient(decision, "Người khác")
    response = as_persona("own").get(
        url("awards:recipient_certificate", world, decision.pk, person.pk)
    )
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) == 1
    text = _text(reader.pages[0])
    assert "Nguyễn Văn Ánh" in text and "Đã hoàn thành xuất sắc nhiệm vụ" in text
    assert "Người khác" not in text
    assert "Dữ liệu mẫu minh họa" in text  # sample data says so on the certificate


def test_a_decision_without_recipients_has_no_certificates(world, as_persona):
    decision = make_decision(world.year)
    response = as_persona("own").get(
        url("awards:decision_certificates", world, decision.pk), follow=True
    )
    assert "Quyết định chưa có người được khen thưởng." in response.text


def test_export_certificates_command_writes_every_certificate_of_the_year(world, tmp_path):
    first = _decision_with(world, n_people=2, n_groups=1)
    second = make_decision(world.year, number="700/QĐ-UBND")
    make_recipient(second, "Lê Văn Đông")
    make_recipient(make_decision(world.other_year), "Người cụm khác")
    target = tmp_path / "bang-khen.pdf"
    out = io.StringIO()
    call_command("export_certificates", world.cluster.slug, "2018", "-o", str(target), stdout=out)
    reader = PdfReader(str(target))
    assert len(reader.pages) == 4
    texts = [_text(page) for page in reader.pages]
    assert "Lê Văn Đông" in " ".join(texts) and "Người cụm khác" not in " ".join(texts)
    assert "Đã ghi 4 bằng khen của 2 quyết định" in out.getvalue()
    assert first.recipients.count() == 3


def test_export_certificates_refuses_unknown_years_and_empty_years(world, tmp_path):
    target = tmp_path / "x.pdf"
    with pytest.raises(CommandError, match="Không có năm thi đua 2017"):
        call_command("export_certificates", world.cluster.slug, "2017", "-o", str(target))
    with pytest.raises(CommandError, match="chưa có ai được khen"):
        call_command("export_certificates", world.cluster.slug, "2018", "-o", str(target))
    make_recipient(make_decision(world.year))
    with pytest.raises(CommandError, match="Không ghi được tệp"):
        call_command(
            "export_certificates", world.cluster.slug, "2018", "-o", str(tmp_path / "no" / "x.pdf")
        )
    assert not target.exists()
