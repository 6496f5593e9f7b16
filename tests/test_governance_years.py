"""Fiscal years in the browser: a new year filled in from the previous one, its templates carried over, a
refusal in Bangla that creates nothing; and the year's page telling which template each office level gets."""

from datetime import date

import pytest
from django.urls import reverse

from agreements.models import AuditEntry, FiscalYear, GovernanceAllocation, QuarterWindow
from indicators.models import GovernancePlanTemplate

from .conftest import PASSWORD
from .page_forms import form_data


@pytest.fixture
def year(seeded):
    return FiscalYear.objects.get(start_year=2024)


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def test_the_new_year_page_is_for_administrators_only(client, alice, rita, year):
    url = reverse("governance:year_new")
    for user in (alice, rita):
        assert login(client, user).get(url).status_code == 403
        assert login(client, user).post(url, {"label": "২০২৫-২৬"}).status_code == 403
    assert not FiscalYear.objects.filter(start_year=2025).exists()


def test_the_years_page_offers_a_new_year_instead_of_the_django_admin(client, ada, year):
    html = login(client, ada).get(reverse("governance:years")).content.decode()
    assert reverse("governance:year_new") in html and "অ্যাডমিন" not in html


def test_the_new_year_form_is_filled_in_from_the_previous_year_one_year_on(client, ada, year):
    html = login(client, ada).get(reverse("governance:year_new")).content.decode()
    data = form_data(html, "label")
    assert data["label"] == "২০২৫-২৬"
    assert (data["q1_opens_on"], data["q1_closes_on"], data["q1_report_deadline"]) == (
        "2025-07-01",
        "2025-09-30",
        "2025-10-15",
    )
    assert data["revision_deadline"] == "2025-09-30" and data["self_assessment_deadline"] == "2026-07-15"
    assert (data["marks_integrity"], data["marks_grs"], data["governance_area_marks"]) == ("১০", "৪", "৩০")
    assert data["level_count"] == "5" and data["copy_templates"] == "on"


def test_an_administrator_creates_the_next_year_with_its_templates(client, ada, year):
    login(client, ada)
    data = form_data(client.get(reverse("governance:year_new")).content.decode(), "label")
    data["marks_egov"], data["marks_integrity"] = "১১", "৯"
    response = client.post(reverse("governance:year_new"), data, follow=True)
    new = FiscalYear.objects.get(start_year=2025)
    assert response.redirect_chain[-1][0] == reverse("governance:year", args=[2025])
    assert "অর্থবছর ২০২৫-২৬ তৈরি হয়েছে" in response.content.decode()
    assert new.revision_deadline == date(2025, 9, 30) and new.quarters.count() == 4
    assert GovernanceAllocation.objects.get(fiscal_year=new, kind="egov").marks == 11
    assert GovernancePlanTemplate.objects.filter(fiscal_year=new).count() == 8
    assert AuditEntry.objects.filter(action="fiscal_year_create", actor=ada).exists()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"label": "২০২৪-২৫"}, "এই অর্থবছর আগেই আছে।"),
        ({"label": "আগামী বছর"}, "অর্থবছর লিখুন, যেমন ২০২৫-২৬।"),
        ({"marks_rti": "৪"}, "পাঁচটি কর্মপরিকল্পনার মানের যোগফল ৩১; সুশাসন ক্ষেত্রের মোট মান ৩০ হতে হবে।"),
        ({"q2_opens_on": "2025-09-01"}, "২য় ত্রৈমাসিক: আগের ত্রৈমাসিক শেষ হওয়ার পর শুরু হতে হবে।"),
        ({"q3_report_deadline": ""}, "তারিখ দিন।"),
        ({"office_area_marks": "৬০"}, "অফিসের ক্ষেত্র ও সুশাসন ক্ষেত্রের মান মিলে ১০০ হতে হবে।"),
    ],
)
def test_a_refused_new_year_says_why_in_bangla_and_creates_nothing(client, ada, year, changes, message):
    login(client, ada)
    data = form_data(client.get(reverse("governance:year_new")).content.decode(), "label")
    page = client.post(reverse("governance:year_new"), {**data, **changes})
    assert page.status_code == 400
    assert message in page.content.decode()
    assert FiscalYear.objects.count() == 4
    assert not QuarterWindow.objects.filter(fiscal_year__start_year=2025).exists()
    assert not GovernancePlanTemplate.objects.filter(fiscal_year__start_year=2025).exists()


def test_the_years_page_shows_which_template_each_office_level_receives(client, ada, year):
    html = login(client, ada).get(reverse("governance:year", args=[2024])).content.decode()
    table = html[html.index('id="received"') :]
    upazila = table[table.index("উপজেলা কার্যালয়") : table.index("</tr>", table.index("উপজেলা কার্যালয়"))]
    assert upazila.count(">উপজেলা পর্যায়<") == 3  # grs, citizen charter and rti have upazila plans
    assert upazila.count(">জেলা পর্যায়<") == 1  # e-Gov: the district plan
    assert "উপজেলা ছাড়া সকল অফিস" not in html
    assert "জেলা পর্যায় (নিজ স্তরের ছক না থাকলে অন্য স্তরের অফিসও)" in html  # the district variant's label
