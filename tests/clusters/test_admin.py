"""The Django admin that an administrator works with: it opens, searches, and keeps one head."""

import pytest
from django.db import transaction
from django.forms import inlineformset_factory
from django.urls import reverse

from clusters import audit
from clusters.forms import MembershipInlineFormSet
from clusters.models import AuditEvent, EmulationYear, Membership
from tests.factories import RepresentativeFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "name",
    ["unit", "cluster", "emulationyear", "membership", "representative", "user", "auditevent"],
)
def test_administrator_opens_and_searches_every_list(world, as_persona, name):
    response = as_persona("admin").get(reverse(f"admin:clusters_{name}_changelist"), {"q": "Nam"})
    assert response.status_code == 200


def test_year_page_has_the_members_inline(world, as_persona):
    url = reverse("admin:clusters_emulationyear_change", args=[world.year.pk])
    text = as_persona("admin").get(url).text
    assert "Nam Định" in text and "memberships-TOTAL_FORMS" in text


@pytest.mark.parametrize("persona", ["secretariat", "own", "viewer", "anonymous"])
def test_the_admin_is_for_administrators_only(world, as_persona, persona):
    response = as_persona(persona).get(reverse("admin:index"))
    assert response.status_code == 302
    assert "/quan-tri/login/" in response["Location"]


def _formset(world, roles: dict[int, str]):
    Formset = inlineformset_factory(
        EmulationYear,
        Membership,
        formset=MembershipInlineFormSet,
        fields=["unit", "role"],
        extra=0,
    )
    memberships = list(world.year.memberships.order_by("pk"))
    data = {
        "memberships-TOTAL_FORMS": str(len(memberships)),
        "memberships-INITIAL_FORMS": str(len(memberships)),
        "memberships-MIN_NUM_FORMS": "0",
        "memberships-MAX_NUM_FORMS": "1000",
    }
    for index, membership in enumerate(memberships):
        data[f"memberships-{index}-id"] = str(membership.pk)
        data[f"memberships-{index}-year"] = str(world.year.pk)
        data[f"memberships-{index}-unit"] = str(membership.unit_id)
        data[f"memberships-{index}-role"] = roles.get(membership.unit_id, membership.role)
    return Formset(data, instance=world.year, prefix="memberships")


def test_members_form_refuses_two_heads(world):
    formset = _formset(world, {world.nam_dinh.pk: "head"})
    assert not formset.is_valid()
    assert "đúng một Cụm trưởng (hiện có 2)" in str(formset.non_form_errors())


def test_members_form_refuses_no_head(world):
    formset = _formset(world, {world.ha_nam.pk: "member"})
    assert not formset.is_valid()
    assert "hiện có 0" in str(formset.non_form_errors())


def test_members_form_accepts_a_change_of_head(world):
    formset = _formset(world, {world.ha_nam.pk: "member", world.nam_dinh.pk: "head"})
    assert formset.is_valid(), formset.errors


# --- every change made in the admin is in the activity log ----------------------------------


def _admin_events(action=None):
    events = AuditEvent.objects.filter(action__startswith="admin.").order_by("pk")
    return list(events.filter(action=action) if action else events)


def _office() -> dict:
    return {"REMOTE_ADDR": "198.51.100.20"}


def test_a_change_in_the_admin_is_recorded_with_before_and_after(world, django_app):
    url = reverse("admin:clusters_unit_change", args=[world.nam_dinh.pk])
    form = django_app.get(url, user=world.admin).forms["unit_form"]
    form["name"] = "Nam Định (cũ)"
    form["admin_code"] = "36"
    assert form.submit("_save", extra_environ=_office()).status_code == 302
    (event,) = _admin_events()
    assert (event.action, event.actor, event.ip) == ("admin.change", world.admin, "198.51.100.20")
    assert event.target_id == world.nam_dinh.pk and event.year is None
    assert event.changes["name"] == ["Nam Định", "Nam Định (cũ)"]


