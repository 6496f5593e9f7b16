"""What `make bench-national` found on a national tree, pinned on a small one: the admin's office and
membership lists read their related offices and users with the rows (one query per row before). (The
bulk-export form's bounded office picker is pinned in test_export_picker.)"""

from __future__ import annotations

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agreements.models import Office, OfficeMembership, Role
from indicators.models import Achievement, Indicator

from .factories import MembershipFactory, OfficeFactory, UserFactory

pytestmark = pytest.mark.django_db


def add_offices(parent: Office, count: int) -> None:
    for _ in range(count):
        office = OfficeFactory(parent=parent, supervisor=parent)
        MembershipFactory(user=UserFactory(), office=office, role=Role.FOCAL_POINT)


@pytest.mark.parametrize("model", ["office", "officemembership"])
def test_the_admin_office_and_membership_lists_read_a_constant_number_of_queries(
    client, supervisor_office, model
):
    admin = UserFactory(username="root", is_staff=True, is_superuser=True)
    OfficeMembership.objects.create(user=admin, office=None, role=Role.ADMINISTRATOR)
    client.force_login(admin)
    url = f"/{settings.ADMIN_URL}agreements/{model}/"
    counts = []
    for more in (3, 30):
        add_offices(supervisor_office, more)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_the_admin_achievement_list_shows_the_newest_first_by_primary_key(client, agreement_a):
    admin = UserFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(admin)
    indicators = list(Indicator.objects.filter(agreement=agreement_a))
    achievements = [Achievement.objects.create(indicator=i, quarter=1, value_number=1) for i in indicators]
    response = client.get(f"/{settings.ADMIN_URL}indicators/achievement/")
    assert list(response.context["cl"].result_list) == achievements[::-1]
    assert 'ORDER BY "indicators_achievement"."id" DESC' in str(response.context["cl"].result_list.query)
