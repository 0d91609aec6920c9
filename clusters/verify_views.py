"""The public verification page (/kiem-tra/): anyone uploads a PDF and sees whether it is intact
and who signed it, with each signature's trust status. No sign-in; uploads are rate-limited per
client address (the cache, not django-axes: nothing here is a login).

It shows only what the file itself contains (its signatures, their certificates' names, times)
and the file's SHA-256: nothing from the database. The page by document code
(/kiem-tra/<code>/) needs stored documents and comes with the sealing of documents.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from clusters import signing
from clusters.audit import client_ip
from clusters.uploads import MB

MAX_VERIFY_BYTES = 20 * MB


class VerifyForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Tệp PDF cần kiểm tra"))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _("Tệp PDF có chữ ký số, tối đa %(limit)d MB.") % {
            "limit": MAX_VERIFY_BYTES // MB
        }

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_VERIFY_BYTES:
            raise forms.ValidationError(
                _("Tệp vượt quá %(limit)d MB.") % {"limit": MAX_VERIFY_BYTES // MB}
            )
        upload.seek(0)
        data = upload.read()
        # The first bytes, not the name or the browser's type, say what the file is.
        if not data.startswith(b"%PDF-"):
            raise forms.ValidationError(_("Tệp này không phải là tài liệu PDF."))
        return data


def _over_limit(request: HttpRequest) -> bool:
    """Whether this address has had more than VERIFY_RATE_LIMIT PDFs checked in the window.

    Not django-axes (it counts failed sign-ins, and its lockout would end in the sign-in page)
    nor the per-account slowdown (clusters/auth.py counts axes' rows per username): nothing
    else in the project limits a public form, so the count is kept in the default cache. That
    cache is in each process's memory (settings.CACHES): behind `make serve` every gunicorn
    worker counts on its own, so an address gets up to VERIFY_RATE_LIMIT × WEB_WORKERS checks
    per window. A shared cache (Redis, Memcached) as the default makes it one count.
    """
    key = f"verify-uploads:{client_ip(request) or 'unknown'}"
    window = settings.VERIFY_RATE_WINDOW_SECONDS
    if cache.add(key, 1, timeout=window):
        return False
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        return False
    return count > settings.VERIFY_RATE_LIMIT


@login_not_required
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    report = None
    limited = False
    form = VerifyForm()
    if request.method == "POST":
        form = VerifyForm(request.POST, request.FILES)
        if form.is_valid():
            # Counted when a PDF is to be checked: validating signatures is the costly part
            # (a form sent without a PDF costs no more than the page).
            limited = _over_limit(request)
            if limited:
                form = VerifyForm()
            else:
                report = signing.validate_pdf(form.cleaned_data["file"])
    return render(
        request,
        "clusters/verify.html",
        {"form": form, "report": report, "limited": limited},
        status=429 if limited else 200,
    )
