"""Security headers, request size limits, the 503 page when the database is unreachable, the site without its
Redis cache, request ids in the logs."""

import contextlib
import io
import json
import logging
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from conftest import PASSWORD
from django.apps import apps
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.db.utils import OperationalError
from django.test import Client

from opti.lib.validators import validate_one_line
from opti.newsletter.models import Subscription
from regions.models import Region

pytestmark = pytest.mark.django_db

PAGES = {
    "public page": "/igs/co7/",
    "form page": "/admin/login/",
    "admin": "/admin/",
}


@pytest.fixture
def production_security(settings):
    settings.SECURE_SSL_REDIRECT = True


@pytest.mark.parametrize("url", PAGES.values(), ids=PAGES.keys())
def test_security_headers(client, editor, production_security, url):
    if url == "/admin/":
        client.force_login(editor)
    response = client.get(url, secure=True)
    assert response.status_code == 200
    csp = response["Content-Security-Policy"]
    for directive in (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "frame-ancestors 'none'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
    ):
        assert directive in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert response["Strict-Transport-Security"] == "max-age=31536000"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"] and "geolocation=()" in response["Permissions-Policy"]
    assert response["X-Request-ID"]


def test_plain_http_is_redirected_to_https(client, production_security):
    response = client.get("/regios/")
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/regios/"


def test_cookies_are_secure_httponly_and_samesite():
    from django.conf import settings

    assert settings.SESSION_COOKIE_SECURE and settings.CSRF_COOKIE_SECURE
    assert settings.SESSION_COOKIE_HTTPONLY
    assert settings.SESSION_COOKIE_SAMESITE == settings.CSRF_COOKIE_SAMESITE == "Lax"
    response = Client().get("/admin/login/")
    cookie = response.cookies["csrftoken"]
    assert cookie["secure"] and cookie["samesite"] == "Lax"


