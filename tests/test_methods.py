"""Every URL answers only the methods it serves: 405 for any other, for everyone signed in; HEAD
answers as GET does, with no body.

The methods a URL serves are the ones its access cases ask with (tests/<app>/access_cases.py):
a page with only GET cases refuses POST, an action with only POST cases refuses GET, and
nothing serves PUT, PATCH or DELETE. The refusal comes before any access check, so even an
outsider learns nothing from it but the method.
"""

from __future__ import annotations

from collections import defaultdict

import pytest
from django.urls import reverse

from tests.personas import expected_status
from tests.test_access_matrix import CASES

# Django's own views, which serve more than the app's cases ask (the sign-in page also takes
# POST; sign-out and set_language redirect on GET by design of those views).
NOT_OURS = {"login", "logout", "set_language"}

SERVED: dict[str, set[str]] = defaultdict(set)
FIRST_CASE = {}
for _case in CASES:
    SERVED[_case.url_name].add(_case.method)
    FIRST_CASE.setdefault(_case.url_name, _case)

WRONG = sorted(
    (name, method)
    for name, methods in SERVED.items()
    if name not in NOT_OURS
    for method in ({"get", "post", "put", "patch", "delete"} - methods)
)


@pytest.mark.parametrize(("url_name", "method"), WRONG, ids=[f"{m.upper()} {n}" for n, m in WRONG])
def test_a_wrong_method_answers_405(url_name: str, method: str, world, as_persona):
    case = FIRST_CASE[url_name]
    url = reverse(url_name, args=case.args(world))
    for persona in ("secretariat", "outsider"):
        response = getattr(as_persona(persona), method)(url)
        assert response.status_code == 405, f"{persona} {method.upper()} {url}"


def _head_cases() -> list[tuple[str, object, int]]:
    """(url name, a case of it, status): HEAD answers 200 where the URL serves GET, else 405.

    HEAD is what link checkers and proxies send: a page answers it like GET, with no body; an
    action refuses it like any method but POST.
    """
    found: dict[str, object] = {}
    for case in CASES:
        current = found.get(case.url_name)
        if current is None or (case.method == "get" and current.method != "get"):
            found[case.url_name] = case
    return [
        (name, case, 200 if case.method == "get" else 405)
        for name, case in sorted(found.items())
        if name not in NOT_OURS
    ]


HEAD = _head_cases()


@pytest.mark.parametrize(("url_name", "case", "status"), HEAD, ids=[name for name, _c, _s in HEAD])
def test_head_answers_like_get_or_405(url_name, case, status, world, as_persona):
    url = reverse(url_name, args=case.args(world))
    # A person who may open the page (the unit's own pages are not the secretariat's).
    persona = next((p for p, code in case.expect.items() if code == 200), "secretariat")
    if status == 200:  # as GET answers that person (a redirect stays a redirect)
        status = expected_status(case.expect, persona, "get")
    response = as_persona(persona).head(url)
    assert response.status_code == status, f"HEAD {url}"
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert body == b""
    if status == 405:
        assert response["Allow"] == "POST"
