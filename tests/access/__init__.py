"""The access matrix: every view, asked by every persona.

Each app lists its cases in tests/<app>/access_cases.py as `CASES`; tests/test_access_matrix.py
runs them all and fails when a URL pattern of the project has no case.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from tests.personas import World


@dataclass(frozen=True)
class Case:
    url_name: str
    args: Callable[[World], list] = lambda w: []
    method: str = "get"
    # POST data, or a function of the world (called after `args` built what it refers to).
    data: dict | Callable[[World], dict] = field(default_factory=dict)
    # persona -> expected status; "anonymous" defaults to a redirect to the sign-in page.
    expect: dict[str, int] = field(default_factory=dict)


# What reading something of one's own cluster answers, persona by persona.
READ_IN_CLUSTER = {
    "secretariat": 200,
    "own": 200,
    "other": 200,
    "viewer": 200,
    "outsider": 404,
}
# A change only the year's secretariat may make.
SECRETARIAT_ONLY = {"secretariat": 200, "own": 403, "other": 403, "viewer": 403, "outsider": 404}
