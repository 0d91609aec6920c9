"""Writes of the campaigns app: each one transaction, refused whole with a Vietnamese message."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns import rules
from campaigns.appendix import appendix_for
from campaigns.models import (
    Campaign,
    CampaignIndicator,
    CampaignReport,
    Covenant,
    CovenantClause,
    CovenantSignature,
)
from clusters.access import is_own_unit_staff, is_secretariat
from clusters.closing import lock_year
from clusters.models import EmulationYear, Unit, User


def _refuse_if(message: str | None) -> None:
    if message is not None:
        raise ValidationError(message)


def _require_secretariat(user: User, year: EmulationYear) -> None:
    if not is_secretariat(user, year):
        raise ValidationError(_("Chỉ thư ký cụm của năm này được thực hiện thao tác này."))


# --- Campaigns followed by a year, and each unit's pledges and results


@transaction.atomic
def year_campaigns_set(*, year: EmulationYear, user: User, campaigns: Iterable[Campaign]) -> None:
    _refuse_if(rules.edit_refusal(year_closed=lock_year(year).is_closed, state=None))
    _require_secretariat(user, year)
    year.campaigns.set(campaigns)


@dataclass(frozen=True)
class IndicatorInput:
    name: str
    measure: str
    target: Decimal
    achieved: Decimal | None


@transaction.atomic
def campaign_report_save(
    *,
    year: EmulationYear,
    campaign: Campaign,
    unit: Unit,
    user: User,
    registration: str,
    report: str,
    indicators: Sequence[IndicatorInput],
) -> CampaignReport:
    """Save what the unit registered and achieved; the indicators replace the previous ones."""
    is_followed = year.campaigns.filter(pk=campaign.pk).exists()
    _refuse_if(
        rules.report_refusal(
            year_closed=lock_year(year).is_closed,
            is_followed=is_followed,
            is_own_staff=is_own_unit_staff(user, unit)
            and year.memberships.filter(unit=unit).exists(),
        )
    )
    for item in indicators:  # the forms check this too; the service never trusts its caller
        _refuse_if(rules.value_refusal(item.target) or rules.value_refusal(item.achieved))
    saved, _created = CampaignReport.objects.update_or_create(
        campaign=campaign,
        year=year,
        unit=unit,
        defaults={"registration": registration, "report": report, "updated_by": user},
    )
    saved.indicators.all().delete()
    CampaignIndicator.objects.bulk_create(
        CampaignIndicator(
            report=saved,
            position=position,
            name=item.name,
            measure=item.measure,
            target=item.target,
            achieved=item.achieved,
        )
        for position, item in enumerate(indicators, start=1)
    )
    return saved


# --- The covenant


@dataclass(frozen=True)
class ClauseInput:
    content: str
    target: str = ""


def _locked(covenant: Covenant) -> Covenant:
    # Locks the covenant's row for the rest of the transaction: a signature, an opening, an edit
    # and an amendment of the same covenant run one after the other, so that the last two
    # signatures cannot both miss each other and leave a complete covenant unsigned.
    fresh = Covenant.objects.select_for_update().get(pk=covenant.pk)
    fresh.year = covenant.year
    return fresh


@transaction.atomic
def covenant_save_draft(
    *,
    year: EmulationYear,
    user: User,
    preamble: str,
    signing_place: str,
    signing_date: datetime.date | None,
    clauses: Sequence[ClauseInput],
) -> Covenant:
    """Write the draft of the year's covenant (its first version when there is none yet)."""
    _refuse_if(rules.edit_refusal(year_closed=lock_year(year).is_closed, state=None))
    _require_secretariat(user, year)
    current = Covenant.objects.current_for(year)
    if current is None:
        covenant = Covenant.objects.create(year=year, version=1)
    else:
        covenant = _locked(current)
        _refuse_if(rules.edit_refusal(year_closed=lock_year(year).is_closed, state=covenant.state))
    covenant.preamble = preamble
    covenant.signing_place = signing_place
    covenant.signing_date = signing_date
    covenant.save(update_fields=["preamble", "signing_place", "signing_date"])
    covenant.clauses.all().delete()
    CovenantClause.objects.bulk_create(
        CovenantClause(covenant=covenant, number=number, content=c.content, target=c.target)
        for number, c in enumerate(clauses, start=1)
    )
    return covenant


