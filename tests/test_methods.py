"""Every URL answers only the methods it serves: 405 for any other, for everyone signed in.

The methods a URL serves are the ones its access cases ask with (tests/<app>/access_cases.py):
a page with only GET cases refuses POST, an action with only POST cases refuses GET, and
nothing serves PUT, PATCH or DELETE. The refusal comes before any access check, so even an
outsider learns nothing from it but the method.
"""

from __future__ import annotations

from collections import defaultdict

import pytest
from django.urls import reverse

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
