"""Gunicorn settings for production: `gunicorn -c opti/gunicorn.conf.py opti.wsgi`.

WEB_CONCURRENCY (workers) and GUNICORN_THREADS (threads per worker) can be set in the environment.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
# Pages spend little time waiting on the database, so processes (not threads) use the cores best.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = 30
graceful_timeout = 30
keepalive = 5
# Load Django once in the master and fork the workers from it: they share its memory, and a recycled worker is
# ready at once instead of importing everything again. (Code changes need a restart, not a HUP.)
preload_app = True
# Recycle workers now and then so that a slow leak can never take a server down.
max_requests = 10000
max_requests_jitter = 1000
accesslog = "-"
errorlog = "-"
# Trust X-Forwarded-* only from the reverse proxy in front of gunicorn.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
