"""Certificates of merit on the official model (400 × 300 mm), on pre-printed blanks and the
calibration sheet, read back with pypdf: pages, size, text, fonts, and where each text sits."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from pypdf import PdfReader

from awards.certificates import (
    DEFAULT_LAYOUT,
    FIELDS,
    LAYOUTS,
    TEMPLATE,
    WIDTH_MARGIN,
    Box,
    CertificateRefused,
    award_title,
    certificates_context,
    certificates_for,
    check_inside_sheet,
    fit,
    printer_offset,
    text_width_mm,
)
from awards.models import Decision, Recipient
from clusters.documents.pdf import render_pdf_html
from tests.awards.helpers import make_decision, make_recipient, url
from tests.campaigns.pages import form_with

pytestmark = pytest.mark.django_db
SHEET_POINTS = (1133.86, 850.39)  # 400 × 300 mm
PX_MM = 25.4 / 96
LONG_NAME = "Ban Thi đua - Khen thưởng và Văn phòng Ủy ban nhân dân tỉnh Bà Rịa - Vũng Tàu mới"
IMPOSSIBLE_NAME = "Tập thể " + "Phòng Tổng hợp Văn phòng Ủy ban nhân dân tỉnh " * 4


def _fonts(reader: PdfReader) -> set[str]:
    return {
        str(font.get_object()["/BaseFont"])
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }


def _text(page) -> str:
    return " ".join(page.extract_text().split())


def _multiply(a, b):
    """PDF matrices [a b c d e f]: a × b."""
    return [
        a[0] * b[0] + a[1] * b[2],
        a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2],
        a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4],
        a[4] * b[1] + a[5] * b[3] + b[5],
    ]


def _runs(page) -> list[tuple[str, float, float, float]]:
    """Each text run as (text, x mm from the left, baseline mm from the top, size pt)."""
    height = float(page.mediabox.height)
    runs = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            m = _multiply(tm, cm)
            x_mm = m[4] * 25.4 / 72
            top_mm = (height - m[5]) * 25.4 / 72
            runs.append((text.strip(), x_mm, top_mm, size * abs(m[3])))

    page.extract_text(visitor_text=visit)
    return runs


def _assert_inside(run, box: Box, *, bold: bool, slack: float = 0.5) -> None:
    text, x, baseline, size = run
    width = text_width_mm(text, size, bold=bold) / WIDTH_MARGIN
    assert box.x - slack <= x and x + width <= box.x + box.width + slack, (text, x, width, box)
    assert box.y <= baseline <= box.y + box.height + slack, (text, baseline, box)


def _decision_with(world, n_people: int, n_groups: int):
    decision = make_decision(world.year, signer_title="KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH")
    for i in range(n_groups):
        make_recipient(
            decision, f"Ban Thi đua - Khen thưởng số {i + 1}", kind="collective", organisation=""
        )
    for i in range(n_people):
        make_recipient(decision, f"Đặng Thị Ngọc {i + 1}", position="Phó Trưởng ban")
    return decision


# --- fitting, without a PDF ------------------------------------------------------------------


def test_a_short_name_keeps_the_largest_size_and_a_long_one_steps_down():
    box = DEFAULT_LAYOUT.boxes["name"]
    short = fit("name", "Lê Văn Đông", box)
    assert short.size_pt == box.max_pt and short.lines == ["Lê Văn Đông"]
    long = fit("name", LONG_NAME, box)
    assert box.min_pt <= long.size_pt < box.max_pt
    assert text_width_mm(LONG_NAME, long.size_pt, bold=True) <= box.width
    with pytest.raises(CertificateRefused, match="quá dài cho ô “Họ tên / tên tập thể”"):
        fit("name", IMPOSSIBLE_NAME, box)


def test_an_achievement_wraps_within_its_lines_and_height():
    box = DEFAULT_LAYOUT.boxes["achievement"]
    text = "Đã có thành tích xuất sắc trong phong trào thi đua yêu nước năm 2018, " * 3
    fitted = fit("achievement", text, box)
    assert 1 < len(fitted.lines) <= box.max_lines
    assert len(fitted.lines) * fitted.line_height_mm <= box.height + 1e-6
    for line in fitted.lines:
        assert text_width_mm(line, fitted.size_pt, italic=True) <= box.width


def test_every_layout_in_the_table_lies_inside_the_sheet():
    for layout in LAYOUTS.values():
        check_inside_sheet(layout)
        assert set(layout.boxes) <= set(FIELDS)
    with pytest.raises(CertificateRefused, match="nằm ngoài tờ bằng"):
        check_inside_sheet(DEFAULT_LAYOUT, 0, 20)  # the signer's name would leave the sheet


def test_award_title_keeps_the_catalogue_letters():
    assert award_title("TẶNG BẰNG KHEN", "Bằng khen của Chủ tịch UBND tỉnh") == "Bằng khen"
    assert (
        award_title("TẶNG CỜ THI ĐUA CỦA CHÍNH PHỦ", "Cờ thi đua của Chính phủ")
        == "Cờ thi đua của Chính phủ"
    )


def test_printer_offsets_from_settings_or_asked_and_refused_beyond_20_mm(settings):
    settings.CERTIFICATE_PRINTER_OFFSETS = {"default": (1.0, -0.5), "Canon tầng 2": (2, 3)}
    assert printer_offset() == (1.0, -0.5)
    assert printer_offset("Canon tầng 2") == (2.0, 3.0)
    assert printer_offset("", "1,5", "-2") == (1.5, -2.0)
    for bad in ("25", "nan", "abc", "-20.5"):
        with pytest.raises(CertificateRefused, match="từ -20 đến 20"):
            printer_offset("", bad, None)


# --- the demo decision: 22 certificates -------------------------------------------------------


def test_demo_decision_full_model_blanks_and_calibration_sheet(client):
    call_command("loaddemo")
    decision = Decision.objects.get()
    client.force_login(get_user_model().objects.get(username="namdinh"))
    names = list(decision.recipients.order_by("order", "pk").values_list("name", flat=True))
    assert len(names) == 22
    page = client.get(decision.get_absolute_url()).text  # the three prints are linked
    for link in ("bang-khen.pdf", "bang-khen-phoi.pdf", "can-chinh-phoi.pdf"):
        assert decision.get_absolute_url() + link in page

    full = PdfReader(io.BytesIO(client.get(decision.get_absolute_url() + "bang-khen.pdf").content))
    assert len(full.pages) == 22
    for number, (reader_page, name) in enumerate(zip(full.pages, names, strict=True), start=1):
        size = (float(reader_page.mediabox.width), float(reader_page.mediabox.height))
        assert size == pytest.approx(SHEET_POINTS, abs=0.1)
        text = _text(reader_page)
        assert name in text and "Bằng khen" in text and "Tặng" in text
        assert "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH HÀ NAM" in text
        assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
        assert "Quyết định số" in text and f"Số sổ vàng: {number}" in text
        assert "Hà Nam, ngày" in text
    assert any("Tinos" in font for font in _fonts(full))

    response = client.get(decision.get_absolute_url() + "bang-khen-phoi.pdf?dx=2&dy=-3")
    assert response["Content-Type"] == "application/pdf"
    blank = PdfReader(io.BytesIO(response.content))
    assert len(blank.pages) == 22
    box = DEFAULT_LAYOUT.boxes["name"].moved(2, -3)
    for reader_page, name in zip(blank.pages, names, strict=True):
        size = (float(reader_page.mediabox.width), float(reader_page.mediabox.height))
        assert size == pytest.approx(SHEET_POINTS, abs=0.1)
        text = _text(reader_page)
        assert name in text and "Số sổ vàng" in text and "Trần Văn Hà" in text
        for fixed in ("Bằng khen", "Tặng", "CỘNG HÒA", "ỦY BAN NHÂN DÂN TỈNH HÀ NAM"):
            assert fixed not in text  # the blank carries them
        [run] = [run for run in _runs(reader_page) if run[0] == name]
        _assert_inside(run, box, bold=True)

    calibration = client.get(decision.get_absolute_url() + "can-chinh-phoi.pdf")
    assert calibration["Content-Type"] == "application/pdf"
    sheet = PdfReader(io.BytesIO(calibration.content))
    assert len(sheet.pages) == 1
    size = (float(sheet.pages[0].mediabox.width), float(sheet.pages[0].mediabox.height))
    assert size == pytest.approx(SHEET_POINTS, abs=0.1)
    text = _text(sheet.pages[0])
    assert "Tờ căn chỉnh" in text
    for label in ("Họ tên / tên tập thể", "Thành tích", "Số sổ vàng", "Họ tên người ký"):
        assert label in text
    assert "x 40, y 134, 320 × 16 mm" in text
    assert "Quốc huy (in sẵn trên phôi)" in text and "Chỗ ký, đóng dấu (35 mm)" in text


# --- the model on any decision ---------------------------------------------------------------


def test_one_page_per_recipient_on_the_model_with_exact_vietnamese(world, as_persona):
    decision = _decision_with(world, n_people=3, n_groups=2)
    response = as_persona("viewer").get(url("awards:decision_certificates", world, decision.pk))
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) == 5
    for page in reader.pages:
        size = (float(page.mediabox.width), float(page.mediabox.height))
        assert size == pytest.approx(SHEET_POINTS, abs=0.1)
    first, last = _text(reader.pages[0]), _text(reader.pages[-1])
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in first
    assert "Độc lập - Tự do - Hạnh phúc" in first
    assert "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH HÀ NAM" in first
    assert "Tặng" in first and "Bằng khen" in first
    assert "Ban Thi đua - Khen thưởng số 1" in first
    assert "Số sổ vàng: 1" in first and "Số sổ vàng: 5" in last
    assert "Đặng Thị Ngọc 3" in last
    assert "Phó Trưởng ban, Sở Nội vụ tỉnh Nam Định" in last
    assert "Đã có nhiều đóng góp tích cực trong hoạt động của Cụm năm 2018" in last
    assert "Quyết định số 568/QĐ-UBND ngày 15/03/2019" in last
    assert "Hà Nam, ngày 15 tháng 3 năm 2019" in last
    assert "KT. CHỦ TỊCH PHÓ CHỦ TỊCH" in last and "Trần Văn Hà" in last
    assert "Dữ liệu mẫu" not in last  # a real decision carries no sample line
    assert any("Tinos" in name for name in _fonts(reader))


def test_a_very_long_name_steps_down_and_stays_in_its_box(world, as_persona):
    decision = make_decision(world.year)
    make_recipient(decision, LONG_NAME, kind="collective", organisation="")
    client = as_persona("own")
    box = DEFAULT_LAYOUT.boxes["name"]
    for name in ("awards:decision_certificates", "awards:decision_certificates_blank"):
        pdf = PdfReader(io.BytesIO(client.get(url(name, world, decision.pk)).content))
        [run] = [run for run in _runs(pdf.pages[0]) if run[0] == LONG_NAME]
        assert run[3] < box.max_pt - 0.1  # smaller than a short name's size
        _assert_inside(run, box, bold=True)


def test_fields_take_their_place_from_one_rule_per_place_and_size(world):
    """WeasyPrint parses each style attribute apart (a fifth of a certificate's render when
    every field had one): the batch's fields share one rule per place and size instead."""
    decision = make_decision(world.year)
    make_recipient(decision, "Lê Văn Đông")
    make_recipient(decision, "Lê Văn Tây")
    make_recipient(decision, LONG_NAME, kind="collective", organisation="")
    recipients = Recipient.objects.filter(decision=decision)
    certificates = certificates_for(list(recipients.select_related("award_type", "decision")))
    html = render_pdf_html(TEMPLATE, certificates_context(certificates, title="Bằng khen"))
    sheets = html.split('<section class="bk-sheet')[1:]
    assert len(sheets) == 3 and not any(" style=" in sheet for sheet in sheets)
    names = [next(f for f in c.fields if f.key == "name") for c in certificates]
    assert names[0].place_class == names[1].place_class != names[2].place_class
    for field in names:
        assert html.count(f".{field.place_class} {{ {field.css} }}") == 1
        assert field.place_class in sheets[names.index(field)]


