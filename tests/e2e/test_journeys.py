"""Journeys by keyboard alone: after the first page is opened, only typing (Ctrl+A to select a field's text), Tab,
Enter and Space. One test function per journey; `tab_to` (conftest.py) presses Tab until the wanted element has
the focus. The pages a journey reaches by posting a form are checked with `check_page` on the way."""

import re

import pytest
from django.contrib.auth.models import Group, User
from playwright.sync_api import expect

from igs.models import Network
from opti.models import Signup
from profiles.models import CoordinatorProfile


def test_visitor_finds_a_municipality_from_the_header_search_and_reaches_its_igs(page, tab_to):
    page.goto("/")
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
    tab_to("#id_description")
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

    expect(page.locator(".error-summary")).to_contain_text("Niet alles is goed ingevuld.")
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
    assert [message.to for message in mailoutbox] == [["lies.peeters@example.org"]]


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
    tab_to(".site-account a[href='/aanmelden/']")
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
