"""Root URL configuration."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from agreements.views import (
    LoginView,
    PasswordChangeView,
    PasswordResetConfirmView,
    PasswordResetView,
    second_factor_enrol,
    second_factor_remove,
    second_factor_verify,
    security,
)

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    # Not at the default path on a public server: ADMIN_URL (settings/base.py).
    path(settings.ADMIN_URL, admin.site.urls),
    # Before Django's own: logging in also carries the user's language (agreements/views/inbox.py), and the
    # password pages write the audit trail (agreements/views/account.py).
    path("accounts/login/", LoginView.as_view(), name="login"),
    path("accounts/password_change/", PasswordChangeView.as_view(), name="password_change"),
    path("accounts/password_reset/", PasswordResetView.as_view(), name="password_reset"),
    path(
        "accounts/reset/<uidb64>/<token>/", PasswordResetConfirmView.as_view(), name="password_reset_confirm"
    ),
    # The second factor (agreements/second_factor.py): the code after the password, enrolling, security.
    path("accounts/code/", second_factor_verify, name="second_factor_verify"),
    path("accounts/second-factor/", second_factor_enrol, name="second_factor_enrol"),
    path("accounts/security/", security, name="security"),
    path("accounts/security/remove/", second_factor_remove, name="second_factor_remove"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("reports/", include("reports.urls")),
    path("governance/", include("indicators.governance.urls")),
    path("", include("indicators.urls")),
    path("", include("evidence.urls")),
    path("", include("agreements.urls")),
]

# A database that cannot be reached answers 503 and Retry-After, any other crash 500 (apa_portal/errors.py).
handler500 = "apa_portal.errors.server_error"
