"""Delegated administration of people (agreements/views/people.py, agreements.services.people): an office's
head and a supervisor office's head manage the people of their subtree — add (with a set-password e-mail),
change a role, deactivate, send a new link — and nobody else's; an administrator manages everyone."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from agreements import services
from agreements.models import AuditEntry, OfficeMembership, Role, User
from agreements.selectors import users_managed_by

from .conftest import persona

pytestmark = pytest.mark.django_db


@pytest.fixture
def pia(office_a):
    user = persona("pia", office_a, Role.FOCAL_POINT)
    user.email = "pia@example.gov.bd"
    user.save()
    return user


def new_person(office_code: str, **fields) -> dict:
    return {
        "username": "nadia",
        "name_bn": "নাদিয়া",
        "email": "nadia@example.gov.bd",
        "designation_bn": "সহকারী প্রোগ্রামার",
        "office": office_code,
        "role": "focal_point",
        **fields,
    }


def test_each_manager_sees_the_people_of_their_subtree_only(
    client, henry, hank, sam, saul, ada, pia, bob, oscar
):
    assert set(users_managed_by(henry)) == {pia}  # not henry himself
    assert set(users_managed_by(hank)) == {bob}
    # The supervisor office's head: offices A and B below it; oscar's role is at the ministry, above.
    assert set(users_managed_by(sam)) == {pia, henry, hank, bob}
    assert set(users_managed_by(saul)) == set()
    assert oscar in users_managed_by(ada) and ada not in users_managed_by(ada)
    client.force_login(henry)
    response = client.get(reverse("agreements:people"))
    assert response.status_code == 200 and "pia" in response.content.decode()
    assert "bob" not in response.content.decode()


def test_a_person_with_a_role_outside_the_subtree_is_not_the_managers(henry, pia, office_b):
    OfficeMembership.objects.create(user=pia, office=office_b, role=Role.OBSERVER)
    assert not users_managed_by(henry).filter(pk=pia.pk).exists()


def test_a_head_adds_a_person_of_their_office_who_gets_the_link(
    client, henry, django_capture_on_commit_callbacks
):
    client.force_login(henry)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("agreements:people"), new_person("office-a"))
    user = User.objects.get(username="nadia")
    assert response.status_code == 302 and response.url == reverse("agreements:person", args=[user.pk])
    assert not user.has_usable_password()
    assert list(user.memberships.values_list("office__code", "role")) == [("office-a", "focal_point")]
    assert mail.outbox[0].to == ["nadia@example.gov.bd"] and "/accounts/reset/" in mail.outbox[0].body
    assert AuditEntry.objects.get(action="user.create").actor == henry


@pytest.mark.parametrize(
    "fields, field",
    [
        ({"office": "office-b"}, "office"),  # another office's people
        ({"office": "dg"}, "office"),  # above the head's office
        ({"role": "administrator"}, "role"),  # only an administrator makes administrators
        ({"email": "not-an-address"}, "email"),
        ({"username": "henry"}, "username"),  # taken
    ],
)
def test_a_head_cannot_add_outside_their_scope_or_with_bad_input(client, henry, fields, field):
    client.force_login(henry)
    response = client.post(reverse("agreements:people"), new_person("office-a", **fields))
    assert response.status_code == 422
    assert response.context["form"].errors[field]
    assert not User.objects.filter(username="nadia").exists()


def test_a_head_changes_a_role_within_the_subtree_and_it_is_audited(client, sam, pia, office_b, rex):
    client.force_login(sam)
    membership = pia.memberships.get()
    url = reverse("agreements:person", args=[pia.pk])
    response = client.post(url, {"membership": membership.pk, "office": "office-b", "role": "office_head"})
    assert response.status_code == 302, response.context["form"].errors
    assert list(pia.memberships.values_list("office__code", "role")) == [("office-b", "office_head")]
    entry = AuditEntry.objects.get(action="user.roles")
    assert (entry.before, entry.after) == (
        {"roles": ["office-a:focal_point"]},
        {"roles": ["office-b:office_head"]},
    )
    # Out of sam's subtree: refused, nothing changed.
    response = client.post(url, {"membership": membership.pk, "office": "other-dg", "role": "observer"})
    assert response.status_code == 422
    assert list(pia.memberships.values_list("office__code", "role")) == [("office-b", "office_head")]


def test_deactivation_and_a_new_link(client, henry, pia, django_capture_on_commit_callbacks):
    client.force_login(henry)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("agreements:person_invite", args=[pia.pk]))
    assert mail.outbox[0].to == ["pia@example.gov.bd"]
    client.post(reverse("agreements:person_active", args=[pia.pk]), {"active": "0"})
    pia.refresh_from_db()
    assert pia.is_active is False and User.objects.filter(pk=pia.pk).exists()
    assert AuditEntry.objects.get(action="user.update").after == {"is_active": False}
    # No link to a deactivated person.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("agreements:person_invite", args=[pia.pk]))
    assert len(mail.outbox) == 1
    client.post(reverse("agreements:person_active", args=[pia.pk]), {"active": "1"})
    pia.refresh_from_db()
    assert pia.is_active


def test_outsiders_get_404_and_non_managers_403(client, hank, saul, alice, rita, pia):
    for user, status in ((hank, 404), (saul, 404), (alice, 403), (rita, 403)):
        client.force_login(user)
        assert client.get(reverse("agreements:person", args=[pia.pk])).status_code == status
        response = client.post(reverse("agreements:person_active", args=[pia.pk]), {"active": "0"})
        assert response.status_code == status
    pia.refresh_from_db()
    assert pia.is_active


def test_the_services_refuse_outside_scope_even_when_called_directly(henry, bob, office_b):
    with pytest.raises(PermissionDenied):
        services.person_set_active(actor=henry, user=bob, active=False)
    with pytest.raises(PermissionDenied):
        services.person_create(actor=henry, **{**new_person("x"), "office": office_b})
    assert User.objects.get(pk=bob.pk).is_active
