"""Every public page type in a real browser: accessible, no console errors or foreign requests, nothing wider than
the screen or overlapping at 360, 768 and 1280 px, a visible focus indicator, and screenshots at those widths (see
`check_page` in conftest.py)."""

from typing import NamedTuple

import pytest


class PageType(NamedTuple):
    name: str  # names the screenshots and the test
    path: str
    status: int = 200
    fixtures: tuple[str, ...] = ()  # fixtures (conftest.py) that add what the page needs


# One line per page type. Pages reached by posting a form (form errors, the Grensbrekers confirmation, the
# coordinator's profile editor and its preview) are checked on the way, in the journeys (test_journeys.py).
PAGE_TYPES = [
    PageType("home", "/"),
    PageType("home-with-quote", "/", fixtures=("team",)),
    PageType("regions", "/regios/"),
    PageType("region", "/regios/halle-vilvoorde/"),
    PageType("region-with-consultant", "/regios/westhoek/", fixtures=("team",)),
    PageType("networks", "/igs/"),
    PageType("network", "/igs/ginter/"),
    PageType("network-with-consultant", "/igs/co7/", fixtures=("team",)),
    PageType("municipality", "/gemeenten/pajottegem/"),
    PageType("municipality-without-igs", "/gemeenten/kraainem/"),
    PageType("search-results", "/zoeken/?q=beveren"),
    PageType("search-no-results", "/zoeken/?q=atlantis"),
    PageType("project", "/igs/ginter/projecten/oaze/"),
    PageType("subsidies", "/subsidies/"),
    PageType("subsidies-with-consultant", "/subsidies/", fixtures=("team",)),
    PageType("contact", "/contact/", fixtures=("team",)),
    PageType("contact-empty", "/contact/"),
    PageType("grensbrekers", "/grensbrekers/", fixtures=("open_edition",)),
    PageType("grensbrekers-sent", "/grensbrekers/verstuurd/"),
    PageType("grensbrekers-interest", "/grensbrekers/mijn-regio/?regio=westhoek"),
    PageType("grensbrekers-interest-sent", "/grensbrekers/mijn-regio/verstuurd/"),
    PageType("newsletter", "/nieuwsbrief/"),
    PageType("newsletter-sent", "/nieuwsbrief/verstuurd/"),
    PageType("login", "/aanmelden/"),
    PageType("password-reset", "/wachtwoord-vergeten/"),
    PageType("privacy", "/privacy/"),
    PageType("accessibility", "/toegankelijkheid/"),
    PageType("about-data", "/over-de-gegevens/"),
    PageType("open-data", "/open-data/"),
    PageType("kennisbank", "/kennisbank/", fixtures=("kennisbank_content",)),
    PageType("kennisbank-theme", "/kennisbank/?thema=praktijk", fixtures=("kennisbank_content",)),
    PageType("article", "/kennisbank/een-regierol-opnemen/", fixtures=("kennisbank_content",)),
    PageType("publications", "/publicaties/", fixtures=("kennisbank_content",)),
    PageType("home-with-brochure", "/", fixtures=("kennisbank_content",)),
    PageType("igs-check", "/igs-check/?regio=kempen&gemeente=herentals&gemeente=olen&gemeente=ieper"),
    PageType("embed", "/embed/gemeenten/antwerpen/"),
    PageType("not-found", "/bestaat-niet/", status=404),
]


@pytest.mark.parametrize("page_type", PAGE_TYPES, ids=[page_type.name for page_type in PAGE_TYPES])
def test_page_type_is_accessible_and_readable(request, page, check_page, page_type):
    for fixture in page_type.fixtures:
        request.getfixturevalue(fixture)
    assert page.goto(page_type.path).status == page_type.status
    check_page(page_type.name)
