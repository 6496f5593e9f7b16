"""Cached renders are keyed by a hash of everything the document shows: each change an office or a supervisor
makes through the product (an achievement, evidence, a verification, a signature, a renamed office, a plan's
quarterly entry) makes the next download a fresh render, and nothing else does."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from openpyxl import load_workbook

from agreements import services as agreement_services
from agreements.models import AgreementStatus
from evidence import services as evidence_services
from indicators import services as entry_services
from indicators.governance import services as governance_services
from indicators.verification import achievement_verify
from reports.services import render_report

from . import test_reports_support as support

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("own_media_root")]
own_media_root, plans_2024 = support.own_media_root, support.plans_2024


def render(agreement, kind, quarter=None):
    return render_report(kind=kind, agreement=agreement, fmt="xlsx", quarter=quarter)


def first_indicator(agreement):
    return agreement.indicators.order_by("code").first()


def test_an_achievement_and_its_evidence_each_make_a_new_quarterly_render(
    agreement_a, alice, windows, today_in_q3
):
    assert render(agreement_a, "quarterly", 3).reused is False
    assert render(agreement_a, "quarterly", 3).reused is True
    indicator = first_indicator(agreement_a)
    entry_services.achievement_record(
        indicator=indicator, quarter=3, value=Decimal("120"), remarks="", expected_revision=0, actor=alice
    )
    assert render(agreement_a, "quarterly", 3).reused is False
    evidence_services.evidence_add_link(
        indicator=indicator, quarter=3, url="https://example.org/register", actor=alice
    )
    fresh = render(agreement_a, "quarterly", 3)
    assert fresh.reused is False
    cells = [
        c for row in load_workbook(BytesIO(fresh.content)).active.iter_rows(values_only=True) for c in row
    ]
    assert "https://example.org/register" in cells and 120 in cells


def test_a_verification_makes_a_new_self_assessment_render(agreement_a, alice, rita, windows, today_in_q3):
    indicator = first_indicator(agreement_a)
    recorded = entry_services.achievement_record(
        indicator=indicator, quarter=3, value=Decimal("475"), remarks="", expected_revision=0, actor=alice
    )
    assert render(agreement_a, "self-assessment").reused is False
    achievement_verify(achievement=recorded.achievement, accept=True, actor=rita)
    assert render(agreement_a, "self-assessment").reused is False
    assert render(agreement_a, "self-assessment").reused is True


def test_signatures_and_a_renamed_office_make_a_new_agreement_render(agreement_a, henry, office_a):
    agreement_a.status = AgreementStatus.APPROVED
    agreement_a.save()
    assert render(agreement_a, "agreement").reused is False
    agreement_services.agreement_sign(agreement=agreement_a, actor=henry)
    agreement_a.refresh_from_db()
    assert render(agreement_a, "agreement").reused is False
    office_a.name_bn = "জেলা কার্যালয়, নতুন নাম"
    office_a.save()
    agreement_a.refresh_from_db()
    assert render(agreement_a, "agreement").reused is False
    assert render(agreement_a, "agreement").reused is True


def test_a_plans_quarterly_entry_makes_a_new_governance_render(plans_2024, alice, monkeypatch):
    from django.utils import timezone

    agreement = plans_2024
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: date(2024, 9, 20))
    assert render(agreement, "governance").reused is False
    item = agreement.governance_plans.get(kind="egov").items.get(indicator_code="৬.১.১")
    governance_services.plan_item_achievement_record(item=item, quarter=1, value="২", remarks="", actor=alice)
    fresh = render(agreement, "governance")
    assert fresh.reused is False
    sheet = load_workbook(BytesIO(fresh.content))["ই-গভর্ন্যান্স ও উদ্ভাবন"]
    row = next(row for row in sheet.iter_rows(values_only=True) if row[2] and "[৬.১.১]" in str(row[2]))
    assert row[-7] == 2  # the first quarter's achievement, a number
    governance_services.plan_item_evidence_add(item=item, quarter=1, actor=alice, url="https://example.org/w")
    assert render(agreement, "governance").reused is False


def test_a_pdf_is_reused_only_on_its_print_day_and_a_workbook_until_its_data_change(agreement_a, monkeypatch):
    from django.utils import timezone

    today = date(2024, 2, 10)
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: today)
    first = {fmt: render_report(kind="agreement", agreement=agreement_a, fmt=fmt) for fmt in ("pdf", "xlsx")}
    assert not any(rendered.reused for rendered in first.values())
    assert render_report(kind="agreement", agreement=agreement_a, fmt="pdf").reused is True
    today = date(2024, 2, 11)  # the PDF prints its date in the footer; the workbook shows none
    assert render_report(kind="agreement", agreement=agreement_a, fmt="pdf").reused is False
    assert render_report(kind="agreement", agreement=agreement_a, fmt="xlsx").reused is True
