"""The conference record and the conference report (HTML and PDF, one template)."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from pypdf import PdfReader

from campaigns.models import Conference, ConferenceGuest

pytestmark = pytest.mark.django_db


def _url(world, name):
    return reverse(name, args=[world.cluster.slug, world.year.year])


def _pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def _post(**overrides):
    data = {
        "conference_date": "20/03/2019",
        "conference_place": "tỉnh Hà Nam",
        "chair": "Chủ tịch UBND tỉnh Hà Nam",
        "agenda": "Tổng kết",
        "shortcomings": "Báo cáo còn chậm",
        "guests-TOTAL_FORMS": "1",
        "guests-INITIAL_FORMS": "0",
        "guests-MIN_NUM_FORMS": "0",
        "guests-MAX_NUM_FORMS": "1000",
        "guests-0-full_name": "Đặng Thị Ngọc Thịnh",
        "guests-0-title": "Phó Chủ tịch nước",
        "guests-0-position": "1",
    }
    data.update(overrides)
    return data


def test_secretariat_records_the_conference_with_its_guests(world, as_persona):
    response = as_persona("secretariat").post(_url(world, "campaigns:conference_edit"), _post())
    assert response.status_code == 302
    world.year.refresh_from_db()
    assert str(world.year.conference_date) == "2019-03-20"
    assert Conference.objects.get().chair == "Chủ tịch UBND tỉnh Hà Nam"
    page = as_persona("viewer").get(_url(world, "campaigns:conference")).text
    assert "Đặng Thị Ngọc Thịnh" in page and "Phó Chủ tịch nước" in page


def test_a_bad_guest_row_saves_nothing(world, as_persona):
    response = as_persona("secretariat").post(
        _url(world, "campaigns:conference_edit"), _post(**{"guests-0-full_name": ""})
    )
    assert response.status_code == 200 and "Có lỗi trong biểu mẫu, chưa lưu gì." in response.text
    world.year.refresh_from_db()
    assert world.year.conference_date is None
    assert not Conference.objects.exists() and not ConferenceGuest.objects.exists()


def test_a_closed_year_refuses_the_conference_edit(world, as_persona):
    world.year.phase = "closed"
    world.year.save()
    response = as_persona("secretariat").post(
        _url(world, "campaigns:conference_edit"), _post(), follow=True
    )
    assert "không thể sửa đổi" in response.text
    assert not Conference.objects.exists()


def test_narrative_markup_is_printed_as_text_in_the_page_and_the_pdf(world, as_persona):
    script = "<script>alert('x')</script> <b>đậm</b>"
    as_persona("secretariat").post(
        _url(world, "campaigns:conference_edit"), _post(shortcomings=script)
    )
    page = as_persona("own").get(_url(world, "campaigns:report")).text
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &lt;b&gt;đậm&lt;/b&gt;" in page
    pdf = as_persona("own").get(_url(world, "campaigns:report_pdf"))
    assert "<script>alert('x')</script> <b>đậm</b>" in _pdf_text(pdf.content)


def test_a_year_with_no_data_yet_renders_with_its_empty_sections_marked(world, as_persona):
    response = as_persona("own").get(_url(world, "campaigns:report_pdf"))
    assert response["Content-Type"] == "application/pdf"
    text = _pdf_text(response.content)
    assert "BÁO CÁO" in text and "DỰ THẢO" in text  # the year is open: a draft
    for empty in (
        "Chưa có thông tin hội nghị tổng kết.",
        "Chưa có kết quả chấm điểm.",
        "Chưa có vòng bỏ phiếu nào kết thúc.",
        "Chưa có quyết định khen thưởng nào được ghi nhận.",
        "Chưa suy tôn Cụm trưởng, Cụm phó năm 2019.",
    ):
        assert empty in text


def test_export_report_of_the_demo_holds_the_ranking_and_the_elected_head(tmp_path):
    call_command("loaddemo")
    output = tmp_path / "bao-cao-2018.pdf"
    call_command("export_report", "dong-bang-song-hong", "2018", "-o", str(output))
    reader = PdfReader(io.BytesIO(output.read_bytes()))
    assert all(round(float(p.mediabox.width)) == 595 for p in reader.pages)
    text = _pdf_text(output.read_bytes())
    assert "Tổng kết công tác thi đua, khen thưởng năm 2018" in text
    assert "1 Hà Nam 28,80" in text  # rank 1 with its section I subtotal
    assert "Hội nghị suy tôn Hải Dương là Cụm trưởng; Hưng Yên, Quảng Ninh là Cụm phó" in text
    assert "Đặng Thị Ngọc Thịnh" in text and "Trần Thị Hà" in text
    assert "7 tập thể và 15 cá nhân" in text
    assert "DỰ THẢO" not in text  # 2018 is closed: the report is final


def test_the_report_reads_the_conference_record_once(world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from campaigns.report import report_context

    Conference.objects.create(year=world.year, chair="Chủ tịch UBND tỉnh Hà Nam")
    with CaptureQueriesContext(connection) as queries:
        report_context(world.year)
    reads = [q["sql"] for q in queries if 'FROM "campaigns_conference"' in q["sql"]]
    assert len(reads) == 1
