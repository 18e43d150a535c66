"""Journeys by keyboard alone: after the first page is opened, only typing (Ctrl+A to select a field's text), Tab,
Enter and Space. One test function per journey; `tab_to` (conftest.py) presses Tab until the wanted element has
the focus."""

import re

import pytest
from django.contrib.auth.models import Group, User
from playwright.sync_api import expect

from igs.models import Network


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
