"""The project's URLs plus a bare view: the yardstick every page's time is divided by."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path

from config.urls import urlpatterns as project_urlpatterns


def bare(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok")


def bare_layout(request: HttpRequest) -> HttpResponse:
    """The site's layout with no content: what every page pays before its own work."""
    return render(request, "base.html")


urlpatterns = [
    path("bench/bare/", bare, name="bench_bare"),
    path("bench/layout/", bare_layout, name="bench_layout"),
    *project_urlpatterns,
]
