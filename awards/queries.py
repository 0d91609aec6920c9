"""Read side of the awards app: the registry, the lookups of the recipients import, the quota
checks of proposals."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import connection
from django.db.models import BooleanField, QuerySet
from django.db.models.expressions import RawSQL
from django.db.models.functions import Collate
from django.utils import timezone

from awards.models import AwardQuota, AwardType, Decision, Proposal, Recipient
from awards.rules import AwardChoice, QuotaCheck, cluster_route, quota_check
from clusters.access import visible_cluster_ids
from clusters.models import EmulationYear, Unit, User
from clusters.text import fold

# Created by migration awards.0003 on PostgreSQL (ICU, locale vi-VN).
VIETNAMESE_COLLATION = "vi_icu"


@dataclass(frozen=True, slots=True)
class RegistryRow:
    """What the registry shows of one recipient, as plain values: the template reads each once,
    without walking model relations row by row (issue 16: the row loop was half the page)."""

    pk: int
    name: str
    is_sample: bool
    kind: str
    position: str
    organisation: str
    unit: str
    award: str
    decision_url: str
    decision_number: str
    cluster: str
    year: int


def registry_rows(recipients: list[Recipient]) -> list[RegistryRow]:
    """The page's rows; each decision's link and each kind's label made once."""
    urls: dict[int, str] = {}
    kinds: dict[str, str] = {}
    rows = []
    for r in recipients:
        decision = r.decision
        if decision.pk not in urls:
            urls[decision.pk] = decision.get_absolute_url()
        if r.kind not in kinds:
            kinds[r.kind] = str(r.get_kind_display())
        rows.append(
            RegistryRow(
                pk=r.pk,
                name=r.name,
                is_sample=r.is_sample,
                kind=kinds[r.kind],
                position=r.position,
                organisation=r.organisation,
                unit=r.unit.name if r.unit_id else "",
                award=r.award_type.name,
                decision_url=urls[decision.pk],
                decision_number=decision.number,
                cluster=decision.year.cluster.name,
                year=decision.year.year,
            )
        )
    return rows


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


def visible_decision_ids(user: User, year: int | None = None) -> list[int] | None:
    """The ids of the decisions whose recipients the person may read (of `year` when given),
    as a plain list; None when nothing narrows them (an administrator, no year).

    Resolved first, in one small query: the registry then searches within a list of ids, so a
    small cluster's page costs what its own rows cost. Given a subquery instead, PostgreSQL
    walked the whole name index of a national table and semi-joined every row (issue 16:
    418 -> 54 ms for a cluster of 22 recipients among 105,544).
    """
    ids = visible_cluster_ids(user)
    if ids is None and not year:
        return None
    decisions = Decision.objects.all()
    if ids is not None:
        decisions = decisions.filter(year__cluster_id__in=ids)
    if year:
        decisions = decisions.filter(year__year=year)
    return list(decisions.values_list("pk", flat=True))


def registry(user: User, filters: RegistryFilters) -> QuerySet[Recipient]:
    """Every recipient of every decision of the clusters the person can see (admin: all)."""
    recipients = Recipient.objects.select_related("decision__year__cluster", "award_type", "unit")
    decisions = visible_decision_ids(user, filters.year)
    if decisions is not None:
        recipients = recipients.filter(decision_id__in=decisions)
    query = fold(filters.q)
    if query:
        recipients = recipients.filter(search_name__contains=query)
    if filters.unit:
        recipients = recipients.filter(unit_id=filters.unit)
    if filters.award_type:
        recipients = recipients.filter(award_type_id=filters.award_type)
    if filters.kind:
        recipients = recipients.filter(kind=filters.kind)
    return alphabetical(recipients)


def beyond(
    recipients: QuerySet[Recipient], cursor: tuple[str, int], *, backward: bool = False
) -> QuerySet[Recipient]:
    """Keyset pagination: the rows after `cursor` (a row's name and id) in the registry's order
    (before it, nearest first, when `backward`). A deep page reads its rows from the name index
    at the cursor instead of counting past every row before it; equal names are ordered by id,
    so no row is lost or repeated between pages, and the cursor carries the name itself, so a
    row deleted meanwhile loses nothing either."""
    name, pk = cursor
    table = connection.ops.quote_name(Recipient._meta.db_table)
    operator = "<" if backward else ">"
    if connection.vendor == "postgresql":
        collation = connection.ops.quote_name(VIETNAMESE_COLLATION)
        sql = (
            f'({table}."name" COLLATE {collation}, {table}."id") '
            f"{operator} (%s COLLATE {collation}, %s)"
        )
    else:
        sql = f'({table}."search_name", {table}."id") {operator} (%s, %s)'
        name = fold(name)
    # Only the operator and quoted names are formatted in; the values are parameters.
    found = recipients.filter(RawSQL(sql, [name, pk], output_field=BooleanField()))  # nosec B611
    return found.reverse() if backward else found


