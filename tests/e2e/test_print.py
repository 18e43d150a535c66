"""Printing: an IGS page is a fact sheet on one A4 page, without navigation, search or footer."""

import re

import pytest
from playwright.sync_api import expect

from igs.models import Network


def pages_in(pdf):
    return len(re.findall(rb"/Type\s*/Page(?!s)", pdf))


def test_every_igs_page_prints_on_one_a4_page(page):
    for network in Network.objects.order_by("slug"):
        page.goto(network.get_absolute_url())
        page.emulate_media(media="print")
        for hidden in (".site-header", ".site-footer", ".breadcrumbs"):
            expect(page.locator(hidden)).to_be_hidden()
        expect(page.locator("h1")).to_be_visible()
        expect(page.locator(".map")).to_be_visible()
        pdf = page.pdf(format="A4", prefer_css_page_size=True)
        assert pages_in(pdf) == 1, f"{network.slug}: {pages_in(pdf)} pages"


@pytest.mark.parametrize("slug", ["co7", "cultuurregio-pajottenland-zennevallei"])
def test_the_fact_sheet_holds_name_map_members_population_region_recognition_and_coordinator(page, slug):
    network = Network.objects.get(slug=slug)
    page.goto(network.get_absolute_url())
    page.emulate_media(media="print")
    text = page.locator("main").inner_text()
    for fact in ("Referentieregio", "Inwoners", "Erkenning", "leden"):
        assert fact in text, fact
    if slug == "co7":
        expect(page.locator(".profile-card__name")).to_have_text("Rosita Boussemaere")
        expect(page.locator(".interview")).to_be_hidden()
