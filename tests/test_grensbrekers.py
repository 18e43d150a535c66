"""GRENSBREKERS: the programme page, signing up (places, waitlist, duplicates, spam) and the editors' admin."""

import csv
import datetime
import io
import re
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.management import call_command
from django.db import connections
from django.test import Client
from django.utils import timezone
from django.utils.formats import date_format

from opti.grensbrekers.models import Edition, Interest, Signup
from regions.models import Municipality, Region

pytestmark = pytest.mark.django_db


def make_edition(slug="test-editie", capacity=2, opens=-5, closes=10, starts=30, ends=30, **fields):
    today = timezone.localdate()
    fields = {"place": "Zaal De Brug, Ieper", "start_time": datetime.time(9, 30), **fields}
    return Edition.objects.create(
        title=f"GRENSBREKERS {slug}",
        slug=slug,
        starts_on=today + timedelta(days=starts),
        ends_on=today + timedelta(days=ends),
        capacity=capacity,
        signup_opens_on=today + timedelta(days=opens),
        signup_closes_on=today + timedelta(days=closes),
        **fields,
    )


@pytest.fixture
def edition():
    return make_edition()


def form_data(edition, /, **changes):
    data = {
        "edition": edition.slug,
        "name": "An Peeters",
        "email": "an.peeters@example.org",
        "organisation": "Cultuurcentrum De Brug",
        "organisation_type": "cultuurcentrum",
        "municipality": "ieper",
        "function": "programmator",
        "motivation": "Samen met de buren een publiekswerking opzetten.",
        "consent": "on",
        "website": "",
    }
    data.update(changes)
    return data


def sign_up(client, edition, /, ip="127.0.0.1", **changes):
    return client.post("/grensbrekers/", form_data(edition, **changes), REMOTE_ADDR=ip)


def confirmation_link(email="an.peeters@example.org"):
    """The path of the link in the last confirmation mail to `email`."""
    message = [message for message in mail.outbox if message.to == [email] and "Bevestig" in message.subject][-1]
    return re.search(r"http://testserver(/grensbrekers/inschrijving/[^/\s]+/)", message.body)[1]


def sign_up_and_confirm(client, edition, /, ip="127.0.0.1", **changes):
    """Sign up, confirm with the link from the mail, and return the signup's page."""
    assert sign_up(client, edition, ip=ip, **changes)["Location"] == "/grensbrekers/verstuurd/"
    response = client.post(confirmation_link(changes.get("email", "an.peeters@example.org")), REMOTE_ADDR=ip)
    assert response.status_code == 302
    return client.get(response["Location"])


def h1_count(response):
    return len(re.findall(r"<h1[\s>]", response.content.decode()))


def test_page_explains_the_programme_and_shows_the_form(client, edition):
    response = client.get("/grensbrekers/")
    html = response.content.decode()
    assert response.status_code == 200
    assert h1_count(response) == 1
    assert "cultuurcentrum, een bibliotheek of een dienst cultuur of vrije tijd" in html
    assert edition.title in html
    for label in ("Naam", "E-mailadres", "Organisatie", "Functie", "Motivatie"):
        assert f">{label}</label>" in html
    assert "<legend>Soort organisatie</legend>" in html
    assert 'href="/privacy/">de privacyverklaring</a>' in html


def test_municipality_is_chosen_from_all_285_in_alphabetical_order(client, edition):
    html = client.get("/grensbrekers/").content.decode()
    select = html.split('<select name="municipality"')[1].split("</select>")[0]
    names = re.findall(r'<option value="[a-z0-9-]+">([^<]+)</option>', select)
    assert len(names) == 285
    assert names == sorted(Municipality.objects.values_list("name", flat=True))
    assert names[0] == "Aalst"


def test_one_open_edition_is_preselected(client):
    Edition.objects.all().delete()
    edition = make_edition()
    html = client.get("/grensbrekers/").content.decode()
    assert f'value="{edition.slug}" required id="id_edition_0" checked' in html


def test_a_signup_holds_nothing_until_its_address_is_confirmed(client, edition):
    response = sign_up(client, edition, email="An.Peeters@Example.org")
    assert response["Location"] == "/grensbrekers/verstuurd/"
    page = client.get("/grensbrekers/verstuurd/")
    assert h1_count(page) == 1
    assert "<h1>Kijk in je mailbox</h1>" in page.content.decode()
    assert "De link werkt 48 uur" in page.content.decode()
    signup = Signup.objects.get(edition=edition)
    assert (signup.email, signup.status, signup.waitlist_position, signup.confirmed_at) == (
        "an.peeters@example.org",
        "onbevestigd",
        None,
        None,
    )
    assert "waarvan nog 2 vrij" in client.get("/grensbrekers/").content.decode()

    [message] = mail.outbox
    assert message.to == ["an.peeters@example.org"]
    assert message.subject == f"Bevestig je inschrijving voor {edition.title}"
    assert "Bevestig je inschrijving met deze link (hij werkt 48 uur):" in message.body
    assert f"http://testserver{confirmation_link()}" in message.alternatives[0][0]


def test_an_example_edition_is_named_as_one_in_the_form_and_in_every_mail(client):
    example = make_edition(is_example=True)
    form = client.get("/grensbrekers/").content.decode().split('<form method="post"')[1]
    assert "GRENSBREKERS test-editie (voorbeeld)" in form
    client.post("/grensbrekers/", form_data(example))
    [message] = mail.outbox
    assert message.subject == "Bevestig je inschrijving voor GRENSBREKERS test-editie (voorbeeld)"
    assert "e-mailadres in voor GRENSBREKERS test-editie (voorbeeld), een editie" in message.body
    client.post(confirmation_link())
    assert "verzonnen voorbeeldeditie" in mail.outbox[-1].body


