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


# ---- Choice fields, the quarter calendar and the fiscal year's marks --------------------------------------


@pytest.fixture
def one_of_each(db):
    """A saved row of every model that has a choice field, keyed by model."""
    from django.utils import timezone

    from agreements.models import GovernanceAllocation, SelfAssessment, Signature
    from evidence.models import EvidenceItem
    from indicators.models import (
        AgreementScore,
        GovernancePlan,
        GovernancePlanTemplate,
        IndicatorScore,
        PlanItem,
        PlanTemplateItem,
        QuarterlyReport,
    )
    from reports.models import ExportJob, ExportJobPart, ImportJob

    indicator = IndicatorFactory()
    agreement, fiscal_year, user = indicator.agreement, indicator.agreement.fiscal_year, UserFactory()
    template = GovernancePlanTemplate.objects.create(
        fiscal_year=fiscal_year, kind="rti", title_bn="তথ্য অধিকার", total_marks=3
    )
    plan = GovernancePlan.objects.create(agreement=agreement, kind="rti", title_bn="তথ্য অধিকার", total_marks=3)
    job = ExportJob.objects.create(created_by=user, kind="agreement")
    item = {"position": 1, "activity": "ক", "indicator": "খ", "target_type": "number"}
    rows = [
        user,
        agreement.office,
        OfficeMembership.objects.create(user=user, office=agreement.office, role=Role.FOCAL_POINT),
        fiscal_year,
        GovernanceAllocation.objects.create(
            fiscal_year=fiscal_year, kind="rti", name_bn="তথ্য অধিকার", marks=3
        ),
        agreement,
        Signature.objects.create(
            agreement=agreement,
            party="first",
            signer_name_bn="ক",
            signer_title_bn="খ",
            signed_on="2023-06-20",
        ),
        SelfAssessment.objects.create(
            agreement=agreement, claimed_total=80, submitted_at=timezone.now(), submitted_by=user
        ),
        indicator.activity.area,
        indicator,
        Achievement.objects.create(indicator=indicator, quarter=1, value_number=5),
        template,
        PlanTemplateItem.objects.create(template=template, **item),
        plan,
        PlanItem.objects.create(plan=plan, **item),
        IndicatorScore.objects.create(
            indicator=indicator, agreement=agreement, kind="progress", raw=0, weighted=0
        ),
        AgreementScore.objects.create(
            agreement=agreement,
            kind="progress",
            fiscal_year=fiscal_year,
            supervisor_office=agreement.supervisor_office,
            total=0,
        ),
        QuarterlyReport.objects.create(agreement=agreement, quarter=1),
        EvidenceItem.objects.create(indicator=indicator, kind="link", url="https://example.gov.bd/proof"),
        job,
        ExportJobPart.objects.create(job=job, index=0),
        ImportJob.objects.create(created_by=user, filename="x.xlsx", language="bn"),
    ]
    return {type(row): row for row in rows}


def choice_fields():
    """Every (model, field) with choices in the project's apps: a model added later without a row in
    `one_of_each` fails here with a KeyError, so no choice field goes untested."""
    from django.apps import apps

    return [
        (model, field.name)
        for app in ("agreements", "indicators", "evidence", "reports")
        for model in apps.get_app_config(app).get_models()
        for field in model._meta.get_fields()
        if getattr(field, "choices", None) and field.concrete and not field.is_relation
    ]


@pytest.mark.parametrize(("model", "field"), choice_fields(), ids=lambda v: getattr(v, "__name__", v))
def test_the_database_refuses_a_value_outside_the_choices(one_of_each, model, field):
    row = one_of_each[model]
    assert refuses(lambda: model.objects.filter(pk=row.pk).update(**{field: "bogus"}))
    assert getattr(model.objects.get(pk=row.pk), field) != "bogus"


def test_a_blank_method_and_governance_kind_are_allowed_where_the_form_allows_them(one_of_each):
    indicator = one_of_each[Indicator]
    Indicator.objects.filter(pk=indicator.pk).update(method="", governance_kind="")
    assert refuses(lambda: Indicator.objects.filter(pk=indicator.pk).update(value_type=""))


def test_a_quarter_report_deadline_before_the_quarter_closes_is_refused():
    from datetime import date

    from agreements.models import QuarterWindow

    from .factories import FiscalYearFactory

    window = {"fiscal_year": FiscalYearFactory(), "quarter": 1, "opens_on": date(2023, 7, 1)}
    assert refuses(
        lambda: QuarterWindow.objects.create(
            **window, closes_on=date(2023, 9, 30), report_deadline=date(2023, 9, 29)
        )
    )
    assert refuses(
        lambda: QuarterWindow.objects.create(
            **window, closes_on=date(2023, 6, 30), report_deadline=date(2023, 10, 15)
        )
    )
    QuarterWindow.objects.create(**window, closes_on=date(2023, 9, 30), report_deadline=date(2023, 9, 30))


def test_the_office_and_governance_marks_of_a_fiscal_year_add_up_to_100():
    from agreements.models import FiscalYear

    from .factories import FiscalYearFactory

    year = FiscalYearFactory()
    assert refuses(lambda: FiscalYear.objects.filter(pk=year.pk).update(office_area_marks=Decimal("60")))
    FiscalYear.objects.filter(pk=year.pk).update(
        office_area_marks=Decimal("62.5"), governance_area_marks=Decimal("37.5")
    )
    assert refuses(lambda: FiscalYear.objects.create(start_year=2030, office_area_marks=80))
