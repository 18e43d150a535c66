"""The check of every external link in the site's content (`manage.py check_links`): websites and sources, and the
links inside texts. Politely: a clear User-Agent, a timeout, a few requests at a time and at most one request per
host per second; never to an address in a private network (unless asked, to test against a local server)."""

import html
import http.client
import ipaddress
import re
import socket
import ssl
import threading
import time
from collections import defaultdict
from dataclasses import dataclass
from urllib.error import HTTPError, URLError
from urllib.parse import urlsplit
from urllib.request import HTTPHandler, HTTPRedirectHandler, HTTPSHandler, ProxyHandler, Request, build_opener

from django.conf import settings
from django.utils.encoding import iri_to_uri

from igs.models import Network, Project, Source
from opti.contact.models import Organisation
from opti.kennisbank.models import Article
from opti.models import Page
from opti.subsidies.models import SubsidyProgramme, SubsidyRound

# Where links are: per model, the fields that hold one link or text with links in it.
SOURCES = [
    (Network, ["website", "description"]),
    (Project, ["body"]),
    (Source, ["url"]),
    (SubsidyProgramme, ["info_url", "description"]),
    (SubsidyRound, ["call_url"]),
    (Page, ["body"]),
    (Article, ["lead", "body"]),
    (Organisation, ["website"]),
]
LINK = re.compile(r"https?://[^\s\"'<>“”‘’«»]+")
MAX_URL_LENGTH = 2000  # LinkCheck.url
USER_AGENT = "RegionaalSamenwerken-linkcontrole/1.0 (+{site}; controleert de links op de website van OP/TIL)"


def links_in_content():
    """{url: ["where it is", …]} for every external link in the content."""
    found = defaultdict(list)
    for model, fields in SOURCES:
        for obj in model.objects.all():
            for field in fields:
                text = html.unescape(getattr(obj, field) or "")
                for url in map(trim, LINK.findall(text)):
                    if len(url) <= MAX_URL_LENGTH:
                        where = f"{model._meta.verbose_name} “{obj}”, {model._meta.get_field(field).verbose_name}"
                        found[url].append(where)
    return {url: sorted(set(places)) for url, places in found.items()}


def trim(url):
    """A link found in text without the punctuation after it: a closing bracket only when it has no opening one
    in the link (“(zie https://nl.wikipedia.org/wiki/Ieper_(stad))”)."""
    url = url.rstrip(".,;:!?")
    while url.endswith(")") and url.count(")") > url.count("("):
        url = url[:-1].rstrip(".,;:!?")
    return url


@dataclass(frozen=True)
class Result:
    url: str
    ok: bool
    status: int | None = None
    error: str = ""


class HostPace:
    """At most one request per host per `interval` seconds, whichever thread asks."""

    def __init__(self, interval=1.0):
        self.interval = interval
        self.lock = threading.Lock()
        self.next_at = {}

    def wait(self, host):
        with self.lock:
            now = time.monotonic()
            at = max(now, self.next_at.get(host, now))
            self.next_at[host] = at + self.interval
        time.sleep(at - now)


class NotPublic(OSError):
    """An address in a private network, of the machine itself or of a cloud's metadata service."""


def resolve(host, port, *, include_private):
    """The address to connect to for `host`: the connection goes to exactly the address checked here, so that a
    second DNS answer cannot lead it elsewhere (DNS rebinding)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    if not include_private and not all(ipaddress.ip_address(info[4][0].split("%")[0]).is_global for info in infos):
        raise NotPublic(host)
    return infos[0][4][0]


class Checker:
    def __init__(self, *, timeout=10, pace=None, include_private=False):
        self.timeout = timeout
        self.pace = pace or HostPace()
        self.user_agent = USER_AGENT.format(site=settings.SITE_URL)
        checker = self

        class PinnedHTTPConnection(http.client.HTTPConnection):
            def connect(self):
                address = resolve(self.host, self.port, include_private=include_private)
                self.sock = socket.create_connection((address, self.port), self.timeout)

        class PinnedHTTPSConnection(http.client.HTTPSConnection):
            def connect(self):
                address = resolve(self.host, self.port, include_private=include_private)
                sock = socket.create_connection((address, self.port), self.timeout)
                self.sock = self._context.wrap_socket(sock, server_hostname=self.host)

        class HTTPPinned(HTTPHandler):
            def http_open(self, request):
                return self.do_open(PinnedHTTPConnection, request)

        class HTTPSPinned(HTTPSHandler):
            def https_open(self, request):
                return self.do_open(PinnedHTTPSConnection, request, context=ssl.create_default_context())

        class Redirects(HTTPRedirectHandler):
            def redirect_request(self, request, fp, code, message, headers, new_url):
                checker.pace.wait(urlsplit(new_url).hostname or "")
                return super().redirect_request(request, fp, code, message, headers, new_url)

        # No proxy from the environment: every request goes straight to the address checked above.
        self.opener = build_opener(ProxyHandler({}), HTTPPinned, HTTPSPinned, Redirects)

    def check(self, url):
        try:
            return self._check(url)
        except Exception as error:  # one odd website never stops the check of the others
            return Result(url, False, error=f"onverwachte fout: {error!r}"[:300])

    def _check(self, url):
        try:
            self.pace.wait(urlsplit(url).hostname or "")
            request = Request(iri_to_uri(url), headers={"User-Agent": self.user_agent, "Accept": "text/html,*/*"})
            with self.opener.open(request, timeout=self.timeout) as response:
                return Result(url, True, response.status)
        except HTTPError as error:
            return Result(url, error.code in UNCHECKABLE, error.code, describe_status(error.code))
        except TimeoutError:
            return Result(url, False, error=f"geen antwoord binnen {self.timeout:g} s")
        except URLError as error:
            reason = error.reason
            if isinstance(reason, NotPublic):
                return Result(url, False, error="adres in een privaat netwerk: niet gecontroleerd")
            if isinstance(reason, (TimeoutError, socket.timeout)):
                return Result(url, False, error=f"geen antwoord binnen {self.timeout:g} s")
            if isinstance(reason, ssl.SSLError):
                return Result(url, False, error="het certificaat van de website klopt niet")
            if isinstance(reason, socket.gaierror):
                return Result(url, False, error="de domeinnaam bestaat niet (meer)")
            return Result(url, False, error=f"geen verbinding: {reason}"[:300])
        except (OSError, ValueError, http.client.HTTPException) as error:  # a closed connection, a bad header …
            return Result(url, False, error=f"geen verbinding: {error!r}"[:300])


# Websites that refuse automatic checks: not counted as broken, but the reason is kept for editors to see.
UNCHECKABLE = (401, 403, 429)


def describe_status(code):
    if code == 404 or code == 410:
        return "de pagina bestaat niet (meer)"
    if code in UNCHECKABLE:
        return "de website weigert automatische controles: niet als fout geteld, kijk het eventueel zelf na"
    if code >= 500:
        return "fout bij de website zelf"
    return f"HTTP-status {code}"
