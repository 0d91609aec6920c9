"""Documents are Vietnamese whatever the interface language, and a signed compact's snapshot
never holds a translated label (it is kept for good)."""

import io

import pytest
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from campaigns.models import Covenant
from clusters.models import Unit
from tests.campaigns import helpers
from tests.factories import UserFactory
from tests.scoring.ballot_builders import ballot_round
from tests.scoring.builders import make_sheet

pytestmark = pytest.mark.django_db
ENGLISH_KINDS = ("Standard points", "Bonus points", "Deduction")


def _english(user) -> Client:
    client = Client()
    client.force_login(user)
    client.post(reverse("set_language"), {"language": "en"})
    return client


def _pdf_text(response) -> str:
    assert response["Content-Type"] == "application/pdf"
    pages = PdfReader(io.BytesIO(response.getvalue())).pages
    return " ".join(" ".join(page.extract_text() for page in pages).split())


def test_a_compact_signed_and_minutes_printed_from_an_english_interface_are_vietnamese(world):
    make_sheet(world.year)
    covenant = helpers.covenant(world, Covenant.State.OPEN)
    members = [m.unit for m in world.year.memberships.select_related("unit")]
    for unit in members:
        client = _english(UserFactory(unit=unit))
        response = client.post(
            reverse("campaigns:covenant_sign", args=[world.cluster.slug, 2018, unit.slug]),
            {"full_name": f"Người ký {unit.name}", "title": "Chủ tịch UBND tỉnh",
             "signed_on": "20/03/2019"},
        )  # fmt: skip
        assert response.status_code == 302, unit
    covenant.refresh_from_db()
    assert covenant.state == Covenant.State.SIGNED

    kinds = {row["kind"] for row in covenant.appendix_snapshot}
    assert {"Điểm chuẩn", "Điểm thưởng", "Điểm trừ"} <= kinds
    assert not kinds & set(ENGLISH_KINDS)

    reader = _english(UserFactory(unit=Unit.objects.get(slug="hai-duong")))
    assert (
        "Sign"
        in reader.get(reverse("campaigns:covenant_detail", args=[world.cluster.slug, 2018])).text
    )  # the interface really is English
    compact = _pdf_text(
        reader.get(reverse("campaigns:covenant_pdf", args=[world.cluster.slug, 2018, 1]))
    )
    assert (
        "Điểm chuẩn" in compact and "Điểm trừ" in compact and "Phụ lục".upper() in compact.upper()
    )
    assert not any(word in compact for word in ENGLISH_KINDS)

    round_ = ballot_round(world.year, state="closed")
    minutes = _pdf_text(
        reader.get(reverse("scoring:round_minutes", args=[world.cluster.slug, 2018, round_.pk]))
    )
    assert "BIÊN BẢN" in minutes and "kiểm phiếu đề nghị tặng Cờ thi đua của Chính phủ" in minutes
    assert "proposal" not in minutes.lower() and "government" not in minutes.lower()
