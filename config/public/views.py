"""The public results pages (/cong-khai/<cluster>/, /cong-khai/<cluster>/<year>/), their
documents, and the secretariat's page that publishes and withdraws a closed year.

The public pages need no sign-in and answer 404 for a cluster without a published year and for
a year not published (nothing tells an unpublished year from a missing one). The year's page is
rendered once per version of the year's data (clusters.documents.store.data_version: every
service records an audit event, publishing and withdrawing too) and language, and served from
the cache until that version moves. Requests are counted per client address as the
verification page counts its uploads (clusters/verify_views.py).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.cache import caches
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from clusters import access, publication
from clusters.audit import action_label, client_ip, events_for
from clusters.documents import store
from clusters.models import Cluster, EmulationYear
from clusters.ratelimit import over_limit
from clusters.services import Refused, refusal_to_form
from config.public import content
from config.public.forms import PublishForm, UnpublishForm

PAGE_CACHE = "documents"  # shared by every worker when configured (file-based); else "default"


def _page_cache():
    return caches[PAGE_CACHE] if PAGE_CACHE in caches.settings else caches["default"]


def _over_limit(request: HttpRequest) -> bool:
    """Whether this address has asked for more than PUBLIC_RATE_LIMIT public pages or files in
    the window (clusters/ratelimit.py)."""
    return over_limit(
        f"public-pages:{client_ip(request) or 'unknown'}",
        limit=settings.PUBLIC_RATE_LIMIT,
        window=settings.PUBLIC_RATE_WINDOW_SECONDS,
    )


def _limited(request: HttpRequest) -> HttpResponse:
    response = render(request, "public/limited.html", status=429)
    response["Retry-After"] = str(settings.PUBLIC_RATE_WINDOW_SECONDS)
    return response


def _published_year(slug: str, year: int) -> EmulationYear:
    found = (
        EmulationYear.objects.select_related("cluster")
        .filter(
            cluster__slug=slug,
            year=year,
            phase=EmulationYear.Phase.CLOSED,
            published_at__isnull=False,
        )
        .first()
    )
    if found is None:
        raise Http404
    return found


@login_not_required
@require_safe
def cluster_index(request: HttpRequest, slug: str) -> HttpResponse:
    if _over_limit(request):
        return _limited(request)
    cluster = Cluster.objects.filter(slug=slug).first()
    years = list(content.published_years(cluster).order_by("-year")) if cluster else []
    if not years:  # an unknown cluster and one with nothing public answer alike
        raise Http404
    context = {
        "cluster": cluster,
        "cluster_word": str(Cluster.Kind(cluster.kind).label),
        "years": years,
    }
    return render(request, "public/cluster.html", context)


@login_not_required
@require_safe
def year_page(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    if _over_limit(request):
        return _limited(request)
    emulation_year = _published_year(slug, year)
    language = translation.get_language()
    key = f"public-year:{emulation_year.pk}:{store.data_version(emulation_year)}:{language}"
    page_cache = _page_cache()
    body = page_cache.get(key)
    if body is None:
        body = render_to_string(
            "public/_year_body.html", {"p": content.public_year(emulation_year)}
        )
        page_cache.set(key, body, settings.PUBLIC_CACHE_SECONDS)
    context = {
        "cluster": emulation_year.cluster,
        "year": emulation_year,
        # Rendered (and escaped) by the template above; kept in the cache as text.
        "body": mark_safe(body),  # noqa: S308  # nosec B308 B703
    }
    return render(request, "public/year.html", context)


@login_not_required
@require_safe
def document(request: HttpRequest, slug: str, year: int, code: str) -> HttpResponse:
    """A stored document the year's page offers, as stored (with its hash in the headers)."""
    if _over_limit(request):
        return _limited(request)
    emulation_year = _published_year(slug, year)
    stored = content.public_document(emulation_year, code)
    if stored is None:
        raise Http404
    return store.serve(stored, inline=False)


# --- the secretariat's side: publish, withdraw ----------------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
def publication_page(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    """Publishing a closed year (ticking the confirmation) or withdrawing it (with a reason)."""
    emulation_year = access.get_year_for_user(request.user, slug, year)
    access.require_secretariat(request.user, emulation_year)
    publish_form, unpublish_form = PublishForm(), UnpublishForm()
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "publish":
            publish_form = PublishForm(request.POST)
            form, call = publish_form, publication.year_publish
        elif action == "unpublish":
            unpublish_form = UnpublishForm(request.POST)
            form, call = unpublish_form, publication.year_unpublish
        else:
            messages.error(request, _("Thao tác không hợp lệ."))
            return redirect("public:publication", slug, year)
        if form.is_valid():
            extra = {"reason": form.cleaned_data["reason"]} if action == "unpublish" else {}
            try:
                call(actor=request.user, year=emulation_year, **extra)
            except Refused as refusal:
                if refusal.field is None:  # the year's state (not closed, already public)
                    messages.error(request, refusal.message)
                    return redirect("public:publication", slug, year)
                refusal_to_form(form, refusal)
            else:
                done = (
                    _("Đã công khai kết quả năm thi đua %(year)d.")
                    if action == "publish"
                    else _("Đã thu hồi công khai kết quả năm thi đua %(year)d.")
                )
                messages.success(request, done % {"year": emulation_year.year})
                return redirect("public:publication", slug, year)
        emulation_year.refresh_from_db()
    context = {
        "year": emulation_year,
        "cluster": emulation_year.cluster,
        "publish_form": publish_form,
        "unpublish_form": unpublish_form,
        "events": _publication_events(emulation_year),
    }
    return render(request, "public/publication.html", context)


def _publication_events(year: EmulationYear) -> list[tuple[object, str]]:
    """The year's publications and withdrawals, newest first, with their words."""
    events = events_for(year).filter(action__in=["year.publish", "year.unpublish"])[:20]
    return [(event, action_label(event.action)) for event in events]
