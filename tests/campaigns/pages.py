"""Finding the forms a page rendered, the way a person finds them on the page (django-webtest)."""

from __future__ import annotations

from django.urls import reverse


def form_with(page, field: str):
    """The form on the page that has this field."""
    found = [
        form for key, form in page.forms.items() if isinstance(key, int) and field in form.fields
    ]
    assert found, f"no form with {field!r} on {page.request.path}"
    return found[0]


def form_to(page, url: str):
    """The form on the page that posts to this address (an action button)."""
    found = [
        form for key, form in page.forms.items() if isinstance(key, int) and form.action == url
    ]
    assert found, f"no form posting to {url} on {page.request.path}"
    return found[0]


def year_url(world, name: str, *extra) -> str:
    return reverse(name, args=[world.cluster.slug, world.year.year, *extra])


def messages_of(page) -> str:
    """The messages and form-wide errors shown on the page (Bootstrap alerts)."""
    return " ".join(node.get_text(" ", strip=True) for node in page.html.select(".alert"))


def field_errors(page, name: str) -> str:
    """The errors shown next to a field: crispy's invalid-feedback in the field's own block."""
    wrapper = page.html.select_one(f"#div_id_{name}")
    assert wrapper is not None, f"no field {name!r} on the page"
    return " ".join(node.get_text(" ", strip=True) for node in wrapper.select(".invalid-feedback"))
