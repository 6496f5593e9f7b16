"""The second factor (django-otp, TOTP): who must have one, what a session without it may reach, and the
writes that enrol, verify and remove a device, each in the audit trail.

After the password, Django's login has happened but the session is not verified: a user with a confirmed
device reaches nothing but the code page until the code is right, and an administrator, a supervisor or a
staff member without a device reaches nothing but the enrolment page. Everyone else is offered a device on
the security page. A wrong code counts as a failed login for django-axes (the lockout), and the device
itself waits longer after each wrong code (django-otp's throttling)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.db import transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from apa_portal.http import wants_json

from .account_audit import (
    SECOND_FACTOR_ENROL,
    SECOND_FACTOR_FAILED,
    SECOND_FACTOR_REMOVE,
    SECOND_FACTOR_VERIFY,
    account_event,
)
from .models import SUPERVISOR_ROLES, Role, User
from .selectors import user_memberships

# Marks the failed login django-axes is told about as a wrong code, not a wrong password: the audit trail
# records it as such (agreements/account_audit.py).
WRONG_CODE = "second_factor"


# The roles whose holders must log in with a second factor: they read or decide for many offices.
SECOND_FACTOR_ROLES = (Role.ADMINISTRATOR, *SUPERVISOR_ROLES)


def second_factor_required(user: User) -> bool:
    """Administrators, holders of a supervisor role and the admin's staff must log in with a second factor."""
    return (
        user.is_staff
        or user.is_superuser
        or any(membership.role in SECOND_FACTOR_ROLES for membership in user_memberships(user))
    )


def confirmed_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).order_by("pk").first()


def pending_device(user: User) -> TOTPDevice:
    """The device being enrolled: the same secret until it is confirmed, so that reloading the page does not
    invalidate what the authenticator app has already scanned."""
    device = TOTPDevice.objects.devices_for_user(user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name=_("অথেনটিকেটর অ্যাপ"), confirmed=False)


def clean_code(code: str) -> str:
    """What was typed, without spaces, Bangla digits read as ASCII ones."""
    code = "".join(code.split())
    return code.translate(str.maketrans("০১২৩৪৫৬৭৮৯", "0123456789"))


@transaction.atomic
def device_confirm(*, request: HttpRequest, device: TOTPDevice, code: str) -> bool:
    """Enrolment: the first right code from the app confirms the device and verifies this session."""
    if not device.verify_token(clean_code(code)):
        return False
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=device.user, confirmed=False).delete()
    otp_login(request, device)
    account_event(action=SECOND_FACTOR_ENROL, request=request, user=device.user, actor=device.user)
    return True


def session_verify(*, request: HttpRequest, device: TOTPDevice, code: str) -> bool:
    """The code page: a right code verifies the session; a wrong one is a failed login for django-axes (which
    may lock the account out and sets request.axes_locked_out) and an audit row."""
    with transaction.atomic():
        accepted = device.verify_token(clean_code(code))
        if accepted:
            otp_login(request, device)
            account_event(action=SECOND_FACTOR_VERIFY, request=request, user=device.user, actor=device.user)
    if not accepted:
        account_event(action=SECOND_FACTOR_FAILED, request=request, user=device.user)
        user_login_failed.send(
            sender=__name__, credentials={"username": device.user.username, WRONG_CODE: True}, request=request
        )
    return accepted


@transaction.atomic
def device_remove(*, request: HttpRequest, device: TOTPDevice, actor: User) -> None:
    TOTPDevice.objects.filter(pk=device.pk).delete()
    account_event(action=SECOND_FACTOR_REMOVE, request=request, user=device.user, actor=actor)


class SecondFactorMiddleware:
    """Holds a signed-in but unverified session to the code page (a user with a device) or the enrolment page
    (a user who must have one). Logging out, the language switch and static files stay reachable; a script
    gets 401 JSON naming the page instead of a redirect it would follow silently."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated and not user.is_verified() and not self.exempt(request.path_info):
            target = self.target(request)
            if target is not None:
                return self.hold(request, target)
        return self.get_response(request)

    @staticmethod
    def exempt(path: str) -> bool:
        always = (
            reverse("second_factor_verify"),
            reverse("second_factor_enrol"),
            reverse("logout"),
            reverse("agreements:set_language"),
            "/" + settings.STATIC_URL.lstrip("/"),
            "/i18n/",
        )
        return path.startswith(always)

    @staticmethod
    def target(request: HttpRequest) -> str | None:
        if confirmed_device(request.user) is not None:
            return reverse("second_factor_verify")
        if second_factor_required(request.user):
            return reverse("second_factor_enrol")
        return None

    @staticmethod
    def hold(request: HttpRequest, target: str) -> HttpResponse:
        back = request.get_full_path() if request.method == "GET" and not wants_json(request) else "/"
        url = f"{target}?{urlencode({'next': back})}"
        if wants_json(request):
            return JsonResponse(
                {
                    "error": "second_factor",
                    "message": _("চালিয়ে যেতে অথেনটিকেটর অ্যাপের কোড দিন।"),
                    "login_url": url,
                },
                status=401,
            )
        return redirect(url)
