"""`manage.py setup` for a real installation, `loaddemo`'s refusal in production, and slugs that
fold Vietnamese names (in the app and in the admin's suggestions)."""

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
