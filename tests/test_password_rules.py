"""Password rules: Django's validators (ten characters at least, no common or all-digit passwords, nothing
like the user's name) and no password resembling the site's words or the user's offices."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse

from agreements.models import User

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "password",
    ["apa-demo", "apa-demo-2025", "ApaDemo!2025", "apaportal2025", "office-a-2025", "জেলা কার্যালয় ক"],
)
def test_site_and_office_words_are_refused(alice, password):
    with pytest.raises(ValidationError) as refused:
        validate_password(password, alice)
    assert "password_site_word" in {error.code for error in refused.value.error_list}


@pytest.mark.parametrize("password", ["password123", "12345678901", "short-1", "qwertyuiop"])
def test_weak_passwords_are_refused(alice, password):
    with pytest.raises(ValidationError):
        validate_password(password, alice)


def test_an_unrelated_long_password_is_accepted(alice):
    validate_password("Tulip-river-morning-58", alice)


def test_the_password_change_page_refuses_the_demo_password(client, alice):
    client.force_login(alice)
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "apa-demo-2025", "new_password2": "apa-demo-2025"},
    )
    assert response.status_code == 200
    assert User.objects.get(pk=alice.pk).check_password(PASSWORD)
