from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_cache_control


class ChosenLanguageMiddleware:
    """Vietnamese unless the person chose another language (the language cookie).

    Django's LocaleMiddleware would follow the browser's Accept-Language, and most office
    browsers are set to English: the interface must speak Vietnamese by default.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.available = {code for code, _ in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.available else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        try:
            response = self.get_response(request)
        finally:
            # Rendering is done by now; leave the thread in the default language, so that one
            # request's choice never leaks into the next piece of work on this thread.
            translation.deactivate()
        response.headers.setdefault("Content-Language", language)
        response.headers["Vary"] = ", ".join(filter(None, [response.headers.get("Vary"), "Cookie"]))
        return response


class PrivateCacheMiddleware:
    """`Cache-Control: private, no-store` on every response to a signed-in person and on every
    download, so that neither a shared proxy nor the browser's disk cache of a shared office
    computer keeps a page, a PDF, a workbook or an evidence file after its owner has gone.

    Static files (their own long-lived caching, served before the middleware in production) and
    /healthz (no person behind it) are left as they are.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.exempt = ("/" + settings.STATIC_URL.lstrip("/"), "/healthz")

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.path_info.startswith(self.exempt):
            return response
        user = getattr(request, "user", None)
        signed_in = user is not None and user.is_authenticated
        download = response.has_header("Content-Disposition")
        if signed_in or download:
            # Keeps the directives a view set (never_cache's) and drops any "public".
            patch_cache_control(response, private=True, no_store=True)
        return response
