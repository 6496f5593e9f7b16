"""Gunicorn's settings for production: `gunicorn apa_portal.wsgi` reads this file from the working directory
(or name it with `-c`). Every value can be overridden on the command line or by the environment
(`WEB_CONCURRENCY`, `GUNICORN_BIND`). Measured by `make bench-entry` (README, "Benchmarks")."""

import gc
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")

# A request is short and busy in Python (which runs one thread of a process at a time), waiting on
# PostgreSQL now and then: single-threaded processes, two per core and one more, keep the cores busy
# through those waits. A threaded process keeps the connections it accepted and serves them late while
# another process sits idle (measured with 50 clients saving: gthread's p95 was 4 to 15 times its median,
# sync's 1.2 to 1.5 times, for the same throughput); with sync workers whichever process is free takes the
# next request.
workers = int(os.environ.get("WEB_CONCURRENCY", 2 * (os.cpu_count() or 1) + 1))
worker_class = "sync"
# Sync workers need a buffering reverse proxy (nginx) in front: it absorbs slow clients, keeps their
# connections alive and terminates TLS; each request to gunicorn is one short connection.
timeout = 60


def post_worker_init(worker) -> None:
    """Once Django is loaded: move its long-lived objects (modules, classes, compiled templates) out of the
    collector's way and collect young objects less often. Rendering the entry page of a 60-indicator quarter
    allocates some hundred thousand short-lived objects; with the defaults the collector runs hundreds of
    times per page and its older generations walk everything Django loaded. Measured in-process: 73 -> 64 ms
    of CPU per entry page GET (a save, with far fewer objects, gains nothing measurable)."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(50_000, 20, 100)
