"""Every view of the project, asked by every persona.

Each case names a URL pattern, how to build its arguments from the world, the method, and the
status each persona must get; each app keeps its cases in tests/<app>/access_cases.py.
`test_every_url_pattern_has_persona_cases` walks the project's URL patterns and fails when a view
has no case, so no later view escapes the access checks.
"""

from __future__ import annotations

import importlib
import pkgutil

import pytest
from django.contrib.messages import ERROR, get_messages
from django.urls import URLPattern, URLResolver, get_resolver, reverse

import tests
from tests.access import Case
from tests.personas import PERSONAS, World, expected_status

LOGIN = "/dang-nhap/"


def _all_cases() -> list[Case]:
    cases: list[Case] = []
    for module in pkgutil.walk_packages(tests.__path__, "tests."):
        if module.name.endswith(".access_cases"):
            cases.extend(importlib.import_module(module.name).CASES)
    return cases


CASES = _all_cases()


def _case_id(case: Case) -> str:
    return f"{case.method.upper()} {case.url_name}"


@pytest.mark.parametrize("case", CASES, ids=_case_id)
@pytest.mark.parametrize("persona", PERSONAS)
def test_persona_gets_expected_status(case: Case, persona: str, world: World, as_persona):
    client = as_persona(persona)
    url = reverse(case.url_name, args=case.args(world))
    data = case.data(world) if callable(case.data) else case.data
    expected = expected_status(case.expect, persona, case.method)
    refused = case.method == "post" and expected in (403, 404, 405, 409)
    before = database_state() if refused else None
    response = getattr(client, case.method)(url, data)
    assert response.status_code == expected, f"{persona} {case.method.upper()} {url}"
    if refused:
        assert database_state() == before, f"{persona} {url}: a refused write changed the data"
    if case.method == "post" and expected == 302 and persona != "anonymous":
        # A refused write redirects too: make sure this one did what it was asked.
        refused = [str(m) for m in get_messages(response.wsgi_request) if m.level == ERROR]
        assert refused == [], f"{persona} {url}: refused with {refused}"
    if persona == "anonymous" and "anonymous" not in case.expect:
        assert response["Location"].startswith(LOGIN)


DOMAIN_APPS = ("clusters", "campaigns", "scoring", "awards")


def database_state() -> dict[str, list]:
    """Every row of the app's own tables (audit events included: a refusal writes none)."""
    from django.apps import apps

    state = {}
    for model in apps.get_models():
        if model._meta.app_label in DOMAIN_APPS:
            state[model._meta.label] = list(model.objects.order_by("pk").values())
    return state


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
    assert names - covered == set(), "views without persona cases in tests/<app>/access_cases.py"


def test_a_refused_write_changes_nothing(world: World, as_persona):
    before = (world.year.phase, world.year.conference_place)
    year_args = [world.cluster.slug, world.year.year]
    as_persona("own").post(reverse("clusters:year_edit", args=year_args), {"phase": "closed"})
    world.year.refresh_from_db()
    assert (world.year.phase, world.year.conference_place) == before
    assert not world.ha_nam.representatives.exists()
    as_persona("own").post(
        reverse("clusters:representative_edit", args=[*year_args, world.ha_nam.slug]),
        {"full_name": "Kẻ Mạo Danh", "title": "Không có"},
    )
    assert not world.ha_nam.representatives.exists()
