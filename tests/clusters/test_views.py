"""What each page shows and does, beyond who may open it (tests/test_access_matrix.py)."""

import datetime

import pytest
from django.db import DatabaseError
from django.urls import reverse

from clusters.models import Membership, Representative
from tests.factories import RepresentativeFactory, UnitFactory

pytestmark = pytest.mark.django_db


def _year_url(world, name="clusters:year_detail"):
    return reverse(name, args=[world.cluster.slug, world.year.year])


def test_home_shows_an_officer_their_work_and_their_clusters_current_year(world, as_persona):
    response = as_persona("own").get(reverse("home"))
    assert response.status_code == 200
    assert "Việc của tôi" in response.text and f'href="{_year_url(world)}"' in response.text


def test_home_lists_clusters_for_the_administrator(world, as_persona):
    response = as_persona("admin").get(reverse("home"))
    assert response.status_code == 200
    assert world.cluster.name in response.text and world.other_cluster.name in response.text


def test_year_dashboard_shows_members_roles_and_what_is_left(world, as_persona):
    RepresentativeFactory(year=world.year, unit=world.ha_nam, full_name="Trần Văn Ký")
    response = as_persona("own").get(_year_url(world))
    text = response.text
    for unit in ("Hà Nam", "Nam Định", "Thái Bình", "Hải Dương"):
        assert unit in text
    assert "Cụm trưởng" in text and "Cụm phó" in text
    assert "Trần Văn Ký" in text
    # Three members have not named their representative; Hà Nam has.
    assert text.count("Khai báo người đại diện ký giao ước") == 3
    assert "Đắk Lắk" not in text


def test_dashboard_offers_editing_only_of_the_officers_own_row(world, as_persona):
    text = as_persona("own").get(_year_url(world)).text
    own_edit = reverse(
        "clusters:representative_edit", args=[world.cluster.slug, 2018, world.nam_dinh.slug]
    )
    other_edit = reverse(
        "clusters:representative_edit", args=[world.cluster.slug, 2018, world.ha_nam.slug]
    )
    assert own_edit in text and other_edit not in text
    assert _year_url(world, "clusters:year_edit") not in text
    assert (
        _year_url(world, "clusters:year_edit")
        in as_persona("secretariat").get(_year_url(world)).text
    )


def test_secretariat_edits_the_year_with_a_day_first_date(world, django_app):
    form = django_app.get(_year_url(world, "clusters:year_edit"), user=world.secretariat).forms[
        "year-form"
    ]
    assert "phase" not in form.fields  # the phase moves on its own page (test_timeline.py)
    form["host_unit"] = str(world.ha_nam.pk)
    form["conference_date"] = "09/03/2019"
    form["conference_place"] = "Hà Nam"
    page = form.submit().follow()
    assert "Đã lưu thông tin năm thi đua." in page.text
    world.year.refresh_from_db()
    assert world.year.conference_date == datetime.date(2019, 3, 9)


def test_invalid_year_form_answers_in_vietnamese_and_saves_nothing(world, django_app):
    form = django_app.get(_year_url(world, "clusters:year_edit"), user=world.secretariat).forms[
        "year-form"
    ]
    form["conference_date"] = "32/13/2019"
    form["host_unit"].force_value(str(world.other_unit.pk))  # a host outside the year
    response = form.submit()
    assert response.status_code == 200
    assert "Nhập một ngày hợp lệ" in response.text
    assert "Hãy chọn một lựa chọn hợp lệ" in response.text
    world.year.refresh_from_db()
    assert world.year.phase == "in_progress" and world.year.conference_date is None


def test_officer_names_their_representative(world, django_app):
    url = reverse(
        "clusters:representative_edit", args=[world.cluster.slug, 2018, world.nam_dinh.slug]
    )
    form = django_app.get(url, user=world.own).forms["representative-form"]
    form["full_name"] = "Đặng Văn Nam"
    form["title"] = "Phó Chủ tịch UBND tỉnh Nam Định"
    assert form.submit().status_code == 302
    representative = Representative.objects.get(year=world.year, unit=world.nam_dinh)
    assert representative.full_name == "Đặng Văn Nam" and not representative.is_sample
    # Empty fields: Vietnamese message, nothing changed.
    form = django_app.get(url, user=world.own).forms["representative-form"]
    form["full_name"] = ""
    response = form.submit()
    assert "Trường này là bắt buộc" in response.text
    representative.refresh_from_db()
    assert representative.full_name == "Đặng Văn Nam"


def test_a_closed_year_cannot_be_changed(world, as_persona):
    world.year.phase = "closed"
    world.year.save()
    url = reverse(
        "clusters:representative_edit", args=[world.cluster.slug, 2018, world.nam_dinh.slug]
    )
    response = as_persona("own").post(url, {"full_name": "X Y", "title": "Z"}, follow=True)
    assert "Năm thi đua đã tổng kết, không thể sửa đổi." in response.text
    assert not Representative.objects.exists()


def test_representative_of_a_unit_outside_the_year_is_404(world, as_persona):
    url = reverse(
        "clusters:representative_edit", args=[world.cluster.slug, 2018, world.other_unit.slug]
    )
    assert as_persona("secretariat").get(url).status_code == 404


