"""The admin respects the year: a closed year and everything in it are read-only there too, the
phase moves only on the year's page, criteria change only in set-up and bump the sheet's
version, and tie-breakers stay once a score sheet is final."""

from __future__ import annotations

import pytest
from django.urls import reverse

from campaigns.models import CampaignReport
from clusters.models import EmulationYear, Membership, Representative
from scoring import services as scoring
from scoring.models import Assessment, CriteriaSheet, ReviewAssignment
from tests.awards.helpers import make_decision, make_recipient
from tests.campaigns import helpers as campaigns
from tests.factories import RepresentativeFactory
from tests.scoring.builders import make_sheet

pytestmark = pytest.mark.django_db

Phase = EmulationYear.Phase


def _year_objects(world) -> dict[str, object]:
    """One object of each admin page that holds a year's data."""
    sheet = make_sheet(world.year)["I"].sheet
    decision = make_decision(world.year)
    report = CampaignReport.objects.create(
        year=world.year,
        campaign=campaigns.national_campaign(world),
        unit=world.nam_dinh,
        registration="Đăng ký",
        report="Báo cáo",
    )
    return {
        "clusters_emulationyear": world.year,
        "clusters_membership": Membership.objects.get(year=world.year, unit=world.nam_dinh),
        "clusters_representative": RepresentativeFactory(year=world.year, unit=world.nam_dinh),
        "scoring_criteriasheet": sheet,
        "scoring_reviewassignment": ReviewAssignment.objects.create(
            year=world.year, reviewer_unit=world.thai_binh, reviewed_unit=world.nam_dinh
        ),
        "campaigns_campaignreport": report,
        "campaigns_covenant": campaigns.covenant(world),
        "awards_decision": decision,
        "awards_recipient": make_recipient(decision),
    }


def _close(world) -> None:
    EmulationYear.objects.filter(pk=world.year.pk).update(phase=Phase.CLOSED)


def test_every_page_of_a_closed_years_data_is_read_only_in_the_admin(world, django_app):
    objects = _year_objects(world)
    open_page = django_app.get(
        reverse("admin:clusters_membership_change", args=[objects["clusters_membership"].pk]),
        user=world.admin,
    )
    assert 'name="_save"' in open_page.text  # open: editable, the test can see the difference
    _close(world)
    for name, obj in objects.items():
        change = reverse(f"admin:{name}_change", args=[obj.pk])
        page = django_app.get(change, user=world.admin)
        assert page.status_code == 200, name
        assert 'name="_save"' not in page.text, name
        # Sent anyway, with the page's own token: refused, nothing changed.
        form = page.forms[f"{name.split('_', 1)[1]}_form"]
        assert form.submit(expect_errors=True).status_code == 403, name
        delete = reverse(f"admin:{name}_delete", args=[obj.pk])
        assert django_app.get(delete, user=world.admin, expect_errors=True).status_code == 403
        assert type(obj).objects.filter(pk=obj.pk).exists(), name


def test_a_closed_years_members_and_representatives_cannot_be_changed_from_its_page(
    world, django_app
):
    RepresentativeFactory(year=world.year, unit=world.nam_dinh)
    _close(world)
    url = reverse("admin:clusters_emulationyear_change", args=[world.year.pk])
    page = django_app.get(url, user=world.admin)
    assert "Nam Định" in page.text
    assert "memberships-0-role" not in page.text and "representatives-0-full_name" not in page.text
    csrf = page.forms[0]["csrfmiddlewaretoken"].value if page.forms else ""
    response = django_app.post(
        url,
        {"csrfmiddlewaretoken": csrf, "notes": "Sửa năm đã tổng kết", "_save": "Lưu"},
        user=world.admin,
        expect_errors=True,
    )
    assert response.status_code == 403
    world.year.refresh_from_db()
    assert world.year.notes == "" and world.year.phase == Phase.CLOSED
    assert Representative.objects.get(year=world.year).full_name == "Nguyễn Văn A"


def test_nothing_can_be_added_to_a_closed_year_in_the_admin(world, django_app):
    _close(world)
    form = django_app.get(reverse("admin:clusters_membership_add"), user=world.admin).forms[
        "membership_form"
    ]
    form["unit"].force_value(str(world.other_unit.pk))
    form["year"].force_value(str(world.year.pk))
    form["role"] = "member"
    response = form.submit("_save")
    assert response.status_code == 200 and "errorlist" in response.text
    assert not Membership.objects.filter(year=world.year, unit=world.other_unit).exists()


def test_the_phase_is_read_only_in_the_admin(world, django_app):
    url = reverse("admin:clusters_emulationyear_change", args=[world.year.pk])
    form = django_app.get(url, user=world.admin).forms["emulationyear_form"]
    assert "phase" not in form.fields
    form["notes"] = "Ghi chú của quản trị"
    assert form.submit("_save").status_code == 302
    world.year.refresh_from_db()
    assert world.year.notes == "Ghi chú của quản trị" and world.year.phase == Phase.IN_PROGRESS


def test_criteria_are_read_only_in_the_admin_once_the_year_left_set_up(world, django_app):
    sheet = make_sheet(world.year)["I"].sheet  # the world's year is in progress
    url = reverse("admin:scoring_criteriasheet_change", args=[sheet.pk])
    page = django_app.get(url, user=world.admin)
    assert "Thực hiện nhiệm vụ chính trị" in page.text
    assert 'name="criteria-0-text"' not in page.text and 'name="_save"' not in page.text
    assert 'name="tie_breakers"' not in page.text


def test_a_criterion_changed_in_the_admin_during_set_up_bumps_the_sheet_version(world, django_app):
    EmulationYear.objects.filter(pk=world.year.pk).update(phase=Phase.SETUP)
    sheet = make_sheet(world.year)["I"].sheet
    version = sheet.version
    url = reverse("admin:scoring_criteriasheet_change", args=[sheet.pk])
    form = django_app.get(url, user=world.admin).forms["criteriasheet_form"]
    rows = int(form["criteria-TOTAL_FORMS"].value)
    index = next(i for i in range(rows) if form[f"criteria-{i}-code"].value == "I.1")
    form[f"criteria-{index}-text"] = "Tăng trưởng kinh tế vượt kế hoạch"
    assert form.submit("_save").status_code == 302
    sheet.refresh_from_db()
    assert sheet.version == version + 1
    assert sheet.criteria.get(code="I.1").text == "Tăng trưởng kinh tế vượt kế hoạch"
    # Saved unchanged: the version stays.
    django_app.get(url, user=world.admin).forms["criteriasheet_form"].submit("_save")
    sheet.refresh_from_db()
    assert sheet.version == version + 1


def test_tie_breakers_stay_once_a_sheet_is_final(world, django_app):
    EmulationYear.objects.filter(pk=world.year.pk).update(phase=Phase.SETUP)
    sheet = make_sheet(world.year)["I"].sheet
    Assessment.objects.create(
        year=world.year, unit=world.nam_dinh, state=Assessment.State.FINALISED, final_total=90
    )
    url = reverse("admin:scoring_criteriasheet_change", args=[sheet.pk])
    page = django_app.get(url, user=world.admin)
    assert 'name="tie_breakers"' not in page.text
    world.year.refresh_from_db()
    with pytest.raises(scoring.Refused) as refused:
        scoring.sheet_settings_save(actor=world.secretariat, sheet=sheet, tie_breakers="II,I")
    assert refused.value.field == "tie_breakers"
    assert "bảng điểm hoàn tất" in refused.value.message
    assert CriteriaSheet.objects.get(pk=sheet.pk).tie_breakers == "I"
