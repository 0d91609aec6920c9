"""A decision grants only what its issuer's kind may grant: a provincial chairman never the
Government's flag, a minister his own certificate of merit. Refused next to the field, nothing
saved, and no certificate printed for an impossible decision."""

from __future__ import annotations

import pytest

from awards import services
from awards.catalogue import ISSUER_KINDS
from awards.models import AwardType
from clusters.services import Refused
from tests.awards.helpers import award, make_decision, make_recipient, url

pytestmark = pytest.mark.django_db

FLAG = "co-thi-dua-chinh-phu"
REFUSAL = (
    "Chủ tịch Ủy ban nhân dân tỉnh Hà Nam không có thẩm quyền tặng “Cờ thi đua của Chính phủ”."
)


def test_the_catalogue_says_who_grants_what():
    def kinds(code: str) -> set[str]:
        return set(AwardType.objects.get(code=code).issuer_kinds.values_list("kind", flat=True))

    assert kinds("bang-khen-chu-tich-ubnd-tinh") == {"province"}
    assert kinds("bang-khen-chu-tich-ubnd-thanh-pho") == {"city"}
    assert kinds("bang-khen-bo-truong") == {"agency"}
    assert kinds(FLAG) == set() and kinds("bang-khen-thu-tuong") == set()
    assert set(ISSUER_KINDS) <= set(AwardType.objects.values_list("code", flat=True))


def test_the_recipient_form_offers_only_what_the_chairman_grants_and_explains_a_forced_flag(
    world, django_app
):
    decision = make_decision(world.year)
    page = django_app.get(
        url("awards:recipient_create", world, decision.pk), user=world.secretariat
    )
    form = next(f for f in page.forms.values() if "award_type" in f.fields)
    offered = {label for _value, _selected, label in form["award_type"].options}
    assert "Bằng khen của Chủ tịch UBND tỉnh" in offered
    assert "Cờ thi đua của Chính phủ" not in offered and "Bằng khen của Bộ trưởng" not in offered
    form["kind"] = "collective"
    form["name"] = "Ban Thi đua - Khen thưởng tỉnh Nam Định"
    form["award_type"].force_value(str(award(FLAG).pk))
    response = form.submit()
    assert response.status_code == 200
    feedback = response.html.select_one("#id_award_type ~ .invalid-feedback, .invalid-feedback")
    assert feedback is not None and REFUSAL in feedback.text
    assert not decision.recipients.exists()


def test_the_services_refuse_the_flag_in_every_way_in(world):
    decision = make_decision(world.year)
    actor = world.secretariat
    with pytest.raises(Refused) as refused:
        services.recipient_create(
            actor=actor,
            decision=decision,
            fields={"kind": "collective", "name": "Sở Nội vụ", "award_type": award(FLAG)},
        )
    assert refused.value.field == "award_type" and str(refused.value) == REFUSAL
    recipient = make_recipient(decision)
    with pytest.raises(Refused):
        services.recipient_update(
            actor=actor, recipient=recipient, fields={"award_type": award("bang-khen-bo-truong")}
        )
    # The issuer changed to one who cannot grant what the decision already awards.
    world.nam_dinh.kind = "city"
    world.nam_dinh.save()
    with pytest.raises(Refused) as refused:
        services.decision_update(
            actor=actor,
            decision=decision,
            fields={"issuer": "Chủ tịch Ủy ban nhân dân thành phố Nam Định"},
        )
    assert refused.value.field == "issuer"
    decision.refresh_from_db()
    assert decision.issuer == "Chủ tịch Ủy ban nhân dân tỉnh Hà Nam"
    assert decision.recipients.get().award_type.code == "bang-khen-chu-tich-ubnd-tinh"


def test_an_impossible_decision_recorded_before_the_check_prints_no_certificate(world, as_persona):
    decision = make_decision(world.year)
    make_recipient(decision, "Sở Nội vụ tỉnh Nam Định", kind="collective", award_code=FLAG)
    client = as_persona("own")
    for name in ("awards:decision_certificates", "awards:decision_certificates_blank"):
        response = client.get(url(name, world, decision.pk), follow=True)
        assert response["Content-Type"].startswith("text/html")
        assert f"Không in bằng: {REFUSAL}" in response.text
