"""The user's own things: logging in, notifications, and the interface language they chose."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as switch_language

from ..models import Notification, User


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Django's language switch, which also keeps the choice on the user: notifications and e-mails reach
    them in the language they read the portal in."""
    response = switch_language(request)
    language = request.POST.get("language")
    user = request.user
    if user.is_authenticated and language in dict(settings.LANGUAGES) and language != user.language:
        User.objects.filter(pk=user.pk).update(language=language)
    return response


class LoginView(auth_views.LoginView):
    """Django's login, carrying the language between the browser and the user: a language chosen on this
    browser (the switch on the login page sets its cookie) is kept on the user; a browser without a choice
    gets the user's saved language, so a user who reads in English does so on any computer."""

    def form_valid(self, form):
        response = super().form_valid(form)
        user = form.get_user()
        chosen = self.request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if chosen in dict(settings.LANGUAGES):
            if chosen != user.language:
                User.objects.filter(pk=user.pk).update(language=chosen)
        else:
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                user.language,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                path=settings.LANGUAGE_COOKIE_PATH,
                domain=settings.LANGUAGE_COOKIE_DOMAIN,
                secure=settings.LANGUAGE_COOKIE_SECURE,
                httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            )
        return response


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    notifications = Notification.objects.filter(recipient=request.user).select_related("agreement")
    page = Paginator(notifications, 25).get_page(request.GET.get("page"))
    return render(request, "agreements/notifications.html", {"page": page})


@login_required
@require_POST
def notification_open(request: HttpRequest, notification_id: int) -> HttpResponse:
    notification = get_object_or_404(Notification, pk=notification_id, recipient=request.user)
    if notification.read_at is None:
        Notification.objects.filter(pk=notification.pk).update(read_at=timezone.now())
    return redirect(notification.url or "agreements:notifications")


@login_required
@require_POST
def notification_read_all(request: HttpRequest) -> HttpResponse:
    Notification.objects.filter(recipient=request.user, read_at__isnull=True).update(read_at=timezone.now())
    return redirect("agreements:notifications")
