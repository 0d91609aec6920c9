"""The admin is Vietnamese throughout: its own strings and those of the libraries it shows.

locale/vi/LC_MESSAGES/django.po is hand-kept: the Vietnamese of django-axes and
django-simple-history (which ship none) and of the strings Django's own "vi" catalogues lack.
Its msgids must be the libraries' own, and none may be empty.
"""

from __future__ import annotations

import ast
import gettext
import re
from dataclasses import dataclass, field
from pathlib import Path

import axes
import django
import pytest
import simple_history
from axes.models import AccessAttempt
from django.contrib import admin
from django.test import Client
from django.urls import path, reverse
from simple_history.admin import SimpleHistoryAdmin

from scoring.models import Score
from tests.scoring.builders import draft, make_sheet, open_self_assessment

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "locale/vi/LC_MESSAGES/django.po"
COMPILED = CATALOGUE.with_suffix(".mo")
APP_CATALOGUE = ROOT / "locale/en/LC_MESSAGES/django.po"
AXES = Path(axes.__file__).parent
SIMPLE_HISTORY = Path(simple_history.__file__).parent
DJANGO = Path(django.__file__).parent


# --- the catalogue ---------------------------------------------------------------------------


@dataclass
class Entry:
    msgctxt: str | None = None
    msgid: str = ""
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)

    @property
    def key(self) -> tuple[str | None, str]:
        return (self.msgctxt, self.msgid)


def _unquote(text: str) -> str:
    return ast.literal_eval(text)


