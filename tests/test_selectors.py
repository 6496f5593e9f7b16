"""Who may read which agreement: the scope every view starts from."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from agreements.models import Role
from agreements.selectors import agreements_visible_to, get_agreement_for, roles_for

pytestmark = pytest.mark.django_db


def test_it_shows_each_persona_exactly_its_scope(
    agreement_a, agreement_b, alice, henry, bob, rita, sam, oscar, ada
):
    both = {agreement_a.pk, agreement_b.pk}
    assert set(agreements_visible_to(alice).values_list("pk", flat=True)) == {agreement_a.pk}
    assert set(agreements_visible_to(henry).values_list("pk", flat=True)) == {agreement_a.pk}
    assert set(agreements_visible_to(bob).values_list("pk", flat=True)) == {agreement_b.pk}
    for user in (rita, sam, oscar, ada):
        assert set(agreements_visible_to(user).values_list("pk", flat=True)) == both


def test_it_names_the_roles_towards_an_agreement(agreement_a, alice, rita, oscar, bob):
    assert roles_for(alice, agreement_a) == {Role.FOCAL_POINT}
    assert roles_for(rita, agreement_a) == {Role.SUPERVISOR_REVIEWER}
    assert roles_for(oscar, agreement_a) == {Role.OBSERVER}
    assert roles_for(bob, agreement_a) == set()


def test_an_outsider_gets_404_and_a_reader_403(agreement_a, bob, oscar, alice):
    with pytest.raises(Http404):
        get_agreement_for(bob, agreement_a.pk)
    with pytest.raises(PermissionDenied):
        get_agreement_for(oscar, agreement_a.pk, require=[Role.FOCAL_POINT])
    assert get_agreement_for(alice, agreement_a.pk, require=[Role.FOCAL_POINT]) == agreement_a


def test_roles_and_visibility_are_the_same_rule(
    agreement_a, agreement_b, alice, henry, bob, rita, sam, oscar, ada
):
    """The save reads scope through roles_for, pages through agreements_visible_to: a user sees an agreement
    exactly when they hold a role towards it."""
    for user in (alice, henry, bob, rita, sam, oscar, ada):
        visible = set(agreements_visible_to(user).values_list("pk", flat=True))
        with_roles = {a.pk for a in (agreement_a, agreement_b) if roles_for(user, a)}
        assert visible == with_roles, user.username
