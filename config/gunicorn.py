"""gunicorn's settings for `make serve` (gunicorn -c config/gunicorn.py config.wsgi).

Sizing rule (README, "Serving"): one worker process per core — each process has its own GIL,
more processes than cores only contend for them — and WEB_THREADS threads in each (gthread), so
that while one thread makes a document the others serve pages and /healthz. Documents are
bounded machine-wide by the lane of config/lanes.py (DOCUMENT_SLOTS, default cores - 1), so one
core always stays for the pages. Every thread may hold a database connection:
workers × threads (+ the db_worker) must stay under PostgreSQL's max_connections.
"""

import os
import sys

from config.lanes import cores

workers = int(os.environ.get("WEB_WORKERS", max(2, cores())))
worker_class = "gthread"
threads = int(os.environ.get("WEB_THREADS", 8))
# The longest document made in a request (a decision's few dozen certificates, the report) is a
# few seconds; a whole decision's certificates are made by the background worker instead.
timeout = int(os.environ.get("WEB_TIMEOUT", 60))
graceful_timeout = 30
keepalive = 5
# WeasyPrint's caches grow with every document: a worker is replaced now and then.
max_requests = 2000
max_requests_jitter = 200
accesslog = os.environ.get("WEB_ACCESS_LOG") or None


# A thread waiting for the GIL gets it when the holder's switch interval ends (5 ms by
# default), at every return from the database or the socket: a /healthz behind a page being
# rendered in the same process waited several of those. 1 ms keeps short requests short at the
# cost of a few more switches (WEB_SWITCH_INTERVAL, seconds).
SWITCH_INTERVAL = float(os.environ.get("WEB_SWITCH_INTERVAL", "0.001"))


def post_worker_init(worker) -> None:
    """Shorten the GIL's switch interval; before the worker's first request, import its views,
    catalogues and templates (config/warm.py: the first request took 0.5 s) and start its
    document renderers (clusters/documents/renderers.py), so that the first download does not
    also wait for them to load."""
    from clusters.documents import renderers
    from config import warm

    sys.setswitchinterval(SWITCH_INTERVAL)
    warm.warm()
    renderers.warm()


def worker_exit(server, worker) -> None:
    from clusters.documents import renderers

    renderers.shutdown()
