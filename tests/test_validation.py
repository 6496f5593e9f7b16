"""Agreement validation reports every problem in the interface's language (Bangla here), naming the item
it concerns with its code in the same digits."""

from decimal import Decimal

import pytest

from agreements.models import Agreement, GovernanceAllocation
from apa_portal.bangla import to_bangla_digits as bn
from indicators.models import Area, AreaKind, Indicator
from indicators.validation import validate_agreement

from .factories import ActivityFactory, AreaFactory, IndicatorFactory

pytestmark = pytest.mark.django_db

GOVERNANCE = (("integrity", "10"), ("egov", "10"), ("grs", "4"), ("citizen_charter", "3"), ("rti", "3"))


@pytest.fixture
def valid_agreement(agreement_a):
    """agreement_a (office areas 40 + 30) completed with the governance area of the framework."""
    fiscal_year = agreement_a.fiscal_year
    area = AreaFactory(
        agreement=agreement_a, kind=AreaKind.GOVERNANCE, code="১", position=9, weight=Decimal("30")
    )
    for n, (kind, marks) in enumerate(GOVERNANCE, start=1):
        GovernanceAllocation.objects.create(
            fiscal_year=fiscal_year, kind=kind, name_bn=kind, marks=Decimal(marks)
        )
        IndicatorFactory(
            activity=ActivityFactory(area=area, code=f"১.{bn(n)}", position=n),
            code=f"১.{bn(n)}.১",
            position=1,
            unit="প্রাপ্ত নম্বর",
            value_type="score",
            weight=Decimal(marks),
            governance_kind=kind,
            targets=[],
        )
    return agreement_a


def messages(agreement):
    return [(p.key.split("-")[0], p.message) for p in validate_agreement(agreement)]


def test_a_complete_agreement_has_no_problems(valid_agreement):
    assert validate_agreement(valid_agreement) == []


def test_the_seeded_mymensingh_agreement_is_valid(seeded):
    mymensingh = Agreement.objects.get(office__code="ict-dc-mymensingh")
    assert validate_agreement(mymensingh) == []


def test_it_reports_office_areas_that_do_not_add_up_to_the_framework(valid_agreement):
    Area.objects.filter(agreement=valid_agreement, code="1").update(weight=Decimal("35"))
    found = messages(valid_agreement)
    assert ("agreement", "অফিসের কর্মসম্পাদনের ক্ষেত্রসমূহের মোট মান ৬৫, কিন্তু হতে হবে ৭০।") in found
    assert ("area", "ক্ষেত্র [১]-এর সূচকসমূহের মোট মান ৪০, কিন্তু ক্ষেত্রের মান ৩৫।") in found


def test_it_reports_a_target_row_that_is_not_monotonic(valid_agreement):
    indicator = valid_agreement.indicators.get(code="1.1.1")
    indicator.targets = ["500", "450", "480", "350", "300"]
    indicator.save()
    problems = validate_agreement(valid_agreement)
    assert [p.obj for p in problems] == [indicator]
    assert problems[0].field == "targets" and "[১.১.১]" in problems[0].message
    # The box typed wrong is named (480 in the 80% column), not the pairs around it.
    assert "৮০% কলামের মান বাকি কলামগুলোর ক্রমের সাথে মেলে না" in problems[0].message


def test_it_reports_a_missing_governance_area_and_wrong_governance_marks(valid_agreement):
    egov = valid_agreement.indicators.get(governance_kind="egov")
    Indicator.objects.filter(pk=egov.pk).update(weight=Decimal("8"))
    found = messages(valid_agreement)
    assert any("[১.২.১]" in m and "নির্ধারিত মান ১০" in m for _, m in found)

    Area.objects.filter(agreement=valid_agreement, kind=AreaKind.GOVERNANCE).delete()
    assert ("agreement", "সুশাসন ও সংস্কারমূলক কর্মসম্পাদনের ক্ষেত্র নেই; এটি প্রতিটি চুক্তিতে আবশ্যিক।") in messages(
        valid_agreement
    )


