"""OP/TIL's team and address: /contact/, the footer, "Jouw consulent bij OP/TIL" on region and IGS pages, who to
ask about subsidies, and the organisation's one record in the admin."""

import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from igs.models import Network
from opti.contact.models import Organisation
from profiles.models import Consultant
from regions.models import Region

pytestmark = pytest.mark.django_db


def text(response):
    return re.sub(r" ([.,])", r"\1", re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode())))


def make_consultant(name="Sara Testpersoon", regions=(), networks=(), **fields):
    consultant = Consultant.objects.create(
        name=name,
        slug=name.lower().replace(" ", "-"),
        role="Consulent",
        email=f"{name.split()[0].lower()}@cultuur.example.org",
        **{"published": True, **fields},
    )
    consultant.regions.set(Region.objects.filter(slug__in=regions))
    consultant.networks.set(Network.objects.filter(slug__in=networks))
    return consultant


@pytest.fixture
def organisation():
    return Organisation.objects.create(
        name="OP/TIL vzw",
        street="Teststraat 1",
        postcode="1000",
        city="Brussel",
        email="info@cultuur.example.org",
        phone="02 000 00 00",
    )


def test_contact_page_without_consultants_or_address_reads_well(client):
    response = client.get("/contact/")
    assert response.status_code == 200
    page = text(response)
    assert "De consulenten staan hier binnenkort." in page
    assert "Website: https://www.cultuuroptil.be/" in page
    assert "Adres" not in page and "E-mail:" not in page and "Telefoon:" not in page
    assert not re.search(r"\bvoorbeeld\b", page, re.IGNORECASE)
    assert "adres" not in re.search(r'<meta name="description" content="([^"]*)"', response.content.decode())[1]


def test_contact_page_lists_consultants_with_what_they_follow_and_the_address(client, organisation):
    make_consultant(regions=["westhoek", "middenkust"], networks=["co7"], answers_subsidy_questions=True)
    make_consultant("Niet Gepubliceerd", regions=["westhoek"], published=False)
    page = text(client.get("/contact/"))
    assert "Sara Testpersoon" in page and "Niet Gepubliceerd" not in page
    assert "Volgt de referentieregio’s Middenkust en Westhoek." in page
    assert "Volgt het IGS CO7." in page
    assert "Beantwoordt vragen over subsidies." in page
    assert "Teststraat 1 1000 Brussel" in page
    assert "E-mail: info@cultuur.example.org" in page


def test_footer_shows_only_what_is_filled_in(client, organisation):
    footer = client.get("/regios/").content.decode().split('<footer class="site-footer">')[1]
    assert "Een website van OP/TIL vzw" in footer
    assert "Teststraat 1, 1000 Brussel" in footer
    assert 'href="mailto:info@cultuur.example.org"' in footer and 'href="tel:020000000"' in footer
    assert 'href="/contact/"' in footer
    organisation.street = organisation.postcode = organisation.city = organisation.phone = ""
    organisation.save()
    footer = client.get("/regios/").content.decode().split('<footer class="site-footer">')[1]
    assert "Teststraat" not in footer and "tel:" not in footer and "info@cultuur.example.org" in footer


def test_an_edit_of_the_organisation_reaches_the_footer_at_once(client, organisation):
    client.get("/regios/")
    organisation.email = "nieuw@cultuur.example.org"
    organisation.save()
    assert "nieuw@cultuur.example.org" in client.get("/regios/").content.decode()


def test_region_and_network_pages_show_their_consultant(client):
    make_consultant(regions=["westhoek"], networks=["co7"])
    make_consultant("Jan Andere", regions=["regio-gent"])
    region_page = text(client.get("/regios/westhoek/"))
    assert "Jouw consulent bij OP/TIL" in region_page and "Sara Testpersoon" in region_page
    assert "Jan Andere" not in region_page
    assert "Het hele team van OP/TIL" in region_page  # no address to promise
    Organisation.objects.create(name="OP/TIL vzw", street="Teststraat 1", postcode="1000", city="Brussel")
    assert "Het hele team en het adres van OP/TIL" in text(client.get("/regios/westhoek/"))
    network_page = text(client.get("/igs/co7/"))
    assert "Jouw consulent bij OP/TIL" in network_page and "Sara Testpersoon" in network_page
    # An IGS that nobody follows shows the consultants of its region.
    assert "Sara Testpersoon" in text(client.get("/igs/viertoren/"))
    page = text(client.get("/regios/limburg/"))
    assert "Jouw consulent" not in page


