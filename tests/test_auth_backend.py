"""The authentication backend reads the user with their office memberships in one query."""

import pytest
from django.contrib.auth import get_user
from django.test import RequestFactory

from agreements.backends import MembershipBackend
from agreements.models import Role, User
from agreements.selectors import roles_for

pytestmark = pytest.mark.django_db


def test_it_reads_the_user_and_their_roles_in_one_query(django_assert_num_queries, alice, agreement_a):
    with django_assert_num_queries(1):
        user = MembershipBackend().get_user(alice.pk)
        assert roles_for(user, agreement_a) == {Role.FOCAL_POINT}
    assert user == alice


def test_a_user_without_memberships_is_read_as_django_reads_them():
    superuser = User.objects.create_superuser("root", password="x-long-password-1")
    assert MembershipBackend().get_user(superuser.pk) == superuser
    assert MembershipBackend().get_user(999_999) is None


def test_an_inactive_user_is_not_logged_in(alice):
    User.objects.filter(pk=alice.pk).update(is_active=False)
    assert MembershipBackend().get_user(alice.pk) is None


def test_a_logged_in_request_carries_the_memberships(client, alice, agreement_a, django_assert_num_queries):
    client.force_login(alice)
    request = RequestFactory().get("/")
    request.session = client.session
    user = get_user(request)
    with django_assert_num_queries(0):
        assert roles_for(user, agreement_a) == {Role.FOCAL_POINT}
