"""The compact signed digitally through the services (campaigns/services.py, compact_signing)."""

from __future__ import annotations

import datetime as dt

import pytest

from campaigns import compact_signing, services
from campaigns.models import CompactRevision, Covenant
from clusters import signing
from tests.campaigns import helpers
from tests.signing.conftest import PASSWORD

pytestmark = pytest.mark.django_db
DAY = dt.date(2019, 3, 20)


def _open(world) -> Covenant:
    covenant = helpers.covenant(world)
    return services.covenant_open(actor=world.secretariat, covenant=covenant)


def test_opening_certifies_the_compact_with_one_empty_field_per_member(world, seal_configured):
    covenant = _open(world)

    (revision,) = CompactRevision.objects.filter(covenant=covenant)
    pdf = bytes(revision.pdf)
    fields = signing.signature_fields(pdf)
    members = {m.unit.slug for m in world.year.memberships.select_related("unit")}
    assert fields == {compact_signing.SEAL_FIELD: True} | {slug: False for slug in members}
    report = signing.validate_pdf(pdf)
    assert report.all_valid
    assert report.certification == signing.Certification.FILL_FORMS


def _members(world):
    return [m.unit for m in world.year.memberships.select_related("unit")]


def _staff(world, unit):
    from clusters.models import User

    return User.objects.filter(unit=unit, role=User.Role.STAFF).first() or _make_staff(unit)


def _make_staff(unit):
    from tests.factories import UserFactory

    return UserFactory(unit=unit)


def _upload(world, pki, unit):
    return services.unit_key_upload(
        actor=_staff(world, unit), unit=unit, data=pki.members[unit.slug], password=PASSWORD
    )


def _sign(world, covenant, unit, signing_way):
    return services.covenant_sign(
        actor=_staff(world, unit),
        covenant=covenant,
        unit=unit,
        full_name=f"Người ký {unit.name}",
        title="Phó Chủ tịch",
        signed_on=DAY,
        signing=signing_way,
    )


def test_every_member_signs_in_the_app_and_every_signature_stays_valid(world, seal_configured):
    covenant = _open(world)
    members = _members(world)
    for count, unit in enumerate(members, start=1):
        _upload(world, seal_configured, unit)
        _sign(world, covenant, unit, compact_signing.InAppSigning(PASSWORD))
        latest = services.latest_revision(covenant)
        assert latest.number == count
        report = signing.validate_pdf(bytes(latest.pdf))
        assert report.all_valid and len(report.signatures) == count + 1
    covenant.refresh_from_db()
    assert covenant.is_signed
    from campaigns.final_documents import stored_compact

    stored = stored_compact(covenant)
    assert stored.file.read() == bytes(services.latest_revision(covenant).pdf)
