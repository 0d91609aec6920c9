"""A letter is sealed when it is sent, through its page: the secretariat sends it, the download
is the sealed file; with the seal required and missing, the sending is refused with the reason
and nothing changes."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from awards import services
from clusters import seal, signing
from clusters.models import StoredDocument
from tests.awards.proposal_builders import drafted
from tests.signing.seal_helpers import configure_seal, qr_codes

pytestmark = pytest.mark.django_db


def _ready(world):
    proposal = drafted(world)
    services.proposal_update(
        actor=world.secretariat,
        proposal=proposal,
        fields={"number": "12/TTr-CTĐ", "date": dt.date(2019, 3, 20), "signer_name": "Trần Văn B"},
    )
    return proposal


def _send(django_app, world, proposal):
    page = django_app.get(proposal.get_absolute_url(), user=world.secretariat)
    return page.forms["proposal-send-form"].submit().follow()


def test_a_letter_sent_through_its_page_is_stored_sealed(django_app, world, settings, tmp_path):
    configure_seal(settings, tmp_path)
    proposal = _ready(world)

    _send(django_app, world, proposal)

    proposal.refresh_from_db()
    assert proposal.state == "sent"
    url = reverse(
        "awards:proposal_document", args=[world.cluster.slug, world.year.year, proposal.pk]
    )
    download = django_app.get(url, user=world.secretariat)
    stored = StoredDocument.objects.get(kind=StoredDocument.Kind.PROPOSAL)
    assert download.headers["X-Document-Code"] == stored.display_code
    report = signing.validate_pdf(download.body)
    assert [(s.field_name, s.status) for s in report.signatures] == [
        (seal.SEAL_FIELD, signing.Status.VALID)
    ]
    assert qr_codes(download.body, page=-1) == [
        f"{settings.SITE_URL}/kiem-tra/{stored.display_code}/"
    ]


def test_with_the_seal_required_and_missing_the_letter_is_not_sent(django_app, world, settings):
    settings.SIGNING_PKCS12_PATH = ""
    settings.SIGNING_REQUIRE_SEAL = True
    proposal = _ready(world)

    page = _send(django_app, world, proposal)

    assert "chưa được cấu hình con dấu số" in page.text
    proposal.refresh_from_db()
    assert proposal.state == "draft" and proposal.sent_at is None
    assert not StoredDocument.objects.exists()
