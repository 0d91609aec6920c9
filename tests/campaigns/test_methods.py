"""Every campaigns URL answers HEAD as it answers GET, or 405 when it only takes POST.

The other wrong methods (POST to a page, GET to an action, PUT, PATCH, DELETE) are checked for
every URL of the project by tests/test_methods.py.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.campaigns.access_cases import CASES
from tests.campaigns.pages import head_cases

HEAD = head_cases(CASES)


@pytest.mark.parametrize(("url_name", "case", "status"), HEAD, ids=[name for name, _c, _s in HEAD])
def test_head_answers_like_get_or_405(url_name, case, status, world, as_persona):
    url = reverse(url_name, args=case.args(world))
    # A person who may open the page (the unit's own pages are not the secretariat's).
    persona = next((p for p, code in case.expect.items() if code == 200), "secretariat")
    response = as_persona(persona).head(url)
    assert response.status_code == status, f"HEAD {url}"
    assert response.content == b""
    if status == 405:
        assert response["Allow"] == "POST"
