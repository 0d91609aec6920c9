from collections.abc import Callable

from django.urls import reverse

_MARKER = "slug-placeholder-0"


def slug_url(name: str, *args: object) -> Callable[[str], str]:
    """A URL builder for a pattern whose last argument is a slug.

    reverse() costs tens of microseconds; a page that lists sixty units would call it hundreds
    of times. Reverse once with a marker, then fill in each slug (slugs need no quoting).
    """
    head, tail = reverse(name, args=[*args, _MARKER]).rsplit(_MARKER, 1)
    return lambda slug: f"{head}{slug}{tail}"
