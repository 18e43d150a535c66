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

`watch_content()` connects the save and delete signals of every model whose rows pages show; models that hold
what visitors send (signups, subscriptions) set `changes_content = False`, so that a visitor never empties the
page cache: pages that show something about them (places left) read it on every request.
"""

import logging
import math
import os
import threading
import time
from functools import cached_property
from uuid import uuid4

from django.conf import settings
from django.core.cache import cache, caches
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.utils import timezone
from redis.exceptions import RedisError

VERSION_KEY = "content-version"
FRAGMENT_SECONDS = 24 * 60 * 60
# The subscription pings Redis every second; its version is trusted only this long after the last answer.
LEASE_SECONDS = 3
# While the shared cache does not answer, it is asked for the version again only after this long: a page asks for
# the version several times, and each try waits for three cache calls (with Redis up to 0.1 s each).
RETRY_SECONDS = 1
_unreachable_until = -math.inf

logger = logging.getLogger(__name__)


def _stored():
    """The stored version, made if there is none; None while the shared cache cannot be reached."""
    global _unreachable_until
    if time.monotonic() < _unreachable_until:
        return None
    stored = cache.get(VERSION_KEY)
    if stored is None:
        # A new random value, never a reused one: an evicted version cannot revive old entries.
        cache.add(VERSION_KEY, uuid4().hex, timeout=None)
        stored = cache.get(VERSION_KEY)
    if stored is None:
        _unreachable_until = time.monotonic() + RETRY_SECONDS
    return stored


class VersionSubscription:
    """This process's copy of the stored version, kept current by a thread subscribed to its channel."""

    def __init__(self):
        self.lock = threading.Lock()
        self.pid = None
        self.version = None
        self.heard = -math.inf

    @cached_property
    def channel(self):
        """A Redis server's channels are shared by all its databases: the name has the cache's database and key, so
        that another site (or test run) on the same server is not heard (its versions are not this site's)."""
        client = cache.client.get_client(write=True)
        return f"regio:{client.connection_pool.connection_kwargs.get('db', 0)}:{cache.make_key(VERSION_KEY)}"

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
            pubsub.subscribe(self.channel)
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
            cache.client.get_client(write=True).publish(self.channel, version)
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


def watch_content(models):
    """Change the version whenever one of `models` is saved or deleted, except those with `changes_content = False`."""
    for model in models:
        if getattr(model, "changes_content", True):
            post_save.connect(content_changed, sender=model)
            post_delete.connect(content_changed, sender=model)


def get_current(key):
    """The content version, and the value kept under `key` if it was made from that version (else None)."""
    version = content_version()
    entry = caches["local"].get(key) if version else None
    return version, entry[1] if entry is not None and entry[0] == version else None


def set_current(key, version, value, timeout=FRAGMENT_SECONDS):
    if version:
        caches["local"].set(key, (version, value), timeout)


# What `cached()` derived from the current content version, as live objects: no pickling on every read, unlike a
# cache backend. Its keys come from the content (one map per municipality, say), never from a visitor's input, and
# it is emptied whenever the version changes, so it holds at most one version's worth of derived values.
_derived = (None, {})


def cached(name, build, *args):
    """`build(*args)`, computed once per content version for these arguments and kept in this process. Callers
    must not change what it returns: the next request gets the same object."""
    global _derived
    version = content_version()
    if not version:
        return build(*args)
    current, values = _derived
    if current != version:
        values = {}
        _derived = (version, values)  # one assignment: never a new version with the old values
    key = (name, repr(args))
    try:
        return values[key]
    except KeyError:
        # Into the dictionary of the version read before building: if the version changed meanwhile, the value
        # goes with the old one and is not served.
        value = values[key] = build(*args)
        return value
