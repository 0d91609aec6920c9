"""The organising council's pages (issue 11): every cluster and block it organises, each year
with its phase, leaders, covenant and ranking (the apps' columns: config/year.py
`council_columns`). Only its officers and administrators open them; others get 404."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from clusters import access, flow
from clusters.models import EmulationYear, Membership


@require_safe
def council_detail(request: HttpRequest, slug: str) -> HttpResponse:
    council = access.get_council_for_user(request.user, slug)
    years = list(
        EmulationYear.objects.filter(cluster__council=council)
        .select_related("cluster", "host_unit")
        .order_by("cluster__name", "-year")
    )
    heads = dict(
        Membership.objects.filter(year__in=years, role=Membership.Role.HEAD).values_list(
            "year_id", "unit__name"
        )
    )
    columns = flow.council_columns(years)
    clusters: dict[int, dict] = {}
    for year in years:
        entry = clusters.setdefault(year.cluster_id, {"cluster": year.cluster, "years": []})
        entry["years"].append(
            {"year": year, "head": heads.get(year.pk, ""), "cells": columns.cells[year.pk]}
        )
    empty = council.clusters.exclude(pk__in=clusters.keys()).order_by("name")
    context = {
        "council": council,
        "clusters": list(clusters.values()),
        "without_years": empty,
        "column_labels": columns.column_labels,
    }
    return render(request, "council/council_detail.html", context)
