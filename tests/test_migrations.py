import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_no_pending_migrations():
    # makemigrations --check exits non-zero when a model change has no migration.
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)