def test_opening_the_link_shows_the_signup_and_confirms_nothing(client, edition):
    sign_up(client, edition)
    page = client.get(confirmation_link())
    html = page.content.decode()
    assert h1_count(page) == 1
    assert "<h1>Bevestig je inschrijving</h1>" in html
    assert "an.peeters@example.org" in html and "Cultuurcentrum De Brug" in html
    assert "Ja, bevestig mijn inschrijving" in html
    assert "no-cache" in page["Cache-Control"]
    assert Signup.objects.get().status == "onbevestigd", "a GET (e.g. a mail scanner) confirms nothing"


def test_a_confirmed_signup_gets_a_place_a_page_and_an_email(client, edition):
    page = sign_up_and_confirm(client, edition)
    html = page.content.decode()
    assert h1_count(page) == 1
    assert "<h1>Je bent ingeschreven</h1>" in html
    assert "an.peeters@example.org" in html
    signup = Signup.objects.get(edition=edition)
    assert (signup.status, signup.waitlist_position) == ("geplaatst", None)
    assert signup.confirmed_at is not None
    assert signup.municipality.name == "Ieper"

    message = mail.outbox[-1]
    assert message.to == ["an.peeters@example.org"]
    assert message.subject == f"Je inschrijving voor {edition.title}"
    assert f"Je hebt een plaats voor {edition.title}." in message.body
    assert f"Wanneer: {date_format(edition.starts_on, 'l j F Y')}" in message.body
    html_body, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert "<strong>plaats</strong>" in html_body
    # Confirming again changes nothing and sends nothing.
    assert client.post(confirmation_link()).status_code == 302
    assert len(mail.outbox) == 2 and Signup.objects.get().status == "geplaatst"


def test_the_confirmation_mail_carries_nothing_typed_in_the_form(client, edition):
    sign_up(
        client,
        edition,
        email="slachtoffer@example.org",
        name="Klik hier: https://evil.example/",
        organisation="<a href='https://evil.example/'>Uw bank</a>",
        function="Bel +32 470 00 00 00",
        motivation="Uw account wordt geblokkeerd, https://evil.example/",
    )
    [message] = mail.outbox
    for text in (message.subject, message.body, message.alternatives[0][0]):
        assert "evil.example" not in text and "Klik hier" not in text and "+32 470" not in text and "bank" not in text


def test_made_up_addresses_take_no_place_from_whoever_confirms(client, edition):
    for i in range(20):
        assert sign_up(client, edition, ip="203.0.113.9", email=f"verzonnen{i}@example.org").status_code == 302
    page = sign_up_and_confirm(Client(), edition, ip="192.0.2.50", email="echt@example.org")
    assert "<h1>Je bent ingeschreven</h1>" in page.content.decode()
    assert "waarvan nog 1 vrij" in client.get("/grensbrekers/").content.decode()


def test_places_and_the_waitlist_follow_the_order_of_confirmation(client, edition):
    for i in range(4):
        assert sign_up(client, edition, email=f"persoon{i}@example.org").status_code == 302
    links = [confirmation_link(f"persoon{i}@example.org") for i in range(4)]
    for link in reversed(links):
        assert client.post(link).status_code == 302
    signups = {s.email: (s.status, s.waitlist_position) for s in Signup.objects.filter(edition=edition)}
    assert signups == {
        "persoon3@example.org": ("geplaatst", None),
        "persoon2@example.org": ("geplaatst", None),
        "persoon1@example.org": ("wachtlijst", 1),
        "persoon0@example.org": ("wachtlijst", 2),
    }
    assert "je staat op de wachtlijst, op plaats 2." in mail.outbox[-1].body
    assert "wachtlijst, op plaats 2</strong>" in mail.outbox[-1].alternatives[0][0]
    html = sign_up_and_confirm(client, edition, email="persoon9@example.org").content.decode()
    assert "<h1>Je staat op de wachtlijst</h1>" in html
    assert "op plaats <strong>3</strong>" in html


def test_page_shows_free_places_and_when_full(client, edition):
    assert "waarvan nog 2 vrij" in client.get("/grensbrekers/").content.decode()
    sign_up_and_confirm(client, edition, email="een@example.org")
    sign_up_and_confirm(client, edition, email="twee@example.org")
    assert "<strong>volzet</strong>" in client.get("/grensbrekers/").content.decode()


def test_an_address_confirmed_twice_for_one_edition_keeps_its_first_signup(client, edition):
    sign_up(client, edition)
    first = confirmation_link()
    cache.clear()  # an hour later: a new confirmation mail may go out
    sign_up(client, edition, email="  AN.PEETERS@example.org ", name="An P.")
    second = confirmation_link()
    assert first != second and Signup.objects.count() == 2
    client.post(first)
    response = client.post(second, follow=True)
    html = response.content.decode()
    assert "Met dit e-mailadres was je al eerder ingeschreven voor deze editie." in html
    assert "<h1>Je bent ingeschreven</h1>" in html and "Dag An Peeters" in html
    assert list(Signup.objects.values_list("name", "status")) == [("An Peeters", "geplaatst")]
    assert [message.subject for message in mail.outbox].count(f"Je inschrijving voor {edition.title}") == 1
    assert client.get(second).status_code == 404


def test_the_same_email_may_sign_up_for_another_edition(client, edition):
    other = make_edition(slug="andere-editie")
    sign_up_and_confirm(client, edition)
    sign_up_and_confirm(client, other)
    assert Signup.objects.filter(email="an.peeters@example.org", status="geplaatst").count() == 2


def test_closed_and_future_windows_are_announced_and_refused(client):
    Edition.objects.all().delete()
    closed = make_edition(slug="gesloten", opens=-20, closes=-1)
    future = make_edition(slug="later", opens=3, closes=20, starts=40, ends=41)
    html = client.get("/grensbrekers/").content.decode()
    assert "<strong>gesloten</strong> sinds" in html
    assert "kan vanaf" in html
    assert "De inschrijvingen zijn op dit moment gesloten" in html
    assert "<form" not in html.split('id="inschrijven"')[1]
    for edition in (closed, future):
        response = sign_up(client, edition)
        assert response.status_code == 200
        assert "Voor deze editie kan je je niet (meer) inschrijven." in response.content.decode()
    assert not Signup.objects.exists()


