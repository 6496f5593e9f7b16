"""Brute force (django-axes): after five wrong passwords an account is refused even the right one, on the
portal's login page and the admin's, with the reason in Bangla; an administrator's reset opens it again."""

import pytest
from axes.models import AccessAttempt
from axes.utils import reset
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from agreements.models import User

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db
LOCKED = "অনেকবার ভুল পাসওয়ার্ড দেওয়ায়"


def attempt(client, url, username, password, address="203.0.113.10"):
    return client.post(url, {"username": username, "password": password}, REMOTE_ADDR=address)


def fail_five_times(client, url, username, address="203.0.113.10"):
    """Four times the ordinary "wrong password" page, the fifth already the lockout."""
    statuses = [attempt(client, url, username, "wrong-password", address).status_code for _ in range(5)]
    assert statuses == [200, 200, 200, 200, 429]


def test_the_limit_is_five_and_the_cool_off_half_an_hour():
    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.AXES_COOLOFF_TIME.total_seconds() == 30 * 60


def test_five_wrong_passwords_lock_the_account_even_against_the_right_one(client, alice):
    fail_five_times(client, reverse("login"), "alice")
    response = attempt(client, reverse("login"), "alice", PASSWORD)
    assert response.status_code == 429
    page = response.content.decode()
    assert LOCKED in page and "৩০ মিনিট" in page
    assert "_auth_user_id" not in client.session


def test_the_lockout_holds_for_the_account_from_another_address(client, alice):
    fail_five_times(client, reverse("login"), "alice", address="203.0.113.10")
    assert attempt(client, reverse("login"), "alice", PASSWORD, address="198.51.100.20").status_code == 429


def test_the_lockout_holds_for_the_address_against_another_account(client, alice, bob):
    for username in ("alice", "x1", "x2", "x3", "x4"):
        attempt(client, reverse("login"), username, "wrong-password")
    assert attempt(client, reverse("login"), "bob", PASSWORD).status_code == 429


def test_the_message_is_english_for_an_english_reader(client, alice):
    fail_five_times(client, reverse("login"), "alice")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = attempt(client, reverse("login"), "alice", PASSWORD).content.decode()
    with translation.override("en"):
        assert "Too many wrong passwords" in page and "30 minutes" in page


def test_an_administrators_reset_opens_the_account_again(client, alice):
    fail_five_times(client, reverse("login"), "alice")
    assert AccessAttempt.objects.filter(username="alice").exists()
    reset(username="alice")  # what `manage.py axes_reset_username alice` and the admin's delete do
    reset(ip="203.0.113.10")
    response = attempt(client, reverse("login"), "alice", PASSWORD)
    assert response.status_code == 302 and client.session["_auth_user_id"] == str(alice.pk)


def test_the_admin_login_is_locked_too(client):
    User.objects.create_superuser("root", "root@example.gov.bd", "a-long-admin-password-9")
    admin_login = reverse("admin:login")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, admin_login, "root", "wrong-password")
    response = attempt(client, admin_login, "root", "a-long-admin-password-9")
    assert response.status_code == 429 and LOCKED in response.content.decode()
    reset(username="root")
    reset(ip="203.0.113.10")
    assert attempt(client, admin_login, "root", "a-long-admin-password-9").status_code == 302


def test_administrators_unlock_in_the_admin(client, alice):
    fail_five_times(client, reverse("login"), "alice", address="198.51.100.30")
    admin = User.objects.create_superuser("root", "root@example.gov.bd", "a-long-admin-password-9")
    client.force_login(admin)
    attempts = reverse("admin:axes_accessattempt_changelist")
    assert "alice" in client.get(attempts).content.decode()
    ids = [str(pk) for pk in AccessAttempt.objects.values_list("pk", flat=True)]
    client.post(attempts, {"action": "delete_selected", "_selected_action": ids, "post": "yes"})
    client.logout()
    assert attempt(client, reverse("login"), "alice", PASSWORD, address="198.51.100.30").status_code == 302


def test_the_login_page_offers_a_password_reset(client):
    page = client.get(reverse("login")).content.decode()
    assert f'href="{reverse("password_reset")}"' in page