def test_an_addition_and_a_deletion_in_the_admin_are_recorded(world, django_app):
    form = django_app.get(reverse("admin:clusters_cluster_add"), user=world.admin).forms[
        "cluster_form"
    ]
    form["name"] = "Cụm thi đua các tỉnh miền núi phía Bắc"
    form["slug"] = "mien-nui-phia-bac"
    form.submit("_save")
    (added,) = _admin_events("admin.add")
    assert added.changes["name"] == ["", "Cụm thi đua các tỉnh miền núi phía Bắc"]

    representative = RepresentativeFactory(year=world.year, unit=world.nam_dinh)
    url = reverse("admin:clusters_representative_delete", args=[representative.pk])
    django_app.get(url, user=world.admin).forms[1].submit()
    (deleted,) = _admin_events("admin.delete")
    assert deleted.year == world.year and "Nguyễn Văn A" in deleted.summary
    assert not type(representative).objects.exists()


def test_a_change_of_head_in_the_years_members_inline_is_recorded_per_row(world, django_app):
    url = reverse("admin:clusters_emulationyear_change", args=[world.year.pk])
    form = django_app.get(url, user=world.admin).forms["emulationyear_form"]
    total = int(form["memberships-TOTAL_FORMS"].value)
    rows = {form[f"memberships-{i}-unit"].value: i for i in range(total)}
    form[f"memberships-{rows[str(world.ha_nam.pk)]}-role"] = "member"
    form[f"memberships-{rows[str(world.nam_dinh.pk)]}-role"] = "head"
    assert form.submit("_save").status_code == 302
    changes = sorted(
        (e.target_repr.split(" — ")[0], e.changes["role"]) for e in _admin_events("admin.change")
    )
    assert changes == [
        ("Hà Nam", ["Cụm trưởng", "Thành viên"]),
        ("Nam Định", ["Thành viên", "Cụm trưởng"]),
    ]
    assert all(e.year == world.year for e in _admin_events())


def test_a_password_is_never_written_to_the_log(world, django_app):
    url = reverse("admin:clusters_user_add")
    form = django_app.get(url, user=world.admin).forms["user_form"]
    form["username"] = "canbomoi"
    form["password1"] = form["password2"] = "Mat-khau-Rat-Dai-2019"
    form["usable_password"] = "true"
    form.submit("_save")
    (added,) = _admin_events("admin.add")
    assert "password" not in added.changes and "Mat-khau" not in str(added.changes)


def test_a_criterion_added_through_the_sheets_inline_belongs_to_the_year(world, django_app):
    from scoring.models import CriteriaSheet

    EmulationYear.objects.filter(pk=world.year.pk).update(phase=EmulationYear.Phase.SETUP)
    sheet = CriteriaSheet.objects.create(year=world.year)
    url = reverse("admin:scoring_criteriasheet_change", args=[sheet.pk])
    form = django_app.get(url, user=world.admin).forms["criteriasheet_form"]
    # The inline's rows are added by the admin's script in a browser; here, by hand.
    fields = dict(form.submit_fields())
    fields.update(
        {
            "criteria-TOTAL_FORMS": "1",
            "criteria-0-code": "I",
            "criteria-0-text": "Thực hiện nhiệm vụ chính trị",
            "criteria-0-kind": "standard",
            "criteria-0-position": "1",
            "criteria-0-sheet": str(sheet.pk),
            "_save": "Lưu",
        }
    )
    django_app.post(url, fields, user=world.admin)
    (added,) = _admin_events("admin.add")
    assert added.year == world.year and added.changes["code"] == ["", "I"]


def test_the_log_is_read_only_in_the_admin(world, as_persona):
    with transaction.atomic():
        audit.record(actor=world.secretariat, action="year.update", target=world.year)
    event = AuditEvent.objects.get()
    admin = as_persona("admin")
    assert admin.get(reverse("admin:clusters_auditevent_changelist")).status_code == 200
    page = admin.get(reverse("admin:clusters_auditevent_change", args=[event.pk]))
    assert page.status_code == 200 and 'name="_save"' not in page.text
    assert admin.get(reverse("admin:clusters_auditevent_add")).status_code == 403
    delete = reverse("admin:clusters_auditevent_delete", args=[event.pk])
    assert admin.post(delete, {"post": "yes"}).status_code == 403
    assert AuditEvent.objects.filter(pk=event.pk).exists()
