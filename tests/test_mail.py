"""Mail: sent outside the request through the task queue in the database and its worker (`manage.py db_worker`),
with a timeout on every connection to the mail server and retries until it is back; at most one confirmation or
password-reset mail per address an hour."""

import socket
import threading
import time
from datetime import timedelta

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from opti.lib.mail import RETRY_DELAYS
from tests.test_grensbrekers import form_data, make_edition
from tests.test_settings import PRODUCTION, manage

pytestmark = pytest.mark.django_db

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
LOCMEM = "django.core.mail.backends.locmem.EmailBackend"


class HungServer(EmailBackend):
    """A mail server that answers nothing for longer than any page may take."""

    def send_messages(self, messages):
        time.sleep(3)
        raise TimeoutError("timed out")


class RefusingServer(EmailBackend):
    def send_messages(self, messages):
        raise ConnectionRefusedError("connection refused")


@pytest.fixture
def queue(settings):
    """Mail queued in the database, as in production, with the mail server hanging until a test says otherwise."""
    settings.TASKS = DATABASE_QUEUE
    settings.EMAIL_BACKEND = "tests.test_mail.HungServer"


@pytest.fixture
def run_worker(monkeypatch):
    """Run the worker until the queue has nothing ready. (Inside a test's transaction, without the reconnection
    that it does between tasks.)"""
    monkeypatch.setattr("django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None)
    return lambda: call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload")


def timed(request):
    start = time.monotonic()
    response = request()
    return response, time.monotonic() - start


def subscribe(email, ip="192.0.2.1"):
    return Client().post("/nieuwsbrief/", {"email": email, "newsletters": ["algemeen"]}, REMOTE_ADDR=ip)


def reset(email, ip="192.0.2.1"):
    return Client().post("/wachtwoord-vergeten/", {"email": email}, REMOTE_ADDR=ip)


def test_no_page_waits_for_a_hung_mail_server_and_the_mail_goes_out_when_it_is_back(
    queue, settings, editor_client, coordinator_a, run_worker
):
    edition = make_edition()
    requests = [
        lambda: Client().post("/grensbrekers/", form_data(edition, email="deelnemer@example.org")),
        lambda: subscribe("lid@example.org"),
        lambda: reset("coordinator-a@example.org"),
        lambda: editor_client.post(
            "/admin/profiles/coordinatorprofile/",
            {"action": "send_invitations", "_selected_action": [coordinator_a.pk]},
        ),
    ]
    for request in requests:
        response, seconds = timed(request)
        assert response.status_code == 302 and seconds < 1
    assert mail.outbox == []
    assert DBTaskResult.objects.filter(status="READY").count() == 4

    settings.EMAIL_BACKEND = LOCMEM
    run_worker()
    assert sorted(message.to[0] for message in mail.outbox) == [
        "coordinator-a@example.org",
        "coordinator-a@example.org",
        "deelnemer@example.org",
        "lid@example.org",
    ]
    assert {message.subject for message in mail.outbox} == {
        f"Bevestig je inschrijving voor {edition.title}",
        "Bevestig je inschrijving op de nieuwsbrief van OP/TIL",
        "Kies een nieuw wachtwoord voor Regionaal samenwerken (OP/TIL)",
        "Uitnodiging: hou je profiel bij op Regionaal samenwerken (OP/TIL)",
    }


def test_a_failed_attempt_is_tried_again_later_until_the_mail_goes_out(queue, settings, run_worker):
    settings.EMAIL_BACKEND = "tests.test_mail.RefusingServer"
    subscribe("lid@example.org")
    before = timezone.now()
    run_worker()
    retry = DBTaskResult.objects.get(status="READY")
    assert before + RETRY_DELAYS[0] <= retry.run_after <= timezone.now() + RETRY_DELAYS[0]
    assert retry.args_kwargs["kwargs"]["attempt"] == 2
    run_worker()  # not due yet
    assert DBTaskResult.objects.get(status="READY") == retry

    DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now())
    settings.EMAIL_BACKEND = LOCMEM
    run_worker()
    assert [message.to for message in mail.outbox] == [["lid@example.org"]]
    assert not DBTaskResult.objects.filter(status="READY").exists()


def test_after_the_last_retry_the_mail_is_given_up_and_logged(queue, settings, run_worker, caplog):
    settings.EMAIL_BACKEND = "tests.test_mail.RefusingServer"
    subscribe("lid@example.org")
    for _ in RETRY_DELAYS:
        run_worker()
        DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now() - timedelta(seconds=1))
    run_worker()
    assert DBTaskResult.objects.filter(status="FAILED").count() == 1
    assert not DBTaskResult.objects.filter(status="READY").exists()
    assert "ConnectionRefusedError" in DBTaskResult.objects.get(status="FAILED").traceback
    assert "state=FAILED" in caplog.text


@pytest.fixture
def hung_smtp_server():
    """A TCP port that accepts connections and then says nothing, as a hung mail relay does."""
    server = socket.create_server(("127.0.0.1", 0))
    connections = []
    accepting = threading.Thread(target=lambda: connections.append(server.accept()), daemon=True)
    accepting.start()
    yield server.getsockname()[1]
    server.close()
    for connection, _ in connections:
        connection.close()


def test_every_connection_to_the_mail_server_has_a_timeout(queue, settings, run_worker, hung_smtp_server):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", hung_smtp_server, 1
    subscribe("lid@example.org")
    _, seconds = timed(run_worker)
    assert seconds < 5
    assert DBTaskResult.objects.get(status="READY").args_kwargs["kwargs"]["attempt"] == 2


def test_production_settings_queue_mail_in_the_database_with_a_timeout():
    script = "from django.conf import settings as s; print(s.EMAIL_TIMEOUT, s.TASKS['default']['BACKEND'])"
    result = manage("shell", "--verbosity", "0", "--command", script, **PRODUCTION)
    assert result.stdout.split() == ["10", "django_tasks_db.DatabaseBackend"]


def test_a_password_reset_does_the_same_work_with_or_without_an_account(queue, settings, coordinator_a, run_worker):
    settings.EMAIL_BACKEND = LOCMEM
    for email in ("coordinator-a@example.org", "niemand@example.org"):
        response, seconds = timed(lambda email=email: reset(email))
        assert response["Location"] == "/wachtwoord-vergeten/verstuurd/" and seconds < 1
    # One task each, in which the accounts are looked up: nothing in the request tells the two apart.
    assert [task.task_path for task in DBTaskResult.objects.all()] == ["profiles.forms.send_password_reset"] * 2
    assert mail.outbox == []
    run_worker()
    assert [message.to for message in mail.outbox] == [["coordinator-a@example.org"]]


def test_at_most_one_confirmation_or_reset_mail_per_address_an_hour_whatever_the_client(coordinator_a, monkeypatch):
    for i in range(3):
        assert subscribe("Lid@example.org", ip=f"192.0.2.{i}").status_code == 302
        assert reset("coordinator-a@example.org", ip=f"192.0.2.{i}").status_code == 302
    assert subscribe("ander@example.org").status_code == 302
    assert sorted(message.to[0] for message in mail.outbox) == [
        "ander@example.org",
        "coordinator-a@example.org",
        "lid@example.org",
    ]
    monkeypatch.setattr("opti.lib.throttle.MAIL_WINDOW", 1)  # an hour, shortened
    mail.outbox.clear()
    subscribe("lid2@example.org")
    time.sleep(1.1)
    subscribe("lid2@example.org")
    assert [message.to for message in mail.outbox] == [["lid2@example.org"]] * 2
