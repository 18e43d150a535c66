import io

import pytest
from django.contrib.auth.models import Group, User
from django.core.cache import cache, caches
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from PIL import Image

from igs.models import Network
from opti.lib import cache as content_cache
from profiles.models import CoordinatorProfile


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, tmp_path_factory):
    """On SQLite, test on a database file as in production, not in shared memory: there concurrent
    transactions fail at once ("database table is locked") instead of waiting for the lock."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        database["TEST"]["NAME"] = str(tmp_path_factory.mktemp("db") / "test.sqlite3")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every test starts from the full reference data, loaded once per run."""
    with django_db_blocker.unblock():
        call_command("seed", verbosity=0)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Test transactions roll back without signals, so cached pages of one test must not reach the next."""
    for each in caches.all():
        each.clear()
    content_cache._derived = (None, {})  # what cached() keeps in this process


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    settings.SECURE_SSL_REDIRECT = False
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Uploads go to a fresh directory per test, never to the project's media/.
    settings.MEDIA_ROOT = tmp_path / "media"
    # Templates refer to static files by name; no collectstatic manifest is needed in tests.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # The forms' rate limit counts posts in the cache: every test starts with a clean count.
    cache.clear()
    # Mail is sent at once, into mail.outbox (tests/test_mail.py covers the queue in the database and its worker).
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def editor(db):
    user = User.objects.create_user("redacteur", "redacteur@example.org", "redactie-wachtwoord", is_staff=True)
    user.groups.add(Group.objects.get(name="Redactie"))
    return user


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


PASSWORD = "coordinator-wachtwoord-2025"


def make_coordinator(username, network_slug, **fields):
    user = User.objects.create_user(username, f"{username}@example.org", PASSWORD)
    return CoordinatorProfile.objects.create(user=user, network=Network.objects.get(slug=network_slug), **fields)


@pytest.fixture
def coordinator_a(db):
    """Coordinator A: a published profile on the page of Viertoren."""
    return make_coordinator(
        "coordinator-a",
        "viertoren",
        name="Anna Aerts",
        role="Coördinator Viertoren",
        challenge="Het antwoord van Anna.",
        published=True,
    )


@pytest.fixture
def coordinator_b(db):
    """Coordinator B: a draft profile (not published) of COMEET."""
    return make_coordinator(
        "coordinator-b",
        "comeet",
        name="Bart Boone",
        role="Coördinator COMEET",
        challenge="Een geheim antwoord van Bart.",
        email="bart@example.org",
        show_email=True,
    )


@pytest.fixture
def client_a(coordinator_a):
    client = Client()
    client.force_login(coordinator_a.user)
    return client


@pytest.fixture
def client_b(coordinator_b):
    client = Client()
    client.force_login(coordinator_b.user)
    return client


def image_upload(name="foto.jpg", image_format="JPEG", size=(800, 600), mode="RGB", **save_options):
    """An uploaded image file made with Pillow."""
    buffer = io.BytesIO()
    Image.new(mode, size, "teal" if mode in ("RGB", "RGBA") else 0).save(buffer, image_format, **save_options)
    content_types = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp", "GIF": "image/gif"}
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=content_types[image_format])
