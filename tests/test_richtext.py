"""Rich text: editors' markup is sanitised on save and when shown; plain text becomes paragraphs without loss."""

import importlib
import re

import pytest
from django.apps import apps as django_apps
from django.test import Client

from igs.models import Network, Project
from opti.lib.richtext import html_to_plain_text, plain_text_to_html, sanitize
from opti.models import Page
from tests.test_profiles import network_form

HOSTILE = (
    '<h2 style="color:red" onclick="steal()">Kop</h2><script>alert(1)</script>'
    '<p onmouseover="x()">Tekst met <a href="javascript:alert(1)">een gevaarlijke link</a>, '
    '<a href="https://example.org/" target="_blank" onclick="x()">een goede</a> en '
    '<a href="mailto:info@example.org">mail</a>.</p><iframe src="https://example.org/"></iframe>'
    '<img src=x onerror="x()"><style>body{display:none}</style><blockquote>Citaat</blockquote>'
    "<ul><li><strong>vet</strong> en <em>cursief</em></li></ul><h1>Te grote kop</h1>"
)


def test_hostile_markup_is_stripped_and_the_allowed_markup_kept():
    html = sanitize(HOSTILE)
    for bad in ("<script", "alert(1)", "onclick", "onmouseover", "onerror", "javascript:", "<iframe", "style", "<img"):
        assert bad not in html
    assert "<h2>Kop</h2>" in html and "<blockquote>Citaat</blockquote>" in html
    assert "<ul><li><strong>vet</strong> en <em>cursief</em></li></ul>" in html
    assert '<a href="https://example.org/" rel="noopener noreferrer">een goede</a>' in html
    assert '<a href="mailto:info@example.org" rel="noopener noreferrer">mail</a>' in html
    assert "<h1>" not in html and "Te grote kop" in html
    assert "target" not in html


def test_plain_text_becomes_escaped_paragraphs_and_back():
    text = "Eerste alinea\nmet een tweede regel.\n\nTweede alinea: 5 < 6 & 7 > 3."
    html = plain_text_to_html(text)
    assert html == ("<p>Eerste alinea<br>met een tweede regel.</p>\n\n<p>Tweede alinea: 5 &lt; 6 &amp; 7 &gt; 3.</p>")
    assert sanitize(text) == sanitize(html)  # text without tags is read as plain text
    assert html_to_plain_text(html) == text


def test_phone_links_keep_their_number():
    assert sanitize('<p><a href="tel:+3221234567">bel ons</a></p>') == (
        '<p><a href="tel:+3221234567" rel="noopener noreferrer">bel ons</a></p>'
    )


@pytest.mark.django_db
def test_plain_text_that_looks_like_markup_stays_text_in_the_migration():
    migration = importlib.import_module("igs.migrations.0009_rich_text")
    network = Network.objects.get(slug="co7")
    Network.objects.filter(pk=network.pk).update(description="Mail ons: <info@igs.be>\n\nTweede alinea")
    migration.to_html(django_apps, None)
    network.refresh_from_db()
    assert network.description == "<p>Mail ons: &lt;info@igs.be&gt;</p>\n\n<p>Tweede alinea</p>"


def test_an_empty_editor_is_stored_as_empty():
    assert sanitize("<p></p>") == sanitize("<p><br></p>") == sanitize("  ") == ""


@pytest.mark.django_db
def test_rich_text_is_sanitised_on_save_and_on_output(client):
    network = Network.objects.get(slug="viertoren")
    network.description = HOSTILE
    network.save()
    network.refresh_from_db()
    assert "<script" not in network.description and "<h2>Kop</h2>" in network.description
    Network.objects.filter(pk=network.pk).update(description='<p onclick="x()">Ongefilterd</p><script>x()</script>')
    html = Client().get("/igs/viertoren/").content.decode()
    assert "<p>Ongefilterd</p>" in html and "onclick" not in html and "<script>x()" not in html


@pytest.mark.django_db
def test_plain_text_of_seeded_projects_and_networks_is_shown_as_paragraphs(client):
    project = Project.objects.filter(body__contains="\n\n").first() or Project.objects.first()
    assert project.body.startswith("<p>")
    network = Network.objects.exclude(description="").first()
    assert network.description.startswith("<p>")


@pytest.mark.django_db
def test_the_admin_editor_loads_its_assets_from_static_under_the_csp(editor_client):
    page = Page.objects.first()
    for url in (
        f"/admin/opti/page/{page.pk}/change/",
        f"/admin/igs/network/{Network.objects.get(slug='viertoren').pk}/change/",
        "/admin/igs/project/add/",
    ):
        response = editor_client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        csp = response["Content-Security-Policy"]
        nonce = re.search(r"'nonce-([^']+)'", csp)[1]
        assert f'<script type="importmap" nonce="{nonce}">' in html
        assert "django_prose_editor/editor" in html and "data-django-prose-editor-configurable" in html
        assert "script-src 'self' 'nonce-" in csp and "unsafe-inline" not in csp
        assert "style-src 'self' 'sha256-" in csp
        for src in re.findall(r'<script[^>]* src="([^"]+)"', html):
            assert src.startswith("/"), src


@pytest.mark.django_db
def test_public_pages_send_no_nonce(client):
    csp = client.get("/igs/viertoren/")["Content-Security-Policy"]
    assert "nonce" not in csp and "script-src 'self'" in csp


@pytest.mark.django_db
def test_a_coordinator_edits_the_description_as_plain_text_and_keeps_the_editors_markup_unless_changed(
    client_a, coordinator_a
):
    network = coordinator_a.network
    network.description = '<h2>Wie we zijn</h2><p>Zie <a href="https://example.org/">onze site</a>.</p>'
    network.save()
    html = client_a.get("/profiel/igs/").content.decode()
    assert "Wie we zijn\n\nZie onze site." in html  # the textarea holds the text
    form = network_form(network)
    form["description"] = form["description"].replace("\n", "\r\n")  # as a browser sends a textarea
    assert client_a.post("/profiel/igs/", form).status_code == 302
    network.refresh_from_db()
    assert network.description.startswith("<h2>Wie we zijn</h2>")  # unchanged text keeps the markup
    preview = client_a.post(
        "/profiel/igs/", network_form(network, description="Nieuw.\n\n<b>Twee</b>", action="preview")
    ).content.decode()
    assert "<p>Nieuw.</p>" in preview and "<p>&lt;b&gt;Twee&lt;/b&gt;</p>" in preview
    client_a.post("/profiel/igs/", network_form(network, description="Nieuw.\n\n<b>Twee</b>"))
    network.refresh_from_db()
    assert network.description == "<p>Nieuw.</p>\n\n<p>&lt;b&gt;Twee&lt;/b&gt;</p>"
    assert "<p>&lt;b&gt;Twee&lt;/b&gt;</p>" in Client().get(network.get_absolute_url()).content.decode()
