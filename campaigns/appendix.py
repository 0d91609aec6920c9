"""The compact's appendix: the criteria of the year's score sheet, when the year has one.

The criteria live in a higher app (scoring), which campaigns must not import: the year's flow
(config/year.py, `compact_appendix`) names the providers. A provider receives the EmulationYear
and returns `AppendixRow`s in the order they are printed, or nothing when the year has no score
sheet; the rows of every provider are concatenated. With no rows, the compact says it has no
appendix. A provider must run a fixed number of queries (the compact of 200 criteria renders in
seconds). When the last member signs, the rows are copied into the covenant
(`appendix_snapshot`), so a signed compact keeps the criteria it was signed with.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.utils import translation

from clusters.flow import year_flow
from clusters.models import EmulationYear


@dataclass(frozen=True)
class AppendixRow:
    code: str  # "I.1.a"
    text: str  # the criterion as printed
    max_points: Decimal  # the maximum points
    kind: str  # the kind as printed: "Điểm chuẩn", "Điểm thưởng", "Điểm trừ"

    def as_json(self) -> dict[str, str]:
        return {
            "code": self.code,
            "text": self.text,
            "max_points": str(self.max_points),
            "kind": self.kind,
        }

    @classmethod
    def from_json(cls, data: dict[str, str]) -> AppendixRow:
        return cls(data["code"], data["text"], Decimal(data["max_points"]), data["kind"])


AppendixProvider = Callable[[EmulationYear], Iterable[AppendixRow]]


def appendix_for(
    year: EmulationYear, providers: Iterable[AppendixProvider] | None = None
) -> list[AppendixRow]:
    """The appendix rows of the year, from the flow's providers (or the ones given).

    Built in Vietnamese whatever the interface language: the rows are printed on the compact
    and copied into a signed covenant's snapshot for good, so a kind's label ("Điểm chuẩn")
    must never be the reader's translation of it.
    """
    if providers is None:
        providers = year_flow().compact_appendix
    with translation.override("vi"):
        return [row for provider in providers for row in provider(year)]
