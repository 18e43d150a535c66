"""The public pages, through HTTP, on the seeded reference data."""

import re
from datetime import date
from html import unescape

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from igs.map import NetworkAtlas
from igs.models import Membership, Network, Project
from opti.views import server_error
from profiles.models import CoordinatorProfile
from regions.models import Municipality, Region

pytestmark = pytest.mark.django_db


def h1_count(response):
    return len(re.findall(r"<h1[\s>]", response.content.decode()))


def all_public_urls():
    return [
        "/",
        "/regios/",
        "/igs/",
        "/privacy/",
        "/toegankelijkheid/",
        "/over-de-gegevens/",
        "/zoeken/",
        "/zoeken/?q=beveren",
        "/zoeken/?q=onbestaandeplaats",
        "/aanmelden/",
        "/afmelden/",
        "/wachtwoord-vergeten/",
        "/wachtwoord-vergeten/verstuurd/",
        "/wachtwoord-kiezen/MQ/verlopen-link/",
        "/wachtwoord-kiezen/gelukt/",
        *(project.get_absolute_url() for project in Project.objects.published().select_related("network")),
        "/subsidies/",
        "/grensbrekers/",
        "/grensbrekers/verstuurd/",
        "/nieuwsbrief/",
        "/nieuwsbrief/verstuurd/",
        "/kennisbank/",
        "/publicaties/",
        "/contact/",
        *(region.get_absolute_url() for region in Region.objects.all()),
        *(network.get_absolute_url() for network in Network.objects.all()),
        *(municipality.get_absolute_url() for municipality in Municipality.objects.all()),
    ]


def visible_text(response):
    html = re.sub(r"<(script|style|svg)\b.*?</\1>", " ", response.content.decode(), flags=re.S)
    return unescape(re.sub(r"<[^>]+>", " ", html))


def test_every_public_page_answers_200_with_one_h1_in_dutch_and_one_apostrophe(client):
    for url in all_public_urls():
        response = client.get(url)
        assert response.status_code == 200, url
        assert h1_count(response) == 1, url
        assert '<html lang="nl-BE">' in response.content.decode(), url
        assert re.findall(r"\w+'\w+", visible_text(response)) == [], url  # pagina’s, zo’n: always ’


def test_public_paths_are_spelled_as_documented():
    assert reverse("opti:home") == "/"
    assert reverse("regions:region_list") == "/regios/"
    assert reverse("regions:region_detail", args=["westhoek"]) == "/regios/westhoek/"
    assert reverse("regions:municipality_detail", args=["ieper"]) == "/gemeenten/ieper/"
    assert reverse("igs:network_list") == "/igs/"
    assert reverse("igs:network_detail", args=["co7"]) == "/igs/co7/"
    assert reverse("igs:project_detail", args=["ginter", "oaze"]) == "/igs/ginter/projecten/oaze/"
    assert reverse("profiles:profile") == "/profiel/"
    assert reverse("profiles:login") == "/aanmelden/"
    assert reverse("profiles:logout") == "/afmelden/"
    assert reverse("opti:page", args=["privacy"]) == "/privacy/"
    assert reverse("opti:page", args=["toegankelijkheid"]) == "/toegankelijkheid/"
    assert reverse("subsidies:index") == "/subsidies/"
    assert reverse("grensbrekers:index") == "/grensbrekers/"
    assert reverse("grensbrekers:sent") == "/grensbrekers/verstuurd/"
    assert reverse("grensbrekers:signup", args=["t"]) == "/grensbrekers/inschrijving/t/"
    assert reverse("newsletter:index") == "/nieuwsbrief/"
    assert reverse("contact:index") == "/contact/"
    assert reverse("newsletter:sent") == "/nieuwsbrief/verstuurd/"
    assert reverse("newsletter:confirm", args=["t"]) == "/nieuwsbrief/bevestigen/t/"
    assert reverse("newsletter:unsubscribe", args=["t"]) == "/nieuwsbrief/uitschrijven/t/"
    assert reverse("sitemap") == "/sitemap.xml"
    assert reverse("robots_txt") == "/robots.txt"
    assert reverse("healthz") == "/healthz"


