"""gunicorn settings of `make serve` and `make bench` (PORT, WEB_CONCURRENCY from the environment).

Threaded workers: a worker's heartbeat runs beside its requests, so a long CSV
export is never killed by `timeout`, which only catches a worker that hangs.
"""

import os

bind = f"{os.environ.get('HOST', '0.0.0.0')}:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "2"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
wsgi_app = "jobcenter_api.wsgi:application"
accesslog = None
errorlog = "-"
# gunicorn's control socket sits at one path per user: several servers on one machine would share it.
control_socket_disable = True
