"""Final documents are files (issue 16): rendered once, stored, served as stored.

A document becomes final when its source freezes (a covenant fully signed, a proposal letter
sent, a year closed with its report and award decisions, a round closed with its minutes, a
dossier built). The service that freezes the source calls `freeze` in its own transaction: the
document is rendered then, written through Django's storage API (the "documents" storage if
the installation names one, else the default: local disk on one machine, shared object storage
with django-storages on many) and recorded as a `StoredDocument` with its SHA-256 and a short
code. Every download of a frozen source is `serve(stored_for(kind, source))`: the stored bytes,
never a second render, whatever changes in the database afterwards.

Before it renders, `freeze` reserves the document's code, so the document prints it with its QR
code (clusters/seal.py, templates/documents/_seal.html); then the rendered PDF of a filed kind
(report, minutes, letter, decision) is sealed by the installation's seal, and the sealed bytes
are what is stored and hashed. The rule when no seal is configured is in clusters/seal.py.

Drafts still render on demand (`draft`), cached per document by the version of the year's
data: the newest audit event of the year. Every write goes through a service that records its
audit event in the same transaction, so that event moves whenever anything a document prints
may have changed (clauses, signatures, scores, rounds, recipients…), in one indexed query;
no model needs an `updated_at` of its own, and a document that reads ten tables needs no ten
timestamps. Its time is part of the key too, so a database restored or a test database whose
ids start again never meets an older cache entry.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
from collections.abc import Callable
from typing import IO

from django.contrib.contenttypes.models import ContentType
from django.core.cache import caches
from django.core.files.base import ContentFile, File
from django.core.signals import request_finished
from django.db import DEFAULT_DB_ALIAS, IntegrityError, models, transaction
from django.dispatch import receiver
from django.http import FileResponse, Http404, HttpResponse

from clusters import seal
from clusters.models import AuditEvent, EmulationYear, StoredDocument, Unit

# No 0/O, 1/I/L, U/V: a code read over the phone or typed from paper is not mistaken.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTWXYZ"
CODE_LENGTH = 10
DRAFT_CACHE = "documents"  # the cache alias drafts go into, when configured; else "default"
DRAFT_SECONDS = 60 * 60  # a change made outside the services is seen within the hour

Rendered = bytes | IO[bytes]


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(text: str) -> str:
    """What a reader typed ("k7qm4-xpd9r", with spaces) as stored ("K7QM4XPD9R")."""
    return "".join(ch for ch in text.upper() if ch.isalnum())


def reserve_code() -> str:
    """A code no stored document has, taken before the document renders: it prints it."""
    code = new_code()
    while StoredDocument.objects.filter(code=code).exists():  # 29^10: hardly ever
        code = new_code()
    return code


def find_by_code(text: str) -> StoredDocument | None:
    """The stored document whose code a reader typed or scanned, in any case, with or
    without separators; None for anything else."""
    code = normalise_code(text)
    if len(code) != CODE_LENGTH or any(ch not in CODE_ALPHABET for ch in code):
        return None
    return StoredDocument.objects.select_related("year__cluster").filter(code=code).first()


def stored_for(kind: str, source: models.Model, *, version: int = 1) -> StoredDocument | None:
    """The stored document of this source, if it was frozen."""
    return StoredDocument.objects.filter(
        kind=kind,
        source_type=ContentType.objects.get_for_model(source),
        source_id=source.pk,
        version=version,
    ).first()


def freeze(
    *,
    kind: str,
    source: models.Model,
    render: Callable[[], Rendered],
    filename: str,
    year: EmulationYear,
    version: int = 1,
    content_type: str = "application/pdf",
) -> StoredDocument:
    """Render the source's document once and store it; a source already frozen keeps its file
    (never rendered again). Call it inside the transaction that freezes the source: if that
    transaction does not commit, the written file is deleted (`discard_rolled_back`)."""
    discard_rolled_back()
    existing = stored_for(kind, source, version=version)
    if existing is not None:
        return existing
    code = reserve_code()
    signer = seal.seal_for(kind)  # refused before rendering when a required seal is missing
    with seal.printing(seal.mark_for(kind, StoredDocument(code=code).display_code, signer)):
        rendered = render()
    if signer is not None and content_type == "application/pdf":  # a dossier seals its manifest
        data = rendered if isinstance(rendered, bytes) else rendered.read()
        rendered = seal.seal_pdf(data, signer=signer, body=year.cluster.name)
    content = ContentFile(rendered) if isinstance(rendered, bytes) else File(rendered)
    sha256, size = _digest(content)
    document = StoredDocument(
        kind=kind,
        year=year,
        source_type=ContentType.objects.get_for_model(source),
        source_id=source.pk,
        version=version,
        sha256=sha256,
        size=size,
        content_type=content_type,
        filename=filename,
        code=code,
    )
    document.file.save(filename, content, save=False)
    try:
        with transaction.atomic():
            document.save()
    except IntegrityError:
        # Frozen meanwhile by another transaction (its row waited for ours): that one stands.
        document.file.storage.delete(document.file.name)
        found = stored_for(kind, source, version=version)
        if found is None:
            raise
        return found
    except BaseException:
        document.file.storage.delete(document.file.name)
        raise
    delete_unless_committed(document.file.storage, document.file.name)
    return document


def _digest(content: File) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    content.seek(0)
    for chunk in content.chunks():
        digest.update(chunk)
        size += len(chunk)
    content.seek(0)
    return digest.hexdigest(), size


STREAM_BLOCK = 256 * 1024


def serve(stored: StoredDocument, *, inline: bool = True) -> FileResponse:
    """The stored bytes as the download, with their hash (ETag, X-Document-SHA256 and the RFC
    3230 Digest), the document's code, and `Cache-Control: private, no-store` as every
    download has. A file gone from the storage answers 404, never a render."""
    try:
        handle = stored.file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    response = FileResponse(
        handle, as_attachment=not inline, filename=stored.filename, content_type=stored.content_type
    )
    # Read in large blocks where the server has no sendfile (wsgi.file_wrapper): an 8 MB file
    # was 2,048 reads of FileResponse's default 4 KB.
    response.block_size = STREAM_BLOCK
    response["Content-Length"] = str(stored.size)
    response["ETag"] = f'"{stored.sha256}"'
    response["X-Document-SHA256"] = stored.sha256
    response["Digest"] = "sha-256=" + base64.b64encode(bytes.fromhex(stored.sha256)).decode()
    response["X-Document-Code"] = stored.display_code
    response["Cache-Control"] = "private, no-store"
    return response


def download(
    stored: StoredDocument | None,
    *,
    kind: str,
    source: models.Model,
    year: EmulationYear,
    render: Callable[[], bytes],
    filename: str,
    content_type: str = "application/pdf",
) -> HttpResponse:
    """A document's download view: the stored file when the source is frozen, else the draft
    (cached by the year's data version), inline, with the same headers but no code."""
    if stored is not None:
        return serve(stored)
    content = draft(kind=kind, source=source, year=year, render=render)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


# --- drafts: rendered on demand, cached by the version of the year's data ---------------------


def data_version(year: EmulationYear) -> str:
    """The year's newest audit event, as "<id>-<microseconds since the epoch>" ("0" if none)."""
    newest = AuditEvent.objects.filter(year=year).order_by("-pk").values_list("pk", "at").first()
    if newest is None:
        return "0"
    pk, at = newest
    return f"{pk}-{int(at.timestamp() * 1_000_000)}"


def cluster_version(cluster_id: int) -> str:
    """What a cached page of a cluster depends on: the newest audit event of any of its years
    (a ranking's totals read the other years too) and the newest of any unit (a unit renamed in
    set-up is recorded with no year, yet its name is on every page of its clusters)."""
    newest = (
        AuditEvent.objects.filter(cluster_id=cluster_id)
        .order_by("-pk")
        .values_list("pk", flat=True)
        .first()
    )
    # By the content type's natural key (a join): no lookup query of its own.
    units = AuditEvent.objects.filter(
        target_type__app_label=Unit._meta.app_label, target_type__model=Unit._meta.model_name
    )
    unit = units.aggregate(newest=models.Max("pk"))["newest"]
    return f"{newest or 0}-{unit or 0}"


def draft(
    *, kind: str, source: models.Model, year: EmulationYear, render: Callable[[], bytes], part=""
) -> bytes:
    """A draft's bytes: from the cache while the year's data is unchanged, else rendered now.
    `part` tells apart two renderings of one source (a PDF and its HTML page)."""
    key = ":".join(
        [
            "document",
            kind,
            ContentType.objects.get_for_model(source).model,
            str(source.pk),
            part,
            data_version(year),
        ]
    )
    cache = caches[DRAFT_CACHE] if DRAFT_CACHE in caches.settings else caches["default"]
    content = cache.get(key)
    if content is None:
        content = render()
        cache.set(key, content, DRAFT_SECONDS)
    return content


# --- a file written by a transaction that did not commit is deleted --------------------------
#
# Django has no on-rollback hook. A freeze registers an on-commit callback; when its transaction
# (or savepoint) rolls back, Django drops the callback from the connection's list unrun. So a
# file whose callback neither ran nor is still waiting was rolled back: `discard_rolled_back`
# deletes it. It runs when each request finishes, before each freeze and in freeze_documents.

_UNSETTLED = "_stored_documents_unsettled"


def delete_unless_committed(storage, name: str, using: str = DEFAULT_DB_ALIAS) -> None:
    """A file just written for a row of this transaction: deleted again unless the transaction
    commits (`discard_rolled_back`, after every request and before every freeze), whichever
    transaction around it rolls back."""
    connection = transaction.get_connection(using)
    unsettled: list = connection.__dict__.setdefault(_UNSETTLED, [])

    def committed() -> None:
        if entry in unsettled:
            unsettled.remove(entry)

    entry = (storage, name, committed)
    unsettled.append(entry)
    transaction.on_commit(committed, using=using)


def discard_rolled_back(using: str = DEFAULT_DB_ALIAS) -> int:
    """Delete the files of freezes whose transaction rolled back; how many."""
    connection = transaction.get_connection(using)
    unsettled: list = connection.__dict__.get(_UNSETTLED, [])
    if not unsettled:
        return 0
    waiting = {id(callback) for _sids, callback, *_rest in connection.run_on_commit}
    gone = [entry for entry in unsettled if id(entry[2]) not in waiting]
    for entry in gone:
        storage, name, _callback = entry
        storage.delete(name)
        unsettled.remove(entry)
    return len(gone)


@receiver(request_finished)
def _discard_after_request(**kwargs) -> None:
    discard_rolled_back()
