"""GRENSBREKERS: the programme page, signing up (places, waitlist, duplicates, spam) and the editors' admin."""

import csv
import io
import re
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connections
from django.test import Client
from django.utils import timezone
from django.utils.formats import date_format

from opti.models import Edition, Signup
from regions.models import Municipality, Region

pytestmark = pytest.mark.django_db


def make_edition(slug="test-editie", capacity=2, opens=-5, closes=10, starts=30, ends=30, **fields):
    today = timezone.localdate()
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


def test_signup_gets_a_place_a_confirmation_page_and_an_email(client, edition):
    response = sign_up(client, edition, email="An.Peeters@Example.org")
    assert response.status_code == 302
    assert response["Location"].startswith("/grensbrekers/inschrijving/")
    signup = Signup.objects.get(edition=edition)
    assert signup.email == "an.peeters@example.org"
    assert (signup.status, signup.waitlist_position) == ("geplaatst", None)
    assert signup.municipality.name == "Ieper"

    page = client.get(response["Location"])
    html = page.content.decode()
    assert h1_count(page) == 1
    assert "<h1>Je bent ingeschreven</h1>" in html
    assert "an.peeters@example.org" in html

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["an.peeters@example.org"]
    assert message.subject == f"Je inschrijving voor {edition.title}"
    assert f"Je hebt een plaats voor {edition.title}." in message.body
    assert f"Wanneer: {date_format(edition.starts_on, 'l j F Y')}" in message.body
    html_body, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert "<strong>plaats</strong>" in html_body


def test_signups_beyond_capacity_go_on_the_waitlist_in_order_of_arrival(client, edition):
    for i in range(4):
        assert sign_up(client, edition, email=f"persoon{i}@example.org").status_code == 302
    signups = list(Signup.objects.filter(edition=edition).order_by("created_at", "pk"))
    assert [(s.status, s.waitlist_position) for s in signups] == [
        ("geplaatst", None),
        ("geplaatst", None),
        ("wachtlijst", 1),
        ("wachtlijst", 2),
    ]
    assert "je staat op de wachtlijst, op plaats 2." in mail.outbox[3].body
    assert "wachtlijst, op plaats 2</strong>" in mail.outbox[3].alternatives[0][0]
    response = sign_up(client, edition, email="persoon9@example.org")
    html = client.get(response["Location"]).content.decode()
    assert "<h1>Je staat op de wachtlijst</h1>" in html
    assert "op plaats <strong>3</strong>" in html


def test_page_shows_free_places_and_when_full(client, edition):
    assert "waarvan nog 2 vrij" in client.get("/grensbrekers/").content.decode()
    sign_up(client, edition, email="een@example.org")
    sign_up(client, edition, email="twee@example.org")
    assert "<strong>volzet</strong>" in client.get("/grensbrekers/").content.decode()


def test_the_same_email_twice_for_one_edition_gets_a_friendly_message(client, edition):
    sign_up(client, edition)
    response = sign_up(client, edition, email="  AN.PEETERS@example.org ", name="An P.")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Met dit e-mailadres is al iemand ingeschreven voor deze editie." in html
    assert 'value="An P."' in html
    assert Signup.objects.filter(edition=edition).count() == 1
    assert len(mail.outbox) == 1


def test_the_same_email_may_sign_up_for_another_edition(client, edition):
    other = make_edition(slug="andere-editie")
    assert sign_up(client, edition).status_code == 302
    assert sign_up(client, other).status_code == 302
    assert Signup.objects.filter(email="an.peeters@example.org").count() == 2


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
    assert "Niet alles is goed ingevuld." in html
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
    response = sign_up(client, edition, name="<b>An</b>", organisation="<script>x()</script>")
    html = client.get(response["Location"]).content.decode()
    assert "&lt;b&gt;An&lt;/b&gt;" in html and "<b>An</b>" not in html
    assert "<script>x()</script>" not in html
    assert "&lt;b&gt;An&lt;/b&gt;" in mail.outbox[0].alternatives[0][0]
    assert "Dag <b>An</b>," in mail.outbox[0].body


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


def test_confirmation_link_cannot_be_forged_or_reused_forever(client, edition, monkeypatch):
    first = sign_up(client, edition, email="een@example.org")["Location"]
    second = sign_up(client, edition, email="twee@example.org")["Location"]
    token = first.split("/")[-2]
    value, rest = token.split(":", 1)
    forged = f"/grensbrekers/inschrijving/{value[:-1]}{'A' if value[-1] != 'A' else 'B'}:{rest}/"
    for url in (forged, "/grensbrekers/inschrijving/2/", f"{first[:-2]}x/"):
        response = client.get(url)
        assert response.status_code == 400
        assert "Deze link werkt niet" in response.content.decode()
        assert "een@example.org" not in response.content.decode()
    assert "twee@example.org" in client.get(second).content.decode()

    now = time.time()
    monkeypatch.setattr(time, "time", lambda: now + 2 * 24 * 3600)
    response = client.get(first)
    assert response.status_code == 400
    assert "Deze link is verlopen" in response.content.decode()


def test_page_query_count_does_not_grow_with_editions_and_signups(client, django_assert_num_queries, edition):
    with django_assert_num_queries(3):
        client.get("/grensbrekers/")
    for i in range(5):
        make_edition(slug=f"extra-{i}")
        sign_up(client, edition, email=f"extra{i}@example.org", ip=f"192.0.2.{i}")
    with django_assert_num_queries(3):
        client.get("/grensbrekers/")


# The editors' admin
ADMIN = pytest.mark.ignore_template_errors


