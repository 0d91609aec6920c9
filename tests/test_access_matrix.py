"""Every view of the project, asked by every persona.

Each case names a URL pattern, how to build its arguments from the world, the method, and the
status each persona must get. `test_every_url_pattern_has_persona_cases` walks the project's URL
patterns and fails when a view has no case here, so no later view escapes the access checks.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.personas import PERSONAS, World

LOGIN = "/dang-nhap/"


@dataclass(frozen=True)
class Case:
    url_name: str
    args: Callable[[World], list] = lambda w: []
    method: str = "get"
    data: dict = field(default_factory=dict)
    # persona -> expected status; "anonymous" defaults to a redirect to the sign-in page.
    expect: dict[str, int] = field(default_factory=dict)


def _cluster(w: World) -> list:
    return [w.cluster.slug]


def _year(w: World) -> list:
    return [w.cluster.slug, w.year.year]


READ_IN_CLUSTER = {
    "secretariat": 200,
    "own": 200,
    "other": 200,
    "viewer": 200,
    "outsider": 404,
}

CASES = [
    Case("home", expect={p: 302 for p in PERSONAS if p != "anonymous"}),
    Case("healthz", expect={p: 200 for p in PERSONAS}),
    Case("login", expect={**{p: 302 for p in PERSONAS}, "anonymous": 200}),
    Case("logout", method="post", expect={p: 302 for p in PERSONAS}),
    Case("set_language", method="post", data={"language": "en"}, expect={p: 302 for p in PERSONAS}),
    Case("clusters:cluster_detail", _cluster, expect=READ_IN_CLUSTER),
    Case("clusters:year_detail", _year, expect=READ_IN_CLUSTER),
    Case(
        "clusters:year_edit",
        _year,
        expect={"secretariat": 200, "own": 403, "other": 403, "viewer": 403, "outsider": 404},
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
    Case("clusters:unit_detail", lambda w: [w.nam_dinh.slug], expect=READ_IN_CLUSTER),
]


def _case_id(case: Case) -> str:
    return f"{case.method.upper()} {case.url_name}"


@pytest.mark.parametrize("case", CASES, ids=_case_id)
@pytest.mark.parametrize("persona", PERSONAS)
def test_persona_gets_expected_status(case: Case, persona: str, world: World, as_persona):
    client = as_persona(persona)
    url = reverse(case.url_name, args=case.args(world))
    response = getattr(client, case.method)(url, case.data)
    expected = case.expect.get(persona, 302)
    assert response.status_code == expected, f"{persona} {case.method.upper()} {url}"
    if persona == "anonymous" and "anonymous" not in case.expect:
        assert response["Location"].startswith(LOGIN)


def _project_url_names(patterns, namespace: str = "") -> set[str]:
    names: set[str] = set()
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= _project_url_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{namespace}{pattern.name}")
    return names


def test_every_url_pattern_has_persona_cases():
    # Django's admin has its own staff-only checks (tests/clusters/test_admin.py).
    names = {
        n for n in _project_url_names(get_resolver().url_patterns) if not n.startswith("admin:")
    }
    covered = {case.url_name for case in CASES}
    assert names - covered == set(), "views without persona cases in tests/test_access_matrix.py"


def test_a_refused_write_changes_nothing(world: World, as_persona):
    before = (world.year.phase, world.year.conference_place)
    as_persona("own").post(reverse("clusters:year_edit", args=_year(world)), {"phase": "closed"})
    world.year.refresh_from_db()
    assert (world.year.phase, world.year.conference_place) == before
    assert not world.ha_nam.representatives.exists()
    as_persona("own").post(
        reverse("clusters:representative_edit", args=[*_year(world), world.ha_nam.slug]),
        {"full_name": "Kẻ Mạo Danh", "title": "Không có"},
    )
    assert not world.ha_nam.representatives.exists()
