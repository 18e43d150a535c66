"""Sharing and search engines: canonical addresses, Open Graph and Twitter card tags, and JSON-LD on every page."""

import json
from html.parser import HTMLParser

import pytest
from conftest import image_upload
from test_public_pages import all_public_urls

from igs.models import Project
from opti.contact.models import Organisation
from regions.models import Municipality

pytestmark = pytest.mark.django_db

SITE = "https://regio.example.org"


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = SITE


class Head(HTMLParser):
    """The head's meta and link tags, the JSON-LD blocks of the whole page, and whether it shows breadcrumbs."""

    def __init__(self, html):
        super().__init__()
        self.meta, self.links, self.json_ld, self.breadcrumbs = {}, {}, [], False
        self._in_json_ld = False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta":
            self.meta[attrs.get("property") or attrs.get("name")] = attrs.get("content")
        elif tag == "link":
            self.links[attrs["rel"]] = attrs["href"]
        elif tag == "script" and attrs.get("type") == "application/ld+json":
            self._in_json_ld = True
            self.json_ld.append("")
        elif tag == "nav" and attrs.get("class") == "breadcrumbs":
            self.breadcrumbs = True

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_json_ld = False

    def handle_data(self, data):
        if self._in_json_ld:
            self.json_ld[-1] += data


def parse(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return Head(response.content.decode())


def test_every_page_has_a_canonical_address_sharing_tags_and_valid_json_ld(client):
    urls = all_public_urls()
    assert "/contact/" in urls
    for url in urls:
        head = parse(client, url)
        canonical = head.links["canonical"]
        assert canonical == SITE + url.split("?")[0], url
        assert head.meta["og:url"] == canonical
        assert head.meta["og:title"] and "·" not in head.meta["og:title"], url
        assert head.meta["og:description"] == head.meta["description"], url
        assert head.meta["og:type"] == "website" and head.meta["twitter:card"] == "summary"
        types = []
        for block in head.json_ld:
            data = json.loads(block)
            assert data["@context"] == "https://schema.org" and data["@type"], url
            types.append(data["@type"])
            if data["@type"] == "BreadcrumbList":
                items = data["itemListElement"]
                assert [item["position"] for item in items] == list(range(1, len(items) + 1)), url
                assert all(item["item"].startswith(SITE + "/") and item["name"] for item in items), url
                assert items[-1]["item"] == canonical
        assert ("BreadcrumbList" in types) == head.breadcrumbs, url


def test_breadcrumbs_of_a_municipality(client):
    ieper = Municipality.objects.get(slug="ieper")
    head = parse(client, "/gemeenten/ieper/")
    (data,) = [json.loads(block) for block in head.json_ld]
    assert [(item["name"], item["item"]) for item in data["itemListElement"]] == [
        ("Regio’s", f"{SITE}/regios/"),
        (ieper.region.name, f"{SITE}{ieper.region.get_absolute_url()}"),
        ("Ieper", f"{SITE}/gemeenten/ieper/"),
    ]


def test_home_page_describes_the_organisation_with_only_what_is_filled_in(client):
    (data,) = [json.loads(block) for block in parse(client, "/").json_ld]
    assert data == {
        "@context": "https://schema.org",
        "@type": "Organization",
        "name": "OP/TIL",
        "url": "https://www.cultuuroptil.be/",
    }
    Organisation.objects.create(name="OP/TIL", street="Teststraat 1", postcode="1000", city="Brussel", website="")
    (data,) = [json.loads(block) for block in parse(client, "/").json_ld]
    assert "url" not in data and "email" not in data
    assert data["address"] == {
        "@type": "PostalAddress",
        "streetAddress": "Teststraat 1",
        "postalCode": "1000",
        "addressLocality": "Brussel",
        "addressCountry": "BE",
    }


def test_json_ld_cannot_end_its_data_block(client):
    Organisation.objects.create(name="OP</script><script>alert(1)</script>", website="")
    html = client.get("/").content.decode()
    assert "<script>alert(1)" not in html
    (data,) = [json.loads(block) for block in Head(html).json_ld]
    assert data["name"] == "OP</script><script>alert(1)</script>"


def test_canonical_address_leaves_out_tracking_and_what_the_page_does_not_use(client):
    # The knowledge base's theme and page number are kept: tests/test_kennisbank.py.
    assert parse(client, "/regios/?utm_source=nieuwsbrief").links["canonical"] == f"{SITE}/regios/"
    assert parse(client, "/zoeken/?q=beveren&page=1").links["canonical"] == f"{SITE}/zoeken/"
    assert parse(client, "/zoeken/?q=beveren&page=2").links["canonical"] == f"{SITE}/zoeken/"


def test_a_project_with_an_image_shares_it(client):
    project = Project.objects.published().select_related("network").first()
    project.image = image_upload()
    project.save()
    head = parse(client, project.get_absolute_url())
    assert head.meta["og:image"] == f"{SITE}{project.image.url}"
    assert head.meta["og:title"] == f"{project.title} — {project.network.name}"
