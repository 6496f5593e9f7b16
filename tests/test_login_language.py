"""Logging in carries the interface language between the browser and the user."""

import pytest
from django.conf import settings
from django.urls import reverse

from agreements.models import User

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-test-password-7"


@pytest.fixture
def reader(alice):
    alice.set_password(PASSWORD)
    alice.language = "en"
    alice.save()
    return alice


def log_in(client, user):
    return client.post(reverse("login"), {"username": user.username, "password": PASSWORD})


def test_a_browser_without_a_choice_gets_the_users_saved_language(client, reader):
    response = log_in(client, reader)
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert client.get(reverse("agreements:home")).content.decode().count('lang="en"') == 1


def test_a_choice_made_on_the_login_page_is_kept_on_the_user(client, reader):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "bn"
    response = log_in(client, reader)
    assert response.status_code == 302
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies
    assert User.objects.get(pk=reader.pk).language == "bn"


def test_a_failed_login_changes_nothing(client, reader):
    response = client.post(reverse("login"), {"username": reader.username, "password": "wrong"})
    assert response.status_code == 200
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies
    assert User.objects.get(pk=reader.pk).language == "en"
