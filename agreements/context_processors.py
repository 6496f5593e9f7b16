"""What the top navigation bar needs on every page, computed only when a template reads it."""

from __future__ import annotations

from functools import cached_property

from django.http import HttpRequest

from indicators.selectors.waiting import waiting_count

from .models import OVERSIGHT_ROLES, Notification
from .selectors import OFFICE_ROLES, SUPERVISOR_ROLES, is_administrator, may_manage_people, offices_of


class Navigation:
    def __init__(self, user, request: HttpRequest | None = None):
        self.user = user
        self.request = request

    @cached_property
    def drafts(self) -> bool:
        """The user may start an agreement draft for an office of their own."""
        return bool(offices_of(self.user, *OFFICE_ROLES))

    @cached_property
    def supervises(self) -> bool:
        return bool(offices_of(self.user, *SUPERVISOR_ROLES))

    @cached_property
    def oversees(self) -> bool:
        """The user reads the dashboard: a supervisor office's people, observers, administrators."""
        return self.administers or bool(offices_of(self.user, *OVERSIGHT_ROLES))

    @cached_property
    def administers(self) -> bool:
        return is_administrator(self.user)

    @cached_property
    def manages_people(self) -> bool:
        return may_manage_people(self.user)

    @cached_property
    def unread(self) -> int:
        return Notification.objects.filter(recipient=self.user, read_at__isnull=True).count()

    @cached_property
    def waiting(self) -> int:
        """How many items the list "আপনার জন্য অপেক্ষমাণ" holds: a page that computed the list hands it over
        (`remember_waiting`), any other computes only the count."""
        items = getattr(self.request, WAITING_ATTRIBUTE, None)
        return len(items) if items is not None else waiting_count(self.user)


WAITING_ATTRIBUTE = "_apa_waiting"


def remember_waiting(request: HttpRequest, items: list) -> list:
    """Keep the list a page computed so the navigation's count costs no query and always equals it."""
    setattr(request, WAITING_ATTRIBUTE, items)
    return items


def navigation(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"nav": Navigation(user, request)}
