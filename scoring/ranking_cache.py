"""The ranking page's body (table, chart, totals across years), rendered once per version of the
cluster's data and then read from Django's cache.

At 60 units × 200 criteria the page was 11.5x a bare view (issue 16: no page over 8x): the
ranking, its chart and the totals across years were computed and rendered for every reader,
although they are the same for everyone who may read the page and change only when a sheet,
a criterion or a unit of the cluster changes. The key holds what the body depends on:

- the cluster's version (`clusters.documents.store.cluster_version`): the newest audit event
  of any of its years (the totals across years read the other years too, so the year's own
  version would not do) and of any unit (a unit renamed in set-up has no year);
- the year, the language and the time zone.

Written outside the services (a unit renamed in a shell) is seen within TIMEOUT. No signal
receivers: the key is computed from data, so nothing has to remember to clear it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.html import format_html_join
from django.utils.safestring import SafeString

from clusters.documents.store import cluster_version
from clusters.links import slug_url
from clusters.models import EmulationYear
from scoring import queries
from scoring.report import ranking_chart

TIMEOUT = 10 * 60
PREFIX = "scoring:ranking"


@dataclass(frozen=True)
class RankingBody:
    html: SafeString
    is_sample: bool


def ranking_body(year: EmulationYear) -> RankingBody:
    """The body for any reader of the year's ranking: from the cache while nothing changed."""
    key = _key(year)
    body = cache.get(key)
    if body is None:
        body = _build(year)
        cache.set(key, body, TIMEOUT)
    return body


def _key(year: EmulationYear) -> str:
    parts = (
        PREFIX,
        year.pk,
        cluster_version(year.cluster_id),
        translation.get_language() or "",
        timezone.get_current_timezone_name(),
    )
    return ":".join(str(part) for part in parts)


def _number_cells(texts: list[str]) -> SafeString:
    return format_html_join("", '<td class="text-end">{}</td>', ((text,) for text in texts))


def _build(year: EmulationYear) -> RankingBody:
    result = queries.year_ranking(year)
    # One reverse() for every row's link.
    sheet_url = slug_url("scoring:sheet", year.cluster.slug, year.year)
    for row in result.rows:
        row.url = sheet_url(row.unit.slug)
        # Each row's cells joined in Python: a template node per cell was most of the page.
        row.cells_html = _number_cells(row.section_texts)
    across_years, across = queries.totals_across_years(year)
    context = {
        "ranking": result,
        "chart": ranking_chart(year, result),
        "across_years": across_years,
        "across_rows": [(name, _number_cells(totals)) for name, totals in across],
    }
    return RankingBody(
        html=render_to_string("scoring/_ranking_body.html", context),
        is_sample=any(row.assessment and row.assessment.is_sample for row in result.rows),
    )
