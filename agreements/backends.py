"""Authentication backend: Django's ModelBackend, loading the user together with their office memberships."""

from __future__ import annotations

from django.contrib.auth.backends import ModelBackend

from .models import OfficeMembership, User


class MembershipBackend(ModelBackend):
    """Every page and every save needs the user's roles (scope, permissions): reading the user through their
    memberships makes that one query per request instead of two. A user with no membership (a bare superuser)
    is read as ModelBackend reads them."""

    def get_user(self, user_id) -> User | None:
        memberships = list(
            OfficeMembership.objects.select_related("user", "office").filter(user_id=user_id).order_by("pk")
        )
        if not memberships:
            return super().get_user(user_id)
        user = memberships[0].user
        for membership in memberships:
            membership.user = user
        # The cache agreements.selectors.user_memberships reads.
        user._apa_memberships = memberships
        return user if self.user_can_authenticate(user) else None