def test_base_layout_has_skip_link_landmarks_and_footer_links(client):
    html = client.get("/").content.decode()
    assert 'href="#inhoud"' in html and 'id="inhoud"' in html
    assert "<header" in html and "<main" in html and "<footer" in html and "<nav" in html
    assert 'href="/privacy/"' in html and 'href="/toegankelijkheid/"' in html
    header_menu = html.split('aria-label="Hoofdmenu"')[1].split("</nav>")[0]
    # On a phone the header only links to the same menu at the foot of the page (static/css/site.css).
    assert '<a class="site-menu-link" href="#menu">Menu</a>' in html.split("</header>")[0]
    footer_menu = html.split('id="menu"')[1].split("</nav>")[0]
    for path in ("/regios/", "/igs/", "/kennisbank/", "/subsidies/", "/grensbrekers/", "/nieuwsbrief/", "/aanmelden/"):
        assert f'<li><a href="{path}"' in header_menu and f'<li><a href="{path}"' in footer_menu


@pytest.mark.parametrize("path", ["/subsidies/", "/grensbrekers/", "/nieuwsbrief/"])
def test_header_marks_the_current_section(client, path):
    html = client.get(path).content.decode()
    assert f'<a href="{path}" aria-current="page">' in html


def test_header_and_footer_are_rendered_once_per_view_for_visitors_and_every_time_for_users(client, client_a, settings):
    settings.PAGE_CACHE_SECONDS = 0  # every request reaches the view
    fragments = {"includes/header.html", "includes/footer.html"}

    def rendered(some_client, path):
        return fragments & {template.name for template in some_client.get(path).templates}

    assert rendered(client, "/subsidies/") == fragments
    assert rendered(client, "/subsidies/") == set()  # kept from the first request (opti/lib/fragments.py)
    assert rendered(client, "/grensbrekers/") == fragments  # another view: its own menus
    assert rendered(client_a, "/subsidies/") == fragments  # logged in: never kept
    assert rendered(client_a, "/subsidies/") == fragments


def test_both_menus_mark_only_the_current_section_page_after_page(client, settings):
    """The header and footer are rendered once per view for visitors who are not logged in (opti/lib/fragments.py):
    each page still marks its own section, in both menus."""
    settings.PAGE_CACHE_SECONDS = 0  # every request reaches the view

    def menus(path):
        html = client.get(path).content.decode()
        return [html.split(marker)[1].split("</nav>")[0] for marker in ('aria-label="Hoofdmenu"', 'id="menu"')]

    for path in ("/subsidies/", "/grensbrekers/", "/nieuwsbrief/", "/subsidies/", "/regios/westhoek/"):
        section = "/" + path.split("/")[1] + "/"
        for menu in menus(path):
            assert menu.count('aria-current="page"') == 1, path
            assert f'<a href="{section}" aria-current="page">' in menu, path
    assert not any('aria-current="page"' in menu for menu in menus("/privacy/"))


def test_a_logged_in_menu_is_never_shown_to_anyone_else(client, client_a, settings):
    settings.PAGE_CACHE_SECONDS = 0  # every request reaches the view
    assert 'action="/afmelden/"' in client_a.get("/regios/").content.decode()
    assert 'action="/afmelden/"' not in client.get("/regios/").content.decode()
    assert 'action="/afmelden/"' not in client.get("/regios/westhoek/").content.decode()
    html = client_a.get("/regios/westhoek/").content.decode()
    assert 'action="/afmelden/"' in html and 'href="/profiel/">Mijn profiel</a>' in html


def test_home_shows_figures_from_the_data(client):
    response = client.get("/")
    figures = response.context["figures"]
    members = Membership.objects.exclude(network__slug="ginter")
    direct = members.filter(via_former__isnull=True)
    population = sum(Municipality.objects.values_list("population", flat=True))
    covered = sum(direct.values_list("municipality__population", flat=True))
    assert figures["covered_percent"] == round(100 * covered / population)
    html = " ".join(response.content.decode().split())
    assert "<strong>19</strong> IGS cultuur erkend voor 2020–2025; Ginter stopte eind 2025" in html
    assert f"<strong>{members.count()}</strong> gemeenten in een van de 18 andere IGS" in html
    assert f"<strong>{figures['covered_percent']}&nbsp;%</strong> van de inwoners" in html
    assert (
        f"{direct.filter(to_verify=True).count()} van die lidmaatschappen zijn nog te bevestigen, en 3 gemeenten "
        "(Antwerpen, Lochristi, Tessenderlo-Ham) tellen alleen mee omdat een gemeente van vóór 2025 lid was. "
        "Hun inwoners (samen"
    ) in html


