"""The administrator's set-up pages of the organising councils (issue 11): the list, a council's
name, level and province, its officers (appointed and removed) and the clusters it organises
(chosen on each cluster's own form). Views check access, validate, call clusters/councils.py,
render."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from clusters import access, councils
from clusters.council_setup_forms import CouncilForm, CouncilOfficerForm
from clusters.models import Council, CouncilOfficer
from clusters.services import Refused, refusal_to_form
from clusters.setup_views import form_page

FORM_METHODS = ["GET", "HEAD", "POST"]


@require_safe
def council_list(request: HttpRequest) -> HttpResponse:
    access.require_administrator(request.user)
    rows = Council.objects.select_related("province").annotate(
        cluster_count=Count("clusters", distinct=True),
        officer_count=Count("officers", distinct=True),
    )
    return render(request, "setup/council_list.html", {"councils": rows})


@require_http_methods(FORM_METHODS)
def council_add(request: HttpRequest) -> HttpResponse:
    access.require_administrator(request.user)
    form = CouncilForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            saved = councils.council_save(actor=request.user, council=None, **form.service_values())
        except Refused as refusal:
            refusal_to_form(form, refusal)
        else:
            messages.success(request, _("Đã lưu %(council)s.") % {"council": saved.name})
            return redirect("setup:council_edit", saved.slug)
    return form_page(
        request,
        form,
        title=_("Thêm hội đồng"),
        back=reverse("setup:council_list"),
        extra={"section": "councils"},
    )


def _council_page(
    request: HttpRequest,
    council: Council,
    *,
    form: CouncilForm | None = None,
    officer_form: CouncilOfficerForm | None = None,
    status: int = 200,
) -> HttpResponse:
    """The council's page: its form, officers and clusters, with either form as sent."""
    context = {
        "council": council,
        "form": form or CouncilForm(instance=council),
        "officer_form": officer_form or CouncilOfficerForm(),
        "officers": council.officers.select_related("user__unit").order_by("user__username"),
        "clusters": council.clusters.order_by("name"),
        "title": council.name,
    }
    return render(request, "setup/council_edit.html", context, status=status)


@require_http_methods(FORM_METHODS)
def council_edit(request: HttpRequest, slug: str) -> HttpResponse:
    access.require_administrator(request.user)
    council = get_object_or_404(Council, slug=slug)
    form = CouncilForm(request.POST or None, instance=council)
    if request.method == "POST" and form.is_valid():
        try:
            saved = councils.council_save(
                actor=request.user, council=council, **form.service_values()
            )
        except Refused as refusal:
            refusal_to_form(form, refusal)
        else:
            messages.success(request, _("Đã lưu %(council)s.") % {"council": saved.name})
            return redirect("setup:council_edit", saved.slug)
    if form.is_bound:
        # The bound form's instance took the typed values; the heading keeps the saved name.
        council = Council.objects.get(pk=council.pk)
    return _council_page(request, council, form=form)


@require_http_methods(FORM_METHODS)
def council_officer_add(request: HttpRequest, slug: str) -> HttpResponse:
    access.require_administrator(request.user)
    council = get_object_or_404(Council, slug=slug)
    officer_form = CouncilOfficerForm(request.POST or None)
    if request.method == "POST" and officer_form.is_valid():
        person = officer_form.cleaned_data["user"]
        try:
            councils.council_officer_appoint(actor=request.user, council=council, user=person)
        except Refused as refusal:
            refusal_to_form(officer_form, refusal)
        else:
            messages.success(
                request,
                _("Đã giao %(person)s làm cán bộ của %(council)s.")
                % {"person": person, "council": council.name},
            )
            return redirect("setup:council_edit", council.slug)
    return _council_page(request, council, officer_form=officer_form)


@require_POST
def council_officer_remove(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access.require_administrator(request.user)
    council = get_object_or_404(Council, slug=slug)
    office = get_object_or_404(
        CouncilOfficer.objects.select_related("user"), pk=pk, council=council
    )
    try:
        councils.council_officer_remove(actor=request.user, office=office)
    except Refused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(
            request,
            _("%(person)s không còn là cán bộ của %(council)s.")
            % {"person": office.user, "council": council.name},
        )
    return redirect("setup:council_edit", council.slug)
