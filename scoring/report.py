"""Scoring's sections of the conference report (the ranking with its chart, the ballots, next
year's leaders) and its links on the conference page; the year's flow (config/year.py) places
them."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from campaigns.report import ReportSource
from clusters.flow import ReportSection
from clusters.models import EmulationYear
from scoring import ballots, charts
from scoring.models import BallotRound
from scoring.queries import year_ranking


def ranking_chart(year: EmulationYear, ranking=None) -> str:
    """The ranking page's chart; the report prints the same SVG."""
    ranking = ranking or year_ranking(year)
    ranked = [row for row in ranking.rows if row.total is not None]
    if not ranked:
        return ""
    return charts.stacked_bars_svg(
        [charts.Bar(row.unit.name, row.sections) for row in ranked],
        [f"{s.code}. {s.text}" for s in ranking.sections],  # whole, wrapped by the chart
        title=_("Tổng điểm theo mục, năm %(year)d") % {"year": year.year},
    )


def ranking_section(source: ReportSource) -> dict[str, Any]:
    ranking = year_ranking(source.year)
    with translation.override("vi"):  # a document is Vietnamese, whatever the reader's language
        chart = ranking_chart(source.year, ranking)
    return {
        "ranking": ranking,
        "has_results": any(row.total is not None for row in ranking.rows),
        "chart": chart,
        # Sample scores are labelled in the document too, not only in the pages.
        "is_sample": bool(ranking.sections and ranking.sections[0].sheet.is_sample)
        or any(row.assessment is not None and row.assessment.is_sample for row in ranking.rows),
    }


def _closed_rounds(source: ReportSource) -> list[tuple[BallotRound, ballots.Tally]]:
    """The year's closed rounds with their tallies, tallied once per report (the ballots and
    the next leaders' sections both read the head round)."""
    if "scoring.closed_rounds" not in source.memo:
        closed = source.year.ballot_rounds.filter(state=BallotRound.State.CLOSED)
        source.memo["scoring.closed_rounds"] = [(r, ballots.round_tally(r)) for r in closed]
    return source.memo["scoring.closed_rounds"]


def ballots_section(source: ReportSource) -> dict[str, Any]:
    return {"results": _closed_rounds(source)}


def leaders_section(source: ReportSource) -> dict[str, Any]:
    tallies = {ballot_round.pk: tally for ballot_round, tally in _closed_rounds(source)}

    def tally(ballot_round: BallotRound) -> ballots.Tally:
        return tallies.get(ballot_round.pk) or ballots.round_tally(ballot_round)

    head, deputies = ballots.elected_leaders(source.year, tally)
    return {"head": head, "deputies": deputies, "next_year": source.year.year + 1}


RANKING = ReportSection(
    "Kết quả chấm điểm, xếp hạng", "documents/report/ranking.html", ranking_section
)
BALLOTS = ReportSection(
    "Kết quả bình xét, suy tôn", "documents/report/ballots.html", ballots_section
)
NEXT_LEADERS = ReportSection(
    "Cụm trưởng, Cụm phó năm sau", "documents/report/leaders.html", leaders_section
)


def round_outcomes(year: EmulationYear) -> list[tuple[str, str]]:
    return [
        (
            _("Kết quả: %(kind)s") % {"kind": r.get_kind_display()},
            reverse("scoring:round", args=[year.cluster.slug, year.year, r.pk]),
        )
        for r in year.ballot_rounds.filter(state=BallotRound.State.CLOSED)
    ]
