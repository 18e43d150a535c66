"""Accounts: login throttling on /aanmelden/ and the admin login, a rate-limited password reset that reveals
nothing, password rules on the set-password page, sessions that end on logout and password change, no password in
the logs."""

import hashlib
import logging
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from conftest import PASSWORD, make_coordinator
from django.conf import settings
from django.contrib.auth.models import User
from django.contrib.auth.signals import user_login_failed
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.core.cache import caches
from django.db import connections
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


def test_five_failures_lock_the_user_name_on_that_client_with_a_dutch_message(client, coordinator_a):
    fail(client, "coordinator-a", 5)
    response = log_in(client, "coordinator-a", PASSWORD)
    html = response.content.decode()
    assert response.status_code == 429
    assert response["Retry-After"] == "900"
    assert THROTTLED in html
    assert 'value="coordinator-a"' in html
    assert html.count("<h1") == 1
    assert not is_logged_in(client)
    # The lock is on the name whatever its case or width, from that client.
    assert log_in(Client(), "Coordinator-A", PASSWORD).status_code == 429
    assert log_in(Client(), "ｃｏｏｒｄｉｎａｔｏｒ-ａ", PASSWORD).status_code == 429


def test_a_stranger_cannot_lock_anyone_out(coordinator_a, editor):
    for name in ("coordinator-a", "redacteur"):
        for url in ("/aanmelden/", "/admin/login/"):
            statuses = {log_in(Client(), name, "verkeerd", ip="203.0.113.66", url=url).status_code for _ in range(5)}
        assert statuses == {429}
    assert log_in(Client(), "coordinator-a", PASSWORD, ip="192.0.2.1")["Location"] == "/profiel/"
    editor = Client()
    assert log_in(editor, "redacteur", "redactie-wachtwoord", ip="192.0.2.1", url="/admin/login/").status_code == 302
    assert editor.get("/admin/").status_code == 200


def test_four_failures_do_not_lock_and_a_success_starts_the_count_again(client, coordinator_a):
    fail(client, "coordinator-a", 4, ip="192.0.2.1")
    assert log_in(client, "coordinator-a", PASSWORD, ip="192.0.2.1")["Location"] == "/profiel/"
    fail(Client(), "coordinator-a", 4, ip="192.0.2.1")
    assert log_in(Client(), "coordinator-a", PASSWORD, ip="192.0.2.1")["Location"] == "/profiel/"


def test_a_successful_login_does_not_reset_another_users_count(client, coordinator_a, coordinator_b):
    fail(client, "coordinator-a", 4, ip="192.0.2.1")
    assert log_in(Client(), "coordinator-b", PASSWORD, ip="192.0.2.1")["Location"] == "/profiel/"
    fail(client, "coordinator-a", 1, ip="192.0.2.1")
    assert log_in(Client(), "coordinator-a", PASSWORD, ip="192.0.2.1").status_code == 429


def test_failures_for_many_user_names_lock_the_client_but_not_others(client, coordinator_a, coordinator_b, settings):
    assert settings.LOGIN_CLIENT_FAILURE_LIMIT == 20
    for i in range(20):
        fail(client, f"naam-{i}", 1, ip="192.0.2.1")
    assert log_in(client, "coordinator-a", PASSWORD, ip="192.0.2.1").status_code == 429
    # A successful login from the client does not unlock it either.
    assert log_in(Client(), "coordinator-b", PASSWORD, ip="192.0.2.1").status_code == 429
    assert log_in(Client(), "coordinator-a", PASSWORD, ip="192.0.2.2")["Location"] == "/profiel/"


def test_an_ipv6_client_is_its_64_network(client, coordinator_a):
    for i in range(5):
        log_in(client, "coordinator-a", "verkeerd", ip=f"2001:db8:1:2::{i + 1}")
    assert log_in(Client(), "coordinator-a", PASSWORD, ip="2001:db8:1:2:ffff::9").status_code == 429
    assert log_in(Client(), "coordinator-a", PASSWORD, ip="2001:db8:1:3::1")["Location"] == "/profiel/"


def test_the_address_is_read_from_the_configured_proxy_header(client, coordinator_a, settings):
    settings.CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    settings.LOGIN_CLIENT_FAILURE_LIMIT = 5
    for name in ("anna", "bart", "carla", "dirk", "els"):
        client.post("/aanmelden/", {"username": name, "password": "x"}, headers={"x-real-ip": "203.0.113.5"})
    data = {"username": "coordinator-a", "password": PASSWORD}
    assert client.post("/aanmelden/", data, headers={"x-real-ip": "203.0.113.5"}).status_code == 429
    assert client.post("/aanmelden/", data, headers={"x-real-ip": "203.0.113.6"})["Location"] == "/profiel/"


def test_the_admin_login_counts_with_the_site_login_and_answers_429(client, editor):
    fail(client, "redacteur", 3, url="/aanmelden/")
    for _ in range(2):
        response = log_in(client, "redacteur", "verkeerd", url="/admin/login/")
        assert "wachtwoord voor een stafaccount in" in response.content.decode()
    response = log_in(client, "redacteur", "redactie-wachtwoord", url="/admin/login/")
    assert response.status_code == 429 and response["Retry-After"] == "900"
    assert THROTTLED in response.content.decode()
    assert client.get("/admin/").status_code == 302
    assert log_in(Client(), "redacteur", "redactie-wachtwoord", ip="192.0.2.1").status_code == 429
    assert log_in(Client(), "redacteur", "redactie-wachtwoord", ip="192.0.2.9", url="/admin/login/").status_code == 302


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


