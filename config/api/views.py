"""The API's pages: its documentation (public, rendered from the OpenAPI schema on the server:
no script, no CDN) and the administrator's pages that issue and revoke clients."""

from __future__ import annotations

import functools
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.contrib.contenttypes.models import ContentType
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from clusters import access
from clusters.models import ApiClient, AuditEvent
from clusters.services import Refused, refusal_to_form
from config.api import services
from config.api.endpoints import api
from config.api.forms import ApiClientForm, CouncilApiClientForm
from config.api.sync import DEFAULT_LIMIT, max_limit


@functools.cache
def _schema() -> dict[str, Any]:
    return api.get_openapi_schema()


def _operations(schema: dict[str, Any]) -> list[dict[str, Any]]:
    found = []
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            found.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "summary": operation.get("description") or operation.get("summary", ""),
                    "tag": (operation.get("tags") or [""])[0],
                    "parameters": [
                        {
                            "name": p["name"],
                            "where": p["in"],
                            "type": _type(p.get("schema", {})),
                            "required": p.get("required", False),
                        }
                        for p in operation.get("parameters", [])
                    ],
                    "response": _response_ref(operation),
                }
            )
    return found


def _type(schema: dict[str, Any]) -> str:
    if "anyOf" in schema:
        return " | ".join(_type(s) for s in schema["anyOf"])
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    if schema.get("type") == "array":
        return f"[{_type(schema.get('items', {}))}]"
    if "additionalProperties" in schema:
        return f"{{string: {_type(schema['additionalProperties'])}}}"
    kind = schema.get("type", "")
    return f"{kind} ({schema['format']})" if "format" in schema else kind


def _response_ref(operation: dict[str, Any]) -> str:
    content = operation.get("responses", {}).get("200", {}).get("content", {})
    for media, body in content.items():
        return _type(body.get("schema", {})) if media == "application/json" else media
    return ""


def _components(schema: dict[str, Any]) -> list[dict[str, Any]]:
    rows = []
    for name, component in sorted(schema.get("components", {}).get("schemas", {}).items()):
        required = set(component.get("required", []))
        rows.append(
            {
                "name": name,
                "fields": [
                    {
                        "name": field,
                        "type": _type(spec),
                        "required": field in required,
                        "description": spec.get("description", ""),
                    }
                    for field, spec in component.get("properties", {}).items()
                ],
            }
        )
    return rows


@login_not_required
@require_safe
def docs(request: HttpRequest) -> HttpResponse:
    schema = _schema()
    context = {
        "schema": schema,
        "operations": _operations(schema),
        "components": _components(schema),
        "resources": services.RESOURCES,
        "default_limit": DEFAULT_LIMIT,
        "max_limit": max_limit(),
    }
    return render(request, "api/docs.html", context)


# --- the administrator's pages -------------------------------------------------------------


@require_safe
def client_list(request: HttpRequest) -> HttpResponse:
    access.require_administrator(request.user)
    found = ApiClient.objects.select_related("issued_by").prefetch_related("clusters", "councils")
    return render(request, "api/client_list.html", {"clients": found, "now": timezone.now()})


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def client_issue(request: HttpRequest) -> HttpResponse:
    """Issue a client; the answer shows its token once (never stored, never shown again)."""
    access.require_administrator(request.user)
    form = ApiClientForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            client, token = services.api_client_issue(
                actor=request.user,
                organisation=form.cleaned_data["organisation"],
                contact=form.cleaned_data["contact"],
                clusters=form.cleaned_data["clusters"],
                councils=form.cleaned_data["councils"],
                resources=form.cleaned_data["resources"],
                expires_at=form.expires_at,
            )
        except Refused as refusal:
            refusal_to_form(form, refusal)
        else:
            return render(request, "api/client_token.html", {"client": client, "token": token})
    return render(request, "api/client_form.html", {"form": form})


@require_safe
def client_detail(request: HttpRequest, pk: int) -> HttpResponse:
    access.require_administrator(request.user)
    client = get_object_or_404(ApiClient.objects.prefetch_related("clusters", "councils"), pk=pk)
    calls = AuditEvent.objects.filter(
        target_type=ContentType.objects.get_for_model(ApiClient), target_id=client.pk
    ).order_by("-at", "-pk")[:50]
    context = {
        "client": client,
        "calls": calls,
        "now": timezone.now(),
        "resources": [services.RESOURCES.get(r, r) for r in client.resources],
    }
    return render(request, "api/client_detail.html", context)


@require_POST
def client_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    access.require_administrator(request.user)
    client = get_object_or_404(ApiClient, pk=pk)
    try:
        services.api_client_revoke(actor=request.user, client=client)
    except Refused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(
            request, _("Đã thu hồi khóa truy cập của %(name)s.") % {"name": client.organisation}
        )
    return redirect("api_client_detail", pk=client.pk)


# --- a council's officer: clients for the council's own clusters -----------------------------


@require_safe
def council_client_list(request: HttpRequest, slug: str) -> HttpResponse:
    council = access.get_council_for_user(request.user, slug)  # its officers, administrators
    found = ApiClient.objects.filter(councils=council).select_related("issued_by")
    context = {"council": council, "clients": found, "now": timezone.now()}
    return render(request, "api/council_clients.html", context)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def council_client_issue(request: HttpRequest, slug: str) -> HttpResponse:
    council = access.get_council_for_user(request.user, slug)
    form = CouncilApiClientForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            client, token = services.api_client_issue(
                actor=request.user,
                organisation=form.cleaned_data["organisation"],
                contact=form.cleaned_data["contact"],
                clusters=[],
                councils=[council],
                resources=form.cleaned_data["resources"],
                expires_at=form.expires_at,
            )
        except Refused as refusal:
            refusal_to_form(form, refusal)
        else:
            context = {"client": client, "token": token, "council": council}
            return render(request, "api/client_token.html", context)
    return render(request, "api/client_form.html", {"form": form, "council": council})


@require_POST
def council_client_revoke(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    council = access.get_council_for_user(request.user, slug)
    client = get_object_or_404(ApiClient, pk=pk, councils=council)
    try:
        services.api_client_revoke(actor=request.user, client=client)
    except Refused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(
            request, _("Đã thu hồi khóa truy cập của %(name)s.") % {"name": client.organisation}
        )
    return redirect("api_council_clients", slug=council.slug)
