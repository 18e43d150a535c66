"""Counting attempts per client in the cache: the login throttle, the rate limit of the public forms (the
GRENSBREKERS signup, the newsletter, the password reset) and the mails per address.

The cache holds no IP address, user name or e-mail address: only an HMAC of it, keyed with SECRET_KEY (a plain hash
of an IPv4 address is reversed by trying all four billion), each for the length of its window.
"""

import logging
import math
from contextlib import suppress
from ipaddress import ip_address, ip_network

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.shortcuts import render
from django.utils.crypto import salted_hmac

logger = logging.getLogger(__name__)

MAIL_WINDOW = 60 * 60  # seconds: at most one confirmation or password-reset mail per address in this time


def client_ip(request):
    """The client's IP address, read from settings.CLIENT_IP_HEADER; behind a proxy the last address counts."""
    return request.META.get(settings.CLIENT_IP_HEADER, "").split(",")[-1].strip()


def client(request):
    """Who the limits count: the client's IP address, or for IPv6 its /64 network, which one subscriber holds whole
    (one line or phone) and could otherwise take a fresh address from for every attempt."""
    address = client_ip(request)
    try:
        parsed = ip_address(address)
    except ValueError:
        return address
    return str(ip_network(f"{parsed}/64", strict=False)) if parsed.version == 6 else address


def counter_key(kind, value):
    return f"{kind}:{salted_hmac(kind, value, algorithm='sha256').hexdigest()}"


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


def uncount(key):
    """Take back one count of `key` (unless it expired meanwhile)."""
    with suppress(ValueError):
        cache.decr(key)


def rate_limited(request, form_name):
    """Count a post to a public form; True once this client made more than FORM_RATE_LIMIT posts in the window."""
    posts = count(counter_key(f"form-posts:{form_name}", client(request)), window=settings.FORM_RATE_LIMIT_WINDOW)
    return posts > settings.FORM_RATE_LIMIT


def mail_allowed(kind, address):
    """Count a mail of `kind` (a confirmation, a password reset) to `address`: True for the first in an hour, False
    after it, whoever asks, so that nobody can flood a mailbox from many clients."""
    return count(counter_key(f"mails:{kind}", address.casefold()), window=MAIL_WINDOW) <= 1


def rate_limit_minutes():
    return math.ceil(settings.FORM_RATE_LIMIT_WINDOW / 60)


def throttle_memory_minutes():
    """How long any of the counters (forms, logins, mails) remembers a client, a user name or an address."""
    return math.ceil(max(settings.FORM_RATE_LIMIT_WINDOW, settings.LOGIN_FAILURE_WINDOW, MAIL_WINDOW) / 60)


def render_form_page(request, template, context, *, rate_limited):
    """The page of a public form; with status 429 and a notice (the input kept) when the rate limit was hit."""
    if not rate_limited:
        return render(request, template, context)
    context = {**context, "rate_limited": True, "retry_minutes": rate_limit_minutes()}
    response = render(request, template, context, status=429)
    response["Retry-After"] = str(settings.FORM_RATE_LIMIT_WINDOW)
    return response


class LoginThrottleMixin:
    """For AuthenticationForm and the admin's: after LOGIN_FAILURE_LIMIT failed logins for one user name from one
    client, or LOGIN_CLIENT_FAILURE_LIMIT from one client whatever the user names, within LOGIN_FAILURE_WINDOW
    seconds of the first, further logins for that name from that client, or from that client at all, are refused
    without checking the password until the window ends. A stranger elsewhere can never lock anyone out.

    Every attempt is counted before its password is checked (one atomic increment in the cache), so that a burst of
    parallel attempts gets no more password checks than the limit. An attempt with the right password is taken back:
    the count of its user name on its client starts again, and the client's own count loses that one attempt, so
    that an account cannot be used to go on guessing other people's passwords.
    """

    throttled_message = (
        "Er werd te vaak een verkeerd wachtwoord ingevuld. Wacht %(minutes)s minuten en probeer het dan opnieuw. "
        "Ben je je wachtwoord vergeten? Vraag dan een nieuw aan."
    )

    def clean(self):
        username, password = self.cleaned_data.get("username"), self.cleaned_data.get("password")
        if username is None or not password:  # no password is checked: the fields' own errors are shown
            return super().clean()
        who, window = client(self.request), settings.LOGIN_FAILURE_WINDOW
        user_key = counter_key("login-attempts:user", f"{username.casefold()} {who}")
        client_key = counter_key("login-attempts:client", who)
        counts = [
            ("user name on one client", count(user_key, window=window), settings.LOGIN_FAILURE_LIMIT),
            ("client", count(client_key, window=window), settings.LOGIN_CLIENT_FAILURE_LIMIT),
        ]
        if any(attempts > limit for what, attempts, limit in counts):
            logger.warning("Login refused: too many failed attempts")
            raise ValidationError(self.throttled_message, code="throttled", params={"minutes": math.ceil(window / 60)})
        try:
            return super().clean()
        except ValidationError:
            for what, attempts, limit in counts:
                if self.user_cache is None and attempts == limit:  # a wrong password, not a refused account
                    logger.warning("Logins locked for %s s after %s failed attempts for one %s", window, limit, what)
            raise
        finally:
            if self.user_cache is not None:  # the right password: the attempt is taken back
                cache.delete(user_key)
                uncount(client_key)


def throttled_status(response, form):
    """Give the page of a refused login status 429 and a Retry-After, like the public forms' rate limit."""
    if form.has_error(NON_FIELD_ERRORS, "throttled"):
        response.status_code = 429
        response["Retry-After"] = str(settings.LOGIN_FAILURE_WINDOW)
    return response
