"""WeasyPrint in child processes of low CPU priority (issue 16: pages stay fast while PDFs render).

A PDF is seconds of pure-Python CPU. Rendered in a gunicorn thread it holds that process's GIL
(the page threads beside it wait in turns of the switch interval) and competes with the pages
for the cores at the same priority: with three downloads on two cores, /healthz p95 went to
270 ms. Here the web thread renders only the HTML (milliseconds), then hands it to a child
process started with `spawn` (never `fork` from a threaded server) and lowered by `nice`, and
waits without the GIL. The scheduler gives the pages the cores first; documents use what is
left. The same pool renders a big decision's certificate batches side by side in the
background worker, one batch per core.

DOCUMENT_RENDER_PROCESSES sets the children per process (0: render in the calling process, as in
development and tests); DOCUMENT_RENDER_NICE their niceness (default 10). A child is replaced
after DOCUMENT_RENDER_TASKS_PER_CHILD documents, since WeasyPrint's caches only grow. A child
that dies (killed, out of memory) breaks the pool: the document is rendered in this process
instead and the pool is rebuilt on the next call.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import threading
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from django.conf import settings

logger = logging.getLogger(__name__)

_lock = threading.Lock()
_pool: ProcessPoolExecutor | None = None
_pool_size = 0


def pdf_of_html(html: str) -> bytes:
    """The PDF of a rendered document's HTML: static files from disk, nothing fetched."""
    from weasyprint import HTML

    from clusters.documents.pdf import BASE_URL, _fetcher

    return HTML(string=html, base_url=BASE_URL, url_fetcher=_fetcher()).write_pdf()


def _start_child(niceness: int) -> None:
    """In the child: lower its priority, then load Django (settings, static finders)."""
    if niceness:
        os.nice(niceness)
    import django

    django.setup()


def child_niceness() -> int:
    """The niceness of the process it runs in (what a child reports to the tests)."""
    return os.nice(0)


def processes() -> int:
    return max(0, int(getattr(settings, "DOCUMENT_RENDER_PROCESSES", 0)))


def _executor(size: int) -> ProcessPoolExecutor:
    global _pool, _pool_size
    with _lock:
        if _pool is None or _pool_size != size:
            if _pool is not None:
                _pool.shutdown(wait=False, cancel_futures=True)
            _pool = ProcessPoolExecutor(
                max_workers=size,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_start_child,
                initargs=(int(getattr(settings, "DOCUMENT_RENDER_NICE", 10)),),
                max_tasks_per_child=int(getattr(settings, "DOCUMENT_RENDER_TASKS_PER_CHILD", 200)),
            )
            _pool_size = size
        return _pool


def _discard(pool: ProcessPoolExecutor) -> None:
    global _pool
    with _lock:
        if _pool is pool:
            _pool = None
    pool.shutdown(wait=False, cancel_futures=True)


def shutdown() -> None:
    """Stop the children (tests; a worker about to exit)."""
    global _pool
    with _lock:
        pool, _pool = _pool, None
    if pool is not None:
        pool.shutdown(wait=True, cancel_futures=True)


def warm() -> None:
    """Start the children now (a gunicorn worker after it boots), so that the first download
    does not also pay for their start (about a second: Django and WeasyPrint load)."""
    if size := processes():
        _executor(size).submit(child_niceness).result()


def render(html: str) -> bytes:
    """One document's PDF, in a child when children are configured."""
    size = processes()
    if not size:
        return pdf_of_html(html)
    pool = _executor(size)
    try:
        return pool.submit(pdf_of_html, html).result()
    except BrokenProcessPool:
        logger.warning("a document renderer died; rendering in the web process instead")
        _discard(pool)
        return pdf_of_html(html)


def render_all(htmls: Iterable[str], *, size: int | None = None) -> Iterator[bytes]:
    """Each document's PDF, in order, `size` at a time side by side (default: the configured
    children); at most `size` documents are in flight, so memory stays bounded by the batch."""
    size = processes() if size is None else size
    if size <= 0:
        for html in htmls:
            yield pdf_of_html(html)
        return
    pool = _executor(size)
    pending: list[tuple[str, Future[bytes]]] = []
    source = iter(htmls)
    for html in source:
        pending.append((html, pool.submit(pdf_of_html, html)))
        if len(pending) >= size:
            yield _result(pool, *pending.pop(0))
    while pending:
        yield _result(pool, *pending.pop(0))


def _result(pool: ProcessPoolExecutor, html: str, future: Future[bytes]) -> bytes:
    try:
        return future.result()
    except BrokenProcessPool:
        logger.warning("a document renderer died; rendering this batch in this process")
        _discard(pool)
        return pdf_of_html(html)
