"""A year's set-up page: the secretariat sets members, roles, peer reviewers, grants, campaigns."""

import datetime

import pytest
from django.urls import reverse

from clusters.models import AuditEvent, Membership, SecretariatGrant
from scoring.models import ReviewAssignment
from tests.campaigns.pages import field_errors, messages_of
from tests.factories import UnitFactory

pytestmark = pytest.mark.django_db


def _page(world, django_app, user=None):
    url = reverse("setup:year_setup", args=[world.cluster.slug, world.year.year])
    return django_app.get(url, user=user or world.secretariat)


def test_the_secretariat_adds_a_member_and_changes_a_role(world, django_app):
    bac_ninh = UnitFactory(name="Bắc Ninh", slug="bac-ninh")
    form = _page(world, django_app).forms["member-form"]
    form["unit"] = str(bac_ninh.pk)
    form["role"] = "member"
    page = form.submit().follow()
    assert Membership.objects.filter(year=world.year, unit=bac_ninh, role="member").exists()
    form = page.forms["member-form"]
    form["unit"] = str(world.thai_binh.pk)
    form["role"] = "deputy"
    page = form.submit().follow()
    assert Membership.objects.get(year=world.year, unit=world.thai_binh).role == "deputy"
    assert AuditEvent.objects.filter(action="membership.role", summary="Thái Bình").exists()
    assert "Bắc Ninh" in page.html.select_one("[data-testid=members]").get_text()


def test_a_second_head_is_refused(world, django_app):
    form = _page(world, django_app).forms["member-form"]
    form["unit"] = str(world.nam_dinh.pk)
    form["role"] = "head"
    page = form.submit()
    assert "Hà Nam đang là Cụm trưởng" in field_errors(page, "role")
    assert Membership.objects.get(year=world.year, unit=world.nam_dinh).role == "member"


def test_a_membership_outside_the_units_validity_is_refused(world, django_app):
    gone = UnitFactory(name="Hà Tây", slug="ha-tay", valid_to=datetime.date(2008, 7, 31))
    form = _page(world, django_app).forms["member-form"]
    form["unit"] = str(gone.pk)
    form["role"] = "member"
    page = form.submit()
    assert "không còn hiệu lực trong năm 2018" in field_errors(page, "unit")
    assert not Membership.objects.filter(unit=gone).exists()
    assert not AuditEvent.objects.filter(action="membership.add").exists()


def test_peer_reviewers_are_assigned_and_a_self_review_refused(world, django_app):
    form = _page(world, django_app).forms["review-form"]
    form["reviewer_unit"] = str(world.nam_dinh.pk)
    form["reviewed_unit"] = str(world.thai_binh.pk)
    page = form.submit().follow()
    assert ReviewAssignment.objects.filter(
        year=world.year, reviewer_unit=world.nam_dinh, reviewed_unit=world.thai_binh
    ).exists()
    assert "Nam Định chấm chéo Thái Bình" in page.text
    form = page.forms["review-form"]
    form["reviewer_unit"] = str(world.thai_binh.pk)
    form["reviewed_unit"] = str(world.thai_binh.pk)
    page = form.submit()
    assert "không tự chấm chéo" in field_errors(page, "reviewed_unit")
    assert ReviewAssignment.objects.filter(year=world.year).count() == 1


def test_a_review_assignment_is_removed(world, django_app):
    review = ReviewAssignment.objects.create(
        year=world.year, reviewer_unit=world.nam_dinh, reviewed_unit=world.thai_binh
    )
    page = _page(world, django_app)
    url = reverse("setup:review_remove", args=[world.cluster.slug, 2018, review.pk])
    form = next(f for k, f in page.forms.items() if isinstance(k, int) and f.action == url)
    form.submit().follow()
    assert not ReviewAssignment.objects.filter(pk=review.pk).exists()
    assert AuditEvent.objects.filter(action="review.unassign").exists()


def test_secretariat_rights_are_granted_and_withdrawn(world, django_app):
    form = _page(world, django_app).forms["grant-form"]
    form["user"] = str(world.other.pk)
    page = form.submit().follow()
    grant = SecretariatGrant.objects.get(year=world.year, user=world.other)
    url = reverse("setup:grant_remove", args=[world.cluster.slug, 2018, grant.pk])
    form = next(f for k, f in page.forms.items() if isinstance(k, int) and f.action == url)
    form.submit().follow()
    assert not SecretariatGrant.objects.filter(pk=grant.pk).exists()


def test_a_grant_is_only_for_an_officer_of_a_member_unit(world, django_app):
    form = _page(world, django_app).forms["grant-form"]
    # The outsider's unit is not a member: the form does not even offer them.
    offered = [value for value, *_rest in form["user"].options]
    assert str(world.outsider.pk) not in offered and str(world.other.pk) in offered


def test_a_member_is_removed_while_the_year_is_set_up(world, django_app):
    world.year.phase = "setup"
    world.year.save()
    ReviewAssignment.objects.create(
        year=world.year, reviewer_unit=world.nam_dinh, reviewed_unit=world.thai_binh
    )
    page = _page(world, django_app)
    url = reverse("setup:member_remove", args=[world.cluster.slug, 2018, "thai-binh"])
    form = next(f for k, f in page.forms.items() if isinstance(k, int) and f.action == url)
    form.submit().follow()
    assert not Membership.objects.filter(year=world.year, unit=world.thai_binh).exists()
    assert not ReviewAssignment.objects.filter(year=world.year).exists()


def test_a_campaign_with_its_launching_document_joins_the_year(world, django_app):
    page = _page(world, django_app).click(
        href=reverse("campaigns:campaign_add", args=[world.cluster.slug, 2018])
    )
    form = page.forms["campaign-form"]
    form["title"] = "Phong trào “Cả nước chung tay vì người nghèo”"
    form["launched_by"] = "prime_minister"
    form["document_number"] = "1258/QĐ-TTg"
    form["document_date"] = "02/10/2015"
    page = form.submit().follow()
    campaign = world.year.campaigns.get()
    assert (campaign.document_number, str(campaign.document_date)) == ("1258/QĐ-TTg", "2015-10-02")
    assert "1258/QĐ-TTg" in page.html.select_one("[data-testid=year-campaigns]").get_text()


def test_an_officer_without_the_secretariat_gets_no_set_up_page(world, django_app):
    url = reverse("setup:year_setup", args=[world.cluster.slug, 2018])
    assert django_app.get(url, user=world.own, expect_errors=True).status_code == 403
    assert django_app.get(url, user=world.outsider, expect_errors=True).status_code == 404


def test_a_closed_year_offers_no_forms(world, django_app):
    world.year.phase = "closed"
    world.year.save()
    page = _page(world, django_app)
    assert "member-form" not in page.forms and "không thể sửa đổi" in page.text
    assert messages_of(page)


def test_a_campaign_launched_by_a_member_names_that_member(world, django_app):
    url = reverse("campaigns:campaign_add", args=[world.cluster.slug, 2018])
    form = django_app.get(url, user=world.secretariat).forms["campaign-form"]
    form["title"] = "Phong trào “Nam Định chung sức xây dựng nông thôn mới”"
    form["launched_by"] = "province"
    page = form.submit()
    assert "Hãy chọn đơn vị phát động" in field_errors(page, "launcher_unit")
    assert not world.year.campaigns.exists()
    form = page.forms["campaign-form"]
    form["launcher_unit"] = str(world.nam_dinh.pk)
    form.submit().follow()
    assert world.year.campaigns.get().launcher_unit == world.nam_dinh