def test_subsidies_page_shows_who_answers_questions_about_subsidies(client):
    assert "Vragen over subsidies?" in text(client.get("/subsidies/"))
    make_consultant(answers_subsidy_questions=True)
    make_consultant("Jan Andere")
    page = text(client.get("/subsidies/"))
    assert "Sara Testpersoon" in page and "Jan Andere" not in page


def test_network_page_invites_to_contact_the_igs_when_its_details_are_known(client):
    Network.objects.filter(slug="co7").update(email="info@co7.example.org")
    Network.objects.get(slug="co7").save()
    page = text(client.get("/igs/co7/"))
    assert "E-mail info@co7.example.org" in page
    assert "Klop dan gerust aan bij het IGS" in page


def test_query_counts_do_not_grow_with_the_team(client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    counts = []
    for size in (1, 8):
        for i in range(size):
            make_consultant(f"Persoon {size} {i}", ["westhoek"], ["co7"], answers_subsidy_questions=True)
        for url in ("/contact/", "/regios/westhoek/", "/igs/co7/", "/subsidies/"):
            client.get(url)
            with CaptureQueriesContext(connection) as queries:
                client.get(url)
            counts.append((url, len(queries)))
    assert counts[:4] == counts[4:]


def test_demo_consultants_only_with_demo_and_labelled(client):
    assert not Consultant.objects.exists()
    with override_settings(DEBUG=True):
        call_command("seed", "--demo", verbosity=0)
    assert Consultant.objects.exists() and not Consultant.objects.filter(is_example=False).exists()
    for consultant in Consultant.objects.all():
        assert consultant.email.endswith("@example.org") and not consultant.phone
    page = client.get("/contact/").content.decode()
    assert page.count('<span class="badge badge--example">Voorbeeld</span>') >= Consultant.objects.count()
    assert "verzonnen" in page
    assert "Voorbeeld</span>" in client.get("/regios/westhoek/").content.decode()


@pytest.mark.ignore_template_errors
def test_organisation_is_one_record_in_the_admin(editor_client):
    assert editor_client.get("/admin/contact/organisation/add/").status_code == 200
    response = editor_client.post(
        "/admin/contact/organisation/add/",
        {"name": "OP/TIL", "website": "https://www.cultuuroptil.be/", "postcode": "1000", "city": ""},
    )
    assert response.status_code == 200 and "Vul de postcode en de gemeente allebei in." in response.content.decode()
    response = editor_client.post(
        "/admin/contact/organisation/add/",
        {"name": "OP/TIL", "website": "https://www.cultuuroptil.be/", "email": "info@cultuur.example.org"},
    )
    assert response.status_code == 302
    assert Organisation.objects.get().email == "info@cultuur.example.org"
    assert editor_client.get("/admin/contact/organisation/add/").status_code == 403
    assert editor_client.get(f"/admin/contact/organisation/{Organisation.PK}/delete/").status_code == 403
    assert "info@cultuur.example.org" in editor_client.get("/contact/").content.decode()


@pytest.mark.ignore_template_errors
def test_editor_adds_a_consultant_in_the_admin(editor_client):
    westhoek = Region.objects.get(slug="westhoek")
    response = editor_client.post(
        "/admin/profiles/consultant/add/",
        {
            "name": "Sara Testpersoon",
            "slug": "sara-testpersoon",
            "role": "Consulent",
            "email": "sara@cultuur.example.org",
            "phone": "02 000 00 00",
            "regions": [westhoek.pk],
            "published": "on",
            "order": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()
    assert "Sara Testpersoon" in editor_client.get("/regios/westhoek/").content.decode()
