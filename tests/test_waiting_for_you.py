""" "আপনার জন্য অপেক্ষমাণ": every persona sees on its home page exactly what waits for it at its own offices,
with the deadline and a link to where to act; the navigation counts the same items; the queries are pinned."""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from agreements.models import AgreementStatus, AuditEntry, FiscalYear, SelfAssessment
from indicators.models import Achievement, QuarterlyReport, QuarterlyReportStatus
from indicators.selectors.waiting import WaitingKind, waiting_count, waiting_for

from .conftest import add_quarter_windows, build_agreement
from .factories import AgreementFactory, OfficeFactory

pytestmark = pytest.mark.django_db

TODAY = date(2024, 2, 10)  # inside Q3 of 2023-24


@pytest.fixture
def world(
    fiscal_year,
    office_a,
    office_b,
    supervisor_office,
    other_supervisor_office,
    agreement_a,
    agreement_b,
    alice,
):
    """Office A: Q3 open, Q2 returned, a revision returned, next year's draft approved. Office B: Q3 submitted
    (two achievements to verify), a self-assessment submitted, next year's draft submitted. Office C: signed,
    awaiting counter-signature. Office D (another supervisor's): signed."""
    FiscalYear.objects.filter(pk=fiscal_year.pk).update(
        signing_deadline=date(2023, 6, 25),
        revision_deadline=date(2024, 3, 31),
        evaluation_publish_deadline=date(2024, 8, 30),
    )
    fiscal_year.refresh_from_db()
    add_quarter_windows(fiscal_year)
    next_year = FiscalYear.objects.create(start_year=2024, signing_deadline=date(2024, 6, 25))

    QuarterlyReport.objects.create(
        agreement=agreement_a,
        quarter=2,
        status=QuarterlyReportStatus.RETURNED,
        reopened_until=date(2024, 2, 20),
        reason="প্রমাণক অস্পষ্ট",
    )
    revision = AgreementFactory(
        office=office_a,
        supervisor_office=supervisor_office,
        fiscal_year=fiscal_year,
        version=2,
        is_current=False,
        status=AgreementStatus.RETURNED,
    )
    AuditEntry.objects.create(
        action="agreement_return",
        object_type="agreement",
        object_id=str(revision.pk),
        object_repr=str(revision),
        agreement=revision,
        reason="লক্ষ্যমাত্রা কমানোর যৌক্তিকতা নেই",
    )
    to_sign = AgreementFactory(
        office=office_a,
        supervisor_office=supervisor_office,
        fiscal_year=next_year,
        status=AgreementStatus.APPROVED,
    )

    QuarterlyReport.objects.create(
        agreement=agreement_b, quarter=3, status=QuarterlyReportStatus.SUBMITTED, submitted_at=timezone.now()
    )
    for code in ("1.1.1", "1.1.2"):
        Achievement.objects.create(indicator=agreement_b.indicators.get(code=code), quarter=3, value_number=1)
    SelfAssessment.objects.create(
        agreement=agreement_b, claimed_total=Decimal("80"), submitted_at=timezone.now(), submitted_by=alice
    )
    to_review = AgreementFactory(
        office=office_b,
        supervisor_office=supervisor_office,
        fiscal_year=next_year,
        status=AgreementStatus.SUBMITTED,
    )

    office_c = OfficeFactory(code="office-c", parent=supervisor_office, supervisor=supervisor_office)
    to_countersign = AgreementFactory(
        office=office_c,
        supervisor_office=supervisor_office,
        fiscal_year=fiscal_year,
        status=AgreementStatus.SIGNED,
    )
    office_d = OfficeFactory(
        code="office-d", parent=other_supervisor_office, supervisor=other_supervisor_office
    )
    elsewhere = AgreementFactory(
        office=office_d,
        supervisor_office=other_supervisor_office,
        fiscal_year=fiscal_year,
        status=AgreementStatus.SIGNED,
    )
    return {
        "a": agreement_a,
        "b": agreement_b,
        "revision": revision,
        "to_sign": to_sign,
        "to_review": to_review,
        "to_countersign": to_countersign,
        "elsewhere": elsewhere,
    }


@pytest.fixture(autouse=True)
def today(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)


def summary(user):
    return [(item.kind, item.agreement.pk, item.quarter) for item in waiting_for(user)]


def test_the_focal_point_sees_returned_items_first_then_the_quarter_to_fill(alice, world):
    assert summary(alice) == [
        (WaitingKind.REPORT_RETURNED, world["a"].pk, 2),
        (WaitingKind.AGREEMENT_RETURNED, world["revision"].pk, None),
        (WaitingKind.FILL, world["a"].pk, 3),
    ]
    report, revision, fill = waiting_for(alice)
    assert (report.deadline, report.reason) == (date(2024, 2, 20), "প্রমাণক অস্পষ্ট")
    assert (revision.deadline, revision.reason) == (date(2024, 3, 31), "লক্ষ্যমাত্রা কমানোর যৌক্তিকতা নেই")
    assert fill.deadline == date(2024, 4, 15)
    assert (fill.missing.to_report, fill.missing.lacking_value, fill.missing.lacking_evidence) == (4, 4, 4)