def test_it_reports_badly_formed_codes_and_units_that_do_not_fit_the_method(valid_agreement):
    indicator = valid_agreement.indicators.get(code="1.1.1")
    Indicator.objects.filter(pk=indicator.pk).update(code="3.1.1")
    second = valid_agreement.indicators.get(code="1.1.2")
    Indicator.objects.filter(pk=second.pk).update(unit="%", value_type="percent")
    third = valid_agreement.indicators.get(code="2.1.1", activity__area__code="2")
    Indicator.objects.filter(pk=third.pk).update(method="date")
    found = dict(((p.obj.pk, p.field), p.message) for p in validate_agreement(valid_agreement))
    assert "[৩.১.১]" in found[indicator.pk, "code"] and "[১.১]" in found[indicator.pk, "code"]
    assert "শতাংশের সমষ্টি" in found[second.pk, "method"]
    assert "'তারিখ'" in found[third.pk, "method"]


def test_it_reports_an_indicator_without_targets_or_method(valid_agreement):
    indicator = valid_agreement.indicators.get(code="1.1.1")
    Indicator.objects.filter(pk=indicator.pk).update(targets=[None, None, None, None, None], method="")
    found = {p.field: p.message for p in validate_agreement(valid_agreement) if p.obj.pk == indicator.pk}
    assert found == {
        "method": "সূচক [১.১.১]-এর গণনা পদ্ধতি দেওয়া হয়নি।",
        "targets": "সূচক [১.১.১]-এর কোনো লক্ষ্যমাত্রা নেই।",
    }


def test_it_reports_codes_used_twice_even_in_different_digits(valid_agreement):
    first, second = valid_agreement.indicators.filter(area_kind=AreaKind.OFFICE).order_by("code")[:2]
    Indicator.objects.filter(pk=second.pk).update(code=bn(first.code))  # "১.১.১" beside "1.1.1"
    problems = [p for p in validate_agreement(valid_agreement) if p.field == "code"]
    assert [(p.obj, p.message) for p in problems] == [
        (second, "কোড [১.১.১] একাধিকবার ব্যবহৃত হয়েছে; প্রতিটি কোড একবারই থাকতে পারে।")
    ]


def test_the_same_code_in_the_office_and_the_governance_sections_is_not_a_repeat(valid_agreement):
    # Seed 000 numbers both sections from [১]: the governance area's [১] is not the office area's.
    assert valid_agreement.areas.filter(code__in=["1", "১"]).count() == 2
    assert validate_agreement(valid_agreement) == []


def test_it_reports_two_governance_indicators_of_the_same_plan(valid_agreement):
    egov = valid_agreement.indicators.get(governance_kind="egov")
    twin = IndicatorFactory(
        activity=egov.activity,
        code="১.২.২",
        position=2,
        unit="প্রাপ্ত নম্বর",
        value_type="score",
        weight=Decimal("10"),
        governance_kind="egov",
        targets=[],
    )
    found = [(p.obj, p.message) for p in validate_agreement(valid_agreement)]
    assert (twin, "সূচক [১.২.২] ও [১.২.১] দুটিই 'egov'-এর সূচক; প্রতিটি কর্মপরিকল্পনার সূচক একটিই থাকবে।") in found


def test_governance_messages_write_codes_in_the_interfaces_digits(valid_agreement):
    egov = valid_agreement.indicators.get(governance_kind="egov")
    Indicator.objects.filter(pk=egov.pk).update(code="1.2.1", unit="সংখ্যা")
    messages_ = [p.message for p in validate_agreement(valid_agreement) if p.obj == egov]
    assert messages_ == ["সূচক [১.২.১]-এর একক 'প্রাপ্ত নম্বর' হতে হবে।"]


