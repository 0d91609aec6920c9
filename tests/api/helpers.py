"""Tokens and calls for the API tests: a client issued through the service, called as an
organisation's system calls it (a bearer token, no session)."""

from __future__ import annotations

import datetime
import json
from typing import Any

from django.test import Client
from django.utils import timezone

from clusters.models import ApiClient, Cluster, Council, User
from config.api.services import RESOURCES, api_client_issue


def issue(
    admin: User,
    clusters: list[Cluster],
    *,
    resources: list[str] | None = None,
    days: int = 30,
    organisation: str = "Cơ sở dữ liệu quốc gia về thi đua, khen thưởng",
    councils: list[Council] = (),
) -> tuple[ApiClient, str]:
    return api_client_issue(
        councils=councils,
        actor=admin,
        organisation=organisation,
        contact="Phòng Công nghệ thông tin, 024 1234 5678",
        clusters=clusters,
        resources=resources or list(RESOURCES),
        expires_at=timezone.now() + datetime.timedelta(days=days),
    )


def call(token: str | None, path: str, *, language: str | None = None, **params: Any):
    headers = {}
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    if language:
        headers["Accept-Language"] = language
    return Client().get(path, params, headers=headers)


def body(response) -> Any:
    return json.loads(response.content)