def test_a_print_is_made_once_per_version_of_the_data_and_offset(world, django_app, monkeypatch):
    """The prints made in the request are drafts like the other documents: downloading again
    serves the cached bytes, a recipient edited on their page makes the next print anew, and a
    printer offset is a print of its own."""
    from awards import views

    made = []
    for name in ("render_certificates", "render_certificates_on_blanks"):
        real = getattr(views, name)
        monkeypatch.setattr(views, name, lambda *a, real=real, **k: made.append(1) or real(*a, **k))
    decision = make_decision(world.year)
    recipient = make_recipient(decision, "Lê Văn Đông")
    full = url("awards:decision_certificates", world, decision.pk)
    first = django_app.get(full, user=world.viewer)
    with CaptureQueriesContext(connection) as queries:
        second = django_app.get(full, user=world.secretariat)
    assert second.body == first.body and len(made) == 1
    # Served from the cache: the recipients are counted, never read.
    reads = [q["sql"] for q in queries if 'FROM "awards_recipient"' in q["sql"]]
    assert reads and all("COUNT(" in sql for sql in reads)

    page = django_app.get(
        url("awards:recipient_edit", world, decision.pk, recipient.pk), user=world.secretariat
    )
    form = form_with(page, "name")
    form["name"] = "Lê Văn Tây"
    form.submit().follow()
    again = django_app.get(full, user=world.viewer)
    assert len(made) == 2 and "Lê Văn Tây" in _text(PdfReader(io.BytesIO(again.body)).pages[0])

    blank = url("awards:decision_certificates_blank", world, decision.pk)
    for query in ("", "?dx=1.5", "?dx=1.5", ""):
        django_app.get(blank + query, user=world.viewer)
    assert len(made) == 4  # one print per offset


