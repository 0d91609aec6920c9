import datetime

import pytest
from django.db import IntegrityError, transaction

from clusters.models import EmulationYear, Membership
from clusters.text import fold
from tests.factories import MembershipFactory, UnitFactory, YearFactory


def test_fold_removes_diacritics_and_maps_d_stroke():
    assert fold("Nguyễn Văn A") == "nguyen van a"
    assert fold("ĐẶNG  Thị Ngọc Thịnh") == "dang thi ngoc thinh"


def test_unit_validity_covers_the_calendar_year():
    unit = UnitFactory.build(valid_from=None, valid_to=datetime.date(2025, 6, 30))
    assert unit.is_valid_in(2025)
    assert not unit.is_valid_in(2026)
    successor = UnitFactory.build(valid_from=datetime.date(2025, 7, 1))
    assert successor.is_valid_in(2025) and not successor.is_valid_in(2024)


@pytest.mark.django_db
def test_database_refuses_a_second_head(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.filter(year=world.year, unit=world.nam_dinh).update(
            role=Membership.Role.HEAD
        )
    assert world.year.memberships.filter(role=Membership.Role.HEAD).count() == 1


@pytest.mark.django_db
def test_database_refuses_a_duplicate_year(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        EmulationYear.objects.create(cluster=world.cluster, year=world.year.year)
    assert EmulationYear.objects.filter(cluster=world.cluster).count() == 1


@pytest.mark.django_db
def test_database_refuses_a_membership_outside_the_units_validity():
    merged_away = UnitFactory(name="Hà Tây", slug="ha-tay", valid_to=datetime.date(2008, 7, 31))
    year = YearFactory(year=2010)
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(year=year, unit=merged_away)
    not_yet = UnitFactory(name="Tỉnh Mới", slug="tinh-moi", valid_from=datetime.date(2025, 7, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(year=year, unit=not_yet)
    # The update path is guarded too, not only inserts.
    member = MembershipFactory(year=year, unit=UnitFactory(name="Hà Nội", slug="ha-noi"))
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.filter(pk=member.pk).update(unit=not_yet)
    assert list(year.memberships.values_list("unit__slug", flat=True)) == ["ha-noi"]


@pytest.mark.django_db
def test_membership_clean_explains_the_validity_in_vietnamese():
    unit = UnitFactory(name="Hà Tây", slug="ha-tay", valid_to=datetime.date(2008, 7, 31))
    membership = Membership(year=YearFactory(year=2010), unit=unit)
    with pytest.raises(Exception) as caught:
        membership.full_clean()
    assert "không còn hiệu lực trong năm 2010" in str(caught.value)


@pytest.mark.django_db
def test_database_refuses_a_validity_that_ends_before_it_starts():
    with pytest.raises(IntegrityError), transaction.atomic():
        UnitFactory(
            name="Sai",
            slug="sai",
            valid_from=datetime.date(2020, 1, 1),
            valid_to=datetime.date(2019, 1, 1),
        )
