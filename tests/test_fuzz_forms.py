"""Random and hostile values in every form the app renders: never a server error, and a refusal
changes nothing.

For each page of the access matrix (tests/test_access_matrix.py) that a persona may open, every
form on it (but the navigation bar's language and sign-out forms) is sent with values drawn by
hypothesis for the fields it rendered: what the page put there, hostile strings (odd digits,
numbers no Decimal holds, control characters, markup, formulas, very long text), random text,
and for file fields hostile files (HTML named .pdf, broken zips, an XML bomb named .xlsx…).
Submit buttons are sent or not. The answer must not be a 5xx; when it is a refusal (a 4xx, the
form shown again, or a redirect carrying an error message) the database must be as it was.

Bounded: the two personas who see forms (the year's secretariat, a member unit's officer), a
few examples per form, derandomised so CI runs the same examples every time.
"""

from __future__ import annotations

import io
import zipfile

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.personas import expected_status
from tests.test_access_matrix import CASES, database_state

NAVIGATION = ("/ngon-ngu/", "/i18n/", "/dang-xuat/")
EXAMPLES_PER_FORM = 4
HOSTILE = [
    "",
    " ",
    "²",
    "١٢",  # Arabic-Indic digits: int() takes them, a Decimal too
    "abc",
    "1.5",
    "-1",
    "0",
    "9" * 40,
    "1e999",
    "NaN",
    "-0,000001",
    "0x10",
    "31/02/2019",
    "2019-13-45",
    "\x00",
    "Giải thích\x0bdán từ Word\x0c",
    "<script>alert(1)</script>",
    '=HYPERLINK("http://x.invalid","bấm")',
    "../../etc/passwd",
    "'; DROP TABLE clusters_unit; --",
    "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 🙂",
    "a" * 5000,
]
TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)),  # no lone surrogates: not UTF-8
    max_size=40,
)


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


HOSTILE_FILES = [
    ("trang.pdf", b"<html><script>alert(1)</script></html>"),
    ("bao-cao.pdf", b"%PDF-1.4 minh chung"),
    ("bang.xlsx", b"PK\x03\x04 not really a zip"),
    ("bang.xlsx", _zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<broken"})),
    (
        "bang.xlsx",
        _zip(
            {
                "[Content_Types].xml": b"<Types/>",
                "xl/workbook.xml": b'<!DOCTYPE x [<!ENTITY a "aaaa">]><workbook>&a;</workbook>',
            }
        ),
    ),
    ("hinh.png", b'<svg xmlns="http://www.w3.org/2000/svg"><script>x()</script></svg>'),
    ("virus.exe", b"MZ\x90\x00"),
    ("", b""),
]
FILES = st.one_of(
    st.sampled_from(HOSTILE_FILES),
    st.tuples(st.sampled_from(["x.pdf", "x.xlsx", "x.docx", "x.png"]), st.binary(max_size=64)),
)


PERSONAS = ("secretariat", "own")  # the year's secretariat and a member unit's officer
PAGES = [
    (case, persona)
    for case in CASES
    if case.method == "get"
    for persona in PERSONAS
    if expected_status(case.expect, persona, "get") == 200
]


def _state() -> dict:
    """The domain's rows, less what signing in writes (the test signs in once per page)."""
    state = database_state()
    state["clusters.AuditEvent"] = [
        event for event in state["clusters.AuditEvent"] if not event["action"].startswith("auth.")
    ]
    for user in state["clusters.User"]:
        user.pop("last_login")
    return state


def _error_messages(response) -> list[str] | None:
    """The error messages the redirect leads to (None: the page could not be read)."""
    try:
        page = response.follow(expect_errors=True)
    except Exception:  # noqa: BLE001 - a redirect out of the app, or to a download
        return None
    if page.status_code >= 500:
        raise AssertionError(f"{page.request.url}: {page.status_code} after a redirect")
    context = page.context if page.context is not None else {}
    try:
        messages = context["messages"]
    except (KeyError, TypeError):
        return []
    return [str(m) for m in messages if m.level_tag == "error"]


def _fuzz_form(django_app, user, url: str, form) -> None:
    names = [
        name
        for name, fields in form.fields.items()
        if name and name != "csrfmiddlewaretoken" and fields[0].__class__.__name__ != "Submit"
    ]
    files = {n for n in names if form.fields[n][0].__class__.__name__ == "File"}
    rendered = dict(form.submit_fields())
    buttons = sorted(
        {
            name
            for name, fields in form.fields.items()
            if name and fields[0].__class__.__name__ == "Submit"
        }
    )
    values = {
        name: FILES
        if name in files
        else st.one_of(st.just(str(rendered.get(name, ""))), st.sampled_from(HOSTILE), TEXT)
        for name in names
    }
    method = form.method.lower()
    action = form.action or url

    @settings(
        max_examples=EXAMPLES_PER_FORM,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(
        drawn=st.fixed_dictionaries(values),
        pressed=st.lists(st.sampled_from(buttons), max_size=1, unique=True)
        if buttons
        else st.just([]),
    )
    def send(drawn, pressed):
        params = [("csrfmiddlewaretoken", rendered.get("csrfmiddlewaretoken", ""))]
        uploads = []
        for name, value in drawn.items():
            if name in files:
                uploads.append((name, value[0], value[1]))
            else:
                params.append((name, value))
        params.extend((name, "1") for name in pressed)
        # Show the page first: it takes the messages an earlier example left unread (a refusal
        # that redirected), so the errors read after this one are this one's own.
        django_app.get(url, user=user, expect_errors=True)
        before = _state() if method == "post" else None
        if method == "post":
            response = django_app.post(
                action,
                params=params,
                upload_files=uploads or None,
                content_type=form.enctype if uploads else None,
                user=user,
                expect_errors=True,
            )
        else:
            response = django_app.get(action, params=params, user=user, expect_errors=True)
        where = f"{method.upper()} {action} {drawn!r} {pressed!r}"
        assert response.status_code < 500, f"{where}: {response.status_code}"
        if method != "post":
            return
        refused = response.status_code != 302
        if not refused:
            errors = _error_messages(response)
            refused = bool(errors)
        if refused:
            assert _state() == before, f"{where}: refused, and the database changed"

    send()


@pytest.mark.parametrize(("case", "persona"), PAGES, ids=[f"{p} {c.url_name}" for c, p in PAGES])
def test_random_and_hostile_values_in_every_form(case, persona, world, django_app):
    user = world.persona(persona)
    url = reverse(case.url_name, args=case.args(world))
    page = django_app.get(url, user=user)
    if "html" not in page.content_type:
        return  # a download: no form on it
    forms = [
        form
        for key, form in page.forms.items()
        if isinstance(key, int) and not (form.action or "").startswith(NAVIGATION)
    ]
    for form in forms:
        _fuzz_form(django_app, user, url, form)


def test_the_fuzzer_sends_files_and_hostile_values():
    # The strategies hold what the issue names: odd digits, control characters, forged files.
    assert {"²", "1.5", "abc", "9" * 40} <= set(HOSTILE)
    assert any("\x0b" in value for value in HOSTILE)
    assert any(name.endswith(".pdf") and b"<html>" in data for name, data in HOSTILE_FILES)
    assert len(PAGES) > 30
