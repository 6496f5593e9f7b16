"""An indicator whose row cannot be scored (targets out of order, missing, of another value type; achievements
of another type; several quarters without a method) scores 0 with the reason in Bangla instead of failing the
write that changed it, validation reports it in the same words, and neither the drafting editor nor the admin
answers 500."""

from decimal import Decimal

import pytest
from django.urls import reverse

from agreements.models import AgreementStatus, AuditEntry, User
from indicators.models import Achievement, AgreementScore, Indicator, IndicatorScore, ScoreKind
from indicators.scores import explain_agreement, refresh_scores
from indicators.validation import validate_agreement

from .test_drafting_editor import indicator_post

pytestmark = pytest.mark.django_db

NOT_SCORED = "স্কোর নির্ণয় করা যায়নি"


@pytest.fixture
def draft_a(agreement_a):
    agreement_a.status = AgreementStatus.DRAFT
    agreement_a.save()
    refresh_scores(agreement=agreement_a)
    return agreement_a


def first_indicator(agreement) -> Indicator:
    return agreement.indicators.order_by("activity__area__position", "position").first()


def stored(indicator: Indicator) -> IndicatorScore:
    return IndicatorScore.objects.get(indicator=indicator, kind=ScoreKind.PROGRESS)


def explanation_of(indicator: Indicator) -> str:
    explained = explain_agreement(indicator.agreement, ScoreKind.PROGRESS).indicators
    return "\n".join(next(item.lines for item in explained if item.indicator == indicator))


def break_row(indicator: Indicator, case: str) -> None:
    """Put `indicator` (targets 500/450/400/350/300, method sum) into one of the unscorable states."""
    update = Indicator.objects.filter(pk=indicator.pk).update
    if case == "out_of_order":
        update(targets=["300", "450", "400", "350", "500"])
    elif case == "no_targets":
        update(targets=[])
    elif case == "targets_of_another_type":
        update(value_type="date", method="date")
    elif case == "achievements_of_another_type":
        update(value_type="date", method="date", targets=["2023-12-01", "2023-12-15", None, None, None])
    elif case == "several_quarters_without_a_method":
        update(method="")
        Achievement.objects.create(indicator=indicator, quarter=2, value_number=Decimal("150"))
    Achievement.objects.create(indicator=indicator, quarter=1, value_number=Decimal("300"))


REASONS = {
    "out_of_order": "সূচক [১.১.১]-এর লক্ষ্যমাত্রা ক্রমানুসারে নয়: ১০০%, ৬০% কলামের মান",
    "no_targets": "সূচক [১.১.১]-এর কোনো লক্ষ্যমাত্রা নেই।",
    "targets_of_another_type": "সূচক [১.১.১]-এর লক্ষ্যমাত্রা মানের ধরন 'তারিখ'-এর সাথে মেলে না",
    "achievements_of_another_type": "সূচক [১.১.১]-এর ১ম ত্রৈমাসিকের অর্জন মানের ধরন 'তারিখ'-এর সাথে মেলে না",
    "several_quarters_without_a_method": "সূচক [১.১.১]-এর গণনা পদ্ধতি দেওয়া হয়নি।",
}


@pytest.mark.parametrize("case", REASONS)
def test_an_unscorable_row_scores_0_says_why_and_is_reported_by_validation(draft_a, case):
    indicator = first_indicator(draft_a)
    other = draft_a.indicators.exclude(pk=indicator.pk).first()
    Achievement.objects.create(indicator=other, quarter=1, value_number=Decimal("475"))
    break_row(indicator, case)

    totals = refresh_scores(agreement=draft_a).totals

    assert (stored(indicator).raw, stored(indicator).weighted) == (0, 0)
    assert stored(indicator).reported  # a value was entered, it just cannot be scored
    assert stored(other).raw == Decimal("95")  # the rest of the agreement is scored as ever
    assert totals[ScoreKind.PROGRESS] == stored(other).weighted
    lines = explanation_of(indicator)
    assert NOT_SCORED in lines and REASONS[case] in lines
    problems = [p.message for p in validate_agreement(draft_a) if p.obj == indicator]
    assert any(REASONS[case] in message for message in problems), problems


def test_an_incremental_refresh_scores_an_unscorable_row_0_too(draft_a):
    indicator = first_indicator(draft_a)
    indicator.targets = ["300", "450", "400", "350", "500"]
    indicator.save()
    achievement = Achievement.objects.create(indicator=indicator, quarter=1, value_number=Decimal("300"))
    refresh_scores(agreement=draft_a, indicators=[indicator], achievements=[achievement])
    assert stored(indicator).raw == 0 and stored(indicator).reported


# The drafting editor, over HTTP


def edit_url(agreement, indicator) -> str:
    return reverse("agreements:item_edit", args=[agreement.pk, "indicator", indicator.pk])


def snapshot(agreement) -> tuple:
    return (
        list(
            Indicator.objects.filter(agreement=agreement).order_by("pk").values_list("targets", "value_type")
        ),
        list(
            AgreementScore.objects.filter(agreement=agreement)
            .order_by("kind")
            .values_list("total", flat=True)
        ),
        AuditEntry.objects.filter(agreement=agreement).count(),
    )


