"""The API's URLs: /api/v1/ (django-ninja), its documentation, and the administrator's pages.

A token, not a session, authenticates the API: its views are exempt from the sign-in
requirement (LoginRequiredMiddleware) and answer `Cache-Control: private, no-store`, as every
signed-in page and download does (no shared proxy keeps a client's data)."""

from __future__ import annotations

import functools

from django.contrib.auth.decorators import login_not_required
from django.urls import URLPattern, include, path
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView

from config.api import views
from config.api.endpoints import NOT_FOUND, api
from config.api.problems import Problem
from config.api.problems import response as problem_response

# Read-only in this version: GET, and HEAD answered as GET (the body is dropped on the way out).
READ_METHODS = ("GET", "HEAD")
WRONG_METHOD = Problem(
    405,
    "method_not_allowed",
    _("API này chỉ cho đọc: dùng GET (hoặc HEAD)."),
    headers={"Allow": "GET, HEAD"},
)


def _read_only(view):
    """GET and HEAD only, before anything else (a token is not even looked at): a wrong method
    is a 405 problem. django-ninja knows no HEAD, so HEAD runs the GET operation."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method not in READ_METHODS:
            return problem_response(request, WRONG_METHOD)
        if request.method == "GET":
            return view(request, *args, **kwargs)
        request.method = "GET"
        try:
            return view(request, *args, **kwargs)
        finally:
            request.method = "HEAD"

    return wrapped


def _token_view(view):
    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        patch_cache_control(response, private=True, no_store=True)
        return response

    return login_not_required(_read_only(wrapped))


def _api_patterns() -> list[URLPattern]:
    patterns, _app, _namespace = api.urls
    found = []
    for p in patterns:
        # /api/v1/ itself (ninja's root, a 404 naming its docs page): the documentation.
        callback = _root if p.name == "api-root" else _token_view(p.callback)
        found.append(URLPattern(p.pattern, callback, p.default_args, p.name))
    return found


_root = login_not_required(_read_only(RedirectView.as_view(pattern_name="api_docs")))


@login_not_required
@_read_only
def _unknown(request, rest: str):
    """A path under /api/v1/ that names no operation: a problem too, not the site's page."""
    return problem_response(request, NOT_FOUND)


urlpatterns = [
    path("api/v1/docs", views.docs, name="api_docs"),
    path("api/v1/", include((_api_patterns(), "api_v1"), namespace="api_v1")),
    path("api/v1/<path:rest>", _unknown, name="api_unknown"),
    path("ket-noi-api/", views.client_list, name="api_clients"),
    path("ket-noi-api/cap-moi/", views.client_issue, name="api_client_issue"),
    path("ket-noi-api/<int:pk>/", views.client_detail, name="api_client_detail"),
    path("ket-noi-api/<int:pk>/thu-hoi/", views.client_revoke, name="api_client_revoke"),
    # A council's officer issues clients for the council's own clusters.
    path(
        "hoi-dong/<slug:slug>/ket-noi-api/", views.council_client_list, name="api_council_clients"
    ),
    path(
        "hoi-dong/<slug:slug>/ket-noi-api/cap-moi/",
        views.council_client_issue,
        name="api_council_client_issue",
    ),
    path(
        "hoi-dong/<slug:slug>/ket-noi-api/<int:pk>/thu-hoi/",
        views.council_client_revoke,
        name="api_council_client_revoke",
    ),
]