def test_edition_after_its_last_day_is_listed_under_previous_editions(client):
    make_edition(slug="voorbij", opens=-60, closes=-40, starts=-30, ends=-30)
    html = client.get("/grensbrekers/").content.decode()
    assert "GRENSBREKERS voorbij" in html.split("Vorige edities")[1]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("edition", "", "Kies de editie waarvoor je je inschrijft."),
        ("edition", "bestaat-niet", "Voor deze editie kan je je niet (meer) inschrijven."),
        ("name", "", "Vul je naam in."),
        ("name", "x" * 151, "Zorg dat deze waarde niet meer dan 150 tekens bevat"),
        ("email", "", "Vul je e-mailadres in."),
        ("email", "an.peeters", "Vul een geldig e-mailadres in."),
        ("email", "an@localhost", "Vul een e-mailadres met een publiek domein in, zoals naam@voorbeeld.be."),
        ("email", "an@[127.0.0.1]", "Vul een e-mailadres met een publiek domein in"),
        ("email", "an@cultuur.test", "Vul een e-mailadres met een publiek domein in"),
        ("organisation", "", "Vul de naam van je organisatie in."),
        ("organisation_type", "", "Kies het soort organisatie."),
        ("organisation_type", "kapsalon", "Kies een van de soorten organisatie uit de lijst."),
        ("municipality", "", "Kies de gemeente waar je organisatie ligt."),
        ("municipality", "atlantis", "Kies een Vlaamse gemeente uit de lijst."),
        ("municipality", "Ieper", "Kies een Vlaamse gemeente uit de lijst."),
        ("function", "", "Vul je functie in."),
        ("motivation", "x" * 2001, "Zorg dat deze waarde niet meer dan 2000 tekens bevat"),
        ("consent", "", "Zonder je toestemming kunnen we je inschrijving niet verwerken."),
        ("name", "An\x00Peeters", "Null-tekens zijn niet toegestaan."),
        ("name", "An\nBcc: iedereen@example.org", "Gebruik geen regeleinden, tabs of andere stuurtekens."),
        ("organisation", "De\x0bBrug", "Gebruik geen regeleinden, tabs of andere stuurtekens."),
        ("function", "program\u2028mator", "Gebruik geen regeleinden, tabs of andere stuurtekens."),
    ],
)
def test_each_invalid_field_gets_its_dutch_message_and_keeps_the_input(client, edition, field, value, message):
    data = form_data(edition, **{field: value})
    if field == "consent":
        del data["consent"]
    response = client.post("/grensbrekers/", data)
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert "Niet alles is goed ingevuld" in html
    assert f'<ul class="errorlist" id="id_{field}_error">' in html
    kept = "An Peeters" if field != "name" else "Cultuurcentrum De Brug"
    assert f'value="{kept}"' in html
    if field != "municipality":
        assert '<option value="ieper" selected>Ieper</option>' in html
    assert not Signup.objects.exists()
    assert mail.outbox == []


HOSTILE = [
    "",
    " ",
    "x" * 100_000,
    "<script>alert('x')</script>",
    "\x00",
    "a\x00b",
    "\x07\x1b[31m\x08",
    "\u202egnirts\u202c",
    '=HYPERLINK("http://example.org")',
    "'; DROP TABLE opti_signup; --",
    "😀" * 10,
]


@pytest.mark.parametrize("value", HOSTILE)
def test_no_input_in_any_field_causes_a_server_error(client, edition, settings, value):
    settings.FORM_RATE_LIMIT = 1000
    for field in form_data(edition):
        data = {**form_data(edition, email=f"{field}@example.org"), field: value}
        response = client.post("/grensbrekers/", data)
        assert response.status_code in (200, 302), field
        if response.status_code == 302:
            assert client.get(response["Location"]).status_code == 200


def test_markup_in_a_signup_is_shown_escaped(client, edition):
    sign_up(client, edition, name="<b>An</b>", organisation="<script>x()</script>")
    before = client.get(confirmation_link()).content.decode()
    after = client.post(confirmation_link(), follow=True).content.decode()
    for html in (before, after):
        assert "&lt;b&gt;An&lt;/b&gt;" in html and "<b>An</b>" not in html
        assert "<script>x()</script>" not in html
    assert "&lt;b&gt;An&lt;/b&gt;" in mail.outbox[-1].alternatives[0][0]
    assert "Dag <b>An</b>," in mail.outbox[-1].body


def test_csrf_token_is_required(edition):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/grensbrekers/", form_data(edition))
    assert response.status_code == 403
    assert "Je formulier kon niet verstuurd worden" in response.content.decode()
    assert h1_count(response) == 1
    assert not Signup.objects.exists()

    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', client.get("/grensbrekers/").content.decode())[1]
    response = client.post("/grensbrekers/", {**form_data(edition), "csrfmiddlewaretoken": token})
    assert response.status_code == 302


def test_honeypot_is_hidden_from_people_and_stops_bots(client, edition):
    html = client.get("/grensbrekers/").content.decode()
    honeypot = html.split('<div class="hp" aria-hidden="true">')[1].split("</div>")[0]
    assert '<label for="id_website">Laat dit veld leeg</label>' in honeypot
    assert 'tabindex="-1"' in honeypot and 'autocomplete="off"' in honeypot

    response = sign_up(client, edition, website="https://spam.example.org")
    html = response.content.decode()
    assert response.status_code == 200
    assert "We konden het formulier niet verwerken." in html
    assert 'name="website" id="id_website" value=""' in html
    assert not Signup.objects.exists()
    assert mail.outbox == []