@pytest.mark.parametrize(
    ("targets", "reported"),
    [
        (["2", None, None, None, None], True),  # one column: more or fewer, better?
        (["0", "0", "0", "0", "0"], True),  # the same in every column
        (["2", "1", None, None, None], False),
        (["10", "15", None, None, None], False),
        ([None, None, "7", "6", None], False),
    ],
)
def test_it_reports_a_row_whose_direction_the_targets_cannot_tell(valid_agreement, targets, reported):
    indicator = valid_agreement.indicators.get(code="1.1.1")
    Indicator.objects.filter(pk=indicator.pk).update(targets=targets)
    found = [p.message for p in validate_agreement(valid_agreement) if p.obj == indicator]
    direction = [m for m in found if "বেশি অর্জন ভালো নাকি কম" in m]
    assert bool(direction) == reported and len(found) == len(direction)


def test_a_date_row_with_one_target_is_fine(valid_agreement):
    indicator = valid_agreement.indicators.get(code="1.1.1")
    Indicator.objects.filter(pk=indicator.pk).update(
        targets=["2023-12-12", None, None, None, None], value_type="date", method="date", unit="তারিখ"
    )
    assert validate_agreement(valid_agreement) == []


# ---- Indicator.clean: what the admin and every form check before an indicator is saved -------------------


def clean_errors(indicator: Indicator) -> dict[str, list[str]]:
    from django.core.exceptions import ValidationError

    try:
        indicator.full_clean()
    except ValidationError as error:
        return error.message_dict
    return {}


def test_an_indicator_with_readable_values_is_clean():
    indicator = IndicatorFactory(actual_prev1="1470", projection_next1="700", targets=["800", "750"])
    assert clean_errors(indicator) == {}


def test_it_names_an_unreadable_prior_actual_or_projection_in_bangla():
    indicator = IndicatorFactory(actual_prev2="অনেক", projection_next2="inf")
    errors = clean_errors(indicator)
    assert errors["actual_prev2"] == ["“অনেক” কোনো সংখ্যা নয় (যেমন 1470 বা 84.51)।"]
    assert errors["projection_next2"] == ["“inf” কোনো সসীম সংখ্যা নয়।"]
    assert set(errors) == {"actual_prev2", "projection_next2"}


def test_a_date_indicator_needs_dates_in_every_column():
    indicator = IndicatorFactory(
        unit="তারিখ", value_type="date", method="date", targets=["2022-12-12"], projection_next1="18.10.23"
    )
    assert clean_errors(indicator) == {
        "projection_next1": ["“18.10.23” কোনো তারিখ নয় (বছর-মাস-দিন, যেমন 2022-12-12)।"]
    }


def test_it_refuses_more_targets_than_the_fiscal_year_has_level_columns():
    indicator = IndicatorFactory(targets=["6", "5", "4", "3", "2", "1"])
    assert clean_errors(indicator) == {"targets": ["লক্ষ্যমাত্রা ৬টি, কিন্তু এই অর্থবছরে লক্ষ্যমাত্রার কলাম ৫টি।"]}
    indicator.targets = ["6", "5", "4", "3", "2"]
    assert clean_errors(indicator) == {}


def test_it_reports_each_date_target_outside_the_agreements_fiscal_year(valid_agreement):
    indicator = valid_agreement.indicators.get(code="1.1.1")
    Indicator.objects.filter(pk=indicator.pk).update(
        targets=["2023-06-30", "2023-07-01", "2024-06-30", None, "2024-07-01"],
        value_type="date",
        method="date",
        unit="তারিখ",
    )
    found = [p.message for p in validate_agreement(valid_agreement) if p.obj == indicator]
    year = "২০২৩-২৪ অর্থবছরের (১ জুলাই ২০২৩ – ৩০ জুন ২০২৪)"
    assert found == [
        f"সূচক [১.১.১]-এর 'অসাধারণ ১০০%' কলামের লক্ষ্যমাত্রা ৩০ জুন ২০২৩ {year} মধ্যে নয়।",
        f"সূচক [১.১.১]-এর 'চলতি মানের নিম্নে ৬০%' কলামের লক্ষ্যমাত্রা ১ জুলাই ২০২৪ {year} মধ্যে নয়।",
    ]
    assert {p.field for p in validate_agreement(valid_agreement) if p.obj == indicator} == {"targets"}
