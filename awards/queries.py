"""Read side of the awards app: the registry, the lookups of the recipients import, the quota
checks of proposals."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import connection
from django.db.models import QuerySet
from django.db.models.functions import Collate
from django.utils import timezone

from awards.models import AwardQuota, AwardType, Decision, Proposal, Recipient
from awards.rules import AwardChoice, QuotaCheck, cluster_route, quota_check
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
    """A sent letter keeps the quota notes it was sent with; a draft is measured now, on the
    letter's date (or the conference's, or today)."""
    if not proposal.is_draft and proposal.quota_snapshot is not None:
        return [QuotaCheck.from_json(item) for item in proposal.quota_snapshot]
    return quota_checks(proposal.year, proposal.award_type_id, proposed, on=proposal.date)


def quota_checks(
    year: EmulationYear, award_type_id: int, proposed: int, on: datetime.date | None = None
) -> list[QuotaCheck]:
    """The active quotas of the award for the cluster's route whose source is in force on `on`,
    each measured against `proposed` units (two queries: quotas with their source, members).

    The route is the cluster's: organised by the central council, it proposes one leading unit
    (Nghị định 91/2017 Điều 11 khoản 2; Luật 06/2022/QH15 Điều 25), whatever its size; the 20%
    cap is for collectives inside a ministry or province. The base of a share is the year's
    number of member units: the leading units are judged among them, so the members are the
    pool the share is taken from.
    """
    day = on or year.conference_date or timezone.localdate()
    route = cluster_route(year.cluster.council)
    quotas = [
        quota
        for quota in AwardQuota.objects.filter(
            award_type_id=award_type_id, is_active=True, route=route
        ).select_related("source")
        if quota.source.in_force_on(day)
    ]
    if not quotas:
        return []
    members = year.memberships.count()
    return [
        quota_check(
            rule=quota.rule,
            share=quota.share,
            max_units=quota.max_units,
            base_count=members,
            proposed=proposed,
            route=quota.route,
            source=quota.source_text,
        )
        for quota in quotas
    ]
