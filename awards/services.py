"""Writes of the awards app. Each runs in one transaction and refuses a closed year.

The year row is locked (`select_for_update`) before the check: otherwise the secretariat could
close the year between our check and our write, and a recipient would be added to a year
already closed. Closing the year updates that row, so it waits for us (or we see it closed).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.catalogue import AWARD_FOR_ROUND_KIND
from awards.models import AwardType, Decision, Proposal, ProposalItem, Recipient
from awards.queries import quota_checks
from awards.rules import RecipientRow, draft_refusal
from clusters import access
from clusters.models import EmulationYear, Membership, User
from clusters.text import fold
from scoring.ballots import round_tally
from scoring.models import BallotRound


class YearClosed(ValidationError):
    pass


def _lock_open_year(year_id: int) -> EmulationYear:
    year = EmulationYear.objects.select_for_update().get(pk=year_id)
    if year.is_closed:
        raise YearClosed(_("Năm thi đua đã tổng kết, không thể sửa đổi khen thưởng."))
    return year


def decision_create(*, year: EmulationYear, fields: dict[str, Any]) -> Decision:
    with transaction.atomic():
        _lock_open_year(year.pk)
        decision = Decision(year=year, **fields)
        decision.full_clean()
        decision.save()
    return decision


def decision_update(*, decision: Decision, fields: dict[str, Any]) -> Decision:
    with transaction.atomic():
        _lock_open_year(decision.year_id)
        for name, value in fields.items():
            setattr(decision, name, value)
        decision.full_clean()
        decision.save()
    return decision


def decision_delete(*, decision: Decision) -> None:
    with transaction.atomic():
        _lock_open_year(decision.year_id)
        decision.delete()  # its recipients go with it


def _next_order(decision: Decision) -> int:
    return (decision.recipients.aggregate(last=Max("order"))["last"] or 0) + 1


def recipient_create(*, decision: Decision, fields: dict[str, Any]) -> Recipient:
    with transaction.atomic():
        _lock_open_year(decision.year_id)
        recipient = Recipient(decision=decision, order=_next_order(decision), **fields)
        recipient.full_clean()
        recipient.save()
    return recipient


def recipient_update(*, recipient: Recipient, fields: dict[str, Any]) -> Recipient:
    with transaction.atomic():
        _lock_open_year(recipient.decision.year_id)
        for name, value in fields.items():
            setattr(recipient, name, value)
        recipient.full_clean()
        recipient.save()
    return recipient


def recipient_delete(*, recipient: Recipient) -> None:
    with transaction.atomic():
        _lock_open_year(recipient.decision.year_id)
        recipient.delete()


def recipients_import(
    *, decision: Decision, rows: Sequence[RecipientRow], replace: bool = False
) -> list[Recipient]:
    """Add (or, with `replace`, substitute) the decision's recipients: all rows or none.

    The rows have been validated (awards.rules.parse_recipient_rows); the database constraints
    still stand behind them, and any failure rolls the whole import back.
    """
    if not rows:
        raise ValidationError(_("Không có dòng nào để nhập."))
    with transaction.atomic():
        _lock_open_year(decision.year_id)
        if replace:
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
            )
            for offset, row in enumerate(rows)
        )
    return created


# Proposals (tờ trình). Each write locks the year row (closing waits, see above) and then the
# proposal row: two officers sending, deciding or editing at once are served one after the other,
# and the second sees the state the first left.

PROPOSAL_FIELDS = ("number", "date", "signer_title", "signer_name")


def proposal_draft_from_round(*, ballot_round: BallotRound, by: User) -> Proposal:
    """The draft proposal of a closed flag or PM-certificate round: its elected units and votes."""
    with transaction.atomic():
        year = _lock_open_year(ballot_round.year_id)
        if not access.is_secretariat(by, year):
            raise PermissionDenied(_("Chỉ thư ký cụm của năm này được lập tờ trình."))
        # The round row too: a second request for the same round waits here, then finds ours.
        ballot_round = BallotRound.objects.select_for_update().get(pk=ballot_round.pk)
        ballot_round.year = year
        proposes = ballot_round.kind in AWARD_FOR_ROUND_KIND
        closed = ballot_round.state == BallotRound.State.CLOSED
        tally = round_tally(ballot_round) if proposes and closed else None
        refusal = draft_refusal(
            year_closed=False,
            round_closed=closed,
            round_proposes=proposes,
            has_tie=bool(tally and tally.has_tie),
            elected=len(tally.elected) if tally else 0,
            already_drafted=Proposal.objects.filter(ballot_round=ballot_round).exists(),
        )
        if refusal:
            raise ValidationError(refusal)
        award_type = AwardType.objects.filter(
            code=AWARD_FOR_ROUND_KIND[ballot_round.kind], is_active=True
        ).first()
        if award_type is None:
            raise ValidationError(
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
                    created_by=by,
                    is_sample=ballot_round.is_sample,
                )
        except IntegrityError as error:
            raise ValidationError(_("Vòng bỏ phiếu này đã có tờ trình.")) from error
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
    return proposal


def _lock_proposal(proposal: Proposal) -> Proposal:
    year = _lock_open_year(proposal.year_id)
    locked = Proposal.objects.select_for_update().select_related("award_type").get(pk=proposal.pk)
    locked.year = year
    return locked


def proposal_update(*, proposal: Proposal, fields: dict[str, Any]) -> Proposal:
    """Number, date and signer of a draft; a sent letter is what was sent."""
    with transaction.atomic():
        locked = _lock_proposal(proposal)
        if not locked.is_draft:
            raise ValidationError(_("Tờ trình đã gửi, không sửa được nữa."))
        for name in PROPOSAL_FIELDS:
            if name in fields:
                setattr(locked, name, fields[name])
        locked.full_clean()
        locked.save(update_fields=list(PROPOSAL_FIELDS))
    return locked


def proposal_send(*, proposal: Proposal) -> Proposal:
    with transaction.atomic():
        locked = _lock_proposal(proposal)
        if not locked.is_draft:
            raise ValidationError(_("Tờ trình đã được gửi trước đó."))
        missing = [
            label
            for label, value in ((_("số"), locked.number), (_("ngày ký"), locked.date))
            if not value
        ]
        if missing:
            raise ValidationError(
                _("Chưa gửi được: tờ trình còn thiếu %(fields)s.") % {"fields": ", ".join(missing)}
            )
        locked.state = Proposal.State.SENT
        locked.sent_at = timezone.now()
        checks = quota_checks(locked.year, locked.award_type_id, locked.items.count())
        locked.quota_snapshot = [
            {
                "rule": c.rule,
                "share": str(c.share),
                "base_count": c.base_count,
                "limit": c.limit,
                "proposed": c.proposed,
            }
            for c in checks
        ]
        locked.save(update_fields=["state", "sent_at", "quota_snapshot"])
    return locked


def proposal_decide(*, proposal: Proposal, decision_reference: str = "") -> Proposal:
    with transaction.atomic():
        locked = _lock_proposal(proposal)
        if locked.state != Proposal.State.SENT:
            raise ValidationError(_("Chỉ ghi nhận quyết định cho tờ trình đã gửi."))
        locked.state = Proposal.State.DECIDED
        locked.decided_at = timezone.now()
        locked.decision_reference = decision_reference.strip()
        locked.full_clean()
        locked.save(update_fields=["state", "decided_at", "decision_reference"])
    return locked
