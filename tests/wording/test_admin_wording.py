"""The administrator corrects a kind's wording and a unit's official names in the admin, as data:
audited, and read by the next document."""

from __future__ import annotations

import pytest
from django.urls import reverse

from clusters import wording
from clusters.models import AuditEvent, UnitKindWording

pytestmark = pytest.mark.django_db


def test_every_kind_has_its_row_with_the_laws_defaults():
    rows = {row.kind: row for row in UnitKindWording.objects.all()}
    assert set(rows) == set(wording.DEFAULTS)
    assert rows["province"].council == "Ủy ban nhân dân" and rows["agency"].council == ""
    assert (rows["agency"].head_title, rows["agency"].deputy_title) == ("Bộ trưởng", "Thứ trưởng")
    assert rows["agency"].locality == "Hà Nội" and rows["party"].on_behalf == "K/T"


def test_the_administrator_corrects_a_kind_and_the_next_document_reads_it(world, django_app):
    row = UnitKindWording.objects.get(kind="agency")
    page = django_app.get(
        reverse("admin:clusters_unitkindwording_change", args=[row.pk]), user=world.admin
    )
    form = page.forms["unitkindwording_form"]
    form["head_title"] = "Chủ nhiệm"
    form["deputy_title"] = "Phó Chủ nhiệm"
    assert form.submit().status_code == 302
    event = AuditEvent.objects.get(action="admin.change")
    assert event.changes["head_title"] == ["Bộ trưởng", "Chủ nhiệm"]
    world.ha_nam.kind = "agency"
    world.ha_nam.name = "Ủy ban Dân tộc"
    world.ha_nam.save()
    words = wording.for_unit(world.ha_nam)
    assert words.signer_titles("Phó Chủ nhiệm Ủy ban Dân tộc") == ["KT. CHỦ NHIỆM", "PHÓ CHỦ NHIỆM"]
    # Nobody adds or removes a kind here: one row each, seeded.
    assert (
        django_app.get(
            reverse("admin:clusters_unitkindwording_add"), user=world.admin, expect_errors=True
        ).status_code
        == 403
    )


def test_a_units_official_names_come_before_its_kinds(world, django_app):
    page = django_app.get(
        reverse("admin:clusters_unit_change", args=[world.ha_nam.pk]), user=world.admin
    )
    form = page.forms["unit_form"]
    form["kind"] = "city"
    form["name"] = "TP Hồ Chí Minh"
    form["full_name"] = "Thành phố Hồ Chí Minh"
    form["locality"] = "Thành phố Hồ Chí Minh"
    assert form.submit().status_code == 302
    world.ha_nam.refresh_from_db()
    words = wording.for_unit(world.ha_nam)
    assert words.authority == ["TM. ỦY BAN NHÂN DÂN", "THÀNH PHỐ HỒ CHÍ MINH"]
    assert words.body == "Ủy ban nhân dân Thành phố Hồ Chí Minh"
    assert words.head == "Chủ tịch Ủy ban nhân dân Thành phố Hồ Chí Minh"
    assert words.locality == "Thành phố Hồ Chí Minh"
