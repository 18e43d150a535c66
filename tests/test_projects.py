"""GE/SPOT projects: their page, their place on the IGS page and the home page, and how editors maintain them."""

import re
from datetime import timedelta

import pytest
from conftest import image_upload
from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from PIL import Image

from igs.models import Network, Project

pytestmark = pytest.mark.django_db


def make_project(network_slug="co7", slug="leesclub", **fields):
    return Project.objects.create(
        network=Network.objects.get(slug=network_slug),
        slug=slug,
        title=fields.pop("title", "Leesclub in de bib"),
        summary=fields.pop("summary", "Een leesclub in elke bibliotheek."),
        **fields,
    )


def test_seeded_oaze_project_has_its_page_and_is_on_ginter_and_the_home_page(client):
    response = client.get("/igs/ginter/projecten/oaze/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>OAZE</h1>" in html
    assert 'href="/igs/ginter/"' in html
    assert "jonge kunstenaars" in html
    assert 'href="/igs/ginter/projecten/oaze/"' in client.get("/igs/ginter/").content.decode()
    home = client.get("/")
    assert home.context["project"].slug == "oaze"
    assert 'href="/igs/ginter/projecten/oaze/"' in home.content.decode()


def test_project_under_another_network_or_unknown_is_404(client):
    assert client.get("/igs/co7/projecten/oaze/").status_code == 404
    assert client.get("/igs/ginter/projecten/bestaat-niet/").status_code == 404
    assert client.get("/igs/atlantis/projecten/oaze/").status_code == 404


def test_unpublished_project_appears_nowhere_publicly(client):
    Project.objects.filter(featured=True).update(featured=False)
    make_project(title="Verborgen project", published=False, featured=True)
    assert client.get("/igs/co7/projecten/leesclub/").status_code == 404
    assert client.get("/").context["project"] is None
    for url in ("/", "/igs/co7/", "/igs/", "/sitemap.xml"):
        html = client.get(url).content.decode()
        assert "Verborgen project" not in html, url
        assert "/projecten/leesclub/" not in html, url


def test_editors_preview_an_unpublished_project_with_a_banner_never_cached(editor_client):
    make_project(title="Verborgen project", published=False)
    response = editor_client.get("/igs/co7/projecten/leesclub/")
    assert response.status_code == 200 and "Concept — niet publiek." in response.content.decode()
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert Client().get("/igs/co7/projecten/leesclub/").status_code == 404  # the preview was not cached
    assert "Concept" not in editor_client.get("/igs/ginter/projecten/oaze/").content.decode()


def test_a_project_published_with_a_later_date_waits_for_that_day(editor_client):
    Project.objects.filter(featured=True).update(featured=False)
    later = timezone.localdate() + timedelta(days=7)
    make_project(title="Project van volgende week", published=True, published_on=later, featured=True)
    assert Client().get("/igs/co7/projecten/leesclub/").status_code == 404
    assert Client().get("/").context["project"] is None
    for url in ("/igs/co7/", "/sitemap.xml"):
        assert "/projecten/leesclub/" not in Client().get(url).content.decode(), url
    response = editor_client.get("/igs/co7/projecten/leesclub/")
    assert "Alleen de redactie ziet dit project tot de dag van publicatie." in response.content.decode()
    assert "no-store" in response["Cache-Control"]


def test_published_projects_are_in_the_sitemap(client):
    make_project(published=True)
    sitemap = client.get("/sitemap.xml").content.decode()
    assert "http://testserver/igs/ginter/projecten/oaze/" in sitemap
    assert "http://testserver/igs/co7/projecten/leesclub/" in sitemap


def test_text_typed_by_editors_is_escaped(client):
    make_project(title="<i>Schuin</i>", summary="<script>alert(1)</script>", body="<b>vet</b>", published=True)
    for url in ("/igs/co7/projecten/leesclub/", "/igs/co7/"):
        html = client.get(url).content.decode()
        assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html
        assert "<i>Schuin</i>" not in html and "<b>vet</b>" not in html


def test_publishing_sets_the_date_once():
    project = make_project()
    assert project.published_on is None
    project.published = True
    project.save()
    assert project.published_on == timezone.localdate()


# Editors in the admin (Django's admin templates rely on silently missing variables).


def project_form(network_slug="co7", **changes):
    data = {
        "network": Network.objects.get(slug=network_slug).pk,
        "title": "Leesclub in de bib",
        "slug": "leesclub",
        "summary": "Een leesclub in elke bibliotheek.",
        "body": "Eerste alinea.\n\nTweede alinea.",
        "image_alt": "",
        "published": "on",
        "published_on": "",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


@pytest.mark.ignore_template_errors
def test_editor_adds_a_project_with_an_image_resized_and_renamed(editor_client, client):
    response = editor_client.post(
        "/admin/igs/project/add/",
        {**project_form(image_alt="Lezers rond een tafel"), "image": image_upload("IMG_1234.jpg", size=(2000, 1500))},
    )
    assert response.status_code == 302
    project = Project.objects.get(slug="leesclub")
    assert re.fullmatch(r"projecten/[0-9a-f]{32}\.jpg", project.image.name)
    with Image.open(settings.MEDIA_ROOT / project.image.name) as stored:
        assert (stored.format, stored.size) == ("JPEG", (960, 540))
    assert project.published_on == timezone.localdate()
    html = client.get("/igs/co7/projecten/leesclub/").content.decode()
    assert f'src="/media/{project.image.name}" alt="Lezers rond een tafel"' in html
    assert "<p>Eerste alinea.</p>" in html and "<p>Tweede alinea.</p>" in html
    assert LogEntry.objects.filter(object_id=str(project.pk), content_type__model="project").exists()


@pytest.mark.ignore_template_errors
@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"image": lambda: SimpleUploadedFile("foto.jpg", b"geen afbeelding", "image/jpeg")}, "geen geldige JPEG"),
        ({"image": lambda: image_upload(), "image_alt": ""}, "Beschrijf wat er op de afbeelding te zien is."),
        ({"slug": "oaze", "network": "ginter"}, "Dit IGS heeft al een project met dit webadres (slug)."),
        ({"featured": "on"}, "Er staat al een ander project op de startpagina."),
    ],
    ids=["renamed-text-file", "image-without-description", "duplicate-slug", "second-featured"],
)
def test_editor_gets_dutch_errors(editor_client, changes, message):
    data = project_form(**({"network_slug": changes.pop("network")} if "network" in changes else {}))
    data.update({key: value() if callable(value) else value for key, value in changes.items()})
    response = editor_client.post("/admin/igs/project/add/", data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Project.objects.filter(title="Leesclub in de bib").exists()


def test_same_slug_in_another_network_is_fine(client):
    make_project(network_slug="co7", slug="oaze", published=True)
    assert client.get("/igs/co7/projecten/oaze/").status_code == 200
    assert "OAZE" in client.get("/igs/ginter/projecten/oaze/").content.decode()


@pytest.mark.ignore_template_errors
def test_editor_features_another_project_and_unpublishes_it(editor_client, editor, client):
    project = make_project(published=True)
    changelist = "/admin/igs/project/"
    editor_client.post(changelist, {"action": "feature_on_home_page", "_selected_action": [project.pk]})
    assert client.get("/").context["project"] == project
    assert not Project.objects.get(slug="oaze").featured

    response = editor_client.post(changelist, {"action": "unpublish", "_selected_action": [project.pk]}, follow=True)
    assert "1 project (GE/SPOT) niet meer gepubliceerd." in response.content.decode()
    project.refresh_from_db()
    assert not project.published and not project.featured
    assert Client().get("/igs/co7/projecten/leesclub/").status_code == 404  # editors still preview it
    messages = set(LogEntry.objects.filter(user=editor).values_list("change_message", flat=True))
    assert messages == {"Op de startpagina gezet.", "Van de startpagina gehaald.", "Niet meer gepubliceerd."}


@pytest.mark.ignore_template_errors
def test_only_one_published_project_can_be_featured_at_a_time(editor_client):
    draft = make_project(published=False)
    response = editor_client.post(
        "/admin/igs/project/", {"action": "feature_on_home_page", "_selected_action": [draft.pk]}, follow=True
    )
    assert "Kies precies één gepubliceerd item" in response.content.decode()
    assert Project.objects.get(featured=True).slug == "oaze"


def test_unpublishing_a_project_also_takes_it_off_the_home_page(client):
    project = Project.objects.get(slug="oaze")
    assert project.featured
    project.published = False
    project.save()
    project.refresh_from_db()
    assert not project.featured
    assert client.get("/").context["project"] is None
