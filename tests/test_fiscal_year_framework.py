"""Every year's framework: a year's governance part is the five plans or mandatory objectives scored as
rows; a mistaken scoring policy is corrected with a reason until an agreement of the year is signed; a date
achievement outside its year or quarter is refused in Bangla; the new-year form moves its dates with its
year."""

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from agreements.models import (
    AgreementStatus,
    AuditEntry,
    FiscalYear,
    GovernanceAllocation,
    GovernanceFramework,
    ScoringPolicy,
)
from agreements.services import content_item_save
from indicators import services
from indicators.governance.services import fiscal_year_policy_change
from indicators.models import AgreementScore, AreaKind, Method, ScoreKind, ValueType
from indicators.validation import validate_agreement
from indicators.verification import achievement_verify

from .conftest import PASSWORD
from .factories import ActivityFactory, AreaFactory, IndicatorFactory
from .page_forms import form_data

pytestmark = pytest.mark.django_db


def progress_total(agreement) -> Decimal:
    return AgreementScore.objects.get(agreement=agreement, kind=ScoreKind.PROGRESS).total


def record(indicator, actor, value, quarter):
    return services.achievement_record(
        indicator=indicator, quarter=quarter, value=value, remarks="", expected_revision=0, actor=actor
    )


# ---- the scoring policy ----------------------------------------------------------------------------------


@pytest.fixture
def drafted(agreement_a, windows, alice, today_in_q3):
    """Agreement A still a draft, with 475 against 500/450/… in [1.1.1] (95% interpolated, 90% stepped)."""
    record(agreement_a.indicators.get(code="1.1.1"), alice, Decimal("475"), 3)
    agreement_a.status = AgreementStatus.DRAFT
    agreement_a.save()
    return agreement_a


def test_a_mistaken_policy_is_changed_with_a_reason_and_scores_follow(drafted, fiscal_year, ada):
    assert progress_total(drafted) == Decimal("19.0000")  # 20 × 95%

    fiscal_year_policy_change(
        fiscal_year=fiscal_year,
        scoring_policy=ScoringPolicy.STEP,
        governance_framework=GovernanceFramework.ACTION_PLANS,
        reason="ভুল করে রৈখিক নেওয়া হয়েছিল",
        actor=ada,
    )

    assert FiscalYear.objects.get(pk=fiscal_year.pk).scoring_policy == ScoringPolicy.STEP
    assert progress_total(drafted) == Decimal("18.0000")  # 20 × 90%: the column reached
    entry = AuditEntry.objects.get(action="fiscal_year_policy_change")
    assert (entry.actor, entry.reason) == (ada, "ভুল করে রৈখিক নেওয়া হয়েছিল")
    assert entry.before["scoring_policy"] == "interpolate" and entry.after["scoring_policy"] == "step"


def test_the_change_needs_a_reason(drafted, fiscal_year, ada):
    with pytest.raises(ValidationError) as refused:
        fiscal_year_policy_change(
            fiscal_year=fiscal_year,
            scoring_policy=ScoringPolicy.STEP,
            governance_framework=GovernanceFramework.ACTION_PLANS,
            reason="  ",
            actor=ada,
        )
    assert "পরিবর্তনের কারণ লিখুন।" in refused.value.messages
    assert FiscalYear.objects.get(pk=fiscal_year.pk).scoring_policy == ScoringPolicy.INTERPOLATE


def test_it_is_refused_in_bangla_once_an_agreement_of_the_year_is_signed(agreement_a, fiscal_year, ada):
    assert agreement_a.status == AgreementStatus.ACTIVE
    with pytest.raises(ValidationError) as refused:
        fiscal_year_policy_change(
            fiscal_year=fiscal_year,
            scoring_policy=ScoringPolicy.STEP,
            governance_framework=GovernanceFramework.ACTION_PLANS,
            reason="ভুল",
            actor=ada,
        )
    assert "অন্তত একটি চুক্তি স্বাক্ষরিত হয়েছে" in refused.value.messages[0]
    assert FiscalYear.objects.get(pk=fiscal_year.pk).scoring_policy == ScoringPolicy.INTERPOLATE
    assert not AuditEntry.objects.filter(action="fiscal_year_policy_change").exists()