def test_a_name_too_long_for_any_size_is_refused_with_a_message(world, as_persona):
    decision = make_decision(world.year)
    make_recipient(decision, IMPOSSIBLE_NAME.strip()[:200], kind="collective", organisation="")
    client = as_persona("own")
    for name in ("awards:decision_certificates", "awards:decision_certificates_blank"):
        response = client.get(url(name, world, decision.pk), follow=True)
        assert response["Content-Type"].startswith("text/html")
        assert "quá dài cho ô “Họ tên / tên tập thể”" in response.text
        assert "kể cả ở cỡ chữ nhỏ nhất 16 pt" in response.text


def test_an_offset_that_pushes_a_box_off_the_sheet_is_refused(world, as_persona):
    decision = make_decision(world.year)
    make_recipient(decision, "Lê Văn Đông")
    client = as_persona("own")
    for name in ("awards:decision_certificates_blank", "awards:decision_certificate_calibration"):
        response = client.get(url(name, world, decision.pk) + "?dx=20", follow=True)
        assert "nằm ngoài tờ bằng 400 × 300 mm" in response.text
        response = client.get(url(name, world, decision.pk) + "?dy=abc", follow=True)
        assert "phải là số mm từ -20 đến 20" in response.text


def test_another_clusters_certificates_answer_404(world, as_persona):
    decision = make_decision(world.year)
    make_recipient(decision, "Lê Văn Đông")
    client = as_persona("outsider")
    for name in (
        "awards:decision_certificates",
        "awards:decision_certificates_blank",
        "awards:decision_certificate_calibration",
    ):
        assert client.get(url(name, world, decision.pk)).status_code == 404


