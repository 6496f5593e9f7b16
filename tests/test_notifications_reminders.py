"""Notifications in the application and by e-mail for every event (each with its own subject, each in its
recipient's language), and the daily deadline reminders with their Celery beat schedule."""

from datetime import date

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from agreements import services
from agreements.models import AgreementStatus, FiscalYear, Notification, SelfAssessment, SelfAssessmentStatus
from agreements.notifications import deadline_reminders

pytestmark = pytest.mark.django_db

ADDRESSES = {
    "alice": "alice@example.gov.bd",
    "henry": "henry@example.gov.bd",
    "rita": "rita@example.gov.bd",
    "sam": "sam@example.gov.bd",
    "bob": "bob@example.gov.bd",
}
OFFICE_A = {"alice@example.gov.bd", "henry@example.gov.bd"}


@pytest.fixture
def with_email(alice, henry, rita, sam, bob):
    for user in (alice, henry, rita, sam, bob):
        user.email = ADDRESSES[user.username]
        user.save()


def set_status(agreement, status):
    agreement.status = status
    agreement.save()
    return agreement


def submit(agreement, alice, **_):
    from tests.test_workflow_transitions import make_valid

    set_status(make_valid(agreement), AgreementStatus.DRAFT)
    services.agreement_submit(agreement=agreement, actor=alice)


def return_(agreement, rita, **_):
    set_status(agreement, AgreementStatus.SUBMITTED)
    services.agreement_return(agreement=agreement, reason="লক্ষ্যমাত্রা কম", actor=rita)


def approve(agreement, rita, **_):
    set_status(agreement, AgreementStatus.SUBMITTED)
    services.agreement_approve(agreement=agreement, actor=rita)


def sign(agreement, henry, **_):
    set_status(agreement, AgreementStatus.APPROVED)
    services.agreement_sign(agreement=agreement, actor=henry)


def countersign(agreement, sam, **_):
    set_status(agreement, AgreementStatus.SIGNED)
    services.agreement_countersign(agreement=agreement, actor=sam)


def reopen(agreement, rita, **_):
    set_status(agreement, AgreementStatus.APPROVED)
    services.agreement_reopen(agreement=agreement, reason="ভুল পাওয়া গেছে", actor=rita)


def submitted_quarter(agreement, alice):
    from indicators import services as entry_services

    return entry_services.quarterly_report_submit(agreement=agreement, quarter=3, actor=alice)


def quarter_submit(agreement, alice, **_):
    submitted_quarter(agreement, alice)


def quarter_reopen(agreement, alice, rita, today, **_):
    from indicators import services as entry_services

    report = submitted_quarter(agreement, alice)
    mail.outbox.clear()
    entry_services.quarterly_report_reopen(report=report, reason="প্রমাণক নেই", until=today, actor=rita)


def quarter_accept(agreement, alice, rita, **_):
    from indicators import services as entry_services

    report = submitted_quarter(agreement, alice)
    mail.outbox.clear()
    entry_services.quarterly_report_accept(report=report, actor=rita)


def quarter_return(agreement, alice, rita, today, **_):
    from indicators import services as entry_services

    report = submitted_quarter(agreement, alice)
    mail.outbox.clear()
    entry_services.quarterly_report_return(
        report=report, reason="প্রমাণক নেই", until=date(2024, 2, 20), actor=rita
    )


def self_assessment_submit(agreement, alice, **_):
    services.self_assessment_submit(agreement=agreement, actor=alice)


def self_assessment_verify(agreement, alice, rita, **_):
    assessment = services.self_assessment_submit(agreement=agreement, actor=alice)
    mail.outbox.clear()
    services.self_assessment_verify(assessment=assessment, actor=rita)


def self_assessment_publish(agreement, alice, rita, sam, **_):
    assessment = services.self_assessment_submit(agreement=agreement, actor=alice)
    services.self_assessment_verify(assessment=assessment, actor=rita)
    mail.outbox.clear()
    services.self_assessment_publish(assessment=assessment, actor=sam)


