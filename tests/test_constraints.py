"""The database itself refuses what would corrupt the agreements, whatever code path tries it."""

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from agreements.models import Agreement, Office, OfficeMembership, Role
from indicators.models import Achievement, Area, AreaKind, Indicator

from .factories import (
    ActivityFactory,
    AgreementFactory,
    AreaFactory,
    IndicatorFactory,
    OfficeFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def refuses(callable_) -> bool:
    try:
        with transaction.atomic():
            callable_()
    except IntegrityError:
        return True
    return False


def test_it_refuses_a_duplicate_office_code():
    OfficeFactory(code="ict-dc-rangpur")
    assert refuses(lambda: Office.objects.create(code="ict-dc-rangpur", name_bn="অন্য", level="district"))


def test_it_refuses_a_second_agreement_for_the_same_office_and_year():
    agreement = AgreementFactory()
    assert refuses(
        lambda: Agreement.objects.create(
            office=agreement.office,
            supervisor_office=agreement.supervisor_office,
            fiscal_year=agreement.fiscal_year,
            first_party_bn="x",
            second_party_bn="y",
        )
    )


def test_it_refuses_two_current_versions_of_one_agreement():
    agreement = AgreementFactory()
    assert refuses(
        lambda: Agreement.objects.create(
            office=agreement.office,
            supervisor_office=agreement.supervisor_office,
            fiscal_year=agreement.fiscal_year,
            version=2,
            is_current=True,
            first_party_bn="x",
            second_party_bn="y",
        )
    )


def test_it_accepts_a_new_version_once_the_old_is_no_longer_current():
    agreement = AgreementFactory()
    Agreement.objects.filter(pk=agreement.pk).update(is_current=False)
    Agreement.objects.create(
        office=agreement.office,
        supervisor_office=agreement.supervisor_office,
        fiscal_year=agreement.fiscal_year,
        version=2,
        first_party_bn="x",
        second_party_bn="y",
    )
    assert agreement.office.agreements.count() == 2


def test_it_refuses_an_agreement_with_itself():
    office = OfficeFactory()
    assert refuses(lambda: AgreementFactory(office=office, supervisor_office=office))


def test_it_refuses_negative_weights():
    area = AreaFactory()
    assert refuses(lambda: Area.objects.filter(pk=area.pk).update(weight=Decimal("-1")))
    indicator = IndicatorFactory()
    assert refuses(lambda: Indicator.objects.filter(pk=indicator.pk).update(weight=Decimal("-0.5")))


def test_it_refuses_duplicate_indicator_codes_within_a_section():
    indicator = IndicatorFactory(code="1.1.1")
    other_activity = ActivityFactory(area=indicator.activity.area, code="9.9")
    assert refuses(lambda: IndicatorFactory(activity=other_activity, code="1.1.1"))


def test_it_allows_the_same_code_in_the_office_and_governance_sections():
    # Seed 000 numbers both its first office area and its governance area [১], down to [১.১.১].
    indicator = IndicatorFactory(code="১.১.১")
    governance_area = AreaFactory(
        agreement=indicator.agreement, kind=AreaKind.GOVERNANCE, code=indicator.activity.area.code
    )
    IndicatorFactory(activity=ActivityFactory(area=governance_area, code="১.১"), code="১.১.১")
    assert Indicator.objects.filter(agreement=indicator.agreement, code="১.১.১").count() == 2


def test_it_refuses_duplicate_area_codes_and_activity_codes():
    area = AreaFactory(code="২")
    assert refuses(lambda: AreaFactory(agreement=area.agreement, code="২"))
    activity = ActivityFactory(area=area, code="২.১")
    assert refuses(lambda: ActivityFactory(area=area, code=activity.code))


def test_it_refuses_a_fifth_quarter_and_a_second_row_for_a_quarter():
    indicator = IndicatorFactory()
    assert refuses(lambda: Achievement.objects.create(indicator=indicator, quarter=5, value_number=1))
    Achievement.objects.create(indicator=indicator, quarter=1, value_number=1)
    assert refuses(lambda: Achievement.objects.create(indicator=indicator, quarter=1, value_number=2))


def test_it_refuses_a_correction_without_a_reason():
    achievement = Achievement.objects.create(indicator=IndicatorFactory(), quarter=2, value_number=10)
    assert refuses(
        lambda: Achievement.objects.filter(pk=achievement.pk).update(
            verification_status="corrected", verified_number=8
        )
    )


def test_it_refuses_an_office_role_without_an_office_except_for_administrators():
    user = UserFactory()
    assert refuses(lambda: OfficeMembership.objects.create(user=user, office=None, role=Role.FOCAL_POINT))
    OfficeMembership.objects.create(user=user, office=None, role=Role.ADMINISTRATOR)


def test_the_office_tree_path_follows_the_parent():
    ministry = OfficeFactory(code="ministry", level="ministry")
    department = OfficeFactory(code="department", parent=ministry, level="department")
    district = OfficeFactory(code="district", parent=department)
    assert district.tree_path == "/ministry/department/district/"
    department.parent = None
    department.save()
    district.refresh_from_db()
    assert district.tree_path == "/department/district/"