def test_region_page_groups_municipalities_by_network_and_lists_those_without(client):
    response = client.get("/regios/halle-vilvoorde/")
    html = response.content.decode()
    assert 'IGS <a href="/igs/noordrand/">Noordrand</a>' in html
    assert 'IGS <a href="/igs/cultuurregio-pajottenland-zennevallei/">' in html
    no_network = html.split("Nog geen IGS</h2>")[1]
    assert ">Kraainem</a>" in no_network
    assert ">Vilvoorde</a>" not in no_network


def test_region_page_marks_a_network_that_spans_regions(client):
    html = client.get("/regios/middenkust/").content.decode()
    assert "/igs/ginter/" in html
    assert "ook leden in andere referentieregio" in html


def test_network_page_shows_members_regions_and_spanning_notice(client):
    html = client.get("/igs/ginter/").content.decode()
    assert "Over meerdere referentieregio" in html
    for region in ("Regio Brugge", "Westhoek", "Middenkust"):
        assert region in html
    assert 'href="/gemeenten/torhout/"' in html
    assert "2020–2025" in html


def test_network_page_without_spanning_has_no_notice(client):
    html = client.get("/igs/co7/").content.decode()
    assert "Over meerdere referentieregio" not in html
    assert 'href="/gemeenten/ieper/"' in html


def test_network_page_shows_uncertain_members_as_uncertain(client):
    html = client.get("/igs/comeet/").content.decode().split('<ul class="members">')[1]
    lochristi = html.split('href="/gemeenten/lochristi/"')[1].split("</li>")[0]
    assert "te bevestigen" in lochristi
    aalter = html.split('href="/gemeenten/aalter/"')[1].split("</li>")[0]
    assert "te bevestigen" not in aalter


def test_a_membership_note_is_shown_on_the_network_page(client):
    membership = Membership.objects.get(municipality__name="Ieper")
    membership.note = "Lid sinds de oprichting."
    membership.save()
    html = client.get("/igs/co7/").content.decode().split('<ul class="members">')[1]
    ieper = html.split('href="/gemeenten/ieper/"')[1].split("</li>")[0]
    assert "Lid sinds de oprichting." in ieper and "te bevestigen" not in ieper


def test_municipality_page_shows_region_network_former_names_and_postcodes(client):
    html = client.get("/gemeenten/pajottegem/").content.decode()
    assert 'href="/regios/halle-vilvoorde/"' in html
    assert 'href="/igs/cultuurregio-pajottenland-zennevallei/"' in html
    for former in ("Galmaarden", "Gooik", "Herne"):
        assert f"<li>{former}</li>" in html


def test_municipality_without_network_says_so_and_points_to_networks_in_its_region(client):
    html = client.get("/gemeenten/kraainem/").content.decode()
    assert "Nog geen IGS cultuur" in html
    assert 'href="/igs/noordrand/"' in html
    assert "1950" in html


def test_shared_postcode_is_listed_on_both_municipalities(client):
    assert "1804" in client.get("/gemeenten/vilvoorde/").content.decode()
    assert "1804" in client.get("/gemeenten/zemst/").content.decode()