EVENTS = [
    # trigger, event, recipients, subject, what the body says
    (submit, "submitted", {"rita@example.gov.bd"}, "এপিএ: জেলা কার্যালয় ক-এর চুক্তি পর্যালোচনার অপেক্ষায়", "দাখিল হয়েছে"),
    (
        return_,
        "returned",
        OFFICE_A,
        "এপিএ: ২০২৩-২৪ অর্থবছরের চুক্তি সংশোধনের জন্য ফেরত এসেছে",
        "কারণ: লক্ষ্যমাত্রা কম",
    ),
    (approve, "approved", OFFICE_A, "এপিএ: ২০২৩-২৪ অর্থবছরের চুক্তি অনুমোদিত, স্বাক্ষরের অপেক্ষায়", "অনুমোদিত হয়েছে"),
    (
        sign,
        "signed",
        {"rita@example.gov.bd", "sam@example.gov.bd"},
        "এপিএ: জেলা কার্যালয় ক-এর চুক্তি প্রতিস্বাক্ষরের অপেক্ষায়",
        "অফিস প্রধান স্বাক্ষর করেছেন",
    ),
    (
        countersign,
        "countersigned",
        OFFICE_A,
        "এপিএ: ২০২৩-২৪ অর্থবছরের চুক্তি কার্যকর হয়েছে",
        "প্রতিস্বাক্ষরিত হয়ে কার্যকর",
    ),
    (reopen, "reopened", OFFICE_A, "এপিএ: ২০২৩-২৪ অর্থবছরের চুক্তি পুনরায় খোলা হয়েছে", "কারণ: ভুল পাওয়া গেছে"),
    (
        quarter_submit,
        "quarter_submitted",
        {"rita@example.gov.bd"},
        "এপিএ: জেলা কার্যালয় ক-এর ৩য় ত্রৈমাসিকের প্রতিবেদন দাখিল হয়েছে",
        "৩য় ত্রৈমাসিকের প্রতিবেদন দাখিল হয়েছে",
    ),
    (quarter_reopen, "quarter_reopened", OFFICE_A, "এপিএ: ৩য় ত্রৈমাসিক পুনরায় খোলা হয়েছে", "কারণ: প্রমাণক নেই"),
    (quarter_accept, "quarter_accepted", OFFICE_A, "এপিএ: ৩য় ত্রৈমাসিকের প্রতিবেদন গৃহীত হয়েছে", "গ্রহণ করেছে"),
    (
        quarter_return,
        "quarter_returned",
        OFFICE_A,
        "এপিএ: ৩য় ত্রৈমাসিকের প্রতিবেদন সংশোধনের জন্য ফেরত এসেছে",
        "২০ ফেব্রুয়ারি ২০২৪ পর্যন্ত সংশোধন করে আবার দাখিল করুন। কারণ: প্রমাণক নেই",
    ),
    (
        self_assessment_submit,
        "self_assessment_submitted",
        {"rita@example.gov.bd", "sam@example.gov.bd"},
        "এপিএ: জেলা কার্যালয় ক-এর বার্ষিক স্ব-মূল্যায়ন দাখিল হয়েছে",
        "স্ব-মূল্যায়ন দাখিল হয়েছে",
    ),
    (
        self_assessment_verify,
        "self_assessment_verified",
        OFFICE_A,
        "এপিএ: ২০২৩-২৪ অর্থবছরের স্ব-মূল্যায়ন যাচাই হয়েছে",
        "যাচাই হয়েছে",
    ),
    (
        self_assessment_publish,
        "self_assessment_published",
        OFFICE_A,
        "এপিএ: ২০২৩-২৪ অর্থবছরের মূল্যায়ন প্রকাশিত হয়েছে",
        "প্রকাশিত হয়েছে",
    ),
]


