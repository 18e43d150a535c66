"""Newsletters: double opt-in by e-mail, confirm and unsubscribe without login, the editors' CSV export."""

import csv
import io
import re
import time

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client

from opti.contact.models import Organisation
from opti.newsletter.models import Subscription

pytestmark = pytest.mark.django_db


def h1_count(response):
    return len(re.findall(r"<h1[\s>]", response.content.decode()))


def subscribe(client, email="lid@example.org", newsletters=("algemeen",), **extra):
    return client.post("/nieuwsbrief/", {"email": email, "newsletters": list(newsletters), "website": ""}, **extra)


def links(message):
    confirm = re.search(r"http://testserver(/nieuwsbrief/bevestigen/[^/\s]+/)", message.body)[1]
    unsubscribe = re.search(r"http://testserver(/nieuwsbrief/uitschrijven/[^/\s]+/)", message.body)[1]
    return confirm, unsubscribe


def rows(email):
    """{(newsletter, still unconfirmed)} for the address."""
    return {(s.newsletter, s.confirmed_at is None) for s in Subscription.objects.filter(email=email)}


def test_page_offers_both_newsletters(client):
    response = client.get("/nieuwsbrief/")
    html = response.content.decode()
    assert h1_count(response) == 1
    assert '<label for="id_email">E-mailadres</label>' in html
    assert "<legend>Welke nieuwsbrieven wil je ontvangen?</legend>" in html
    assert 'value="algemeen"' in html and "Algemene nieuwsbrief</label>" in html
    assert 'value="projecten"' in html and "Nieuwsbrief projecten</label>" in html


def test_subscribing_sends_a_confirmation_link_and_stores_nothing_confirmed(client):
    response = subscribe(client, email="Lid@Example.org", newsletters=["algemeen", "projecten"])
    assert response.status_code == 302
    assert response["Location"] == "/nieuwsbrief/verstuurd/"
    page = client.get(response["Location"])
    assert h1_count(page) == 1
    assert "Kijk in je mailbox" in page.content.decode()
    assert rows("lid@example.org") == {("algemeen", True), ("projecten", True)}

    [message] = mail.outbox
    assert message.to == ["lid@example.org"]
    assert message.subject == "Bevestig je inschrijving op de nieuwsbrief van OP/TIL"
    assert "algemene nieuwsbrief en de nieuwsbrief projecten" in message.body
    confirm, unsubscribe = links(message)
    html_body = message.alternatives[0][0]
    assert f"http://testserver{confirm}" in html_body
    assert f'href="http://testserver{unsubscribe}"' in html_body


def test_confirming_takes_a_post_from_the_page_behind_the_link(client):
    subscribe(client, newsletters=["projecten"])
    confirm, _ = links(mail.outbox[0])
    page = client.get(confirm)
    html = page.content.decode()
    assert h1_count(page) == 1
    assert "<h1>Bevestig je inschrijving</h1>" in html
    assert "lid@example.org" in html and "nieuwsbrief projecten" in html
    assert rows("lid@example.org") == {("projecten", True)}, "a GET (e.g. a mail scanner) confirms nothing"

    response = client.post(confirm)
    assert response.status_code == 302 and response["Location"] == confirm
    assert rows("lid@example.org") == {("projecten", False)}
    assert "<h1>Je inschrijving is bevestigd</h1>" in client.get(confirm).content.decode()
    client.post(confirm)
    assert Subscription.objects.filter(email="lid@example.org").count() == 1


def test_confirm_link_works_without_login_from_another_browser(client):
    subscribe(client)
    confirm, _ = links(mail.outbox[0])
    assert Client().post(confirm).status_code == 302
    assert rows("lid@example.org") == {("algemeen", False)}


def test_a_confirm_link_older_than_an_unsubscribe_does_nothing(client):
    subscribe(client, newsletters=["algemeen", "projecten"])
    old_confirm, unsubscribe = links(mail.outbox[0])
    client.post(unsubscribe)
    assert rows("lid@example.org") == set()
    for response in (client.post(old_confirm), client.get(old_confirm)):
        assert response.status_code == 404
        assert "Deze link is verlopen" in response.content.decode()
    assert rows("lid@example.org") == set()

    cache.clear()  # an hour later
    subscribe(client, newsletters=["algemeen"])
    client.post(old_confirm)
    assert rows("lid@example.org") == {("algemeen", True)}, "the old link does not confirm the new request"
    new_confirm, _ = links(mail.outbox[1])
    client.post(new_confirm)
    assert rows("lid@example.org") == {("algemeen", False)}


def test_a_confirm_link_whose_request_was_purged_asks_to_subscribe_again(client):
    subscribe(client)
    confirm, _ = links(mail.outbox[0])
    Subscription.objects.all().delete()
    response = client.post(confirm)
    assert response.status_code == 404
    assert 'href="/nieuwsbrief/">Begin opnieuw</a>' in response.content.decode()
    assert rows("lid@example.org") == set()


