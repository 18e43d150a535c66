"""Links that carry a signed value (a signup, an address to confirm), so that they work without logging in."""

from functools import wraps

from django.core import signing
from django.shortcuts import render
from django.urls import reverse


def signed_url(viewname, value, *, salt):
    """The path of the URL named `viewname` whose `token` carries `value`, signed with `salt` (see `signed_link`)."""
    return reverse(viewname, args=[signing.dumps(value, salt=salt)])


def invalid_link(request, *, retry, expired, status=400):
    """The page of a link that does not (or no longer) work, which offers to start again at the URL named `retry`."""
    return render(request, "invalid_link.html", {"expired": expired, "retry_url": reverse(retry)}, status=status)


def signed_link(*, salt, retry, max_age=None):
    """A view decorator for URLs with a `token`: the view receives the value signed into it instead.

    A damaged, forged or (after `max_age`) expired link gets the "invalid link" page, status 400, which offers to
    start again at the URL named `retry`.
    """

    def decorator(view):
        @wraps(view)
        def wrapper(request, token, *args, **kwargs):
            try:
                value = signing.loads(token, salt=salt, max_age=max_age)
            except signing.BadSignature as error:
                return invalid_link(request, retry=retry, expired=isinstance(error, signing.SignatureExpired))
            return view(request, value, *args, **kwargs)

        return wrapper

    return decorator
