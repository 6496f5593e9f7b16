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


def test_it_shows_the_claimed_total_of_the_plans_page_on_the_agreement_page(client, ada, seeded):
    agreement = ssd()
    plan = agreement.governance_plans.get()
    marks = selectors.plan_marks(agreement, [plan.kind]).get(plan.kind)
    summary = selectors.plan_summary(plan, ScoreKind.CLAIMED, marks)
    # Seed 004: every item claimed in full, 50 of 50, which the agreement's e-Gov indicator carries as 10.
    assert summary.scaled == Decimal("10")

    login(client, ada)
    plans_url = reverse("governance:plans", args=[agreement.pk]) + "?kind=claimed"
    plans_html = client.get(plans_url).content.decode()
    assert "চুক্তিতে এই কর্মপরিকল্পনার মান ১০: ৫০.০০ × ১০ ÷ ৫০ = ১০.০০" in plans_html

    stored = AgreementScore.objects.get(agreement=agreement, kind=ScoreKind.CLAIMED)
    assert stored.total == summary.scaled
    detail_html = client.get(reverse("agreements:detail", args=[agreement.pk])).content.decode()
    assert page_claimed_total(detail_html) == "১০.০০"


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


def test_the_governance_document_carries_the_warning(seeded):
    document = build_governance(ssd())
    texts = [getattr(block, "text", "") for section in document.sections for block in section.blocks]
    assert any("ক্ষেত্রের মান ৩৫, সূচকগুলোর মানের যোগফল ২৯" in str(text) for text in texts)
