"""gunicorn settings of `make serve` and `make bench` (PORT, WEB_CONCURRENCY from the environment).

Threaded workers: a worker's heartbeat runs beside its requests, so a long CSV
export is never killed by `timeout`, which only catches a worker that hangs.

`reuse_port`: gunicorn (27, pinned in requirements.txt) then opens a listening socket in
each worker after the fork, with SO_REUSEPORT, and Linux spreads new connections over
them. On one shared socket the first worker awake took nearly every connection of a burst
of keep-alive clients and kept them while the others sat idle: 16/0 or 15/1 of wrk's 16 in
5 of 6 runs with 2 workers, 45/2/1, 48/0/0 and 35/13/0 of 48 in tests/jobcenter_api/http/test_workers.py
with 3; half the throughput on two cores. The costs: a worker that exits (crash, timeout,
restart, deploy) resets the connections still queued on its socket, where a shared queue
would have handed them to another worker (Linux's `net.ipv4.tcp_migrate_req=1` migrates
them); a respawned worker binds before it loads Django, so its share of new connections
waits for it to boot; a second server started on the same port by the same user shares it
instead of failing; other systems (macOS) may not balance at all.

`post_worker_init` freezes what loading Django left in memory (gc.freeze): the collector's
oldest generation then skips those ~94,000 objects. In process, on 500,000 rows, its
pauses during uncached pages fell from 87-94 ms to 18-25 ms (docs/performance.md).
"""

import gc
import os

bind = f"{os.environ.get('HOST', '0.0.0.0')}:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "2"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
reuse_port = True
wsgi_app = "jobcenter_api.wsgi:application"
accesslog = None
errorlog = "-"
# gunicorn's control socket sits at one path per user: several servers on one machine would share it.
control_socket_disable = True


def post_worker_init(worker: object) -> None:
    """Keep the objects of Django's start-up out of every later full collection."""
    gc.freeze()
