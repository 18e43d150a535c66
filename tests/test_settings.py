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
    "SITE_URL": "https://regio.example.org",
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


def hsts_settings(**env):
    script = "from django.conf import settings as s; print(s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_HSTS_PRELOAD)"
    result = manage("shell", "--verbosity", "0", "--command", script, **PRODUCTION, **env)
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_hsts_subdomains_and_preload_are_opt_in():
    assert hsts_settings() == ["False", "False"]
    assert hsts_settings(SECURE_HSTS_INCLUDE_SUBDOMAINS="1", SECURE_HSTS_PRELOAD="1") == ["True", "True"]


def test_gunicorn_listens_only_on_the_loopback_address_by_default():
    environment = {key: value for key, value in os.environ.items() if key != "GUNICORN_BIND"}
    result = subprocess.run(
        [sys.executable, "-m", "gunicorn", "-c", "opti/gunicorn.conf.py", "--print-config", "opti.wsgi"],
        cwd=BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert "bind                               = ['127.0.0.1:8000']" in result.stdout


def test_deploy_check_warns_when_a_proxy_is_configured_without_the_client_ip_header():
    behind_proxy = {**PRODUCTION, "SECURE_PROXY_SSL_HEADER": "HTTP_X_FORWARDED_PROTO"}
    result = manage("check", "--deploy", "--fail-level", "WARNING", **behind_proxy)
    assert result.returncode != 0
    assert "(opti.W001) SECURE_PROXY_SSL_HEADER says that a reverse proxy is in front" in result.stderr
    assert "CLIENT_IP_HEADER" in result.stderr
    result = manage("check", "--deploy", "--fail-level", "WARNING", **behind_proxy, CLIENT_IP_HEADER="HTTP_X_REAL_IP")
    assert result.returncode == 0, result.stderr


def test_gunicorn_closes_the_masters_database_connections_before_forking_a_worker(tmp_path):
    code = (
        "import runpy; from django.db import connection; connection.ensure_connection(); "
        "runpy.run_path('opti/gunicorn.conf.py')['pre_fork'](None, None); print(connection.connection)"
    )
    result = manage("shell", "--verbosity", "0", "-c", code, DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "None"


def test_deploy_check_warns_when_mails_would_link_to_localhost():
    result = manage(
        "check", "--deploy", "--fail-level", "WARNING", **{**PRODUCTION, "SITE_URL": "http://localhost:8000"}
    )
    assert result.returncode != 0
    assert "(opti.W002) SITE_URL is http://localhost:8000" in result.stderr