def test_the_years_page_changes_the_policy_for_administrators_only(client, drafted, fiscal_year, ada, alice):
    url = reverse("governance:year_policy", args=[fiscal_year.start_year])
    data = {"scoring_policy": "step", "governance_framework": "action_plans", "reason": "ভুল নীতি"}
    assert client.login(username="alice", password=PASSWORD)
    assert client.post(url, data).status_code == 403
    assert client.login(username="ada", password=PASSWORD)
    page = client.get(reverse("governance:year", args=[fiscal_year.start_year])).content.decode()
    assert url in page
    response = client.post(url, data, follow=True)
    assert "আবার গণনা হয়েছে" in response.content.decode()
    assert FiscalYear.objects.get(pk=fiscal_year.pk).scoring_policy == ScoringPolicy.STEP


def test_the_years_page_says_why_a_change_is_refused(client, agreement_a, fiscal_year, ada):
    assert client.login(username="ada", password=PASSWORD)
    url = reverse("governance:year_policy", args=[fiscal_year.start_year])
    response = client.post(
        url, {"scoring_policy": "step", "governance_framework": "action_plans", "reason": "ভুল"}, follow=True
    )
    assert "স্বাক্ষরিত হয়েছে" in response.content.decode()


# ---- mandatory objectives --------------------------------------------------------------------------------


def governance_area(agreement):
    return AreaFactory(
        agreement=agreement, kind=AreaKind.GOVERNANCE, code="1", position=3, weight=Decimal(30)
    )


def test_mandatory_objectives_are_validated_and_scored_as_rows(
    agreement_a, fiscal_year, windows, today_in_q3
):
    fiscal_year.governance_framework = GovernanceFramework.MANDATORY_OBJECTIVES
    fiscal_year.save()
    area = AreaFactory(
        agreement=agreement_a, kind=AreaKind.GOVERNANCE, code="1", position=3, weight=Decimal(30)
    )
    IndicatorFactory(
        activity=ActivityFactory(area=area, code="1.1"),
        code="1.1.1",
        method=Method.SUM,
        weight=Decimal(30),
        targets=["4", "3", "2", "1"],
    )
    problems = [p.message for p in validate_agreement(agreement_a)]
    assert problems == []  # no plan indicators asked for, a mandatory objective is a row like any other
    area.weight = Decimal(25)
    area.save()
    messages = [p.message for p in validate_agreement(agreement_a)]
    assert "আবশ্যিক কৌশলগত উদ্দেশ্যসমূহের মোট মান ২৫, কিন্তু হতে হবে ৩০।" in messages


@pytest.mark.parametrize(
    ("framework", "refused"),
    [(GovernanceFramework.MANDATORY_OBJECTIVES, False), (GovernanceFramework.ACTION_PLANS, True)],
)
def test_a_drafts_mandatory_objectives_are_edited_like_its_own_rows(
    agreement_a, fiscal_year, alice, framework, refused
):
    fiscal_year.governance_framework = framework
    fiscal_year.save()
    agreement_a.status = AgreementStatus.DRAFT
    agreement_a.save()
    area = governance_area(agreement_a)
    indicator = IndicatorFactory(
        activity=ActivityFactory(area=area, code="1.1"), code="1.1.1", weight=Decimal(30)
    )
    indicator.targets = ["5", "4", "3", "2", "1"]
    if refused:
        with pytest.raises(ValidationError):
            content_item_save(item=indicator, actor=alice)
    else:
        content_item_save(item=indicator, actor=alice)
        indicator.refresh_from_db()
        assert indicator.targets == ["5", "4", "3", "2", "1"]


def test_with_the_five_plans_the_same_row_is_refused(agreement_a, fiscal_year):
    area = AreaFactory(
        agreement=agreement_a, kind=AreaKind.GOVERNANCE, code="1", position=3, weight=Decimal(30)
    )
    IndicatorFactory(activity=ActivityFactory(area=area, code="1.1"), code="1.1.1", weight=Decimal(30))
    GovernanceAllocation.objects.create(fiscal_year=fiscal_year, kind="integrity", name_bn="শুদ্ধাচার", marks=30)
    fields = [p.field for p in validate_agreement(agreement_a)]
    assert "governance_kind" in fields


