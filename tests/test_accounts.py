"""Accounts: login throttling on /aanmelden/ and the admin login, a rate-limited password reset that reveals
nothing, password rules on the set-password page, sessions that end on logout and password change, no password in
the logs."""

import logging
import time

import pytest
from conftest import PASSWORD, make_coordinator
from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.test import Client
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

pytestmark = pytest.mark.django_db

THROTTLED = "Er werd te vaak een verkeerd wachtwoord ingevuld. Wacht 15 minuten en probeer het dan opnieuw."


def log_in(client, username, password, *, ip="192.0.2.1", url="/aanmelden/"):
    return client.post(url, {"username": username, "password": password}, REMOTE_ADDR=ip)


def fail(client, username, times, *, ip="192.0.2.1", url="/aanmelden/"):
    for _ in range(times):
        response = log_in(client, username, "verkeerd-wachtwoord", ip=ip, url=url)
        assert response.status_code == 200
        assert "Voer een juiste gebruikersnaam en wachtwoord in" in response.content.decode()


def is_logged_in(client):
    return client.get("/profiel/").status_code == 200


# Login throttling


def test_five_failures_lock_the_user_name_with_a_dutch_message(client, coordinator_a):
    fail(client, "coordinator-a", 5)
    response = log_in(client, "coordinator-a", PASSWORD)
    html = response.content.decode()
    assert response.status_code == 429
    assert response["Retry-After"] == "900"
    assert THROTTLED in html
    assert 'value="coordinator-a"' in html
    assert html.count("<h1") == 1
    assert not is_logged_in(client)
    # The lock is on the name, whatever its case and wherever the attempt comes from.
    assert log_in(Client(), "Coordinator-A", PASSWORD, ip="198.51.100.9").status_code == 429


def test_four_failures_do_not_lock_and_a_success_starts_the_count_again(client, coordinator_a):
    fail(client, "coordinator-a", 4, ip="192.0.2.1")
    assert log_in(client, "coordinator-a", PASSWORD, ip="192.0.2.2")["Location"] == "/profiel/"
    fail(Client(), "coordinator-a", 4, ip="192.0.2.3")
    assert log_in(Client(), "coordinator-a", PASSWORD, ip="192.0.2.3")["Location"] == "/profiel/"


def test_a_successful_login_does_not_reset_another_users_count(client, coordinator_a, coordinator_b):
    fail(client, "coordinator-a", 4, ip="192.0.2.1")
    assert log_in(Client(), "coordinator-b", PASSWORD, ip="192.0.2.2")["Location"] == "/profiel/"
    fail(client, "coordinator-a", 1, ip="192.0.2.1")
    assert log_in(Client(), "coordinator-a", PASSWORD, ip="192.0.2.3").status_code == 429


def test_failures_for_many_user_names_lock_the_address_but_not_others(client, coordinator_a, coordinator_b):
    for name in ("anna", "bart", "carla", "dirk", "els"):
        fail(client, name, 1, ip="192.0.2.1")
    assert log_in(client, "coordinator-a", PASSWORD, ip="192.0.2.1").status_code == 429
    # A successful login from the address does not unlock it either.
    assert log_in(Client(), "coordinator-b", PASSWORD, ip="192.0.2.1").status_code == 429
    assert log_in(Client(), "coordinator-a", PASSWORD, ip="192.0.2.2")["Location"] == "/profiel/"


def test_the_address_is_read_from_the_configured_proxy_header(client, coordinator_a, settings):
    settings.CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    for name in ("anna", "bart", "carla", "dirk", "els"):
        client.post("/aanmelden/", {"username": name, "password": "x"}, headers={"x-real-ip": "203.0.113.5"})
    data = {"username": "coordinator-a", "password": PASSWORD}
    assert client.post("/aanmelden/", data, headers={"x-real-ip": "203.0.113.5"}).status_code == 429
    assert client.post("/aanmelden/", data, headers={"x-real-ip": "203.0.113.6"})["Location"] == "/profiel/"


def test_the_admin_login_counts_with_the_site_login(client, editor):
    fail(client, "redacteur", 3, url="/aanmelden/")
    for _ in range(2):
        response = log_in(client, "redacteur", "verkeerd", url="/admin/login/")
        assert "wachtwoord voor een stafaccount in" in response.content.decode()
    response = log_in(client, "redacteur", "redactie-wachtwoord", url="/admin/login/")
    assert THROTTLED in response.content.decode()
    assert client.get("/admin/").status_code == 302
    assert log_in(Client(), "redacteur", "redactie-wachtwoord", ip="192.0.2.9").status_code == 429


def test_a_coordinator_refused_by_the_admin_is_not_counted_as_a_failure(client, coordinator_a):
    for _ in range(6):
        response = log_in(client, "coordinator-a", PASSWORD, url="/admin/login/")
        assert "stafaccount" in response.content.decode()
    assert log_in(client, "coordinator-a", PASSWORD)["Location"] == "/profiel/"


def test_the_lock_ends_with_the_window(client, coordinator_a, settings):
    settings.LOGIN_FAILURE_WINDOW = 1
    fail(client, "coordinator-a", 5)
    assert log_in(client, "coordinator-a", PASSWORD).status_code == 429
    time.sleep(1.1)
    assert log_in(client, "coordinator-a", PASSWORD)["Location"] == "/profiel/"