def test_unreachable_database_gives_a_fast_503_page(monkeypatch):
    def unreachable(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(Region.objects, "for_list", unreachable)
    response = Client(raise_request_exception=False).get("/regios/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    html = response.content.decode()
    assert "Even niet beschikbaar" in html and "probeer later opnieuw" in html
    assert html.count("<h1") == 1


def test_health_check_reports_an_unreachable_database(client, monkeypatch):
    from django.db import connection

    def broken_cursor(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", broken_cursor)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "unreachable"}


def production_caches(cache_url):
    """CACHES as opti/settings.py makes them from CACHE_URL."""
    script = "import json; from django.conf import settings; print(json.dumps(settings.CACHES))"
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "--verbosity", "0", "--command", script],
        cwd=Path(__file__).resolve().parents[1],
        env={"PATH": "/usr/bin:/bin", "CACHE_URL": cache_url},
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout)


def test_the_site_works_without_its_redis_cache(client, settings, coordinator_a, caplog):
    settings.CACHES = production_caches("redis://127.0.0.1:1/0")  # nothing listens on port 1
    for url in ["/", "/regios/", "/igs/co7/", "/gemeenten/ieper/", "/grensbrekers/", "/zoeken/?q=sint-niklaas"]:
        assert client.get(url).status_code in (200, 302), url
    assert client.get("/healthz").json() == {"status": "degraded", "database": "ok", "cache": "unreachable"}
    response = client.post("/nieuwsbrief/", {"email": "lid@example.org", "newsletters": ["algemeen"], "website": ""})
    assert response.status_code == 302
    assert Subscription.objects.filter(email="lid@example.org").exists()
    response = client.post("/aanmelden/", {"username": "coordinator-a", "password": "verkeerd"})
    assert (
        response.status_code == 200 and "Voer een juiste gebruikersnaam en wachtwoord in" in response.content.decode()
    )
    assert client.login(username="coordinator-a", password=PASSWORD)
    assert client.get("/profiel/").status_code == 200
    assert "Exception ignored" in caplog.text  # every failed cache call is logged


def test_request_id_is_in_the_logs_and_the_response(monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(Region.objects, "for_list", broken)
    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = Client(raise_request_exception=False).get("/regios/", headers={"x-request-id": "abc12345-proxy"})
    assert response.status_code == 500
    assert response["X-Request-ID"] == "abc12345-proxy"
    record = next(record for record in caplog.records if record.name == "django.request")
    assert record.request_id == "abc12345-proxy"


def test_request_id_is_in_the_log_line_of_a_4xx_response(client, caplog):
    with caplog.at_level(logging.WARNING, logger="django.request"):
        client.get("/bestaat-niet/", headers={"x-request-id": "abc12345-proxy"})
    record = next(record for record in caplog.records if record.name == "django.request")
    assert record.getMessage() == "Not Found: /bestaat-niet/"
    assert record.request_id == "abc12345-proxy"


def test_a_malformed_request_id_is_replaced(client):
    response = client.get("/privacy/", headers={"x-request-id": "<script>"})
    assert response["X-Request-ID"] != "<script>"
    assert len(response["X-Request-ID"]) == 32


def test_a_request_body_over_the_limit_gets_a_dutch_413_page_before_anything_reads_it(client_a, coordinator_a):
    too_large = SimpleUploadedFile("foto.jpg", b"\xff" * (11 * 1024 * 1024), "image/jpeg")
    response = client_a.post("/profiel/", {"name": "Niet bewaard", "photo": too_large})
    html = response.content.decode()
    assert response.status_code == 413
    assert "<h1>Te groot om te versturen</h1>" in html and "10,0\xa0MB" in html
    assert response["Content-Security-Policy"] and response["X-Request-ID"]
    coordinator_a.refresh_from_db()
    assert coordinator_a.name == "Anna Aerts"


def test_the_request_body_limit_is_configurable(client, settings):
    settings.MAX_REQUEST_BODY_BYTES = 1000
    assert client.post("/nieuwsbrief/", {"email": "a@example.org", "motivation": "x" * 1000}).status_code == 413
    # Editors upload publications in the admin: its own, larger limit.
    assert client.post("/admin/login/", {"username": "x" * 2000}).status_code != 413
    settings.MAX_ADMIN_REQUEST_BODY_BYTES = 1000
    assert client.post("/admin/login/", {"username": "x" * 2000}).status_code == 413
    assert client.post("/nieuwsbrief/", {"email": "a@example.org"}).status_code == 200
    response = client.post("/nieuwsbrief/", "x=1", content_type="application/x-www-form-urlencoded", CONTENT_LENGTH="")
    assert response.status_code == 200


def test_form_fields_over_django_s_memory_limit_get_a_400_not_a_500(client):
    response = client.post("/nieuwsbrief/", {"email": "a" * (3 * 1024 * 1024)})
    assert response.status_code == 400


# Tokens in paths never reach a log

# A live unsubscribe link, and two whose signature does not hold (status 400, which Django logs with the path).
SIGNED_LINKS = [
    lambda: Subscription(email="lid@example.org").get_unsubscribe_url(),
    lambda: f"/nieuwsbrief/bevestigen/{signing.dumps({'email': 'lid@example.org'}, salt='verkeerd')}/",
    lambda: f"/grensbrekers/inschrijving/{signing.dumps(7, salt='verkeerd')}/",
]


@pytest.fixture
def site_log():
    """What the site's own log handler writes (opti/settings.py, LOGGING)."""
    [handler] = [handler for handler in logging.getLogger().handlers if handler.get_name() == "console"]
    stream = handler.setStream(io.StringIO())
    yield handler.stream
    handler.setStream(stream)


def test_tokens_are_masked_in_the_sites_log_lines(client, site_log):
    for link in SIGNED_LINKS[1:]:
        url = link()
        assert client.get(url).status_code == 400
        token = url.split("/")[-2]
        assert f"Bad Request: {url.replace(token, '[token]')}" in site_log.getvalue()
        assert token not in site_log.getvalue()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_tokens_are_masked_in_gunicorns_access_log(tmp_path):
    port, log = free_port(), tmp_path / "access.log"
    environment = {
        **os.environ,
        "DEBUG": "1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
    }
    command = [sys.executable, "-m", "gunicorn", "-c", "opti/gunicorn.conf.py", "--workers", "1"]
    server = subprocess.Popen(
        [*command, "--access-logfile", str(log), "opti.wsgi"],
        cwd=Path(__file__).resolve().parents[1],
        env=environment,
        stderr=subprocess.DEVNULL,
    )
    reset_link = "/wachtwoord-kiezen/MTI/cd0k3p-0f4e6a1b2c3d4e5f60718293a4b5c6d7/"
    links = [link() for link in SIGNED_LINKS]
    try:
        for _ in range(100):
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.1)
        for link in links:
            request = urllib.request.Request(
                f"http://127.0.0.1:{port}{link}", headers={"Referer": f"http://127.0.0.1:{port}{reset_link}"}
            )
            with contextlib.suppress(urllib.error.HTTPError):
                urllib.request.urlopen(request, timeout=10).close()
    finally:
        server.terminate()
        server.wait(timeout=30)
    written = log.read_text()
    assert written.count("/[token]/ HTTP/1.1") == 3
    assert written.count(f'"http://127.0.0.1:{port}/wachtwoord-kiezen/MTI/[token]/"') == 3
    for link in [*links, reset_link]:
        assert link.split("/")[-2] not in written


ONE_LINE_FIELDS = {"title", "name", "name_fr", "full_name", "also_known_as", "publisher", "organisation", "function"}
ONE_LINE_FIELDS |= {"role", "person", "place", "street", "city", "image_alt"}


def test_every_title_and_name_an_editor_types_must_fit_on_one_line():
    """A line break in a title ends up in a mail's subject or a page's <title>: every such field refuses it."""
    fields = {
        f"{model._meta.label}.{field.name}": field
        for model in apps.get_models()
        if model._meta.app_config.name.split(".")[0] in {"opti", "regions", "igs", "profiles"}
        for field in model._meta.get_fields()
        if isinstance(field, models.CharField) and field.editable and field.name in ONE_LINE_FIELDS
    }
    assert {"igs.Source.title", "igs.Source.publisher", "grensbrekers.Edition.title"} <= set(fields)
    assert [name for name, field in fields.items() if validate_one_line not in field.validators] == []


def test_a_source_title_with_a_line_break_is_refused_in_the_admin(editor_client):
    response = editor_client.post(
        "/admin/igs/source/add/",
        {"title": "Nieuws\nBcc: iedereen@example.org", "publisher": "VV\tSG", "url": "https://www.vvsg.be/"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Fout: bron toevoegen" in html
    assert html.count("Gebruik geen regeleinden, tabs of andere stuurtekens.") == 2
