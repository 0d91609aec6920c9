"""A real installation from an empty database: `manage.py setup` creates the administrator, who
sets up the five centrally-run cities' cluster and its 2024 year in the app and invites one
officer per city; each officer sets their password from the link in the e-mail (read from the
test's SMTP server); Hà Nội's officer, the year's secretariat, sets roles and peer reviewers and
drafts the compact, whose PDF names the five as cities."""

import io
import re
import time

import pdfplumber
import pytest
from django.core.management import call_command

from clusters.models import EmulationYear, Membership, Unit, User
from scoring.models import ReviewAssignment

pytestmark = pytest.mark.browser

ADMIN_PASSWORD = "Quan-tri-vien-2024!"
OFFICER_PASSWORD = "Can-bo-thanh-pho-2024!"
CITIES = [
    ("Hà Nội", "01", "hanoi"),
    ("TP Hồ Chí Minh", "79", "hcm"),
    ("Hải Phòng", "31", "haiphong"),
    ("Đà Nẵng", "48", "danang"),
    ("Cần Thơ", "92", "cantho"),
]
CLUSTER = "Cụm thi đua các thành phố trực thuộc Trung ương"
LINK = re.compile(r"https://thidua\.example\.vn(/\S+)")


def _pdf_text(content: bytes) -> str:
    """The PDF's text on one line, without a draft's large diagonal mark ("DỰ THẢO"); blocks
    three to a row interleave line by line ("THÀNH PHỐ HẢI THÀNH PHỐ HỒ CHÍ PHÒNG MINH")."""

    def body(obj) -> bool:
        return obj["object_type"] != "char" or obj["size"] < 30

    with pdfplumber.open(io.BytesIO(content)) as pdf:
        texts = [page.filter(body).extract_text() or "" for page in pdf.pages]
    return " ".join(" ".join(text.split()) for text in texts)


def _pick(form, field: str, code: str) -> None:
    """Choose a unit in a set-up form's unit picker: type its code, take the suggestion."""
    form.locator(f"#id_{field}").fill(code)
    form.locator(f"#div_id_{field}").get_by_role("button", name=re.compile(rf"· {code}$")).click()


def _messages(smtp_server, count: int, timeout: float = 10.0) -> list:
    """The e-mails, once `count` have arrived (the server receives them in its own thread)."""
    deadline = time.monotonic() + timeout
    while len(smtp_server.messages) < count and time.monotonic() < deadline:
        time.sleep(0.1)
    assert len(smtp_server.messages) == count
    return smtp_server.messages


