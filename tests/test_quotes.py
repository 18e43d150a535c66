"""Quotes: on the home page and on the pages of the regions and IGS they concern; invented ones only with --demo."""

import re

import pytest
from django.core.management import call_command
from django.test import override_settings

from igs.models import Network
from opti.quotes.models import Quote
from regions.models import Region

pytestmark = pytest.mark.django_db


def make_quote(text="Samen staan we sterker.", regions=(), networks=(), **fields):
    quote = Quote.objects.create(
        text=text, person="Sara Testpersoon", organisation="Cultuurdienst Test", **{"published": True, **fields}
    )
    quote.regions.set(Region.objects.filter(slug__in=regions))
    quote.networks.set(Network.objects.filter(slug__in=networks))
    return quote


def test_home_page_shows_the_quote_placed_there(client):
    assert "Uit de praktijk" not in client.get("/").content.decode()
    make_quote("Niet op de startpagina.")
    make_quote("Niet gepubliceerd.", on_home_page=True, published=False)
    make_quote(on_home_page=True)
    page = client.get("/").content.decode()
    assert "“Samen staan we sterker.”" in page and "Sara Testpersoon, Cultuurdienst Test" in page
    assert "Niet op de startpagina." not in page and "Niet gepubliceerd." not in page


def test_region_and_network_pages_show_their_quotes(client):
    make_quote(regions=["westhoek"], networks=["co7"])
    assert "“Samen staan we sterker.”" in client.get("/regios/westhoek/").content.decode()
    assert "“Samen staan we sterker.”" in client.get("/igs/co7/").content.decode()
    assert "Uit de praktijk" not in client.get("/regios/limburg/").content.decode()


def test_home_page_query_count_stays_the_same_with_a_quote(client, settings, django_assert_num_queries):
    settings.PAGE_CACHE_SECONDS = 0
    make_quote(on_home_page=True, regions=["westhoek"])
    client.get("/")
    with django_assert_num_queries(3):
        assert "Samen staan we sterker." in client.get("/").content.decode()


def test_demo_quotes_only_with_demo_and_labelled(client):
    assert not Quote.objects.exists()
    with override_settings(DEBUG=True):
        call_command("seed", "--demo", verbosity=0)
    assert Quote.objects.exists() and not Quote.objects.filter(is_example=False).exists()
    page = client.get("/").content.decode()
    assert re.search(r"verzonnen citaat.*badge--example\">Voorbeeld</span>", page, re.DOTALL)
