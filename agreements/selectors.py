"""Reads that start from the user's scope: an office's own people see its agreements, a supervisor office
sees the agreements signed with it, an observer sees a subtree, an administrator sees everything."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.shortcuts import get_object_or_404

from apa_portal.bangla import normalize_text

from .models import OFFICE_ROLES, SUPERVISOR_ROLES, Agreement, Office, OfficeMembership, Role, User


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


def agreement_scope_q(user: User, *, roles: Iterable[str] | None = None) -> Q | None:
    """The filter on Agreement for what `user` may read; None means everything (administrators). `roles`
    keeps only what the user reads in one of those roles (a dashboard of the offices one oversees)."""
    if is_administrator(user):
        return None
    scope = Q(pk__in=[])
    for membership in user_memberships(user):
        if membership.office is None or (roles is not None and membership.role not in roles):
            continue
        if membership.role in OFFICE_ROLES:
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


def office_search_q(text: str, *, prefix: str = "") -> Q:
    """The one office search of every list (reports, home pages, the supervisor's workspace, the export
    picker): offices whose Bangla or English name or code contains `text`, ignoring case. Typed Bangla is
    NFC-normalised, as stored names are (`Office.save`), so a name typed in another Unicode form is found.
    `prefix` reaches the office from another model ("office__" on agreements); blank text matches all. One
    query whatever the number of offices: the filter joins the list's own query."""
    text = normalize_text(text).strip()
    if not text:
        return Q()
    return (
        Q(**{f"{prefix}name_bn__icontains": text})
        | Q(**{f"{prefix}name_en__icontains": text})
        | Q(**{f"{prefix}code__icontains": text})
    )


def latest_fiscal_year_id(user: User) -> int | None:
    """The latest fiscal year in which `user` sees any agreement (a default that shows something)."""
    years = agreements_visible_to(user).order_by("-fiscal_year__start_year")
    return years.values_list("fiscal_year_id", flat=True).first()


def offices_of(user: User, *roles: str) -> list[Office]:
    """The offices at which the user holds one of `roles`."""
    return [m.office for m in user_memberships(user) if m.office is not None and m.role in roles]


def roles_for(user: User, agreement: Agreement) -> set[str]:
    """The roles `user` holds towards `agreement`: its own office's roles (focal point, head), the supervisor
    office's roles (reviewer, head), observer over its subtree, or administrator."""
    roles: set[str] = set()
    if is_administrator(user):
        roles.add(Role.ADMINISTRATOR)
    for membership in user_memberships(user):
        office = membership.office
        if office is None:
            continue
        holds = (
            (membership.role in OFFICE_ROLES and office.pk == agreement.office_id)
            or (membership.role in SUPERVISOR_ROLES and office.pk == agreement.supervisor_office_id)
            or (membership.role == Role.OBSERVER and agreement.office.tree_path.startswith(office.tree_path))
        )
        if holds:
            roles.add(membership.role)
    return roles


def get_agreement_for(user: User, pk: int, *, require: Iterable[str] = ()) -> Agreement:
    """The agreement if `user` may see it (else 404) and, when `require` names roles, holds one of them (else
    403): an outsider learns nothing, a reader is told they may not act."""
    agreement = get_object_or_404(agreements_visible_to(user), pk=pk)
    required = set(require)
    if required and not (roles_for(user, agreement) & required):
        raise PermissionDenied
    return agreement


# Who manages people (agreements.services.people): an office's head, or the head of a supervisor office, for
# the offices of their subtree; an administrator for everyone.
MANAGER_ROLES = (Role.OFFICE_HEAD, Role.SUPERVISOR_HEAD)


def managed_office_q(user: User, prefix: str = "") -> Q | None:
    """The filter on Office (or, with `prefix` "office__", on what points to one) for the offices whose people
    `user` manages; None means every office (administrators)."""
    if is_administrator(user):
        return None
    scope = Q(pk__in=[])
    for office in offices_of(user, *MANAGER_ROLES):
        scope |= Q(**{f"{prefix}tree_path__startswith": office.tree_path})
    return scope


def may_manage_people(user: User) -> bool:
    return is_administrator(user) or bool(offices_of(user, *MANAGER_ROLES))


def users_managed_by(user: User) -> QuerySet[User]:
    """The people `user` manages: everyone whose every role is at an office of `user`'s subtrees (a person
    with a role elsewhere, or over the whole system, is not theirs to change), never themselves; an
    administrator manages everyone but superusers and themselves."""
    people = User.objects.exclude(pk=user.pk).exclude(is_superuser=True)
    scope = managed_office_q(user, "office__")
    if scope is None:
        return people
    memberships = OfficeMembership.objects.filter(user=OuterRef("pk"))
    return people.filter(Exists(memberships.filter(scope))).exclude(
        Exists(memberships.exclude(Q(office__isnull=False) & scope))
    )


def managed_offices(user: User) -> QuerySet[Office]:
    scope = managed_office_q(user)
    return Office.objects.all() if scope is None else Office.objects.filter(scope)