def test_expired_confirmation_link_gets_a_friendly_page(client, monkeypatch):
    now = time.time()
    monkeypatch.setattr(time, "time", lambda: now - 8 * 24 * 3600)
    subscribe(client)
    monkeypatch.setattr(time, "time", lambda: now)
    confirm, _ = links(mail.outbox[0])
    for response in (client.get(confirm), client.post(confirm)):
        assert response.status_code == 400
        assert "Deze link is verlopen" in response.content.decode()
        assert h1_count(response) == 1
    assert rows("lid@example.org") == {("algemeen", True)}


@pytest.mark.parametrize(
    "url",
    [
        "/nieuwsbrief/bevestigen/abc/",
        "/nieuwsbrief/bevestigen/eyJlbWFpbCI6ImFAZXhhbXBsZS5vcmcifQ:1xVYWb:AAAA/",
        "/nieuwsbrief/uitschrijven/abc/",
        "/nieuwsbrief/uitschrijven/%00/",
        "/nieuwsbrief/bevestigen/" + "x" * 5000 + "/",
    ],
)
def test_tampered_links_get_a_friendly_page(client, url):
    for response in (client.get(url), client.post(url)):
        assert response.status_code == 400
        assert "Deze link werkt niet" in response.content.decode()


def test_a_link_for_one_purpose_cannot_be_used_for_another(client):
    subscribe(client)
    confirm, unsubscribe = links(mail.outbox[0])
    token = unsubscribe.split("/")[-2]
    assert client.post(f"/nieuwsbrief/bevestigen/{token}/").status_code == 400
    assert client.post(f"/nieuwsbrief/uitschrijven/{confirm.split('/')[-2]}/").status_code == 400


def test_resubscribing_does_not_reveal_whether_the_address_was_known(client):
    subscribe(client, email="bekend@example.org")
    Client().post(links(mail.outbox[0])[0])
    mail.outbox.clear()
    cache.clear()  # an hour later: the address may get a confirmation mail again

    known = subscribe(client, email="bekend@example.org")
    unknown = subscribe(client, email="nieuw@example.org")
    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    assert len(mail.outbox) == 2
    assert mail.outbox[0].subject == mail.outbox[1].subject
    assert mail.outbox[0].body.split("http")[0] == mail.outbox[1].body.split("http")[0]
    assert rows("bekend@example.org") == {("algemeen", False)}, "still confirmed, not duplicated"


def test_unsubscribing_asks_first_then_removes_the_address_from_every_list(client):
    subscribe(client, newsletters=["algemeen", "projecten"])
    confirm, unsubscribe = links(mail.outbox[0])
    client.post(confirm)
    page = client.get(unsubscribe)
    html = page.content.decode()
    assert h1_count(page) == 1
    assert "Schrijf me uit voor alle nieuwsbrieven" in html
    assert "de algemene nieuwsbrief en de nieuwsbrief projecten" in html
    assert Subscription.objects.filter(email="lid@example.org").count() == 2

    response = Client().post(unsubscribe)
    assert response.status_code == 302
    assert not Subscription.objects.filter(email="lid@example.org").exists()
    assert "<h1>Je bent uitgeschreven</h1>" in client.get(unsubscribe).content.decode()


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"email": "", "newsletters": ["algemeen"]}, "email", "Vul je e-mailadres in."),
        ({"email": "geen adres", "newsletters": ["algemeen"]}, "email", "Vul een geldig e-mailadres in."),
        ({"email": "lid@localhost", "newsletters": ["algemeen"]}, "email", "met een publiek domein"),
        ({"email": "lid@[::1]", "newsletters": ["algemeen"]}, "email", "met een publiek domein"),
        ({"email": "a\x00@example.org", "newsletters": ["algemeen"]}, "email", "Null-tekens zijn niet toegestaan."),
        ({"email": "lid@example.org"}, "newsletters", "Kies minstens één nieuwsbrief."),
        (
            {"email": "lid@example.org", "newsletters": ["sport"]},
            "newsletters",
            "Kies een van de nieuwsbrieven uit de lijst.",
        ),
    ],
)
def test_each_invalid_field_gets_its_dutch_message(client, data, field, message):
    response = client.post("/nieuwsbrief/", data)
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert f'<ul class="errorlist" id="id_{field}_error">' in html
    if data["email"] == "lid@example.org":
        assert 'value="lid@example.org"' in html
    assert not Subscription.objects.exists()
    assert mail.outbox == []


@pytest.mark.parametrize(
    "value",
    ["", "x" * 100_000, "<script>alert(1)</script>@example.org", "\x00", "\x07\x1b", "=cmd|' /C calc'!A0", "😀"],
)
def test_no_input_causes_a_server_error(client, settings, value):
    settings.FORM_RATE_LIMIT = 1000
    for data in (
        {"email": value, "newsletters": ["algemeen"]},
        {"email": "lid@example.org", "newsletters": [value]},
        {"email": "lid@example.org", "newsletters": ["algemeen"], "website": value},
    ):
        assert client.post("/nieuwsbrief/", data).status_code in (200, 302)


