"""Fuzzing with Hypothesis: arbitrary posts to every form, arbitrary paths and query strings.

HYPOTHESIS_PROFILE chooses the profile: "quick" (the default, in the normal suite: a few examples per test, the
same ones every run) or "fuzz" (`make fuzz`: random examples, at least FUZZ_MIN_EXAMPLES in all). Every example
is one request, sent by the `fuzz` fixture, which checks the answer. The run ends with the number of examples;
a fuzz run with fewer than FUZZ_MIN_EXAMPLES fails.
"""

import os
from urllib.parse import urlsplit

import pytest
from django.db import transaction
from django.test import Client
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

FUZZ_MIN_EXAMPLES = 10_000
PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "quick")
common = {
    "deadline": None,
    # Requests are slow next to plain functions; the fixtures hold what every example shares (accounts, an
    # edition), and each example runs in a savepoint that is rolled back, so examples do not see each other.
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.function_scoped_fixture, HealthCheck.data_too_large],
}
hypothesis_settings.register_profile("quick", max_examples=25, derandomize=True, database=None, **common)
hypothesis_settings.register_profile("fuzz", max_examples=800, **common)
hypothesis_settings.load_profile(PROFILE)

# Markup from the fuzzing strategies that must never come back unescaped (the body is compared in lower case).
UNESCAPED_MARKUP = ["<fuzz", "<script>fuzz", 'data-fuzz="', "data-fuzz='"]

examples = 0


@pytest.fixture
def fuzz(settings):
    """`fuzz(method, path, data=None, session=None)`: one request without cookies (but the session cookie
    `session`, if given), rolled back afterwards; fails on a server error, a traceback, unescaped markup from the
    input or a redirect to another host."""
    settings.FORM_RATE_LIMIT = settings.LOGIN_FAILURE_LIMIT = 10**9
    settings.PAGE_CACHE_SECONDS = 0  # every request reaches its view

    client = Client()  # one per test: a new client loads the middleware again (WhiteNoise scans every file)

    def request(method, path, data=None, *, session=None):
        global examples
        examples += 1
        client.cookies.clear()
        if session:
            client.cookies[settings.SESSION_COOKIE_NAME] = session
        url = f"http://testserver{path}"  # as sent: a path such as //[ is not a host name
        with transaction.atomic():
            response = client.post(url, data or {}) if method == "POST" else client.generic(method, url)
            transaction.set_rollback(True)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        html = body.decode(errors="replace").lower()
        assert response.status_code < 500, f"{method} {path!r} {data!r}: {response.status_code}"
        assert "traceback (most recent call last)" not in html
        for markup in UNESCAPED_MARKUP:
            assert markup not in html, f"{method} {path!r} {data!r} echoes {markup!r} unescaped"
        if response.has_header("Location"):
            location = response["Location"]
            assert urlsplit(location).netloc in ("", "testserver") and not location.startswith(("//", "/\\"))
        return response

    return request


def pytest_terminal_summary(terminalreporter):
    if examples:
        terminalreporter.write_line(f"Hypothesis ({PROFILE} profile): {examples:,} examples, one request each")


def pytest_sessionfinish(session):
    if PROFILE == "fuzz" and session.exitstatus == 0 and examples < FUZZ_MIN_EXAMPLES:
        print(f"\nThe fuzz profile ran {examples:,} examples, fewer than {FUZZ_MIN_EXAMPLES:,}.")
        session.exitstatus = 1