@pytest.mark.parametrize(("trigger", "event", "recipients", "subject", "says"), EVENTS)
def test_every_event_notifies_in_app_and_by_email_with_its_own_subject_after_commit(
    settings,
    agreement_a,
    windows,
    today_in_q3,
    with_email,
    alice,
    henry,
    rita,
    sam,
    django_capture_on_commit_callbacks,
    trigger,
    event,
    recipients,
    subject,
    says,
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        trigger(agreement_a, alice=alice, henry=henry, rita=rita, sam=sam, today=today_in_q3)
    assert callbacks, "mail is sent only after the transaction commits"
    sent = [m for m in mail.outbox if m.subject == subject]
    assert {m.to[0] for m in sent} == recipients
    assert all(says in m.body for m in sent)
    rows = Notification.objects.filter(event=event)
    assert {row.recipient.email for row in rows} == recipients
    assert all(says in row.message and row.url in sent[0].body for row in rows)
    # The mail links to the page on the portal's own address, not to a bare path.
    assert all(f"{settings.SITE_URL}{row.url}" in sent[0].body for row in rows)


def test_the_actor_is_not_told_of_their_own_step(agreement_a, with_email, alice, henry, rita):
    set_status(agreement_a, AgreementStatus.APPROVED)
    services.agreement_sign(agreement=agreement_a, actor=henry)
    assert not Notification.objects.filter(recipient=henry).exists()


def test_counter_signing_tells_the_office_its_agreement_is_active(client, agreement_a, alice, henry, sam):
    set_status(agreement_a, AgreementStatus.SIGNED)
    services.agreement_countersign(agreement=agreement_a, actor=sam)
    rows = Notification.objects.filter(event="countersigned")
    assert {row.recipient.username for row in rows} == {"alice", "henry"}
    assert rows.first().url == reverse("agreements:detail", args=[agreement_a.pk])
    client.force_login(alice)
    page = client.get(reverse("agreements:notifications")).content.decode()
    assert "২০২৩-২৪ অর্থবছরের চুক্তি প্রতিস্বাক্ষরিত হয়ে কার্যকর হয়েছে" in page


def test_each_recipient_reads_the_message_in_their_own_language(
    client, agreement_a, with_email, alice, henry, rita, django_capture_on_commit_callbacks
):
    # Alice chose English with the language switch; Henry never chose: Bangla. Rita acts in English.
    client.force_login(alice)
    client.post(reverse("agreements:set_language"), {"language": "en", "next": "/"})
    alice.refresh_from_db()
    assert alice.language == "en"
    set_status(agreement_a, AgreementStatus.SUBMITTED)
    from django.utils import translation

    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        services.agreement_approve(agreement=agreement_a, actor=rita)
    english = Notification.objects.get(recipient=alice).message
    bangla = Notification.objects.get(recipient=henry).message
    assert "approved" in english and "2023-24" in english
    assert bangla == "২০২৩-২৪ অর্থবছরের চুক্তি অনুমোদিত হয়েছে; অফিস প্রধানের স্বাক্ষরের অপেক্ষায়।"
    by_address = {m.to[0]: m.body for m in mail.outbox}
    assert (
        "approved" in by_address["alice@example.gov.bd"] and "অনুমোদিত" in by_address["henry@example.gov.bd"]
    )


def test_switching_back_to_bangla_is_remembered_and_a_visitor_switches_without_an_account(client, alice):
    client.force_login(alice)
    client.post(reverse("agreements:set_language"), {"language": "en", "next": "/"})
    response = client.post(reverse("agreements:set_language"), {"language": "bn", "next": "/"})
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.language == "bn"
    client.logout()
    assert client.post(reverse("agreements:set_language"), {"language": "en", "next": "/"}).status_code == 302
    assert client.get(reverse("agreements:set_language")).status_code == 405


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


# ------------------------------------------------------------------------------------------------
# Deadline reminders


def reminded(event_key: str) -> set[str]:
    return set(
        Notification.objects.filter(
            event="deadline", dedupe_key__startswith=f"deadline:{event_key}:"
        ).values_list("recipient__username", flat=True)
    )


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


def test_no_signing_reminder_for_an_active_agreement(agreement_a, alice, fiscal_year):
    fiscal_year.signing_deadline = date(2023, 6, 25)
    fiscal_year.save()
    assert deadline_reminders(date(2023, 6, 24)) == 0


def test_a_submitted_draft_reminds_the_supervisor_instead(agreement_a, alice, rita, sam, fiscal_year):
    set_status(agreement_a, AgreementStatus.SUBMITTED)
    fiscal_year.signing_deadline = date(2023, 6, 25)
    fiscal_year.save()
    deadline_reminders(date(2023, 6, 24))
    assert reminded("signing") == {"rita", "sam"}


def test_the_quarterly_reminder_goes_to_offices_that_have_not_submitted(
    agreement_a, agreement_b, windows, alice, henry, bob, today_in_q3
):
    from indicators import services as entry_services

    entry_services.quarterly_report_submit(agreement=agreement_b, quarter=3, actor=bob)
    # Q3's report is due on 15 April 2024: a week before, only office A still has to submit.
    assert deadline_reminders(date(2024, 4, 8)) == 2
    assert reminded("q3") == {"alice", "henry"}
    message = Notification.objects.filter(dedupe_key__startswith="deadline:q3:").first().message
    assert "ত্রৈমাসিক প্রতিবেদন দাখিলের শেষ তারিখ ১৫ এপ্রিল ২০২৪ (আর ৭ দিন বাকি)" in message


def test_the_self_assessment_reminder_skips_offices_that_submitted(
    agreement_a, agreement_b, alice, henry, bob, fiscal_year, with_email, django_capture_on_commit_callbacks
):
    fiscal_year.self_assessment_deadline = date(2024, 7, 15)
    fiscal_year.save()
    services.self_assessment_submit(agreement=agreement_b, actor=bob)
    with django_capture_on_commit_callbacks(execute=True):
        deadline_reminders(date(2024, 7, 14))
    assert reminded("self_assessment") == {"alice", "henry"}
    reminder = next(m for m in mail.outbox if m.to == ["alice@example.gov.bd"])
    assert reminder.subject == "এপিএ অনুস্মারক: বার্ষিক স্ব-মূল্যায়ন দাখিলের শেষ তারিখ ১৫ জুলাই ২০২৪"


def test_the_revision_reminder_goes_to_offices_with_an_unsubmitted_revision(
    monkeypatch, agreement_a, agreement_b, alice, henry, bob, fiscal_year
):
    from django.utils import timezone

    from tests.test_workflow_transitions import make_valid

    fiscal_year.revision_deadline = date(2023, 9, 30)
    fiscal_year.save()
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: date(2023, 9, 1))
    services.revision_propose(agreement=make_valid(agreement_a), justification="বাজেট কমেছে", actor=alice)
    revision_b = services.revision_propose(agreement=make_valid(agreement_b), justification="বাজেট", actor=bob)
    services.agreement_submit(agreement=revision_b, actor=bob)
    deadline_reminders(date(2023, 9, 27))
    assert reminded("revision") == {"alice", "henry"}


