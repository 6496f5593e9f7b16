"""Where Annex 4-8 meets the agreement (#13 defect 3): the agreement page and the plans page read one claimed
figure, and a plan whose printed area marks differ from the sum of its items' weights says so."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from agreements.models import Agreement
from indicators.governance import selectors
from indicators.models import AgreementScore, ScoreKind
from reports.builders.governance import build_governance

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def ssd() -> Agreement:
    return Agreement.objects.get(office__code="ssd", fiscal_year__start_year=2021)


def page_claimed_total(html: str) -> str:
    """The claimed total as the agreement page prints it beside «দাবিকৃত»."""
    match = re.search(r">দাবিকৃত ([০-৯.]+)</a>", html)
    assert match, "the agreement page shows no claimed total"
    return match.group(1)


def test_the_agreement_page_and_the_plans_page_agree_on_what_the_plan_adds(client, ada, seeded):
    """Seed 004 prints the plan (claimed 50 of 50) but not the agreement's Section 3, so the plan has no
    governance indicator to be scaled into: the agreement claims ০.০০, and the plans page says the plan counts
    nothing in it (it said 10 of 10, scaled into the year's allocation the total never counted)."""
    agreement = ssd()
    plan = agreement.governance_plans.get()
    assert selectors.plan_marks(agreement, [plan.kind]).get(plan.kind) is None

    login(client, ada)
    plans_url = reverse("governance:plans", args=[agreement.pk]) + "?kind=claimed"
    plans_html = client.get(plans_url).content.decode()
    assert "এর স্কোর চুক্তির মোট স্কোরে গণ্য হয় না" in plans_html
    assert "× ১০ ÷ ৫০" not in plans_html

    stored = AgreementScore.objects.get(agreement=agreement, kind=ScoreKind.CLAIMED)
    assert stored.total == 0
    detail_html = client.get(reverse("agreements:detail", args=[agreement.pk])).content.decode()
    assert page_claimed_total(detail_html) == "০.০০"


def test_it_scales_a_plan_only_into_marks_the_agreement_counts(seeded):
    """The plans page scales a plan into the weight of its governance indicator, the figure the stored
    score counts; with no such indicator it scales into nothing rather than into the year's allocation."""
    agreement = ssd()
    agreement.indicators.filter(governance_kind="egov").delete()
    plan = agreement.governance_plans.get()
    assert selectors.plan_marks(agreement, [plan.kind]).get(plan.kind) is None


def test_it_warns_when_the_printed_area_marks_differ_from_the_items(client, ada, seeded):
    agreement = ssd()
    html = login(client, ada).get(reverse("governance:plans", args=[agreement.pk])).content.decode()
    assert "ক্ষেত্রের মান ৩৫, সূচকগুলোর মানের যোগফল ২৯" in html
    assert "ক্ষেত্রের মান ১৫, সূচকগুলোর মানের যোগফল ২১" in html


def test_it_names_each_area_whose_marks_differ_and_no_other(seeded):
    rajshahi = Agreement.objects.get(office__code="divcom-rajshahi", fiscal_year__start_year=2021)
    plan = rajshahi.governance_plans.get()
    mismatches = selectors.area_mark_mismatches(plan)
    assert [(m.code, m.marks, m.items_total) for m in mismatches] == [
        ("১", Decimal("35"), Decimal("29")),
        ("২", Decimal("15"), Decimal("21")),
    ]
    plan.items.filter(area_code="১").update(area_marks=Decimal("29"))
    assert [m.code for m in selectors.area_mark_mismatches(plan)] == ["২"]
    plan.items.filter(area_code="২").update(area_marks=Decimal("21"))
    assert selectors.area_mark_mismatches(plan) == []


def test_the_governance_document_stays_as_the_office_printed_it(seeded):
    """The warning is the page's: the document reproduces the plan as printed (reference images)."""
    document = build_governance(ssd())
    texts = [str(getattr(block, "text", "")) for section in document.sections for block in section.blocks]
    assert not any("সূচকগুলোর মানের যোগফল" in text for text in texts)
