"""The account pages beside logging in: the lockout page after too many wrong passwords (django-axes), and
Django's password change and reset, each recorded in the audit trail."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ..account_audit import PASSWORD_CHANGE, PASSWORD_RESET, PASSWORD_RESET_REQUEST, account_event


def lockout_response(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    """What django-axes answers a locked-out login with (AXES_LOCKOUT_CALLABLE), on the portal's login page
    and the admin's alike: the login page with the reason in Bangla, 429 Too Many Requests."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    context = {
        "locked_out": True,
        "lockout_minutes": minutes,
        "next": request.POST.get("next") or request.GET.get("next", ""),
        "typed_username": (credentials or {}).get("username") or request.POST.get("username", ""),
    }
    return render(request, "registration/login.html", context, status=429)


class PasswordChangeView(auth_views.PasswordChangeView):
    def form_valid(self, form):
        response = super().form_valid(form)
        account_event(action=PASSWORD_CHANGE, request=self.request, user=form.user, actor=form.user)
        return response


class PasswordResetView(auth_views.PasswordResetView):
    def form_valid(self, form):
        # Recorded for each account the address belongs to; an address that matches none leaves no row, as
        # the page itself does not say whether it matched.
        for user in form.get_users(form.cleaned_data["email"]):
            account_event(action=PASSWORD_RESET_REQUEST, request=self.request, user=user)
        return super().form_valid(form)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    def form_valid(self, form):
        response = super().form_valid(form)
        account_event(action=PASSWORD_RESET, request=self.request, user=form.user, actor=form.user)
        return response
