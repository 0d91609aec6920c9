"""The covenant through its pages: draft, open for signature, sign, freeze, amend; bad input."""

import pytest
from django.urls import reverse

from campaigns.models import Covenant, CovenantClause, CovenantSignature
from clusters.models import EmulationYear, Representative, Unit
from tests.campaigns import helpers

pytestmark = pytest.mark.django_db

SIGNATURE = {
    "full_name": "Đặng Văn Nam",
    "title": "Phó Chủ tịch UBND tỉnh",
    "signed_on": "20/03/2019",
}


def _url(world, name, *extra):
    return reverse(f"campaigns:{name}", args=[world.cluster.slug, world.year.year, *extra])


def _messages(response) -> str:
    return " ".join(str(m) for m in response.context["messages"])


def _sign(client, world, unit, data=SIGNATURE):
    return client.post(_url(world, "covenant_sign", unit.slug), data, follow=True)


def _state(world) -> tuple:
    """Everything a refused action must leave as it was."""
    covenants = list(Covenant.objects.order_by("version").values_list("version", "state"))
    clauses = list(CovenantClause.objects.order_by("pk").values_list("number", "content"))
    signatures = list(
        CovenantSignature.objects.order_by("pk").values_list("unit_id", "full_name", "signed_on")
    )
    return covenants, clauses, signatures


def test_secretariat_drafts_opens_and_members_sign_until_the_compact_is_signed(world, as_persona):
    helpers.representatives(world)
    secretariat = as_persona("secretariat")
    response = secretariat.post(
        _url(world, "covenant_edit"),
        {
            "preamble": "Các tỉnh thống nhất ký kết.",
            "signing_place": "Hà Nam",
            "signing_date": "20/03/2019",
            "clauses-TOTAL_FORMS": "3",
            "clauses-INITIAL_FORMS": "0",
            "clauses-0-number": "2",
            "clauses-0-content": "Tuyên truyền điển hình.",
            "clauses-0-target": "12 tin bài",
            "clauses-1-number": "1",
            "clauses-1-content": "Quán triệt Chỉ thị 34-CT/TW.",
            # the third form is left empty: ignored
        },
    )
    assert response.status_code == 302
    covenant = Covenant.objects.get(year=world.year)
    assert covenant.state == "draft" and covenant.version == 1
    assert list(covenant.clauses.values_list("number", "content", "target")) == [
        (1, "Quán triệt Chỉ thị 34-CT/TW.", ""),
        (2, "Tuyên truyền điển hình.", "12 tin bài"),
    ]
    assert str(covenant.signing_date) == "2019-03-20"

    secretariat.post(_url(world, "covenant_open"))
    covenant.refresh_from_db()
    assert covenant.state == "open"

    # The sign form is pre-filled with the unit's representative.
    page = as_persona("own").get(_url(world, "covenant_sign", world.nam_dinh.slug))
    assert "Đại diện Nam Định" in page.content.decode()

    _sign(as_persona("own"), world, world.nam_dinh)
    response = _sign(as_persona("other"), world, world.thai_binh)
    assert "Đã ghi nhận chữ ký của Thái Bình." in _messages(response)
    still = response.content.decode().split('data-testid="still-to-sign"')[1].split("</div>")[0]
    assert "Còn 2 đơn vị chưa ký" in still and "Hà Nam" in still and "Hải Dương" in still
    assert "Nam Định" not in still
    signature = CovenantSignature.objects.get(unit=world.nam_dinh)
    assert (signature.full_name, signature.recorded_by) == ("Đặng Văn Nam", world.own)

    _sign(secretariat, world, world.ha_nam)  # the secretariat signs for its own unit
    covenant.refresh_from_db()
    assert covenant.state == "open"
    client = as_persona("anonymous")
    client.force_login(helpers.hai_duong_staff(world))
    _sign(client, world, Unit.objects.get(slug="hai-duong"))
    covenant.refresh_from_db()
    assert covenant.state == "signed" and covenant.signed_at is not None
    assert covenant.appendix_snapshot == []  # no score sheet registered: no appendix
    assert covenant.signatures.count() == 4


def test_the_dashboard_lists_who_still_has_to_sign(world, as_persona):
    helpers.covenant(world, Covenant.State.OPEN, signed=[world.nam_dinh])
    page = as_persona("viewer").get(world.year.get_absolute_url()).content.decode()
    rows = page.split('data-testid="members"')[1]
    thai_binh_row = rows.split("Thái Bình")[1].split("</tr>")[0]
    nam_dinh_row = rows.split("Nam Định")[1].split("</tr>")[0]
    assert "Ký giao ước" in thai_binh_row and "Ký giao ước" not in nam_dinh_row
    assert "Giao ước thi đua" in page  # the year link