@pytest.mark.parametrize("url", ["/regios/atlantis/", "/gemeenten/atlantis/", "/igs/atlantis/", "/bestaat-niet/"])
def test_unknown_slugs_get_the_dutch_404_page(client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "Deze pagina bestaat niet" in response.content.decode()
    assert h1_count(response) == 1


def test_500_page_needs_no_database(rf, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert "Er ging iets mis" in response.content.decode()


def test_500_page_is_served_for_an_unexpected_error(monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(Region.objects, "for_list", broken)
    response = Client(raise_request_exception=False).get("/regios/")
    assert response.status_code == 500
    assert "Er ging iets mis" in response.content.decode()


def test_post_is_not_allowed_on_read_only_pages(client):
    assert client.post("/regios/").status_code == 405


def test_machine_endpoints(client):
    assert client.get("/healthz").json() == {"status": "ok", "database": "ok", "cache": "ok"}
    robots = client.get("/robots.txt").content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in robots
    sitemap = client.get("/sitemap.xml").content.decode()
    assert "http://testserver/gemeenten/ieper/" in sitemap
    assert "http://testserver/igs/co7/" in sitemap
    assert "http://testserver/grensbrekers/" in sitemap
    assert "Disallow: /nieuwsbrief/bevestigen/" in robots


def make_network(size):
    """A network with `size` members, `size` published coordinator profiles and `size` published projects."""
    network = Network.objects.create(name=f"Test {size}", slug=f"test-{size}")
    network.recognition_periods.create(status="erkend", starts_on=date(2020, 1, 1), ends_on=date(2025, 12, 31))
    free = Municipality.objects.filter(memberships__isnull=True).order_by("nis_code")[:size]
    Membership.objects.bulk_create(Membership(network=network, municipality=m) for m in free)
    users = User.objects.bulk_create(User(username=f"test-{size}-{i}") for i in range(size))
    CoordinatorProfile.objects.bulk_create(
        CoordinatorProfile(user=user, network=network, name=f"Coördinator {i}", role="Coördinator", published=True)
        for i, user in enumerate(users)
    )
    Project.objects.bulk_create(
        Project(network=network, slug=f"project-{i}", title=f"Project {i}", summary="Samen.", published=True)
        for i in range(size)
    )
    return network


@pytest.fixture
def uncached(settings):
    """Pages rendered anew on every request, as after an edit or for a logged-in visitor; what is derived once
    per content version (the atlas of municipalities and IGS) stays cached, as it does between edits."""
    settings.PAGE_CACHE_SECONDS = 0


def test_what_is_derived_once_per_content_version_takes_five_queries(client, django_assert_num_queries):
    with django_assert_num_queries(5):
        assert NetworkAtlas().rows and NetworkAtlas().networks


@pytest.mark.parametrize("page", ["network_detail", "network_list", "member_page", "region_page"])
def test_query_count_does_not_grow_with_network_size(client, uncached, page):
    Membership.objects.filter(network__slug__in=["noordrand", "cultuurregio-pajottenland-zennevallei"]).delete()
    counts = []
    for size in (3, 30):
        Membership.objects.filter(network__slug__startswith="test-").delete()
        CoordinatorProfile.objects.filter(network__slug__startswith="test-").delete()
        Network.objects.filter(slug__startswith="test-").delete()
        network = make_network(size)
        member = network.members.order_by("nis_code").first()
        url = {
            "network_detail": network.get_absolute_url(),
            "network_list": "/igs/",
            "member_page": member.get_absolute_url(),
            "region_page": member.region.get_absolute_url(),
        }[page]
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
    assert counts[1] <= 7


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/", 3),
        ("/regios/", 1),
        ("/regios/westhoek/", 2),
        ("/gemeenten/ieper/", 5),
        ("/gemeenten/kraainem/", 5),
        ("/gemeenten/gent/?gezocht=Ledeberg", 7),
        ("/igs/", 0),
        ("/igs/co7/", 6),
        ("/igs/ginter/projecten/oaze/", 1),
        ("/aanmelden/", 0),
        ("/privacy/", 1),
        ("/zoeken/?q=beveren", 4),
        ("/zoeken/?q=8900", 2),
        ("/subsidies/", 4),
        ("/grensbrekers/", 1),
        ("/grensbrekers/verstuurd/", 0),
        ("/grensbrekers/mijn-regio/", 1),
        ("/grensbrekers/mijn-regio/verstuurd/", 0),
        ("/grensbrekers/edities.ics", 1),
        ("/subsidies/deadlines.ics", 1),
        ("/nieuwsbrief/", 0),
        ("/nieuwsbrief/verstuurd/", 0),
        ("/contact/", 0),
    ],
)
def test_query_count_per_page(client, uncached, django_assert_num_queries, url, expected):
    client.get(url)
    with django_assert_num_queries(expected):
        client.get(url)


@pytest.mark.parametrize(
    ("path", "target"),
    [
        ("/gemeenten/borsbeek/", "/gemeenten/antwerpen/"),
        ("/gemeenten/melle/", "/gemeenten/merelbeke-melle/"),
        ("/gemeenten/Antwerpen/", "/gemeenten/antwerpen/"),
        ("/gemeenten/wachtebeke.json", "/gemeenten/lochristi.json"),
        ("/embed/gemeenten/tessenderlo/", "/embed/gemeenten/tessenderlo-ham/"),
    ],
)
def test_the_address_of_a_former_municipality_leads_to_the_one_it_is_part_of(client, path, target):
    response = client.get(path)
    assert response.status_code == 301 and response["Location"] == target


def test_an_unknown_municipality_is_still_not_found(client):
    assert client.get("/gemeenten/atlantis/").status_code == 404
    assert client.get("/embed/gemeenten/atlantis/").status_code == 404
