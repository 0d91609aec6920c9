"""Units and accounts from an Excel sheet: checked cell by cell, all or nothing; and exported."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook
from webtest import Upload

from clusters.models import Unit, User

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_codes_in_the_world(world):
    """The personas' units get sequence codes ("01"…) that would clash with the cities'."""
    Unit.objects.update(admin_code="")


UNIT_HEADER = [
    "Mã định danh",
    "Tên đơn vị",
    "Loại",
    "Mã hành chính",
    "Hiệu lực từ",
    "Hiệu lực đến",
    "Tên đầy đủ trên văn bản",
]
ACCOUNT_HEADER = ["Tên đăng nhập", "Họ và tên", "E-mail", "Đơn vị (mã định danh)", "Vai trò"]
CITIES = [
    ["", "Hà Nội", "Thành phố trực thuộc Trung ương", "01", "", "", "thành phố Hà Nội"],
    ["", "TP Hồ Chí Minh", "city", "79", "", ""],
    ["", "Hải Phòng", "thanh pho truc thuoc trung uong", "31", "", ""],
    ["", "Đà Nẵng", "city", "48", "", ""],
    ["", "Cần Thơ", "city", "92", "", ""],
]


def _workbook(units, accounts=()) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Đơn vị"
    sheet.append(UNIT_HEADER)
    for row in units:
        sheet.append(row)
    people = book.create_sheet("Tài khoản")
    people.append(ACCOUNT_HEADER)
    for row in accounts:
        people.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _upload(world, django_app, data: bytes):
    form = django_app.get(reverse("setup:bulk_import"), user=world.admin).forms["import-form"]
    form["file"] = Upload("don-vi.xlsx", data)
    return form.submit()


def test_the_five_cities_and_their_officers_are_imported(
    world, django_app, smtp_server, django_capture_on_commit_callbacks
):
    accounts = [["hanoi", "Nguyễn Văn Hà", "hanoi@example.vn", "ha-noi", "Cán bộ đơn vị"]]
    with django_capture_on_commit_callbacks(execute=True):
        page = _upload(world, django_app, _workbook(CITIES, accounts)).follow()
    assert "Đã nhập 5 đơn vị và 1 tài khoản" in page.text
    slugs = set(Unit.objects.filter(kind="city").values_list("slug", flat=True))
    assert Unit.objects.get(slug="ha-noi").full_name == "thành phố Hà Nội"
    assert slugs == {"ha-noi", "tp-ho-chi-minh", "hai-phong", "da-nang", "can-tho"}
    person = User.objects.get(username="hanoi")
    assert person.unit.slug == "ha-noi" and not person.has_usable_password()
    assert [m["To"] for m in smtp_server.messages] == ["hanoi@example.vn"]


def test_one_bad_row_refuses_the_whole_file_with_row_and_column(world, django_app):
    rows = [*CITIES, ["", "Huế", "thành phố lạ", "46", "31/02/2025", ""]]
    accounts = [
        ["danang", "Trần Đà", "khong-phai-email", "da-nang", "staff"],
        ["canbo", "Lê Cần", "", "khong-co", "staff"],
    ]
    page = _upload(world, django_app, _workbook(rows, accounts))
    problems = page.html.select_one("[data-testid=import-problems]").get_text(" ", strip=True)
    assert "Trang “Đơn vị”, dòng 7, cột C (Loại): Loại không hợp lệ: thành phố lạ." in problems
    assert "dòng 7, cột E (Hiệu lực từ): Ngày phải viết theo dạng dd/mm/yyyy." in problems
    assert "Trang “Tài khoản”, dòng 2, cột C (E-mail): Địa chỉ e-mail không hợp lệ." in problems
    assert "dòng 3, cột D (Đơn vị (mã định danh)): Không có đơn vị mã khong-co." in problems
    assert not Unit.objects.filter(slug="ha-noi").exists()
    assert not User.objects.filter(username__in=["danang", "canbo"]).exists()


def test_a_row_the_database_refuses_undoes_the_rows_before_it(world, django_app):
    world.nam_dinh.admin_code = "36"
    world.nam_dinh.save()
    rows = [*CITIES, ["", "Tỉnh Trùng Mã", "province", "36", "", ""]]
    page = _upload(world, django_app, _workbook(rows))
    problems = page.html.select_one("[data-testid=import-problems]").get_text(" ", strip=True)
    assert "dòng 7" in problems and "Mã hành chính 36" in problems
    assert not Unit.objects.filter(slug="ha-noi").exists()


def test_a_file_that_is_no_workbook_is_refused(world, django_app):
    page = _upload(world, django_app, b"not a workbook")
    assert "không phải bảng tính Excel" in page.text


def test_the_export_imports_back_unchanged(world, django_app):
    world.nam_dinh.valid_to = datetime.date(2025, 6, 30)
    world.nam_dinh.save()
    response = django_app.get(reverse("setup:bulk_export"), user=world.admin)
    book = load_workbook(io.BytesIO(response.body))
    units = {row[0]: row for row in book["Đơn vị"].iter_rows(min_row=2, values_only=True)}
    code = world.nam_dinh.admin_code
    assert units["nam-dinh"][1:6] == ("Nam Định", "Tỉnh", code, None, "30/06/2025")
    people = {row[0]: row for row in book["Tài khoản"].iter_rows(min_row=2, values_only=True)}
    assert people["namdinh"][3] == "nam-dinh"
    before = list(Unit.objects.order_by("pk").values())
    page = _upload(world, django_app, response.body)
    page = page.follow()
    assert "Đã nhập" in page.text
    assert list(Unit.objects.order_by("pk").values()) == before


def test_text_that_looks_like_a_formula_is_exported_as_text(world, django_app):
    world.nam_dinh.name = '=HYPERLINK("http://x")'
    world.nam_dinh.save()
    response = django_app.get(reverse("setup:bulk_export"), user=world.admin)
    book = load_workbook(io.BytesIO(response.body))
    cells = [row[1] for row in book["Đơn vị"].iter_rows(min_row=2)]
    cell = next(c for c in cells if str(c.value).startswith("="))
    assert cell.data_type == "s"
