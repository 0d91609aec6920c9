"""The activity log: the year's for its secretariat, the installation's for the administrator."""

from __future__ import annotations

import datetime
import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from clusters.models import AuditEvent, EmulationYear

pytestmark = pytest.mark.django_db


def _log_url(world):
    return reverse("clusters:year_activity", args=[world.cluster.slug, world.year.year])


def _at(day: str, hour: int = 9) -> datetime.datetime:
    return timezone.make_aware(
        datetime.datetime.combine(datetime.date.fromisoformat(day), datetime.time(hour))
    )


def _event(world, person, action, day, *, year=None, **fields) -> AuditEvent:
    year = year or world.year
    return AuditEvent.objects.create(
        at=_at(day),
        actor=person,
        actor_name=person.full_name,
        unit_id=person.unit_id,
        action=action,
        year=year,
        cluster_id=year.cluster_id,
        ip="203.0.113.7",
        **fields,
    )


@pytest.fixture
def story(world):
    """Four steps of 2018, one of another cluster's year, one sign-in."""
    _event(
        world,
        world.secretariat,
        "year.phase",
        "2019-01-05",
        changes={"phase": ["A", "B"]},
        target_type=ContentType.objects.get_for_model(EmulationYear),
        target_id=world.year.pk,
        target_repr=str(world.year),
    )
    _event(world, world.own, "representative.save", "2019-02-10", summary="Nam Định")
    _event(world, world.other, "representative.save", "2019-02-20", summary="Thái Bình")
    _event(world, world.secretariat, "year.close", "2019-03-21")
    _event(world, world.outsider, "year.update", "2019-03-01", year=world.other_year)
    AuditEvent.objects.create(actor=world.own, actor_name="Cán bộ Nam Định", action="auth.login")


def _rows(page) -> list[list[str]]:
    table = page.html.find(attrs={"data-testid": "activity"})
    return [
        [" ".join(td.text.split()) for td in tr.find_all("td")]
        for tr in table.find("tbody").find_all("tr")
    ]


@pytest.mark.parametrize(
    ("persona", "status"),
    [("secretariat", 200), ("granted", 200), ("admin", 200), ("own", 403), ("viewer", 403),
     ("other", 403), ("outsider", 404)],
)  # fmt: skip
def test_who_reads_the_years_log(world, django_app, persona, status):
    response = django_app.get(_log_url(world), user=world.persona(persona), expect_errors=True)
    assert response.status_code == status


def test_anonymous_is_sent_to_sign_in(world, django_app):
    response = django_app.get(_log_url(world))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_the_log_lists_the_years_steps_newest_first_with_who_and_from_where(
    world, django_app, story
):
    page = django_app.get(_log_url(world), user=world.secretariat)
    assert "Nhật ký hoạt động" in page.text
    rows = _rows(page)
    assert [row[3] for row in rows] == [
        "Khép lại năm thi đua",
        "Khai báo người đại diện",
        "Khai báo người đại diện",
        "Chuyển giai đoạn",
    ]
    assert rows[0][0] == "21/03/2019 09:00" and rows[0][2] == "203.0.113.7"
    assert world.secretariat.full_name in rows[0][1] and "Hà Nam" in rows[0][1]
    assert "giai đoạn: A → B" in rows[-1][5]  # the field named as the model names it
    # Not another cluster's year, not the sign-ins.
    assert "Đăng nhập" not in page.text.split('data-testid="activity"')[1]


def test_the_filters_narrow_the_log(world, django_app, story):
    def filters():
        return django_app.get(_log_url(world), user=world.secretariat).forms["activity-filters"]

    form = filters()
    assert [label for _value, _selected, label in form["action"].options][:2] == [
        "Tất cả",
        "Thêm trong trang quản trị",
    ]  # no sign-ins on a year's log
    form["unit"] = str(world.nam_dinh.pk)
    (row,) = _rows(form.submit())
    assert "Nam Định" in row[5]

    form = filters()
    form["person"] = str(world.secretariat.pk)
    assert len(_rows(form.submit())) == 2

    form = filters()
    form["action"] = "representative.save"
    form["date_from"] = "15/02/2019"
    form["date_to"] = "20/02/2019"
    (row,) = _rows(form.submit())
    assert "Thái Bình" in row[5]


