"""Gunicorn settings for production: `gunicorn -c opti/gunicorn.conf.py opti.wsgi`.

WEB_CONCURRENCY (workers), GUNICORN_THREADS (threads per worker) and GUNICORN_BIND can be set in the environment.
"""

import multiprocessing
import os

# Only the reverse proxy on this host may reach gunicorn: clients that reached it directly could send any
# X-Real-IP (CLIENT_IP_HEADER) and X-Forwarded-Proto.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# One process per core: a page is CPU-bound Python with short database and cache round trips, so more processes
# only take turns on the same cores (`make bench` compares).
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count()))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = 30
graceful_timeout = 30
keepalive = 5
# Load Django once in the master and fork the workers from it: they share its memory, and a recycled worker is
# ready at once instead of importing everything again. (Code changes need a restart, not a HUP.)
preload_app = True
# Recycle workers now and then so that a slow leak can never take a server down; not often, because a new worker
# starts with an empty page cache.
max_requests = 100_000
max_requests_jitter = 10_000
accesslog = "-"
errorlog = "-"
# Tokens in paths (signed links, password-reset links) are masked in the access log.
logger_class = "opti.lib.logs.GunicornLogger"
# Trust X-Forwarded-* only from the reverse proxy in front of gunicorn.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")


def pre_fork(server, worker):
    """Runs in the master before each worker is forked: close any database connection that loading the app
    opened, so that no two processes ever talk over one connection (each worker opens its own when it needs one)."""
    from django.conf import settings
    from django.db import connections

    if settings.configured:  # Django is loaded in the master (preload_app)
        connections.close_all()
