"""Sessions on shared office computers: they end after 30 minutes without a request and 12 hours after
logging in however busy, and nothing seen signed in (pages, downloads) may be stored by the browser."""

import time
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.urls import reverse

from agreements import account_audit
from agreements.models import AuditEntry
from apa_portal import middleware

pytestmark = pytest.mark.django_db


@pytest.fixture
def clock(monkeypatch):
    """The middleware's clock, moved on by hand from the real time of the login."""
    state = SimpleNamespace(now=time.time())
    monkeypatch.setattr(middleware, "time", SimpleNamespace(time=lambda: state.now))
    return state


def signed_in(response) -> bool:
    return response.status_code == 200


def test_the_defaults_are_half_an_hour_idle_and_twelve_hours_in_all():
    assert (settings.SESSION_IDLE_TIMEOUT, settings.SESSION_MAX_AGE) == (30 * 60, 12 * 60 * 60)
    assert settings.SESSION_COOKIE_AGE == settings.SESSION_MAX_AGE


def test_a_session_idle_for_longer_than_the_timeout_ends(client, alice, clock):
    client.force_login(alice)
    home = reverse("agreements:home")
    assert signed_in(client.get(home))
    clock.now += 29 * 60
    assert signed_in(client.get(home))
    clock.now += 31 * 60
    response = client.get(home)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert "_auth_user_id" not in client.session
    [row] = AuditEntry.objects.filter(action=account_audit.LOGOUT)
    assert row.actor == alice and row.after["ended"] == "idle"


def test_a_busy_session_ends_after_the_absolute_lifetime(client, alice, clock):
    client.force_login(alice)
    home = reverse("agreements:home")
    for _ in range(12 * 60 // 20):
        clock.now += 20 * 60
        assert signed_in(client.get(home))
    clock.now += 21 * 60  # past 12 hours, active 20 minutes ago
    assert client.get(home).status_code == 302
    assert AuditEntry.objects.get(action=account_audit.LOGOUT).after["ended"] == "lifetime"


def test_the_entry_page_script_gets_its_session_answer_after_an_idle_timeout(
    client, alice, agreement_a, clock
):
    """The entry page keeps unsaved input through an ended session: its script needs the 401 it gets for an
    expired one, never a login page it would follow silently."""
    client.force_login(alice)
    clock.now += 31 * 60
    # The session is answered for before the indicator is looked up.
    url = reverse("indicators:save", args=[agreement_a.pk, 3, 1])
    response = client.post(url, {"value": "5"}, HTTP_ACCEPT="application/json")
    assert response.status_code == 401 and response.json()["error"] == "session"


def test_signed_in_pages_are_not_stored(client, alice):
    client.force_login(alice)
    cache_control = client.get(reverse("agreements:home"))["Cache-Control"]
    assert "no-store" in cache_control and "private" in cache_control


def test_downloads_are_not_stored(client, alice, agreement_a):
    client.force_login(alice)
    response = client.get(reverse("reports:download", args=[agreement_a.pk, "agreement", "xlsx"]))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
