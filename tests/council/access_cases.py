"""Access cases of the organising council's pages (tests/test_access_matrix.py).

A council's pages are its officers' (and the administrator's): everyone else gets 404, the
cluster's own secretariat included, so that the council's work does not leak to the clusters.
"""

from tests.access import Case
from tests.council.builders import sent_proposal
from tests.personas import World

COUNCIL_SLUG = "hoi-dong-thi-dua-khen-thuong-trung-uong"

# Only the council's officer and the administrator; "granted" stands for the secretariat.
COUNCIL_ONLY = {
    "council": 200,
    "admin": 200,
    "secretariat": 404,
    "own": 404,
    "other": 404,
    "viewer": 404,
    "outsider": 404,
}


def _council(w: World) -> list:
    return [COUNCIL_SLUG]


def _proposal(w: World) -> list:
    return [COUNCIL_SLUG, sent_proposal(w).pk]


CASES = [
    Case("council:council_detail", _council, expect=COUNCIL_ONLY),
    Case("council:proposals", _council, expect=COUNCIL_ONLY),
    Case("council:outcome", _proposal, expect=COUNCIL_ONLY),
    Case(
        "council:outcome",
        _proposal,
        method="post",
        data={"verdict": "agreed", "reference": "Biên bản họp Hội đồng ngày 15/4/2019"},
        expect={**COUNCIL_ONLY, "council": 302, "admin": 302},
    ),
]