def test_each_persona_sees_exactly_its_own_items(henry, bob, hank, rita, sam, rex, saul, oscar, ada, world):
    assert summary(henry) == [(WaitingKind.SIGN, world["to_sign"].pk, None)]
    assert summary(sam) == [(WaitingKind.COUNTERSIGN, world["to_countersign"].pk, None)]
    assert summary(saul) == [(WaitingKind.COUNTERSIGN, world["elsewhere"].pk, None)]
    assert sorted(summary(rita)) == sorted(
        [
            (WaitingKind.REVIEW_AGREEMENT, world["to_review"].pk, None),
            (WaitingKind.REVIEW_REPORT, world["b"].pk, 3),
            (WaitingKind.VERIFY_SELF_ASSESSMENT, world["b"].pk, None),
            (WaitingKind.VERIFY_ACHIEVEMENTS, world["b"].pk, 3),
        ]
    )
    # Office B's quarter is submitted: nothing for its own people; nobody acts for another office.
    for user in (bob, hank, rex, oscar, ada):
        assert summary(user) == []
    deadlines = {item.kind: item.deadline for item in waiting_for(rita)}
    assert deadlines == {
        WaitingKind.REVIEW_AGREEMENT: date(2024, 6, 25),
        WaitingKind.REVIEW_REPORT: date(2024, 4, 15),
        WaitingKind.VERIFY_SELF_ASSESSMENT: date(2024, 8, 30),
        WaitingKind.VERIFY_ACHIEVEMENTS: date(2024, 8, 30),
    }
    [verify] = [item for item in waiting_for(rita) if item.kind == WaitingKind.VERIFY_ACHIEVEMENTS]
    assert verify.count == 2


@pytest.mark.parametrize("persona", ["alice", "henry", "rita", "sam"])
def test_every_item_is_on_the_home_page_with_its_deadline_and_a_link_that_opens(
    client, persona, world, request
):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    html = client.get(reverse("agreements:home")).content.decode()
    items = waiting_for(user)
    assert items
    assert html.count('data-testid="waiting-item"') == len(items)
    for item in items:
        assert f'href="{item.url}"' in html.replace("&amp;", "&")
        assert client.get(item.url).status_code == 200, item.url
    shown = re.findall(r'data-testid="waiting-deadline">([^<]+)<', html)
    assert len(shown) == len(items)
    assert all(re.fullmatch(r"[০-৯]+ \S+ [০-৯]{4}", text) for text in shown), shown


def test_a_returned_report_and_agreement_are_alerts_with_the_reason(client, alice, world):
    client.force_login(alice)
    html = client.get(reverse("agreements:home")).content.decode()
    alerts = re.findall(
        r'<div class="alert alert-warning" role="alert" data-testid="waiting-item".*?</div>', html, re.S
    )
    assert len(alerts) == 2
    assert "প্রমাণক অস্পষ্ট" in alerts[0] and "২০ ফেব্রুয়ারি ২০২৪" in alerts[0]
    assert "লক্ষ্যমাত্রা কমানোর যৌক্তিকতা নেই" in alerts[1]


def test_the_office_head_is_told_of_the_signature_not_that_no_quarter_is_open(client, henry, world):
    client.force_login(henry)
    html = client.get(reverse("agreements:home")).content.decode()
    assert "চুক্তি আপনার স্বাক্ষরের অপেক্ষায়" in html
    assert "এখন কোনো ত্রৈমাসিক অর্জন লেখার জন্য খোলা নেই" not in html
    assert "চুক্তিটি কার্যকর হলে (স্বাক্ষর ও প্রতিস্বাক্ষরের পর) অর্জন লেখা যাবে।" in html


def test_a_submitted_reports_date_is_named_as_the_offices_deadline(client, rita, world):
    client.force_login(rita)
    html = client.get(reverse("agreements:home")).content.decode()
    item = re.search(r'data-kind="review_report">.*?</li>', html, re.S).group(0)
    assert 'প্রতিবেদন দাখিলের শেষ তারিখ: <strong data-testid="waiting-deadline">১৫ এপ্রিল ২০২৪' in item


def test_the_supervisor_heads_workspace_shows_what_awaits_counter_signature(client, sam, world):
    client.force_login(sam)
    html = client.get(reverse("agreements:workspace")).content.decode()
    assert "চুক্তি আপনার প্রতিস্বাক্ষরের অপেক্ষায়" in html
    assert f'href="{reverse("agreements:detail", args=[world["to_countersign"].pk])}#actions"' in html


