"""Log lines without live tokens.

Signed links (GRENSBREKERS signups, newsletter confirmations, unsubscribe links) and password-reset and invitation
links carry tokens in their paths; whoever reads a log must not be able to use them. They are masked in gunicorn's
access log (request line, path, query string and headers such as the Referer) and in every log line of the site.
"""

import logging
import re

from gunicorn.glogging import Logger

# A path segment holding a signed value (django.core.signing: value:timestamp:signature in URL-safe base64, so two
# colons, unlike a host and port) or a password-reset token (a timestamp in base 36, a hyphen, 32 hexadecimal digits).
TOKEN = re.compile(r"(?<=/)(?:[\w.-]*:[\w.-]+:[\w.-]+|[0-9a-z]{1,13}-[0-9a-f]{32})(?=[/?#\s\"']|$)")
MASK = "[token]"


def mask_tokens(text):
    return TOKEN.sub(MASK, text)


class MaskTokensFilter(logging.Filter):
    """For the site's log handlers: the message of every record, with its tokens masked."""

    def filter(self, record):
        message = record.getMessage()
        if TOKEN.search(message):
            record.msg, record.args = mask_tokens(message), None
        return True


class GunicornLogger(Logger):
    """Gunicorn's logger (`logger_class` in opti/gunicorn.conf.py), with the tokens in its access log masked."""

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        return {key: mask_tokens(value) if isinstance(value, str) else value for key, value in atoms.items()}
