"""Writes of the campaigns app, on the convention of clusters/services.py.

Each is `<thing>_<action>(*, actor, ...)` in one transaction: it locks the year once
(`lock_open_year`) and goes on with the locked copy, refuses with `Refused` and leaves the
database as it was, and writes its audit event. Who may ask is the view's business
(campaigns/access.py); the rules here hold whoever calls: a page, a command or the demo.
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, NamedTuple

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns import compact_signing, rules
from campaigns.appendix import appendix_for
from campaigns.final_documents import freeze_compact
from campaigns.models import (
    Campaign,
    CampaignIndicator,
    CampaignReport,
    CompactRevision,
    Conference,
    ConferenceGuest,
    Covenant,
    CovenantClause,
    CovenantSignature,
    ExternalSigning,
    UnitSigningKey,
)
from clusters import audit, unit_keys, uploads
from clusters import signing as signing_module
from clusters.access import is_own_unit_staff
from clusters.documents import store
from clusters.models import EmulationYear, Unit, User
from clusters.notifications import notify
from clusters.services import Refused, lock_open_year


def _refuse_if(message: str | None, field: str | None = None) -> None:
    if message is not None:
        raise Refused(message, field=field)


# --- The campaigns, followed by the years, and each unit's pledges and results

CAMPAIGN_FIELDS = (
    "launched_by",
    "launcher_unit",
    "launcher_cluster",
    "launched_on",
    "document_number",
    "document_date",
    "period_start",
    "period_end",
    "kind",
    "description",
    "source",
    "unverified",
)


@transaction.atomic
def campaign_register(*, actor: User | None, title: str, fields: Mapping[str, Any]) -> Campaign:
    """Create the campaign, or bring the one of the same title to these values."""
    unknown = set(fields) - set(CAMPAIGN_FIELDS)
    if unknown:
        raise ValueError(f"not fields of a campaign: {sorted(unknown)}")
    campaign = Campaign.objects.select_for_update().filter(title=title).first()
    before = audit.snapshot(campaign, CAMPAIGN_FIELDS) if campaign else {}
    campaign = campaign or Campaign(title=title)
    for name, value in fields.items():
        setattr(campaign, name, value)
    try:
        campaign.full_clean()
    except ValidationError as error:
        raise Refused(_("Chưa lưu: hãy sửa các ô báo lỗi."), errors=error.message_dict) from error
    campaign.save()
    changes = audit.diff(before, audit.snapshot(campaign, CAMPAIGN_FIELDS))
    if changes:
        audit.record(actor=actor, action="campaign.save", target=campaign, changes=changes)
    return campaign


# The launching document: a text document, checked as evidence is (clusters/uploads.py).
DOCUMENT_FIELD = "document_file"
DOCUMENT_EXTENSIONS = ("pdf", "docx", "odt")
DOCUMENT_MAX_BYTES = uploads.MAX_EVIDENCE_BYTES


@dataclass(frozen=True)
class CheckedDocument:
    """An uploaded launching document whose content matched its extension."""

    upload: Any
    name: str
    content_type: str
    sha256: str


def campaign_document_check(upload) -> CheckedDocument:
    """The upload as a launching document, or Refused on the form's file field.

    The type stored is the one the content check found, never the client's; the digest goes
    to the audit event, so the file a page serves can be matched with the one recorded.
    """
    name = uploads.file_name(getattr(upload, "name", ""), default="van-ban-phat-dong")
    if uploads.extension_of(name) not in DOCUMENT_EXTENSIONS:
        raise Refused(
            _("Chỉ nhận văn bản PDF, Word (.docx) hoặc OpenDocument (.odt)."), field=DOCUMENT_FIELD
        )
    size = getattr(upload, "size", None)
    if not size:
        raise Refused(_("Tệp văn bản rỗng; hãy chọn lại tệp."), field=DOCUMENT_FIELD)
    if size > DOCUMENT_MAX_BYTES:
        raise Refused(
            _("Tệp văn bản vượt quá %(limit)d MB.") % {"limit": DOCUMENT_MAX_BYTES // uploads.MB},
            field=DOCUMENT_FIELD,
        )
    try:
        content_type = uploads.evidence_content_type(upload)
    except uploads.EvidenceRefused as error:
        raise Refused(error.message, field=DOCUMENT_FIELD) from error
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return CheckedDocument(upload, name, content_type, digest.hexdigest())


CAMPAIGN_DOCUMENT_FIELDS = ("document_name", "document_sha256")


@transaction.atomic
def year_campaign_add(
    *,
    actor: User,
    year: EmulationYear,
    title: str,
    fields: Mapping[str, Any],
    document=None,
) -> Campaign:
    """A new campaign, with its launching document's file, joins the campaigns the year follows.

    All of it or nothing: the file is checked before anything is written, stored only once the
    row is known valid, and deleted again unless the transaction commits (through the frozen
    documents' own mechanism, `store.delete_unless_committed`, whichever transaction rolls back).
    """
    checked = campaign_document_check(document) if document is not None else None
    year = lock_open_year(year)
    unknown = set(fields) - set(CAMPAIGN_FIELDS)
    if unknown:
        raise ValueError(f"not fields of a campaign: {sorted(unknown)}")
    # The add form makes a new entry of the registry: a campaign of the same title (perhaps
    # another cluster's, or the Prime Minister's that every cluster reads) is chosen, never
    # overwritten from here.
    if Campaign.objects.filter(title=title).exists():
        raise Refused(
            _(
                "Danh mục đã có phong trào “%(title)s”. Nếu năm thi đua thực hiện phong trào "
                "này, hãy chọn nó ở trang “Chọn phong trào”; nếu là phong trào khác, hãy ghi "
                "tên đầy đủ để phân biệt."
            )
            % {"title": uploads.shorten(title, 80)},
            field="title",
        )
    campaign = Campaign(title=title, **fields)
    try:  # every column valid before a byte is written
        campaign.full_clean(exclude=[DOCUMENT_FIELD])
    except ValidationError as error:
        raise Refused(_("Chưa lưu: hãy sửa các ô báo lỗi."), errors=error.message_dict) from error
    if checked is not None:
        _store_document(campaign, checked)
    campaign.save()
    audit.record(
        actor=actor,
        action="campaign.save",
        target=campaign,
        year=year,
        changes=audit.diff(
            {}, audit.snapshot(campaign, ("title", *CAMPAIGN_FIELDS, *CAMPAIGN_DOCUMENT_FIELDS))
        ),
    )
    year_campaigns_set(actor=actor, year=year, campaigns=[*year.campaigns.all(), campaign])
    return campaign


def _store_document(campaign: Campaign, checked: CheckedDocument) -> None:
    """Write the file through the storage API; the row is saved by the caller."""
    extension = uploads.extension_of(checked.name)
    file = campaign.document_file
    file.save(f"van-ban.{extension}", checked.upload, save=False)
    store.delete_unless_committed(file.storage, file.name)
    campaign.document_name = checked.name
    campaign.document_type = checked.content_type
    campaign.document_sha256 = checked.sha256


@transaction.atomic
def year_campaigns_set(
    *, actor: User | None, year: EmulationYear, campaigns: Iterable[Campaign]
) -> None:
    year = lock_open_year(year)
    chosen = list(campaigns)
    before = sorted(year.campaigns.values_list("title", flat=True))
    year.campaigns.set(chosen)
    after = sorted(c.title for c in chosen)
    audit.record(
        actor=actor,
        action="campaigns.set",
        target=year,
        summary=_("%(count)d phong trào") % {"count": len(chosen)},
        changes=audit.diff({"campaigns": "; ".join(before)}, {"campaigns": "; ".join(after)}),
    )


@dataclass(frozen=True)
class IndicatorInput:
    name: str
    measure: str
    target: Decimal
    achieved: Decimal | None


def _indicators_text(rows: Iterable[Any]) -> str:
    return "; ".join(
        f"{row.name}: {row.target}" + (f" → {row.achieved}" if row.achieved is not None else "")
        for row in rows
    )


@transaction.atomic
def campaign_report_save(
    *,
    actor: User,
    year: EmulationYear,
    campaign: Campaign,
    unit: Unit,
    registration: str,
    report: str,
    indicators: Sequence[IndicatorInput],
) -> CampaignReport:
    """Save what the unit registered and achieved; the indicators replace the previous ones."""
    year = lock_open_year(year)
    _refuse_if(
        rules.report_refusal(
            is_followed=year.campaigns.filter(pk=campaign.pk).exists(),
            # The unit's own report: a domain rule, not only who may open the page.
            is_own_staff=is_own_unit_staff(actor, unit)
            and year.memberships.filter(unit=unit).exists(),
        )
    )
    for item in indicators:  # the forms check this too; the service never trusts its caller
        _refuse_if(rules.value_refusal(item.target) or rules.value_refusal(item.achieved))
    existing = (
        CampaignReport.objects.select_for_update()
        .filter(campaign=campaign, year=year, unit=unit)
        .first()
    )
    fields = ("registration", "report")
    before = audit.snapshot(existing, fields) if existing else {}
    before["indicators"] = _indicators_text(existing.indicators.all()) if existing else ""
    saved, _created = CampaignReport.objects.update_or_create(
        campaign=campaign,
        year=year,
        unit=unit,
        defaults={"registration": registration, "report": report, "updated_by": actor},
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
    after = audit.snapshot(saved, fields) | {"indicators": _indicators_text(indicators)}
    audit.record(
        actor=actor,
        action="campaign_report.save",
        target=saved,
        year=year,
        summary=f"{unit.name} — {campaign.title}",
        changes=audit.diff(before, after),
    )
    return saved


# --- The covenant


@dataclass(frozen=True)
class ClauseInput:
    content: str
    target: str = ""


def _fresh(covenant: Covenant, year: EmulationYear) -> Covenant:
    # Every covenant write locks the year first, so they already run one after the other; the
    # covenant's own lock also holds against a write that does not (the admin). Without it the
    # last two signatures could miss each other and leave a complete covenant unsigned.
    fresh = Covenant.objects.select_for_update().get(pk=covenant.pk)
    fresh.year = year
    return fresh


def _clauses_text(clauses: Iterable[Any]) -> str:
    return "\n".join(f"{n}. {c.content}" for n, c in enumerate(clauses, start=1))


COVENANT_FIELDS = ("preamble", "signing_place", "signing_date", "notes")


@transaction.atomic
def covenant_save_draft(
    *,
    actor: User | None,
    year: EmulationYear,
    preamble: str,
    signing_place: str,
    signing_date: datetime.date | None,
    clauses: Sequence[ClauseInput],
    notes: str | None = None,
) -> Covenant:
    """Write the draft of the year's covenant (its first version when there is none yet).

    `notes` (where the text comes from, what is a sample) is kept when not given.
    """
    year = lock_open_year(year)
    current = Covenant.objects.current_for(year)
    if current is None:
        covenant = Covenant.objects.create(year=year, version=1)
        before: dict[str, str] = {}
    else:
        covenant = _fresh(current, year)
        _refuse_if(rules.edit_refusal(state=covenant.state))
        before = audit.snapshot(covenant, COVENANT_FIELDS)
        before["clauses"] = _clauses_text(covenant.clauses.all())
    covenant.preamble = preamble
    covenant.signing_place = signing_place
    covenant.signing_date = signing_date
    if notes is not None:
        covenant.notes = notes
    covenant.save(update_fields=list(COVENANT_FIELDS))
    covenant.clauses.all().delete()
    CovenantClause.objects.bulk_create(
        CovenantClause(covenant=covenant, number=number, content=c.content, target=c.target)
        for number, c in enumerate(clauses, start=1)
    )
    after = audit.snapshot(covenant, COVENANT_FIELDS) | {"clauses": _clauses_text(clauses)}
    audit.record(
        actor=actor,
        action="covenant.draft",
        target=covenant,
        summary=_("Phiên bản %(version)d, %(count)d điều khoản")
        % {"version": covenant.version, "count": len(clauses)},
        changes=audit.diff(before, after),
    )
    return covenant


def digital_signing_enabled() -> bool:
    """Whether an opened compact is signed digitally: when the installation has its seal.

    Without one (clusters.signing.seal_configured), signatures are recorded as before (the
    compact signed on paper in the hall).
    """
    return signing_module.seal_configured()


def _add_revision(
    covenant: Covenant, number: int, pdf: bytes, signature: CovenantSignature | None = None
) -> CompactRevision:
    return CompactRevision.objects.create(
        covenant=covenant,
        number=number,
        signature=signature,
        pdf=pdf,
        sha256=hashlib.sha256(pdf).hexdigest(),
    )


def latest_revision(covenant: Covenant) -> CompactRevision | None:
    return covenant.compact_revisions.order_by("-number").first()


@transaction.atomic
def covenant_open(
    *, actor: User | None, covenant: Covenant, digital: bool | None = None
) -> Covenant:
    """Draft → open for signature; signed digitally when the installation has its seal
    (`digital` None), or as told (the demo never uses a real installation's seal)."""
    year = lock_open_year(covenant.year_id)
    covenant = _fresh(covenant, year)
    _refuse_if(
        rules.open_refusal(
            state=covenant.state,
            clause_count=covenant.clauses.count(),
            has_place=bool(covenant.signing_place.strip()),
        )
    )
    covenant.state = Covenant.State.OPEN
    covenant.save(update_fields=["state"])
    digital = digital_signing_enabled() if digital is None else digital
    if digital:
        # Rendered once now, every field made before the first signature, then certified: a
        # field added or a page changed later would show the earlier signatures as invalid.
        _add_revision(covenant, 0, compact_signing.open_compact(covenant))
        # The appendix as printed in that file is the one signed, whatever changes meanwhile.
        covenant.appendix_snapshot = [row.as_json() for row in appendix_for(year)]
        covenant.save(update_fields=["appendix_snapshot"])
    audit.record(
        actor=actor,
        action="covenant.open",
        target=covenant,
        summary=(
            _("Phiên bản %(version)d, ký số")
            if digital
            else _("Phiên bản %(version)d, ghi nhận chữ ký (không ký số)")
        )
        % {"version": covenant.version},
    )
    # Told now that they can sign (not when the year moved to the covenant phase: the covenant
    # may then still be a draft, or not written yet).
    notify(
        event="covenant_open",
        year=year,
        units=Unit.objects.filter(memberships__year=year),
        url=reverse("campaigns:covenant_detail", args=[year.cluster.slug, year.year]),
    )
    return covenant


@transaction.atomic
def covenant_sign(
    *,
    actor: User,
    covenant: Covenant,
    unit: Unit,
    full_name: str,
    title: str,
    signed_on: datetime.date,
    is_sample: bool = False,
    signing: compact_signing.CompactSigning | None = None,
) -> CovenantSignature:
    """Record a member's signature; the last one makes the compact signed and frozen.

    A compact opened for digital signing takes the signature in the file first (`signing`: in
    the app or the external signer's CMS), as an incremental update of its latest revision;
    the row records it. A refusal leaves the revision, the rows and the audit as they were.
    """
    year = lock_open_year(covenant.year_id)
    covenant = _fresh(covenant, year)
    member_ids, signed_ids = _check_can_sign(actor, covenant, year, unit)
    full_name, title = _signer_names(full_name, title)
    latest = latest_revision(covenant)
    signed = None
    if latest is not None:
        if signing is None:
            raise Refused(_("Giao ước này được ký số: hãy ký bằng chứng thư số của đơn vị."))
        # A refusal (signing.SigningRefused is a Refused) propagates with its field.
        signed = signing.sign(
            bytes(latest.pdf),
            unit=unit,
            stamp=compact_signing.stamp_for(unit, full_name, title),
            latest=latest.number,
        )
    signature = CovenantSignature.objects.create(
        covenant=covenant,
        unit=unit,
        full_name=full_name,
        title=title,
        signed_on=signed_on,
        is_sample=is_sample,
        recorded_by=actor,
        method=signing.method if signed else "",
        certificate_subject=signed.certificate_subject if signed else "",
    )
    if signed is not None:
        _add_revision(covenant, latest.number + 1, signed.pdf, signature)
    how = (
        _(" — ký số, chứng thư “%(subject)s”") % {"subject": signed.certificate_subject}
        if signed
        else ""
    )
    audit.record(
        actor=actor,
        action="covenant.sign",
        target=covenant,
        summary=f"{unit.name}: {signature.full_name}, {signature.title} ({signed_on:%d/%m/%Y})"
        + how,
    )
    if rules.everyone_signed(member_ids, signed_ids | {unit.pk}):
        covenant.state = Covenant.State.SIGNED
        covenant.signed_at = timezone.now()
        if latest is None:
            covenant.appendix_snapshot = [row.as_json() for row in appendix_for(year)]
        # else the snapshot taken when the compact was rendered at opening: what was signed.
        covenant.save(update_fields=["state", "signed_at", "appendix_snapshot"])
        ExternalSigning.objects.filter(covenant=covenant).delete()  # stale from now on
        audit.record(
            actor=actor,
            action="covenant.signed",
            target=covenant,
            summary=_("%(count)d đơn vị đã ký") % {"count": len(member_ids)},
        )
        freeze_compact(covenant)  # the signed compact is a file from now on, never re-rendered
    return signature


def _check_can_sign(
    actor: User, covenant: Covenant, year: EmulationYear, unit: Unit
) -> tuple[set[int], set[int]]:
    member_ids = set(year.memberships.values_list("unit_id", flat=True))
    signed_ids = set(covenant.signatures.values_list("unit_id", flat=True))
    _refuse_if(
        rules.sign_refusal(
            state=covenant.state,
            is_member=unit.pk in member_ids,
            is_own_staff=is_own_unit_staff(actor, unit),
            already_signed=unit.pk in signed_ids,
        )
    )
    return member_ids, signed_ids


def _signer_names(full_name: str, title: str) -> tuple[str, str]:
    if not full_name.strip():
        raise Refused(_("Hãy ghi họ tên và chức vụ của người ký."), field="full_name")
    if not title.strip():
        raise Refused(_("Hãy ghi họ tên và chức vụ của người ký."), field="title")
    return full_name.strip(), title.strip()


@transaction.atomic
def covenant_prepare_external(
    *,
    actor: User,
    covenant: Covenant,
    unit: Unit,
    full_name: str,
    title: str,
    signed_on: datetime.date,
) -> ExternalSigning:
    """The compact's latest revision with the unit's signature place written in, and the
    digest its external signer must sign; kept until the signer's CMS comes back."""
    year = lock_open_year(covenant.year_id)
    covenant = _fresh(covenant, year)
    _check_can_sign(actor, covenant, year, unit)
    full_name, title = _signer_names(full_name, title)
    latest = latest_revision(covenant)
    if latest is None:
        raise Refused(_("Giao ước này không ký số: chữ ký được ghi nhận trong hệ thống."))
    field = compact_signing.field_name(unit)
    prepared = signing_module.prepare_external(
        bytes(latest.pdf), field_name=field, stamp=compact_signing.stamp_for(unit, full_name, title)
    )
    ExternalSigning.objects.filter(covenant=covenant, unit=unit).delete()
    request = ExternalSigning.objects.create(
        covenant=covenant,
        unit=unit,
        base_revision=latest.number,
        field_name=field,
        full_name=full_name,
        title=title,
        signed_on=signed_on,
        pdf=prepared.pdf,
        digest=prepared.digest_hex,
        reserved_start=prepared.reserved_start,
        reserved_end=prepared.reserved_end,
        prepared_by=actor,
    )
    audit.record(
        actor=actor,
        action="covenant.prepare_external",
        target=covenant,
        summary=f"{unit.name}: SHA-256 {prepared.digest_hex}",
    )
    return request


@transaction.atomic
def unit_key_upload(*, actor: User, unit: Unit, data: bytes, password: str) -> UnitSigningKey:
    """Keep the unit's PKCS#12 to sign in the app, encrypted (clusters/unit_keys.py); it must
    open with `password`, be the unit's and be in force. It replaces the unit's previous one."""
    if not is_own_unit_staff(actor, unit):
        raise Refused(_("Anh/chị chỉ được thực hiện cho đơn vị mình."), status=403)
    names = compact_signing.read_key(data, password, unit)
    sealed, salt = unit_keys.seal(data, password)
    previous = UnitSigningKey.objects.select_for_update().filter(unit=unit).first()
    before = {"subject": previous.subject, "serial": previous.serial} if previous else {}
    key, _created = UnitSigningKey.objects.update_or_create(
        unit=unit,
        defaults={
            "sealed": sealed,
            "salt": salt,
            "subject": names.common_name,
            "organisation": names.organisation,
            "issuer": names.issuer,
            "serial": names.serial,
            "not_before": names.not_before,
            "not_after": names.not_after,
            "uploaded_by": actor,
        },
    )
    audit.record(
        actor=actor,
        action="signing_key.upload",
        target=unit,
        summary=f"{unit.name}: {names.common_name} ({names.issuer})",
        changes=audit.diff(before, {"subject": names.common_name, "serial": names.serial}),
    )
    return key


@transaction.atomic
def covenant_amend(*, actor: User | None, covenant: Covenant) -> Covenant:
    """A signed covenant stays as signed; its amendment is a new draft version with its clauses."""
    year = lock_open_year(covenant.year_id)
    covenant = _fresh(covenant, year)
    latest = Covenant.objects.filter(year=year).aggregate(v=Max("version"))["v"]
    _refuse_if(rules.amend_refusal(state=covenant.state, is_latest=latest == covenant.version))
    amendment = Covenant.objects.create(
        year=year,
        version=covenant.version + 1,
        preamble=covenant.preamble,
        signing_place=covenant.signing_place,
        notes=covenant.notes,
    )
    CovenantClause.objects.bulk_create(
        CovenantClause(covenant=amendment, number=c.number, content=c.content, target=c.target)
        for c in covenant.clauses.all()
    )
    audit.record(
        actor=actor,
        action="covenant.amend",
        target=amendment,
        summary=_("Phiên bản %(version)d, sửa đổi phiên bản %(signed)d đã ký")
        % {"version": amendment.version, "signed": covenant.version},
    )
    return amendment


@transaction.atomic
def covenant_carry_over(
    *, actor: User | None, closed: EmulationYear, following: EmulationYear
) -> Covenant | None:
    """The next year starts from a draft with the clauses of this year's latest covenant.

    Called by the closing of `closed`, in its transaction; `following` is the year it opens.
    """
    following = lock_open_year(following)
    source = Covenant.objects.current_for(closed)
    if source is None or Covenant.objects.filter(year=following).exists():
        return None
    draft = Covenant.objects.create(
        year=following,
        preamble=source.preamble.replace(str(closed.year), str(following.year)),
        notes=_("Sao chép từ giao ước năm %(year)s, để sửa trước khi ký.") % {"year": closed.year},
    )
    clauses = list(source.clauses.all())
    CovenantClause.objects.bulk_create(
        CovenantClause(covenant=draft, number=c.number, content=c.content, target=c.target)
        for c in clauses
    )
    audit.record(
        actor=actor,
        action="covenant.draft",
        target=draft,
        summary=_("Sao chép %(count)d điều khoản từ giao ước năm %(year)s")
        % {"count": len(clauses), "year": closed.year},
    )
    return draft


# --- The conference record


class GuestInput(NamedTuple):
    full_name: str
    title: str


CONFERENCE_FIELDS = (
    "chair",
    "agenda",
    "report_number",
    "campaign_results",
    "commendation_work",
    "shortcomings",
    "next_tasks",
    "notes",
)
# The conference's date, place and host are the year's (one place for each fact).
YEAR_FIELDS = ("conference_date", "conference_place", "host_unit")


def _guests_text(guests: Iterable[Any]) -> str:
    return "; ".join(f"{g.full_name} ({g.title})" for g in guests)


@transaction.atomic
def conference_record(
    *,
    actor: User | None,
    year: EmulationYear,
    fields: Mapping[str, Any],
    guests: Sequence[GuestInput | tuple[str, str]] | None = None,
) -> Conference:
    """The conference record, its date, place and host on the year, and its guests: all or
    nothing.

    `fields` holds any of YEAR_FIELDS and CONFERENCE_FIELDS (those left out keep their value);
    `guests`, in order, replace the previous list (None keeps it).
    """
    unknown = set(fields) - set(YEAR_FIELDS) - set(CONFERENCE_FIELDS)
    if unknown:
        raise ValueError(f"not fields of the conference record: {sorted(unknown)}")
    year = lock_open_year(year)
    host_unit = fields.get("host_unit")
    if host_unit is not None and not year.memberships.filter(unit=host_unit).exists():
        raise Refused(_("Đơn vị đăng cai phải là thành viên của năm thi đua."), field="host_unit")
    rows = None if guests is None else [GuestInput(*guest) for guest in guests]
    for number, guest in enumerate(rows or [], start=1):
        if not guest.full_name.strip() or not guest.title.strip():
            raise Refused(
                _("Đại biểu thứ %(number)d cần có họ tên và chức vụ.") % {"number": number}
            )
    conference = Conference.objects.select_for_update().filter(year=year).first()
    before = audit.snapshot(year, YEAR_FIELDS)
    if conference is None:
        conference = Conference(year=year)
    else:
        before |= audit.snapshot(conference, CONFERENCE_FIELDS)
        before["guests"] = _guests_text(conference.guests.all())

    year_changes = [name for name in YEAR_FIELDS if name in fields]
    for name in year_changes:
        setattr(year, name, fields[name])
    for name in CONFERENCE_FIELDS:
        if name in fields:
            setattr(conference, name, fields[name])
    try:
        conference.full_clean(validate_unique=False)
    except ValidationError as error:
        raise Refused(_("Chưa lưu: hãy sửa các ô báo lỗi."), errors=error.message_dict) from error
    if year_changes:
        year.save(update_fields=year_changes)
    conference.save()
    if rows is not None:
        conference.guests.all().delete()
        ConferenceGuest.objects.bulk_create(
            ConferenceGuest(
                conference=conference,
                full_name=guest.full_name.strip(),
                title=guest.title.strip(),
                position=position,
            )
            for position, guest in enumerate(rows, start=1)
        )
    after = audit.snapshot(year, YEAR_FIELDS) | audit.snapshot(conference, CONFERENCE_FIELDS)
    after["guests"] = _guests_text(conference.guests.all())
    audit.record(
        actor=actor,
        action="conference.save",
        target=year,
        summary=_("Hội nghị tổng kết năm %(year)s") % {"year": year.year},
        changes=audit.diff(before, after),
    )
    return conference
