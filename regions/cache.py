"""One value that changes whenever the site's content changes, and at midnight (Europe/Brussels).

The version lives in the shared cache (`default`: Redis in production), so that one edit reaches every process
on every machine at once. Everything derived from content (rendered pages, the map, the atlas of
municipalities) is kept in each process's own memory (the `local` cache) together with the version it was made
from, and used only while that version is current, so an edit makes all of it stale at once. (The two template
fragments cached with `{% cache ... content_version %}` stay in the shared cache: while Redis is unreachable
they are not kept at all.) The date is part of the version because some pages depend on today's date (subsidy
rounds and signup windows that open or close, recognition periods that end).

With Redis, every process also subscribes to the version's changes (publish/subscribe), so that checking the
version costs no round trip: a page served from the cache then touches no other server. While the
subscription is not known to be alive, the version is read from Redis each time instead.

`opti` connects `content_changed` to the save and delete signals of every content model.
It lives in `regions`, the lowest app, so that every app can use it.
"""

import logging
import math
import os
import threading
import time
from hashlib import md5
from uuid import uuid4

from django.conf import settings
from django.core.cache import cache, caches
from django.db import transaction
from django.utils import timezone
from redis.exceptions import RedisError

VERSION_KEY = "content-version"
FRAGMENT_SECONDS = 24 * 60 * 60
CHANNEL = "regio:content-version"
# The subscription pings Redis every second; its version is trusted only this long after the last answer.
LEASE_SECONDS = 3

logger = logging.getLogger(__name__)


def _stored():
    """The stored version, made if there is none; None while the shared cache cannot be reached."""
    stored = cache.get(VERSION_KEY)
    if stored is None:
        # A new random value, never a reused one: an evicted version cannot revive old entries.
        cache.add(VERSION_KEY, uuid4().hex, timeout=None)
        stored = cache.get(VERSION_KEY)
    return stored


class VersionSubscription:
    """This process's copy of the stored version, kept current by a thread subscribed to CHANNEL."""

    def __init__(self):
        self.lock = threading.Lock()
        self.pid = None
        self.version = None
        self.heard = -math.inf

    def current(self):
        """The stored version, or None if Redis has not answered the subscription for LEASE_SECONDS."""
        if self.pid != os.getpid():  # first use in this process: gunicorn forks its workers from a loaded master
            with self.lock:
                if self.pid != os.getpid():
                    self.pid, self.heard = os.getpid(), -math.inf
                    threading.Thread(target=self.listen, name="content-version", daemon=True).start()
        return self.version if time.monotonic() - self.heard < LEASE_SECONDS else None

    def listen(self):
        while True:
            try:
                self.follow()
            except Exception as error:  # noqa: BLE001 (whatever went wrong, subscribe again)
                if self.heard > -math.inf:
                    logger.warning("Content version subscription lost (%s); reading the version from Redis.", error)
            self.heard = -math.inf
            time.sleep(1)

    def follow(self):
        pubsub = cache.client.get_client(write=True).pubsub()
        try:
            pubsub.subscribe(CHANNEL)
            if pubsub.get_message(timeout=LEASE_SECONDS) is None:
                raise TimeoutError("no answer to SUBSCRIBE")
            # Read after subscribing, so that no change can fall between the two.
            self.version = _stored()
            if self.version is None:
                raise ConnectionError("cannot read the version")
            self.heard = time.monotonic()
            while True:
                message = pubsub.get_message(timeout=1)
                if message is None:
                    if time.monotonic() - self.heard > LEASE_SECONDS:
                        raise TimeoutError("no answer to PING")
                    pubsub.ping()
                    continue
                if message["type"] == "message":
                    self.version = message["data"].decode()
                self.heard = time.monotonic()
        finally:
            pubsub.close()

    def announce(self, version):
        try:
            cache.client.get_client(write=True).publish(CHANNEL, version)
        except RedisError as error:
            logger.warning("Could not announce the new content version: %s", error)
        else:
            self.version = version


REDIS = settings.CACHES["default"]["BACKEND"] == "django_redis.cache.RedisCache"
subscription = VersionSubscription() if REDIS else None


def content_version():
    """The current version, or None while the shared cache cannot be reached: then nothing derived is kept,
    because an edit made meanwhile could not reach the other processes."""
    stored = (subscription and subscription.current()) or _stored()
    # The date in TIME_ZONE; naming the zone saves looking up an activated one on every request.
    return stored and f"{stored}-{timezone.localdate(timezone=timezone.get_default_timezone()):%Y%m%d}"


def _change():
    version = uuid4().hex
    cache.set(VERSION_KEY, version, timeout=None)
    if subscription:
        subscription.announce(version)


def content_changed(**kwargs):
    _change()
    if transaction.get_connection().in_atomic_block:
        # Other requests render the old content until the transaction commits: change the version again then,
        # so that what they cache meanwhile is not taken for the new content.
        transaction.on_commit(_change)


def get_current(key):
    """The content version, and the value kept under `key` if it was made from that version (else None)."""
    version = content_version()
    entry = caches["local"].get(key) if version else None
    return version, entry[1] if entry is not None and entry[0] == version else None


def set_current(key, version, value, timeout=FRAGMENT_SECONDS):
    if version:
        caches["local"].set(key, (version, value), timeout)


def cached(name, build, *args):
    """`build(*args)`, computed once per content version for these arguments."""
    key = f"{name}:{md5(repr(args).encode()).hexdigest()}"
    version, value = get_current(key)
    if value is None:
        value = build(*args)
        set_current(key, version, value)
    return value
