"""The shared rendering path of official documents: format rules, fonts, no network."""

import datetime
import io
import shutil
import subprocess

import pytest
from pypdf import PdfReader

from clusters.documents import DocumentHeader, date_line, render_pdf
from clusters.documents.format import nfc
from clusters.documents.pdf import ForbiddenFetch, static_path

A4_POINTS = (595.28, 841.89)


def test_date_line_has_leading_zeros_for_days_under_ten_and_january_february():
    assert date_line("Hà Nam", datetime.date(2019, 3, 20)) == "Hà Nam, ngày 20 tháng 3 năm 2019"
    assert date_line("Hà Nam", datetime.date(2019, 3, 5)) == "Hà Nam, ngày 05 tháng 3 năm 2019"
    assert date_line("Hải Dương", datetime.date(2020, 1, 9)) == (
        "Hải Dương, ngày 09 tháng 01 năm 2020"
    )
    assert date_line("Hải Dương", datetime.date(2020, 2, 15)).endswith("15 tháng 02 năm 2020")
    assert date_line("Hà Nam", datetime.date(2020, 12, 1)).endswith("01 tháng 12 năm 2020")


def test_nfc_composes_decomposed_vietnamese():
    decomposed = "Vie\u0302\u0323t Nam"  # "ệ" typed as e + circumflex + dot below
    assert nfc(decomposed) == "Việt Nam" and len(nfc(decomposed)) == 8


def test_static_files_only_never_the_network():
    assert static_path("https://documents.invalid/static/fonts/tinos/Tinos-Regular.ttf").is_file()
    for url in (
        "https://example.com/evil.css",
        "https://documents.invalid/media/secret.pdf",
        "https://documents.invalid/static/../config/settings.py",
    ):
        with pytest.raises(ForbiddenFetch):
            static_path(url)


def _pdf(draft: bool) -> PdfReader:
    header = DocumentHeader(
        issuer="Cụm thi đua các tỉnh Đồng bằng sông Hồng",
        place="Hà Nam",
        date=datetime.date(2019, 3, 20),
        number="Số: 05/BC-CTĐ",
    )
    return PdfReader(
        io.BytesIO(render_pdf("documents/base.html", {"header": header, "draft": draft}))
    )


def _fonts(reader: PdfReader) -> set[str]:
    names = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            names.add(str(font.get_object()["/BaseFont"]))
    return names


def test_document_header_reads_back_with_diacritics_and_tinos_embedded():
    reader = _pdf(draft=True)
    page = reader.pages[0]
    assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(
        A4_POINTS, abs=1
    )
    text = " ".join(page.extract_text().split())  # lines wrap inside the header blocks
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert "Hà Nam, ngày 20 tháng 3 năm 2019" in text
    assert "CỤM THI ĐUA CÁC TỈNH ĐỒNG BẰNG SÔNG HỒNG" in text
    assert "DỰ THẢO" in text
    assert any("Tinos" in name for name in _fonts(reader))
    assert "DỰ THẢO" not in _pdf(draft=False).pages[0].extract_text()


@pytest.mark.skipif(not shutil.which("pdffonts"), reason="poppler-utils not installed")
def test_pdffonts_sees_tinos_embedded(tmp_path):
    path = tmp_path / "doc.pdf"
    header = DocumentHeader(issuer="Cụm", place="Hà Nam", date=None)
    path.write_bytes(render_pdf("documents/base.html", {"header": header}))
    listing = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True).stdout
    tinos = [line for line in listing.splitlines() if "Tinos" in line]
    assert tinos and all(" yes " in line for line in tinos)  # embedded
