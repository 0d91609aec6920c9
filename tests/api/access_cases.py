"""Access cases of the API's URLs and its pages, for every persona (tests/test_access_matrix.py).

The API answers to a token, never to a session: every persona, signed in or not, gets the 401
problem (its access by token is tested in tests/api/test_bad_input.py). Its documentation and
schema are public. The clients' pages are the administrator's.
"""

import datetime

from django.utils import timezone

from config.api.services import api_client_issue
from tests.access import Case
from tests.personas import PERSONAS, World

EVERYONE_401 = {p: 401 for p in PERSONAS}
PUBLIC = {p: 200 for p in PERSONAS}
ADMIN_ONLY = {**{p: 403 for p in PERSONAS if p != "anonymous"}, "admin": 200}
# A council's pages: its officers and administrators; to anyone else the council is not there.
COUNCIL_ONLY = {**{p: 404 for p in PERSONAS if p != "anonymous"}, "council": 200, "admin": 200}


def _year(w: World) -> list:
    return [w.cluster.slug, w.year.year]


def _client(w: World) -> list:
    client, _token = api_client_issue(
        actor=w.admin,
        organisation="Cơ sở dữ liệu quốc gia",
        contact="024 1234 5678",
        clusters=[w.cluster],
        resources=["units"],
        expires_at=timezone.now() + datetime.timedelta(days=30),
    )
    return [client.pk]


def _council(w: World) -> list:
    return [w.cluster.council.slug]


def _council_client(w: World) -> list:
    client, _token = api_client_issue(
        actor=w.admin,
        organisation="Cơ sở dữ liệu quốc gia",
        contact="024 1234 5678",
        clusters=[],
        councils=[w.cluster.council],
        resources=["units"],
        expires_at=timezone.now() + datetime.timedelta(days=30),
    )
    return [w.cluster.council.slug, client.pk]


def _issue_data(w: World) -> dict:
    return {
        "organisation": "Sở Nội vụ tỉnh Nam Định",
        "contact": "024 1234 5678",
        "clusters": [w.cluster.pk],
        "resources": ["units", "decisions"],
        "expires_on": (timezone.localdate() + datetime.timedelta(days=30)).strftime("%d/%m/%Y"),
    }


_API = [
    ("api_v1:units", lambda w: []),
    ("api_v1:unit", lambda w: [w.nam_dinh.slug]),
    ("api_v1:clusters", lambda w: []),
    ("api_v1:cluster", lambda w: [w.cluster.slug]),
    ("api_v1:years", lambda w: []),
    ("api_v1:year", _year),
    ("api_v1:criteria_sheets", lambda w: []),
    ("api_v1:rankings", lambda w: []),
    ("api_v1:covenants", lambda w: []),
    ("api_v1:rounds", lambda w: []),
    ("api_v1:proposals", lambda w: []),
    ("api_v1:decisions", lambda w: []),
    ("api_v1:documents", lambda w: []),
    ("api_v1:document", lambda w: ["ABCDE23456"]),
    ("api_v1:document_file", lambda w: ["ABCDE23456"]),
    ("api_v1:dossier", _year),
    ("api_v1:dossier_file", _year),
    ("api_v1:statistics", lambda w: []),
]

CASES = [
    *[Case(name, args=args, expect=EVERYONE_401) for name, args in _API],
    Case("api_v1:openapi-json", expect=PUBLIC),
    Case("api_docs", expect=PUBLIC),
    Case("api_unknown", args=lambda w: ["khong-co"], expect={p: 404 for p in PERSONAS}),
    Case("api_v1:api-root", expect={p: 302 for p in PERSONAS}),
    Case("api_clients", expect=ADMIN_ONLY),
    Case("api_client_issue", expect=ADMIN_ONLY),
    Case("api_client_issue", method="post", data=_issue_data, expect=ADMIN_ONLY),
    Case("api_client_detail", args=_client, expect=ADMIN_ONLY),
    Case(
        "api_client_revoke",
        args=_client,
        method="post",
        expect={**ADMIN_ONLY, "admin": 302},
    ),
    Case("api_council_clients", args=_council, expect=COUNCIL_ONLY),
    Case("api_council_client_issue", args=_council, expect=COUNCIL_ONLY),
    Case(
        "api_council_client_issue",
        args=_council,
        method="post",
        data=_issue_data,
        expect=COUNCIL_ONLY,
    ),
    Case(
        "api_council_client_revoke",
        args=_council_client,
        method="post",
        expect={**COUNCIL_ONLY, "council": 302, "admin": 302},
    ),
]