def test_a_day_filter_takes_the_whole_day_where_the_installation_is(world, django_app, story):
    late = _event(world, world.own, "year.update", "2019-03-21")
    late.at = timezone.make_aware(datetime.datetime(2019, 3, 21, 23, 30))
    late.save()
    page = django_app.get(
        _log_url(world), {"date_from": "21/03/2019", "date_to": "21/03/2019"}, user=world.admin
    )
    assert len(_rows(page)) == 2


def test_bad_filter_values_are_shown_as_field_errors_never_a_failure(world, django_app, story):
    page = django_app.get(
        _log_url(world),
        {
            "unit": "khong-phai-so",
            "person": str(world.outsider.pk),  # not a person of this year's log
            "action": "khong.co",
            "date_from": "32/13/2019",
            "date_to": "01/02/2019",
            "page": "abc",
        },
        user=world.secretariat,
    )
    assert page.status_code == 200
    assert "Hãy chọn một lựa chọn hợp lệ" in page.text and "Nhập một ngày hợp lệ" in page.text
    # The filter that parsed still applies: everything up to 01/02/2019.
    assert len(_rows(page)) == 1


def test_an_end_before_the_start_is_an_error_of_the_end(world, django_app, story):
    page = django_app.get(
        _log_url(world), {"date_from": "01/03/2019", "date_to": "01/02/2019"}, user=world.admin
    )
    errors = page.html.find(id="div_id_date_to").text
    assert "Ngày kết thúc phải sau ngày bắt đầu." in errors
    assert len(_rows(page)) == 1  # the start still applies: only the closing, on 21/03


def _many(world, count: int) -> None:
    AuditEvent.objects.bulk_create(
        AuditEvent(
            at=_at("2019-01-01") + datetime.timedelta(minutes=n),
            actor=world.own,
            actor_name=world.own.full_name,
            unit=world.nam_dinh,
            action="assessment.save",
            year=world.year,
            cluster=world.cluster,
            summary=f"Lần lưu {n}",
        )
        for n in range(count)
    )


def test_the_log_is_paginated_by_fifty_keeping_the_filters(world, django_app):
    _many(world, 120)
    page = django_app.get(_log_url(world), {"unit": world.nam_dinh.pk}, user=world.secretariat)
    rows = _rows(page)
    assert len(rows) == 50 and "Lần lưu 119" in rows[0][5]
    assert "120 thao tác" in page.text and "Trang 1/3" in page.text
    page = page.click("Trang sau")
    assert f"unit={world.nam_dinh.pk}" in page.request.url
    page = page.click("Trang sau")
    rows = _rows(page)
    assert len(rows) == 20 and "Lần lưu 0" in rows[-1][5]
    assert "Trang 3/3" in page.text


def test_the_query_count_does_not_grow_with_the_rows(world, client):
    client.force_login(world.secretariat)
    counts = []
    for count in (3, 80):
        AuditEvent.objects.all().delete()
        _many(world, count)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(_log_url(world)).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_the_dashboard_links_the_log_for_the_secretariat_only(world, django_app):
    link = _log_url(world)
    assert link in django_app.get(world.year.get_absolute_url(), user=world.secretariat).text
    assert link not in django_app.get(world.year.get_absolute_url(), user=world.own).text


# --- the installation's log ------------------------------------------------------------------

ACTIVITY = reverse("clusters:activity")


@pytest.mark.parametrize(
    ("persona", "status"), [("admin", 200), ("secretariat", 403), ("outsider", 403)]
)
def test_only_the_administrator_reads_the_installations_log(world, django_app, persona, status):
    response = django_app.get(ACTIVITY, user=world.persona(persona), expect_errors=True)
    assert response.status_code == status


def test_the_administrator_sees_sign_ins_and_lockouts(world, client, django_app, story):
    client.post(reverse("login"), {"username": "namdinh", "password": "sai"})
    for _attempt in range(5):
        client.post(reverse("login"), {"username": "thaibinh", "password": "sai"})
    page = django_app.get(ACTIVITY, user=world.admin)
    form = page.forms["activity-filters"]
    form["action"] = "auth.lockout"
    (lockout,) = _rows(form.submit())
    assert "Tạm khóa đăng nhập" in lockout and "thaibinh" in lockout[6]
    form = page.forms["activity-filters"]
    form["action"] = "auth.login_failed"
    assert len(_rows(form.submit())) >= 6
    # Every cluster's years, named.
    text = " ".join(" ".join(row) for row in _rows(page))
    assert "Tây Nguyên · 2018" in text and "Đồng bằng sông Hồng · 2018" in text
    assert re.search(r"Đăng nhập", text)
