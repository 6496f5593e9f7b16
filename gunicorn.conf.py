"""Gunicorn's settings for production: `gunicorn apa_portal.wsgi` reads this file from the working directory
(or name it with `-c`). Every value can be overridden on the command line or by the environment
(`WEB_CONCURRENCY`, `GUNICORN_BIND`). Measured by `make bench-entry` (README, "Benchmarks")."""

import gc
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")

# Requests are short and CPU-bound (Python holds the GIL while Django builds a query or a page), so one
# single-threaded process per core plus one more to use the cores while others wait on PostgreSQL. Threads
# in one process would only queue for its GIL; a process that holds many kept-alive connections while
# another sits idle serves them late, which sync workers avoid: whichever process is free takes the next
# request.
workers = int(os.environ.get("WEB_CONCURRENCY", 2 * (os.cpu_count() or 1) + 1))
worker_class = "sync"
# Sync workers need a buffering reverse proxy (nginx) in front: it absorbs slow clients, keeps their
# connections alive and terminates TLS; each request to gunicorn is one short connection.
timeout = 60
max_requests = 5000  # a worker is replaced now and then, so a slow leak never grows
max_requests_jitter = 500


def post_worker_init(worker) -> None:
    """Once Django is loaded: move its long-lived objects out of the collector's way and collect young
    objects less often. A request allocates thousands of short-lived objects; with the defaults the
    collector runs many times per request and walks every module, class and template already loaded."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(20_000, 10, 10)
