"""Journeys by keyboard alone: after the first page is opened, only typing (Ctrl+A to select a field's text), Tab,
Enter and Space. One test function per journey; `tab_to` (conftest.py) presses Tab until the wanted element has
the focus. The pages a journey reaches by posting a form are checked with `check_page` on the way."""

import re

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, User
from django.utils import timezone
from playwright.sync_api import expect

from igs.models import Network
from opti.grensbrekers.models import Signup
from opti.kennisbank.models import Article
from profiles.models import CoordinatorProfile
from regions.models import Municipality


def test_visitor_finds_a_municipality_from_the_header_search_and_reaches_its_igs(page, tab_to):
    page.goto("/regios/")  # the home page has its own search box instead
    tab_to("#zoekterm-kop")
    page.keyboard.type("Beveren")
    page.keyboard.press("Enter")

    expect(page.locator("h1")).to_have_text("Zoeken naar “Beveren”")
    tab_to(".results__name[href='/gemeenten/beveren-kruibeke-zwijndrecht/']")
    page.keyboard.press("Enter")

    expect(page.locator("h1")).to_have_text("Beveren-Kruibeke-Zwijndrecht")
    tab_to("a[href='/igs/interwaas/']")
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(r"/igs/interwaas/$"))
    expect(page.locator("h1")).to_have_text("Interwaas")
    expect(page.locator(".members")).to_contain_text("Beveren-Kruibeke-Zwijndrecht")


@pytest.mark.ignore_template_errors  # Django's admin templates rely on silently missing variables.
def test_editor_changes_an_igs_in_the_admin_and_sees_it_on_the_public_page(page, tab_to, live_server):
    editor = User.objects.create_user("redacteur", "redacteur@example.org", "redactie-wachtwoord", is_staff=True)
    editor.groups.add(Group.objects.get(name="Redactie"))
    co7 = Network.objects.get(slug="co7")
    description = "Nieuwe beschrijving, ingevuld door de redactie."

    page.goto("/admin/login/")
    expect(page.locator("#id_username")).to_be_focused()
    page.keyboard.type("redacteur")
    tab_to("#id_password")
    page.keyboard.type("redactie-wachtwoord")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/admin/$"))

    tab_to("a[href='/admin/igs/network/']")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/admin/igs/network/$"))
    tab_to(f"a[href='/admin/igs/network/{co7.pk}/change/']")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(rf"/admin/igs/network/{co7.pk}/change/$"))
    tab_to(".prose-editor .ProseMirror")  # the rich text editor in place of the textarea
    page.keyboard.press("ControlOrMeta+A")
    page.keyboard.type(description)
    tab_to("input[name='_save']")
    page.keyboard.press("Space")
    expect(page.locator(".messagelist")).to_contain_text("CO7")

    tab_to("#user-tools a[href='/']")
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{live_server.url}/")
    tab_to(".site-nav a[href='/igs/']")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/igs/$"))
    tab_to("a[href='/igs/co7/']")
    page.keyboard.press("Enter")

    expect(page.locator("h1")).to_have_text("CO7")
    expect(page.locator(".lead")).to_have_text(description)


