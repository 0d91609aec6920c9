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
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from django.conf import settings

from clusters.documents.pdf import pdf_of_html

logger = logging.getLogger(__name__)

_lock = threading.Lock()
# One pool per size: the background worker renders single documents (the dossier's) and a
# decision's certificate batches side by side; each keeps its children, instead of one pool
# torn down and started again (a second per child) whenever the other size is asked for.
_pools: dict[int, ProcessPoolExecutor] = {}


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
    with _lock:
        pool = _pools.get(size)
        if pool is None:
            pool = _pools[size] = ProcessPoolExecutor(
                max_workers=size,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_start_child,
                initargs=(int(getattr(settings, "DOCUMENT_RENDER_NICE", 10)),),
                max_tasks_per_child=int(getattr(settings, "DOCUMENT_RENDER_TASKS_PER_CHILD", 200)),
            )
        return pool


def _discard(pool: ProcessPoolExecutor) -> None:
    with _lock:
        for size, known in list(_pools.items()):
            if known is pool:
                del _pools[size]
    pool.shutdown(wait=False, cancel_futures=True)


def shutdown() -> None:
    """Stop the children (tests; a worker about to exit)."""
    with _lock:
        pools = list(_pools.values())
        _pools.clear()
    for pool in pools:
        pool.shutdown(wait=True, cancel_futures=True)


def children() -> list[int]:
    """The process ids of the running children (the bench adds up their memory)."""
    with _lock:
        return [pid for pool in _pools.values() for pid in (pool._processes or {})]


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
    children); at most `size` documents are in flight, so memory stays bounded by the batch.
    A child that dies costs speed, never a document: what it had, and all that follows, is
    rendered in this process. Left early (the HTML's source raised), what is in flight is
    cancelled."""
    size = processes() if size is None else size
    if size <= 0:
        for html in htmls:
            yield pdf_of_html(html)
        return
    pool = _executor(size)
    pending: deque[tuple[str, Future[bytes] | None]] = deque()
    try:
        for html in htmls:
            pending.append((html, _submit(pool, html)))
            if len(pending) >= size:
                yield _result(pool, *pending.popleft())
        while pending:
            yield _result(pool, *pending.popleft())
    finally:
        for _html, future in pending:
            if future is not None:
                future.cancel()


def _submit(pool: ProcessPoolExecutor, html: str) -> Future[bytes] | None:
    """The document handed to a child; None once the pool is broken (rendered here then)."""
    try:
        return pool.submit(pdf_of_html, html)
    except (BrokenProcessPool, RuntimeError):  # RuntimeError: the pool was shut down
        _discard(pool)
        return None


def _result(pool: ProcessPoolExecutor, html: str, future: Future[bytes] | None) -> bytes:
    if future is None:
        return pdf_of_html(html)
    try:
        return future.result()
    except BrokenProcessPool:
        logger.warning("a document renderer died; rendering the rest in this process")
        _discard(pool)
        return pdf_of_html(html)
