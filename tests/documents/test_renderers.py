"""WeasyPrint in low-priority child processes (clusters/documents/renderers.py): the same PDF as
in-process, made in a child that is really niced, in order when several run side by side, and a
dead child costs a slower document, never a failed one."""

from __future__ import annotations

import io
import os

import pdfplumber
import pytest

from clusters.documents import renderers
from clusters.documents.pdf import render_pdf


def _text(pdf: bytes) -> str:
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return "\n".join(page.extract_text() or "" for page in document.pages)


def _html(words: str) -> str:
    return f'<html lang="vi"><body><p style="font-family: Tinos">{words}</p></body></html>'


@pytest.fixture
def children(settings):
    settings.DOCUMENT_RENDER_PROCESSES = 1
    settings.DOCUMENT_RENDER_NICE = 7
    yield
    renderers.shutdown()


def test_a_document_is_made_in_a_niced_child(children):
    pdf = render_pdf("documents/certificate_blank.html", {"certificates": [], "title": "Phôi"})
    assert pdf.startswith(b"%PDF-")
    pool = renderers._executor(1)
    assert pool.submit(renderers.child_niceness).result() == os.nice(0) + 7
    assert pool.submit(os.getpid).result() != os.getpid()


def test_several_documents_come_back_in_their_order(children):
    words = [f"Bằng khen số {n}" for n in range(5)]
    pdfs = list(renderers.render_all((_html(w) for w in words), size=2))
    assert [_text(pdf).strip() for pdf in pdfs] == words


def test_a_dead_child_costs_a_slower_document_not_a_failed_one(children):
    pool = renderers._executor(1)
    with pytest.raises(Exception):  # noqa: B017 - the pool reports its child's death
        pool.submit(os._exit, 1).result()
    pdf = renderers.render(_html("Đặng Thị Ánh"))
    assert _text(pdf).strip() == "Đặng Thị Ánh"
    # The broken pool was dropped: the next document gets a fresh child.
    assert renderers._executor(1) is not pool
    assert _text(renderers.render(_html("Cần Thơ"))).strip() == "Cần Thơ"


def test_without_children_the_document_is_made_here(settings):
    settings.DOCUMENT_RENDER_PROCESSES = 0
    assert _text(renderers.render(_html("Hà Nội"))).strip() == "Hà Nội"
    assert renderers.children() == []


def test_the_batches_pool_and_the_single_documents_pool_keep_their_children(children):
    """The background worker renders both: neither pool is torn down for the other."""
    list(renderers.render_all([_html("Lô 1"), _html("Lô 2")], size=2))
    batches = renderers._executor(2)
    assert _text(renderers.render(_html("Biên bản"))).strip() == "Biên bản"
    assert renderers._executor(2) is batches
    assert len(renderers.children()) == 3


def test_a_child_killed_in_the_middle_of_a_batch_run_loses_no_document(children):
    import signal

    def documents():
        yield _html("Lô 0")
        yield _html("Lô 1")
        for pid in renderers.children():  # the worker's children killed mid-way
            os.kill(pid, signal.SIGKILL)
        for n in range(2, 6):
            yield _html(f"Lô {n}")

    pdfs = list(renderers.render_all(documents(), size=2))
    assert [_text(pdf).strip() for pdf in pdfs] == [f"Lô {n}" for n in range(6)]
