"""Accounts in the audit trail: logging in and out, failed logins, lockouts, password changes and resets, the
second factor's enrolment, wrong codes and removal.
Each is an AuditEntry against the user (or, for a login name that matches nobody, against that name), with
the address the request came from. A password is never recorded, typed or stored."""

from __future__ import annotations

import time
from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db import transaction
from django.http import HttpRequest

from apa_portal.middleware import SESSION_SEEN, SESSION_STARTED, client_address

from .audit import audit_record
from .models import User

LOGIN = "account.login"
LOGOUT = "account.logout"
LOGIN_FAILED = "account.login_failed"
LOCKOUT = "account.lockout"
PASSWORD_CHANGE = "account.password_change"
PASSWORD_RESET_REQUEST = "account.password_reset_request"
PASSWORD_RESET = "account.password_reset"
SECOND_FACTOR_ENROL = "account.second_factor_enrol"
SECOND_FACTOR_VERIFY = "account.second_factor_verify"
SECOND_FACTOR_FAILED = "account.second_factor_failed"
SECOND_FACTOR_REMOVE = "account.second_factor_remove"


def account_event(
    *,
    action: str,
    request: HttpRequest | None,
    user: User | None = None,
    username: str = "",
    actor: User | None = None,
    **details: Any,
) -> None:
    """One audit row for an account event. Without a known user the row names the login name typed, so that
    a guesser's attempts on names that do not exist are recorded as well."""
    if user is None:
        user = get_user_model().objects.filter(username=username).first() if username else None
    after = {"username": user.username if user else username, **details}
    if request is not None:
        after["address"] = client_address(request)
    with transaction.atomic():
        audit_record(actor=actor, action=action, obj=user or User(username=username), after=after)


def record_login(sender, request, user, **kwargs) -> None:
    account_event(action=LOGIN, request=request, user=user, actor=user)
    if request is not None and hasattr(request, "session"):
        # The session's lifetime counts from here (apa_portal.middleware.SessionLifetimeMiddleware).
        now = int(time.time())
        request.session[SESSION_STARTED] = now
        request.session[SESSION_SEEN] = now


def record_logout(sender, request, user, **kwargs) -> None:
    if user is None:
        return
    reason = getattr(request, "session_end_reason", "") if request is not None else ""
    details = {"ended": reason} if reason else {}
    account_event(action=LOGOUT, request=request, user=user, actor=user, **details)


def record_login_failed(sender, credentials, request=None, **kwargs) -> None:
    if credentials.get("second_factor"):
        # A wrong code, told to django-axes as a failed login; its own row is written where it was typed
        # (agreements/second_factor.py).
        return
    # Django has already replaced the password in `credentials` by stars; only the login name is kept.
    account_event(action=LOGIN_FAILED, request=request, username=str(credentials.get("username") or ""))


def record_lockout(sender, request, username, ip_address, **kwargs) -> None:
    account_event(action=LOCKOUT, request=request, username=str(username or ""))


def connect() -> None:
    """Called once from AgreementsConfig.ready()."""
    user_logged_in.connect(record_login, dispatch_uid="apa-account-login")
    user_logged_out.connect(record_logout, dispatch_uid="apa-account-logout")
    user_login_failed.connect(record_login_failed, dispatch_uid="apa-account-login-failed")
    user_locked_out.connect(record_lockout, dispatch_uid="apa-account-lockout")