def test_the_editor_refuses_a_row_out_of_order_naming_the_columns_and_changes_nothing(client, draft_a, alice):
    indicator = first_indicator(draft_a)
    before = snapshot(draft_a)
    client.force_login(alice)
    response = client.post(
        edit_url(draft_a, indicator), indicator_post(indicator, target_0="৩০০", target_4="৫০০")
    )
    assert response.status_code == 200
    # Beside the two boxes swapped (see test_drafting_editor for the rule), not the pairs between them.
    assert sorted(response.context["form"].errors) == ["target_0", "target_4"]
    assert "ক্রমের বাইরে" in response.content.decode()
    assert snapshot(draft_a) == before


def test_the_editor_saves_an_indicator_without_targets_yet_and_the_draft_page_says_what_is_missing(
    client, draft_a, alice
):
    indicator = first_indicator(draft_a)
    client.force_login(alice)
    blank = {f"target_{i}": "" for i in range(5)}
    response = client.post(edit_url(draft_a, indicator), indicator_post(indicator, **blank))
    assert response.status_code == 302
    indicator.refresh_from_db()
    assert indicator.targets == [] and stored(indicator).raw == 0
    page = client.get(reverse("agreements:detail", args=[draft_a.pk])).content.decode()
    notes = page.split(f'id="notes-indicator-{indicator.pk}"')[1].split("</tr>")[0]
    assert REASONS["no_targets"] in notes
    explanation = client.get(reverse("agreements:score", args=[draft_a.pk, "progress"]))
    assert explanation.status_code == 200 and NOT_SCORED in explanation.content.decode()


def test_the_editor_asks_for_dates_when_the_value_type_becomes_date_and_changes_nothing(
    client, draft_a, alice
):
    indicator = first_indicator(draft_a)
    before = snapshot(draft_a)
    client.force_login(alice)
    response = client.post(
        edit_url(draft_a, indicator), indicator_post(indicator, value_type="date", method="date")
    )
    assert response.status_code == 200
    assert response.content.decode().count("তারিখটি বোঝা যায়নি। দিন/মাস/বছর আকারে লিখুন, যেমন ১৫/০৩/২০২৪।") == 5
    assert snapshot(draft_a) == before


def test_the_editor_changes_a_number_row_to_a_date_row(client, draft_a, alice):
    indicator = first_indicator(draft_a)
    Achievement.objects.create(indicator=indicator, quarter=1, value_number=Decimal("300"))
    client.force_login(alice)
    dates = {
        "target_0": "০১/১২/২০২৩",
        "target_1": "১৫/১২/২০২৩",
        "target_2": "",
        "target_3": "",
        "target_4": "",
    }
    response = client.post(
        edit_url(draft_a, indicator), indicator_post(indicator, value_type="date", method="date", **dates)
    )
    assert response.status_code == 302
    indicator.refresh_from_db()
    assert (indicator.value_type, indicator.targets) == ("date", ["2023-12-01", "2023-12-15"])
    # The number reported earlier no longer fits: 0, with the reason, until it is entered again as a date.
    assert stored(indicator).raw == 0
    assert REASONS["achievements_of_another_type"] in explanation_of(indicator)


def test_an_error_the_model_gives_on_targets_is_shown_above_the_form(client, draft_a, alice, monkeypatch):
    from django.core.exceptions import ValidationError

    def refuse(self):
        raise ValidationError({"targets": "লক্ষ্যমাত্রা গ্রহণযোগ্য নয়।"})

    monkeypatch.setattr(Indicator, "clean", refuse)
    indicator = first_indicator(draft_a)
    client.force_login(alice)
    response = client.post(edit_url(draft_a, indicator), indicator_post(indicator))
    assert response.status_code == 200 and "লক্ষ্যমাত্রা গ্রহণযোগ্য নয়।" in response.content.decode()


# The admin, over HTTP


def admin_post(indicator: Indicator, **changes) -> dict:
    data = {
        "activity": indicator.activity_id,
        "position": indicator.position,
        "code": indicator.code,
        "title": indicator.title,
        "method": indicator.method,
        "unit": indicator.unit,
        "value_type": indicator.value_type,
        "weight": str(indicator.weight),
        "governance_kind": "",
        "targets": '["500", "450", "400", "350", "300"]',
        "related_offices-TOTAL_FORMS": "0",
        "related_offices-INITIAL_FORMS": "0",
        "achievements-TOTAL_FORMS": "0",
        "achievements-INITIAL_FORMS": "0",
    }
    return data | changes


@pytest.mark.parametrize(
    ("targets", "raw"),
    [('["300", "450", "400", "350", "500"]', 0), ("[]", 0), ('["500", "450", "400", "350", "300"]', 95)],
)
def test_the_admin_saves_an_unscorable_row_and_scores_it_0(client, draft_a, targets, raw):
    indicator = first_indicator(draft_a)
    Achievement.objects.create(indicator=indicator, quarter=1, value_number=Decimal("475"))
    client.force_login(User.objects.create_superuser("root", password="x"))
    url = reverse("admin:indicators_indicator_change", args=[indicator.pk])
    response = client.post(url, admin_post(indicator, targets=targets))
    assert response.status_code == 302, response.content.decode()[:3000]
    assert stored(indicator).raw == raw


def test_the_admin_refuses_targets_that_do_not_fit_a_new_value_type(client, draft_a):
    indicator = first_indicator(draft_a)
    before = snapshot(draft_a)
    client.force_login(User.objects.create_superuser("root", password="x"))
    url = reverse("admin:indicators_indicator_change", args=[indicator.pk])
    response = client.post(url, admin_post(indicator, value_type="date", method="date"))
    assert response.status_code == 200
    assert "errorlist" in response.content.decode()
    assert snapshot(draft_a) == before