# Password reset, password rules, sessions


def test_password_reset_answers_the_same_whether_or_not_the_account_exists(coordinator_a):
    known = Client().post("/wachtwoord-vergeten/", {"email": "coordinator-a@example.org"}, follow=True)
    unknown = Client().post("/wachtwoord-vergeten/", {"email": "niemand@example.org"}, follow=True)
    assert known.redirect_chain == unknown.redirect_chain == [("/wachtwoord-vergeten/verstuurd/", 302)]
    assert known.status_code == unknown.status_code == 200
    assert known.content == unknown.content
    assert [message.to for message in mail.outbox] == [["coordinator-a@example.org"]]


def test_password_reset_is_rate_limited_so_nobody_can_flood_an_inbox(client, coordinator_a, settings):
    settings.FORM_RATE_LIMIT = 3
    for _ in range(3):
        assert client.post("/wachtwoord-vergeten/", {"email": "coordinator-a@example.org"}).status_code == 302
    response = client.post("/wachtwoord-vergeten/", {"email": "coordinator-a@example.org"})
    html = response.content.decode()
    assert response.status_code == 429
    assert response["Retry-After"] == "600"
    assert "te veel formulieren verstuurd. Wacht 10 minuten" in html
    assert 'value="coordinator-a@example.org"' in html
    assert len(mail.outbox) == 3
    other = client.post("/wachtwoord-vergeten/", {"email": "coordinator-a@example.org"}, REMOTE_ADDR="198.51.100.7")
    assert other.status_code == 302 and len(mail.outbox) == 4


def set_password_url(client, user):
    uid, token = urlsafe_base64_encode(force_bytes(user.pk)), default_token_generator.make_token(user)
    return client.get(f"/wachtwoord-kiezen/{uid}/{token}/")["Location"]


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("kort-7", "Dit wachtwoord is te kort: het moet minstens 10 tekens lang zijn."),
        ("wachtwoord", "Dit wachtwoord is te algemeen."),
        ("8302749361057", "Dit wachtwoord bevat alleen cijfers."),
        ("coordinator-a1", "Het wachtwoord lijkt te veel op de gebruikersnaam."),
    ],
    ids=["short", "common", "numeric", "like-the-user-name"],
)
def test_a_weak_password_is_refused_in_dutch_on_the_set_password_page(client, coordinator_a, password, message):
    url = set_password_url(client, coordinator_a.user)
    response = client.post(url, {"new_password1": password, "new_password2": password})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Client().login(username="coordinator-a", password=PASSWORD)


def test_logout_ends_the_session_on_the_server(client, coordinator_a):
    log_in(client, "coordinator-a", PASSWORD)
    old_session = client.cookies[settings.SESSION_COOKIE_NAME].value
    client.post("/afmelden/")
    replay = Client()
    replay.cookies[settings.SESSION_COOKIE_NAME] = old_session
    assert not is_logged_in(replay)


def test_a_password_change_ends_the_other_sessions_of_the_user(client_a, coordinator_a):
    other = Client()
    other.force_login(coordinator_a.user)
    assert is_logged_in(other)
    new_password = "een-nieuw-wachtwoord-9"
    data = {"old_password": PASSWORD, "new_password1": new_password, "new_password2": new_password}
    assert client_a.post("/profiel/wachtwoord/", data)["Location"] == "/profiel/wachtwoord/gewijzigd/"
    assert is_logged_in(client_a)
    assert not is_logged_in(other)


def test_a_password_reset_ends_every_session_of_the_user(client_a, coordinator_a):
    reset = Client()
    url = set_password_url(reset, coordinator_a.user)
    new_password = "zomer-in-ieper-2025"
    assert reset.post(url, {"new_password1": new_password, "new_password2": new_password}).status_code == 302
    assert not is_logged_in(client_a)


# Logs


def test_no_password_reaches_the_logs(client, coordinator_a, caplog, monkeypatch):
    secret = "geheim-Wachtwoord-4821"
    with caplog.at_level(logging.DEBUG):
        fail(client, "coordinator-a", 5)
        for _ in range(2):
            log_in(client, "coordinator-a", secret)
            log_in(client, "coordinator-a", secret, url="/admin/login/")
        other = make_coordinator("coordinator-c", "comeet")
        other_client = Client()
        other_client.force_login(other.user)
        data = {"old_password": secret, "new_password1": secret, "new_password2": secret + "x"}
        assert other_client.post("/profiel/wachtwoord/", data).status_code == 200
        url = set_password_url(client, other.user)
        client.post(url, {"new_password1": secret, "new_password2": secret + "x"})

        def broken(*args, **kwargs):
            raise RuntimeError("boom")

        monkeypatch.setattr("opti.views.rate_limited", broken)
        response = Client(raise_request_exception=False).post("/nieuwsbrief/", {"email": secret, "password": secret})
        assert response.status_code == 500
    formatter = logging.Formatter()
    lines = [formatter.format(record) for record in caplog.records]
    assert any("Logins locked for 900 s after 5 failed attempts" in line for line in lines)
    assert any("Login refused: too many failed attempts" in line for line in lines)
    assert any("Internal Server Error: /nieuwsbrief/" in line and "boom" in line for line in lines)
    assert not [line for line in lines if secret in line]
