"""What the top navigation bar needs on every page, computed only when a template reads it."""

from __future__ import annotations

from functools import cached_property

from django.http import HttpRequest

from .models import Notification
from .selectors import OFFICE_ROLES, SUPERVISOR_ROLES, is_administrator, offices_of


class Navigation:
    def __init__(self, user):
        self.user = user

    @cached_property
    def drafts(self) -> bool:
        """The user may start an agreement draft for an office of their own."""
        return bool(offices_of(self.user, *OFFICE_ROLES))

    @cached_property
    def supervises(self) -> bool:
        return bool(offices_of(self.user, *SUPERVISOR_ROLES))

    @cached_property
    def administers(self) -> bool:
        return is_administrator(self.user)

    @cached_property
    def unread(self) -> int:
        return Notification.objects.filter(recipient=self.user, read_at__isnull=True).count()


def navigation(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"nav": Navigation(user)}