def test_rate_limit_per_ip_answers_429_in_dutch_and_keeps_the_input(client, edition, settings):
    settings.FORM_RATE_LIMIT = 3
    settings.FORM_RATE_LIMIT_WINDOW = 600
    for i in range(3):
        assert sign_up(client, edition, email=f"p{i}@example.org", ip="192.0.2.1").status_code == 302
    client.get("/grensbrekers/", REMOTE_ADDR="192.0.2.1")
    response = client.post("/grensbrekers/", form_data(edition, email="p3@example.org"), REMOTE_ADDR="192.0.2.1")
    html = response.content.decode()
    assert response.status_code == 429
    assert response["Retry-After"] == "600"
    assert h1_count(response) == 1
    assert "te veel formulieren verstuurd. Wacht 10 minuten" in html
    assert 'value="p3@example.org"' in html
    assert Signup.objects.count() == 3
    other = client.post("/grensbrekers/", form_data(edition, email="p3@example.org"), REMOTE_ADDR="192.0.2.2")
    assert other.status_code == 302


def test_rate_limit_reads_the_configured_proxy_header(client, edition, settings):
    settings.FORM_RATE_LIMIT = 1
    settings.CLIENT_IP_HEADER = "HTTP_X_REAL_IP"

    def post(email, real_ip):
        return client.post("/grensbrekers/", form_data(edition, email=email), HTTP_X_REAL_IP=real_ip).status_code

    assert post("a@example.org", "198.51.100.1") == 302
    assert post("b@example.org", "198.51.100.2") == 302
    assert post("c@example.org", "198.51.100.1") == 429


def test_confirmation_link_cannot_be_forged_or_used_after_48_hours(client, edition, monkeypatch):
    sign_up(client, edition, email="een@example.org")
    sign_up(client, edition, email="twee@example.org")
    first, second = confirmation_link("een@example.org"), confirmation_link("twee@example.org")
    token = first.split("/")[-2]
    value, rest = token.split(":", 1)
    forged = f"/grensbrekers/inschrijving/{value[:-1]}{'A' if value[-1] != 'A' else 'B'}:{rest}/"
    for url in (forged, "/grensbrekers/inschrijving/2/", f"{first[:-2]}x/"):
        for response in (client.get(url), client.post(url)):
            assert response.status_code == 400
            assert "Deze link werkt niet" in response.content.decode()
            assert "een@example.org" not in response.content.decode()
    assert "twee@example.org" in client.get(second).content.decode()

    now = time.time()
    monkeypatch.setattr(time, "time", lambda: now + 48 * 3600 + 1)
    for response in (client.get(first), client.post(first)):
        assert response.status_code == 400
        assert "Deze link is verlopen" in response.content.decode()
    assert not Signup.objects.exclude(status="onbevestigd").exists()


def test_page_query_count_does_not_grow_with_editions_and_signups(client, django_assert_num_queries, edition):
    # 3, and OP/TIL's details (footer), read once per content version
    with django_assert_num_queries(4):
        client.get("/grensbrekers/")
    for i in range(5):
        make_edition(slug=f"extra-{i}")
        sign_up(client, edition, email=f"extra{i}@example.org", ip=f"192.0.2.{i}")
    # Signups do not change the content: the municipalities read for the form's last render are still current.
    # (The new editions did: OP/TIL's details are read again.)
    with django_assert_num_queries(3):
        client.get("/grensbrekers/")


# The editors' admin
ADMIN = pytest.mark.ignore_template_errors


def fill(edition, count):
    client = Client()
    for i in range(count):
        sign_up_and_confirm(client, edition, ip=f"192.0.2.{i}", email=f"persoon{i}@example.org", name=f"Persoon {i}")
    mail.outbox.clear()


def waitlist(edition):
    return list(
        Signup.objects.filter(edition=edition, status="wachtlijst")
        .order_by("waitlist_position")
        .values_list("name", "waitlist_position")
    )


@ADMIN
def test_editor_sees_the_signups_of_an_edition(editor_client, edition):
    fill(edition, 3)
    html = editor_client.get(f"/admin/grensbrekers/edition/{edition.pk}/change/").content.decode()
    assert "Persoon 0" in html and "Persoon 2" in html
    changelist = editor_client.get("/admin/grensbrekers/edition/").content.decode()
    assert f"/admin/grensbrekers/signup/?edition__id__exact={edition.pk}" in changelist
    response = editor_client.get("/admin/grensbrekers/signup/", {"edition__id__exact": edition.pk})
    assert response.context["cl"].result_count == 3


@ADMIN
def test_editor_moves_people_from_the_waitlist_and_the_rest_moves_up(editor_client, edition):
    fill(edition, 6)
    assert waitlist(edition) == [("Persoon 2", 1), ("Persoon 3", 2), ("Persoon 4", 3), ("Persoon 5", 4)]
    chosen = Signup.objects.filter(name__in=["Persoon 3", "Persoon 0"])
    response = editor_client.post(
        "/admin/grensbrekers/signup/",
        {"action": "promote", "_selected_action": [s.pk for s in chosen]},
        follow=True,
    )
    assert "1 inschrijving(en) van de wachtlijst naar een plaats gebracht" in response.content.decode()
    assert "3 plaatsen gegeven voor 2 plaatsen" in response.content.decode()
    assert Signup.objects.get(name="Persoon 3").status == "geplaatst"
    assert waitlist(edition) == [("Persoon 2", 1), ("Persoon 4", 2), ("Persoon 5", 3)]
    assert [m.to for m in mail.outbox] == [["persoon3@example.org"]]
    assert "Goed nieuws: er is een plaats vrijgekomen." in mail.outbox[0].body


