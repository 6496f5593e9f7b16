"""`load_seeds` in development adds the fiscal year of today with work waiting for every demo persona: the
focal point's open quarter with plans and methods, a signature, a counter-signature, a quarterly report to
review. Pinned to 7 December 2026 (Q2 of 2026-27); a second run changes nothing."""

from datetime import date

import pytest
from django.utils import timezone

from agreements.models import Agreement, AgreementStatus, AuditEntry, FiscalYear
from agreements.seeding import load_seeds
from indicators.models import (
    GovernancePlan,
    GovernancePlanTemplate,
    Indicator,
    QuarterlyReport,
    QuarterlyReportStatus,
)
from indicators.selectors.quarters import open_quarter

pytestmark = pytest.mark.django_db

TODAY = date(2026, 12, 7)


@pytest.fixture
def demo(settings, monkeypatch):
    settings.DEMO_USERS = True
    settings.DEMO_TODAY = True
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: TODAY)
    return load_seeds()


def current(office_code: str) -> Agreement:
    return Agreement.objects.get(office__code=office_code, fiscal_year__start_year=2026, is_current=True)


def test_the_year_of_today_is_set_up_from_the_latest_year_with_its_templates(demo):
    year = FiscalYear.objects.get(start_year=2026)
    latest = FiscalYear.objects.get(start_year=2024)
    assert year.levels == latest.levels
    assert year.governance_area_marks == latest.governance_area_marks
    assert GovernancePlanTemplate.objects.filter(fiscal_year=year).count() == (
        GovernancePlanTemplate.objects.filter(fiscal_year=latest).count()
    )
    assert AuditEntry.objects.filter(action="fiscal_year_create").exists()


def test_the_focal_point_has_an_open_quarter_with_plans_and_methods(demo):
    khulna = current("ict-dc-khulna")
    assert khulna.status == AgreementStatus.ACTIVE
    state = open_quarter(khulna, today=TODAY)
    assert state is not None and state.quarter == 2
    assert GovernancePlan.objects.filter(agreement=khulna).count() == 5
    office_rows = Indicator.objects.filter(agreement=khulna, governance_kind="")
    assert office_rows.count() > 10
    assert not office_rows.filter(method="").exists()


def test_the_office_head_has_an_agreement_to_sign(demo):
    assert current("ict-dc-mymensingh").status == AgreementStatus.APPROVED


def test_the_director_general_has_one_to_counter_sign(demo):
    signed = Agreement.objects.filter(
        fiscal_year__start_year=2026, supervisor_office__code="ict-dg", status=AgreementStatus.SIGNED
    )
    assert signed.count() == 1


def test_the_reviewer_has_last_quarters_report_to_review(demo):
    report = QuarterlyReport.objects.get(agreement=current("ict-dc-khulna"), quarter=1)
    assert report.status == QuarterlyReportStatus.SUBMITTED


def test_the_seed_documents_stay_as_they_are_and_a_second_run_changes_nothing(demo):
    assert Agreement.objects.get(office__code="ict-dc-khulna", fiscal_year__start_year=2023).status == (
        AgreementStatus.ACTIVE
    )
    audits = AuditEntry.objects.count()
    again = load_seeds()
    assert not again.changed
    assert not again.drift
    assert AuditEntry.objects.count() == audits


def test_without_demo_users_nothing_of_the_demo_is_created(settings, monkeypatch):
    settings.DEMO_USERS = False
    settings.DEMO_TODAY = True
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: TODAY)
    load_seeds()
    assert not FiscalYear.objects.filter(start_year=2026).exists()
    assert not Agreement.objects.filter(fiscal_year__start_year=2026).exists()


def test_demo_logins_says_what_waits_for_each_persona_today(settings):
    from io import StringIO

    from django.core.management import call_command

    settings.DEMO_TODAY = True
    out = StringIO()
    call_command("demo_logins", stdout=out)
    text = out.getvalue()
    assert "waits for your signature" in text and "waits for your counter-signature" in text
    assert "today's quarter is open for entry" in text and "reopen it with a reason" not in text
