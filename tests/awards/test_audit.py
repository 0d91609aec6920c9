"""Every write of the awards app leaves its audit event: who (and their unit), what, on what.

Recipients' events belong to their decision's history; an import writes one per row, and one
per row that "replace all" removed. A refused write changes nothing and writes no event.
"""

from __future__ import annotations

import datetime

import pytest

from awards import services
from awards.models import Decision, Proposal, Recipient
from awards.rules import RecipientRow
from clusters.audit import events_for
from clusters.models import AuditEvent, EmulationYear
from clusters.services import Refused
from tests.awards.helpers import award, decision_post_data, make_decision, make_recipient
from tests.awards.proposal_builders import drafted, voted_round

pytestmark = pytest.mark.django_db


def _only_event(action: str) -> AuditEvent:
    events = list(AuditEvent.objects.filter(action=action))
    assert len(events) == 1, [e.action for e in AuditEvent.objects.all()]
    return events[0]


def _assert_event(event: AuditEvent, *, actor, target, year) -> None:
    assert (event.actor, event.unit_id) == (actor, actor.unit_id)
    assert (event.target_type.model_class(), event.target_id) == (type(target), target.pk)
    assert event.year_id == year.pk and event.cluster_id == year.cluster_id


def _fields() -> dict:
    return {
        **decision_post_data(),
        "date": datetime.date(2019, 3, 15),
    }


def test_a_decision_is_created_updated_and_deleted_with_its_events(world):
    actor = world.secretariat
    decision = services.decision_create(actor=actor, year=world.year, fields=_fields())
    _assert_event(_only_event("decision.create"), actor=actor, target=decision, year=world.year)
    services.decision_update(actor=actor, decision=decision, fields={"number": "601/QĐ-UBND"})
    update = _only_event("decision.update")
    _assert_event(update, actor=actor, target=decision, year=world.year)
    assert update.changes == {"number": ["600/QĐ-UBND", "601/QĐ-UBND"]}
    make_recipient(decision)
    pk = decision.pk
    services.decision_delete(actor=actor, decision=decision)
    deleted = _only_event("decision.delete")
    assert (deleted.actor, deleted.target_id, deleted.year_id) == (actor, pk, world.year.pk)
    assert "601/QĐ-UBND" in deleted.summary and "1 người, tập thể" in deleted.summary
    assert not Decision.objects.exists()


def test_recipients_events_are_the_decisions_history(world):
    actor = world.secretariat
    decision = make_decision(world.year)
    recipient = services.recipient_create(
        actor=actor,
        decision=decision,
        fields={"kind": "individual", "name": "Đặng Thị Bích", "award_type": award()},
    )
    services.recipient_update(
        actor=actor, recipient=recipient, fields={"name": "Đặng Thị Bích Ngọc"}
    )
    services.recipient_delete(actor=actor, recipient=recipient)
    history = list(events_for(decision))
    assert [e.action for e in history] == [
        "recipient.delete",
        "recipient.update",
        "recipient.create",
    ]
    for event in history:
        _assert_event(event, actor=actor, target=decision, year=world.year)
    assert history[1].changes == {"name": ["Đặng Thị Bích", "Đặng Thị Bích Ngọc"]}
    assert "Đặng Thị Bích Ngọc" in history[0].summary


def _row(number: int, name: str) -> RecipientRow:
    return RecipientRow(
        row=number,
        kind="collective",
        name=name,
        position="",
        organisation="",
        unit_id=None,
        award_type_id=award().pk,
        achievement="",
    )


def test_an_import_writes_one_event_per_row_and_per_row_it_replaced(world):
    decision = make_decision(world.year)
    make_recipient(decision, "Người cũ A")
    make_recipient(decision, "Người cũ B")
    services.recipients_import(
        actor=world.secretariat,
        decision=decision,
        rows=[_row(2, "Tập thể một"), _row(3, "Tập thể hai"), _row(4, "Tập thể ba")],
        replace=True,
    )
    imported = AuditEvent.objects.filter(action="recipients.import").order_by("pk")
    removed = AuditEvent.objects.filter(action="recipient.delete").order_by("pk")
    assert [e.summary.split(" — ")[0] for e in imported] == [
        "Dòng 2: Tập thể một",
        "Dòng 3: Tập thể hai",
        "Dòng 4: Tập thể ba",
    ]
    assert [e.summary.split(" — ")[0] for e in removed] == ["Người cũ A", "Người cũ B"]
    for event in [*imported, *removed]:
        _assert_event(event, actor=world.secretariat, target=decision, year=world.year)
    assert decision.recipients.count() == 3