def test_a_logged_in_user_sent_back_to_the_login_page_lands_on_the_profile(client_a):
    for next_url in ("/aanmelden/", "/aanmelden/?next=/aanmelden/", "http://testserver/aanmelden/"):
        response = client_a.get("/aanmelden/", {"next": next_url})
        assert (response.status_code, response["Location"]) == (302, "/profiel/")
    assert client_a.get("/aanmelden/", {"next": "/igs/"})["Location"] == "/igs/"


def counter_keys(settings, secret_key):
    """The cache keys that one failed login and one newsletter post leave, under `secret_key`."""
    settings.SECRET_KEY = secret_key
    settings.CACHES = {**settings.CACHES, "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    log_in(Client(), "coordinator-a", "verkeerd", ip="192.0.2.44")
    Client().post("/nieuwsbrief/", {"email": "x@example.org", "newsletters": ["algemeen"]}, REMOTE_ADDR="192.0.2.44")
    keys = {key for key in caches["default"]._cache if "form-posts" in key or "login-attempts" in key}
    caches["default"].clear()
    return keys


def test_the_counters_hold_no_reversible_hash_of_an_address_or_user_name(settings, coordinator_a):
    keys = counter_keys(settings, "een-geheime-sleutel-" * 3)
    assert len(keys) == 3
    written = " ".join(keys)
    for value in ("192.0.2.44", "coordinator-a", "coordinator-a 192.0.2.44"):
        assert value not in written
        assert hashlib.sha256(value.encode()).hexdigest() not in written
    assert keys.isdisjoint(counter_keys(settings, "een-andere-sleutel-" * 3)), "keyed with SECRET_KEY"


# A transactional test, so that the threads see each other's work; the database is flushed afterwards.
@pytest.mark.django_db(transaction=True)
def test_a_burst_of_parallel_attempts_gets_no_more_password_checks_than_the_limit(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]  # a real, slow check
    User.objects.create_user("doelwit", "doelwit@example.org", PASSWORD)
    checks = []
    user_login_failed.connect(lambda **kwargs: checks.append(1), weak=False, dispatch_uid="count-checks")
    start = threading.Barrier(20)

    def attempt(i):
        try:
            client = Client()
            start.wait()
            return log_in(client, "doelwit", f"gok-{i}", ip="203.0.113.7").status_code
        finally:
            connections.close_all()

    try:
        with ThreadPoolExecutor(max_workers=20) as pool:
            statuses = sorted(pool.map(attempt, range(20)))
    finally:
        user_login_failed.disconnect(dispatch_uid="count-checks")
    assert statuses == [200] * 5 + [429] * 15
    assert len(checks) == 5


# Password reset, password rules, sessions


def test_password_reset_answers_the_same_whether_or_not_the_account_exists(coordinator_a):
    known = Client().post("/wachtwoord-vergeten/", {"email": "coordinator-a@example.org"}, follow=True)
    unknown = Client().post("/wachtwoord-vergeten/", {"email": "niemand@example.org"}, follow=True)
    assert known.redirect_chain == unknown.redirect_chain == [("/wachtwoord-vergeten/verstuurd/", 302)]
    assert known.status_code == unknown.status_code == 200
    assert known.content == unknown.content
    assert [message.to for message in mail.outbox] == [["coordinator-a@example.org"]]


def test_password_reset_is_rate_limited_per_client(client, coordinator_a, settings):
    settings.FORM_RATE_LIMIT = 3
    for i in range(3):
        assert client.post("/wachtwoord-vergeten/", {"email": f"iemand{i}@example.org"}).status_code == 302
    response = client.post("/wachtwoord-vergeten/", {"email": "coordinator-a@example.org"})
    html = response.content.decode()
    assert response.status_code == 429
    assert response["Retry-After"] == "600"
    assert "te veel formulieren verstuurd. Wacht 10 minuten" in html
    assert 'value="coordinator-a@example.org"' in html
    assert mail.outbox == []
    other = client.post("/wachtwoord-vergeten/", {"email": "coordinator-a@example.org"}, REMOTE_ADDR="198.51.100.7")
    assert other.status_code == 302 and len(mail.outbox) == 1


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

        monkeypatch.setattr("opti.newsletter.views.rate_limited", broken)
        response = Client(raise_request_exception=False).post("/nieuwsbrief/", {"email": secret, "password": secret})
        assert response.status_code == 500
    formatter = logging.Formatter()
    lines = [formatter.format(record) for record in caplog.records]
    assert any("Logins locked for 900 s after 5 failed attempts" in line for line in lines)
    assert any("Login refused: too many failed attempts" in line for line in lines)
    assert any("Internal Server Error: /nieuwsbrief/" in line and "boom" in line for line in lines)
    assert not [line for line in lines if secret in line]