def test_signing_twice_is_refused_and_the_first_signature_stays(world, as_persona):
    helpers.covenant(world, Covenant.State.OPEN)
    _sign(as_persona("own"), world, world.nam_dinh)
    before = _state(world)
    response = _sign(as_persona("own"), world, world.nam_dinh, {**SIGNATURE, "full_name": "Khác"})
    assert "Đơn vị đã ký giao ước này rồi." in _messages(response)
    assert _state(world) == before


def test_signing_for_another_unit_is_forbidden(world, as_persona):
    helpers.covenant(world, Covenant.State.OPEN)
    before = _state(world)
    for persona in ("own", "secretariat", "viewer"):
        response = as_persona(persona).post(
            _url(world, "covenant_sign", world.thai_binh.slug), SIGNATURE
        )
        assert response.status_code == 403
    assert _state(world) == before


@pytest.mark.parametrize(
    ("state", "signed", "message"),
    [
        ("draft", [], "Giao ước còn là dự thảo, chưa mở ký kết."),
        ("signed", ["ha_nam", "thai_binh"], "Giao ước đã ký kết xong, không ký thêm được."),
    ],
)
def test_signing_a_draft_or_a_frozen_compact_is_refused(world, as_persona, state, signed, message):
    helpers.covenant(world, state, signed=[getattr(world, name) for name in signed])
    before = _state(world)
    response = _sign(as_persona("own"), world, world.nam_dinh)
    assert message in _messages(response)
    assert _state(world) == before


@pytest.mark.parametrize("state", ["open", "signed"])
def test_clauses_of_an_open_or_signed_compact_cannot_be_edited(world, as_persona, state):
    helpers.covenant(world, state)
    before = _state(world)
    response = as_persona("secretariat").post(
        _url(world, "covenant_edit"),
        {
            "signing_place": "Nơi khác",
            "clauses-TOTAL_FORMS": "1",
            "clauses-INITIAL_FORMS": "0",
            "clauses-0-content": "Điều khoản chen vào.",
        },
        follow=True,
    )
    assert "không sửa được" in _messages(response)
    assert _state(world) == before
    assert Covenant.objects.get().signing_place == "Hà Nam"


def test_opening_needs_clauses(world, as_persona):
    covenant = helpers.covenant(world)
    covenant.clauses.all().delete()
    response = as_persona("secretariat").post(_url(world, "covenant_open"), follow=True)
    assert "Giao ước chưa có điều khoản nào." in _messages(response)
    assert Covenant.objects.get().state == "draft"


def test_a_closed_year_refuses_everything(world, as_persona):
    helpers.covenant(world, Covenant.State.OPEN)
    EmulationYear.objects.filter(pk=world.year.pk).update(phase=EmulationYear.Phase.CLOSED)
    before = _state(world)
    response = _sign(as_persona("own"), world, world.nam_dinh)
    assert "Năm thi đua đã tổng kết" in _messages(response)
    as_persona("secretariat").post(_url(world, "covenant_open"))
    as_persona("secretariat").post(_url(world, "covenant_amend"))
    as_persona("secretariat").post(
        _url(world, "covenant_edit"),
        {"clauses-TOTAL_FORMS": "1", "clauses-INITIAL_FORMS": "0", "clauses-0-content": "X"},
    )
    assert _state(world) == before


def test_amending_a_signed_compact_makes_a_new_draft_version(world, as_persona):
    helpers.signed_covenant(world)
    before = _state(world)
    as_persona("secretariat").post(_url(world, "covenant_amend"))
    v1, v2 = Covenant.objects.order_by("version")
    assert (v1.version, v1.state, v2.version, v2.state) == (1, "signed", 2, "draft")
    assert list(v2.clauses.values_list("number", "content")) == list(
        v1.clauses.values_list("number", "content")
    )
    assert _state(world)[2] == before[2]  # signatures of v1 kept, none on v2
    # Amending v1 again is refused: it already has an amendment.
    response = as_persona("secretariat").post(_url(world, "covenant_amend"), follow=True)
    assert "Chỉ sửa đổi được giao ước đã ký kết." in _messages(response)
    assert Covenant.objects.count() == 2


def test_a_signature_keeps_the_name_it_was_signed_with(world, as_persona):
    helpers.representatives(world)
    helpers.covenant(world, Covenant.State.OPEN)
    _sign(as_persona("own"), world, world.nam_dinh, {**SIGNATURE, "full_name": "Đại diện Nam Định"})
    Representative.objects.filter(unit=world.nam_dinh).update(full_name="Người Mới")
    html = as_persona("own").get(_url(world, "covenant_document", 1)).content.decode()
    assert "Đại diện Nam Định" in html and "Người Mới" not in html
