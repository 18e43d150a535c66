"""Real-browser tests: Playwright drives the system's Chromium against pytest-django's live server.

Run them with `make e2e` (Chromium from `apt-get install chromium`, or set CHROMIUM_PATH); nothing here ever
downloads a browser. Every test here is transactional (the live server needs committed data) and starts from the
seeded reference data, restored in bulk from a snapshot taken once per run.
"""

import os
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.apps import apps
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.utils import timezone
from playwright.sync_api import sync_playwright

from igs.models import Network
from opti.contact.models import Organisation
from opti.grensbrekers.models import Edition
from opti.kennisbank.models import Article, Publication, Theme
from opti.management.commands.seed import load
from regions.models import Region

# Playwright's sync API keeps an asyncio event loop in the test thread, where Django then refuses database
# calls; the tests use the database synchronously all the same, so that guard does not apply.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_PATH = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
# Headless and quiet: no sandbox (CI runs as root), no GPU, and none of the browser's own network traffic.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
SCREENSHOTS = settings.BASE_DIR / "artifacts" / "screenshots"
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]},
    "resultTypes": ["violations"],
}
# How many Tab stops from the top of a page get their focus indicator checked.
FOCUS_STOPS = 12


@pytest.fixture(scope="session")
def chromium():
    """The system's Chromium and its command-line flags, for tools that start it themselves (Lighthouse)."""
    return CHROMIUM_PATH, CHROMIUM_ARGS


@pytest.fixture(scope="session", autouse=True)
def _plain_http_live_server():
    """The live server speaks plain http. SecurityMiddleware reads this once, when the server starts."""
    with override_settings(SECURE_SSL_REDIRECT=False):
        yield


@pytest.fixture(scope="session")
def seeded_rows(django_db_setup, django_db_blocker):
    """Every row of the seeded database, read once per run."""
    with django_db_blocker.unblock():
        return [
            (model, list(model._base_manager.all()))
            for model in apps.get_models(include_auto_created=True)
            if model._meta.managed and not model._meta.proxy
        ]


@pytest.fixture(autouse=True)
def seeded_db(transactional_db, seeded_rows):
    """Restore the seeded data in bulk: much faster than `serialized_rollback`, which saves row by row.
    pytest-django empties the database after each transactional test, and its post-migrate signal then adds
    content types and permissions again; emptying once more here keeps their snapshot's ids."""
    call_command("flush", interactive=False, verbosity=0, inhibit_post_migrate=True)
    with transaction.atomic():
        for model, rows in seeded_rows:
            model._base_manager.bulk_create(rows)


@pytest.fixture
def team():
    """The example consultants and quote of `seed --demo`, and OP/TIL's details filled in with test values."""
    load("demo/consultants")
    load("demo/quotes")
    Organisation.objects.create(
        street="Teststraat 1", postcode="1000", city="Brussel", email="info@example.org", phone="02 000 00 00"
    )


@pytest.fixture
def open_edition():
    """A GRENSBREKERS edition open for signup today, and a past one, instead of the seeded example editions, whose
    signup windows open and close on fixed dates: the Grensbrekers page then looks the same on any day."""
    today = timezone.localdate()
    Edition.objects.all().delete()
    Edition.objects.create(
        title="GRENSBREKERS vorige testeditie",
        slug="vorige-testeditie",
        starts_on=today - timedelta(days=100),
        ends_on=today - timedelta(days=99),
        capacity=20,
        signup_opens_on=today - timedelta(days=200),
        signup_closes_on=today - timedelta(days=110),
    )
    return Edition.objects.create(
        title="GRENSBREKERS testeditie",
        slug="testeditie",
        starts_on=today + timedelta(days=60),
        ends_on=today + timedelta(days=60),
        capacity=20,
        signup_opens_on=today - timedelta(days=10),
        signup_closes_on=today + timedelta(days=30),
    )


