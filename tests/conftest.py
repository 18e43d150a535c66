import pytest
from django.contrib.auth.models import Group, User
from django.core.cache import cache
from django.core.management import call_command


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
def _test_settings(settings):
    settings.SECURE_SSL_REDIRECT = False
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Templates refer to static files by name; no collectstatic manifest is needed in tests.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # The forms' rate limit counts posts in the cache: every test starts with a clean count.
    cache.clear()


@pytest.fixture
def editor(db):
    user = User.objects.create_user("redacteur", "redacteur@example.org", "redactie-wachtwoord", is_staff=True)
    user.groups.add(Group.objects.get(name="Redactie"))
    return user


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client
