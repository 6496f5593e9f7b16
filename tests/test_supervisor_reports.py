"""The supervisor's quarterly reports: every agreement × quarter whose window has opened, with where it stands
and its deadline; the review of a submitted report (accept, or return with a reason until a date, which opens
the quarter for the office again); only the supervisor office's own offices."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from agreements.models import AgreementStatus, AuditEntry, Notification
from indicators import services as entry_services
from indicators.models import Achievement, Indicator, QuarterlyReport, QuarterlyReportStatus
from indicators.selectors import quarter_state

from .conftest import build_agreement
from .factories import AgreementFactory, OfficeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(agreement_a, windows, alice, today_in_q3):
    return entry_services.quarterly_report_submit(agreement=agreement_a, quarter=3, actor=alice)


# ------------------------------------------------------------------------------------------------
# Accept and return: the services


def test_the_reviewer_accepts_a_submitted_report_and_the_quarter_stays_locked(
    submitted, agreement_a, rita, alice
):
    report = entry_services.quarterly_report_accept(report=submitted, actor=rita)
    assert report.status == QuarterlyReportStatus.ACCEPTED
    assert not quarter_state(agreement_a, 3).is_open
    entry = AuditEntry.objects.get(action="quarterly_report.accept")
    assert (entry.actor, entry.before, entry.after["status"]) == (rita, {"status": "submitted"}, "accepted")
    assert set(
        Notification.objects.filter(event="quarter_accepted").values_list("recipient__username", flat=True)
    ) == {"alice"}
    with pytest.raises(ValidationError) as error:
        entry_services.quarterly_report_accept(report=report, actor=rita)
    assert "কেবল দাখিলকৃত প্রতিবেদন" in str(error.value)


def test_a_returned_report_opens_the_quarter_until_the_date_then_locks_again(
    monkeypatch, submitted, agreement_a, rita, alice, today_in_q3
):
    from django.utils import timezone

    until = today_in_q3 + timedelta(days=5)
    report = entry_services.quarterly_report_return(
        report=submitted, reason="প্রমাণক নেই", until=until, actor=rita
    )
    assert (report.status, report.reopened_until, report.reason) == (
        QuarterlyReportStatus.RETURNED,
        until,
        "প্রমাণক নেই",
    )
    state = quarter_state(agreement_a, 3)
    assert state.is_open and state.deadline == until and "ফেরত দিয়েছে" in state.message
    entry = AuditEntry.objects.get(action="quarterly_report.return")
    assert entry.reason == "প্রমাণক নেই" and entry.after["reopened_until"] == until.isoformat()
    # The office corrects a value and submits again; the reviewer sees it as submitted.
    indicator = Indicator.objects.filter(agreement=agreement_a).order_by("code").first()
    entry_services.achievement_record(
        indicator=indicator, quarter=3, value=Decimal("120"), remarks="", expected_revision=0, actor=alice
    )
    again = entry_services.quarterly_report_submit(agreement=agreement_a, quarter=3, actor=alice)
    assert again.status == QuarterlyReportStatus.SUBMITTED
    # Returned again and left uncorrected past its date: locked.
    entry_services.quarterly_report_return(report=again, reason="আবার দেখুন", until=until, actor=rita)
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: until + timedelta(days=1))
    state = quarter_state(agreement_a, 3)
    assert not state.is_open and "মেয়াদ শেষ" in state.message


@pytest.mark.parametrize(
    ("reason", "until", "field"),
    [("  ", date(2024, 2, 20), "reason"), ("কারণ", date(2024, 2, 9), "until"), ("কারণ", None, "until")],
)
def test_a_return_needs_a_reason_and_a_date_from_today(submitted, rita, reason, until, field):
    with pytest.raises(ValidationError) as error:
        entry_services.quarterly_report_return(report=submitted, reason=reason, until=until, actor=rita)
    assert field in error.value.message_dict
    submitted.refresh_from_db()
    assert submitted.status == QuarterlyReportStatus.SUBMITTED
    assert not AuditEntry.objects.filter(action="quarterly_report.return").exists()


@pytest.mark.parametrize("persona", ["alice", "henry", "bob", "sam", "oscar", "rex", "saul", "hank"])
def test_only_the_supervisors_reviewer_accepts_or_returns(request, submitted, persona):
    actor = request.getfixturevalue(persona)
    with pytest.raises(PermissionDenied):
        entry_services.quarterly_report_accept(report=submitted, actor=actor)
    with pytest.raises(PermissionDenied):
        entry_services.quarterly_report_return(
            report=submitted, reason="কারণ", until=date(2024, 3, 1), actor=actor
        )
    submitted.refresh_from_db()
    assert submitted.status == QuarterlyReportStatus.SUBMITTED


# ------------------------------------------------------------------------------------------------
# The review page


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("rita", 200), ("sam", 403), ("alice", 403), ("oscar", 403), ("bob", 404), ("rex", 404), ("saul", 404)],
)
def test_the_review_page_answers_allowed_403_and_404(
    request, client, submitted, agreement_a, persona, expected
):
    client.force_login(request.getfixturevalue(persona))
    url = reverse("agreements:report_review", args=[agreement_a.pk, 3])
    assert client.get(url).status_code == expected
    if expected != 200:
        assert client.post(url, {"action": "accept"}).status_code == expected
        submitted.refresh_from_db()
        assert submitted.status == QuarterlyReportStatus.SUBMITTED


def test_the_review_page_accepts(client, submitted, agreement_a, rita):
    client.force_login(rita)
    url = reverse("agreements:report_review", args=[agreement_a.pk, 3])
    page = client.get(url).content.decode()
    assert "প্রতিবেদন গ্রহণ করুন" in page and 'id="gaps"' in page  # the fixture's indicators have no values
    response = client.post(url, {"action": "accept"})
    assert response.status_code == 302 and response.url.startswith(reverse("agreements:workspace_reports"))
    submitted.refresh_from_db()
    assert submitted.status == QuarterlyReportStatus.ACCEPTED
    assert "প্রতিবেদন গ্রহণ করুন" not in client.get(url).content.decode()


def test_the_review_page_returns_with_a_bangla_date_and_keeps_the_text_on_error(
    client, submitted, agreement_a, rita
):
    client.force_login(rita)
    url = reverse("agreements:report_review", args=[agreement_a.pk, 3])
    response = client.post(url, {"action": "return", "reason": "প্রমাণক নেই", "until": "০৯/০২/২০২৪"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "আজ" in page and "প্রমাণক নেই</textarea>" in page
    submitted.refresh_from_db()
    assert submitted.status == QuarterlyReportStatus.SUBMITTED
    response = client.post(url, {"action": "return", "reason": "", "until": "২০/০২/২০২৪"})
    assert response.status_code == 400 and "ফেরত পাঠানোর কারণ লিখুন" in response.content.decode()
    response = client.post(url, {"action": "return", "reason": "প্রমাণক নেই", "until": "২০/০২/২০২৪"})
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert (submitted.status, submitted.reopened_until) == (QuarterlyReportStatus.RETURNED, date(2024, 2, 20))


def test_a_quarter_never_submitted_cannot_be_accepted(client, agreement_a, windows, rita, today_in_q3):
    client.force_login(rita)
    url = reverse("agreements:report_review", args=[agreement_a.pk, 2])
    response = client.post(url, {"action": "accept"}, follow=True)
    assert "এখনো দাখিল হয়নি" in response.content.decode()
    assert not QuarterlyReport.objects.exists()


# ------------------------------------------------------------------------------------------------
# The list


def states(response) -> dict[tuple[str, int], str]:
    return {
        (row.agreement.office.code, row.quarter): row.state for row in response.context["page"].object_list
    }


def test_the_list_shows_every_opened_quarter_of_its_active_agreements_with_where_it_stands(
    client, agreement_a, agreement_b, windows, alice, bob, rita, today_in_q3, fiscal_year
):
    # Office A: Q1 submitted then accepted, Q2 submitted and returned until 20 Feb, Q3 under way.
    for quarter in (1, 2):
        QuarterlyReport.objects.create(
            agreement=agreement_a, quarter=quarter, status=QuarterlyReportStatus.SUBMITTED
        )
    entry_services.quarterly_report_accept(
        report=QuarterlyReport.objects.get(agreement=agreement_a, quarter=1), actor=rita
    )
    entry_services.quarterly_report_return(
        report=QuarterlyReport.objects.get(agreement=agreement_a, quarter=2),
        reason="কারণ",
        until=date(2024, 2, 20),
        actor=rita,
    )
    Achievement.objects.create(
        indicator=Indicator.objects.filter(agreement=agreement_a).first(),
        quarter=3,
        value_number=Decimal("5"),
    )
    # Office B: Q3 submitted; Q1 and Q2 never submitted.
    entry_services.quarterly_report_submit(agreement=agreement_b, quarter=3, actor=bob)
    # A draft agreement has no quarterly reports to show.
    draft_office = OfficeFactory(code="draft-office", supervisor=agreement_a.supervisor_office)
    AgreementFactory(
        office=draft_office, supervisor_office=agreement_a.supervisor_office, fiscal_year=fiscal_year
    )

    client.force_login(rita)
    response = client.get(reverse("agreements:workspace_reports"))
    assert states(response) == {
        ("office-a", 1): "accepted",
        ("office-a", 2): "returned",
        ("office-a", 3): "in_progress",
        ("office-b", 1): "overdue",
        ("office-b", 2): "overdue",
        ("office-b", 3): "submitted",
    }
    page = response.content.decode()
    assert "সময় পেরিয়ে গেছে, দাখিল হয়নি" in page and "১৫ অক্টোবর ২০২৩" in page
    # The returned quarter's deadline is the date it is open until.
    row = next(
        r for r in response.context["page"].object_list if r.agreement == agreement_a and r.quarter == 2
    )
    assert row.deadline == date(2024, 2, 20)
    assert reverse("agreements:report_review", args=[agreement_b.pk, 3]) in page
    response = client.get(reverse("agreements:workspace_reports"), {"state": "overdue"})
    assert set(states(response)) == {("office-b", 1), ("office-b", 2)}
    response = client.get(reverse("agreements:workspace_reports"), {"quarter": "3", "q": "খ"})
    assert states(response) == {("office-b", 3): "submitted"}
    response = client.get(reverse("agreements:workspace_reports"), {"year": "2022"})
    assert states(response) == {}


def test_a_quarter_not_started_and_not_yet_due(client, agreement_a, windows, rita, today_in_q3):
    client.force_login(rita)
    response = client.get(reverse("agreements:workspace_reports"), {"quarter": "3"})
    assert states(response) == {("office-a", 3): "not_started"}


def test_the_list_shows_only_the_supervisors_own_offices_and_paginates_in_bounded_queries(
    client,
    supervisor_office,
    other_supervisor_office,
    fiscal_year,
    windows,
    rita,
    today_in_q3,
    django_assert_max_num_queries,
):
    stranger = OfficeFactory(code="stranger", name_bn="অচেনা অফিস", supervisor=other_supervisor_office)
    build_agreement(stranger, other_supervisor_office, fiscal_year)
    for n in range(12):
        office = OfficeFactory(code=f"district-{n}", supervisor=supervisor_office, parent=supervisor_office)
        AgreementFactory(
            office=office,
            supervisor_office=supervisor_office,
            fiscal_year=fiscal_year,
            status=AgreementStatus.ACTIVE,
        )
    client.force_login(rita)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("agreements:workspace_reports"))
    assert response.context["page"].paginator.count == 36  # 12 offices × the three quarters opened so far
    assert len(response.context["page"].object_list) == 25
    assert "অচেনা অফিস" not in response.content.decode()
    second = client.get(reverse("agreements:workspace_reports"), {"page": 2})
    assert len(second.context["page"].object_list) == 11
