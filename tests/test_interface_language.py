"""The interface in the user's language: a user who switched to English reads pages, messages, form labels,
score explanations and notifications in English with ASCII digits; in Bangla they read as before. Documents
stay Bangla whichever language the user chose."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from django.conf import settings
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from agreements import diff
from agreements.forms import IndicatorForm
from agreements.models import Notification
from agreements.notifications import deadline_reminders, notify_quarter
from apa_portal import display
from indicators.governance.forms import TemplateItemForm
from indicators.models import Achievement, Indicator, QuarterlyReport
from indicators.scores import refresh_scores
from reports import builders
from reports import services as report_services
from reports.importer import ImportProblem

pytestmark = pytest.mark.django_db
BANGLA_DIGIT = re.compile("[০-৯]")


def as_user(client, user, language: str):
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


@pytest.fixture
def setup(agreement_a, windows, today_in_q3):
    refresh_scores(agreement=agreement_a)
    return agreement_a


# ------------------------------------------------------------------------------------------------
# The helpers Python code composes with


@pytest.mark.parametrize(
    ("shown", "bangla", "english"),
    [
        (lambda: display.number(Decimal("140000.50")), "১,৪০,০০০.৫", "1,40,000.5"),
        (lambda: display.number(Decimal("19"), decimals=2), "১৯.০০", "19.00"),
        (lambda: display.percent(80), "৮০%", "80%"),
        (lambda: display.digits("১.২.১"), "১.২.১", "1.2.1"),
        (lambda: display.digits("1.2.1"), "১.২.১", "1.2.1"),
        (lambda: display.date_long(date(2024, 1, 15)), "১৫ জানুয়ারি ২০২৪", "15 January 2024"),
        (lambda: display.date_slash(date(2024, 1, 5)), "০৫/০১/২০২৪", "05/01/2024"),
        (lambda: display.fiscal_year(2023), "২০২৩-২৪", "2023-24"),
        (lambda: display.item_label(Indicator(code="১.২.১", title="সূচক")), "[১.২.১] সূচক", "[1.2.1] সূচক"),
        (lambda: display.quarter_ordinal(1), "১ম", "1st"),
        (lambda: display.quarter_ordinal(4), "৪র্থ", "4th"),
        (lambda: display.quarter_name(2), "২য় ত্রৈমাসিক", "2nd quarter"),
        (lambda: display.quarter_months(3), "জানুয়ারি-মার্চ", "January-March"),
        (lambda: display.level_name({"percent": 70, "name_bn": "চলতি মান"}), "চলতি মান", "Fair"),
        (
            lambda: display.level_label({"percent": 60, "name_bn": "চলতি মানের নিম্নে"}),
            "চলতি মানের নিম্নে ৬০%",
            "Below fair 60%",
        ),
        # A name an administrator typed is not in the catalogue: shown as typed, digits still follow.
        (
            lambda: display.level_label({"percent": 95, "name_bn": "প্রায় অসাধারণ"}),
            "প্রায় অসাধারণ ৯৫%",
            "প্রায় অসাধারণ 95%",
        ),
    ],
)
def test_the_helpers_follow_the_active_language(shown, bangla, english):
    with translation.override("bn"):
        assert shown() == bangla
    with translation.override("en"):
        assert shown() == english


def test_the_template_filters_name_quarters_and_target_columns():
    source = Template("{{ 3|quarter_name }} · {{ column|level_name }} · {{ 9|quarter_name }}")
    context = Context({"column": {"percent": 90, "name_bn": "অতি উত্তম"}})
    with translation.override("bn"):
        assert source.render(context) == "৩য় ত্রৈমাসিক · অতি উত্তম · 9"
    with translation.override("en"):
        assert source.render(context) == "3rd quarter · Very good · 9"


# ------------------------------------------------------------------------------------------------
# Pages


def test_the_entry_page_in_english_names_the_quarter_and_shows_ascii_digits(client, alice, setup):
    html = as_user(client, alice, "en").get(reverse("indicators:entry", args=[setup.pk, 3])).content.decode()
    assert "Achievements for the 3rd quarter (January-March)" in html
    assert "1st qtr." in html and "2nd qtr." in html
    assert "Excellent<br>100%" in html and "Below fair<br>60%" in html
    assert "[1.1.1]" in html
    assert "The report submission deadline is 15 April 2024." in html
    assert not BANGLA_DIGIT.search(html), BANGLA_DIGIT.findall(html)


def test_the_entry_page_in_bangla_is_unchanged(client, alice, setup):
    html = as_user(client, alice, "bn").get(reverse("indicators:entry", args=[setup.pk, 3])).content.decode()
    assert "৩য় ত্রৈমাসিকের অর্জন (জানুয়ারি-মার্চ)" in html
    assert "১ম ত্রৈ." in html
    assert "অসাধারণ<br>১০০%" in html and "চলতি মানের নিম্নে<br>৬০%" in html
    assert "[১.১.১]" in html
    assert "প্রতিবেদন দাখিলের শেষ তারিখ ১৫ এপ্রিল ২০২৪।" in html


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "The report submission deadline (15 January 2024) has passed; the quarter is closed."),
        ("bn", "প্রতিবেদন দাখিলের শেষ তারিখ (১৫ জানুয়ারি ২০২৪) পেরিয়ে গেছে; ত্রৈমাসিকটি বন্ধ।"),
    ],
)
def test_a_closed_quarter_gives_its_deadline_in_the_users_language(client, alice, setup, language, message):
    page = as_user(client, alice, language).get(reverse("indicators:entry", args=[setup.pk, 2]))
    assert message in page.content.decode()


@pytest.mark.parametrize(
    ("language", "lines"),
    [
        (
            "en",
            [
                "Quarterly achievements — 1st: 475, 2nd: —, 3rd: —, 4th: —",
                "90 + (100 − 90) × (475 − 450) ÷ (500 − 450) = 95.00",
                "Marks obtained = indicator weight 20 × 95.00 ÷ 100 = 19.00",
            ],
        ),
        (
            "bn",
            [
                "ত্রৈমাসিক অর্জন — ১ম: ৪৭৫, ২য়: —, ৩য়: —, ৪র্থ: —",
                "৯০ + (১০০ − ৯০) × (৪৭৫ − ৪৫০) ÷ (৫০০ − ৪৫০) = ৯৫.০০",
                "প্রাপ্ত নম্বর = সূচকের মান ২০ × ৯৫.০০ ÷ ১০০ = ১৯.০০",
            ],
        ),
    ],
)
def test_the_score_explanation_reads_in_the_users_language(client, alice, agreement_a, language, lines):
    indicator = agreement_a.indicators.get(code="1.1.1")
    Achievement.objects.create(indicator=indicator, quarter=1, value_number=Decimal("475"))
    refresh_scores(agreement=agreement_a)
    page = as_user(client, alice, language).get(
        reverse("agreements:score", args=[agreement_a.pk, "progress"])
    )
    html = page.content.decode()
    for line in lines:
        assert line in html


def test_the_version_comparison_names_the_sections_in_english(agreement_a, agreement_b):
    with translation.override("en"):
        sections = {change.section for change in diff.compare(agreement_a, agreement_b)}
    assert "Section 3" in sections
    assert not any(BANGLA_DIGIT.search(section) for section in sections)


# ------------------------------------------------------------------------------------------------
# Forms


def test_the_target_fields_of_an_indicator_are_labelled_and_filled_in_the_users_language(agreement_a):
    indicator = agreement_a.indicators.get(code="1.1.1")
    levels = agreement_a.fiscal_year.levels
    with translation.override("en"):
        form = IndicatorForm(instance=indicator, levels=levels)
        assert [str(field.label) for field in form.target_fields()][-2:] == ["Fair 70%", "Below fair 60%"]
        assert form.initial["weight"] == "20"
    with translation.override("bn"):
        form = IndicatorForm(instance=indicator, levels=levels)
        assert [str(field.label) for field in form.target_fields()][-2:] == [
            "চলতি মান ৭০%",
            "চলতি মানের নিম্নে ৬০%",
        ]
        assert form.initial["weight"] == "২০"


def test_the_governance_template_columns_are_labelled_in_the_language_of_the_request():
    # Labels fixed on the class when the module was imported still follow the language of each request.
    form = TemplateItemForm()
    with translation.override("en"):
        assert (str(form.fields["t2"].label), str(form.fields["q1"].label)) == ("Column 2", "1st quarter")
    with translation.override("bn"):
        assert (str(form.fields["t2"].label), str(form.fields["q1"].label)) == ("কলাম ২", "১ম ত্রৈমাসিক")


def test_an_import_problem_names_the_workbooks_sheet_and_the_row_in_the_users_language():
    problem = ImportProblem("সেকশন ৩", 12, "")
    with translation.override("en"):
        assert problem.where == "সেকশন ৩, row 12"
    with translation.override("bn"):
        assert problem.where == "সেকশন ৩, সারি ১২"


# ------------------------------------------------------------------------------------------------
# Notifications


def test_a_notification_is_in_the_recipients_language_not_the_actors(setup, rita):
    # Rita chose English with the language switch; whoever acts, in whatever language, she reads English.
    rita.language = "en"
    rita.save()
    with translation.override("bn"):
        notify_quarter(QuarterlyReport(agreement=setup, quarter=3), "quarter_submitted")
    message = Notification.objects.get(recipient=rita).message
    assert message == "The 3rd quarter report of জেলা কার্যালয় ক for the 2023-24 fiscal year has been submitted."


def test_a_recipient_who_never_chose_reads_bangla_even_from_an_english_actor(setup, rita):
    with translation.override("en"):
        notify_quarter(QuarterlyReport(agreement=setup, quarter=3), "quarter_submitted")
        assert translation.get_language() == "en"
    message = Notification.objects.get(recipient=rita).message
    assert message == "জেলা কার্যালয় ক-এর ২০২৩-২৪ অর্থবছরের ৩য় ত্রৈমাসিকের প্রতিবেদন দাখিল হয়েছে।"


def test_the_daily_reminders_are_in_the_recipients_language_whatever_language_is_active(setup, alice):
    with translation.override("en"):
        assert deadline_reminders(date(2024, 4, 8)) > 0
        assert translation.get_language() == "en"
    message = Notification.objects.get(recipient=alice, event="deadline").message
    assert message.startswith("ত্রৈমাসিক প্রতিবেদন দাখিলের শেষ তারিখ ১৫ এপ্রিল ২০২৪ (আর ৭ দিন বাকি)")


# ------------------------------------------------------------------------------------------------
# Documents


@pytest.mark.parametrize(
    ("kind", "quarter"), [("agreement", None), ("quarterly", 1), ("self-assessment", None)]
)
def test_a_document_built_while_english_is_active_is_the_bangla_document(agreement_a, kind, quarter):
    Achievement.objects.create(
        indicator=agreement_a.indicators.get(code="1.1.1"), quarter=1, value_number=Decimal("475")
    )
    refresh_scores(agreement=agreement_a)
    with translation.override("bn"):
        bangla = builders.build(kind, agreement_a, quarter=quarter)
    with translation.override("en"):
        built_in_english = builders.build(kind, agreement_a, quarter=quarter)
        assert translation.get_language() == "en"  # the user's language is back after the build
    assert built_in_english.content_hash() == bangla.content_hash()


def test_the_agreement_built_while_english_is_active_carries_bangla_labels(agreement_a):
    with translation.override("en"):
        document = builders.build_agreement(agreement_a)
    texts = [getattr(block, "text", "") for section in document.sections for block in section.blocks]
    assert "এই চুক্তিতে এখনো কোনো সুশাসন কর্মপরিকল্পনা যুক্ত হয়নি।" in texts
    section3 = next(
        block
        for section in document.sections
        for block in section.blocks
        if getattr(block, "key", "") == "section3"
    )
    cells = [cell.text for row in section3.rows for cell in row.cells]
    assert "সমষ্টি" in cells and "Sum" not in cells  # the calculation method, a choice label
    assert "এপিএ স্বাক্ষরকারী অফিসের কর্মসম্পাদনের ক্ষেত্র" in cells  # the area kind, another choice label


def test_the_excel_twin_rendered_while_english_is_active_is_bangla(agreement_a):
    with translation.override("en"):
        rendered = report_services.render_report(kind="agreement", agreement=agreement_a, fmt="xlsx")
    book = load_workbook(BytesIO(rendered.content))
    values = [value for row in book["সেকশন ৩"].iter_rows(values_only=True) for value in row if value]
    assert "সমষ্টি" in values and "Sum" not in values


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "This agreement has no good governance action plans."),
        ("bn", "এই চুক্তিতে কোনো সুশাসন কর্মপরিকল্পনা নেই।"),
    ],
)
def test_a_report_that_cannot_be_built_says_why_in_the_users_language(
    client, alice, agreement_a, language, message
):
    url = reverse("reports:download", args=[agreement_a.pk, "governance", "xlsx"])
    page = as_user(client, alice, language).get(url)
    assert page.status_code == 200  # a page that explains, not an error (issue 14)
    assert message in page.content.decode()