def test_a_real_installation_starts_and_runs_in_the_app(
    transactional_db, live_server, page, sign_in, smtp_server, tmp_path
):
    secret = tmp_path / "password"
    secret.write_text(ADMIN_PASSWORD + "\n", encoding="utf-8")
    call_command(
        "setup",
        "--no-input",
        "--username=quantri",
        "--email=quantri@example.vn",
        f"--password-file={secret}",
    )
    assert not Unit.objects.exists()

    # The administrator: from home to set-up; the five cities, their cluster and its year.
    sign_in("quantri", ADMIN_PASSWORD)
    page.get_by_test_id("setup-link").click()
    for name, code, _username in CITIES:
        page.get_by_role("link", name="Thêm đơn vị").first.click()
        form = page.locator("#unit-form")
        form.locator("[name=name]").fill(name)
        form.locator("[name=kind]").select_option("city")
        form.locator("[name=admin_code]").fill(code)
        page.get_by_role("button", name="Lưu").click()
        page.wait_for_url(f"{live_server.url}/thiet-lap/don-vi/")
    slugs = set(Unit.objects.values_list("slug", flat=True))
    assert slugs == {"ha-noi", "tp-ho-chi-minh", "hai-phong", "da-nang", "can-tho"}

    page.get_by_role("link", name="Cụm, khối thi đua").first.click()
    page.get_by_role("link", name="Thêm cụm, khối").click()
    form = page.locator("#cluster-form")
    form.locator("[name=name]").fill(CLUSTER)
    form.locator("[name=kind]").select_option("cum")
    page.get_by_role("button", name="Lưu").click()
    page.get_by_role("link", name="Mở năm thi đua").click()
    form = page.locator("#year-open-form")
    form.locator("[name=year]").fill("2024")
    for _name, code, _username in CITIES:
        _pick(form, "members", code)
    _pick(form, "head", "01")
    page.get_by_role("button", name="Mở năm thi đua").click()
    page.wait_for_url(re.compile(r".*/thiet-lap/$"))
    year = EmulationYear.objects.get(
        cluster__slug="cum-thi-dua-cac-thanh-pho-truc-thuoc-trung-uong"
    )
    assert year.year == 2024 and year.memberships.count() == 5

    # Five officers invited, one per city.
    for name, code, username in CITIES:
        page.goto(f"{live_server.url}/thiet-lap/tai-khoan/")
        page.get_by_role("link", name="Mời người dùng").click()
        form = page.locator("#invite-form")
        form.locator("[name=username]").fill(username)
        form.locator("[name=full_name]").fill(f"Cán bộ {name}")
        form.locator("[name=email]").fill(f"{username}@example.vn")
        _pick(form, "unit", code)
        page.get_by_role("button", name="Gửi thư mời").click()
        page.wait_for_url(f"{live_server.url}/thiet-lap/tai-khoan/")
    page.get_by_role("button", name="Đăng xuất").click()

    # Each officer opens the link of their e-mail and sets a password.
    for message in _messages(smtp_server, 5):
        body = message.get_body(preferencelist=("plain",)).get_content()
        path = LINK.search(body).group(1)
        page.goto(f"{live_server.url}{path}")
        form = page.locator("#password-form")
        form.locator("[name=new_password1]").fill(OFFICER_PASSWORD)
        form.locator("[name=new_password2]").fill(OFFICER_PASSWORD)
        page.get_by_role("button", name="Lưu mật khẩu").click()
        page.wait_for_url(f"{live_server.url}/dang-nhap/")
    assert all(person.has_usable_password() for person in User.objects.filter(is_superuser=False))

    # Hà Nội's officer is the 2024 secretariat: roles and peer reviewers.
    sign_in("hanoi", OFFICER_PASSWORD)
    page.goto(f"{live_server.url}{year.get_absolute_url()}")
    page.get_by_test_id("year-setup-link").click()
    form = page.locator("#member-form")
    _pick(form, "unit", "31")  # Hải Phòng
    form.locator("[name=role]").select_option(label="Cụm phó")
    page.get_by_role("button", name="Thêm hoặc đổi vai trò").click()
    assert "Cụm phó" in page.get_by_test_id("members").inner_text()
    for reviewer, reviewed in (
        ("Đà Nẵng", "Cần Thơ"),
        ("Cần Thơ", "Đà Nẵng"),
        ("Hà Nội", "Hà Nội"),
    ):
        form = page.locator("#review-form")
        form.locator("[name=reviewer_unit]").select_option(label=reviewer)
        form.locator("[name=reviewed_unit]").select_option(label=reviewed)
        page.get_by_role("button", name="Phân công").click()
    assert "không tự chấm chéo" in page.locator("#review-form").inner_text()
    assert year.memberships.get(unit__slug="hai-phong").role == Membership.Role.DEPUTY
    pairs = set(
        ReviewAssignment.objects.filter(year=year).values_list(
            "reviewer_unit__slug", "reviewed_unit__slug"
        )
    )
    assert pairs == {("da-nang", "can-tho"), ("can-tho", "da-nang")}

    # The compact's draft names every member as the city it is, from the short names typed
    # above ("TP Hồ Chí Minh" is Thành phố Hồ Chí Minh, never "THÀNH PHỐ TP", never a "TỈNH").
    page.goto(f"{live_server.url}{year.get_absolute_url()}giao-uoc/")
    page.get_by_role("link", name="Soạn dự thảo").click()
    page.locator("[name=preamble]").fill("Các thành phố thống nhất ký kết giao ước năm 2024.")
    page.locator("[name=signing_place]").fill("Hà Nội")
    page.locator("[name=signing_date]").fill("05/03/2024")
    page.locator("[name=clauses-0-content]").fill("Thực hiện tốt nhiệm vụ chính trị được giao.")
    page.get_by_role("button", name="Lưu dự thảo").click()
    pdf = page.get_by_test_id("versions").get_by_role("link", name="PDF")
    href = pdf.first.get_attribute("href")
    compact = _pdf_text(page.request.get(f"{live_server.url}{href}").body())
    assert compact.count("TM. ỦY BAN NHÂN") == 5
    for city in ("THÀNH PHỐ HÀ NỘI", "THÀNH PHỐ HỒ CHÍ", "THÀNH PHỐ HẢI", "THÀNH PHỐ CẦN"):
        assert city in compact
    assert "THÀNH PHỐ TP" not in compact and "TỈNH" not in compact


def test_the_admins_suggested_slug_folds_vietnamese_names(
    transactional_db, live_server, page, sign_in
):
    from tests.factories import UserFactory

    UserFactory(username="quantri", role=User.Role.ADMIN, is_staff=True, is_superuser=True)
    sign_in("quantri")
    page.goto(f"{live_server.url}/quan-tri/clusters/unit/add/")
    for name, slug in (("Đà Nẵng", "da-nang"), ("Hà Nội", "ha-noi"), ("Huế", "hue")):
        page.locator("#id_name").fill(name)
        # The admin suggests on keyup, change or focus; fill() types no key of "ế".
        page.locator("#id_name").dispatch_event("change")
        assert page.locator("#id_slug").input_value() == slug
