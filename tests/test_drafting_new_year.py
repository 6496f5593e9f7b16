"""Drafting the year's agreement: from last year's (every part copied, the year columns moved one year on,
last year's actual from the system's own achievements) or from scratch, for a current or upcoming year."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from agreements import services
from agreements.models import (
    Acronym,
    Agreement,
    AgreementFunction,
    AgreementStatus,
    AuditEntry,
    FiscalYear,
    GovernanceAllocation,
)
from indicators.models import (
    Achievement,
    Area,
    AreaKind,
    Indicator,
    IndicatorScore,
    OutcomeIndicator,
    RelatedOffice,
    VerificationStatus,
)
from indicators.validation import validate_agreement

pytestmark = pytest.mark.django_db

ALLOCATIONS = (("integrity", 10), ("egov", 10), ("grs", 4), ("citizen_charter", 3), ("rti", 3))


def add_allocations(year: FiscalYear) -> FiscalYear:
    for position, (kind, marks) in enumerate(ALLOCATIONS, start=1):
        GovernanceAllocation.objects.get_or_create(
            fiscal_year=year,
            kind=kind,
            defaults={"name_bn": f"পরিকল্পনা {kind}", "marks": marks, "position": position},
        )
    return year


@pytest.fixture
def drafting_season(monkeypatch):
    """Today is 1 May 2024: the 2023-24 year is current, 2024-25 is being drafted."""
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: date(2024, 5, 1))


@pytest.fixture
def next_year(fiscal_year, drafting_season):
    return add_allocations(FiscalYear.objects.create(start_year=2024))


def indicators_of(agreement) -> dict[str, Indicator]:
    return {i.code: i for i in Indicator.objects.filter(agreement=agreement, area_kind=AreaKind.OFFICE)}


@pytest.fixture
def last_year(agreement_a):
    """Agreement A of 2023-24 with every part of the document filled in."""
    AgreementFunction.objects.create(agreement=agreement_a, position=1, text="ই-সেবা প্রদান")
    AgreementFunction.objects.create(agreement=agreement_a, position=2, text="প্রশিক্ষণ আয়োজন")
    Acronym.objects.create(
        agreement=agreement_a, position=1, acronym="আইসিটি", description="তথ্য ও যোগাযোগ প্রযুক্তি"
    )
    OutcomeIndicator.objects.create(
        agreement=agreement_a,
        position=1,
        outcome="ই-গভর্ন্যান্স",
        title="সেবা গ্রহীতা",
        unit="সংখ্যা",
        actual_prev2="900",
        actual_prev1="1536",
        target="800",
        projection_next1="700",
        projection_next2="600",
        data_source="রেজিস্টার",
    )
    first = indicators_of(agreement_a)["1.1.1"]
    RelatedOffice.objects.create(indicator=first, position=1, offices="জেলা প্রশাসন", coordination_strategy="সভা")
    return agreement_a


def achieve(indicator, quarter, value, status=VerificationStatus.PENDING, **extra):
    return Achievement.objects.create(
        indicator=indicator, quarter=quarter, value_number=Decimal(value), verification_status=status, **extra
    )


def test_it_copies_every_part_of_last_years_agreement(last_year, next_year, alice):
    draft = services.agreement_create_draft(
        office=last_year.office, fiscal_year=next_year, from_agreement=last_year, actor=alice
    )
    assert draft.status == AgreementStatus.DRAFT and draft.supervisor_office == last_year.supervisor_office
    assert list(draft.functions.values_list("position", "text")) == [(1, "ই-সেবা প্রদান"), (2, "প্রশিক্ষণ আয়োজন")]
    assert list(draft.acronyms.values_list("acronym", "description")) == [("আইসিটি", "তথ্য ও যোগাযোগ প্রযুক্তি")]
    outcome = draft.outcome_indicators.get()
    assert (outcome.outcome, outcome.title, outcome.unit, outcome.data_source) == (
        "ই-গভর্ন্যান্স",
        "সেবা গ্রহীতা",
        "সংখ্যা",
        "রেজিস্টার",
    )
    copied = indicators_of(draft)
    assert set(copied) == set(indicators_of(last_year))
    related = RelatedOffice.objects.get(indicator=copied["1.1.1"])
    assert (related.offices, related.coordination_strategy) == ("জেলা প্রশাসন", "সভা")
    # Last year's indicators keep their targets where they had no projection for the new year.
    assert copied["1.1.2"].targets == ["500", "450", "400", "350", "300"]
    governance = Indicator.objects.filter(agreement=draft, area_kind=AreaKind.GOVERNANCE)
    assert sorted(governance.values_list("weight", flat=True)) == [3, 3, 4, 10, 10]
    assert Area.objects.get(agreement=draft, kind=AreaKind.GOVERNANCE).weight == Decimal("30")
    assert AuditEntry.objects.filter(agreement=draft, action="agreement_create_draft").exists()
    assert IndicatorScore.objects.filter(agreement=draft).exists()
    from indicators.validation import validate_agreement

    assert validate_agreement(draft) == []
    # Last year's agreement is untouched.
    assert (
        last_year.functions.count() == 2
        and RelatedOffice.objects.filter(indicator__agreement=last_year).count() == 1
    )


def test_last_years_actual_is_final_only_when_every_reported_quarter_was_verified(
    last_year, next_year, alice, rita
):
    codes = indicators_of(last_year)
    partly = codes["1.1.1"]
    achieve(partly, 1, "100", VerificationStatus.ACCEPTED)
    achieve(partly, 2, "200")
    achieve(partly, 3, "300")
    fully = codes["1.1.2"]
    achieve(fully, 1, "480", VerificationStatus.ACCEPTED)
    achieve(
        fully,
        2,
        "30",
        VerificationStatus.CORRECTED,
        verified_number=Decimal("20"),
        verification_reason="রেজিস্টারে ২০",
    )
    draft = services.agreement_create_draft(
        office=last_year.office, fiscal_year=next_year, from_agreement=last_year, actor=alice
    )
    copied = indicators_of(draft)
    # Q1 verified, Q2 and Q3 not: the reported total (600), provisional, never the verified Q1 alone.
    assert (copied["1.1.1"].actual_prev1, copied["1.1.1"].actual_prev1_provisional) == ("600", True)
    # Every reported quarter verified (one corrected): the verified total, final.
    assert (copied["1.1.2"].actual_prev1, copied["1.1.2"].actual_prev1_provisional) == ("500", False)
    # Nothing reported: blank, provisional.
    assert (copied["2.1.1"].actual_prev1, copied["2.1.1"].actual_prev1_provisional) == ("", True)


def test_the_year_columns_move_one_year_on_and_the_projection_becomes_the_proposed_target(
    last_year, next_year, alice
):
    indicator = indicators_of(last_year)["2.1.1"]
    indicator.actual_prev1, indicator.projection_next1, indicator.projection_next2 = "410", "520", "540"
    indicator.save()
    draft = services.agreement_create_draft(
        office=last_year.office, fiscal_year=next_year, from_agreement=last_year, actor=alice
    )
    copied = indicators_of(draft)["2.1.1"]
    assert copied.actual_prev2 == "410"
    assert copied.targets == ["520"]  # the best column; the office sets the lower ones
    assert (copied.projection_next1, copied.projection_next2) == ("540", "")
    outcome = draft.outcome_indicators.get()
    # The outcome's actual of the year just ended is not in the system: blank, provisional, never its target.
    assert (outcome.actual_prev2, outcome.actual_prev1, outcome.actual_prev1_provisional) == (
        "1536",
        "",
        True,
    )
    assert (outcome.target, outcome.projection_next1, outcome.projection_next2) == ("700", "600", "")


def test_only_the_offices_own_people_create_its_draft_and_only_once(agreement_a, next_year, bob, rita, alice):
    for outsider in (bob, rita):
        with pytest.raises(PermissionDenied):
            services.agreement_create_draft(office=agreement_a.office, fiscal_year=next_year, actor=outsider)
    services.agreement_create_draft(office=agreement_a.office, fiscal_year=next_year, actor=alice)
    with pytest.raises(ValidationError):
        services.agreement_create_draft(office=agreement_a.office, fiscal_year=next_year, actor=alice)
    assert Agreement.objects.filter(office=agreement_a.office, fiscal_year=next_year).count() == 1


def test_a_past_years_draft_is_refused_in_bangla(office_a, alice, drafting_season):
    past = add_allocations(FiscalYear.objects.create(start_year=2022))
    with pytest.raises(ValidationError) as error:
        services.agreement_create_draft(office=office_a, fiscal_year=past, actor=alice)
    assert "শেষ হয়ে গেছে" in str(error.value)
    assert not Agreement.objects.filter(office=office_a).exists()


def test_the_create_page_offers_only_current_and_upcoming_years_without_an_agreement(
    client, agreement_a, next_year, alice
):
    FiscalYear.objects.create(start_year=2022)
    later = FiscalYear.objects.create(start_year=2025)
    client.force_login(alice)
    response = client.get(reverse("agreements:create"))
    offered = list(response.context["form"].fields["fiscal_year"].queryset)
    # 2022-23 is past, 2023-24 already has A's agreement.
    assert offered == [next_year, later]
    page = response.content.decode()
    assert "শেষ হয়ে যাওয়া অর্থবছরের চুক্তি নতুন করে তৈরি করা যায় না" in page
    response = client.post(
        reverse("agreements:create"), {"fiscal_year": FiscalYear.objects.get(start_year=2022).pk}
    )
    assert response.status_code == 200
    assert "বছরটি শেষ হয়ে গেছে" in response.content.decode()
    assert Agreement.objects.filter(office=agreement_a.office).count() == 1


def test_the_create_page_makes_a_draft_from_last_years_agreement(client, agreement_a, next_year, alice):
    client.force_login(alice)
    response = client.post(
        reverse("agreements:create"), {"fiscal_year": next_year.pk, "from_agreement": agreement_a.pk}
    )
    draft = Agreement.objects.get(office=agreement_a.office, fiscal_year=next_year)
    assert response.status_code == 302 and response.url == reverse("agreements:detail", args=[draft.pk])
    assert set(indicators_of(draft)) == set(indicators_of(agreement_a))


def test_the_create_page_makes_a_draft_from_scratch(client, office_a, next_year, alice):
    client.force_login(alice)
    response = client.post(reverse("agreements:create"), {"fiscal_year": next_year.pk, "from_agreement": ""})
    draft = Agreement.objects.get(office=office_a, fiscal_year=next_year)
    assert response.status_code == 302 and response.url == reverse("agreements:detail", args=[draft.pk])
    # Only what the fiscal year prescribes: the governance area with its five indicators; the rest is the
    # office's to write.
    assert list(Area.objects.filter(agreement=draft).values_list("kind", flat=True)) == [AreaKind.GOVERNANCE]
    assert Indicator.objects.filter(agreement=draft).count() == 5
    assert (
        not draft.functions.exists() and not draft.outcome_indicators.exists() and not draft.acronyms.exists()
    )
    assert (draft.first_party_bn, draft.second_party_bn) == (
        office_a.party_title_bn,
        office_a.supervisor.party_title_bn,
    )
    page = client.get(response.url).content.decode()
    assert "এই চুক্তিতে এখনো" not in page and "সুশাসন ও সংস্কারমূলক" in page


@pytest.mark.parametrize(("level", "rti_variant"), [("district", "district"), ("upazila", "upazila")])
def test_a_new_draft_receives_the_years_five_plans_in_the_variant_for_its_level(
    seeded, ada, drafting_season, level, rti_variant
):
    from agreements.models import Office
    from indicators.models import GovernancePlan

    dg = Office.objects.get(code="ict-dg")
    office = Office.objects.create(
        code=f"ict-new-{level}", name_bn="নতুন অফিস", level=level, parent=dg, supervisor=dg
    )
    draft = services.agreement_create_draft(
        office=office, fiscal_year=FiscalYear.objects.get(start_year=2024), actor=ada
    )
    plans = GovernancePlan.objects.filter(agreement=draft).select_related("template")
    assert sorted(plan.kind for plan in plans) == ["citizen_charter", "egov", "grs", "integrity", "rti"]
    assert plans.get(kind="rti").template.variant == rti_variant
    assert all(plan.items.count() == plan.template.items.count() > 0 for plan in plans)
    assert AuditEntry.objects.filter(agreement=draft, action="governance_plan_create").count() == 5


def test_the_create_page_says_why_when_no_year_can_be_drafted(client, agreement_a, alice, drafting_season):
    client.force_login(alice)
    page = client.get(reverse("agreements:create")).content.decode()
    # 2023-24 (current) already has A's agreement and no later year exists.
    assert 'id="no-year"' in page and '<form method="post" style' not in page


def make_date_indicator(indicator, targets, projection=""):
    indicator.value_type, indicator.method, indicator.unit = "date", "date", "তারিখ"
    indicator.targets, indicator.projection_next1 = targets, projection
    indicator.actual_prev1 = indicator.actual_prev2 = indicator.projection_next2 = ""
    indicator.save()


def test_a_copy_moves_date_targets_into_the_new_fiscal_year(last_year, drafting_season, alice):
    """2023-24 copied into 2026-27: each date three years on; 29 February, which 2027 lacks, kept as it was so
    that validation names it."""
    later = add_allocations(FiscalYear.objects.create(start_year=2026))
    make_date_indicator(
        indicators_of(last_year)["2.1.1"], ["2023-12-12", "2024-01-31", None, "2024-02-29", "2024-06-30"]
    )
    draft = services.agreement_create_draft(
        office=last_year.office, fiscal_year=later, from_agreement=last_year, actor=alice
    )
    copied = indicators_of(draft)["2.1.1"]
    assert copied.targets == ["2026-12-12", "2027-01-31", None, "2024-02-29", "2027-06-30"]
    found = [p.message for p in validate_agreement(draft) if p.obj == copied]
    assert "সূচক [২.১.১]-এর 'চলতি মান ৭০%' কলামের লক্ষ্যমাত্রা ২৯ ফেব্রুয়ারি ২০২৪ ২০২৬-২৭ অর্থবছরের" in " ".join(found)
    assert not any("১২/১২" in message for message in found)


def test_a_projected_date_becomes_the_target_in_the_year_it_was_projected_for(last_year, next_year, alice):
    """The projection of 2023-24 for the next year is a date of 2024-25: it stays as it is in 2024-25."""
    make_date_indicator(indicators_of(last_year)["2.1.1"], ["2023-12-12"], projection="2024-09-30")
    draft = services.agreement_create_draft(
        office=last_year.office, fiscal_year=next_year, from_agreement=last_year, actor=alice
    )
    assert indicators_of(draft)["2.1.1"].targets == ["2024-09-30"]
