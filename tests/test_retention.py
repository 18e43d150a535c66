"""Retention: `manage.py purge_personal_data` deletes old signups and unconfirmed subscriptions, nothing else."""

import io
from datetime import timedelta

import pytest
from django.contrib.admin.models import LogEntry
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from opti.grensbrekers.models import Edition, Signup
from opti.lib.mail import queue_mail
from opti.newsletter.models import Subscription
from regions.models import Municipality

pytestmark = pytest.mark.django_db


def make_edition(slug, ended_days_ago):
    last_day = timezone.localdate() - timedelta(days=ended_days_ago)
    return Edition.objects.create(
        title=slug,
        slug=slug,
        starts_on=last_day,
        ends_on=last_day,
        capacity=1,
        signup_opens_on=last_day - timedelta(days=30),
        signup_closes_on=last_day - timedelta(days=1),
    )


def add_signups(edition, count, *, confirmed=True):
    municipality = Municipality.objects.get(slug="ieper")
    for i in range(count):
        signup = Signup.objects.create(
            edition=edition,
            name=f"Persoon {i}",
            email=f"p{i}@example.org",
            organisation="Bib",
            organisation_type="bibliotheek",
            municipality=municipality,
            function="bibliothecaris",
        )
        if confirmed:
            edition.confirm_signup(signup)


def add_subscription(email, days_ago, confirmed):
    subscription = Subscription.objects.create(email=email, newsletter="algemeen")
    created = timezone.now() - timedelta(days=days_ago)
    Subscription.objects.filter(pk=subscription.pk).update(
        created_at=created, confirmed_at=created + timedelta(hours=1) if confirmed else None
    )


def purge():
    out = io.StringIO()
    call_command("purge_personal_data", stdout=out)
    return out.getvalue()


def test_deletes_what_is_past_its_period_and_keeps_the_rest(settings):
    settings.SIGNUP_RETENTION_DAYS = 365
    settings.UNCONFIRMED_SUBSCRIPTION_RETENTION_DAYS = 30
    old, recent, coming = make_edition("oud", 366), make_edition("recent", 364), make_edition("komend", -30)
    add_signups(old, 3)
    add_signups(recent, 2)
    add_signups(coming, 1)
    add_subscription("onbevestigd-oud@example.org", 31, confirmed=False)
    add_subscription("onbevestigd-recent@example.org", 29, confirmed=False)
    add_subscription("bevestigd-oud@example.org", 2000, confirmed=True)

    output = purge()

    assert "3 GRENSBREKERS-inschrijving(en)" in output
    assert "1 onbevestigde nieuwsbriefinschrijving(en)" in output
    assert not Signup.objects.filter(edition=old).exists()
    assert Signup.objects.filter(edition=recent).count() == 2
    assert Signup.objects.filter(edition=coming).count() == 1
    assert Edition.objects.filter(slug="oud").exists(), "the edition itself is not personal data"
    assert set(Subscription.objects.values_list("email", flat=True)) == {
        "onbevestigd-recent@example.org",
        "bevestigd-oud@example.org",
    }


def test_running_it_again_deletes_nothing_more():
    add_signups(make_edition("oud", 1000), 2)
    add_subscription("oud@example.org", 1000, confirmed=False)
    assert "2 GRENSBREKERS" in purge()
    output = purge()
    assert "0 GRENSBREKERS-inschrijving(en)" in output
    assert "0 onbevestigde GRENSBREKERS-inschrijving(en)" in output
    assert "0 onbevestigde nieuwsbriefinschrijving(en)" in output


def test_periods_come_from_the_settings(settings):
    settings.SIGNUP_RETENTION_DAYS = 10
    settings.UNCONFIRMED_SUBSCRIPTION_RETENTION_DAYS = 2
    add_signups(make_edition("elf-dagen", 11), 1)
    add_signups(make_edition("negen-dagen", 9), 1)
    add_subscription("drie@example.org", 3, confirmed=False)
    add_subscription("een@example.org", 1, confirmed=False)
    purge()
    assert list(Signup.objects.values_list("edition__slug", flat=True)) == ["negen-dagen"]
    assert list(Subscription.objects.values_list("email", flat=True)) == ["een@example.org"]


