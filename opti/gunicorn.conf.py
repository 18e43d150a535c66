"""Gunicorn settings for production: `gunicorn -c opti/gunicorn.conf.py opti.wsgi`.

WEB_CONCURRENCY (workers) and GUNICORN_THREADS (threads per worker) can be set in the environment.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
# One process per core: a page is CPU-bound Python with short database and cache round trips. Measured with
# `make bench` on 2 cores, 2 workers served more pages per second than 3 or 5, cached and uncached alike: extra
# processes only take turns on the same cores, each with its own cold CPU caches.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count()))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = 30
graceful_timeout = 30
keepalive = 5
# Load Django once in the master and fork the workers from it: they share its memory, and a recycled worker is
# ready at once instead of importing everything again. (Code changes need a restart, not a HUP.)
preload_app = True
# Recycle workers now and then so that a slow leak can never take a server down. Not too often: a new worker
# starts with an empty page cache (its first page takes about 0.15 s), and in a traffic spike each worker serves
# over 1,000 pages a second.
max_requests = 100_000
max_requests_jitter = 10_000
accesslog = "-"
errorlog = "-"
# Trust X-Forwarded-* only from the reverse proxy in front of gunicorn.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
