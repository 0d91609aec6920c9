"""Read side of the awards app: the registry, the lookups of the recipients import, the quota
checks of proposals."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db import connection
from django.db.models import QuerySet
from django.db.models.functions import Collate

from awards.models import AwardQuota, AwardType, Decision, Proposal, Recipient
from awards.rules import AwardChoice, QuotaCheck, quota_check
from clusters.access import visible_cluster_ids
from clusters.models import EmulationYear, Unit, User
from clusters.text import fold

# Created by migration awards.0003 on PostgreSQL (ICU, locale vi-VN).
VIETNAMESE_COLLATION = "vi_icu"


@dataclass(frozen=True)
class RegistryFilters:
    q: str = ""
    year: int | None = None
    unit: int | None = None
    award_type: int | None = None
    kind: str = ""


def alphabetical(queryset: QuerySet[Recipient]) -> QuerySet[Recipient]:
    """Vietnamese alphabetical order: ICU on PostgreSQL; the folded name elsewhere (SQLite),
    which puts "Đặng" among the "D" and "Ánh" among the "A" — close enough without ICU."""
    if connection.vendor == "postgresql":
        return queryset.order_by(Collate("name", VIETNAMESE_COLLATION), "pk")
    return queryset.order_by("search_name", "pk")


def registry(user: User, filters: RegistryFilters) -> QuerySet[Recipient]:
    """Every recipient of every decision of the clusters the person can see (admin: all)."""
    recipients = Recipient.objects.select_related("decision__year__cluster", "award_type", "unit")
    ids = visible_cluster_ids(user)
    if ids is not None:
        # A subquery rather than a join: the database can walk the name index and keep the
        # rows whose decision is visible, instead of joining every recipient before sorting.
        visible = Decision.objects.filter(year__cluster_id__in=ids).values("pk")
        recipients = recipients.filter(decision_id__in=visible)
    query = fold(filters.q)
    if query:
        recipients = recipients.filter(search_name__contains=query)
    if filters.year:
        years = Decision.objects.filter(year__year=filters.year).values("pk")
        recipients = recipients.filter(decision_id__in=years)
    if filters.unit:
        recipients = recipients.filter(unit_id=filters.unit)
    if filters.award_type:
        recipients = recipients.filter(award_type_id=filters.award_type)
    if filters.kind:
        recipients = recipients.filter(kind=filters.kind)
    return alphabetical(recipients)


def registry_choices(user: User) -> tuple[list[int], list[tuple[int, str]], list[AwardType]]:
    """Years, units and award types offered as filters: three queries."""
    ids = visible_cluster_ids(user)
    years = EmulationYear.objects.all()
    units = Unit.objects.filter(memberships__isnull=False)
    if ids is not None:
        years = years.filter(cluster_id__in=ids)
        units = Unit.objects.filter(memberships__year__cluster_id__in=ids)
    year_numbers = sorted(set(years.values_list("year", flat=True)), reverse=True)
    unit_pairs = sorted(set(units.values_list("pk", "name")), key=lambda p: (fold(p[1]), p[0]))
    return year_numbers, unit_pairs, list(AwardType.objects.all())


def import_lookups(year: EmulationYear) -> tuple[dict[str, AwardChoice], dict[str, int]]:
    """Award types (active) and the year's member units, keyed by folded name and by code."""
    award_types: dict[str, AwardChoice] = {}
    for pk, code, name, kinds in AwardType.objects.filter(is_active=True).values_list(
        "pk", "code", "name", "recipient_kinds"
    ):
        choice = AwardChoice(pk, name, kinds)
        award_types[fold(name)] = award_types[fold(code)] = choice
    units: dict[str, int] = {}
    for pk, slug, name in Unit.objects.filter(memberships__year=year).values_list(
        "pk", "slug", "name"
    ):
        units[fold(name)] = units[slug] = pk
    return award_types, units


def proposal_quotas(proposal: Proposal, proposed: int) -> list[QuotaCheck]:
    """A sent letter keeps the quota notes it was sent with; a draft is measured now."""
    if not proposal.is_draft and proposal.quota_snapshot is not None:
        return [
            QuotaCheck(
                rule=item["rule"],
                share=Decimal(item["share"]),
                base_count=item["base_count"],
                limit=item["limit"],
                proposed=item["proposed"],
            )
            for item in proposal.quota_snapshot
        ]
    return quota_checks(proposal.year, proposal.award_type_id, proposed)


def quota_checks(year: EmulationYear, award_type_id: int, proposed: int) -> list[QuotaCheck]:
    """Each active quota of the award measured against `proposed` units (two queries).

    The base of every quota is the year's number of member units. For "member units" that is
    the rule itself. For "units judged to lead" (the central board's 20% for the flag) the app
    has no better figure: the leading units are judged among the cluster's members, so the
    members are the pool the share is taken from. An administrator who knows another reading
    changes the quota's share.
    """
    quotas = list(
        AwardQuota.objects.filter(award_type_id=award_type_id, is_active=True).values_list(
            "rule", "share"
        )
    )
    if not quotas:
        return []
    members = year.memberships.count()
    return [
        quota_check(rule=rule, share=share, base_count=members, proposed=proposed)
        for rule, share in quotas
    ]
