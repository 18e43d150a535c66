"""Settings that fail at start-up instead of running insecurely."""

import os
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "x" * 60 + "-production-test-key",
    "ALLOWED_HOSTS": "regio.example.org",
    "CACHE_URL": "redis://127.0.0.1:6379/0",
}


def manage(*args, **env):
    environment = {key: value for key, value in os.environ.items() if key not in ("DEBUG", "SECRET_KEY", "CACHE_URL")}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env={**environment, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_settings_pass_the_deploy_checks():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_debug_with_a_public_host_refuses_to_start():
    result = manage("check", **{**PRODUCTION, "DEBUG": "1"})
    assert result.returncode != 0
    assert "DEBUG is on while ALLOWED_HOSTS names public hosts" in result.stderr


def test_a_public_host_needs_its_own_secret_key():
    result = manage("check", **{key: value for key, value in PRODUCTION.items() if key != "SECRET_KEY"})
    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr


def test_a_public_host_needs_a_cache_shared_by_all_processes():
    result = manage("check", **{**PRODUCTION, "CACHE_URL": "locmemcache://"})
    assert result.returncode != 0
    assert "Set CACHE_URL to a cache shared by all processes" in result.stderr


def test_local_defaults_start_without_any_variable():
    result = manage("check")
    assert result.returncode == 0, result.stderr


def test_retention_periods_and_rate_limit_must_be_positive():
    for name in ("SIGNUP_RETENTION_DAYS", "UNCONFIRMED_SUBSCRIPTION_RETENTION_DAYS", "FORM_RATE_LIMIT"):
        result = manage("check", **{name: "0"})
        assert result.returncode != 0
        assert f"{name} must be a positive number" in result.stderr