def parse_po(path: Path) -> list[Entry]:
    """The entries of a .po file, header and obsolete (#~) entries left out."""
    entries: list[Entry] = []
    entry = Entry()
    target: tuple[str, int | None] | None = None
    started = False

    def finish() -> None:
        nonlocal entry, started
        if started and entry.msgid:
            entries.append(entry)
        entry, started = Entry(), False

    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        line = line.strip()
        if not line:
            finish()
            target = None
        elif line.startswith("#,"):
            entry.flags |= {flag.strip() for flag in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            if target is None:
                continue
            name, index = target
            if name == "msgstr":
                entry.msgstr[index] += _unquote(line)
            else:
                setattr(entry, name, (getattr(entry, name) or "") + _unquote(line))
        else:
            keyword, _, value = line.partition(" ")
            started = True
            match = re.fullmatch(r"msgstr\[(\d+)\]", keyword)
            if match or keyword == "msgstr":
                index = int(match.group(1)) if match else 0
                entry.msgstr[index] = _unquote(value)
                target = ("msgstr", index)
            elif keyword in {"msgctxt", "msgid", "msgid_plural"}:
                if keyword == "msgctxt" and entry.msgid:  # a new entry without a blank line
                    finish()
                    started = True
                setattr(entry, keyword, _unquote(value))
                target = (keyword, None)
    return entries


GETTEXT_CALLS = {"_", "gettext", "gettext_lazy", "ngettext", "ngettext_lazy"}


def source_msgids(package: Path) -> set[tuple[None, str]]:
    """The literal first arguments of the gettext calls in a package's Python source: the
    strings its catalogues lack (they lag behind the code)."""
    found: set[tuple[None, str]] = set()
    for source in package.rglob("*.py"):
        if "tests" in source.relative_to(package).parts:
            continue
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            first = node.args[0]
            if (
                name in GETTEXT_CALLS
                and isinstance(first, ast.Constant)
                and isinstance(first.value, str)
            ):
                found.add((None, first.value))
    return found


def library_msgids() -> set[tuple[str | None, str]]:
    """Every msgid of django-axes, django-simple-history and Django (its English catalogues
    list them all)."""
    catalogues = [
        *AXES.glob("locale/*/LC_MESSAGES/django.po"),
        *SIMPLE_HISTORY.glob("locale/*/LC_MESSAGES/django.po"),
        DJANGO / "conf/locale/en/LC_MESSAGES/django.po",
        *DJANGO.glob("contrib/*/locale/en/LC_MESSAGES/django.po"),
    ]
    known = {entry.key for catalogue in catalogues for entry in parse_po(catalogue)}
    return known | source_msgids(AXES) | source_msgids(SIMPLE_HISTORY)


PLACEHOLDER = re.compile(r"%\([a-z_0-9]+\)[sdr]|%[sdr]|\{[a-z_0-9]*\}")


def test_every_entry_is_translated_not_fuzzy_and_singular():
    entries = parse_po(CATALOGUE)
    assert len(entries) > 100
    assert [e.msgid for e in entries if "fuzzy" in e.flags] == []
    # Vietnamese has one plural form: msgstr[0] only.
    assert [e.msgid for e in entries if list(e.msgstr) != [0]] == []
    assert [e.msgid for e in entries if not e.msgstr[0].strip()] == []
    header = CATALOGUE.read_text(encoding="utf-8")
    assert "Plural-Forms: nplurals=1; plural=0;" in header
    assert "Language: vi" in header


def test_every_msgid_is_a_librarys_own():
    known = library_msgids()
    assert [e.msgid for e in parse_po(CATALOGUE) if e.key not in known] == []


def test_no_msgid_is_one_of_the_apps_own():
    apps = {entry.key for entry in parse_po(APP_CATALOGUE)}
    assert [e.msgid for e in parse_po(CATALOGUE) if e.key in apps] == []


def test_placeholders_are_kept():
    changed = [
        e.msgid
        for e in parse_po(CATALOGUE)
        if sorted(PLACEHOLDER.findall(e.msgid_plural or e.msgid))
        != sorted(PLACEHOLDER.findall(e.msgstr[0]))
    ]
    assert changed == []


def test_the_compiled_catalogue_is_up_to_date():
    with COMPILED.open("rb") as compiled:
        catalog = gettext.GNUTranslations(compiled)._catalog
    for entry in parse_po(CATALOGUE):
        key = entry.msgid if entry.msgctxt is None else f"{entry.msgctxt}\x04{entry.msgid}"
        if entry.msgid_plural is not None:
            key = (key, 0)
        assert catalog.get(key) == entry.msgstr[0], entry.msgid


# --- the pages -------------------------------------------------------------------------------


def _admin(world) -> Client:
    client = Client()
    client.force_login(world.admin)
    return client


@pytest.mark.django_db
def test_admin_index_in_vietnamese(world):
    text = _admin(world).get(reverse("admin:index")).text
    for vietnamese in ["Lần thử đăng nhập", "Nhật ký đăng nhập", "Chuyển đến nội dung chính"]:
        assert vietnamese in text
    for english in ["Access attempts", "Access logs", "Skip to main content", "Toggle theme"]:
        assert english not in text


@pytest.mark.django_db
def test_access_attempts_in_vietnamese(world):
    AccessAttempt.objects.create(
        username="namdinh",
        ip_address="10.0.0.7",
        user_agent="Mozilla/5.0",
        http_accept="text/html",
        path_info="/dang-nhap/",
        get_data="",
        post_data="username=namdinh",
        failures_since_start=2,
    )
    response = _admin(world).get("/quan-tri/axes/accessattempt/")
    assert response.status_code == 200
    text = response.text
    for vietnamese in [
        "Địa chỉ IP",
        "Tên đăng nhập",
        "Trình duyệt (User-Agent)",
        "Thời điểm đăng nhập",
        "Số lần đăng nhập sai",
        "3 lần thử còn lại",  # AXES_FAILURE_LIMIT 5, two failures
        "Ẩn/hiện thanh điều hướng",
        "Lọc các mục điều hướng",
    ]:
        assert vietnamese in text
    for english in [
        "IP Address",
        "Username",
        "User Agent",
        "Attempt Time",
        "Failed Logins",
        "Attempt Remaining",
        "Locked Out",
        "Toggle navigation",
        "Filter navigation items",
    ]:
        assert english not in text


# The scoring admin registers no model with its history (scores change through the services):
# this module's own admin site shows a score's simple-history page, at the admin's address.
history_site = admin.AdminSite(name="admin")
history_site.register(Score, SimpleHistoryAdmin)
urlpatterns = [path("quan-tri/", history_site.urls)]


@pytest.mark.django_db
@pytest.mark.urls(__name__)
def test_score_history_in_vietnamese(world):
    criteria = make_sheet(world.year)
    open_self_assessment(world.year)
    score = draft(world.year, world.nam_dinh, world.own, criteria).scores.get()
    response = _admin(world).get(f"/quan-tri/scoring/score/{score.pk}/history/")
    assert response.status_code == 200
    text = response.text
    for vietnamese in [
        "Lịch sử thay đổi: ",
        "Người thay đổi",
        "Lý do thay đổi",
        "Ngày/giờ",
        "Đối tượng",
        "Đã tạo",
        "để khôi phục đối tượng này về phiên bản trước",
        "1 mục",
    ]:
        assert vietnamese in text
    for english in ["Change history", "Changed by", "Change reason", "Created", "entry"]:
        assert english not in text


# --- the app's own pages ---------------------------------------------------------------------


@pytest.mark.django_db
def test_a_form_error_in_vietnamese(world, as_persona):
    year = world.year
    response = as_persona("secretariat").post(
        reverse("clusters:year_edit", args=[world.cluster.slug, year.year]),
        {
            "phase": year.phase,
            "host_unit": world.ha_nam.pk,
            "conference_date": "31/02/2018",
            "conference_place": "Hà Nam",
            "notes": "",
        },
    )
    assert response.status_code == 200
    assert "Nhập một ngày hợp lệ." in response.text
    assert "Enter a valid date." not in response.text


@pytest.mark.django_db
def test_a_model_field_error_in_the_admin_in_vietnamese(world, django_app):
    page = django_app.get(
        reverse("admin:clusters_unit_change", args=[world.ha_nam.pk]), user=world.admin
    )
    form = page.forms["unit_form"]
    form["slug"] = "hà nam"
    text = form.submit().text
    assert "Nhập một “slug” hợp lệ, chỉ gồm chữ cái không dấu" in text
    assert "Enter a valid “slug”" not in text


@pytest.mark.django_db
def test_the_csrf_failure_page_in_vietnamese(world):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": "namdinh", "password": "x"})
    assert response.status_code == 403
    text = response.text
    assert "Xác minh CSRF không thành công. Yêu cầu đã bị hủy." in text
    assert "<h1>Không được phép truy cập <span>(403)</span></h1>" in text
    assert "cookie CSRF khi gửi biểu mẫu" in text
    assert "Có thêm thông tin khi bật DEBUG=True." in text
    # Django's template writes its <title>403 Forbidden</title> untranslated: the body only.
    for english in ["CSRF verification failed", "Forbidden <span>", "You are seeing this message"]:
        assert english not in text
