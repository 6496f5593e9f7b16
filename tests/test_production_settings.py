"""The production settings refuse to start half-configured, pass `check --deploy` without a warning once
configured, and run PostgreSQL through Django's connection pool. Each case starts a fresh Python process,
since settings are read once per process."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
REQUIRED = {
    "SECRET_KEY": "a-long-random-production-secret-used-only-by-this-test-8d0c1f2e3b4a5968",
    "ALLOWED_HOSTS": "apa.example.gov.bd",
    "DATABASE_URL": "postgres://apa@db.example.gov.bd:5432/apa",
    "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
}
# A clean environment: nothing of the developer's, CI's or the suite's own (the browser tests set
# DJANGO_ALLOW_ASYNC_UNSAFE, which `check --deploy` rightly reports) reaches the production settings.
PASSED_THROUGH = ("PATH", "HOME", "LANG", "TMPDIR")
PRINT_DATABASE = (
    "import json, django; django.setup(); from django.conf import settings; "
    "print(json.dumps(settings.DATABASES['default']))"
)


def run(args: list[str], **variables: str) -> subprocess.CompletedProcess:
    environment = {key: os.environ[key] for key in PASSED_THROUGH if key in os.environ}
    environment.update(DJANGO_SETTINGS_MODULE="apa_portal.settings.production", **variables)
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )


@pytest.mark.parametrize("missing", sorted(REQUIRED))
def test_it_refuses_to_start_without_each_required_variable(missing):
    variables = {key: value for key, value in REQUIRED.items() if key != missing}
    result = run(["manage.py", "check"], **variables)
    assert result.returncode != 0
    assert f"Set the {missing} environment variable for production." in result.stderr


@pytest.mark.parametrize("backend", ["console", "locmem", "filebased", "dummy"])
def test_it_refuses_an_email_backend_that_sends_nothing(backend):
    """Password-reset links would be written to the log (console) or kept nowhere: no start."""
    path = f"django.core.mail.backends.{backend}.EmailBackend"
    result = run(["manage.py", "check"], **{**REQUIRED, "EMAIL_BACKEND": path})
    assert result.returncode != 0
    assert "Set EMAIL_BACKEND to a backend that sends mail" in result.stderr


def test_the_admin_path_is_a_setting():
    code = "import django; django.setup(); from django.urls import reverse; print(reverse('admin:index'))"
    assert run(["-c", code], **REQUIRED).stdout.strip() == "/admin/"
    assert run(["-c", code], **REQUIRED, ADMIN_URL="office-console-7/").stdout.strip() == "/office-console-7/"


@pytest.mark.parametrize("hosts", [",", " , ,", " "])
def test_it_refuses_allowed_hosts_that_name_no_host(hosts):
    result = run(["manage.py", "check"], **{**REQUIRED, "ALLOWED_HOSTS": hosts})
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and "ALLOWED_HOSTS" in result.stderr


def test_it_refuses_sqlite_in_production():
    result = run(["manage.py", "check"], **{**REQUIRED, "DATABASE_URL": "sqlite:///db.sqlite3"})
    assert result.returncode != 0
    assert "DATABASE_URL must be a postgres:// URL" in result.stderr


def test_check_deploy_passes_without_a_warning():
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], **REQUIRED)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNING" not in result.stdout + result.stderr


def test_postgresql_runs_through_a_checked_pool_of_one_to_four_connections_per_process():
    result = run(["-c", PRINT_DATABASE], **REQUIRED)
    assert result.returncode == 0, result.stderr
    database = json.loads(result.stdout)
    assert database["OPTIONS"]["pool"] == {"min_size": 1, "max_size": 4, "timeout": 5}
    # The pool refuses persistent connections; health checks make Django give the pool psycopg's check.
    assert database["CONN_MAX_AGE"] == 0 and database["CONN_HEALTH_CHECKS"] is True


def test_the_pool_size_comes_from_the_environment():
    result = run(["-c", PRINT_DATABASE], **REQUIRED, DB_POOL_MIN="2", DB_POOL_MAX="8")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["OPTIONS"]["pool"] == {"min_size": 2, "max_size": 8, "timeout": 5}


@pytest.mark.parametrize(
    ("pool_min", "pool_max", "message"),
    [
        ("5", "4", "DB_POOL_MIN (5) must not exceed DB_POOL_MAX (4)"),
        ("0", "4", "DB_POOL_MIN must be a whole number of at least 1, not '0'"),
        ("1", "-3", "DB_POOL_MAX must be a whole number of at least 1, not '-3'"),
        ("1", "many", "DB_POOL_MAX must be a whole number of at least 1, not 'many'"),
    ],
)
def test_it_refuses_a_pool_size_that_makes_no_sense(pool_min, pool_max, message):
    result = run(["manage.py", "check"], **REQUIRED, DB_POOL_MIN=pool_min, DB_POOL_MAX=pool_max)
    assert result.returncode != 0
    assert message in result.stderr


@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="needs the PostgreSQL server of the suite's PostgreSQL run",
)
def test_a_query_goes_through_the_pool_on_a_real_server():
    # The suite's own database exists only under the test runner's name; the server's maintenance database
    # is always there.
    server = os.environ["DATABASE_URL"].rsplit("/", 1)[0]
    script = (
        "import django; django.setup(); from django.db import connection; "
        "cursor = connection.cursor(); cursor.execute('SELECT 1'); "
        "print(type(connection.pool).__name__, connection.pool.get_stats()['pool_max'])"
    )
    result = run(["-c", script], **{**REQUIRED, "DATABASE_URL": f"{server}/postgres"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["ConnectionPool", "4"]


# The language switch answered under the production settings (no database: the visitor is anonymous), and
# the cookie it sets read back as the browser receives it.
SWITCH_LANGUAGE = (
    "import json, django; django.setup(); from django.test import Client; "
    "response = Client(HTTP_HOST='apa.example.gov.bd').post('/language/', {'language': 'en', 'next': '/'}, "
    "secure=True); cookie = response.cookies['django_language']; "
    "print(json.dumps({'status': response.status_code, 'value': cookie.value, 'secure': cookie['secure'], "
    "'httponly': cookie['httponly'], 'samesite': cookie['samesite']}))"
)


def test_the_language_cookie_is_secure_http_only_and_same_site_in_production():
    result = run(["-c", SWITCH_LANGUAGE], **REQUIRED)
    assert result.returncode == 0, result.stderr
    cookie = json.loads(result.stdout.strip().splitlines()[-1])
    assert cookie == {"status": 302, "value": "en", "secure": True, "httponly": True, "samesite": "Lax"}
