"""`make serve`: gthread workers sized by the machine, and the document lane that keeps pages
and /healthz answering while documents are made (config/gunicorn.py, config/lanes.py)."""

from __future__ import annotations

import re
import runpy
import threading
import time
from pathlib import Path

from config import lanes
from tests.bench.bench_load import _serve_command

BASE = Path(__file__).resolve().parents[2]


def test_make_serve_runs_gunicorn_with_the_config_file_the_bench_uses():
    recipe = (BASE / "Makefile").read_text().split("\nserve:", 1)[1].split("\n\n", 1)[0]
    line = next(line for line in recipe.splitlines() if "gunicorn" in line and "#" not in line)
    assert re.search(r"gunicorn config\.wsgi -c config/gunicorn\.py --bind", line)
    assert "--workers" not in line  # sized by the config file, not on the command line
    assert _serve_command(8000, baseline=False)[1:4] == ["config.wsgi", "-c", "config/gunicorn.py"]


def test_one_threaded_worker_per_core_with_room_for_a_document(monkeypatch):
    monkeypatch.delenv("WEB_WORKERS", raising=False)
    monkeypatch.delenv("WEB_THREADS", raising=False)
    monkeypatch.setattr(lanes, "cores", lambda: 4)
    config = runpy.run_path(str(BASE / "config" / "gunicorn.py"))
    assert config["worker_class"] == "gthread" and config["threads"] >= 4
    assert config["workers"] == 4
    assert config["timeout"] >= 60 and config["max_requests"] > 0
    monkeypatch.setattr(lanes, "cores", lambda: 1)
    assert runpy.run_path(str(BASE / "config" / "gunicorn.py"))["workers"] == 2
    monkeypatch.setenv("WEB_THREADS", "16")
    assert runpy.run_path(str(BASE / "config" / "gunicorn.py"))["threads"] == 16


def test_default_slots_keep_one_core_for_pages(monkeypatch):
    monkeypatch.setattr(lanes, "cores", lambda: 2)
    assert lanes.default_slots() == 1
    monkeypatch.setattr(lanes, "cores", lambda: 8)
    assert lanes.default_slots() == 7
    monkeypatch.setattr(lanes, "cores", lambda: 1)
    assert lanes.default_slots() == 1


class _SlowApp:
    """A WSGI app whose documents take `seconds`; it records how many run at once."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.running = 0
        self.most = 0
        self.lock = threading.Lock()

    def __call__(self, environ, start_response):
        with self.lock:
            self.running += 1
            self.most = max(self.most, self.running)
        if environ["PATH_INFO"].endswith(".pdf"):
            time.sleep(self.seconds)
        with self.lock:
            self.running -= 1
        start_response("200 OK", [])
        return [b"ok"]


def _call(app, path: str, times: dict) -> None:
    start = time.monotonic()
    app({"PATH_INFO": path}, lambda status, headers: None)
    times[path + str(threading.get_ident())] = time.monotonic() - start


def test_documents_wait_for_a_slot_while_pages_pass(tmp_path):
    inner = _SlowApp(0.3)
    lane = lanes.DocumentLane(inner, slots=1, directory=tmp_path)
    times: dict[str, float] = {}
    pdf = "/c/x/2018/bao-cao.pdf"
    documents = [threading.Thread(target=_call, args=(lane, pdf, times)) for _ in range(3)]
    for thread in documents:
        thread.start()
    time.sleep(0.05)
    start = time.monotonic()
    lane({"PATH_INFO": "/healthz"}, lambda status, headers: None)
    healthz = time.monotonic() - start
    for thread in documents:
        thread.join()
    assert healthz < 0.1  # never behind a document
    waits = sorted(times.values())
    assert waits[-1] >= 0.85  # the third waited for the two before it: one at a time
    assert sorted(path[:4] for path in times) == ["/c/x"] * 3


def test_the_slots_are_shared_between_processes(tmp_path):
    import fcntl

    with open(tmp_path / "document-slot-0.lock", "a+b") as held:
        fcntl.flock(held, fcntl.LOCK_EX)  # as another worker process holding the only slot
        lane = lanes.DocumentLane(_SlowApp(0), slots=1, directory=tmp_path, max_wait=0.2)
        start = time.monotonic()
        lane({"PATH_INFO": "/a.xlsx"}, lambda status, headers: None)
        # It waited for the slot, then went on without one rather than time out the request.
        assert 0.2 <= time.monotonic() - start < 1


def test_the_lane_can_be_turned_off(monkeypatch, tmp_path):
    app = _SlowApp(0)
    monkeypatch.setenv("DOCUMENT_SLOTS", "0")
    assert lanes.wrap(app) is app
    monkeypatch.setenv("DOCUMENT_SLOTS", "2")
    monkeypatch.setenv("DOCUMENT_LANE_DIR", str(tmp_path / "lanes"))
    wrapped = lanes.wrap(app)
    assert wrapped.slots == 2 and (tmp_path / "lanes").is_dir()


def test_a_worker_shortens_the_gil_switch_interval_and_warms_its_renderers(settings):
    """What gunicorn calls in each worker after boot: the switch interval short, so that
    /healthz is not kept waiting for the GIL by a page; every template compiled; the renderer
    children started."""
    import sys

    from django.template import engines

    from clusters.documents import renderers

    settings.DOCUMENT_RENDER_PROCESSES = 1
    config = runpy.run_path(str(BASE / "config" / "gunicorn.py"))
    before = sys.getswitchinterval()
    loader = engines["django"].engine.template_loaders[0]
    loader.reset()
    try:
        config["post_worker_init"](None)
        assert sys.getswitchinterval() == config["SWITCH_INTERVAL"] == 0.001
        assert renderers.children()
        compiled = set(loader.get_template_cache)
        pages = {
            p.relative_to(BASE / "templates").as_posix() for p in BASE.glob("templates/**/*.html")
        }
        assert "base.html" in pages and pages <= compiled
    finally:
        sys.setswitchinterval(before)
        config["worker_exit"](None, None)
    assert renderers.children() == []