@transaction.atomic
def covenant_open(*, covenant: Covenant, user: User) -> Covenant:
    """Draft → open for signature."""
    _require_secretariat(user, covenant.year)
    covenant = _locked(covenant)
    _refuse_if(
        rules.open_refusal(
            year_closed=lock_year(covenant.year).is_closed,
            state=covenant.state,
            clause_count=covenant.clauses.count(),
            has_place=bool(covenant.signing_place.strip()),
        )
    )
    covenant.state = Covenant.State.OPEN
    covenant.save(update_fields=["state"])
    return covenant


@transaction.atomic
def covenant_sign(
    *,
    covenant: Covenant,
    unit: Unit,
    user: User,
    full_name: str,
    title: str,
    signed_on: datetime.date,
    is_sample: bool = False,
) -> CovenantSignature:
    """Record a member's signature; the last one makes the compact signed and frozen."""
    covenant = _locked(covenant)
    year = covenant.year
    member_ids = set(year.memberships.values_list("unit_id", flat=True))
    signed_ids = set(covenant.signatures.values_list("unit_id", flat=True))
    _refuse_if(
        rules.sign_refusal(
            year_closed=lock_year(year).is_closed,
            state=covenant.state,
            is_member=unit.pk in member_ids,
            is_own_staff=is_own_unit_staff(user, unit),
            already_signed=unit.pk in signed_ids,
        )
    )
    if not full_name.strip() or not title.strip():
        raise ValidationError(_("Hãy ghi họ tên và chức vụ của người ký."))
    signature = CovenantSignature.objects.create(
        covenant=covenant,
        unit=unit,
        full_name=full_name.strip(),
        title=title.strip(),
        signed_on=signed_on,
        is_sample=is_sample,
        recorded_by=user,
    )
    if rules.everyone_signed(member_ids, signed_ids | {unit.pk}):
        covenant.state = Covenant.State.SIGNED
        covenant.signed_at = timezone.now()
        covenant.appendix_snapshot = [row.as_json() for row in appendix_for(year)]
        covenant.save(update_fields=["state", "signed_at", "appendix_snapshot"])
    return signature


@transaction.atomic
def covenant_amend(*, covenant: Covenant, user: User) -> Covenant:
    """A signed covenant stays as signed; its amendment is a new draft version with its clauses."""
    _require_secretariat(user, covenant.year)
    covenant = _locked(covenant)
    latest = Covenant.objects.filter(year=covenant.year).aggregate(v=Max("version"))["v"]
    _refuse_if(
        rules.amend_refusal(
            year_closed=lock_year(covenant.year).is_closed,
            state=covenant.state,
            is_latest=latest == covenant.version,
        )
    )
    amendment = Covenant.objects.create(
        year=covenant.year,
        version=covenant.version + 1,
        preamble=covenant.preamble,
        signing_place=covenant.signing_place,
        notes=covenant.notes,
    )
    CovenantClause.objects.bulk_create(
        CovenantClause(covenant=amendment, number=c.number, content=c.content, target=c.target)
        for c in covenant.clauses.all()
    )
    return amendment


def covenant_carry_over(closed: EmulationYear, following: EmulationYear) -> None:
    """The next year starts from a draft with the clauses of this year's latest covenant."""
    source = Covenant.objects.current_for(closed)
    if source is None or Covenant.objects.filter(year=following).exists():
        return
    draft = Covenant.objects.create(
        year=following,
        preamble=source.preamble.replace(str(closed.year), str(following.year)),
        notes=f"Sao chép từ giao ước năm {closed.year}, để sửa trước khi ký.",
    )
    CovenantClause.objects.bulk_create(
        CovenantClause(covenant=draft, number=c.number, content=c.content, target=c.target)
        for c in source.clauses.all()
    )


@transaction.atomic
def conference_save(*, year: EmulationYear, user: User, year_form, conference_form, guests) -> None:
    """The conference record, its date and place on the year, and its guests: all or nothing."""
    _require_secretariat(user, year)
    if lock_year(year).is_closed:
        raise ValidationError(_("Năm thi đua đã tổng kết, không thể sửa đổi."))
    year_form.save()
    conference = conference_form.save(commit=False)
    conference.year = year
    conference.save()
    guests.instance = conference
    guests.save()