def registry_choices(
    user: User,
) -> tuple[list[int], list[tuple[int, str]], list[tuple[int, str]]]:
    """Years, units and award types (id, name) offered as filters: three queries."""
    ids = visible_cluster_ids(user)
    years = EmulationYear.objects.all()
    units = Unit.objects.filter(memberships__isnull=False)
    if ids is not None:
        years = years.filter(cluster_id__in=ids)
        units = Unit.objects.filter(memberships__year__cluster_id__in=ids)
    year_numbers = sorted(set(years.values_list("year", flat=True)), reverse=True)
    unit_pairs = sorted(set(units.values_list("pk", "name")), key=lambda p: (fold(p[1]), p[0]))
    award_types = list(AwardType.objects.values_list("pk", "name"))
    return year_numbers, unit_pairs, award_types


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
    council = year.cluster.council
    route = cluster_route(
        council.name if council else "", central=council.is_central if council else None
    )
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


@dataclass
class RegistryPage:
    """One page of the registry: its rows, its number among `num_pages`, and whether pages come
    before and after it (their links continue from the first and the last row: `cursor_of`)."""

    rows: list[Recipient]
    number: int
    num_pages: int | None  # None when the count stopped at COUNT_CAP
    total: int
    has_previous: bool
    has_next: bool

    @property
    def capped(self) -> bool:
        return self.num_pages is None


def cursor_of(recipient: Recipient) -> str:
    """A row as a link's cursor: "<id>~<name>"."""
    return f"{recipient.pk}~{recipient.name}"


def parse_cursor(value: object) -> tuple[str, int] | None:
    """ "<id>~<name>" -> (name, id); None for anything else (a cursor typed by hand is harmless:
    it only says where to read on from)."""
    pk, sep, name = str(value or "").partition("~")
    if not sep or not pk.isdigit() or len(pk) > 18 or len(name) > 200:
        return None
    return name, int(pk)


def _number(value: object) -> int | None:
    text = str(value or "")
    if not text.isdigit() or len(text) > 9:
        return None
    return int(text) or None


# Matches are counted up to this many: "more than 10,000" tells as much, and counting every row
# of a national table (a cluster of 100,000 recipients: a scan of all of them) would cost more
# than the page itself.
COUNT_CAP = 10_000


def registry_page(
    recipients: QuerySet[Recipient],
    *,
    page: object = None,
    after: object = None,
    before: object = None,
    size: int = 50,
) -> RegistryPage:
    """The page asked for: after (or before) a cursor row when the link carries one — `page`
    is then only the number shown — else by number (a page typed in; past the end: the last
    one, or no rows when the count stopped at COUNT_CAP). Two queries: the count (up to
    COUNT_CAP) and the rows (on a numbered deep page, the ids then the rows)."""
    counted = recipients.order_by().values("pk")[: COUNT_CAP + 1].count()
    capped = counted > COUNT_CAP
    total = min(counted, COUNT_CAP)
    num_pages = None if capped else max(1, -(-total // size))
    last = num_pages or 10**9
    number = min(_number(page) or 1, last)
    onward, back = parse_cursor(after), parse_cursor(before)
    if (onward or back) and total:
        rows = list(beyond(recipients, onward or back, backward=not onward)[: size + 1])
        more = len(rows) > size
        rows = rows[:size]
        if rows and not onward:
            rows.reverse()
            number = max(1, min(number, last - 1)) if more else 1
            return RegistryPage(rows, number, num_pages, total, more, True)
        if rows:
            number = min(max(number, 2), last) if more else (num_pages or max(number, 2))
            return RegistryPage(rows, number, num_pages, total, True, more)
        # Nothing beyond the cursor (the rows changed meanwhile): the page by its number.
    start = (number - 1) * size
    if number == 1:
        rows = list(recipients[: size + 1])
    else:
        # Page through ids only, then load the page's rows with their relations: a deep page
        # typed in (OFFSET) skips bare ids instead of joined rows.
        ids = list(recipients.values_list("pk", flat=True)[start : start + size + 1])
        loaded = recipients.in_bulk(ids) if ids else {}
        rows = [loaded[pk] for pk in ids if pk in loaded]
    more = len(rows) > size
    # Empty only past the end of a count stopped at COUNT_CAP (the last page is not known): no
    # row to continue back from, so no link back either.
    return RegistryPage(rows[:size], number, num_pages, total, number > 1 and bool(rows), more)