def test_the_half_yearly_feedback_reminder_is_one_message_per_supervisor_office(
    agreement_a, agreement_b, rita, sam, fiscal_year
):
    fiscal_year.half_yearly_feedback_deadline = date(2024, 1, 30)
    fiscal_year.save()
    assert deadline_reminders(date(2024, 1, 29)) == 1
    notification = Notification.objects.get(event="deadline")
    assert notification.recipient == rita
    assert "অর্ধবার্ষিক ফলাবর্তক প্রদানের শেষ তারিখ ৩০ জানুয়ারি ২০২৪" in notification.message
    assert "২টি অফিস" in notification.message
    assert notification.url.startswith(reverse("agreements:workspace"))
    assert deadline_reminders(date(2024, 1, 29)) == 0


def test_the_evaluation_reminder_counts_only_unpublished_evaluations(
    agreement_a, agreement_b, alice, bob, rita, sam, fiscal_year
):
    fiscal_year.evaluation_publish_deadline = date(2024, 8, 30)
    fiscal_year.save()
    assessment = services.self_assessment_submit(agreement=agreement_b, actor=bob)
    services.self_assessment_verify(assessment=assessment, actor=rita)
    services.self_assessment_publish(assessment=assessment, actor=sam)
    assert SelfAssessment.objects.get().status == SelfAssessmentStatus.PUBLISHED
    deadline_reminders(date(2024, 8, 29))
    rows = Notification.objects.filter(dedupe_key__startswith="deadline:evaluation:")
    assert {row.recipient.username for row in rows} == {"rita", "sam"}
    assert all("১টি অফিস" in row.message for row in rows)


def test_no_reminder_where_the_fiscal_year_has_no_such_date(agreement_a, alice, rita, fiscal_year):
    assert FiscalYear.objects.get().half_yearly_feedback_deadline is None
    for day in range(1, 32):
        assert deadline_reminders(date(2024, 1, day)) == 0


def test_the_daily_celery_beat_entry_runs_the_reminders(
    settings, agreement_a, alice, henry, fiscal_year, monkeypatch
):
    from celery.schedules import crontab
    from django.utils import timezone

    from agreements.tasks import send_deadline_reminders

    entry = settings.CELERY_BEAT_SCHEDULE["send-deadline-reminders"]
    assert entry["task"] == send_deadline_reminders.name == "agreements.tasks.send_deadline_reminders"
    assert entry["schedule"] == crontab(hour=7, minute=0)
    set_status(agreement_a, AgreementStatus.DRAFT)
    fiscal_year.signing_deadline = date(2023, 6, 25)
    fiscal_year.save()
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: date(2023, 6, 24))
    assert send_deadline_reminders.delay().get() == 2


def test_demo_users_have_email_addresses(seeded):
    from agreements.models import User

    assert User.objects.get(username="mymensingh.focal").email == "mymensingh.focal@example.gov.bd"
    assert not User.objects.filter(email="").exists()
