"""Accounts in the audit trail: logging in and out, failed logins (also for names that match nobody),
lockouts, password changes and resets are AuditEntry rows against the user, with the address; no password is
ever recorded."""

import json
import re

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

from agreements import account_audit
from agreements.models import AuditEntry
from agreements.templatetags.audit import ACTION_LABELS

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db
ADDRESS = "203.0.113.44"
NEW_PASSWORD = "Tulip-river-morning-58"


def rows(action):
    return list(AuditEntry.objects.filter(action=action).order_by("id"))


def log_in(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ADDRESS)


def assert_no_password_anywhere(*passwords):
    stored = json.dumps(list(AuditEntry.objects.values("after", "before", "object_repr", "reason")))
    for password in passwords:
        assert password not in stored


def test_a_login_and_a_logout_are_recorded_against_the_user(client, alice):
    assert log_in(client, "alice", PASSWORD).status_code == 302
    client.post(reverse("logout"), REMOTE_ADDR=ADDRESS)
    for action in (account_audit.LOGIN, account_audit.LOGOUT):
        [row] = rows(action)
        assert (row.actor, row.object_type, row.object_id) == (alice, "agreements.user", str(alice.pk))
        assert row.after == {"username": "alice", "address": ADDRESS}


def test_a_failed_login_names_the_login_typed_and_never_the_password(client, alice):
    log_in(client, "alice", "guess-one-secret")
    log_in(client, "nobody-here", "guess-two-secret")
    known, unknown = rows(account_audit.LOGIN_FAILED)
    assert known.actor is None and known.object_id == str(alice.pk)
    assert known.after == {"username": "alice", "address": ADDRESS}
    assert unknown.object_id == "" and unknown.after == {"username": "nobody-here", "address": ADDRESS}
    assert_no_password_anywhere("guess-one-secret", "guess-two-secret")


def test_a_lockout_is_recorded(client, alice):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "alice", "wrong-password")
    [row] = rows(account_audit.LOCKOUT)
    assert row.object_id == str(alice.pk) and row.after["username"] == "alice"


def test_a_password_change_is_recorded(client, alice):
    client.force_login(alice)
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    [row] = rows(account_audit.PASSWORD_CHANGE)
    assert row.actor == alice and row.object_id == str(alice.pk)
    assert_no_password_anywhere(NEW_PASSWORD, PASSWORD)


def test_a_password_reset_request_and_its_completion_are_recorded(client, alice):
    alice.email = "alice@example.gov.bd"
    alice.save()
    client.post(reverse("password_reset"), {"email": "alice@example.gov.bd"})
    [row] = rows(account_audit.PASSWORD_RESET_REQUEST)
    assert row.object_id == str(alice.pk) and row.actor is None
    link = re.search(r"/accounts/reset/\S+/", mail.outbox[0].body).group(0)
    form_page = client.get(link, follow=True)
    response = client.post(
        form_page.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert response.status_code == 302
    [row] = rows(account_audit.PASSWORD_RESET)
    assert row.actor == alice and row.object_id == str(alice.pk)
    assert_no_password_anywhere(NEW_PASSWORD)


def test_every_account_action_reads_by_a_bangla_name():
    actions = {value for name, value in vars(account_audit).items() if name.isupper() and "." in str(value)}
    assert len(actions) == 11
    assert actions <= set(ACTION_LABELS)