def test_cluster_page_shows_years_and_members_over_time(world, as_persona):
    text = (
        as_persona("viewer").get(reverse("clusters:cluster_detail", args=[world.cluster.slug])).text
    )
    assert "2018" in text and "Hà Nam" in text and "Cụm trưởng" in text
    assert "Đắk Lắk" not in text


def test_unit_page_shows_memberships_predecessors_and_successors(world, as_persona):
    successor = UnitFactory(
        name="Ninh Bình", slug="ninh-binh-2025", valid_from=datetime.date(2025, 7, 1)
    )
    world.nam_dinh.successors.add(successor)
    text = as_persona("own").get(reverse("clusters:unit_detail", args=[world.nam_dinh.slug])).text
    assert "Ninh Bình" in text and "2018" in text
    text = as_persona("admin").get(reverse("clusters:unit_detail", args=[successor.slug])).text
    assert "Nam Định" in text  # the predecessor


def test_healthz_answers_ok_without_login(client):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_healthz_answers_503_when_the_database_does_not(client, monkeypatch):
    def broken_cursor(*args, **kwargs):
        raise DatabaseError("connection refused")

    monkeypatch.setattr("clusters.views.connection.cursor", broken_cursor)
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json()["database"] != "ok"


def test_the_interface_switches_to_english(world, as_persona):
    client = as_persona("own")
    assert "Đơn vị thành viên" in client.get(_year_url(world)).text
    client.post(reverse("set_language"), {"language": "en", "next": _year_url(world)})
    text = client.get(_year_url(world)).text
    assert "Member units" in text and "Đơn vị thành viên" not in text


def test_sign_in_and_out(world, client):
    response = client.post(reverse("login"), {"username": "namdinh", "password": "ThiDua@2018"})
    assert response.status_code == 302
    assert f'href="{_year_url(world)}"' in client.get(reverse("home")).text
    client.post(reverse("logout"))
    assert client.get(_year_url(world))["Location"].startswith(reverse("login"))


def test_wrong_password_answers_in_vietnamese(world, client):
    response = client.post(reverse("login"), {"username": "namdinh", "password": "sai"})
    assert response.status_code == 200
    assert "mật khẩu chính xác" in response.text


def test_login_is_throttled_per_username_and_address(world, client):
    for _ in range(5):
        client.post(reverse("login"), {"username": "namdinh", "password": "sai"})
    response = client.post(reverse("login"), {"username": "namdinh", "password": "ThiDua@2018"})
    assert response.status_code == 429
    assert "Tạm khóa đăng nhập" in response.text
    # Another person at the same office address is not locked out.
    response = client.post(reverse("login"), {"username": "thaibinh", "password": "ThiDua@2018"})
    assert response.status_code == 302
    # Nor is the same person from another address.
    response = client.post(
        reverse("login"),
        {"username": "namdinh", "password": "ThiDua@2018"},
        REMOTE_ADDR="10.0.0.9",
    )
    assert response.status_code == 302


def test_membership_roles_are_shown_own_unit_then_head_first(world, as_persona):
    text = as_persona("other").get(_year_url(world)).text
    text = text[text.index('data-testid="members"') :]
    assert text.index("Thái Bình") < text.index("Hà Nam") < text.index("Hải Dương")
    assert text.index("Hải Dương") < text.index("Nam Định")
    assert Membership.objects.filter(year=world.year).count() == 4


def test_vietnamese_by_default_whatever_the_browser_asks(world, as_persona):
    response = as_persona("own").get(_year_url(world), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert "Đơn vị thành viên" in response.text
    assert response["Content-Language"] == "vi"


def test_the_year_edit_no_longer_moves_the_phase(world, django_app):
    """The phase moves on its own page, which says what opens and locks (test_timeline.py)."""
    form = django_app.get(_year_url(world, "clusters:year_edit"), user=world.secretariat).forms[
        "year-form"
    ]
    assert "phase" not in form.fields
    form["conference_place"] = "Hà Nam"
    response = form.submit()
    assert response.status_code == 302
    world.year.refresh_from_db()
    assert world.year.phase == "in_progress" and world.year.conference_place == "Hà Nam"


@pytest.mark.parametrize(
    ("name", "args", "method"),
    [
        ("clusters:year_detail", "year", "post"),
        ("clusters:year_edit", "year", "put"),
        ("clusters:year_edit", "year", "delete"),
        ("clusters:year_close", "year", "put"),
        ("clusters:year_activity", "year", "post"),
        ("clusters:activity", "none", "post"),
        ("clusters:cluster_detail", "cluster", "post"),
        ("clusters:unit_detail", "unit", "post"),
        ("home", "none", "post"),
        ("healthz", "none", "post"),
    ],
)
def test_a_wrong_method_answers_405_before_any_access_check(world, as_persona, name, args, method):
    built = {
        "year": [world.cluster.slug, world.year.year],
        "cluster": [world.cluster.slug],
        "unit": [world.nam_dinh.slug],
        "none": [],
    }[args]
    url = reverse(name, args=built)
    for persona in ("secretariat", "outsider"):
        assert getattr(as_persona(persona), method)(url).status_code == 405


def test_head_is_served_where_get_is(world, as_persona):
    assert as_persona("own").head(_year_url(world)).status_code == 200
    assert as_persona("secretariat").head(_year_url(world, "clusters:year_edit")).status_code == 200
