"""Reads that start from the user's scope: an office's own people see its agreements, a supervisor office
sees the agreements signed with it, an observer sees a subtree, an administrator sees everything."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from .models import Agreement, Office, OfficeMembership, Role, User

OWN_OFFICE_ROLES = (Role.FOCAL_POINT, Role.OFFICE_HEAD)
SUPERVISOR_ROLES = (Role.SUPERVISOR_REVIEWER, Role.SUPERVISOR_HEAD)


def user_memberships(user: User) -> list[OfficeMembership]:
    if not user.is_authenticated:
        return []
    cached = getattr(user, "_apa_memberships", None)
    if cached is None:
        cached = list(user.memberships.select_related("office"))
        user._apa_memberships = cached
    return cached


def is_administrator(user: User) -> bool:
    return user.is_authenticated and (
        user.is_superuser or any(m.role == Role.ADMINISTRATOR for m in user_memberships(user))
    )


def agreement_scope_q(user: User) -> Q | None:
    """The filter on Agreement for what `user` may read; None means everything (administrators)."""
    if is_administrator(user):
        return None
    scope = Q(pk__in=[])
    for membership in user_memberships(user):
        if membership.office is None:
            continue
        if membership.role in OWN_OFFICE_ROLES:
            scope |= Q(office=membership.office)
        elif membership.role in SUPERVISOR_ROLES:
            scope |= Q(supervisor_office=membership.office)
        elif membership.role == Role.OBSERVER:
            scope |= Q(office__tree_path__startswith=membership.office.tree_path)
    return scope


def agreements_visible_to(user: User) -> QuerySet[Agreement]:
    queryset = Agreement.objects.select_related("office", "supervisor_office", "fiscal_year")
    scope = agreement_scope_q(user)
    return queryset if scope is None else queryset.filter(scope)


def offices_of(user: User, *roles: str) -> list[Office]:
    """The offices at which the user holds one of `roles`."""
    return [m.office for m in user_memberships(user) if m.office is not None and m.role in roles]