def nav_count(html: str) -> int | None:
    found = re.search(r'data-testid="nav-waiting">([০-৯]+)<', html)
    return int(found.group(1).translate(str.maketrans("০১২৩৪৫৬৭৮৯", "0123456789"))) if found else None


@pytest.mark.parametrize("persona", ["alice", "henry", "bob", "rita", "sam"])
def test_the_navigation_counts_the_items_of_the_list(client, persona, world, request):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    expected = len(waiting_for(user)) or None
    assert nav_count(client.get(reverse("agreements:home")).content.decode()) == expected
    # Another page computes the count alone: the same number.
    assert nav_count(client.get(reverse("agreements:notifications")).content.decode()) == expected
    assert waiting_count(user) == len(waiting_for(user))


def test_the_list_costs_the_same_queries_whatever_the_number_of_offices_supervised(
    rita, world, fiscal_year, supervisor_office, django_assert_num_queries
):
    rita = type(rita).objects.get(pk=rita.pk)
    # memberships; agreements to review or counter-sign and self-assessments; reports with what to verify
    with django_assert_num_queries(3):
        assert len(waiting_for(rita)) == 4
    for n in range(3):
        office = OfficeFactory(code=f"more-{n}", parent=supervisor_office, supervisor=supervisor_office)
        more = build_agreement(office, supervisor_office, fiscal_year)
        QuarterlyReport.objects.create(agreement=more, quarter=3, status=QuarterlyReportStatus.SUBMITTED)
        Achievement.objects.create(indicator=more.indicators.first(), quarter=3, value_number=1)
    rita = type(rita).objects.get(pk=rita.pk)
    with django_assert_num_queries(3):
        assert len(waiting_for(rita)) == 4 + 3 * 2


def test_the_focal_points_list_and_count_queries_are_pinned(alice, world, django_assert_num_queries):
    alice = type(alice).objects.get(pk=alice.pk)
    # memberships, agreements, their windows, their reports, the return reasons, 4 missing counts × 2 quarters
    with django_assert_num_queries(13):
        waiting_for(alice)
    alice = type(alice).objects.get(pk=alice.pk)
    # The navigation's count: memberships, agreements, windows, reports.
    with django_assert_num_queries(4):
        assert waiting_count(alice) == 3


def test_an_overdue_item_says_so(client, alice, world, monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: date(2024, 4, 1))
    client.force_login(alice)
    html = client.get(reverse("agreements:home")).content.decode()
    # The revision was due on 31 March.
    assert "সময় পেরিয়ে গেছে" in html


def test_achievements_of_an_accepted_report_wait_until_verified(rita, world):
    agreement = world["b"]
    QuarterlyReport.objects.create(agreement=agreement, quarter=2, status=QuarterlyReportStatus.ACCEPTED)
    achievement = Achievement.objects.create(
        indicator=agreement.indicators.get(code="2.1.1"), quarter=2, value_number=1
    )
    # A quarter still open at the office is not handed over: its typed values do not wait for anyone yet.
    Achievement.objects.create(indicator=agreement.indicators.get(code="2.1.1"), quarter=4, value_number=1)
    verify = [(i.quarter, i.count) for i in waiting_for(rita) if i.kind == WaitingKind.VERIFY_ACHIEVEMENTS]
    assert sorted(verify) == [(2, 1), (3, 2)]
    Achievement.objects.filter(pk=achievement.pk).update(verification_status="accepted")
    verify = [(i.quarter, i.count) for i in waiting_for(rita) if i.kind == WaitingKind.VERIFY_ACHIEVEMENTS]
    assert verify == [(3, 2)]


def test_another_supervisor_offices_reports_wait_for_its_own_reviewer_only(
    rita, rex, world, fiscal_year, other_supervisor_office, alice
):
    office = OfficeFactory(
        code="office-e", parent=other_supervisor_office, supervisor=other_supervisor_office
    )
    theirs = build_agreement(office, other_supervisor_office, fiscal_year)
    QuarterlyReport.objects.create(agreement=theirs, quarter=3, status=QuarterlyReportStatus.SUBMITTED)
    SelfAssessment.objects.create(
        agreement=theirs, claimed_total=Decimal("70"), submitted_at=timezone.now(), submitted_by=alice
    )
    assert sorted(summary(rex)) == sorted(
        [(WaitingKind.REVIEW_REPORT, theirs.pk, 3), (WaitingKind.VERIFY_SELF_ASSESSMENT, theirs.pk, None)]
    )
    assert theirs.pk not in {pk for _, pk, _ in summary(rita)}


def test_the_workspace_still_tells_the_head_how_many_drafts_await_review(client, sam, world):
    client.force_login(sam)
    html = client.get(reverse("agreements:workspace")).content.decode()
    assert "১টি চুক্তি পর্যালোচনার অপেক্ষায়" in html
