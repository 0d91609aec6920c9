"""Who is calling: the token's client, its scope, its rate, and the audit of each call."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from ninja.security import HttpBearer

from clusters import audit
from clusters.models import ApiClient, Cluster, EmulationYear
from clusters.ratelimit import over_limit
from config.api import tokens
from config.api.problems import Problem

UNKNOWN = _("Khóa truy cập không đúng. Gửi khóa trong tiêu đề Authorization: Bearer <khóa>.")


class ClientToken(HttpBearer):
    """`Authorization: Bearer ctd_…`: the client of an active token, else a 401 problem."""

    def authenticate(self, request: HttpRequest, token: str) -> ApiClient:
        prefix = tokens.prefix_of(token)
        client = (
            ApiClient.objects.filter(token_prefix=prefix).first() if prefix is not None else None
        )
        if client is None or not tokens.matches(token, client.token_hash):
            raise Problem(401, "unauthorized", UNKNOWN, headers={"WWW-Authenticate": "Bearer"})
        # Read from the row on every call: a revocation or an expiry counts at once.
        if client.revoked_at is not None:
            raise Problem(
                401,
                "unauthorized",
                _("Khóa truy cập đã bị thu hồi."),
                headers={"WWW-Authenticate": 'Bearer error="invalid_token"'},
            )
        if client.expires_at <= timezone.now():
            raise Problem(
                401,
                "unauthorized",
                _("Khóa truy cập đã hết hạn."),
                headers={"WWW-Authenticate": 'Bearer error="invalid_token"'},
            )
        limit_rate(client)
        return client


def limit_rate(client: ApiClient) -> None:
    """At most API_RATE_LIMIT calls per API_RATE_WINDOW_SECONDS and client
    (clusters/ratelimit.py)."""
    window = getattr(settings, "API_RATE_WINDOW_SECONDS", 60)
    limit = getattr(settings, "API_RATE_LIMIT", 120)
    key = f"api-calls:{client.token_prefix}"  # random: never a reused id's count
    if over_limit(key, limit=limit, window=window):
        raise Problem(
            429,
            "too_many_requests",
            _("Đã quá %(limit)d lượt gọi trong %(window)d giây; hãy gọi lại sau."),
            params={"limit": limit, "window": window},
            headers={"Retry-After": str(window)},
        )


def client_of(request: HttpRequest) -> ApiClient:
    return request.auth  # type: ignore[attr-defined]


def cluster_ids(request: HttpRequest, resource: str) -> set[int]:
    """The clusters the client reads, once it may read `resource` (else a 403 problem)."""
    client = client_of(request)
    if resource not in client.resources:
        raise Problem(
            403,
            "forbidden",
            _("Khóa truy cập này không được đọc “%(resource)s”."),
            params={"resource": resource},
        )
    cached = getattr(request, "_api_cluster_ids", None)
    if cached is None:
        # The clusters chosen, and those their councils organise now (read on every call).
        chosen = Q(api_clients=client) | Q(council__api_clients=client)
        cached = set(Cluster.objects.filter(chosen).values_list("pk", flat=True))
        request._api_cluster_ids = cached  # type: ignore[attr-defined]
    return cached


def record_call(
    request: HttpRequest,
    resource: str,
    count: int,
    year: EmulationYear | None = None,
    *,
    status: int = 200,
) -> None:
    """Every call is in the activity log: the client, the resource, how many records (and the
    status of a refused one: a client probing outside its scope shows in the log)."""
    client = client_of(request)
    summary = f"{resource}: {count}" if status == 200 else f"{resource}: {status}"
    with transaction.atomic():
        audit.record(
            actor=None,
            action="api.call",
            target=client,
            year=year,
            summary=summary,
            changes={
                "resource": resource,
                "count": count,
                "status": status,
                "path": request.get_full_path(),
            },
        )
