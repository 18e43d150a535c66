"""One value that changes whenever the site's content changes, and at midnight (Europe/Brussels).

Everything derived from content (rendered pages, the map, the atlas of municipalities) is cached under a key
that includes this version, so one edit makes all of it stale at once, in every process that shares the cache.
The date is part of it because some pages depend on today's date (subsidy rounds and signup windows that open
or close, recognition periods that end).
`opti` connects `content_changed` to the save and delete signals of every content model.
It lives in `regions`, the lowest app, so that every app can use it.
"""

from hashlib import md5
from uuid import uuid4

from django.core.cache import cache
from django.utils import timezone

VERSION_KEY = "content-version"
FRAGMENT_SECONDS = 24 * 60 * 60


def content_version():
    version = cache.get(VERSION_KEY)
    if version is None:
        # A new random value, never a reused one: an evicted version cannot revive old entries.
        cache.add(VERSION_KEY, uuid4().hex, timeout=None)
        version = cache.get(VERSION_KEY)
    return f"{version}-{timezone.localdate():%Y%m%d}"


def content_changed(**kwargs):
    cache.set(VERSION_KEY, uuid4().hex, timeout=None)


def cached(name, build, *args):
    """`build(*args)`, computed once per content version for these arguments."""
    key = f"{name}:{content_version()}:{md5(repr(args).encode()).hexdigest()}"
    value = cache.get(key)
    if value is None:
        value = build(*args)
        cache.set(key, value, timeout=FRAGMENT_SECONDS)
    return value
