"""Recording quarterly achievements, submitting and reopening a quarter: locking, conflicts, audit, scores."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from agreements.models import AuditEntry
from indicators import services
from indicators.models import (
    Achievement,
    AgreementScore,
    QuarterlyReport,
    QuarterlyReportStatus,
    ScoreKind,
    VerificationStatus,
)
from indicators.selectors import QuarterLocked, quarter_state

pytestmark = pytest.mark.django_db


@pytest.fixture
def indicator(agreement_a, windows):
    return agreement_a.indicators.get(code="1.1.1")


def record(indicator, actor, value, *, quarter=3, remarks="", revision=0):
    return services.achievement_record(
        indicator=indicator,
        quarter=quarter,
        value=value,
        remarks=remarks,
        expected_revision=revision,
        actor=actor,
    ).achievement


def progress_total(agreement):
    return AgreementScore.objects.get(agreement=agreement, kind=ScoreKind.PROGRESS).total


def test_it_records_a_value_refreshes_the_score_and_audits(indicator, alice, today_in_q3):
    achievement = record(indicator, alice, Decimal("475"), remarks="প্রমাণক সংযুক্ত")

    assert achievement.value == Decimal("475") and achievement.revision == 1
    assert achievement.updated_by == alice
    # 475 against 500/450/... interpolates to 95% of the weight 20.
    assert progress_total(indicator.agreement) == Decimal("19.0000")
    entry = AuditEntry.objects.get(action="achievement.record")
    assert entry.actor == alice and entry.before is None
    assert entry.after == {"value": "475", "remarks": "প্রমাণক সংযুক্ত", "quarter": 3}


def test_a_change_records_old_and_new_values(indicator, alice, today_in_q3):
    record(indicator, alice, Decimal("400"))
    record(indicator, alice, Decimal("450"), revision=1)

    latest = AuditEntry.objects.filter(action="achievement.record").order_by("-id").first()
    assert latest.before == {"value": "400", "remarks": ""}
    assert latest.after["value"] == "450"
    assert Achievement.objects.get(indicator=indicator, quarter=3).revision == 2


def test_a_second_writer_with_an_old_revision_gets_a_conflict_with_the_stored_value(
    indicator, alice, henry, today_in_q3
):
    record(indicator, alice, Decimal("400"))
    with pytest.raises(services.AchievementConflict) as caught:
        record(indicator, henry, Decimal("420"), revision=0)

    assert caught.value.current.value == Decimal("400")
    assert caught.value.current.updated_by == alice
    assert caught.value.attempted_value == Decimal("420")
    assert Achievement.objects.get(indicator=indicator, quarter=3).value == Decimal("400")


def test_keeping_mine_after_a_conflict_overwrites_with_the_current_revision(
    indicator, alice, henry, today_in_q3
):
    record(indicator, alice, Decimal("400"))
    record(indicator, henry, Decimal("420"), revision=1)
    assert Achievement.objects.get(indicator=indicator, quarter=3).value == Decimal("420")


def test_a_double_submit_of_the_same_value_is_not_a_conflict_and_writes_once(indicator, alice, today_in_q3):
    record(indicator, alice, Decimal("400"), remarks="x")
    again = record(indicator, alice, Decimal("400"), remarks="x", revision=0)

    assert again.revision == 1
    assert AuditEntry.objects.filter(action="achievement.record").count() == 1


@pytest.mark.parametrize(
    ("value", "code"),
    [(Decimal("-1"), "negative"), (Decimal("1.23456"), "decimals"), (date(2024, 1, 1), "type")],
)
def test_it_refuses_bad_values_and_changes_nothing(indicator, alice, today_in_q3, value, code):
    with pytest.raises(ValidationError) as caught:
        record(indicator, alice, value)
    assert caught.value.error_dict["value"][0].code == code
    assert not Achievement.objects.filter(indicator=indicator).exists()
    assert not AuditEntry.objects.exists()


def test_without_a_method_a_second_quarter_is_refused_with_a_reason(indicator, alice, today_in_q3):
    indicator.method = ""
    indicator.save()
    Achievement.objects.create(indicator=indicator, quarter=2, value_number=Decimal("100"))
    with pytest.raises(ValidationError) as caught:
        record(indicator, alice, Decimal("50"))
    assert "গণনা পদ্ধতি" in caught.value.error_dict["value"][0].message


def test_only_the_office_writes(indicator, bob, rita, oscar, today_in_q3):
    for outsider in (bob, rita, oscar):
        with pytest.raises(PermissionDenied):
            record(indicator, outsider, Decimal("400"))
    assert not Achievement.objects.exists()


def test_the_quarter_is_locked_before_it_opens_and_after_its_deadline(indicator, alice, monkeypatch):
    from django.utils import timezone

    for today in (date(2023, 12, 31), date(2024, 4, 16)):
        monkeypatch.setattr(timezone, "localdate", lambda *a, _d=today, **k: _d)
        with pytest.raises(QuarterLocked):
            record(indicator, alice, Decimal("400"))
    # The deadline day itself is still open.
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: date(2024, 4, 15))
    assert record(indicator, alice, Decimal("400")).value == Decimal("400")


def test_a_submitted_quarter_is_locked_for_the_office(indicator, alice, today_in_q3):
    report = services.quarterly_report_submit(agreement=indicator.agreement, quarter=3, actor=alice)

    assert report.status == QuarterlyReportStatus.SUBMITTED and report.submitted_by == alice
    assert AuditEntry.objects.filter(action="quarterly_report.submit").exists()
    with pytest.raises(QuarterLocked):
        record(indicator, alice, Decimal("400"))
    with pytest.raises(QuarterLocked):
        services.quarterly_report_submit(agreement=indicator.agreement, quarter=3, actor=alice)


def test_the_supervisor_reopens_a_past_quarter_with_a_reason_until_a_date(
    indicator, alice, rita, today_in_q3
):
    agreement = indicator.agreement
    services.quarterly_report_submit(agreement=agreement, quarter=3, actor=alice)
    report = QuarterlyReport.objects.get(agreement=agreement, quarter=3)

    services.quarterly_report_reopen(
        report=report, reason="তথ্য সংশোধন", until=today_in_q3 + timedelta(days=5), actor=rita
    )

    state = quarter_state(agreement, 3)
    assert state.is_open and state.status == QuarterlyReportStatus.REOPENED
    entry = AuditEntry.objects.get(action="quarterly_report.reopen")
    assert entry.reason == "তথ্য সংশোধন" and entry.actor == rita
    assert record(indicator, alice, Decimal("400")).value == Decimal("400")
    # After the reopening date the quarter locks again.
    assert not quarter_state(agreement, 3, today=today_in_q3 + timedelta(days=6)).is_open


def test_reopening_a_never_submitted_quarter_after_its_deadline_opens_it(indicator, rita, monkeypatch):
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: date(2026, 11, 22))
    agreement = indicator.agreement
    assert not quarter_state(agreement, 3).is_open
    services.quarterly_report_reopen(
        report=QuarterlyReport(agreement=agreement, quarter=3),
        reason="দেরিতে",
        until=date(2026, 11, 30),
        actor=rita,
    )
    assert quarter_state(agreement, 3).is_open


def test_reopening_needs_a_reason_a_future_date_and_a_supervisor(indicator, alice, rita, today_in_q3):
    report = QuarterlyReport(agreement=indicator.agreement, quarter=3)
    with pytest.raises(ValidationError) as caught:
        services.quarterly_report_reopen(
            report=report, reason="  ", until=today_in_q3 - timedelta(days=1), actor=rita
        )
    assert set(caught.value.error_dict) == {"reason", "until"}
    with pytest.raises(PermissionDenied):
        services.quarterly_report_reopen(report=report, reason="x", until=today_in_q3, actor=alice)
    assert not QuarterlyReport.objects.exists()


def test_a_governance_indicator_takes_no_typed_value_nor_remark(indicator, alice, today_in_q3):
    indicator.governance_kind = "integrity"
    indicator.save()
    for value, remarks in ((Decimal("5"), ""), (None, "মন্তব্য")):
        with pytest.raises(ValidationError) as caught:
            record(indicator, alice, value, remarks=remarks)
        assert caught.value.error_dict["value"][0].code == "blocked"
    assert not Achievement.objects.exists()


def verified_total(agreement):
    return AgreementScore.objects.get(agreement=agreement, kind=ScoreKind.VERIFIED).total


@pytest.mark.parametrize("correct", [False, True])
def test_a_new_value_undoes_the_verification_and_its_verified_score(
    indicator, alice, rita, today_in_q3, correct
):
    from indicators.verification import achievement_verify

    achievement = record(indicator, alice, Decimal("400"))
    if correct:
        achievement_verify(
            achievement=achievement, corrected_value=Decimal("450"), reason="রেজিস্টার", actor=rita
        )
    else:
        achievement_verify(achievement=achievement, accept=True, actor=rita)
    assert verified_total(indicator.agreement) == Decimal("18.0000" if correct else "16.0000")

    changed = record(indicator, alice, Decimal("500"), revision=1)

    stored = Achievement.objects.get(pk=changed.pk)
    assert stored.verification_status == VerificationStatus.PENDING
    assert (stored.verified_number, stored.verified_by, stored.verified_at, stored.verification_reason) == (
        None,
        None,
        None,
        "",
    )
    assert verified_total(indicator.agreement) == Decimal("0")
    assert progress_total(indicator.agreement) == Decimal("20.0000")
    entry = AuditEntry.objects.filter(action="achievement.record").latest("id")
    assert entry.before == {
        "value": "400",
        "remarks": "",
        "verification_status": "corrected" if correct else "accepted",
        "verified_value": "450" if correct else "400",
    }
    assert entry.after == {"value": "500", "remarks": "", "quarter": 3, "verification_status": "pending"}


def test_a_new_remark_keeps_the_verification(indicator, alice, rita, today_in_q3):
    from indicators.verification import achievement_verify

    achievement_verify(achievement=record(indicator, alice, Decimal("400")), accept=True, actor=rita)
    record(indicator, alice, Decimal("400"), remarks="রেজিস্টার সংযুক্ত", revision=1)

    stored = Achievement.objects.get(indicator=indicator, quarter=3)
    assert stored.verification_status == VerificationStatus.ACCEPTED and stored.verified_by == rita
    assert verified_total(indicator.agreement) == Decimal("16.0000")
    assert (
        "verification_status" not in AuditEntry.objects.filter(action="achievement.record").latest("id").after
    )


def test_a_save_returns_the_stored_progress_score_and_total(indicator, alice, today_in_q3):
    recorded = services.achievement_record(
        indicator=indicator, quarter=3, value=Decimal("475"), remarks="", expected_revision=0, actor=alice
    )
    again = services.achievement_record(
        indicator=indicator, quarter=3, value=Decimal("475"), remarks="", expected_revision=0, actor=alice
    )
    for result in (recorded, again):  # a double submit reads what the first one stored
        assert (result.score.weighted, result.score.annual_value, result.total) == (
            Decimal("19.0000"),
            "475",
            Decimal("19.0000"),
        )
