"""Writes of the awards app, on the convention of clusters/services.py.

Each is `<thing>_<action>(*, actor, ...)` in one transaction. It locks the year's row first
(`lock_open_year`) and checks the locked copy: otherwise the secretariat could close the year
between our check and our write, and a recipient would be added to a year already closed (closing
updates that row, so it waits for us or we see it closed). It refuses with `Refused`, leaving the
database as it was, and writes its audit event. Who may ask is the view's business
(awards/access.py); the rules here hold whoever calls.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.catalogue import AWARD_FOR_ROUND_KIND, may_grant
from awards.council import council_notify_sent
from awards.decision_documents import issuer_unit
from awards.final_documents import freeze_proposal
from awards.models import AwardType, Decision, Proposal, ProposalItem, Recipient
from awards.queries import quota_checks
from awards.rules import RecipientRow, draft_refusal
from clusters import audit
from clusters.models import EmulationYear, Membership, User
from clusters.services import Refused, lock_open_year
from clusters.text import fold
from scoring.ballots import round_tally
from scoring.models import BallotRound


def _refusal(error: ValidationError) -> Refused:
    """A model's full_clean refusal, its first message next to its field, the others with
    theirs (a constraint's message has no field: at the top)."""
    errors = error.message_dict
    field, messages = next(iter(errors.items()))
    rest = {key: value for key, value in errors.items() if key != field}
    if messages[1:]:
        rest[field] = messages[1:]
    return Refused(messages[0], field=None if field == NON_FIELD_ERRORS else field, errors=rest)


def _clean(instance) -> None:
    try:
        instance.full_clean()
    except ValidationError as error:
        raise _refusal(error) from error


DECISION_FIELDS = (
    "issuer",
    "number",
    "date",
    "place",
    "signer_title",
    "signer_name",
    "achievement",
    "notes",
    "is_sample",
)
RECIPIENT_FIELDS = (
    "kind",
    "award_type",
    "name",
    "position",
    "organisation",
    "unit",
    "achievement",
    "is_sample",
)


def _locked_decision(decision: Decision) -> tuple[EmulationYear, Decision]:
    year = lock_open_year(decision.year_id)
    locked = Decision.objects.select_for_update().get(pk=decision.pk)
    locked.year = year
    return year, locked


def _recipient_line(recipient: Recipient) -> str:
    return f"{recipient.name} — {recipient.award_type.name}"


# The issuer check: a decision grants only what its issuer's kind may grant (a provincial
# chairman never the Government's flag), so no impossible certificate is ever printed.


def issuer_refusal(decision: Decision, award_types: Sequence[AwardType]) -> str | None:
    """Why the decision's issuer cannot grant one of these awards, or None."""
    unit = issuer_unit(decision)
    kind = unit.kind if unit is not None else None
    for award in award_types:
        granted_by = {k.kind for k in award.issuer_kinds.all()}
        if not may_grant(granted_by, kind):
            return _("%(issuer)s không có thẩm quyền tặng “%(award)s”.") % {
                "issuer": decision.issuer,
                "award": award.name,
            }
    return None


def _check_issuer(decision: Decision, award_types: Sequence[AwardType], field: str) -> None:
    refusal = issuer_refusal(decision, award_types)
    if refusal:
        raise Refused(refusal, field=field)


@transaction.atomic
def decision_create(
    *, actor: User | None, year: EmulationYear, fields: Mapping[str, Any]
) -> Decision:
    year = lock_open_year(year)
    decision = Decision(year=year, **fields)
    _clean(decision)
    decision.save()
    audit.record(
        actor=actor,
        action="decision.create",
        target=decision,
        summary=f"{decision.issuer}: {decision}",
    )
    return decision


@transaction.atomic
def decision_update(
    *, actor: User | None, decision: Decision, fields: Mapping[str, Any]
) -> Decision:
    # The copy in the database, not the one a form may already have changed: the event says
    # what really changed.
    _year, locked = _locked_decision(decision)
    before = audit.snapshot(locked, DECISION_FIELDS)
    for name, value in fields.items():
        setattr(locked, name, value)
    _clean(locked)
    awarded = AwardType.objects.filter(recipients__decision=locked).distinct()
    _check_issuer(locked, list(awarded), field="issuer")
    locked.save()
    audit.record(
        actor=actor,
        action="decision.update",
        target=locked,
        changes=audit.diff(before, audit.snapshot(locked, DECISION_FIELDS)),
    )
    return locked


@transaction.atomic
def decision_delete(*, actor: User | None, decision: Decision) -> None:
    year, locked = _locked_decision(decision)
    count = locked.recipients.count()
    # Written before the row goes, while it still has its id; the year's log keeps it.
    audit.record(
        actor=actor,
        action="decision.delete",
        target=locked,
        year=year,
        summary=_("%(decision)s, với %(count)d người, tập thể được khen")
        % {"decision": locked, "count": count},
    )
    locked.delete()  # its recipients go with it


def _next_order(decision: Decision) -> int:
    return (decision.recipients.aggregate(last=Max("order"))["last"] or 0) + 1


@transaction.atomic
def recipient_create(
    *, actor: User | None, decision: Decision, fields: Mapping[str, Any]
) -> Recipient:
    year, locked = _locked_decision(decision)
    recipient = Recipient(decision=locked, order=_next_order(locked), **fields)
    _clean(recipient)
    _check_issuer(locked, [recipient.award_type], field="award_type")
    recipient.save()
    audit.record(
        actor=actor,
        action="recipient.create",
        target=locked,
        year=year,
        summary=_recipient_line(recipient),
    )
    return recipient


@transaction.atomic
def recipient_update(
    *, actor: User | None, recipient: Recipient, fields: Mapping[str, Any]
) -> Recipient:
    year, decision = _locked_decision(recipient.decision)
    locked = Recipient.objects.select_for_update().get(pk=recipient.pk)
    locked.decision = decision
    before = audit.snapshot(locked, RECIPIENT_FIELDS)
    for name, value in fields.items():
        setattr(locked, name, value)
    _clean(locked)
    _check_issuer(decision, [locked.award_type], field="award_type")
    locked.save()
    audit.record(
        actor=actor,
        action="recipient.update",
        target=decision,
        year=year,
        summary=_recipient_line(locked),
        changes=audit.diff(before, audit.snapshot(locked, RECIPIENT_FIELDS)),
    )
    return locked


@transaction.atomic
def recipient_delete(*, actor: User | None, recipient: Recipient) -> None:
    year, decision = _locked_decision(recipient.decision)
    locked = Recipient.objects.select_related("award_type").get(pk=recipient.pk)
    audit.record(
        actor=actor,
        action="recipient.delete",
        target=decision,
        year=year,
        summary=_recipient_line(locked),
    )
    locked.delete()


@transaction.atomic
def recipients_import(
    *,
    actor: User | None,
    decision: Decision,
    rows: Sequence[RecipientRow],
    replace: bool = False,
    is_sample: bool = False,
) -> list[Recipient]:
    """Add (or, with `replace`, substitute) the decision's recipients: all rows or none.

    The rows have been validated (awards.rules.parse_recipient_rows); the database constraints
    still stand behind them, and any failure rolls the whole import back. Each imported row, and
    each row "replace" removed, is an event of the decision's history.
    """
    if not rows:
        raise Refused(_("Không có dòng nào để nhập."), field="file")
    year, decision = _locked_decision(decision)
    awards = AwardType.objects.in_bulk({row.award_type_id for row in rows})
    for row in rows:
        refusal = issuer_refusal(decision, [awards[row.award_type_id]])
        if refusal:
            raise Refused(
                _("Dòng %(row)d: %(refusal)s") % {"row": row.row, "refusal": refusal}, field="file"
            )
    if replace:
        removed = list(decision.recipients.select_related("award_type"))
        audit.record_many(
            actor=actor,
            action="recipient.delete",
            targets=[(decision, _recipient_line(r)) for r in removed],
            year=year,
        )
        decision.recipients.all().delete()
    start = _next_order(decision)
    created = Recipient.objects.bulk_create(
        Recipient(
            decision=decision,
            kind=row.kind,
            name=row.name,
            search_name=fold(row.name),  # bulk_create skips save()
            position=row.position,
            organisation=row.organisation,
            unit_id=row.unit_id,
            award_type_id=row.award_type_id,
            achievement=row.achievement,
            order=start + offset,
            is_sample=is_sample,
        )
        for offset, row in enumerate(rows)
    )
    award_names = dict(
        AwardType.objects.filter(pk__in={row.award_type_id for row in rows}).values_list(
            "pk", "name"
        )
    )
    audit.record_many(
        actor=actor,
        action="recipients.import",
        targets=[
            (
                decision,
                _("Dòng %(row)d: %(name)s — %(award)s")
                % {"row": row.row, "name": row.name, "award": award_names[row.award_type_id]},
            )
            for row in rows
        ],
        year=year,
    )
    return created


# Proposals (tờ trình). Each write locks the year row (closing waits, see above) and then the
# proposal row: two officers sending, deciding or editing at once are served one after the other,
# and the second sees the state the first left.

PROPOSAL_FIELDS = ("number", "date", "signer_title", "signer_name")


@transaction.atomic
def proposal_draft_from_round(*, actor: User | None, ballot_round: BallotRound) -> Proposal:
    """The draft proposal of a closed flag or PM-certificate round: its elected units and votes."""
    year = lock_open_year(ballot_round.year_id)
    # The round row too: a second request for the same round waits here, then finds ours.
    ballot_round = BallotRound.objects.select_for_update().get(pk=ballot_round.pk)
    ballot_round.year = year
    proposes = ballot_round.kind in AWARD_FOR_ROUND_KIND
    closed = ballot_round.state == BallotRound.State.CLOSED
    tally = round_tally(ballot_round) if proposes and closed else None
    refusal = draft_refusal(
        round_closed=closed,
        round_proposes=proposes,
        has_tie=bool(tally and tally.has_tie),
        elected=len(tally.elected) if tally else 0,
        already_drafted=Proposal.objects.filter(ballot_round=ballot_round).exists(),
    )
    if refusal:
        raise Refused(refusal)
    award_type = AwardType.objects.filter(
        code=AWARD_FOR_ROUND_KIND[ballot_round.kind], is_active=True
    ).first()
    if award_type is None:
        raise Refused(
            _("Danh mục chưa có hình thức khen thưởng đang áp dụng cho vòng bỏ phiếu này.")
        )
    head = year.memberships.filter(role=Membership.Role.HEAD).first()
    signer = year.representatives.filter(unit_id=head.unit_id).first() if head else None
    try:
        with transaction.atomic():  # a savepoint: the unique constraint is the last word
            proposal = Proposal.objects.create(
                year=year,
                ballot_round=ballot_round,
                award_type=award_type,
                signer_title=signer.title if signer else "",
                signer_name=signer.full_name if signer else "",
                created_by=actor,
                is_sample=ballot_round.is_sample,
            )
    except IntegrityError as error:
        raise Refused(_("Vòng bỏ phiếu này đã có tờ trình.")) from error
    elected = [row for row in tally.rows if row.elected]
    ProposalItem.objects.bulk_create(
        ProposalItem(
            proposal=proposal,
            unit=row.unit,
            votes=row.votes,
            share=f"{row.votes}/{tally.members}",
            position=position,
        )
        for position, row in enumerate(elected, start=1)
    )
    audit.record(
        actor=actor,
        action="proposal.draft",
        target=proposal,
        summary=", ".join(f"{row.unit.name} ({row.votes}/{tally.members})" for row in elected),
    )
    return proposal


def _lock_proposal(proposal: Proposal) -> Proposal:
    year = lock_open_year(proposal.year_id)
    locked = (
        Proposal.objects.select_for_update(of=("self",))
        .select_related("award_type")
        .get(pk=proposal.pk)
    )
    locked.year = year
    return locked


@transaction.atomic
def proposal_update(
    *, actor: User | None, proposal: Proposal, fields: Mapping[str, Any]
) -> Proposal:
    """Number, date and signer of a draft; a sent letter is what was sent."""
    locked = _lock_proposal(proposal)
    if not locked.is_draft:
        raise Refused(_("Tờ trình đã gửi, không sửa được nữa."))
    before = audit.snapshot(locked, PROPOSAL_FIELDS)
    for name in PROPOSAL_FIELDS:
        if name in fields:
            setattr(locked, name, fields[name])
    _clean(locked)
    locked.save(update_fields=list(PROPOSAL_FIELDS))
    audit.record(
        actor=actor,
        action="proposal.update",
        target=locked,
        changes=audit.diff(before, audit.snapshot(locked, PROPOSAL_FIELDS)),
    )
    return locked


@transaction.atomic
def proposal_delete(*, actor: User | None, proposal: Proposal) -> None:
    """Withdraw a draft letter: its round may be drafted again. A sent letter stays."""
    locked = _lock_proposal(proposal)
    if not locked.is_draft:
        raise Refused(_("Tờ trình đã gửi, không xóa được."))
    year = locked.year
    # Written before the row goes, while it still has its id; the year's log keeps it.
    audit.record(
        actor=actor,
        action="proposal.delete",
        target=locked,
        year=year,
        summary=_("%(proposal)s, %(count)d đơn vị được đề nghị")
        % {"proposal": locked, "count": locked.items.count()},
    )
    locked.delete()


@transaction.atomic
def proposal_send(*, actor: User | None, proposal: Proposal) -> Proposal:
    locked = _lock_proposal(proposal)
    if not locked.is_draft:
        raise Refused(_("Tờ trình đã được gửi trước đó."))
    missing = [
        label
        for label, value in ((_("số"), locked.number), (_("ngày ký"), locked.date))
        if not value
    ]
    if missing:
        raise Refused(
            _("Chưa gửi được: tờ trình còn thiếu %(fields)s.") % {"fields": ", ".join(missing)}
        )
    locked.state = Proposal.State.SENT
    locked.sent_at = timezone.now()
    checks = quota_checks(locked.year, locked.award_type_id, locked.items.count(), on=locked.date)
    locked.quota_snapshot = [check.as_json() for check in checks]
    locked.save(update_fields=["state", "sent_at", "quota_snapshot"])
    audit.record(
        actor=actor,
        action="proposal.send",
        target=locked,
        summary=_("Số %(number)s ngày %(date)s")
        % {"number": locked.number, "date": f"{locked.date:%d/%m/%Y}"},
    )
    freeze_proposal(locked)  # the letter as sent is a file from now on, never re-rendered
    # The council's officers hear of it with the send itself (issue 11): the notice exists
    # exactly when the proposal is sent.
    council_notify_sent(locked)
    return locked


@transaction.atomic
def proposal_decide(
    *, actor: User | None, proposal: Proposal, decision_reference: str = ""
) -> Proposal:
    locked = _lock_proposal(proposal)
    if locked.state != Proposal.State.SENT:
        raise Refused(_("Chỉ ghi nhận quyết định cho tờ trình đã gửi."))
    locked.state = Proposal.State.DECIDED
    locked.decided_at = timezone.now()
    locked.decision_reference = decision_reference.strip()
    _clean(locked)
    locked.save(update_fields=["state", "decided_at", "decision_reference"])
    audit.record(
        actor=actor,
        action="proposal.decide",
        target=locked,
        summary=locked.decision_reference,
    )
    return locked