@pytest.fixture
def kennisbank_content():
    """Articles over two pages of the knowledge base, one with a heading, a link, a quote and attachments, related
    articles, linked to an IGS and a region; and the brochure."""
    brochure = Publication(
        title="Brochure intergemeentelijk samenwerken (testbestand)", is_brochure=True, published=True
    )
    brochure.file = ContentFile(b"%PDF-1.4\n%%EOF\n", name="brochure.pdf")
    brochure.save()
    themes = {theme.slug: theme for theme in Theme.objects.all()}
    today = timezone.localdate()
    for number in range(12):
        article = Article.objects.create(
            title=f"Testartikel {number + 1} over samenwerken",
            slug=f"testartikel-{number + 1}",
            lead="Een artikel om de lijst te testen, met een inleiding van een paar woorden.",
            body="<p>Tekst.</p>",
            published=True,
            published_on=today - timedelta(days=number + 2),
        )
        article.themes.set([themes["samenwerken"], themes["praktijk"]] if number % 2 else [themes["beleid"]])
    article = Article.objects.create(
        title="Een regierol opnemen",
        slug="een-regierol-opnemen",
        lead="Hoe een IGS cultuur de culturele spelers in zijn regio verbindt.",
        body='<h2>Verbinden</h2><p>Zie ook <a href="/igs/">de lijst van IGS</a>.</p>'
        "<blockquote>Een citaat.</blockquote><ul><li>Een</li><li>Twee</li></ul>",
        published=True,
        published_on=today - timedelta(days=1),
    )
    article.themes.set([themes["samenwerken"], themes["praktijk"]])
    article.publications.add(brochure)
    article.networks.add(Network.objects.get(slug="ginter"))
    article.regions.add(Region.objects.get(slug="halle-vilvoorde"))
    return article


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM_PATH, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    """A browser tab on the live server (relative URLs work), 1280 px wide. The test fails on a console error,
    an uncaught script error or a request to any other host; such requests are blocked."""
    host = urlsplit(live_server.url).netloc
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 800})
    problems = []
    console_errors = []
    failed_documents = set()

    def block(route):
        problems.append(f"request to another host: {route.request.url}")
        route.abort()

    def remember_failed_document(response):
        if response.request.is_navigation_request() and not response.ok:
            failed_documents.add(response.url)

    context.route(lambda url: urlsplit(url).netloc != host, block)
    page = context.new_page()
    page.on("console", lambda message: message.type == "error" and console_errors.append(message))
    page.on("pageerror", lambda error: problems.append(f"script error: {error}"))
    page.on("response", remember_failed_document)
    yield page
    context.close()
    # A page served with an error status (the 404 page) makes Chromium log "Failed to load resource" for the
    # document itself; the test asserts that status, so only the page's own resources and scripts count here.
    problems += [
        f"console error: {message.text} ({message.location['url']})"
        for message in console_errors
        if not (message.location["url"] in failed_documents and message.text.startswith("Failed to load resource"))
    ]
    assert not problems, "\n".join(problems)


@pytest.fixture
def tab_to(page):
    """Press Tab until the focused element matches the CSS `selector` (after the page has loaded)."""

    def tab_to(selector, limit=300):
        page.wait_for_load_state()
        for _ in range(limit):
            page.keyboard.press("Tab")
            if page.evaluate("selector => document.activeElement.matches(selector)", selector):
                return
        raise AssertionError(f"{limit} presses of Tab did not reach {selector} on {page.url}")

    return tab_to