@ADMIN
def test_deleting_a_waitlisted_signup_closes_the_gap(editor_client, edition):
    fill(edition, 5)
    victim = Signup.objects.get(name="Persoon 2")
    response = editor_client.post(f"/admin/grensbrekers/signup/{victim.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert waitlist(edition) == [("Persoon 3", 1), ("Persoon 4", 2)]
    both = Signup.objects.filter(name__in=["Persoon 3", "Persoon 0"])
    editor_client.post(
        "/admin/grensbrekers/signup/",
        {"action": "delete_selected", "_selected_action": [s.pk for s in both], "post": "yes"},
    )
    assert waitlist(edition) == [("Persoon 4", 1)]


@ADMIN
def test_a_place_that_comes_free_is_for_the_waitlist_not_for_a_newcomer(editor_client, client, edition):
    fill(edition, 3)  # two placed, one waiting
    placed = Signup.objects.get(name="Persoon 0")
    editor_client.post(f"/admin/grensbrekers/signup/{placed.pk}/delete/", {"post": "yes"})
    assert "volzet" in client.get("/grensbrekers/").content.decode()
    sign_up_and_confirm(client, edition, ip="192.0.2.99", email="nieuw@example.org", name="Nieuwkomer")
    assert Signup.objects.get(name="Nieuwkomer").status == "wachtlijst"
    assert waitlist(edition) == [("Persoon 2", 1), ("Nieuwkomer", 2)]
    waiting = Signup.objects.get(name="Persoon 2")
    editor_client.post("/admin/grensbrekers/signup/", {"action": "promote", "_selected_action": [waiting.pk]})
    assert Signup.objects.get(name="Persoon 2").status == "geplaatst"
    assert waitlist(edition) == [("Nieuwkomer", 1)]


@ADMIN
def test_editors_cannot_change_a_signups_email_address(editor_client, edition):
    fill(edition, 2)
    signup = Signup.objects.get(name="Persoon 1")
    html = editor_client.get(f"/admin/grensbrekers/signup/{signup.pk}/change/").content.decode()
    assert 'name="email"' not in html


@ADMIN
def test_signups_are_not_added_or_placed_by_hand(editor_client, edition):
    fill(edition, 1)
    signup = Signup.objects.get()
    assert editor_client.get("/admin/grensbrekers/signup/add/").status_code == 403
    html = editor_client.get(f"/admin/grensbrekers/signup/{signup.pk}/change/").content.decode()
    assert 'name="status"' not in html and 'name="waitlist_position"' not in html


@ADMIN
def test_editor_exports_signups_as_excel_friendly_csv_without_formulas(editor_client, edition):
    fill(edition, 3)
    sign_up(Client(), edition, email="x@example.org", name="=1+1", organisation="@SUM(A1)")
    response = editor_client.post(
        "/admin/grensbrekers/signup/",
        {"action": "export_csv", "_selected_action": list(Signup.objects.values_list("pk", flat=True))},
    )
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="grensbrekers-inschrijvingen.csv"' in response["Content-Disposition"]
    content = response.content.decode("utf-8")
    assert content.startswith("\ufeffeditie;naam;e-mailadres;")
    rows = list(csv.reader(io.StringIO(content.lstrip("\ufeff")), delimiter=";"))
    assert len(rows) == 5
    by_email = {row[2]: row for row in rows[1:]}
    assert by_email["persoon2@example.org"][8:10] == ["Wachtlijst", "1"]
    assert by_email["persoon0@example.org"][5] == "Ieper"
    assert by_email["x@example.org"][1] == "'=1+1"
    assert by_email["x@example.org"][3] == "'@SUM(A1)"


@ADMIN
def test_edition_dates_and_capacity_are_validated_in_dutch(editor_client):
    response = editor_client.post(
        "/admin/grensbrekers/edition/add/",
        {
            "title": "Fout\r\nBcc: iedereen@example.org",
            "place": "Ieper\tcentrum",
            "slug": "fout",
            "starts_on": "2027-03-10",
            "ends_on": "2027-03-01",
            "capacity": "0",
            "signup_opens_on": "2027-02-01",
            "signup_closes_on": "2027-01-01",
            "signups-TOTAL_FORMS": "0",
            "signups-INITIAL_FORMS": "0",
        },
    )
    html = response.content.decode()
    assert "De laatste dag mag niet vóór de eerste dag liggen." in html
    assert "De inschrijvingen kunnen niet sluiten vóór ze openen." in html
    assert "Een editie heeft minstens één plaats." in html
    assert html.count("Gebruik geen regeleinden, tabs of andere stuurtekens.") == 2
    assert not Edition.objects.filter(slug="fout").exists()


def test_a_line_break_saved_in_an_edition_title_never_fails_a_signup(client, edition):
    Edition.objects.filter(pk=edition.pk).update(title="GRENSBREKERS\nBcc: iedereen@example.org")
    assert "<h1>Je bent ingeschreven</h1>" in sign_up_and_confirm(client, edition).content.decode()
    assert Signup.objects.get(edition=edition).status == "geplaatst"
    assert [message.subject for message in mail.outbox] == [
        "Bevestig je inschrijving voor GRENSBREKERS Bcc: iedereen@example.org",
        "Je inschrijving voor GRENSBREKERS Bcc: iedereen@example.org",
    ]
    for message in mail.outbox:
        assert message.message()["Bcc"] is None and message.recipients() == ["an.peeters@example.org"]


# Concurrency: a transactional test, so that the threads see each other's commits. It runs after the other
# tests and the database is flushed afterwards, so it creates the data it needs.
@pytest.mark.django_db(transaction=True)
def test_thirty_parallel_confirmations_for_ten_places_end_with_ten_placed_and_twenty_waitlisted():
    region, _ = Region.objects.get_or_create(slug="testregio", defaults={"name": "Testregio"})
    Municipality.objects.get_or_create(
        nis_code="99999", defaults={"name": "Testgemeente", "province": "limburg", "region": region}
    )
    edition = make_edition(slug="parallel", capacity=10)

    def in_parallel(request):
        start = threading.Barrier(30)

        def run(i):
            try:
                client = Client(REMOTE_ADDR=f"10.0.0.{i}")
                start.wait()
                return request(client, i).status_code
            finally:
                connections.close_all()

        with ThreadPoolExecutor(max_workers=30) as pool:
            return list(pool.map(run, range(30)))

    def post_signup(client, i):
        data = form_data(edition, email=f"deelnemer{i}@example.org", municipality="testgemeente")
        return client.post("/grensbrekers/", data)

    assert in_parallel(post_signup) == [302] * 30
    signups = Signup.objects.filter(edition=edition)
    assert signups.filter(status="onbevestigd").count() == 30
    links = [confirmation_link(f"deelnemer{i}@example.org") for i in range(30)]
    assert in_parallel(lambda client, i: client.post(links[i])) == [302] * 30

    assert signups.filter(status="geplaatst").count() == 10
    positions = sorted(signups.filter(status="wachtlijst").values_list("waitlist_position", flat=True))
    assert positions == list(range(1, 21))
    # Places went in order of confirmation: nobody placed confirmed after someone on the waitlist, and the
    # waitlist is in the order of confirmation too.
    last_placed = max(signups.filter(status="geplaatst").values_list("confirmed_at", flat=True))
    waitlist = list(signups.filter(status="wachtlijst").order_by("waitlist_position"))
    assert last_placed <= waitlist[0].confirmed_at
    assert [s.confirmed_at for s in waitlist] == sorted(s.confirmed_at for s in waitlist)
    results = [message for message in mail.outbox if message.subject == f"Je inschrijving voor {edition.title}"]
    assert len(results) == 30
    assert sum("op de wachtlijst, op plaats" in message.body for message in results) == 20


# Time, place and cancelling


def cancel_link(email="an.peeters@example.org"):
    """The path of the cancel link in the last mail to `email` after confirmation."""
    message = [message for message in mail.outbox if message.to == [email]][-1]
    return re.search(r"http://testserver(/grensbrekers/annuleren/[^/\s]+/)", message.body)[1]


def test_an_edition_shows_its_start_time_and_place_everywhere(client, edition):
    when = f"{date_format(edition.starts_on, 'l j F Y')} om 9.30 uur"
    html = client.get("/grensbrekers/").content.decode()
    assert when in html and "Zaal De Brug, Ieper" in html
    sign_up(client, edition)
    confirm_mail = mail.outbox[-1]
    assert f"Wanneer: {when}" in confirm_mail.body and "Waar: Zaal De Brug, Ieper" in confirm_mail.body
    page = client.post(confirmation_link(), follow=True).content.decode()
    assert when in page and "Zaal De Brug, Ieper" in page
    result_mail = mail.outbox[-1]
    assert f"Wanneer: {when}" in result_mail.body and "Waar: Zaal De Brug, Ieper" in result_mail.body
    assert "Regionaal samenwerken, een website van OP/TIL" in result_mail.body


def test_an_edition_over_several_days_and_one_without_time_or_place(client):
    edition = make_edition(starts=30, ends=31, start_time=None, place="")
    html = client.get("/grensbrekers/").content.decode()
    first, last = (date_format(day, "l j F Y") for day in (edition.starts_on, edition.ends_on))
    assert f"van {first} tot en met {last}" in html
    assert "<dt>Waar</dt><dd>nog niet bekend</dd>" in html


def test_a_cancelled_place_goes_to_the_first_on_the_waitlist_who_is_mailed(client, edition):
    fill(edition, 2)
    sign_up_and_confirm(client, edition, email="wacht.een@example.org", name="Wacht Een", ip="192.0.2.50")
    sign_up_and_confirm(client, edition, email="wacht.twee@example.org", name="Wacht Twee", ip="192.0.2.51")
    assert waitlist(edition) == [("Wacht Een", 1), ("Wacht Twee", 2)]
    placed = Signup.objects.get(email="persoon0@example.org")
    link = placed.get_cancel_url()
    mail.outbox.clear()

    page = client.get(link)
    assert page.status_code == 200 and "Ja, annuleer mijn inschrijving" in page.content.decode()
    assert page["Cache-Control"].startswith("max-age=0")
    assert Signup.objects.filter(pk=placed.pk).exists()  # opening the link cancels nothing

    response = client.post(link, follow=True)
    assert "is geannuleerd" in response.content.decode()
    assert not Signup.objects.filter(pk=placed.pk).exists()
    assert Signup.objects.get(email="wacht.een@example.org").status == "geplaatst"
    assert waitlist(edition) == [("Wacht Twee", 1)]
    (message,) = mail.outbox
    assert message.to == ["wacht.een@example.org"]
    assert message.subject.startswith("Er is een plaats voor je vrijgekomen")
    assert "/grensbrekers/annuleren/" in message.body

    again = client.post(link)
    assert again.status_code == 404 and "bestaat niet meer" in again.content.decode()


def test_the_mail_after_confirmation_carries_a_working_cancel_link(client, edition):
    sign_up_and_confirm(client, edition)
    link = cancel_link()
    client.post(link)
    assert not Signup.objects.filter(edition=edition).exists()


def test_leaving_the_waitlist_moves_the_rest_up_and_gives_no_place(client, edition):
    fill(edition, 2)
    for number in range(3):
        sign_up_and_confirm(client, edition, email=f"w{number}@example.org", name=f"W{number}", ip=f"192.0.2.6{number}")
    mail.outbox.clear()
    client.post(Signup.objects.get(email="w0@example.org").get_cancel_url())
    assert waitlist(edition) == [("W1", 1), ("W2", 2)]
    assert Signup.objects.filter(edition=edition, status="geplaatst").count() == 2
    assert mail.outbox == []


def test_a_cancel_link_cannot_be_forged_and_a_past_edition_cannot_be_cancelled(client, edition):
    sign_up_and_confirm(client, edition)
    signup = Signup.objects.get()
    link = signup.get_cancel_url()
    assert client.post(link[:-3] + "xx/").status_code == 400
    assert client.post(f"/grensbrekers/annuleren/{signup.pk}/").status_code == 400
    Edition.objects.filter(pk=edition.pk).update(
        starts_on=timezone.localdate() - timedelta(days=2), ends_on=timezone.localdate() - timedelta(days=1)
    )
    response = client.post(link)
    assert "annuleren kan niet meer" in response.content.decode()
    assert Signup.objects.filter(pk=signup.pk).exists()


@ADMIN
def test_a_past_edition_may_lack_its_time_and_place(editor_client):
    edition = make_edition(slug="oud", opens=-60, closes=-40, starts=-30, ends=-30, place="", start_time=None)
    data = edition_admin_form(
        title=edition.title,
        slug=edition.slug,
        starts_on=edition.starts_on.isoformat(),
        ends_on=edition.ends_on.isoformat(),
        signup_opens_on=edition.signup_opens_on.isoformat(),
        signup_closes_on=edition.signup_closes_on.isoformat(),
        start_time="",
        place="",
        capacity="30",
    )
    assert editor_client.post(f"/admin/grensbrekers/edition/{edition.pk}/change/", data).status_code == 302
    assert Edition.objects.get(pk=edition.pk).capacity == 30


@ADMIN
def test_an_edition_needs_a_place_and_a_start_time(editor_client):
    response = editor_client.post(
        "/admin/grensbrekers/edition/add/",
        {
            "title": "GRENSBREKERS zonder plaats",
            "slug": "zonder-plaats",
            "starts_on": "2027-03-10",
            "ends_on": "2027-03-10",
            "capacity": "20",
            "signup_opens_on": "2027-02-01",
            "signup_closes_on": "2027-03-01",
            "signups-TOTAL_FORMS": "0",
            "signups-INITIAL_FORMS": "0",
        },
    )
    errors = response.context["adminform"].form.errors
    assert errors.keys() == {"place", "start_time"}
    assert errors["place"] == ["Vul de plaats in: deelnemers zien ze op de pagina, in hun e-mail en agenda."]
    assert not Edition.objects.filter(slug="zonder-plaats").exists()


@ADMIN
def test_the_signups_list_and_the_signups_of_past_editions_on_the_dashboard(editor_client, edition):
    fill(edition, 2)
    html = editor_client.get("/admin/").content.decode()
    assert "Inschrijvingen voor voorbije GRENSBREKERS-edities" not in html
    Edition.objects.filter(pk=edition.pk).update(
        starts_on=timezone.localdate() - timedelta(days=2), ends_on=timezone.localdate() - timedelta(days=1)
    )
    html = editor_client.get("/admin/").content.decode()
    assert "Inschrijvingen voor voorbije GRENSBREKERS-edities (gewist 365 dagen na de editie)" in html
    assert 'href="/admin/grensbrekers/signup/?editie=voorbij"' in html
    response = editor_client.get("/admin/grensbrekers/signup/?editie=voorbij")
    assert response.context["cl"].result_count == 2
    assert [column["text"] for column in response.context["result_headers"]][1:] == [
        "naam",
        "editie",
        "status",
        "plaats op de wachtlijst",
        "bevestigd op",
    ]


# "Laat me weten wanneer GRENSBREKERS naar mijn regio komt"


def ask_interest(client, email="fan@example.org", region="westhoek", **extra):
    return client.post("/grensbrekers/mijn-regio/", {"email": email, "region": region, "website": ""}, **extra)


def interest_links(message):
    confirm = re.search(r"http://testserver(/grensbrekers/mijn-regio/bevestigen/[^/\s]+/)", message.body)[1]
    unsubscribe = re.search(r"http://testserver(/grensbrekers/mijn-regio/uitschrijven/[^/\s]+/)", message.body)[1]
    return confirm, unsubscribe


def edition_admin_form(region="", **changes):
    today = timezone.localdate()
    data = {
        "title": "GRENSBREKERS Westhoek",
        "slug": "westhoek-2027",
        "description": "",
        "starts_on": (today + timedelta(days=60)).isoformat(),
        "start_time": "09:30",
        "ends_on": (today + timedelta(days=60)).isoformat(),
        "place": "Zaal De Brug, Ieper",
        "region": region,
        "capacity": "20",
        "signup_opens_on": today.isoformat(),
        "signup_closes_on": (today + timedelta(days=50)).isoformat(),
        "signups-TOTAL_FORMS": "0",
        "signups-INITIAL_FORMS": "0",
    }
    return {**data, **changes}


def test_interest_in_a_region_is_confirmed_through_the_mailed_link(client):
    page = client.get("/grensbrekers/mijn-regio/?regio=westhoek").content.decode()
    assert '<option value="westhoek" selected>Westhoek</option>' in page
    assert 'href="/grensbrekers/mijn-regio/"' in client.get("/grensbrekers/").content.decode()
    assert ask_interest(client)["Location"] == "/grensbrekers/mijn-regio/verstuurd/"
    interest = Interest.objects.get()
    assert interest.confirmed_at is None and interest.region.slug == "westhoek"
    (message,) = mail.outbox
    assert "Westhoek" in message.subject
    confirm, _ = interest_links(message)
    assert "Ja, laat het me weten" in client.get(confirm).content.decode()
    assert Interest.objects.get().confirmed_at is None  # opening the link confirms nothing
    assert client.post(confirm).status_code == 302
    assert Interest.objects.get().confirmed_at is not None
    assert "Bevestigd" in client.get(confirm).content.decode()


def test_interest_errors_are_dutch_and_keep_the_input(client):
    html = ask_interest(client, email="geen-adres", region="atlantis").content.decode()
    assert "Vul een geldig e-mailadres in." in html
    assert "Kies een van de vijftien referentieregio’s uit de lijst." in html
    assert 'value="geen-adres"' in html
    assert not Interest.objects.exists()


def confirmed_interest(client, email, region):
    mail.outbox.clear()
    ask_interest(client, email=email, region=region)
    client.post(interest_links(mail.outbox[-1])[0])
    mail.outbox.clear()


@ADMIN
def test_an_edition_in_a_region_mails_everyone_interested_in_it_once(editor_client):
    visitor = Client()
    confirmed_interest(visitor, "een@example.org", "westhoek")
    confirmed_interest(visitor, "twee@example.org", "westhoek")
    confirmed_interest(visitor, "elders@example.org", "limburg")
    ask_interest(visitor, email="onbevestigd@example.org", region="westhoek")
    mail.outbox.clear()

    # Saved first without a region: nobody to tell yet.
    assert editor_client.post("/admin/grensbrekers/edition/add/", edition_admin_form()).status_code == 302
    assert mail.outbox == []
    edition = Edition.objects.get(slug="westhoek-2027")
    westhoek = Region.objects.get(slug="westhoek")
    url = f"/admin/grensbrekers/edition/{edition.pk}/change/"
    response = editor_client.post(url, edition_admin_form(region=westhoek.pk), follow=True)
    assert "2 personen krijgen een e-mail dat GRENSBREKERS naar Westhoek komt." in response.content.decode()
    assert sorted(message.to[0] for message in mail.outbox) == ["een@example.org", "twee@example.org"]
    message = mail.outbox[0]
    assert message.subject == "GRENSBREKERS komt naar Westhoek: GRENSBREKERS Westhoek"
    assert "Waar: Zaal De Brug, Ieper, referentieregio Westhoek" in message.body
    assert "/grensbrekers/mijn-regio/uitschrijven/" in message.body

    mail.outbox.clear()
    editor_client.post(url, edition_admin_form(region=westhoek.pk, capacity="25"))
    assert mail.outbox == []  # saved again: nothing new
    assert Edition.objects.get(pk=edition.pk).announced_at is not None

    # The unsubscribe link in the mail takes the address off the list.
    unsubscribe = re.search(r"http://testserver(/grensbrekers/mijn-regio/uitschrijven/[^/\s]+/)", message.body)[1]
    assert "Schrijf me uit" in visitor.get(unsubscribe).content.decode()
    visitor.post(unsubscribe)
    assert not Interest.objects.filter(email=message.to[0]).exists()


@ADMIN
def test_example_and_closed_editions_are_not_announced(editor_client):
    confirmed_interest(Client(), "een@example.org", "westhoek")
    westhoek = Region.objects.get(slug="westhoek").pk
    editor_client.post("/admin/grensbrekers/edition/add/", edition_admin_form(region=westhoek, is_example="on"))
    today = timezone.localdate()
    closed = edition_admin_form(
        region=westhoek,
        slug="voorbij",
        signup_opens_on=(today - timedelta(days=20)).isoformat(),
        signup_closes_on=(today - timedelta(days=1)).isoformat(),
    )
    editor_client.post("/admin/grensbrekers/edition/add/", closed)
    assert Edition.objects.count() == 2
    assert mail.outbox == []


def test_unconfirmed_interest_is_purged_like_a_newsletter_subscription(client, settings):
    ask_interest(client)
    Interest.objects.update(
        created_at=timezone.now() - timedelta(days=settings.UNCONFIRMED_SUBSCRIPTION_RETENTION_DAYS + 1)
    )
    call_command("purge_personal_data", verbosity=0)
    assert not Interest.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_two_processes_announcing_one_edition_send_once():
    region, _ = Region.objects.get_or_create(slug="testregio-2", defaults={"name": "Testregio 2"})
    edition = make_edition(slug="aankondiging", region=region)
    start = threading.Barrier(8)

    def claim(_):
        try:
            start.wait()
            return Edition.objects.get(pk=edition.pk).claim_announcement()
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=8) as pool:
        assert sorted(pool.map(claim, range(8))) == [False] * 7 + [True]


