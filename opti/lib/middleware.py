import logging
import re
from contextvars import ContextVar
from hashlib import md5
from uuid import uuid4

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpResponse
from django.middleware.gzip import re_accepts_gzip
from django.template.loader import render_to_string
from django.utils.cache import patch_cache_control, set_response_etag

from .cache import get_current, set_current

request_id = ContextVar("request_id", default="-")


class RequestIdMiddleware:
    """Give every request an id (the proxy's X-Request-ID if it looks like one), shown in every log line
    written while handling it and returned in the X-Request-ID response header."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        given = request.META.get("HTTP_X_REQUEST_ID", "")  # not request.headers: it copies every header
        request.id = given if re.fullmatch(r"[A-Za-z0-9-]{8,64}", given) else uuid4().hex
        token = request_id.set(request.id)
        try:
            response = self.get_response(request)
        finally:
            request_id.reset(token)
        response["X-Request-ID"] = request.id
        return response


class RequestIdFilter(logging.Filter):
    def filter(self, record):
        # Django logs 4xx responses after the middleware has returned, with the request attached to the record.
        record.request_id = getattr(getattr(record, "request", None), "id", None) or request_id.get()
        return True


class RequestSizeLimitMiddleware:
    """Refuse a request whose body is larger than MAX_REQUEST_BODY_BYTES (in the admin, where editors upload
    publications, MAX_ADMIN_REQUEST_BODY_BYTES) with status 413 and a Dutch page, before anything reads the body.
    The reverse proxy should refuse such requests first, and those without a length."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:  # Django reads no body with a malformed length
            length = 0
        in_admin = request.path_info.startswith("/admin/")
        limit = settings.MAX_ADMIN_REQUEST_BODY_BYTES if in_admin else settings.MAX_REQUEST_BODY_BYTES
        if length > limit:
            return HttpResponse(render_to_string("413.html", {"max_size": limit}), status=413)
        return self.get_response(request)


class PublicPageCacheMiddleware:
    """Serve anonymous visitors' GET and HEAD requests for public pages from the cache (each process's own,
    see opti/lib/cache.py).

    The query string is part of the key, as in Django's own cache middleware: search results are cached per
    query, and so are links with tracking parameters (a newsletter's `?utm_source=...`). Made-up query strings
    cannot exhaust memory: the local cache keeps a bounded number of entries and drops the least recently used.

    A response is public when it is a 200 that sets no cookie (so no CSRF token, session or message) and has
    no Cache-Control of its own (the admin and private views set one). Requests that carry a session or
    message cookie are never answered from the cache. Each page is kept with the content version it was made
    from, so an edit makes every cached page stale at once. Public pages may also be kept briefly by browsers
    and proxies (PAGE_MAX_AGE); everything else is marked private.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        cacheable = request.method in ("GET", "HEAD") and not (
            settings.SESSION_COOKIE_NAME in request.COOKIES or CookieStorage.cookie_name in request.COOKIES
        )
        key = None
        if cacheable and settings.PAGE_CACHE_SECONDS:
            # As Django's own cache middleware: scheme, host, path and query string (robots.txt and the sitemap
            # name absolute URLs).
            # Kept compressed for clients that accept gzip (GZipMiddleware, below this one), plain for the others.
            encoding = "gzip" if re_accepts_gzip.search(request.META.get("HTTP_ACCEPT_ENCODING", "")) else "plain"
            key = f"page:{encoding}:{md5(request.build_absolute_uri().encode()).hexdigest()}"
            version, response = get_current(key)
            if response is not None:
                return response

        response = self.get_response(request)
        if cacheable and self.is_public(response):
            patch_cache_control(response, public=True, max_age=settings.PAGE_MAX_AGE)
            if key:
                set_response_etag(response)  # stored with the page, so a hit needs no hashing
                set_current(key, version, response, settings.PAGE_CACHE_SECONDS)
        elif not response.has_header("Cache-Control"):
            patch_cache_control(response, private=True, no_cache=True)
        return response

    @staticmethod
    def is_public(response):
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and not response.has_header("Cache-Control")
        )