# ---- dates outside the year or the quarter ---------------------------------------------------------------


@pytest.fixture
def date_row(agreement_a, windows):
    return IndicatorFactory(
        activity=agreement_a.areas.get(code="1").activities.get(),
        position=9,
        code="1.1.9",
        method=Method.DATE,
        unit="তারিখ",
        value_type=ValueType.DATE,
        weight=Decimal(0),
        targets=["2024-01-31", "2024-02-29"],
    )


def test_a_date_after_the_fiscal_year_is_refused_in_bangla(date_row, alice, monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: date(2024, 6, 1))
    with pytest.raises(ValidationError) as refused:
        record(date_row, alice, date(2024, 7, 5), 4)
    assert refused.value.message_dict["value"] == [
        "তারিখ ০৫/০৭/২০২৪ ২০২৩-২৪ অর্থবছরের (০১/০৭/২০২৩ – ৩০/০৬/২০২৪) মধ্যে নয়।"
    ]


def test_a_date_outside_its_quarter_is_refused_in_bangla(date_row, alice, today_in_q3):
    with pytest.raises(ValidationError) as refused:
        record(date_row, alice, date(2023, 11, 20), 3)
    [message] = refused.value.message_dict["value"]
    assert message.startswith("তারিখ ২০/১১/২০২৩ ৩য় ত্রৈমাসিকের (০১/০১/২০২৪ – ৩১/০৩/২০২৪) মধ্যে নয়")
    assert record(date_row, alice, date(2024, 2, 10), 3).achievement.value == date(2024, 2, 10)


def test_a_supervisors_corrected_date_must_be_in_the_quarter_too(date_row, alice, rita, today_in_q3):
    achievement = record(date_row, alice, date(2024, 2, 10), 3).achievement
    with pytest.raises(ValidationError) as refused:
        achievement_verify(achievement=achievement, corrected_value=date(2024, 4, 2), reason="ভুল", actor=rita)
    assert "৩য় ত্রৈমাসিকের" in refused.value.message_dict["value"][0]


def test_the_preview_gives_the_same_message(client, date_row, alice, today_in_q3):
    assert client.login(username="alice", password=PASSWORD)
    url = reverse("indicators:preview", args=[date_row.agreement_id, 3, date_row.pk])
    response = client.get(url, {"value": "০৫/০৭/২০২৪"}, HTTP_ACCEPT="application/json")
    assert response.status_code == 400
    assert "অর্থবছরের" in response.json()["message"]


# ---- the new-year form -----------------------------------------------------------------------------------


@pytest.fixture
def year_2024(seeded):
    return FiscalYear.objects.get(start_year=2024)


def test_a_year_of_mandatory_objectives_is_set_up_without_plan_marks(client, ada, year_2024):
    assert client.login(username="ada", password=PASSWORD)
    data = form_data(client.get(reverse("governance:year_new")).content.decode(), "label")
    assert data["governance_framework"] == "action_plans"
    for kind in ("integrity", "egov", "grs", "citizen_charter", "rti"):
        data[f"marks_{kind}"] = ""
    refused = client.post(reverse("governance:year_new"), data)
    assert refused.status_code == 400 and "মান দিন।" in refused.content.decode()

    data.update(
        governance_framework="mandatory_objectives", office_area_marks="৭৫", governance_area_marks="২৫"
    )
    assert client.post(reverse("governance:year_new"), data).status_code == 302
    new = FiscalYear.objects.get(start_year=2025)
    assert new.governance_framework == GovernanceFramework.MANDATORY_OBJECTIVES
    assert not GovernanceAllocation.objects.filter(fiscal_year=new).exists()


def test_the_new_year_page_moves_its_dates_with_the_year_label(client, ada, year_2024):
    assert client.login(username="ada", password=PASSWORD)
    html = client.get(reverse("governance:year_new")).content.decode()
    assert "data-year-dates" in html and "js/year-dates.js" in html
    script = (Path(settings.BASE_DIR) / "static" / "js" / "year-dates.js").read_text()
    assert "input[type=date]" in script and "change" in script
