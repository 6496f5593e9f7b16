"""Notifications in the application and by e-mail, and the daily deadline reminders."""

from datetime import date

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from agreements import services
from agreements.models import AgreementStatus, Notification
from agreements.notifications import deadline_reminders

pytestmark = pytest.mark.django_db


@pytest.fixture
def with_email(alice, henry, rita, sam):
    for user, address in (
        (alice, "alice@example.gov.bd"),
        (henry, "henry@example.gov.bd"),
        (rita, "rita@x.bd"),
    ):
        user.email = address
        user.save()


def test_approval_notifies_the_office_in_app_and_by_email_after_commit(
    agreement_a, with_email, alice, henry, rita, django_capture_on_commit_callbacks
):
    agreement_a.status = AgreementStatus.SUBMITTED
    agreement_a.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.agreement_approve(agreement=agreement_a, actor=rita)
    assert set(
        Notification.objects.filter(event="approved").values_list("recipient__username", flat=True)
    ) == {
        "alice",
        "henry",
    }
    assert sorted(m.to[0] for m in mail.outbox) == ["alice@example.gov.bd", "henry@example.gov.bd"]
    assert "অনুমোদিত" in mail.outbox[0].body


def test_signing_notifies_the_supervisor_and_reopening_notifies_the_office(
    agreement_a, henry, rita, sam, alice
):
    agreement_a.status = AgreementStatus.APPROVED
    agreement_a.save()
    services.agreement_sign(agreement=agreement_a, actor=henry)
    assert set(Notification.objects.filter(event="signed").values_list("recipient__username", flat=True)) == {
        "rita",
        "sam",
    }
    services.agreement_reopen(agreement=agreement_a, reason="ভুল", actor=sam)
    assert not agreement_a.signatures.exists()
    reopened = Notification.objects.filter(event="reopened")
    assert set(reopened.values_list("recipient__username", flat=True)) == {"alice", "henry"}
    assert "ভুল" in reopened.first().message


def test_the_signing_reminder_is_sent_once_however_often_the_job_runs(agreement_a, alice, henry, fiscal_year):
    agreement_a.status = AgreementStatus.DRAFT
    agreement_a.save()
    fiscal_year.signing_deadline = date(2023, 6, 25)
    fiscal_year.save()
    assert deadline_reminders(date(2023, 6, 18)) == 2
    assert deadline_reminders(date(2023, 6, 18)) == 0
    call_command("send_deadline_reminders", "--today", "2023-06-18")
    assert Notification.objects.filter(event="deadline").count() == 2
    assert deadline_reminders(date(2023, 6, 22)) == 2  # three days before: a new reminder
    assert deadline_reminders(date(2023, 6, 20)) == 0  # not a reminder day


def test_no_reminder_for_an_active_agreement(agreement_a, alice, fiscal_year):
    fiscal_year.signing_deadline = date(2023, 6, 25)
    fiscal_year.save()
    assert deadline_reminders(date(2023, 6, 24)) == 0


def test_a_user_sees_and_opens_only_their_own_notifications(client, agreement_a, alice, bob, rita):
    agreement_a.status = AgreementStatus.SUBMITTED
    agreement_a.save()
    services.agreement_return(agreement=agreement_a, reason="ঠিক করুন", actor=rita)
    notification = Notification.objects.get(recipient=alice)
    client.force_login(alice)
    assert "ঠিক করুন" in client.get(reverse("agreements:notifications")).content.decode()
    response = client.post(reverse("agreements:notification_open", args=[notification.pk]))
    assert response.url == reverse("agreements:detail", args=[agreement_a.pk])
    notification.refresh_from_db()
    assert notification.read_at is not None
    client.force_login(bob)
    assert client.post(reverse("agreements:notification_open", args=[notification.pk])).status_code == 404


def test_a_quarterly_report_tells_the_reviewers_when_submitted_and_the_office_when_reopened(
    agreement_a, windows, alice, henry, rita, sam, today_in_q3
):
    from indicators import services as entry_services

    report = entry_services.quarterly_report_submit(agreement=agreement_a, quarter=3, actor=alice)
    submitted = Notification.objects.get(event="quarter_submitted")
    assert submitted.recipient == rita and "৩য়" in submitted.message
    assert submitted.url == reverse("indicators:entry", args=[agreement_a.pk, 3])

    entry_services.quarterly_report_reopen(report=report, reason="প্রমাণক নেই", until=today_in_q3, actor=rita)
    reopened = Notification.objects.filter(event="quarter_reopened")
    assert set(reopened.values_list("recipient__username", flat=True)) == {"alice", "henry"}
    assert "প্রমাণক নেই" in reopened.first().message and "৩য়" in reopened.first().message
