"""factory_boy factories for the domain: an office tree, a fiscal year with its framework, an agreement with
its Section 3 tree."""

from decimal import Decimal

import factory

from agreements.models import (
    Agreement,
    AgreementStatus,
    FiscalYear,
    Office,
    OfficeLevel,
    OfficeMembership,
    User,
)
from indicators.models import Activity, Area, AreaKind, Indicator, Method


class OfficeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Office

    code = factory.Sequence(lambda n: f"office-{n}")
    name_bn = factory.Sequence(lambda n: f"অফিস {n}")
    level = OfficeLevel.DISTRICT
    head_title_bn = "প্রোগ্রামার"


class FiscalYearFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FiscalYear
        django_get_or_create = ("start_year",)

    start_year = 2023


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("pw")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OfficeMembership

    user = factory.SubFactory(UserFactory)
    office = factory.SubFactory(OfficeFactory)


class AgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agreement

    office = factory.SubFactory(OfficeFactory)
    supervisor_office = factory.SubFactory(OfficeFactory, level=OfficeLevel.DEPARTMENT)
    fiscal_year = factory.SubFactory(FiscalYearFactory)
    first_party_bn = factory.LazyAttribute(lambda o: o.office.party_title_bn)
    second_party_bn = factory.LazyAttribute(lambda o: o.supervisor_office.party_title_bn)


class AreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Area

    agreement = factory.SubFactory(AgreementFactory)
    kind = AreaKind.OFFICE
    position = factory.Sequence(lambda n: n + 1)
    code = factory.Sequence(lambda n: f"{n + 1}")
    title = factory.Sequence(lambda n: f"ক্ষেত্র {n}")
    weight = Decimal("10")


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    area = factory.SubFactory(AreaFactory)
    position = factory.Sequence(lambda n: n + 1)
    code = factory.Sequence(lambda n: f"1.{n + 1}")
    title = factory.Sequence(lambda n: f"কার্যক্রম {n}")


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    activity = factory.SubFactory(ActivityFactory)
    position = factory.Sequence(lambda n: n + 1)
    code = factory.Sequence(lambda n: f"1.1.{n + 1}")
    title = factory.Sequence(lambda n: f"সূচক {n}")
    method = Method.SUM
    unit = "সংখ্যা"
    weight = Decimal("5")
    targets = factory.LazyFunction(lambda: ["500", "450", "400", "350", "300"])


def governance_indicator(agreement, kind: str, weight: Decimal = Decimal("10")) -> Indicator:
    """Section 3's governance area with the indicator a plan's score goes into (unit প্রাপ্ত নম্বর), as drafting
    makes it."""
    area = AreaFactory(
        agreement=agreement, kind=AreaKind.GOVERNANCE, code="১", position=9, weight=Decimal("30")
    )
    return IndicatorFactory(
        activity=ActivityFactory(area=area, code="১.১", position=1),
        code="১.১.১",
        unit="প্রাপ্ত নম্বর",
        value_type="score",
        weight=weight,
        governance_kind=kind,
        targets=[],
    )


def agreement_with_plans(office, supervisor, fiscal_year, status) -> Agreement:
    """An agreement drafted with the fiscal year's plans, then put in `status`."""
    from indicators.governance.services import plans_instantiate

    agreement = AgreementFactory(
        office=office, supervisor_office=supervisor, fiscal_year=fiscal_year, status=AgreementStatus.DRAFT
    )
    plans_instantiate(agreement=agreement, actor=None)
    if status != AgreementStatus.DRAFT:
        agreement.status = status
        agreement.save()
    return agreement