def fill(edition, count):
    client = Client()
    for i in range(count):
        sign_up(client, edition, ip=f"192.0.2.{i}", email=f"persoon{i}@example.org", name=f"Persoon {i}")
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
    html = editor_client.get(f"/admin/opti/edition/{edition.pk}/change/").content.decode()
    assert "Persoon 0" in html and "Persoon 2" in html
    changelist = editor_client.get("/admin/opti/edition/").content.decode()
    assert f"/admin/opti/signup/?edition__id__exact={edition.pk}" in changelist
    response = editor_client.get("/admin/opti/signup/", {"edition__id__exact": edition.pk})
    assert response.context["cl"].result_count == 3


@ADMIN
def test_editor_moves_people_from_the_waitlist_and_the_rest_moves_up(editor_client, edition):
    fill(edition, 6)
    assert waitlist(edition) == [("Persoon 2", 1), ("Persoon 3", 2), ("Persoon 4", 3), ("Persoon 5", 4)]
    chosen = Signup.objects.filter(name__in=["Persoon 3", "Persoon 0"])
    response = editor_client.post(
        "/admin/opti/signup/",
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
    response = editor_client.post(f"/admin/opti/signup/{victim.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert waitlist(edition) == [("Persoon 3", 1), ("Persoon 4", 2)]
    both = Signup.objects.filter(name__in=["Persoon 3", "Persoon 0"])
    editor_client.post(
        "/admin/opti/signup/",
        {"action": "delete_selected", "_selected_action": [s.pk for s in both], "post": "yes"},
    )
    assert waitlist(edition) == [("Persoon 4", 1)]


@ADMIN
def test_a_place_that_comes_free_is_for_the_waitlist_not_for_a_newcomer(editor_client, client, edition):
    fill(edition, 3)  # two placed, one waiting
    placed = Signup.objects.get(name="Persoon 0")
    editor_client.post(f"/admin/opti/signup/{placed.pk}/delete/", {"post": "yes"})
    assert "volzet" in client.get("/grensbrekers/").content.decode()
    sign_up(client, edition, ip="192.0.2.99", email="nieuw@example.org", name="Nieuwkomer")
    assert Signup.objects.get(name="Nieuwkomer").status == "wachtlijst"
    assert waitlist(edition) == [("Persoon 2", 1), ("Nieuwkomer", 2)]
    waiting = Signup.objects.get(name="Persoon 2")
    editor_client.post("/admin/opti/signup/", {"action": "promote", "_selected_action": [waiting.pk]})
    assert Signup.objects.get(name="Persoon 2").status == "geplaatst"
    assert waitlist(edition) == [("Nieuwkomer", 1)]


@ADMIN
def test_editors_cannot_change_a_signups_email_address(editor_client, edition):
    fill(edition, 2)
    signup = Signup.objects.get(name="Persoon 1")
    html = editor_client.get(f"/admin/opti/signup/{signup.pk}/change/").content.decode()
    assert 'name="email"' not in html


@ADMIN
def test_signups_are_not_added_or_placed_by_hand(editor_client, edition):
    fill(edition, 1)
    signup = Signup.objects.get()
    assert editor_client.get("/admin/opti/signup/add/").status_code == 403
    html = editor_client.get(f"/admin/opti/signup/{signup.pk}/change/").content.decode()
    assert 'name="status"' not in html and 'name="waitlist_position"' not in html


@ADMIN
def test_editor_exports_signups_as_excel_friendly_csv_without_formulas(editor_client, edition):
    fill(edition, 3)
    sign_up(Client(), edition, email="x@example.org", name="=1+1", organisation="@SUM(A1)")
    response = editor_client.post(
        "/admin/opti/signup/",
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
        "/admin/opti/edition/add/",
        {
            "title": "Fout",
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
    assert not Edition.objects.filter(slug="fout").exists()


# Concurrency: a transactional test, so that the threads see each other's commits. It runs after the other
# tests and the database is flushed afterwards, so it creates the data it needs.
@pytest.mark.django_db(transaction=True)
def test_thirty_parallel_signups_for_ten_places_end_with_ten_placed_and_twenty_waitlisted():
    region, _ = Region.objects.get_or_create(slug="testregio", defaults={"name": "Testregio"})
    Municipality.objects.get_or_create(
        nis_code="99999", defaults={"name": "Testgemeente", "province": "limburg", "region": region}
    )
    edition = make_edition(slug="parallel", capacity=10)
    start = threading.Barrier(30)

    def post(i):
        try:
            client = Client(REMOTE_ADDR=f"10.0.0.{i}")
            start.wait()
            data = form_data(edition, email=f"deelnemer{i}@example.org", municipality="testgemeente")
            return client.post("/grensbrekers/", data).status_code
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=30) as pool:
        statuses = list(pool.map(post, range(30)))

    assert statuses == [302] * 30
    signups = Signup.objects.filter(edition=edition)
    assert signups.count() == 30
    assert signups.filter(status="geplaatst").count() == 10
    positions = sorted(signups.filter(status="wachtlijst").values_list("waitlist_position", flat=True))
    assert positions == list(range(1, 21))
    # Places went in order of arrival: nobody placed arrived after someone on the waitlist.
    last_placed = max(signups.filter(status="geplaatst").values_list("pk", flat=True))
    assert last_placed < min(signups.filter(status="wachtlijst").values_list("pk", flat=True))
    assert len(mail.outbox) == 30
    assert sum("op de wachtlijst, op plaats" in message.body for message in mail.outbox) == 20