def test_visitor_signs_up_for_grensbrekers_after_fixing_the_errors(page, tab_to, check_page, open_edition, mailoutbox):
    page.goto("/")
    tab_to(".site-nav a[href='/grensbrekers/']")
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("GRENSBREKERS")

    # The only open edition is chosen already. A first try with a mistyped e-mail address and fields left empty.
    expect(page.locator("#id_edition_0")).to_be_checked()
    tab_to("#id_name")
    page.keyboard.type("Lies Peeters")
    tab_to("#id_email")
    page.keyboard.type("lies.peeters@example")
    tab_to(".form button[type='submit']")
    page.keyboard.press("Enter")

    expect(page.locator(".error-summary")).to_contain_text("Niet alles is goed ingevuld")
    expect(page.locator("#id_email_error")).to_have_text("Vul een geldig e-mailadres in.")
    expect(page.locator("#id_organisation_type_error")).to_have_text("Kies het soort organisatie.")
    expect(page.locator("#id_consent_error")).to_have_text(
        "Zonder je toestemming kunnen we je inschrijving niet verwerken."
    )
    expect(page.locator("#id_name")).to_have_value("Lies Peeters")
    check_page("grensbrekers-errors")

    tab_to("#id_email")
    page.keyboard.press("ControlOrMeta+A")
    page.keyboard.type("lies.peeters@example.org")
    tab_to("#id_organisation")
    page.keyboard.type("Cultuurcentrum De Brug")
    tab_to("#id_organisation_type_0")  # Tab enters a radio group on its first button
    page.keyboard.press("Space")
    tab_to("#id_municipality")
    page.keyboard.type("Mechelen")  # a closed select picks the option that starts with what is typed
    tab_to("#id_function")
    page.keyboard.type("Programmator")
    tab_to("#id_consent")
    page.keyboard.press("Space")
    tab_to(".form button[type='submit']")
    page.keyboard.press("Enter")

    expect(page.locator("h1")).to_have_text("Kijk in je mailbox")
    check_page("grensbrekers-sent")
    assert Signup.objects.get(edition=open_edition).status == Signup.Status.UNCONFIRMED
    [message] = mailoutbox
    assert message.to == ["lies.peeters@example.org"]

    # The link in the mail shows the signup; the button confirms it.
    page.goto(re.search(r"https?://[^/\s]+(/grensbrekers/inschrijving/\S+/)", message.body)[1])
    expect(page.locator("h1")).to_have_text("Bevestig je inschrijving")
    check_page("grensbrekers-confirm")
    tab_to("main button[type='submit']")
    page.keyboard.press("Enter")

    expect(page.locator("h1")).to_have_text("Je bent ingeschreven")
    expect(page.locator(".lead")).to_contain_text("GRENSBREKERS testeditie")
    check_page("grensbrekers-signed-up")
    signup = Signup.objects.get(edition=open_edition)
    assert (signup.email, signup.organisation_type, signup.municipality.name, signup.status) == (
        "lies.peeters@example.org",
        Signup.OrganisationType.CULTURAL_CENTRE,
        "Mechelen",
        Signup.Status.PLACED,
    )
    assert [message.to for message in mailoutbox] == [["lies.peeters@example.org"]] * 2

    # Lies cannot come after all: the link in her mail cancels the signup.
    page.goto(re.search(r"https?://[^/\s]+(/grensbrekers/annuleren/\S+/)", mailoutbox[1].body)[1])
    expect(page.locator("h1")).to_have_text("Je inschrijving annuleren")
    check_page("grensbrekers-cancel")
    tab_to("main button[type='submit']")
    page.keyboard.press("Enter")
    expect(page.locator(".messages")).to_contain_text("Je inschrijving voor GRENSBREKERS testeditie is geannuleerd.")
    assert not Signup.objects.filter(edition=open_edition).exists()


def test_coordinator_logs_in_previews_and_saves_the_profile_and_sees_it_on_the_igs_page(page, tab_to, check_page):
    user = User.objects.create_user("anna.aerts", "anna.aerts@example.org", "coordinator-wachtwoord-2025")
    CoordinatorProfile.objects.create(
        user=user,
        network=Network.objects.get(slug="viertoren"),
        name="Anna Aerts",
        role="Coördinator Viertoren",
        challenge="Het oude antwoord.",
        published=True,
    )
    answer = "Alle bibliotheken van de regio samen laten programmeren."

    page.goto("/")
    tab_to(".site-nav a[href='/aanmelden/']")
    page.keyboard.press("Enter")
    expect(page.locator("#id_username")).to_be_focused()
    page.keyboard.type("anna.aerts")
    tab_to("#id_password")
    page.keyboard.type("coordinator-wachtwoord-2025")
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(r"/profiel/$"))
    expect(page.locator(".profile-card")).to_contain_text("Het oude antwoord.")
    check_page("profile-editor")

    tab_to("#id_challenge")
    page.keyboard.press("ControlOrMeta+A")
    page.keyboard.type(answer)
    tab_to("button[value='preview']")
    page.keyboard.press("Space")
    expect(page.locator("[role='status'].notice")).to_contain_text("Dit is een voorbeeld met je wijzigingen.")
    expect(page.locator(".profile-card")).to_contain_text(answer)
    expect(page.locator("#id_challenge")).to_have_value(answer)
    check_page("profile-preview")
    assert CoordinatorProfile.objects.get(user=user).challenge == "Het oude antwoord."

    tab_to("button[value='save']")
    page.keyboard.press("Space")
    expect(page.locator(".messages")).to_have_text("Je profiel is opgeslagen.")
    tab_to(".lead a[href='/igs/viertoren/']")
    page.keyboard.press("Enter")

    expect(page.locator("h1")).to_have_text("Viertoren")
    expect(page.locator(".profile-card")).to_contain_text(answer)

    # Anna also keeps Viertoren's own details.
    page.goto("/profiel/")
    tab_to("a[href='/profiel/igs/']")
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Gegevens van Viertoren")
    check_page("profile-network")
    tab_to("#id_phone")
    page.keyboard.press("ControlOrMeta+A")
    page.keyboard.type("053 12 34 56")
    tab_to("button[value='save']")
    page.keyboard.press("Space")
    expect(page.locator(".messages")).to_have_text("De gegevens van Viertoren zijn opgeslagen.")
    assert Network.objects.get(slug="viertoren").phone == "053 12 34 56"


