"""Access cases of the verification page by document code (/kiem-tra/<code>/), for every
persona (tests/test_access_matrix.py): public, signed in or not; an unknown code is 404 for all."""

from __future__ import annotations

import hashlib

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.files.base import ContentFile

from clusters.documents import store
from clusters.models import StoredDocument
from tests.access import Case
from tests.personas import PERSONAS, World

PDF = b"%PDF-1.7\n%%EOF\n"


def _fresh_limit() -> None:
    # Every opening counts against the address's limit, and the matrix asks from one address.
    cache.clear()


def _stored(w: World) -> list:
    _fresh_limit()
    document = StoredDocument(
        kind=StoredDocument.Kind.REPORT,
        year=w.year,
        source_type=ContentType.objects.get_for_model(w.year),
        source_id=w.year.pk,
        sha256=hashlib.sha256(PDF).hexdigest(),
        size=len(PDF),
        content_type="application/pdf",
        filename="bao-cao-tong-ket.pdf",
        code=store.reserve_code(),
    )
    document.file.save(document.filename, ContentFile(PDF), save=True)
    return [document.display_code]


def _unknown(w: World) -> list:
    _fresh_limit()
    return ["ZZZZZ-ZZZZZ"]


EVERYONE = {p: 200 for p in PERSONAS}

CASES = [
    Case("verify_code", args=_stored, expect=EVERYONE),
    # A comparison without a file is refused inside the form.
    Case("verify_code", args=_stored, method="post", expect=EVERYONE),
    Case("verify_code", args=_unknown, expect={p: 404 for p in PERSONAS}),
]
