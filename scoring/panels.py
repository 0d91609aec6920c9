"""Panels that higher apps add under a closed round's tally, without scoring importing them.

The year's flow (config/year.py, `round_panels`) names them; awards gives the "draft proposal"
area (a button for the secretariat, the quota warning, or a link to the proposal already
drafted). A panel returns HTML (rendered with the request, for the CSRF token) or "" when it has
nothing to show.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.http import HttpRequest

from clusters.flow import year_flow
from scoring.ballots import Tally
from scoring.models import BallotRound

RoundPanel = Callable[[HttpRequest, BallotRound, Tally], str]


def round_panels(
    request: HttpRequest,
    ballot_round: BallotRound,
    tally: Tally,
    panels: Iterable[RoundPanel] | None = None,
) -> list[str]:
    if panels is None:
        panels = year_flow().round_panels
    return [html for panel in panels if (html := panel(request, ballot_round, tally))]
