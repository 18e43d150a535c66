"""Counting attempts per client in the cache: the login throttle, and the rate limit of the public forms (the
GRENSBREKERS signup, the newsletter, the password reset).

The cache holds only hashes of IP addresses and user names, each for the length of its window.
"""

import hashlib
import logging
import math

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.shortcuts import render

logger = logging.getLogger(__name__)


def client_ip(request):
    """The client's IP address, read from settings.CLIENT_IP_HEADER; behind a proxy the last address counts."""
    return request.META.get(settings.CLIENT_IP_HEADER, "").split(",")[-1].strip()


def counter_key(kind, value):
    return f"{kind}:{hashlib.sha256(value.encode()).hexdigest()}"


def count(key, *, window):
    """Add one to the counter `key` and return it. The counter expires `window` seconds after its first count.
    While the cache is unreachable nothing can be counted: it returns 0, so that nobody is refused."""
    cache.add(key, 0, timeout=window)
    try:
        value = cache.incr(key)
    except ValueError:  # the entry expired between add() and incr()
        cache.set(key, 1, timeout=window)
        return 1
    return value or 0  # None when django-redis ignored a connection error


def rate_limited(request, form_name):
    """Count a post to a public form; True once this client made more than FORM_RATE_LIMIT posts in the window."""
    posts = count(counter_key(f"form-posts:{form_name}", client_ip(request)), window=settings.FORM_RATE_LIMIT_WINDOW)
    return posts > settings.FORM_RATE_LIMIT


def rate_limit_minutes():
    return math.ceil(settings.FORM_RATE_LIMIT_WINDOW / 60)


def render_form_page(request, template, context, *, rate_limited):
    """The page of a public form; with status 429 and a notice (the input kept) when the rate limit was hit."""
    if not rate_limited:
        return render(request, template, context)
    context = {**context, "rate_limited": True, "retry_minutes": rate_limit_minutes()}
    response = render(request, template, context, status=429)
    response["Retry-After"] = str(settings.FORM_RATE_LIMIT_WINDOW)
    return response


class LoginThrottleMixin:
    """For AuthenticationForm and the admin's: after LOGIN_FAILURE_LIMIT failed logins for one user name, or from
    one IP address, within LOGIN_FAILURE_WINDOW seconds of the first, logins for that name or from that address are
    refused without checking the password until the window ends. A successful login clears only the count of its
    own user name: never the address's, which would let anyone with an account go on guessing others' passwords.
    """

    throttled_message = (
        "Er werd te vaak een verkeerd wachtwoord ingevuld. Wacht %(minutes)s minuten en probeer het dan opnieuw. "
        "Ben je je wachtwoord vergeten? Vraag dan een nieuw aan."
    )

    def clean(self):
        keys = {
            "user name": counter_key("login-failures:user", (self.cleaned_data.get("username") or "").casefold()),
            "IP address": counter_key("login-failures:ip", client_ip(self.request)),
        }
        limit, window = settings.LOGIN_FAILURE_LIMIT, settings.LOGIN_FAILURE_WINDOW
        if any((cache.get(key) or 0) >= limit for key in keys.values()):
            logger.warning("Login refused: too many failed attempts")
            raise ValidationError(self.throttled_message, code="throttled", params={"minutes": math.ceil(window / 60)})
        try:
            cleaned_data = super().clean()
        except ValidationError:
            if self.user_cache is None:  # a wrong user name or password, not a refused account
                for what, key in keys.items():
                    if count(key, window=window) == limit:
                        logger.warning(
                            "Logins locked for %s s after %s failed attempts for one %s", window, limit, what
                        )
            raise
        if self.user_cache is not None:
            cache.delete(keys["user name"])
        return cleaned_data
