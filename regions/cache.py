"""One value that changes whenever the site's content changes, and at midnight (Europe/Brussels).

Everything derived from content (rendered pages, the map, the atlas of municipalities) is cached together with
the version it was made from, and used only while that version is current, so one edit makes all of it stale at
once, in every process that shares the cache. The date is part of the version because some pages depend on
today's date (subsidy rounds and signup windows that open or close, recognition periods that end).
`opti` connects `content_changed` to the save and delete signals of every content model.
It lives in `regions`, the lowest app, so that every app can use it.
"""

from hashlib import md5
from uuid import uuid4

from django.core.cache import cache
from django.utils import timezone

VERSION_KEY = "content-version"
FRAGMENT_SECONDS = 24 * 60 * 60


def _dated(stored):
    if stored is None:
        # A new random value, never a reused one: an evicted version cannot revive old entries.
        cache.add(VERSION_KEY, uuid4().hex, timeout=None)
        stored = cache.get(VERSION_KEY)
    return f"{stored}-{timezone.localdate():%Y%m%d}"


def content_version():
    return _dated(cache.get(VERSION_KEY))


def content_changed(**kwargs):
    cache.set(VERSION_KEY, uuid4().hex, timeout=None)


def get_current(key):
    """The content version, and the value stored under `key` if it was made from that version (else None).
    One round trip to the cache."""
    found = cache.get_many([VERSION_KEY, key])
    version = _dated(found.get(VERSION_KEY))
    entry = found.get(key)
    return version, entry[1] if entry is not None and entry[0] == version else None


def set_current(key, version, value, timeout=FRAGMENT_SECONDS):
    cache.set(key, (version, value), timeout)


def cached(name, build, *args):
    """`build(*args)`, computed once per content version for these arguments."""
    key = f"{name}:{md5(repr(args).encode()).hexdigest()}"
    version, value = get_current(key)
    if value is None:
        value = build(*args)
        set_current(key, version, value)
    return value
