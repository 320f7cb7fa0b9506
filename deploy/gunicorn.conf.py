"""gunicorn settings of `make serve` and `make bench` (PORT, WEB_CONCURRENCY from the environment).

Threaded workers: a worker's heartbeat runs beside its requests, so a long CSV
export is never killed by `timeout`, which only catches a worker that hangs.

`reuse_port`: every worker listens on a socket of its own (SO_REUSEPORT) and the kernel
spreads new connections over them. On one shared socket the first worker awake took
nearly every connection of a burst of keep-alive clients (16 of 16 in 5 of 6 wrk runs,
45 of 48 in the test) and kept them, while the other workers sat idle: half the
throughput on two cores. The cost: a worker that dies drops the connections still
waiting in its own queue, which a shared queue would have handed to another worker, and
a second server started on the same port by the same user shares it instead of failing.
"""

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
