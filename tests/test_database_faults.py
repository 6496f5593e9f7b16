"""A database that cannot be reached (issue 17, finding 10): requests fail fast with the Bangla 503 page and
Retry-After, instead of a bare 500 or a worker hanging for as long as the pool and the operating system wait.
The handler is tested on views that raise; production settings against a closed port and against a server that
accepts connections and never answers (a hung PostgreSQL host) in a fresh process, timed."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from django.db import InterfaceError, OperationalError
from django.test import Client
from django.urls import path
from psycopg_pool import PoolTimeout

from apa_portal.urls import handler500
from apa_portal.urls import urlpatterns as site_urlpatterns

ROOT = Path(__file__).resolve().parent.parent
PASSED_THROUGH = ("PATH", "HOME", "LANG", "TMPDIR")
PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "apa_portal.settings.production",
    "SECRET_KEY": "a-long-random-production-secret-used-only-by-this-test-8d0c1f2e3b4a5968",
    "ALLOWED_HOSTS": "testserver",
    "SECURE_SSL_REDIRECT": "false",
    "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
}


def raising(error: BaseException):
    def view(request):
        raise error

    return view


# This module is the URLconf of the handler tests (pytest.mark.urls): the site's pages and handler, plus views
# that fail the way a lost database makes them fail.
urlpatterns = [
    path("fault/operational/", raising(OperationalError("connection refused"))),
    path("fault/interface/", raising(InterfaceError("connection already closed"))),
    path("fault/pool/", raising(PoolTimeout("couldn't get a connection after 10.00 sec"))),
    path("fault/other/", raising(ValueError("a bug"))),
    *site_urlpatterns,
]


@pytest.mark.urls(__name__)
@pytest.mark.parametrize("fault", ["operational", "interface", "pool"])
def test_a_database_that_cannot_be_reached_is_a_bangla_503_with_retry_after(fault):
    response = Client(raise_request_exception=False).get(f"/fault/{fault}/")
    page = response.content.decode()
    assert response.status_code == 503 and response["Retry-After"] == "30"
    assert 'id="error-503"' in page and "ডাটাবেসের সাথে সংযোগ পাওয়া যায়নি" in page
    assert "Service Unavailable" not in page and "Server Error" not in page


@pytest.mark.urls(__name__)
def test_any_other_crash_stays_the_500_page():
    response = Client(raise_request_exception=False).get("/fault/other/")
    assert response.status_code == 500 and not response.has_header("Retry-After")
    assert 'id="error-500"' in response.content.decode()


def test_the_site_uses_this_handler():
    assert handler500 == "apa_portal.errors.server_error"


class SilentServer:
    """A TCP server that accepts connections and never says a word: a PostgreSQL host that hangs."""

    def __init__(self):
        self.socket = socket.create_server(("127.0.0.1", 0))
        self.port = self.socket.getsockname()[1]
        self.accepted: list[socket.socket] = []
        threading.Thread(target=self.serve, daemon=True).start()

    def serve(self):
        while True:
            try:
                self.accepted.append(self.socket.accept()[0])
            except OSError:
                return

    def close(self):
        self.socket.close()
        for connection in self.accepted:
            connection.close()


REQUEST = """
import json, time, django
django.setup()
from django.test import Client
client = Client(raise_request_exception=False)
client.cookies["sessionid"] = "a" * 32  # the session is read from the database, in the middleware
started = time.monotonic()
response = client.get("/")
print(json.dumps({
    "status": response.status_code,
    "seconds": time.monotonic() - started,
    "retry_after": response.get("Retry-After"),
    "page": 'id="error-503"' in response.content.decode(),
}))
"""


@pytest.fixture
def silent_server():
    server = SilentServer()
    yield server
    server.close()


@pytest.mark.parametrize("where", ["closed port", "silent server"])
def test_with_postgresql_unreachable_production_answers_503_within_seconds(where, silent_server):
    port = 1 if where == "closed port" else silent_server.port
    environment = {key: os.environ[key] for key in PASSED_THROUGH if key in os.environ}
    environment |= PRODUCTION | {
        "DJANGO_SETTINGS_MODULE": "tests.production_settings_unhashed_static",
        "DATABASE_URL": f"postgres://apa@127.0.0.1:{port}/apa",
        "DB_CONNECT_TIMEOUT": "2",
        "DB_POOL_TIMEOUT": "3",
    }
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-c", REQUEST],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout.strip().splitlines()[-1])
    assert answer == {"status": 503, "seconds": answer["seconds"], "retry_after": "30", "page": True}
    # The pool's wait (3 s here), not psycopg_pool's 30 s default nor the operating system's connect timeout.
    assert answer["seconds"] < 8, answer
    assert time.monotonic() - started < 60


def test_connect_and_pool_timeouts_come_from_the_environment():
    environment = {key: os.environ[key] for key in PASSED_THROUGH if key in os.environ}
    environment |= PRODUCTION | {"DATABASE_URL": "postgres://apa@db.example.gov.bd:5432/apa"}
    code = (
        "import json, django; django.setup(); from django.conf import settings; "
        "options = settings.DATABASES['default']['OPTIONS']; "
        "print(json.dumps([options['connect_timeout'], options['pool']['timeout']]))"
    )

    def read(**variables):
        result = subprocess.run(
            [sys.executable, "-c", code],
            cwd=ROOT,
            env=environment | variables,
            capture_output=True,
            text=True,
        )
        return result.returncode, result.stdout.strip(), result.stderr

    assert read()[:2] == (0, "[5, 5]")
    assert read(DB_CONNECT_TIMEOUT="3", DB_POOL_TIMEOUT="7")[:2] == (0, "[3, 7]")
    returncode, _output, error = read(DB_POOL_TIMEOUT="0")
    assert returncode != 0 and "DB_POOL_TIMEOUT must be a whole number of at least 1" in error
