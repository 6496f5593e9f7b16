"""The second factor's pages: the code after the password, enrolling an authenticator app (a QR code and the
secret as text), and the security page where anyone may enrol or remove their device. The rules and writes
are in agreements/second_factor.py."""

from __future__ import annotations

import base64

import qrcode
import qrcode.image.svg
from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice

from ..second_factor import (
    clean_code,
    confirmed_device,
    device_confirm,
    device_remove,
    pending_device,
    second_factor_required,
    session_verify,
)
from .account import lockout_response


def next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next", "")
    allowed = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if allowed else resolve_url(settings.LOGIN_REDIRECT_URL)


def throttled(device: TOTPDevice) -> bool:
    allowed, _details = device.verify_is_allowed()
    return not allowed


@login_required
def verify(request: HttpRequest) -> HttpResponse:
    """The code after the password, for a user with a device; until it is right the session reaches nothing
    else (SecondFactorMiddleware)."""
    if request.user.is_verified():
        return redirect(next_url(request))
    device = confirmed_device(request.user)
    if device is None:
        return redirect("second_factor_enrol")
    credentials = {"username": request.user.username}
    if AxesProxyHandler.is_locked(request, credentials):
        logout(request)
        return lockout_response(request, credentials=credentials)
    error = ""
    if request.method == "POST":
        if throttled(device):
            error = _("অনেকবার ভুল কোড দেওয়া হয়েছে। কিছুক্ষণ অপেক্ষা করে অ্যাপের নতুন কোড দিন।")
        elif session_verify(request=request, device=device, code=request.POST.get("code", "")):
            return redirect(next_url(request))
        elif getattr(request, "axes_locked_out", False):
            logout(request)
            return lockout_response(request, credentials=credentials)
        else:
            error = _("কোডটি সঠিক নয়। অথেনটিকেটর অ্যাপে এখন যে ৬ অঙ্কের কোড দেখাচ্ছে সেটি দিন।")
    context = {"error": error, "next": next_url(request)}
    return render(request, "registration/second_factor_verify.html", context, status=400 if error else 200)


def qr_code(data: str) -> str:
    """An SVG QR code as a data: address for an <img>: no script and no inline style, as the CSP requires."""
    svg = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, border=2).to_string()
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")


def grouped_secret(device: TOTPDevice) -> str:
    secret = base64.b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@login_required
def enrol(request: HttpRequest) -> HttpResponse:
    """Adding an authenticator app: scan the QR code (or type the secret), then enter the code it shows."""
    if confirmed_device(request.user) is not None:
        return redirect("security" if request.user.is_verified() else "second_factor_verify")
    device = pending_device(request.user)
    error = ""
    if request.method == "POST":
        if throttled(device):
            error = _("অনেকবার ভুল কোড দেওয়া হয়েছে। কিছুক্ষণ অপেক্ষা করে অ্যাপের নতুন কোড দিন।")
        elif device_confirm(request=request, device=device, code=request.POST.get("code", "")):
            messages.success(request, _("দ্বিতীয় ধাপের যাচাই চালু হয়েছে। এখন থেকে লগইনের সময় অ্যাপের কোড লাগবে।"))
            return redirect(next_url(request))
        else:
            error = _("কোডটি সঠিক নয়। অথেনটিকেটর অ্যাপে এখন যে ৬ অঙ্কের কোড দেখাচ্ছে সেটি দিন।")
    context = {
        "error": error,
        "next": next_url(request),
        "qr_code": qr_code(device.config_url),
        "secret": grouped_secret(device),
        "required": second_factor_required(request.user),
    }
    return render(request, "registration/second_factor_enrol.html", context, status=400 if error else 200)


@login_required
def security(request: HttpRequest) -> HttpResponse:
    context = {
        "device": confirmed_device(request.user),
        "required": second_factor_required(request.user),
    }
    return render(request, "registration/security.html", context)


@login_required
@require_POST
def remove(request: HttpRequest) -> HttpResponse:
    """Removing the device asks for a current code from it, so that a session left open is not enough."""
    device = confirmed_device(request.user)
    if device is None:
        return redirect("security")
    if throttled(device) or not device.verify_token(clean_code(request.POST.get("code", ""))):
        messages.error(request, _("কোডটি সঠিক নয়; দ্বিতীয় ধাপের যাচাই চালু রইল।"))
        return redirect("security")
    device_remove(request=request, device=device, actor=request.user)
    messages.success(request, _("দ্বিতীয় ধাপের যাচাই বন্ধ হয়েছে।"))
    return redirect("security")
