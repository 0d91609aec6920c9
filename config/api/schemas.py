"""The API's typed records (pydantic, through django-ninja): the OpenAPI components."""

from __future__ import annotations

import datetime

from ninja import Schema
from pydantic import Field


class UnitRef(Schema):
    slug: str
    name: str
    admin_code: str = Field(description="The State's administrative code; may be ''")


class UnitOut(Schema):
    slug: str
    name: str
    kind: str = Field(description="province | city | agency")
    admin_code: str
    valid_from: datetime.date | None
    valid_to: datetime.date | None
    successors: list[str] = Field(description="Slugs of the units that succeeded this one")
    predecessors: list[str]
    updated_at: datetime.datetime


class ClusterOut(Schema):
    slug: str
    name: str
    kind: str = Field(description="cum (a cluster of provinces) | khoi (a block of agencies)")
    council: str
    years: list[int]
    updated_at: datetime.datetime


class PhaseWindowOut(Schema):
    phase: str
    opens_on: datetime.date
    due_on: datetime.date | None


class MemberOut(Schema):
    unit: UnitRef
    role: str = Field(description="head | deputy | member")


class YearOut(Schema):
    cluster: str
    year: int
    phase: str
    timeline: list[PhaseWindowOut]
    head: UnitRef | None
    deputies: list[UnitRef]
    members: list[MemberOut]
    conference_date: datetime.date | None
    conference_place: str
    updated_at: datetime.datetime


class CriterionOut(Schema):
    code: str
    parent: str | None = Field(description="The parent's code; null for a section")
    position: int
    text: str
    kind: str = Field(description="standard | bonus | deduction")
    max_points: str | None = Field(description="Decimal as text, e.g. '10.00'")
    cap: str | None
    evidence_required: bool


class CriteriaSheetOut(Schema):
    cluster: str
    year: int
    version: int
    tie_breakers: list[str]
    criteria: list[CriterionOut]
    updated_at: datetime.datetime


class RankingRowOut(Schema):
    unit: UnitRef
    rank: int | None
    total: str | None
    sections: dict[str, str]
    decided_by: str


class RankingOut(Schema):
    cluster: str
    year: int
    sections: list[str]
    tie_breakers: list[str]
    rows: list[RankingRowOut] = Field(description="Units with a finalised sheet, by rank")
    updated_at: datetime.datetime


class DocumentRef(Schema):
    code: str
    sha256: str
    size: int
    url: str


class SignatureOut(Schema):
    unit: UnitRef
    full_name: str
    title: str
    signed_on: datetime.date
    method: str


class CovenantOut(Schema):
    id: int
    cluster: str
    year: int
    version: int
    state: str = Field(description="draft | open | signed")
    signing_place: str
    signing_date: datetime.date | None
    signed_at: datetime.datetime | None
    signatories: list[SignatureOut]
    document: DocumentRef | None = Field(description="The signed compact as stored")
    updated_at: datetime.datetime


class TallyRowOut(Schema):
    unit: UnitRef
    votes: int
    reaches_threshold: bool
    elected: bool


class RoundOut(Schema):
    id: int
    cluster: str
    year: int
    kind: str = Field(description="flag | pm_certificate | head | deputies")
    mode: str = Field(description="online | hall")
    seats: int
    threshold: str
    closed_at: datetime.datetime | None
    members: int
    votes_needed: int
    ballots_issued: int
    ballots_received: int
    valid: int
    invalid: int
    blank: int
    tally: list[TallyRowOut]
    bulletin_sha256: str | None = Field(
        description="SHA-256 of the published bulletin's canonical JSON (online rounds)"
    )
    updated_at: datetime.datetime


class AwardTypeRef(Schema):
    code: str
    name: str
    level: str


class ProposalItemOut(Schema):
    unit: UnitRef
    votes: int
    share: str


class ProposalOut(Schema):
    id: int
    cluster: str
    year: int
    state: str = Field(description="sent | decided (drafts are not published)")
    number: str
    date: datetime.date | None
    award_type: AwardTypeRef
    signer_title: str
    signer_name: str
    decision_reference: str
    items: list[ProposalItemOut]
    document: DocumentRef | None
    updated_at: datetime.datetime


class RecipientOut(Schema):
    id: int
    kind: str = Field(description="collective | individual")
    award_type: AwardTypeRef
    name: str
    position: str
    organisation: str
    unit: UnitRef | None = Field(description="The member unit the recipient belongs to")
    order: int


class DecisionOut(Schema):
    id: int
    cluster: str
    year: int
    issuer: str
    number: str
    date: datetime.date
    place: str
    signer_title: str
    signer_name: str
    recipients: list[RecipientOut]
    document: DocumentRef | None
    updated_at: datetime.datetime


class DocumentOut(Schema):
    code: str
    kind: str = Field(description="compact | proposal | decision | minutes | report")
    cluster: str
    year: int
    version: int
    filename: str
    content_type: str
    size: int
    sha256: str
    created_at: datetime.datetime
    url: str = Field(description="Where the stored bytes are downloaded")
    updated_at: datetime.datetime


class DossierFileOut(Schema):
    path: str
    sha256: str
    size: int
    kind: str
    title: str
    date: str | None


class DossierOut(Schema):
    cluster: str
    year: int
    code: str
    filename: str
    size: int
    sha256: str
    built_at: datetime.datetime
    url: str
    files: list[DossierFileOut] = Field(description="The manifest.json inside the ZIP")


class AwardCountOut(Schema):
    code: str
    name: str
    level: str
    collective: int
    individual: int
    total: int


class RecipientKindCountOut(Schema):
    collective: int
    individual: int


class StatisticsOut(Schema):
    year: int
    clusters: list[str] = Field(description="Slugs of the clusters counted (closed years only)")
    final: bool
    by_award_type: list[AwardCountOut]
    by_recipient_kind: RecipientKindCountOut
    total: int


def page_of(item: type[Schema], name: str) -> type[Schema]:
    """`{items: [...], next_cursor}`: every list of the API."""
    return type(
        name,
        (Schema,),
        {
            "__annotations__": {"items": list[item], "next_cursor": str | None},
            "__module__": __name__,
        },
    )


class ProblemOut(Schema):
    """RFC 9457 problem details (application/problem+json)."""

    type: str
    title: str
    status: int
    detail: str
    instance: str
    code: str = Field(description="unauthorized | forbidden | not_found | bad_request | ...")
