"""The Django admin, open only to a session that has passed the second factor (agreements/second_factor.py
sends staff to enrol or to enter their code first; this is the admin's own check behind it)."""

from django.contrib.admin import AdminSite
from django.contrib.admin.apps import AdminConfig
from django.http import HttpRequest


class PortalAdminSite(AdminSite):
    def has_permission(self, request: HttpRequest) -> bool:
        verified = getattr(request.user, "is_verified", None)
        return super().has_permission(request) and verified is not None and verified()


class PortalAdminConfig(AdminConfig):
    default_site = "apa_portal.admin_site.PortalAdminSite"
