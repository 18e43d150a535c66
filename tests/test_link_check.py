"""`manage.py check_links`, only ever against a local test server: every link in the content of this test points
to it, the seeded ones are emptied first."""

import itertools
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.management import call_command

from igs.models import Network, Project, Source
from opti.linkcheck import SOURCES
from opti.models import LinkCheck, Page

pytestmark = pytest.mark.django_db


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        self.server.seen.append((self.path, self.headers["User-Agent"], time.monotonic()))
        if self.path == "/traag":
            time.sleep(2)
        if self.path == "/verhuisd":
            self.send_response(301)
            self.send_header("Location", "/ok")
        elif self.path == "/kapot":  # a header line longer than http.client accepts
            self.send_response(200)
            self.send_header("X-Lang", "x" * 70000)
        else:
            codes = {"/weg": 404, "/geweigerd": 403, "/Belgi%C3%AB": 200, "/Ieper_(stad)": 200}
            self.send_response(codes.get(self.path, 200 if self.path in ("/ok", "/traag") else 500))
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.seen = []
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd, f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def content(server):
    """The seeded content without its links, then one link of each kind to the local server."""
    for model, fields in SOURCES:
        model.objects.update(**dict.fromkeys(fields, ""))
    _, base = server
    Network.objects.filter(slug="noordrand").update(website=f"{base}/ok")
    Source.objects.filter(pk=Source.objects.first().pk).update(url=f"{base}/weg")
    Page.objects.filter(slug="privacy").update(body=f'<p>Zie <a href="{base}/verhuisd">hier</a>.</p>')
    Project.objects.filter(pk=Project.objects.first().pk).update(body=f"Meer op {base}/traag.")
    return base


def run(*args):
    call_command("check_links", "--timeout", "1", *args, verbosity=0)
    return {check.url.rsplit("/", 1)[1]: check for check in LinkCheck.objects.all()}


def test_every_link_in_the_content_is_checked_and_the_result_stored(server, content):
    httpd, _ = server
    checks = run("--include-private")
    assert set(checks) == {"ok", "weg", "verhuisd", "traag"}
    assert checks["ok"].ok and checks["ok"].status == 200
    assert checks["verhuisd"].ok and checks["verhuisd"].status == 200  # redirects are followed
    assert not checks["weg"].ok and checks["weg"].status == 404
    assert checks["weg"].error == "de pagina bestaat niet (meer)"
    assert not checks["traag"].ok and checks["traag"].error == "geen antwoord binnen 1 s"
    assert checks["ok"].found_in == "IGS “Noordrand”, website"
    assert checks["verhuisd"].found_in == "pagina “Privacyverklaring”, tekst"
    assert all(agent.startswith("RegionaalSamenwerken-linkcontrole/1.0") for _, agent, _ in httpd.seen)


def test_at_most_one_request_per_host_per_second(server, content):
    httpd, _ = server
    run("--include-private", "--workers", "4")
    times = sorted(at for _, _, at in httpd.seen)
    assert len(times) == 5  # four links and one redirect
    assert all(later - earlier >= 0.95 for earlier, later in itertools.pairwise(times))


def test_links_to_private_addresses_are_not_requested_unless_asked(server, content):
    httpd, _ = server
    checks = run()
    assert httpd.seen == []
    assert {check.error for check in checks.values()} == {"adres in een privaat netwerk: niet gecontroleerd"}


def test_a_link_removed_from_the_content_leaves_the_list(server, content):
    run("--include-private")
    Network.objects.filter(slug="noordrand").update(website="")
    assert set(run("--include-private")) == {"weg", "verhuisd", "traag"}


@pytest.mark.ignore_template_errors
def test_editors_see_the_failed_links_on_the_dashboard(server, content, editor_client):
    run("--include-private")
    html = editor_client.get("/admin/").content.decode()
    assert "Externe links die de laatste controle niet doorstonden" in html
    assert 'href="/admin/opti/linkcheck/?ok__exact=0"' in html
    response = editor_client.get("/admin/opti/linkcheck/?ok__exact=0")
    assert response.status_code == 200
    assert {check.url.rsplit("/", 1)[1] for check in response.context["cl"].queryset} == {"weg", "traag"}


def test_odd_links_and_odd_websites_are_reported_not_fatal(server, content):
    _, base = server
    Network.objects.filter(slug="co7").update(
        website=f"{base}/kapot",
        description=f"Zie “{base}/België”, ({base}/Ieper_(stad)) en {base}/geweigerd. Of {base}/{'x' * 2100}.",
    )
    checks = run("--include-private")
    assert {"kapot", "België", "Ieper_(stad)", "geweigerd"} <= set(checks)
    assert not any(len(url) > 2000 for url in LinkCheck.objects.values_list("url", flat=True))
    assert not checks["kapot"].ok and checks["kapot"].error.startswith("geen verbinding")
    assert checks["België"].ok and checks["Ieper_(stad)"].ok
    assert checks["geweigerd"].ok and checks["geweigerd"].status == 403  # refuses robots: not counted as broken
    assert "weigert automatische controles" in checks["geweigerd"].error