def test_one_recipient_one_page_with_their_own_achievement(world, as_persona):
    decision = make_decision(world.year, is_sample=True)
    make_recipient(decision, "Người khác")
    person = make_recipient(
        decision, "Nguyễn Văn Ánh", achievement="Đã hoàn thành xuất sắc nhiệm vụ"
    )
    response = as_persona("own").get(
        url("awards:recipient_certificate", world, decision.pk, person.pk)
    )
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) == 1
    text = _text(reader.pages[0])
    assert "Nguyễn Văn Ánh" in text and "Đã hoàn thành xuất sắc nhiệm vụ" in text
    assert "Người khác" not in text
    assert "Số sổ vàng: 2" in text  # its place in the decision, not in this print
    assert "Dữ liệu mẫu minh họa" in text  # sample data says so on the certificate


def test_a_decision_without_recipients_has_no_certificates(world, as_persona):
    decision = make_decision(world.year)
    client = as_persona("own")
    for name in ("awards:decision_certificates", "awards:decision_certificates_blank"):
        response = client.get(url(name, world, decision.pk), follow=True)
        assert "Quyết định chưa có người được khen thưởng." in response.text
    # The calibration sheet needs no recipient: the issuer's default layout.
    response = client.get(url("awards:decision_certificate_calibration", world, decision.pk))
    assert response["Content-Type"] == "application/pdf"


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
