"""One counter for the limits on public pages and API clients: calls per key and window.

Not django-axes (it counts failed sign-ins, and its lockout ends in the sign-in page) nor the
per-account slowdown (clusters/auth.py): these limit reads and public forms. The count is kept
in Django's default cache. With the default local-memory cache (settings.CACHES) each process
counts on its own, so behind `make serve` a key gets up to limit × WEB_WORKERS calls per window;
a shared cache (Redis, Memcached) as the default makes it one count.
"""

from __future__ import annotations

from django.core.cache import cache


def over_limit(key: str, *, limit: int, window: int) -> bool:
    """Count one call for `key`; whether it is beyond `limit` calls in `window` seconds."""
    if cache.add(key, 1, timeout=window):
        return False
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        return False
    return count > limit