@pytest.mark.ignore_template_errors
def test_editor_fixes_an_item_from_the_dashboard_and_it_leaves_the_list(page, tab_to, open_edition):
    editor = User.objects.create_user("redacteur", "redacteur@example.org", "redactie-wachtwoord", is_staff=True)
    editor.groups.add(Group.objects.get(name="Redactie"))
    without_website = Network.objects.filter(website="", memberships__ended_on__isnull=True).distinct()
    before = without_website.count()
    assert before
    # Signups of the open edition, for the screenshot of the list at 1280 px.
    for number, name in enumerate(["Anna Aerts-Vandenbroucke", "Bart Boone", "Charlotte Claeys-De Wilde"]):
        Signup.objects.create(
            edition=open_edition,
            name=name,
            email=f"deelnemer{number}@example.org",
            organisation="Cultuurcentrum De Brug",
            organisation_type="cultuurcentrum",
            municipality=Municipality.objects.get(slug="ieper"),
            function="programmator",
            status="geplaatst",
            confirmed_at=timezone.now(),
        )

    page.goto("/admin/login/")
    expect(page.locator("#id_username")).to_be_focused()  # typed before the autofocus, a first letter gets lost
    page.keyboard.type("redacteur")
    tab_to("#id_password")
    page.keyboard.type("redactie-wachtwoord")
    page.keyboard.press("Enter")
    expect(page.locator("#content")).to_contain_text("Wat vraagt aandacht?")
    page.screenshot(path=settings.BASE_DIR / "artifacts" / "screenshots" / "admin-dashboard-1280.png", full_page=True)

    tab_to("a[href='/admin/igs/network/?ontbreekt=website']")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/admin/igs/network/\?ontbreekt=website$"))
    network = without_website.order_by("name").first()
    tab_to(f"a[href^='/admin/igs/network/{network.pk}/change/']")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(rf"/admin/igs/network/{network.pk}/change/"))
    tab_to("#id_website")
    page.keyboard.type("https://www.voorbeeld.be/")
    tab_to("input[name='_save']")
    page.keyboard.press("Space")
    expect(page.locator(".messagelist")).to_contain_text(network.name)

    page.goto("/admin/")
    item = page.locator("a[href='/admin/igs/network/?ontbreekt=website'] + .attention__count")
    if before > 1:
        expect(item).to_have_text(str(before - 1))
    else:
        expect(item).to_have_count(0)

    page.goto(f"/admin/grensbrekers/signup/?edition__id__exact={open_edition.pk}")
    page.screenshot(path=settings.BASE_DIR / "artifacts" / "screenshots" / "admin-signups-1280.png", full_page=True)
    for name in ("Anna Aerts-Vandenbroucke", "Charlotte Claeys-De Wilde"):
        cell = page.locator("#result_list th.field-name, #result_list td.field-name").filter(has_text=name)
        assert cell.bounding_box()["height"] < 3 * 24, f"{name} wraps over more than two lines"


