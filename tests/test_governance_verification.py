"""The supervisor's verification of plan items in the browser: who may, what a decision does to the verified
score (and the governance indicator in Section 3), and the self-assessment document's verified column."""

from decimal import Decimal

import pytest
from django.urls import reverse

from agreements.models import Role
from apa_portal import display
from indicators.models import GovernancePlan
from reports import builders
from reports.document import Table

from .conftest import PASSWORD, persona


@pytest.fixture
def ssd_plan(seeded):
    return GovernancePlan.objects.get(agreement__office__code="ssd", kind="egov")


@pytest.fixture
def reviewer(ssd_plan):
    return persona("reviewer", ssd_plan.agreement.supervisor_office, Role.SUPERVISOR_REVIEWER)


@pytest.fixture
def focal(ssd_plan):
    return persona("ssd-focal", ssd_plan.agreement.office, Role.FOCAL_POINT)


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def decide(client, plan, code, **fields):
    item = plan.items.get(indicator_code=code)
    data = {f"v-{item.pk}-{name}": value for name, value in fields.items()}
    return client.post(
        reverse("governance:item_verify", args=[plan.agreement_id, item.pk]), data, follow=True
    )


def test_only_the_supervisor_opens_the_verification_page(client, ssd_plan, reviewer, focal, bob):
    url = reverse("governance:verify", args=[ssd_plan.agreement_id, ssd_plan.pk])
    assert login(client, reviewer).get(url).status_code == 200
    assert login(client, focal).get(url).status_code == 403
    assert login(client, bob).get(url).status_code == 404
    item = ssd_plan.items.first()
    post = reverse("governance:item_verify", args=[ssd_plan.agreement_id, item.pk])
    assert login(client, focal).post(post, {f"v-{item.pk}-decision": "accept"}).status_code == 403
    item.refresh_from_db()
    assert item.verification_status == "pending"


def test_accepting_every_item_verifies_seed_004_at_50_and_the_page_shows_it(client, ssd_plan, reviewer):
    login(client, reviewer)
    for item in ssd_plan.items.all():
        decide(client, ssd_plan, item.indicator_code, decision="accept")
    page = client.get(reverse("governance:verify", args=[ssd_plan.agreement_id, ssd_plan.pk]))
    # Seed 004 prints no Section 3: the plan is verified at 50 and carried into no indicator (scaled None).
    assert page.context["verified"].score == 50 and page.context["verified"].scaled is None
    html = page.content.decode()
    assert 'data-testid="verified-score">৫০.০০ / ৫০' in html
    plans = client.get(reverse("governance:plans", args=[ssd_plan.agreement_id]) + "?kind=verified")
    assert "কর্মপরিকল্পনার স্কোর ৫০.০০, মোট ৫০-এর মধ্যে।" in plans.content.decode()


def test_a_correction_without_a_reason_is_refused_in_bangla_and_changes_nothing(client, ssd_plan, reviewer):
    login(client, reviewer)
    response = decide(client, ssd_plan, "২.২.২", decision="correct", value="০")
    assert "[২.২.২] সংশোধনের কারণ লিখুন।" in response.content.decode()
    assert ssd_plan.items.get(indicator_code="২.২.২").verification_status == "pending"
    response = decide(client, ssd_plan, "২.২.২", decision="correct", value="০", score="১")
    assert "সংশোধনে একটি অর্জন অথবা একটি স্কোর দিন।" in response.content.decode()
    response = decide(client, ssd_plan, "২.২.২", decision="correct", value="০", reason="অর্থ অব্যয়িত")
    item = ssd_plan.items.get(indicator_code="২.২.২")
    assert (item.verification_status, item.verified_number, item.verified_by) == ("corrected", 0, reviewer)
    assert "[২.২.২] যাচাই সংরক্ষিত হয়েছে।" in response.content.decode()


def test_the_self_assessment_document_shows_the_verified_plan_score_beside_the_claimed(
    client, ssd_plan, reviewer
):
    agreement = ssd_plan.agreement

    def plan_table():
        document = builders.build_self_assessment(agreement)
        return next(
            b for s in document.sections for b in s.blocks if isinstance(b, Table) and "egov" in b.key
        )

    assert "যাচাইকৃত স্কোর" not in [cell.text for row in plan_table().header for cell in row]
    login(client, reviewer)
    for item in ssd_plan.items.exclude(indicator_code="২.২.২"):
        decide(client, ssd_plan, item.indicator_code, decision="accept")
    decide(client, ssd_plan, "২.২.২", decision="correct", score="১.৫", reason="আংশিক ব্যয়")
    table = plan_table()
    assert [cell.text for cell in table.header[0]][-2:] == ["দাবিকৃত স্কোর", "যাচাইকৃত স্কোর"]
    total = table.rows[-1].cells
    assert (total[-2].value, total[-1].value) == (Decimal("50"), Decimal("48.5"))
    assert builders.plan_assessment(ssd_plan, "interpolate")["verified_total"] == Decimal("48.5")


def test_the_verified_section_3_score_includes_the_verified_plan(
    seeded, office_a, supervisor_office, alice, rita
):
    from datetime import date
    from unittest import mock

    from agreements.models import AgreementStatus, FiscalYear
    from indicators.governance import services
    from indicators.models import AgreementScore, IndicatorScore, ScoreKind

    from .factories import agreement_with_plans, governance_indicator

    year = FiscalYear.objects.get(start_year=2024)
    agreement = agreement_with_plans(office_a, supervisor_office, year, AgreementStatus.ACTIVE)
    indicator = governance_indicator(agreement, "integrity")
    purchase = agreement.governance_plans.get(kind="integrity").items.get(activity_code="২.১")
    with mock.patch("django.utils.timezone.localdate", return_value=date(2024, 9, 20)):
        services.plan_item_achievement_record(
            item=purchase, quarter=1, value="2024-07-30", remarks="", actor=alice
        )
    verified = IndicatorScore.objects.get(indicator=indicator, kind=ScoreKind.VERIFIED)
    assert verified.weighted == 0  # reported, not yet verified
    services.plan_item_verify(item=purchase, actor=rita, accept=True)
    verified.refresh_from_db()
    assert verified.weighted == 2  # the purchase plan on time: 2 of the plan's 10, 2 of the indicator's 10
    assert AgreementScore.objects.get(agreement=agreement, kind=ScoreKind.VERIFIED).total == 2


def test_the_verification_page_names_the_column_of_each_target_and_marks_the_blanks(
    client, ssd_plan, reviewer
):
    item = ssd_plan.items.filter(scoring="levels", target_type="number").order_by("position").first()
    columns = len(ssd_plan.levels)
    item.targets = [None] * (columns - 1) + ["1"]
    item.save(update_fields=["targets"])
    url = reverse("governance:verify", args=[ssd_plan.agreement_id, ssd_plan.pk])
    html = login(client, reviewer).get(url)
    row = html.content.decode().split(f'id="item-{item.pk}"')[1].split("</tr>")[0]
    percents = [level["percent"] for level in ssd_plan.levels]
    expected = " · ".join(
        f"{display.percent(p)}: {'১' if n == columns - 1 else '—'}" for n, p in enumerate(percents)
    )
    assert expected in row