# In the page: elements that stick out of the viewport (not inside a box that scrolls or clips), and pairs of text
# boxes that overlap (text nodes only, outside the maps and outside what is hidden from sight or folded away).
LAYOUT_PROBLEMS = """() => {
    const width = document.documentElement.clientWidth;
    const clipped = element => {
        for (let e = element.parentElement; e; e = e.parentElement) {
            if (["auto", "scroll", "hidden", "clip"].includes(getComputedStyle(e).overflowX)) return true;
        }
        return false;
    };
    const problems = [];
    for (const element of document.body.querySelectorAll("*")) {
        const box = element.getBoundingClientRect();
        if (box.width && (box.right > width + 1 || box.left < -1) && !clipped(element)
                && !element.closest(".skip-link, .hp, svg")) {
            problems.push(`wider than the viewport: ${element.outerHTML.slice(0, 100)}`);
        }
    }
    const texts = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const parent = node.parentElement;
        if (!node.textContent.trim()) continue;
        if (parent.closest("svg, .skip-link, .visually-hidden, .hp, script, style")) continue;
        if (parent.closest("details:not([open])") && !parent.closest("summary")) continue;
        const style = getComputedStyle(parent);
        if (style.visibility === "hidden" || style.display === "none") continue;
        const range = document.createRange();
        range.selectNodeContents(node);
        for (const box of range.getClientRects()) {
            if (box.width > 2 && box.height > 2) texts.push({box, text: node.textContent.trim().slice(0, 40)});
        }
    }
    for (let i = 0; i < texts.length; i++) {
        for (let j = i + 1; j < texts.length; j++) {
            const a = texts[i].box, b = texts[j].box;
            const x = Math.min(a.right, b.right) - Math.max(a.left, b.left);
            const y = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
            if (x > 2 && y > 2) problems.push(`text overlaps: "${texts[i].text}" and "${texts[j].text}"`);
        }
    }
    return problems.slice(0, 10);
}"""


@pytest.fixture
def check_page(page):
    """Check the page as it is now, at 360, 768 and 1280 px wide: no axe-core violations, no horizontal scrolling,
    no element wider than the viewport, no overlapping text, a header of at most 120 px on a phone, a visible focus
    indicator on the first Tab stops; and save a full-page screenshot at each width as
    artifacts/screenshots/<name>-<width>.png. Resizing does not reload, so a page after a POST works too, and a
    journey can go on afterwards (at 1280 px; `tab_to` goes round the page from wherever the focus is)."""
    axe = Axe()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def check(name):
        for width in (360, 768, 1280):
            page.set_viewport_size({"width": width, "height": 800})
            results = axe.run(page, options=AXE_OPTIONS)
            assert results.violations_count == 0, f"{name} at {width} px: {results.generate_report()}"
            scroll_width, client_width = page.evaluate(
                "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
            )
            assert scroll_width <= client_width, f"{name} scrolls sideways at {width} px ({scroll_width} px wide)"
            problems = page.evaluate(LAYOUT_PROBLEMS)
            assert not problems, f"{name} at {width} px:\n" + "\n".join(problems)
            if width == 360:  # a compact header on phones
                header = page.evaluate("document.querySelector('.site-header')?.offsetHeight ?? 0")
                assert header <= 120, f"{name}: the header is {header} px high at 360 px (at most 120)"
            page.screenshot(path=SCREENSHOTS / f"{name}-{width}.png", full_page=True)
        # axe no longer reports repeated ids, but they break aria-labelledby and SVG references.
        repeated_ids = page.evaluate(
            "[...document.querySelectorAll('[id]')].map(e => e.id).filter((id, i, ids) => ids.indexOf(id) !== i)"
        )
        assert not repeated_ids, f"{name}: ids used more than once: {repeated_ids}"
        for _ in range(FOCUS_STOPS):
            page.keyboard.press("Tab")
            focused = page.evaluate(
                """() => {
                    const element = document.activeElement;
                    const style = getComputedStyle(element);
                    const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
                    return {
                        html: element.outerHTML.slice(0, 120),
                        isBody: element === document.body,
                        visible: outline || style.boxShadow !== "none",
                    };
                }"""
            )
            if focused["isBody"]:
                break
            assert focused["visible"], f"{name}: no visible focus indicator on {focused['html']}"

    return check
