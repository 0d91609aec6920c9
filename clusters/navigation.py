"""Links from a year's dashboard to each app's pages of that year.

Apps register their links in AppConfig.ready(); the dashboard shows them in order. This keeps the
bottom app (clusters) free of imports from the apps above it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise

from clusters.models import EmulationYear


@dataclass(frozen=True)
class YearLink:
    label: str | Promise
    url_name: str  # a pattern taking (cluster slug, year)
    order: int = 100


_links: list[YearLink] = []


def register_year_link(label: str | Promise, url_name: str, order: int = 100) -> None:
    if all(link.url_name != url_name for link in _links):
        _links.append(YearLink(label, url_name, order))
        _links.sort(key=lambda link: link.order)


def year_links(year: EmulationYear) -> list[tuple[str | Promise, str]]:
    args = [year.cluster.slug, year.year]
    return [(link.label, reverse(link.url_name, args=args)) for link in _links]
