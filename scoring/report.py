"""Scoring's sections of the conference report: the ranking with its chart, the ballots, and
next year's leaders. Registered with campaigns.report in ScoringConfig.ready()."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

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
        [f"{s.code}. {s.text[:30]}" for s in ranking.sections],
        title=f"Tổng điểm theo mục, năm {year.year}",
    )


def ranking_section(year: EmulationYear) -> dict[str, Any]:
    ranking = year_ranking(year)
    return {
        "ranking": ranking,
        "has_results": any(row.total is not None for row in ranking.rows),
        "chart": ranking_chart(year, ranking),
    }


def ballots_section(year: EmulationYear) -> dict[str, Any]:
    closed = year.ballot_rounds.filter(state=BallotRound.State.CLOSED)
    return {"results": [(r, ballots.round_tally(r)) for r in closed]}


def leaders_section(year: EmulationYear) -> dict[str, Any]:
    head, deputies = ballots.elected_leaders(year)
    return {"head": head, "deputies": deputies, "next_year": year.year + 1}


def round_outcomes(year: EmulationYear) -> list[tuple[str, str]]:
    return [
        (
            f"Kết quả: {r.get_kind_display()}",
            reverse("scoring:round", args=[year.cluster.slug, year.year, r.pk]),
        )
        for r in year.ballot_rounds.filter(state=BallotRound.State.CLOSED)
    ]


def register() -> None:
    from campaigns.report import register_outcomes, register_section

    register_section(
        40, "Kết quả chấm điểm, xếp hạng", "documents/report/ranking.html", ranking_section
    )
    register_section(
        50, "Kết quả bình xét, suy tôn", "documents/report/ballots.html", ballots_section
    )
    register_section(
        95, "Cụm trưởng, Cụm phó năm sau", "documents/report/leaders.html", leaders_section
    )
    register_outcomes(round_outcomes)