def test_every_step_of_a_proposal_is_in_its_history(world):
    actor = world.secretariat
    proposal = services.proposal_draft_from_round(actor=actor, ballot_round=voted_round(world))
    services.proposal_update(
        actor=actor,
        proposal=proposal,
        fields={"number": "12/TTr-CTĐ", "date": datetime.date(2019, 3, 20)},
    )
    services.proposal_send(actor=actor, proposal=proposal)
    services.proposal_decide(actor=actor, proposal=proposal, decision_reference="QĐ 345/QĐ-TTg")
    history = list(events_for(proposal))
    assert [e.action for e in history] == [
        "proposal.decide",
        "proposal.send",
        "proposal.update",
        "proposal.draft",
    ]
    for event in history:
        _assert_event(event, actor=actor, target=proposal, year=world.year)
    assert "Hà Nam (3/4)" in history[3].summary
    assert history[2].changes["number"] == ["", "12/TTr-CTĐ"]
    assert history[0].summary == "QĐ 345/QĐ-TTg"


def _rows() -> tuple:
    return (
        list(Decision.objects.values_list("pk", "number", "signer_name")),
        list(Recipient.objects.values_list("pk", "name")),
        list(Proposal.objects.values_list("pk", "state", "number")),
        AuditEvent.objects.count(),
    )


@pytest.mark.parametrize(
    "refused",
    [
        lambda w, d, r, p: services.decision_create(
            actor=w.secretariat, year=w.year, fields={**_fields(), "number": d.number}
        ),  # the same number
        lambda w, d, r, p: services.decision_update(
            actor=w.secretariat, decision=d, fields={"number": ""}
        ),
        lambda w, d, r, p: services.recipient_create(
            actor=w.secretariat,
            decision=d,
            fields={"kind": "individual", "name": "A", "award_type": award("co-thi-dua-cap-tinh")},
        ),
        lambda w, d, r, p: services.recipient_update(
            actor=w.secretariat, recipient=r, fields={"name": ""}
        ),
        lambda w, d, r, p: services.recipients_import(actor=w.secretariat, decision=d, rows=[]),
        lambda w, d, r, p: services.proposal_send(actor=w.secretariat, proposal=p),  # no number
        lambda w, d, r, p: services.proposal_decide(actor=w.secretariat, proposal=p),  # a draft
        lambda w, d, r, p: services.proposal_draft_from_round(
            actor=w.secretariat, ballot_round=p.ballot_round
        ),  # already drafted
    ],
)
def test_a_refused_write_changes_nothing_and_writes_no_event(world, refused):
    decision = make_decision(world.year)
    recipient = make_recipient(decision)
    proposal = drafted(world)
    before = _rows()
    with pytest.raises(Refused):
        refused(world, decision, recipient, proposal)
    assert _rows() == before


def test_a_refusal_from_the_model_lands_on_its_field(world):
    with pytest.raises(Refused) as refused:
        services.decision_create(
            actor=world.secretariat, year=world.year, fields={**_fields(), "number": ""}
        )
    assert (refused.value.field, refused.value.message) == ("number", "Quyết định phải có số.")
    make_decision(world.year, number="600/QĐ-UBND")
    with pytest.raises(Refused) as refused:
        services.decision_create(actor=world.secretariat, year=world.year, fields=_fields())
    # A constraint across fields: at the top of the form.
    assert refused.value.field is None
    assert refused.value.message == "Năm này đã có quyết định cùng số của cùng người ký."


def test_a_closed_year_refuses_a_draft_from_a_round(world):
    round_ = voted_round(world)
    EmulationYear.objects.filter(pk=world.year.pk).update(phase=EmulationYear.Phase.CLOSED)
    before = _rows()
    with pytest.raises(Refused, match="Năm thi đua đã tổng kết"):
        services.proposal_draft_from_round(actor=world.secretariat, ballot_round=round_)
    assert _rows() == before
