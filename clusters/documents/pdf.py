"""HTML to PDF with WeasyPrint, reading static files from disk: never an HTTP call back."""

from __future__ import annotations

import mimetypes
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.template.loader import render_to_string
from django.utils import translation

from clusters.documents.format import nfc

# Relative and root-relative URLs in documents resolve against this base; the fetcher maps the
# static prefix to files and refuses everything else.
BASE_URL = "https://documents.invalid/"


class ForbiddenFetch(ValueError):
    pass


def static_path(url: str) -> Path:
    """The file behind a /static/... URL, from the finders (development) or STATIC_ROOT."""
    path = unquote(urlsplit(url).path)
    prefix = "/" + settings.STATIC_URL.lstrip("/")
    if not path.startswith(prefix):
        raise ForbiddenFetch(f"documents may only load static files, not {url}")
    name = path[len(prefix) :]
    if ".." in Path(name).parts:
        raise ForbiddenFetch(f"refusing {url}")
    found = finders.find(name)
    if found:
        return Path(found)
    if staticfiles_storage.exists(name):
        return Path(staticfiles_storage.path(name))
    raise ForbiddenFetch(f"no static file {name}")


def _fetcher():  # built lazily: importing WeasyPrint loads Pango, which pages never need
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticFileFetcher(URLFetcher):
        """Static files from disk; data: URLs; nothing else. A missing font stops rendering."""

        def __init__(self) -> None:
            super().__init__(allowed_protocols={"https", "data"}, fail_on_errors=True)

        def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
            if url.startswith("data:"):
                return super().fetch(url, headers)
            path = static_path(url)
            mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": mime})

    return StaticFileFetcher()


def render_html(template_name: str, context: dict[str, Any]) -> str:
    """A document is Vietnamese whatever the reader's interface language: lazy labels in the
    context (choices, catalogue words) and the template's own tags render under "vi"."""
    with translation.override("vi"):
        return nfc(render_to_string(template_name, context))


def render_pdf_html(template_name: str, context: dict[str, Any]) -> str:
    """The HTML a PDF is made from (the template knows it is printed: `for_pdf`)."""
    return render_html(template_name, {**context, "for_pdf": True})


def pdf_of_html(html: str) -> bytes:
    """The PDF of a rendered document's HTML: static files from disk, nothing fetched."""
    from weasyprint import HTML

    return HTML(string=html, base_url=BASE_URL, url_fetcher=_fetcher()).write_pdf()


def render_pdf(template_name: str, context: dict[str, Any]) -> bytes:
    """The template's PDF; WeasyPrint runs in a low-priority child when configured
    (clusters/documents/renderers.py), the HTML here."""
    from clusters.documents import renderers

    return renderers.render(render_pdf_html(template_name, context))
