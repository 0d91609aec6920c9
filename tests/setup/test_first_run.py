"""`manage.py setup` for a real installation, `loaddemo`'s refusal in production, slugs that
fold Vietnamese names (in the app and in the admin's suggestions), and five cities set up in the
app whose documents name them as cities."""

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from clusters.models import AuditEvent, User
from clusters.text import slug_of


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Hà Nội", "ha-noi"),
        ("Đà Nẵng", "da-nang"),
        ("Cần Thơ", "can-tho"),
        ("Huế", "hue"),
        ("TP Hồ Chí Minh", "tp-ho-chi-minh"),
        ("Khối các bộ, ngành kinh tế", "khoi-cac-bo-nganh-kinh-te"),
    ],
)
def test_slugs_fold_diacritics_and_d_with_stroke(name, slug):
    assert slug_of(name) == slug


@pytest.mark.django_db
def test_setup_creates_the_first_administrator_from_options(tmp_path, capsys):
    secret = tmp_path / "password"
    secret.write_text("Quan-tri-vien-2024!\n", encoding="utf-8")
    call_command(
        "setup",
        "--no-input",
        "--username=quantri",
        "--email=quantri@example.vn",
        f"--password-file={secret}",
    )
    admin = User.objects.get(username="quantri")
    assert (
        admin.is_superuser
        and admin.is_administrator
        and admin.check_password("Quan-tri-vien-2024!")
    )
    assert AuditEvent.objects.filter(action="account.save", target_id=admin.pk).exists()
    out = capsys.readouterr().out
    assert "every migration is applied" in out and reverse("setup:index") in out
    # Run again: the administrator exists, nothing is created twice.
    call_command("setup", "--no-input")
    assert User.objects.filter(is_superuser=True).count() == 1


@pytest.mark.django_db
def test_setup_refuses_a_weak_password_and_a_taken_name(tmp_path):
    secret = tmp_path / "password"
    secret.write_text("123\n", encoding="utf-8")
    with pytest.raises(CommandError, match="Password refused"):
        call_command("setup", "--no-input", "--username=quantri", f"--password-file={secret}")
    assert not User.objects.exists()
    with pytest.raises(CommandError, match="--password-file"):
        call_command("setup", "--no-input", "--username=quantri")


@pytest.mark.django_db
def test_loaddemo_refuses_a_production_installation(settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="production"):
        call_command("loaddemo")
    assert not User.objects.exists()


@pytest.mark.django_db
def test_the_admins_slug_suggestion_folds_vietnamese(world, django_app):
    page = django_app.get("/quan-tri/clusters/unit/add/", user=world.admin)
    scripts = [tag["src"] for tag in page.html.select("script[src]")]
    urlify = next(i for i, src in enumerate(scripts) if src.endswith("admin/js/urlify.js"))
    folding = next(i for i, src in enumerate(scripts) if src.endswith("js/urlify_vi.js"))
    assert folding > urlify  # it wraps Django's URLify, so it must come after it


@pytest.mark.django_db
def test_setup_asks_for_the_administrator_interactively(monkeypatch):
    answers = iter(["quantri", "quantri@example.vn", "Nguyễn Quản Trị"])
    monkeypatch.setattr("builtins.input", lambda prompt: next(answers))
    passwords = iter(["Quan-tri-vien-2024!", "Quan-tri-vien-2024!"])
    monkeypatch.setattr("getpass.getpass", lambda prompt: next(passwords))
    call_command("setup")
    admin = User.objects.get(username="quantri")
    assert (admin.email, admin.full_name, admin.is_superuser) == (
        "quantri@example.vn",
        "Nguyễn Quản Trị",
        True,
    )


@pytest.mark.django_db
def test_loaddemo_leaves_a_real_installations_units_alone():
    from clusters.models import Cluster, Unit
    from tests.factories import ClusterFactory, UnitFactory

    ClusterFactory(name="Cụm thi đua các thành phố", slug="cac-thanh-pho")
    UnitFactory(name="Hà Nội", slug="ha-noi", admin_code="01")
    with pytest.raises(CommandError, match="không phải của dữ liệu mẫu"):
        call_command("loaddemo")
    assert list(Cluster.objects.values_list("slug", flat=True)) == ["cac-thanh-pho"]
    assert list(Unit.objects.values_list("slug", flat=True)) == ["ha-noi"]


