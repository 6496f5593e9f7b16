"""Delegated administration of people: an office head, or the head of a supervisor office, adds the people of
their subtree, changes a role, deactivates and reactivates, and sends a new set-password link; an
administrator does the same for everyone. Each write re-checks, inside its transaction, that the person and
the office are in the actor's scope (`agreements.selectors.users_managed_by`, `managed_offices`)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..audit import audit_record, snapshot
from ..invitations import send_invitations
from ..models import Office, OfficeMembership, Role, User
from ..selectors import is_administrator, managed_offices, users_managed_by


def assignable_roles(actor: User) -> list[str]:
    """The roles `actor` may give: every role but administrator, which only an administrator gives."""
    return [role for role in Role.values if role != Role.ADMINISTRATOR or is_administrator(actor)]


def require_manageable(
    actor: User, *, user: User | None = None, office: Office | None = None, role: str = ""
):
    if user is not None and not users_managed_by(actor).filter(pk=user.pk).exists():
        raise PermissionDenied(_("এই ব্যবহারকারী আপনার আওতার বাইরে।"))
    if office is not None and not managed_offices(actor).filter(pk=office.pk).exists():
        raise PermissionDenied(_("এই অফিস আপনার আওতার বাইরে।"))
    if role and role not in assignable_roles(actor):
        raise PermissionDenied(_("এই ভূমিকা দেওয়ার অনুমতি আপনার নেই।"))


def roles_of(user: User) -> list[str]:
    return sorted(
        f"{code or '*'}:{role}" for code, role in user.memberships.values_list("office__code", "role")
    )


@transaction.atomic
def person_create(
    *,
    actor: User,
    username: str,
    name_bn: str,
    email: str,
    designation_bn: str,
    office: Office,
    role: str,
) -> User:
    """A new person with one role at `office`, e-mailed a set-password link once saved."""
    require_manageable(actor, office=office, role=role)
    user = User(username=username, name_bn=name_bn, email=email, designation_bn=designation_bn)
    user.set_unusable_password()
    user.full_clean()
    user.save()
    membership = OfficeMembership(user=user, office=office, role=role)
    membership.full_clean()
    membership.save()
    audit_record(
        actor=actor, action="user.create", obj=user, after={**snapshot(user), "roles": roles_of(user)}
    )
    send_invitations([user])
    return user


@transaction.atomic
def person_role_change(
    *, actor: User, membership: OfficeMembership, office: Office, role: str
) -> OfficeMembership:
    """One of a person's roles moved to another office of the actor's scope or changed to another role."""
    require_manageable(actor, user=membership.user, office=office, role=role)
    before = roles_of(membership.user)
    membership.office, membership.role = office, role
    try:
        membership.full_clean()
    except ValidationError as invalid:
        if "__all__" in invalid.message_dict:
            raise ValidationError(_("এই ব্যক্তির এই অফিসে এই ভূমিকা আগে থেকেই আছে।")) from None
        raise
    membership.save()
    audit_record(
        actor=actor,
        action="user.roles",
        obj=membership.user,
        before={"roles": before},
        after={"roles": roles_of(membership.user)},
    )
    return membership


@transaction.atomic
def person_set_active(*, actor: User, user: User, active: bool) -> User:
    """Deactivate (nobody is deleted: their signatures and history stay theirs) or reactivate a person."""
    require_manageable(actor, user=user)
    if user.is_active != active:
        user.is_active = active
        user.save(update_fields=["is_active"])
        audit_record(
            actor=actor,
            action="user.update",
            obj=user,
            before={"is_active": not active},
            after={"is_active": active},
        )
    return user


@transaction.atomic
def person_invite(*, actor: User, user: User) -> None:
    """A new set-password link to the person's address (the earlier one stops working once this is used)."""
    require_manageable(actor, user=user)
    if not user.is_active or not user.email:
        raise ValidationError(_("নিষ্ক্রিয় বা ই-মেইল ঠিকানাহীন ব্যবহারকারীকে লিংক পাঠানো যায় না।"))
    send_invitations([user])
    audit_record(actor=actor, action="user.invite", obj=user, after={"email": user.email})
