"""Migrations: none pending, and moving OP/TIL's offer into its own apps keeps every row."""

import json
import os
import subprocess
import sys
import uuid

import psycopg
import pytest
from django.conf import settings
from django.core.management import call_command

# The schema of `main` before subsidies, GRENSBREKERS and newsletters became apps of their own.
BEFORE = [
    "opti 0004_editors_offer_permissions",
    "profiles 0002_editors_permissions",
    "admin 0003_logentry_add_action_flag_choices",
]

FILL = f"""
from datetime import date
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

apps = MigrationLoader(connection).project_state([tuple(target.split()) for target in {BEFORE!r}]).apps
model = apps.get_model
region = model("regions", "Region").objects.create(name="Westhoek", slug="westhoek", search_key="westhoek")
ieper = model("regions", "Municipality").objects.create(
    nis_code="33011", name="Ieper", slug="ieper", province="west-vlaanderen", region=region, search_key="ieper"
)
network = model("igs", "Network").objects.create(
    name="CO7", slug="co7", recognised_from=2020, recognised_until=2025, search_key="co7"
)
user = model("auth", "User").objects.create(username="coordinator")
model("profiles", "CoordinatorProfile").objects.create(user=user, network=network, name="Rosita", role="Coördinator")
programme = model("opti", "SubsidyProgramme").objects.create(name="Werking IGS", slug="werking-igs")
model("opti", "SubsidyRound").objects.create(
    programme=programme, title="Ronde 2027", opens_on=date(2026, 1, 1), deadline=date(2026, 3, 31)
)
edition = model("opti", "Edition").objects.create(
    title="GRENSBREKERS Westhoek", slug="westhoek", starts_on=date(2027, 3, 1), ends_on=date(2027, 3, 1),
    capacity=1, signup_opens_on=date(2027, 1, 1), signup_closes_on=date(2027, 2, 1), region=region,
)
Signup = model("opti", "Signup")
common = dict(edition=edition, organisation="CC", organisation_type="cultuurcentrum", municipality=ieper,
              function="programmator")
Signup.objects.create(name="An", email="an@example.org", status="geplaatst", **common)
Signup.objects.create(name="Bert", email="bert@example.org", status="wachtlijst", waitlist_position=1, **common)
Subscription = model("opti", "Subscription")
Subscription.objects.create(email="lezer@example.org", newsletter="algemeen", confirmed_at=timezone.now())
Subscription.objects.create(email="lezer@example.org", newsletter="projecten")
ContentType = model("contenttypes", "ContentType")
content_type, _ = ContentType.objects.get_or_create(app_label="opti", model="edition")
model("admin", "LogEntry").objects.create(
    user=user, content_type=content_type, object_id=str(edition.pk), object_repr="GRENSBREKERS Westhoek",
    action_flag=2, change_message="Gewijzigd.",
)
"""

READ = """
import json
from django.contrib.admin.models import LogEntry
from opti.grensbrekers.models import Edition, Signup
from opti.newsletter.models import Subscription
from opti.subsidies.models import SubsidyProgramme, SubsidyRound
from profiles.models import CoordinatorProfile

edition = Edition.objects.get()
print(json.dumps({
    "profiles": list(CoordinatorProfile.objects.values_list("name", "network__slug")),
    "programmes": list(SubsidyProgramme.objects.values_list("slug", flat=True)),
    "rounds": list(SubsidyRound.objects.values_list("programme__slug", "title")),
    "editions": list(Edition.objects.values_list("slug", "region__slug")),
    "signups": list(Signup.objects.order_by("name").values_list("name", "status", "waitlist_position",
                                                                "municipality__name", "edition__slug")),
    "signups_confirmed_when_made": [s.confirmed_at == s.created_at for s in Signup.objects.order_by("name")],
    "subscriptions": sorted((s.newsletter, s.confirmed_at is None) for s in Subscription.objects.all()),
    "history": [str(entry.get_edited_object()) for entry in LogEntry.objects.all()],
}))
"""


@pytest.fixture
def scratch_database_url(tmp_path):
    """An empty database of the same kind as the suite's, apart from it."""
    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        yield f"sqlite:///{tmp_path / 'migrations.sqlite3'}"
        return
    name = f"regio_migrations_{uuid.uuid4().hex[:8]}"
    server = {
        "host": database["HOST"] or "127.0.0.1",
        "port": database["PORT"] or 5432,
        "user": database["USER"],
        "password": database["PASSWORD"],
    }
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        password = f":{server['password']}" if server["password"] else ""
        yield f"postgres://{server['user']}{password}@{server['host']}:{server['port']}/{name}"
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
            admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


def manage(database_url, *args):
    env = {**os.environ, "DATABASE_URL": database_url, "CACHE_URL": "locmemcache://"}
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.mark.django_db
def test_no_pending_migrations():
    # makemigrations --check exits non-zero when a model change has no migration.
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def test_moving_the_offer_into_its_own_apps_keeps_every_row(scratch_database_url):
    for target in BEFORE:
        manage(scratch_database_url, "migrate", *target.split(), "--verbosity", "0")
    manage(scratch_database_url, "shell", "--no-imports", "--command", FILL)
    manage(scratch_database_url, "migrate", "--verbosity", "0")
    rows = json.loads(manage(scratch_database_url, "shell", "--no-imports", "--command", READ))
    assert rows == {
        "profiles": [["Rosita", "co7"]],
        "programmes": ["werking-igs"],
        "rounds": [["werking-igs", "Ronde 2027"]],
        "editions": [["westhoek", "westhoek"]],
        "signups": [
            ["An", "geplaatst", None, "Ieper", "westhoek"],
            ["Bert", "wachtlijst", 1, "Ieper", "westhoek"],
        ],
        "signups_confirmed_when_made": [True, True],
        "subscriptions": [["algemeen", False], ["projecten", True]],
        "history": ["GRENSBREKERS Westhoek"],
    }


HISTORY = """
from django.contrib.admin.models import DELETION, LogEntry
from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType

user = User.objects.create(username="redacteur")
for app_label, model, text in [
    ("grensbrekers", "signup", "An Peeters (GRENSBREKERS Westhoek)"),
    ("grensbrekers", "interest", "an@example.org (Westhoek)"),
    ("newsletter", "subscription", "lezer@example.org (Algemeen)"),
    ("grensbrekers", "edition", "GRENSBREKERS Westhoek"),
]:
    LogEntry.objects.create(
        user=user, content_type=ContentType.objects.get(app_label=app_label, model=model), object_id="1",
        object_repr=text, action_flag=DELETION,
    )
"""


def test_the_admin_history_forgets_the_names_and_addresses_it_kept(scratch_database_url):
    manage(scratch_database_url, "migrate", "--verbosity", "0")
    manage(scratch_database_url, "migrate", "grensbrekers", "0003", "--verbosity", "0")
    manage(scratch_database_url, "migrate", "newsletter", "0001", "--verbosity", "0")
    manage(scratch_database_url, "shell", "--no-imports", "--command", HISTORY)
    manage(scratch_database_url, "migrate", "--verbosity", "0")
    read = (
        "from django.contrib.admin.models import LogEntry\n"
        "print(list(LogEntry.objects.order_by('pk').values_list('object_repr', flat=True)))"
    )
    history = manage(scratch_database_url, "shell", "--no-imports", "--command", read)
    assert history.strip() == str(
        ["Inschrijving", "Interesse", "Inschrijving op een nieuwsbrief", "GRENSBREKERS Westhoek"]
    )