def test_a_signup_left_unconfirmed_is_deleted_after_48_hours():
    edition = make_edition("komend", -30)
    add_signups(edition, 3, confirmed=False)
    add_signups(make_edition("ander", -30), 1)
    Signup.objects.filter(email="p0@example.org", edition=edition).update(
        created_at=timezone.now() - timedelta(hours=48, minutes=1)
    )
    Signup.objects.filter(email="p1@example.org").update(created_at=timezone.now() - timedelta(hours=47))
    Signup.objects.filter(edition__slug="ander").update(created_at=timezone.now() - timedelta(days=30))
    assert "1 onbevestigde GRENSBREKERS-inschrijving(en) van meer dan 48 uur oud gewist." in purge()
    remaining = set(Signup.objects.values_list("edition__slug", "email", "status"))
    assert remaining == {
        ("komend", "p1@example.org", "onbevestigd"),
        ("komend", "p2@example.org", "onbevestigd"),
        ("ander", "p0@example.org", "geplaatst"),
    }


def test_the_mail_queue_keeps_what_it_sent_for_a_day(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    for subject in ("verstuurd-oud", "verstuurd-recent", "mislukt-oud", "wacht-oud"):
        queue_mail(to="lid@example.org", subject=subject, body="...")
    now = timezone.now()
    for subject, status, finished in [
        ("verstuurd-oud", "SUCCESSFUL", now - timedelta(days=1, minutes=1)),
        ("verstuurd-recent", "SUCCESSFUL", now - timedelta(hours=23)),
        ("mislukt-oud", "FAILED", now - timedelta(days=2)),
    ]:
        DBTaskResult.objects.filter(args_kwargs__kwargs__subject=subject).update(status=status, finished_at=finished)
    DBTaskResult.objects.filter(args_kwargs__kwargs__subject="wacht-oud").update(enqueued_at=now - timedelta(days=9))
    assert "2 afgehandelde taak/taken uit de e-mailwachtrij" in purge()
    kept = {task.args_kwargs["kwargs"]["subject"] for task in DBTaskResult.objects.all()}
    assert kept == {"verstuurd-recent", "wacht-oud"}


def test_quiet_when_asked():
    out = io.StringIO()
    call_command("purge_personal_data", verbosity=0, stdout=out)
    assert out.getvalue() == ""


def test_privacy_statement_shows_the_configured_periods(client, settings):
    settings.SIGNUP_RETENTION_DAYS = 200
    settings.UNCONFIRMED_SUBSCRIPTION_RETENTION_DAYS = 14
    html = client.get("/privacy/").content.decode()
    assert "tot 200 dagen na de laatste dag van de editie" in html
    assert "die je niet bevestigt: 14 dagen" in html
    assert "GRENSBREKERS" in html and "nieuwsbrief" in html
    assert 'href="https://www.cultuuroptil.be/"' in html


def test_deleting_in_the_admin_leaves_no_name_or_address_in_its_history(editor_client):
    edition = make_edition("komend", -30)
    add_signups(edition, 1)
    add_subscription("lid@example.org", 1, confirmed=True)
    signup, subscription = Signup.objects.get(), Subscription.objects.get()

    for path, pk in (("grensbrekers/signup", signup.pk), ("newsletter/subscription", subscription.pk)):
        response = editor_client.post(f"/admin/{path}/{pk}/delete/", {"post": "yes"})
        assert response.status_code == 302
        assert not editor_client.get(f"/admin/{path}/").context["cl"].result_count

    history = editor_client.get("/admin/").content.decode()  # "Recente acties": what the history keeps
    assert "Inschrijving voor komend" in history and "Inschrijving op" in history
    assert "Persoon 0" not in history and "p0@example.org" not in history and "lid@example.org" not in history
    kept = " ".join(LogEntry.objects.values_list("object_repr", flat=True))
    assert "Persoon" not in kept and "@" not in kept
