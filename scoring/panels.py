"""Panels that higher apps add under a closed round's tally, without scoring importing them.

The awards app registers one in its AppConfig.ready(): the "draft proposal" area (a button for
the secretariat, the quota warning, or a link to the proposal already drafted). A panel returns
HTML (rendered with the request, for the CSRF token) or "" when it has nothing to show.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest

from scoring.ballots import Tally
from scoring.models import BallotRound

RoundPanel = Callable[[HttpRequest, BallotRound, Tally], str]

_panels: list[RoundPanel] = []


def register_round_panel(panel: RoundPanel) -> None:
    if panel not in _panels:
        _panels.append(panel)


def round_panels(request: HttpRequest, ballot_round: BallotRound, tally: Tally) -> list[str]:
    return [html for panel in _panels if (html := panel(request, ballot_round, tally))]
