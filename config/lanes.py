"""A bounded lane for documents: at most DOCUMENT_SLOTS PDFs or workbooks are made at once on
the machine, whatever the number of gunicorn workers and threads (issue 16).

Making a document is seconds of CPU (WeasyPrint, openpyxl) while a page is milliseconds. With
every worker free to render, three downloads on two cores left nothing for the pages and
/healthz (p50 3 -> 255 ms). The lane keeps at least one core for everything else: a document
request beyond the slots waits, in its own gunicorn thread, for a slot; pages and /healthz are
served meanwhile by the other threads. A slot is an exclusive lock (flock) on a file in
DOCUMENT_LANE_DIR, so the bound holds across worker processes and a crashed worker frees its
slot with its file descriptor.
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

# Paths of documents made on request: PDFs and generated workbooks. Stored files (evidence, the
# year's ZIP) are only read from disk and need no slot.
DOCUMENT_SUFFIXES = (".pdf", ".xlsx")
POLL_SECONDS = 0.02


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def default_slots() -> int:
    """One core is always kept for pages: cores - 1, at least one."""
    return max(1, cores() - 1)


class DocumentLane:
    """WSGI middleware: requests for documents take a slot before they reach Django."""

    def __init__(
        self,
        app: Callable,
        *,
        slots: int,
        directory: Path,
        max_wait: float = 45.0,
        suffixes: tuple[str, ...] = DOCUMENT_SUFFIXES,
    ) -> None:
        self.app = app
        self.slots = max(1, slots)
        self.directory = directory
        self.max_wait = max_wait
        self.suffixes = suffixes
        directory.mkdir(parents=True, exist_ok=True)

    def is_document(self, environ: dict) -> bool:
        return environ.get("PATH_INFO", "").endswith(self.suffixes)

    @contextmanager
    def slot(self) -> Iterator[int | None]:
        """Hold one slot (its number); after `max_wait` seconds without one, go on without
        (None): a slow download beats a request timeout."""
        deadline = time.monotonic() + self.max_wait
        while True:
            for number in range(self.slots):
                handle = open(self.directory / f"document-slot-{number}.lock", "a+b")  # noqa: SIM115
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    handle.close()
                    continue
                try:
                    yield number
                finally:
                    fcntl.flock(handle, fcntl.LOCK_UN)
                    handle.close()
                return
            if time.monotonic() >= deadline:
                yield None
                return
            time.sleep(POLL_SECONDS)

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        if not self.is_document(environ):
            return self.app(environ, start_response)
        # The document is made inside the view; streaming its bytes out needs no slot.
        with self.slot():
            return self.app(environ, start_response)


def wrap(app: Callable) -> Callable:
    """The lane around the WSGI app, sized by DOCUMENT_SLOTS (default: cores - 1) in
    DOCUMENT_LANE_DIR (default: var/lanes); DOCUMENT_SLOTS=0 turns it off."""
    slots = int(os.environ.get("DOCUMENT_SLOTS", default_slots()))
    if slots <= 0:
        return app
    base = Path(__file__).resolve().parent.parent
    directory = Path(os.environ.get("DOCUMENT_LANE_DIR", base / "var" / "lanes"))
    return DocumentLane(app, slots=slots, directory=directory)
