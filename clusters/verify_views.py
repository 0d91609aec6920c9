"""The public verification page (/kiem-tra/): anyone uploads a PDF and sees whether it is intact
and who signed it, with each signature's trust status. No sign-in; uploads are rate-limited per
client address (the cache, not django-axes: nothing here is a login).

It shows only what the file itself contains (its signatures, their certificates' names, times)
and the file's SHA-256: nothing from the database.

/kiem-tra/<code>/ is where a filed document's QR code leads (clusters/seal.py): the stored
document's record (what it is, its year and cluster, its SHA-256, when it was frozen), the stored
file's signatures, and a form to compare a copy with it. Nothing a reader of the document does
not already have: no draft, no internal id, no file name; an unknown code answers 404 and
nothing else. Each opening counts against the same limit as an upload (the stored file's
signatures are checked each time, and codes must not be tried in bulk).
"""

from __future__ import annotations

import hashlib

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from clusters import seal, signing
from clusters.audit import client_ip
from clusters.documents import store
from clusters.models import StoredDocument
from clusters.ratelimit import over_limit
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
    """Whether this address has had more than VERIFY_RATE_LIMIT checks in the window."""
    return over_limit(
        f"verify-uploads:{client_ip(request) or 'unknown'}",
        limit=settings.VERIFY_RATE_LIMIT,
        window=settings.VERIFY_RATE_WINDOW_SECONDS,
    )


class CodeForm(forms.Form):
    ma = forms.CharField(
        label=gettext_lazy("Mã văn bản"),
        max_length=40,
        help_text=gettext_lazy("In cạnh mã QR ở cuối văn bản, ví dụ K7QM4-XPD9R."),
    )

    def clean_ma(self) -> str:
        code = store.normalise_code(self.cleaned_data["ma"])
        if len(code) != store.CODE_LENGTH:
            raise forms.ValidationError(
                _("Mã văn bản gồm %(length)d chữ và số, ví dụ K7QM4-XPD9R.")
                % {"length": store.CODE_LENGTH}
            )
        return code


@login_not_required
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    report = None
    limited = False
    form = VerifyForm()
    code_form = CodeForm(request.GET) if "ma" in request.GET else CodeForm()
    if code_form.is_bound and code_form.is_valid():
        typed = StoredDocument(code=code_form.cleaned_data["ma"])
        return redirect("verify_code", code=typed.display_code)
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
        {"form": form, "code_form": code_form, "report": report, "limited": limited},
        status=429 if limited else 200,
    )


def _is_dossier(document: StoredDocument) -> bool:
    return document.content_type == "application/zip"


class CompareForm(VerifyForm):
    """A copy to compare with a stored document: a PDF, or the ZIP of a year's dossier."""

    def __init__(self, *args, document: StoredDocument, **kwargs) -> None:
        self.document = document
        super().__init__(*args, **kwargs)
        if _is_dossier(document):
            self.fields["file"].label = _("Tệp ZIP cần so sánh")
            self.fields["file"].help_text = _("Tệp ZIP của hồ sơ năm, tối đa %(limit)d MB.") % {
                "limit": MAX_VERIFY_BYTES // MB
            }

    def clean_file(self):
        if not _is_dossier(self.document):
            return super().clean_file()
        upload = self.cleaned_data["file"]
        if upload.size > MAX_VERIFY_BYTES:
            raise forms.ValidationError(
                _("Tệp vượt quá %(limit)d MB.") % {"limit": MAX_VERIFY_BYTES // MB}
            )
        upload.seek(0)
        data = upload.read()
        if not data.startswith(b"PK\x03\x04"):
            raise forms.ValidationError(_("Tệp này không phải là tệp ZIP của hồ sơ năm."))
        return data


def _report(document: StoredDocument, data: bytes) -> signing.Report:
    """The signatures of a file: a PDF's own, or the seal over a dossier's manifest."""
    if _is_dossier(document):
        return seal.manifest_report(data, sha256=hashlib.sha256(data).hexdigest())
    return signing.validate_pdf(data)


STORED_REPORT_SECONDS = 10 * 60


def _stored_report(document: StoredDocument, data: bytes) -> signing.Report:
    """The stored file's report, kept a while: a compact's ten signatures take seconds to check,
    and a filed document's bytes never change (its hash is in the key, with the trust roots)."""
    digest = hashlib.sha256(data).hexdigest()
    roots = hashlib.sha256("\n".join(settings.SIGNING_TRUST_ROOTS).encode()).hexdigest()[:16]
    key = f"verify-stored:{digest}:{roots}"
    report = cache.get(key)
    if report is None:
        report = _report(document, data)
        cache.set(key, report, STORED_REPORT_SECONDS)
    return report


def _stored_bytes(document: StoredDocument) -> bytes | None:
    try:
        with document.file.open("rb") as handle:
            return handle.read()
    except (FileNotFoundError, OSError):
        return None


@login_not_required
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def verify_code(request: HttpRequest, code: str) -> HttpResponse:
    if _over_limit(request):
        return render(request, "clusters/verify_code.html", {"limited": True}, status=429)
    document = store.find_by_code(code)
    if document is None:
        return render(request, "clusters/verify_code.html", {"not_found": True}, status=404)
    data = _stored_bytes(document)
    report = _stored_report(document, data) if data is not None else None
    form = CompareForm(document=document)
    upload = None
    if request.method == "POST":
        form = CompareForm(request.POST, request.FILES, document=document)
        if form.is_valid():
            uploaded = form.cleaned_data["file"]
            upload = {
                "report": _report(document, uploaded),
                "same": hashlib.sha256(uploaded).hexdigest() == document.sha256,
            }
            form = CompareForm(document=document)
    return render(
        request,
        "clusters/verify_code.html",
        {
            "document": document,
            "cluster": document.year.cluster,
            "stored_intact": data is not None
            and hashlib.sha256(data).hexdigest() == document.sha256,
            "report": report,
            "form": form,
            "upload": upload,
        },
    )