FIVE_CITIES = [("Hà Nội", "01"), ("TP Hồ Chí Minh", "79"), ("Hải Phòng", "31")]
FIVE_CITIES += [("Đà Nẵng", "48"), ("Cần Thơ", "92")]


def _pdf_text(content: bytes) -> str:
    """The PDF's text on one line, without a draft's large diagonal mark ("DỰ THẢO"), whose
    letters would fall among the words. Blocks three to a row interleave line by line: "TM. ỦY
    BAN NHÂN TM. ỦY BAN NHÂN … THÀNH PHỐ HỒ CHÍ PHÒNG MINH"."""
    import io

    import pdfplumber

    def body(obj) -> bool:
        return obj["object_type"] != "char" or obj["size"] < 30

    with pdfplumber.open(io.BytesIO(content)) as pdf:
        texts = [page.filter(body).extract_text() or "" for page in pdf.pages]
    return " ".join(" ".join(text.split()) for text in texts)


@pytest.mark.django_db
def test_five_cities_set_up_in_the_app_print_their_own_names_on_the_compact(django_app):
    """The browser's first run (tests/browser/test_first_run.py) through the same pages, to its
    documents: the administrator types the cities' short names only ("TP Hồ Chí Minh"), as an
    officer would, and the compact and the report name them as cities, never as provinces."""
    from clusters.models import EmulationYear, Unit
    from tests.factories import UserFactory

    # The factories' codes are 900-999: the real codes typed here must be free.
    Unit.objects.filter(admin_code__in=[code for _name, code in FIVE_CITIES]).update(admin_code="")
    admin = UserFactory(username="quantri", role=User.Role.ADMIN, is_staff=True, is_superuser=True)
    for name, code in FIVE_CITIES:
        form = django_app.get(reverse("setup:unit_add"), user=admin).forms["unit-form"]
        form["name"], form["kind"], form["admin_code"] = name, "city", code
        assert form.submit().status_code == 302
    form = django_app.get(reverse("setup:cluster_add"), user=admin).forms["cluster-form"]
    form["name"] = "Cụm thi đua các thành phố trực thuộc Trung ương"
    form["kind"] = "cum"
    form.submit()
    slug = "cum-thi-dua-cac-thanh-pho-truc-thuoc-trung-uong"
    form = django_app.get(reverse("setup:year_create", args=[slug]), user=admin).forms[
        "year-open-form"
    ]
    form["year"] = "2024"
    cities = {unit.name: unit for unit in Unit.objects.filter(kind="city")}
    # The unit picker's text box without JavaScript takes the cities' codes.
    form["members"] = ", ".join(code for _name, code in FIVE_CITIES)
    form["head"] = "01"
    assert form.submit().status_code == 302
    year = EmulationYear.objects.get(cluster__slug=slug, year=2024)

    # Hà Nội's officer, the year's secretariat, drafts the compact.
    officer = UserFactory(username="hanoi", unit=cities["Hà Nội"])
    page = django_app.get(reverse("campaigns:covenant_edit", args=[slug, 2024]), user=officer)
    form = next(form for form in page.forms.values() if "preamble" in form.fields)
    form["preamble"] = "Các thành phố thống nhất ký kết giao ước thi đua năm 2024."
    form["signing_place"] = "Hà Nội"
    form["signing_date"] = "05/03/2024"
    form["clauses-0-content"] = "Thực hiện tốt nhiệm vụ chính trị được giao."
    assert form.submit().status_code == 302

    compact = _pdf_text(
        django_app.get(reverse("campaigns:covenant_pdf", args=[slug, 2024, 1]), user=officer).body
    )
    # One block per city, "TM. ỦY BAN NHÂN DÂN" over the city, a name wrapping in its column.
    assert compact.count("TM. ỦY BAN NHÂN") == 5
    for city in ("THÀNH PHỐ HÀ NỘI", "THÀNH PHỐ HỒ CHÍ", "THÀNH PHỐ HẢI", "THÀNH PHỐ CẦN"):
        assert city in compact
    report = _pdf_text(
        django_app.get(reverse("campaigns:report_pdf", args=[slug, 2024]), user=officer).body
    )
    # The cluster reports, from its head's locality, to "Các thành phố thành viên Cụm".
    assert "Hà Nội, ngày" in report and "Các thành phố thành viên Cụm" in report
    for text in (compact, report):
        assert "THÀNH PHỐ TP" not in text and "TỈNH" not in text and "Các tỉnh" not in text
    assert year.memberships.count() == 5
