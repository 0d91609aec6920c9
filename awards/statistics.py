"""Award statistics a board reports (issue 14, item 5): for a calendar year and a set of clusters
(one cluster, or every cluster of an organising council), how many awards of each type went to
collectives and to individuals, as the Bộ Nội vụ's statistical forms break them down.

`award_statistics` reads the counts in one grouped query and `tabulate` (pure, tested without a
database) lays them out: every active award type of the catalogue in its order, with zeros, and
any inactive type that still has awards that year. The page, the workbook and the API read the
same result. It takes a list of clusters, not a council, so it holds however councils are kept.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from django.db.models import Count

from awards.models import AwardType, Recipient, RecipientKind
from clusters.models import Cluster, EmulationYear


@dataclass(frozen=True)
class AwardLine:
    """One award type's counts."""

    code: str
    name: str
    level: str
    collective: int
    individual: int

    @property
    def total(self) -> int:
        return self.collective + self.individual


@dataclass(frozen=True)
class AwardStatistics:
    year: int
    cluster_ids: tuple[int, ...]
    lines: tuple[AwardLine, ...]
    # Years counted that are not closed yet: their decisions may still change.
    open_years: int
    years: int

    @property
    def collective(self) -> int:
        return sum(line.collective for line in self.lines)

    @property
    def individual(self) -> int:
        return sum(line.individual for line in self.lines)

    @property
    def total(self) -> int:
        return self.collective + self.individual

    @property
    def final(self) -> bool:
        """Every year counted is closed: its decisions are issued and the counts will hold."""
        return self.open_years == 0

    def as_dict(self) -> dict:
        """Plain data (the API's resource): award types by code, counts by recipient kind."""
        return {
            "year": self.year,
            "clusters": list(self.cluster_ids),
            "final": self.final,
            "by_award_type": [
                {
                    "code": line.code,
                    "name": line.name,
                    "level": line.level,
                    RecipientKind.COLLECTIVE.value: line.collective,
                    RecipientKind.INDIVIDUAL.value: line.individual,
                    "total": line.total,
                }
                for line in self.lines
            ],
            "by_recipient_kind": {
                RecipientKind.COLLECTIVE.value: self.collective,
                RecipientKind.INDIVIDUAL.value: self.individual,
            },
            "total": self.total,
        }


@dataclass(frozen=True)
class CatalogueEntry:
    pk: int
    code: str
    name: str
    level: str
    is_active: bool


def tabulate(
    catalogue: Sequence[CatalogueEntry], counts: Mapping[tuple[int, str], int]
) -> tuple[AwardLine, ...]:
    """The lines in the catalogue's order: active types always (zeros included), inactive ones
    only when counted. `counts` is {(award type id, recipient kind): number}."""
    lines = []
    for entry in catalogue:
        collective = counts.get((entry.pk, RecipientKind.COLLECTIVE), 0)
        individual = counts.get((entry.pk, RecipientKind.INDIVIDUAL), 0)
        if entry.is_active or collective or individual:
            lines.append(AwardLine(entry.code, entry.name, entry.level, collective, individual))
    return tuple(lines)


def award_statistics(*, clusters: Iterable[Cluster | int], year: int) -> AwardStatistics:
    """The counts of the clusters' decisions of that calendar year (three queries)."""
    cluster_ids = tuple(sorted({c if isinstance(c, int) else c.pk for c in clusters}))
    years = EmulationYear.objects.filter(cluster_id__in=cluster_ids, year=year)
    rows = (
        Recipient.objects.filter(decision__year__in=years)
        .order_by()
        .values_list("award_type_id", "kind")
        .annotate(number=Count("pk"))
    )
    counts = {(award_type, kind): number for award_type, kind, number in rows}
    catalogue = [
        CatalogueEntry(a.pk, a.code, a.name, a.get_level_display(), a.is_active)
        for a in AwardType.objects.order_by("order", "name")
    ]
    phases = list(years.values_list("phase", flat=True))
    return AwardStatistics(
        year=year,
        cluster_ids=cluster_ids,
        lines=tabulate(catalogue, counts),
        open_years=sum(phase != EmulationYear.Phase.CLOSED for phase in phases),
        years=len(phases),
    )