def test_csrf_token_is_required_on_every_form(client):
    subscribe(client)
    confirm, unsubscribe = links(mail.outbox[0])
    strict = Client(enforce_csrf_checks=True)
    for url, data in (("/nieuwsbrief/", {"email": "x@example.org", "newsletters": ["algemeen"]}), (confirm, {})):
        response = strict.post(url, data)
        assert response.status_code == 403
        assert h1_count(response) == 1
    assert strict.post(unsubscribe).status_code == 403
    assert rows("lid@example.org") == {("algemeen", True)}
    assert not Subscription.objects.filter(email="x@example.org").exists()


def test_honeypot_and_rate_limit(client, settings):
    response = client.post("/nieuwsbrief/", {"email": "bot@example.org", "newsletters": ["algemeen"], "website": "x"})
    assert "We konden het formulier niet verwerken." in response.content.decode()
    assert not Subscription.objects.exists()

    settings.FORM_RATE_LIMIT = 2
    cache_reset = Client()
    assert subscribe(cache_reset, email="a@example.org", REMOTE_ADDR="192.0.2.7").status_code == 302
    assert subscribe(cache_reset, email="b@example.org", REMOTE_ADDR="192.0.2.7").status_code == 302
    response = subscribe(cache_reset, email="c@example.org", REMOTE_ADDR="192.0.2.7")
    assert response.status_code == 429
    assert "te veel formulieren verstuurd" in response.content.decode()
    assert 'value="c@example.org"' in response.content.decode()
    assert h1_count(response) == 1
    assert not Subscription.objects.filter(email="c@example.org").exists()


def test_pages_use_few_queries(client, django_assert_num_queries):
    Organisation.current()  # OP/TIL's details (footer), read once per content version
    with django_assert_num_queries(0):
        client.get("/nieuwsbrief/")
    subscribe(client, newsletters=["algemeen", "projecten"])
    confirm, unsubscribe = links(mail.outbox[0])
    with django_assert_num_queries(1):
        client.get(confirm)
    with django_assert_num_queries(1):
        client.get(unsubscribe)


# The editors' admin
@pytest.mark.ignore_template_errors
def test_editor_exports_the_confirmed_subscribers_of_one_list(editor_client):
    for email, newsletters in (("a@example.org", ["algemeen"]), ("b@example.org", ["algemeen", "projecten"])):
        subscribe(Client(), email=email, newsletters=newsletters)
        Client().post(links(mail.outbox[-1])[0])
    subscribe(Client(), email="onbevestigd@example.org")
    Subscription.objects.create(email="=evil()@example.org", newsletter="algemeen", confirmed_at="2026-01-01T10:00Z")

    changelist = editor_client.get("/admin/newsletter/subscription/", {"newsletter__exact": "algemeen"})
    selected = [s.pk for s in changelist.context["cl"].result_list]
    assert len(selected) == 4
    response = editor_client.post(
        "/admin/newsletter/subscription/?newsletter__exact=algemeen",
        {"action": "export_csv", "_selected_action": selected},
    )
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    content = response.content.decode("utf-8")
    assert content.startswith("\ufeffe-mailadres;nieuwsbrief;bevestigd op;afmeldlink")
    data = list(csv.reader(io.StringIO(content.lstrip("\ufeff")), delimiter=";"))[1:]
    assert [row[0] for row in data] == ["'=evil()@example.org", "a@example.org", "b@example.org"]
    assert {row[1] for row in data} == {"Algemene nieuwsbrief"}
    unsubscribe = data[1][3]
    assert unsubscribe.startswith("http://testserver/nieuwsbrief/uitschrijven/")
    Client().post(unsubscribe.removeprefix("http://testserver"))
    assert not Subscription.objects.filter(email="a@example.org").exists()


@pytest.mark.ignore_template_errors
def test_editors_cannot_add_subscribers_by_hand(editor_client):
    assert editor_client.get("/admin/newsletter/subscription/add/").status_code == 403
    assert editor_client.get("/admin/newsletter/subscription/", {"confirmed_at__isnull": "True"}).status_code == 200


@pytest.mark.ignore_template_errors
def test_editors_cannot_put_an_address_on_a_list(editor_client):
    subscription = Subscription.objects.create(email="lezer@example.org", newsletter="algemeen")
    html = editor_client.get(f"/admin/newsletter/subscription/{subscription.pk}/change/").content.decode()
    assert 'name="email"' not in html and 'name="newsletter"' not in html
    assert editor_client.get("/admin/newsletter/subscription/add/").status_code == 403


def test_unsubscribing_from_one_newsletter_keeps_the_other(client):
    subscribe(client, newsletters=["algemeen", "projecten"])
    confirm, unsubscribe = links(mail.outbox[0])
    client.post(confirm)
    page = client.get(unsubscribe).content.decode()
    assert 'name="newsletter" value="projecten"' in page and "Schrijf me uit voor alle nieuwsbrieven" in page
    response = client.post(unsubscribe, {"newsletter": "projecten"}, follow=True)
    assert "Je bent uitgeschreven voor de nieuwsbrief projecten." in response.content.decode()
    assert rows("lid@example.org") == {("algemeen", False)}
    assert "Schrijf me uit voor de algemene nieuwsbrief" in response.content.decode()
    client.post(unsubscribe, {"newsletter": "onbestaand"})  # not a newsletter: the button for all of them
    assert rows("lid@example.org") == set()
