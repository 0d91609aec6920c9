"""Sessions fit for shared office computers: they end at browser close and after a few idle hours.

Django's session store refuses a session past its expire_date, which is set when the session is
saved. Saving on every request (SESSION_SAVE_EVERY_REQUEST) would cost a write per click; this
middleware moves the window on only when the last move is older than SESSION_REFRESH_SECONDS,
so the idle timeout holds to within those few minutes at one write per few minutes.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

TOUCHED = "_idle_touched"  # when the session's window was last moved on (seconds since epoch)


def _touch(session) -> None:
    session[TOUCHED] = int(time.time())


class SessionIdleMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session = getattr(request, "session", None)
        signed_in = session is not None and session.session_key and session.get("_auth_user_id")
        if signed_in and time.time() - session.get(TOUCHED, 0) >= settings.SESSION_REFRESH_SECONDS:
            _touch(session)  # modified: SessionMiddleware saves it with a new expiry
        return self.get_response(request)


def on_login(sender, request, user, **kwargs) -> None:
    """A new session starts its window now, so the next clicks need no write."""
    if request is not None and hasattr(request, "session"):
        _touch(request.session)


def connect_session_signals() -> None:
    from django.contrib.auth.signals import user_logged_in

    user_logged_in.connect(on_login, dispatch_uid="session_idle_login")
