"""Small typed readers of environment variables, so settings.py stays declarative.

A value that cannot be read stops the start with ImproperlyConfigured naming the variable and
what it accepts: a typo in a server's environment must not fall back to a default silently.
"""

import os
from collections.abc import Iterable

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}

# Django's own deploy check (security.W009) calls a key weak below these.
SECRET_KEY_MIN_LENGTH = 50
SECRET_KEY_MIN_UNIQUE_CHARACTERS = 5
# Words that only a placeholder or a development key contains.
_PLACEHOLDER_WORDS = ("insecure", "changeme", "change-me", "change_me", "example", "dev-only")


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_choice(name: str, choices: Iterable[str], *, default: str) -> str:
    """The variable's value, which must be one of `choices` exactly (unset gives `default`)."""
    allowed = tuple(choices)
    value = os.environ.get(name, default)
    if value not in allowed:
        names = ", ".join(f'"{choice}"' for choice in allowed)
        raise ImproperlyConfigured(f"{name} must be one of {names}, not {value!r}.")
    return value


def env_bool(name: str, *, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), not {raw!r}.")


def env_int(name: str, default: int, *, minimum: int = 0, maximum: int | None = None) -> int:
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        value = int(raw.strip())
    except ValueError:
        value = None
    if value is None or value < minimum or (maximum is not None and value > maximum):
        bounds = f"from {minimum}" + (f" to {maximum}" if maximum is not None else "")
        raise ImproperlyConfigured(f"{name} must be a whole number {bounds}, not {raw!r}.")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def secret_key_weakness(key: str, *, published: Iterable[str] = ()) -> str | None:
    """Why `key` must not sign a production site's sessions, or None when nothing is seen.

    `published` are keys anyone can read (the development key in settings.py). This catches
    the obvious mistakes only; it cannot prove a key random.
    """
    if not key:
        return "is not set"
    if key in set(published):
        return "is the development key, which is published in config/settings.py"
    if len(key) < SECRET_KEY_MIN_LENGTH:
        return f"has {len(key)} characters; use {SECRET_KEY_MIN_LENGTH} or more random ones"
    if len(set(key)) < SECRET_KEY_MIN_UNIQUE_CHARACTERS:
        return "has fewer than 5 different characters"
    if key.startswith("django-insecure-"):
        return "is a key Django generated for development (django-insecure-…)"
    lowered = key.lower()
    for word in _PLACEHOLDER_WORDS:
        if word in lowered:
            return f"contains {word!r}, which only a placeholder or development key does"
    if _repeats_a_short_pattern(key):
        return "repeats a short pattern"
    return None


def _repeats_a_short_pattern(key: str) -> bool:
    """True for keys like "abcdef" * 10: a pattern of at most a third of the key, repeated."""
    for size in range(1, len(key) // 3 + 1):
        pattern = key[:size]
        if (pattern * (len(key) // size + 1))[: len(key)] == key:
            return True
    return False
