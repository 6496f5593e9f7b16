"""Root URL configuration."""

from django.contrib import admin
from django.urls import include, path

from agreements.views import LoginView

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    # Before Django's own: logging in also carries the user's language (agreements/views/inbox.py).
    path("accounts/login/", LoginView.as_view(), name="login"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("reports/", include("reports.urls")),
    path("governance/", include("indicators.governance.urls")),
    path("", include("indicators.urls")),
    path("", include("evidence.urls")),
    path("", include("agreements.urls")),
]

# A database that cannot be reached answers 503 and Retry-After, any other crash 500 (apa_portal/errors.py).
handler500 = "apa_portal.errors.server_error"
