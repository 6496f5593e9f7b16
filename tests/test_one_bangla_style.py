"""One Bangla style on every page (issue 14): one name per quarter and per page, Bangla digits where the
browser would write ASCII ones, "১৫টি" written one way, Bangla names of the file formats, the minus sign of
the formulas, and the English names of offices in English."""

import re
from decimal import Decimal

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from agreements.models import AgreementStatus, FiscalYear
from agreements.services import add_governance_area
from indicators.governance import services as governance_services
from indicators.models import GovernancePlanTemplate
from indicators.scores.explanations import score_text, show

from .factories import AgreementFactory

pytestmark = pytest.mark.django_db
ASCII_DIGIT = re.compile("[0-9]")


def as_user(client, user, language: str = "bn"):
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def test_the_export_forms_quarters_are_named_in_bangla(client, ada):
    html = as_user(client, ada).get(reverse("reports:bulk_export")).content.decode()
    options = re.findall(r'<option value="([1-4])"[^>]*>([^<]*)</option>', html)
    assert options == [("1", "১ম ত্রৈমাসিক"), ("2", "২য় ত্রৈমাসিক"), ("3", "৩য় ত্রৈমাসিক"), ("4", "৪র্থ ত্রৈমাসিক")]
    assert "পিডিএফ" in html and "এক্সেল" in html and "জিপ" in html
    assert ">PDF<" not in html and "ZIP" not in html


def test_the_verification_page_names_quarters_and_the_workspace_as_everywhere_else(client, rita, agreement_a):
    html = as_user(client, rita).get(reverse("agreements:verify", args=[agreement_a.pk])).content.decode()
    assert "১ম ত্রৈমাসিক" in html and "৪র্থ ত্রৈমাসিক" in html
    assert "ত্রৈমাসিক ১" not in html
    # The breadcrumb calls the workspace what the navigation calls it.
    assert "কর্মক্ষেত্র" not in html and html.count("তত্ত্বাবধান<") >= 2


def test_the_quarterly_reports_filter_names_its_quarters(client, rita, supervisor_office, agreement_a):
    page = as_user(client, rita).get(
        reverse("agreements:workspace_reports"), {"office": supervisor_office.code}
    )
    options = re.findall(r'<option value="([1-4])"[^>]*>([^<]*)</option>', page.content.decode())
    assert [name for _, name in options] == ["১ম ত্রৈমাসিক", "২য় ত্রৈমাসিক", "৩য় ত্রৈমাসিক", "৪র্থ ত্রৈমাসিক"]


def test_download_links_beside_bangla_headings_are_in_bangla(client, alice, agreement_a):
    html = as_user(client, alice).get(reverse("agreements:detail", args=[agreement_a.pk])).content.decode()
    links = re.findall(r'href="/reports/agreements/\d+/[\w-]+\.(?:pdf|xlsx)[^"]*">([^<]*)</a>', html)
    assert links and set(links) == {"পিডিএফ", "এক্সেল"}


def test_the_template_editors_positions_are_in_bangla_digits_and_read_back(client, ada, seeded):
    template = GovernancePlanTemplate.objects.filter(fiscal_year__start_year=2024).order_by("pk").first()
    html = as_user(client, ada).get(reverse("governance:template", args=[template.pk])).content.decode()
    positions = re.findall(r'name="items-\d+-ORDER"[^>]*value="([^"]*)"', html)
    assert positions[:3] == ["১", "২", "৩"]
    assert not any(ASCII_DIGIT.search(position) for position in positions)


def test_counts_are_written_with_টি_joined_to_the_number(
    client, rita, supervisor_office, office_a, fiscal_year
):
    AgreementFactory(
        office=office_a, supervisor_office=supervisor_office, fiscal_year=fiscal_year, status="submitted"
    )
    html = as_user(client, rita).get(reverse("agreements:workspace")).content.decode()
    assert "১টি চুক্তি পর্যালোচনার অপেক্ষায়" in html and "১ টি" not in html


def test_score_explanations_write_negative_numbers_with_the_minus_sign():
    with translation.override("bn"):
        assert show(Decimal("-12.5")) == "−১২.৫"
        assert score_text(Decimal("-0.5")) == "−০.৫০"
        assert show(Decimal("12.5")) == "১২.৫"


def test_english_pages_show_the_english_name_of_an_office_that_has_one(client, alice, office_a, agreement_a):
    office_a.name_en = "District Office A"
    office_a.save()
    english = as_user(client, alice, "en").get(reverse("agreements:home")).content.decode()
    assert "District Office A" in english and office_a.name_bn not in english
    bangla = as_user(client, alice, "bn").get(reverse("agreements:home")).content.decode()
    assert office_a.name_bn in bangla and "District Office A" not in bangla


def test_english_pages_keep_the_bangla_name_of_an_office_without_an_english_one(client, alice, agreement_a):
    english = as_user(client, alice, "en").get(reverse("agreements:home")).content.decode()
    assert agreement_a.office.name_bn in english


@pytest.fixture
def governance_draft(seeded, office_a, supervisor_office):
    """A 2024-25 draft with the year's governance area and plans, nothing entered in them."""
    agreement = AgreementFactory(
        office=office_a,
        supervisor_office=supervisor_office,
        fiscal_year=FiscalYear.objects.get(start_year=2024),
        status=AgreementStatus.ACTIVE,
    )
    add_governance_area(agreement)
    governance_services.plans_instantiate(agreement=agreement, actor=None)
    return agreement


def test_a_governance_area_at_zero_says_why(client, alice, governance_draft):
    html = (
        as_user(client, alice)
        .get(reverse("agreements:score", args=[governance_draft.pk, "progress"]))
        .content.decode()
    )
    assert "০.০০ / ৩০" in html
    assert "সুশাসন ও সংস্কারমূলক ক্ষেত্রের নম্বর আসে সংযোজনী ৪-৮ এর কর্মপরিকল্পনার অর্জন থেকে" in html
    assert html.count('data-testid="governance-zero"') == 1  # the governance area's, no other area's