@ADMIN
def test_an_edition_moved_to_another_region_is_announced_there_once(editor_client):
    visitor = Client()
    confirmed_interest(visitor, "west@example.org", "westhoek")
    confirmed_interest(visitor, "limburg@example.org", "limburg")
    westhoek, limburg = (Region.objects.get(slug=slug).pk for slug in ("westhoek", "limburg"))
    editor_client.post("/admin/grensbrekers/edition/add/", edition_admin_form(region=westhoek))
    edition = Edition.objects.get(slug="westhoek-2027")
    url = f"/admin/grensbrekers/edition/{edition.pk}/change/"
    editor_client.post(url, edition_admin_form(region=limburg))
    editor_client.post(url, edition_admin_form(region=limburg, capacity="30"))
    assert [message.to for message in mail.outbox] == [["west@example.org"], ["limburg@example.org"]]


def test_confirming_while_an_edition_in_the_region_is_open_shows_it(client):
    make_edition(slug="al-open", region=Region.objects.get(slug="westhoek"))
    Edition.objects.update(announced_at=timezone.now(), announced_region=Region.objects.get(slug="westhoek"))
    ask_interest(client)
    confirm, _ = interest_links(mail.outbox[-1])
    html = client.post(confirm, follow=True).content.decode()
    assert "Nu al gepland in Westhoek" in html and "GRENSBREKERS al-open" in html


def test_region_pages_offer_the_interest_list(client):
    html = client.get("/regios/westhoek/").content.decode()
    assert 'href="/grensbrekers/mijn-regio/?regio=westhoek"' in html
    assert html.index("GRENSBREKERS in Westhoek") > html.index("De IGS hieronder werden erkend")  # after the IGS


def test_no_address_in_what_the_admin_history_keeps_of_an_interest(client):
    ask_interest(client)
    assert str(Interest.objects.get()) == "Interesse voor Westhoek"
