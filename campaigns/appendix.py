"""The compact's appendix: the criteria of the year's score sheet, when the year has one.

The criteria live in a higher app (scoring), which campaigns must not import. That app registers
a provider here in its AppConfig.ready():

    from campaigns.appendix import AppendixRow, register_appendix_provider

    def criteria_appendix(year):  # -> Iterable[AppendixRow]
        return [AppendixRow(code=c.code, text=c.text, max_points=c.max_points,
                            kind=c.get_kind_display()) for c in leaves_of(year)]

    register_appendix_provider(criteria_appendix)

A provider receives the EmulationYear and returns rows in the order they are printed, or nothing
when the year has no score sheet. Every registered provider is asked, in registration order, and
their rows are concatenated. With no provider, or no rows, the compact says it has no appendix.
A provider must run a fixed number of queries (the compact of 200 criteria renders in seconds).
When the last member signs, the rows are copied into the covenant (`appendix_snapshot`), so a
signed compact keeps the criteria it was signed with.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal

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

_providers: list[AppendixProvider] = []


def register_appendix_provider(provider: AppendixProvider) -> AppendixProvider:
    """Register a provider (idempotent); usable as a decorator."""
    if provider not in _providers:
        _providers.append(provider)
    return provider


def unregister_appendix_provider(provider: AppendixProvider) -> None:
    if provider in _providers:
        _providers.remove(provider)


def appendix_for(year: EmulationYear) -> list[AppendixRow]:
    rows: list[AppendixRow] = []
    for provider in _providers:
        rows.extend(provider(year))
    return rows
