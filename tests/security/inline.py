"""What the Content-Security-Policy refuses to run or apply, found in a page's HTML."""

from __future__ import annotations

from html.parser import HTMLParser

from django.conf import settings


def policy_of(header: str) -> dict[str, set[str]]:
    """A Content-Security-Policy header as {directive: {sources}}."""
    directives: dict[str, set[str]] = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0].lower()] = set(words[1:])
    return directives


def configured_policy() -> dict[str, set[str]]:
    return {
        name: set(sources)
        for name, sources in settings.CONTENT_SECURITY_POLICY["DIRECTIVES"].items()
    }


DATA_BLOCKS = {"application/json", "application/ld+json"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction"}


class _InlineFinder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        where = f"line {self.getpos()[0]} <{tag}>"
        given = dict(attrs)
        if tag == "style":
            self.found.append(f"{where}: a <style> element")
        # A data block (json_script) is never run, so the policy lets it be.
        if tag == "script" and not given.get("src") and given.get("type") not in DATA_BLOCKS:
            self.found.append(f"{where}: an inline script")
        for name, value in attrs:
            url = (value or "").strip().lower()
            if name == "style":
                self.found.append(f"{where}: style={value!r}")
            elif name.startswith("on"):
                self.found.append(f"{where}: handler {name}={value!r}")
            elif name in URL_ATTRIBUTES and url.startswith("javascript:"):
                self.found.append(f"{where}: {name}={value!r}")

    handle_startendtag = handle_starttag


def inline_code(html: str) -> list[str]:
    """Every style attribute, <style> element, inline <script>, on* handler and javascript: URL
    in `html` (each would be blocked by script-src/style-src 'self')."""
    finder = _InlineFinder()
    finder.feed(html)
    finder.close()
    return finder.found