@pytest.mark.ignore_template_errors  # Django's admin templates rely on silently missing variables.
def test_editor_writes_previews_and_publishes_an_article_that_visitors_find(page, tab_to, tmp_path):
    editor = User.objects.create_user("redacteur", "redacteur@example.org", "redactie-wachtwoord", is_staff=True)
    editor.groups.add(Group.objects.get(name="Redactie"))
    pdf = tmp_path / "Handleiding regiowerking.pdf"
    pdf.write_bytes(b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n")

    # The editor (the admin may use the mouse): a publication, then the article.
    page.goto("/admin/login/")
    page.fill("#id_username", "redacteur")
    page.fill("#id_password", "redactie-wachtwoord")
    page.press("#id_password", "Enter")
    expect(page).to_have_url(re.compile(r"/admin/$"))  # logged in, before the next page is asked for
    page.goto("/admin/kennisbank/publication/add/")
    page.fill("#id_title", "Handleiding regiowerking")
    page.set_input_files("#id_file", str(pdf))
    page.check("#id_published")
    page.click("input[name='_save']")
    expect(page.locator(".messagelist")).to_contain_text("Handleiding regiowerking")

    page.goto("/admin/kennisbank/article/add/")
    page.locator("#id_title").press_sequentially("Een regionaal kunstenparcours organiseren")  # fills in the slug
    expect(page.locator("#id_slug")).to_have_value("een-regionaal-kunstenparcours-organiseren")
    page.fill("#id_lead", "Wat een kunstenparcours over de gemeentegrenzen heen vraagt.")
    tab_to(".prose-editor .ProseMirror")
    page.keyboard.type("## Samen plannen")  # the editor makes a heading of a line that starts with ##
    page.keyboard.press("Enter")
    page.keyboard.type("Lees ook de handleiding op https://www.voorbeeld.be/parcours en spreek af wie wat doet. ")
    page.select_option("#id_themes_from", label="Praktijk")
    page.click("#id_themes_add")
    page.select_option("#id_publications_from", label="Handleiding regiowerking")
    page.click("#id_publications_add")
    page.select_option("#id_networks_from", label="Ginter")
    page.click("#id_networks_add")
    page.click("input[name='_continue']")
    expect(page.locator(".messagelist")).to_contain_text("Een regionaal kunstenparcours organiseren")
    article = Article.objects.get(slug="een-regionaal-kunstenparcours-organiseren")
    assert "<h2>Samen plannen</h2>" in article.body
    assert '<a href="https://www.voorbeeld.be/parcours" rel="noopener noreferrer">' in article.body
    assert not article.published

    # The preview: only the editor sees the draft, with its banner.
    page.goto(article.get_absolute_url())
    expect(page.locator(".draft-banner")).to_contain_text("Concept — niet publiek.")
    expect(page.locator("h2", has_text="Samen plannen")).to_be_visible()
    expect(page.locator("a", has_text="Handleiding regiowerking")).to_contain_text("(PDF, 48\xa0bytes)")
    assert page.request.get("/kennisbank/feed.xml").text().count("kunstenparcours") == 0

    page.goto(f"/admin/kennisbank/article/{article.pk}/change/")
    page.check("#id_published")
    page.click("input[name='_save']")
    expect(page.locator(".messagelist")).to_contain_text("Een regionaal kunstenparcours organiseren")
    page.goto("/admin/")
    page.click("#logout-form button")

    # A visitor, by keyboard alone: the search, the article, its IGS; and the feed.
    page.goto("/kennisbank/")
    tab_to("#zoekterm-kop")
    page.keyboard.type("kunstenparcours")
    page.keyboard.press("Enter")
    expect(page.locator("#kennisbank-resultaten")).to_be_visible()
    expect(page.locator(".results mark").first).to_have_text(re.compile("kunstenparcours", re.IGNORECASE))
    tab_to(f".results__name[href='{article.get_absolute_url()}']")
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Een regionaal kunstenparcours organiseren")
    expect(page.locator(".draft-banner")).to_have_count(0)
    json_ld = page.locator("script[type='application/ld+json']").first.text_content()
    assert '"@type": "Article"' in json_ld
    tab_to("a[href='/igs/ginter/']")
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Ginter")
    expect(page.locator("#kennisbank-artikels + p + ul")).to_contain_text("Een regionaal kunstenparcours organiseren")
    assert "Een regionaal kunstenparcours organiseren" in page.request.get("/kennisbank/feed.xml").text()
