"""Access cases of the clusters app's views (and the project-level ones: home, sign-in…)."""

from tests.access import READ_IN_CLUSTER, SECRETARIAT_ONLY, Case
from tests.personas import PERSONAS, World


def _cluster(w: World) -> list:
    return [w.cluster.slug]


def _year(w: World) -> list:
    return [w.cluster.slug, w.year.year]


CASES = [
    # To one's own cluster's current year; the administrator gets the list of clusters.
    Case("home", expect={**{p: 302 for p in PERSONAS if p != "anonymous"}, "admin": 200}),
    Case("healthz", expect={p: 200 for p in PERSONAS}),
    Case("login", expect={**{p: 302 for p in PERSONAS}, "anonymous": 200}),
    Case("logout", method="post", expect={p: 302 for p in PERSONAS}),
    Case("set_language", method="post", data={"language": "en"}, expect={p: 302 for p in PERSONAS}),
    Case("clusters:cluster_detail", _cluster, expect=READ_IN_CLUSTER),
    Case("clusters:year_detail", _year, expect=READ_IN_CLUSTER),
    Case(
        "clusters:year_edit",
        _year,
        expect=SECRETARIAT_ONLY,
    ),
    Case(
        "clusters:year_edit",
        _year,
        method="post",
        data={"phase": "review", "conference_place": "Hà Nam"},
        expect={"secretariat": 302, "own": 403, "other": 403, "viewer": 403, "outsider": 404},
    ),
    Case(
        "clusters:representative_edit",
        lambda w: [*_year(w), w.nam_dinh.slug],
        expect={"secretariat": 200, "own": 200, "other": 403, "viewer": 403, "outsider": 404},
    ),
    Case(
        "clusters:representative_edit",
        lambda w: [*_year(w), w.ha_nam.slug],
        method="post",
        data={"full_name": "Nguyễn Văn A", "title": "Phó Chủ tịch UBND tỉnh"},
        expect={"secretariat": 302, "own": 403, "other": 403, "viewer": 403, "outsider": 404},
    ),
    Case(
        "clusters:year_close",
        _year,
        method="post",
        expect={"secretariat": 302, "own": 403, "other": 403, "viewer": 403, "outsider": 404},
    ),
    Case("clusters:unit_detail", lambda w: [w.nam_dinh.slug], expect=READ_IN_CLUSTER),
    # The year's activity log is the secretariat's; the installation's, the administrator's.
    Case("clusters:year_activity", _year, expect=SECRETARIAT_ONLY),
    Case(
        "clusters:activity",
        expect={**{p: 403 for p in PERSONAS if p != "anonymous"}, "admin": 200},
    ),
]
