"""Every form a page renders can be sent as it was rendered, the way a person would send it.

For each page of the access matrix that a persona may open, every POST form on it (but the
navigation bar's language and sign-out forms) is submitted with the values the page put in it.
The app must answer as it would a person: saved (a redirect), or refused with the reason shown
in the form itself (next to a field, or at the top of the form) — never a server error, and
never a refusal that marks nothing, which is how a form that can never be saved hides.
Forms without inputs (an action button) may also be refused by a message on the next page.

A form holding a formset (rows of guests, clauses, indicators) is also checked the way its bug
showed itself: every row the management form announces must render its fields (not an empty
box), and the form filled in everywhere, rows included, must save or be refused with a mark —
sent blank it saved, so the blank submission alone never caught that a filled one could not.
"""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from tests.personas import expected_status
from tests.test_access_matrix import CASES

NAVIGATION = ("/ngon-ngu/", "/i18n/", "/dang-xuat/")
# Every way the app marks a refusal inside a form: crispy's field and form errors, Django's
# error lists, and the app's own per-cell marks.
ERROR_MARKS = re.compile(r"is-invalid|invalid-feedback|errorlist|alert-danger|data-error")
PERSONAS = ("secretariat", "own")

PAGES = [
    (case, persona)
    for case in CASES
    if case.method == "get"
    for persona in PERSONAS
    if expected_status(case.expect, persona, "get") == 200
]


def _page_forms(page):
    return [
        (key, form)
        for key, form in page.forms.items()
        if form.method.lower() == "post" and not (form.action or "").startswith(NAVIGATION)
    ]


def _has_inputs(form) -> bool:
    return any(
        name not in (None, "csrfmiddlewaretoken") and field.__class__.__name__ != "Submit"
        for name, fields in form.fields.items()
        for field in fields
    )


def _formset_totals(form) -> dict[str, int]:
    """The formsets in a form, by prefix, with the number of rows each announces."""
    suffix = "-TOTAL_FORMS"
    return {
        name.removesuffix(suffix): int(form[name].value or 0)
        for name in form.fields
        if name and name.endswith(suffix)
    }


def _empty_rows(form) -> list[str]:
    """Rows a formset announces but renders no field for."""
    names = [name for name in form.fields if name]
    return [
        f"{prefix}-{index}"
        for prefix, total in _formset_totals(form).items()
        for index in range(total)
        if not any(
            name.startswith(f"{prefix}-{index}-") and not name.endswith("-DELETE") for name in names
        )
    ]


def _fill_in(form) -> None:
    """Every empty text box as a person would fill it: a number, a date, or words."""
    for name, fields in form.fields.items():
        if not name or name == "csrfmiddlewaretoken":
            continue
        for index, field in enumerate(fields):
            kind = field.__class__.__name__
            if kind not in ("Text", "Textarea", "Email") or field.value:
                continue
            attrs = getattr(field, "attrs", {}) or {}
            if attrs.get("type") == "hidden":
                continue
            if attrs.get("type") == "number":
                value = "1"
            elif attrs.get("placeholder") == "dd/mm/yyyy" or attrs.get("type") == "date":
                value = "20/03/2019"
            elif attrs.get("type") == "email":
                value = "thu.ky@example.org"
            else:
                value = "Nội dung thử"
            form.set(name, value, index=index)


def _assert_saved_or_marked(response, form, where: str) -> None:
    assert response.status_code in (200, 302, 403, 409), f"{where}: {response.status_code}"
    if response.status_code == 200 and _has_inputs(form):
        forms = re.findall(r"<form\b.*?</form>", response.text, re.S)
        assert any(ERROR_MARKS.search(html) for html in forms), (
            f"{where}: sent, neither saved nor refused with a reason in the form"
        )


@pytest.mark.parametrize(("case", "persona"), PAGES, ids=[f"{p} {c.url_name}" for c, p in PAGES])
def test_every_rendered_form_can_be_sent_as_rendered(case, persona, world, django_app):
    user = world.persona(persona)
    url = reverse(case.url_name, args=case.args(world))
    page = django_app.get(url, user=user)
    if "html" not in page.content_type:
        return  # a download: no form on it
    for key, rendered in _page_forms(page):
        # A fresh page for each form: the form sent before may have changed what it shows
        # (a deleted row takes its buttons with it); a form gone from it is not sent, and a
        # page gone with what it showed (a deleted draft) has nothing more to send.
        again = django_app.get(url, user=user, expect_errors=True)
        if again.status_code == 404:
            break
        assert again.status_code == 200, f"{persona} {url}: {again.status_code}"
        fresh = again.forms
        form = fresh.get(key)
        if form is None or form.action != rendered.action:
            continue
        where = f"{persona} {url} form {form.id or key} → {form.action or url}"
        assert _empty_rows(form) == [], f"{where}: formset rows rendered without their fields"
        has_formset = bool(_formset_totals(form))
        response = form.submit(user=user, expect_errors=True)
        _assert_saved_or_marked(response, form, f"{where} (as rendered)")
        if has_formset:
            filled = django_app.get(url, user=user).forms.get(key)
            if filled is None or filled.action != rendered.action:
                continue
            _fill_in(filled)
            response = filled.submit(user=user, expect_errors=True)
            _assert_saved_or_marked(response, filled, f"{where} (filled in)")
