"""Notifications: a row in the application for each recipient, and the same message by e-mail (Django's mail
API; the console backend in development), sent once the transaction that caused it has committed.

Each recipient reads the message in their own language (`User.language`, which the language switch sets;
Bangla when they never chose), whoever caused it: the text is composed once per language among the
recipients, with that language active, numbers and dates included. Every event has its own e-mail subject."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.db.models import Count, QuerySet
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from apa_portal import display
from indicators.models import QuarterlyReport, QuarterlyReportStatus

from .models import (
    OFFICE_ROLES,
    SUPERVISOR_ROLES,
    Agreement,
    AgreementStatus,
    FiscalYear,
    Notification,
    Office,
    QuarterWindow,
    Role,
    SelfAssessment,
    SelfAssessmentStatus,
    User,
)

REVIEWERS = (Role.SUPERVISOR_REVIEWER,)


@dataclass(frozen=True)
class Event:
    """Who is told (the office's people or the supervisor office's, with these roles) and what: an e-mail
    subject and a message, catalogue messages with {office}, {year}, {quarter}, {reason}, {until} and the
    event's own details."""

    side: str
    roles: tuple[str, ...]
    subject: str
    message: str


EVENTS = {
    "submitted": Event(
        "supervisor",
        REVIEWERS,
        gettext_noop("এপিএ: {office}-এর চুক্তি পর্যালোচনার অপেক্ষায়"),
        gettext_noop("{office}-এর {year} অর্থবছরের চুক্তি পর্যালোচনার জন্য দাখিল হয়েছে।"),
    ),
    "returned": Event(
        "office",
        OFFICE_ROLES,
        gettext_noop("এপিএ: {year} অর্থবছরের চুক্তি সংশোধনের জন্য ফেরত এসেছে"),
        gettext_noop("{year} অর্থবছরের চুক্তি সংশোধনের জন্য ফেরত এসেছে। কারণ: {reason}"),
    ),
    "approved": Event(
        "office",
        OFFICE_ROLES,
        gettext_noop("এপিএ: {year} অর্থবছরের চুক্তি অনুমোদিত, স্বাক্ষরের অপেক্ষায়"),
        gettext_noop("{year} অর্থবছরের চুক্তি অনুমোদিত হয়েছে; অফিস প্রধানের স্বাক্ষরের অপেক্ষায়।"),
    ),
    "signed": Event(
        "supervisor",
        SUPERVISOR_ROLES,
        gettext_noop("এপিএ: {office}-এর চুক্তি প্রতিস্বাক্ষরের অপেক্ষায়"),
        gettext_noop("{office}-এর {year} অর্থবছরের চুক্তিতে অফিস প্রধান স্বাক্ষর করেছেন; প্রতিস্বাক্ষরের অপেক্ষায়।"),
    ),
    "countersigned": Event(
        "office",
        OFFICE_ROLES,
        gettext_noop("এপিএ: {year} অর্থবছরের চুক্তি কার্যকর হয়েছে"),
        gettext_noop("{year} অর্থবছরের চুক্তি প্রতিস্বাক্ষরিত হয়ে কার্যকর হয়েছে।"),
    ),
    "reopened": Event(
        "office",
        OFFICE_ROLES,
        gettext_noop("এপিএ: {year} অর্থবছরের চুক্তি পুনরায় খোলা হয়েছে"),
        gettext_noop("{year} অর্থবছরের চুক্তি পুনরায় খোলা হয়েছে। কারণ: {reason}"),
    ),
    "revision_approved": Event(
        "office",
        OFFICE_ROLES,
        gettext_noop("এপিএ: {year} অর্থবছরের সংশোধিত চুক্তি কার্যকর হয়েছে"),
        gettext_noop("{year} অর্থবছরের চুক্তির সংশোধিত সংস্করণ অনুমোদিত ও কার্যকর হয়েছে।"),
    ),
    "self_assessment_submitted": Event(
        "supervisor",
        SUPERVISOR_ROLES,
        gettext_noop("এপিএ: {office}-এর বার্ষিক স্ব-মূল্যায়ন দাখিল হয়েছে"),
        gettext_noop("{office}-এর {year} অর্থবছরের বার্ষিক স্ব-মূল্যায়ন দাখিল হয়েছে।"),
    ),
    "self_assessment_verified": Event(
        "office",
        OFFICE_ROLES,
        gettext_noop("এপিএ: {year} অর্থবছরের স্ব-মূল্যায়ন যাচাই হয়েছে"),
        gettext_noop("{year} অর্থবছরের বার্ষিক স্ব-মূল্যায়ন যাচাই হয়েছে।"),
    ),
    "self_assessment_published": Event(
        "office",
        OFFICE_ROLES,
        gettext_noop("এপিএ: {year} অর্থবছরের মূল্যায়ন প্রকাশিত হয়েছে"),
        gettext_noop("{year} অর্থবছরের মূল্যায়ন প্রকাশিত হয়েছে।"),
    ),
    "quarter_submitted": Event(
        "supervisor",
        REVIEWERS,
        gettext_noop("এপিএ: {office}-এর {quarter} ত্রৈমাসিকের প্রতিবেদন দাখিল হয়েছে"),
        gettext_noop("{office}-এর {year} অর্থবছরের {quarter} ত্রৈমাসিকের প্রতিবেদন দাখিল হয়েছে।"),
    ),
    "quarter_reopened": Event(
        "office",
        OFFICE_ROLES,
        gettext_noop("এপিএ: {quarter} ত্রৈমাসিক পুনরায় খোলা হয়েছে"),
        gettext_noop("{year} অর্থবছরের {quarter} ত্রৈমাসিকের প্রতিবেদন পুনরায় খোলা হয়েছে। কারণ: {reason}"),
    ),
    "method_completed": Event(
        "office",
        OFFICE_ROLES,
        gettext_noop("এপিএ: {count}টি সূচকের গণনা পদ্ধতি যোগ হয়েছে"),
        gettext_noop("{year} অর্থবছরের চুক্তির {count}টি সূচকে গণনা পদ্ধতি যোগ হয়েছে: {rows}।"),
    ),
    "method_requested": Event(
        "supervisor",
        REVIEWERS,
        gettext_noop("এপিএ: {office} গণনা পদ্ধতি চেয়েছে"),
        gettext_noop(
            "{office}-এর {year} অর্থবছরের চুক্তিতে {count}টি সূচকের গণনা পদ্ধতি নেই, তাই অফিস এগুলোর অর্জন "
            "লিখতে পারছে না: [{codes}]। চুক্তির ফাঁকা গণনা পদ্ধতিগুলো এক পাতায় যোগ করুন।"
        ),
    ),
    "quarter_accepted": Event(
        "office",
        OFFICE_ROLES,
        gettext_noop("এপিএ: {quarter} ত্রৈমাসিকের প্রতিবেদন গৃহীত হয়েছে"),
        gettext_noop("{year} অর্থবছরের {quarter} ত্রৈমাসিকের প্রতিবেদন তত্ত্বাবধায়ক অফিস গ্রহণ করেছে।"),
    ),
    "quarter_returned": Event(
        "office",
        OFFICE_ROLES,
        gettext_noop("এপিএ: {quarter} ত্রৈমাসিকের প্রতিবেদন সংশোধনের জন্য ফেরত এসেছে"),
        gettext_noop(
            "{year} অর্থবছরের {quarter} ত্রৈমাসিকের প্রতিবেদন সংশোধনের জন্য ফেরত এসেছে; "
            "{until} পর্যন্ত সংশোধন করে আবার দাখিল করুন। কারণ: {reason}"
        ),
    ),
}

# What a message is composed from: called with the recipient's language active, it gives (subject, message).
Compose = Callable[[], tuple[str, str]]


def people(office: Office, roles: tuple[str, ...]) -> QuerySet[User]:
    return User.objects.filter(
        memberships__office=office, memberships__role__in=roles, is_active=True
    ).distinct()


def language_of(user: User) -> str:
    return user.language or settings.LANGUAGE_CODE


def agreement_url(agreement: Agreement) -> str:
    return reverse("agreements:detail", args=[agreement.pk])


def deliver(
    recipients: Iterable[User],
    *,
    event: str,
    compose: Compose,
    url: str,
    agreement: Agreement | None,
    dedupe_key: str = "",
) -> list[Notification]:
    """Write the in-app rows (inside the caller's transaction) and e-mail them after commit, each in its
    recipient's language. With a `dedupe_key`, a recipient who already has that notification gets nothing
    new."""
    recipients = list(recipients)
    if dedupe_key:
        already = set(
            Notification.objects.filter(dedupe_key=dedupe_key, recipient__in=recipients).values_list(
                "recipient_id", flat=True
            )
        )
        recipients = [user for user in recipients if user.pk not in already]
    texts: dict[str, tuple[str, str]] = {}
    for language in {language_of(user) for user in recipients}:
        with translation.override(language):
            texts[language] = compose()
    rows = [
        Notification(
            recipient=user,
            agreement=agreement,
            event=event,
            message=texts[language_of(user)][1],
            url=url,
            dedupe_key=dedupe_key,
        )
        for user in recipients
    ]
    Notification.objects.bulk_create(rows, ignore_conflicts=bool(dedupe_key))
    emails = [
        (subject, f"{message}\n\n{settings.SITE_URL}{url}", settings.DEFAULT_FROM_EMAIL, [user.email])
        for user in recipients
        if user.email
        for subject, message in [texts[language_of(user)]]
    ]
    if emails:
        # Mail never holds up or breaks the change that caused it.
        transaction.on_commit(lambda: send_mass_mail(emails, fail_silently=True))
    return rows


def notify_agreement(
    agreement: Agreement,
    event: str,
    *,
    actor: User | None = None,
    reason: str = "",
    quarter: int | None = None,
    until: date | None = None,
    url: str = "",
    details: Callable[[], dict[str, str]] | None = None,
) -> list[Notification]:
    """Tell the office or the supervisor office (as the event says) what happened to `agreement`; `details`
    gives the event's further placeholders, called in each recipient's language."""
    spec = EVENTS[event]
    office = agreement.office if spec.side == "office" else agreement.supervisor_office
    recipients = [user for user in people(office, spec.roles) if actor is None or user.pk != actor.pk]

    def compose() -> tuple[str, str]:
        values = {
            "office": agreement.office.name_bn,
            "year": display.fiscal_year(agreement.fiscal_year.start_year),
            "reason": reason,
            "quarter": display.quarter_ordinal(quarter) if quarter else "",
            "until": display.date_long(until) if until else "",
            **(details() if details else {}),
        }
        return _(spec.subject).format(**values), _(spec.message).format(**values)

    return deliver(
        recipients, event=event, compose=compose, url=url or agreement_url(agreement), agreement=agreement
    )


def notify_quarter(report, event: str, *, actor: User | None = None, reason: str = "", until=None) -> list:
    """A quarterly report was submitted (its reviewers are told), or reopened, accepted or returned (the
    office is told), with a link to the quarter's entry page."""
    return notify_agreement(
        report.agreement,
        event,
        actor=actor,
        reason=reason,
        quarter=report.quarter,
        until=until,
        url=reverse("indicators:entry", args=[report.agreement_id, report.quarter]),
    )


# ------------------------------------------------------------------------------------------------
# Approaching deadlines (management command `send_deadline_reminders` or the Celery beat task, daily)

REMINDER_DAYS = (7, 3, 1)


def deadline_reminders(today: date) -> int:
    """Remind the people who still have something to do, 7, 3 and 1 day(s) before a deadline of the fiscal
    year: signing, quarterly reports, revisions, the half-yearly feedback, the self-assessment and the
    publication of the evaluation. A reminder is keyed by deadline, subject and day, so running the job again
    the same day sends nothing new."""
    sent = 0
    for days in REMINDER_DAYS:
        day = today + timedelta(days=days)
        for remind_all in (
            signing_reminders,
            quarterly_reminders,
            revision_reminders,
            half_yearly_feedback_reminders,
            self_assessment_reminders,
            evaluation_reminders,
        ):
            sent += remind_all(day, days)
    return sent


def current_agreements(**filters) -> QuerySet[Agreement]:
    return (
        Agreement.objects.current()
        .filter(**filters)
        .select_related("office", "supervisor_office", "fiscal_year")
    )


def signing_reminders(day: date, days: int) -> int:
    """Drafts not yet active: whoever holds the draft now (the office, or the supervisor while reviewing
    or counter-signing)."""
    sent = 0
    for fiscal_year in FiscalYear.objects.filter(signing_deadline=day):
        pending = current_agreements(fiscal_year=fiscal_year).exclude(status=AgreementStatus.ACTIVE)
        for agreement in pending.iterator(chunk_size=500):
            office_side = agreement.status in (
                AgreementStatus.DRAFT,
                AgreementStatus.RETURNED,
                AgreementStatus.APPROVED,
            )
            holder = agreement.office if office_side else agreement.supervisor_office
            roles = OFFICE_ROLES if office_side else SUPERVISOR_ROLES
            sent += remind(
                agreement, holder, roles, "signing", day, days, gettext_noop("চুক্তি স্বাক্ষরের শেষ তারিখ")
            )
    return sent


def quarterly_reminders(day: date, days: int) -> int:
    """Active agreements whose quarterly report is not submitted yet."""

    sent = 0
    for window in QuarterWindow.objects.filter(report_deadline=day).select_related("fiscal_year"):
        done = QuarterlyReport.objects.filter(
            quarter=window.quarter,
            status__in=[QuarterlyReportStatus.SUBMITTED, QuarterlyReportStatus.ACCEPTED],
        ).values("agreement")
        pending = current_agreements(fiscal_year=window.fiscal_year, status=AgreementStatus.ACTIVE).exclude(
            pk__in=done
        )
        for agreement in pending.iterator(chunk_size=500):
            sent += remind(
                agreement,
                agreement.office,
                OFFICE_ROLES,
                f"q{window.quarter}",
                day,
                days,
                gettext_noop("ত্রৈমাসিক প্রতিবেদন দাখিলের শেষ তারিখ"),
            )
    return sent


def revision_reminders(day: date, days: int) -> int:
    """Revisions the office opened but has not submitted: after the deadline they can no longer be."""
    sent = 0
    for fiscal_year in FiscalYear.objects.filter(revision_deadline=day):
        pending = (
            Agreement.objects.filter(
                fiscal_year=fiscal_year,
                is_current=False,
                version__gt=1,
                status__in=[AgreementStatus.DRAFT, AgreementStatus.RETURNED],
            )
            .select_related("office", "fiscal_year")
            .order_by("pk")
        )
        for revision in pending.iterator(chunk_size=500):
            sent += remind(
                revision,
                revision.office,
                OFFICE_ROLES,
                "revision",
                day,
                days,
                gettext_noop("সংশোধন প্রস্তাব দাখিলের শেষ তারিখ"),
            )
    return sent


def half_yearly_feedback_reminders(day: date, days: int) -> int:
    """The supervisor's feedback on its offices' first half-year: one reminder per supervisor office, to its
    reviewers, naming how many active agreements it supervises that year."""
    sent = 0
    for fiscal_year in FiscalYear.objects.filter(half_yearly_feedback_deadline=day):
        agreements = Agreement.objects.current().filter(
            fiscal_year=fiscal_year, status=AgreementStatus.ACTIVE
        )
        sent += remind_supervisors(
            agreements,
            fiscal_year,
            REVIEWERS,
            "half_yearly",
            day,
            days,
            gettext_noop("অর্ধবার্ষিক ফলাবর্তক প্রদানের শেষ তারিখ"),
        )
    return sent


def self_assessment_reminders(day: date, days: int) -> int:
    """Active agreements whose annual self-assessment is not submitted yet."""

    sent = 0
    for fiscal_year in FiscalYear.objects.filter(self_assessment_deadline=day):
        pending = current_agreements(fiscal_year=fiscal_year, status=AgreementStatus.ACTIVE).exclude(
            pk__in=SelfAssessment.objects.values("agreement")
        )
        for agreement in pending.iterator(chunk_size=500):
            sent += remind(
                agreement,
                agreement.office,
                OFFICE_ROLES,
                "self_assessment",
                day,
                days,
                gettext_noop("বার্ষিক স্ব-মূল্যায়ন দাখিলের শেষ তারিখ"),
            )
    return sent


def evaluation_reminders(day: date, days: int) -> int:
    """Evaluations not yet published: one reminder per supervisor office, to its reviewers (who verify) and
    its head (who publishes), naming how many are left."""

    sent = 0
    for fiscal_year in FiscalYear.objects.filter(evaluation_publish_deadline=day):
        agreements = (
            Agreement.objects.current()
            .filter(fiscal_year=fiscal_year, status=AgreementStatus.ACTIVE)
            .exclude(self_assessment__status=SelfAssessmentStatus.PUBLISHED)
        )
        sent += remind_supervisors(
            agreements,
            fiscal_year,
            SUPERVISOR_ROLES,
            "evaluation",
            day,
            days,
            gettext_noop("মূল্যায়ন প্রকাশের শেষ তারিখ"),
        )
    return sent


def reminder_subject(label: str, day: date) -> str:
    return _("এপিএ অনুস্মারক: %(label)s %(date)s") % {"label": _(label), "date": display.date_long(day)}


def remind(agreement: Agreement, office: Office, roles, what: str, day: date, days: int, label: str) -> int:
    """Remind the people of `office` with `roles` about `agreement`; `label` is a catalogue message."""

    def compose() -> tuple[str, str]:
        message = _("%(label)s %(date)s (আর %(days)s দিন বাকি): %(office)s, %(year)s অর্থবছর।") % {
            "label": _(label),
            "date": display.date_long(day),
            "days": display.number(days),
            "office": agreement.office.name_bn,
            "year": display.fiscal_year(agreement.fiscal_year.start_year),
        }
        return reminder_subject(label, day), message

    with transaction.atomic():
        rows = deliver(
            people(office, roles),
            event="deadline",
            compose=compose,
            url=agreement_url(agreement),
            agreement=agreement,
            dedupe_key=f"deadline:{what}:{agreement.pk}:{day.isoformat()}:{days}",
        )
    return len(rows)


def remind_supervisors(
    agreements: QuerySet[Agreement],
    fiscal_year: FiscalYear,
    roles,
    what: str,
    day: date,
    days: int,
    label: str,
) -> int:
    """One reminder to each supervisor office of `agreements`, naming how many of them are its, with a link
    to its workspace: a supervisor of hundreds of offices gets one message, not hundreds."""
    counts = dict(
        agreements.order_by()
        .values("supervisor_office")
        .annotate(count=Count("pk"))
        .values_list("supervisor_office", "count")
    )
    sent = 0
    for office in Office.objects.filter(pk__in=counts).order_by("pk"):

        def compose(count=counts[office.pk]) -> tuple[str, str]:
            message = _("%(label)s %(date)s (আর %(days)s দিন বাকি): %(year)s অর্থবছর, %(count)sটি অফিস।") % {
                "label": _(label),
                "date": display.date_long(day),
                "days": display.number(days),
                "year": display.fiscal_year(fiscal_year.start_year),
                "count": display.number(count),
            }
            return reminder_subject(label, day), message

        with transaction.atomic():
            sent += len(
                deliver(
                    people(office, roles),
                    event="deadline",
                    compose=compose,
                    url=f"{reverse('agreements:workspace')}?office={office.code}&year={fiscal_year.pk}",
                    agreement=None,
                    dedupe_key=f"deadline:{what}:{office.pk}:{fiscal_year.start_year}:{day.isoformat()}:{days}",
                )
            )
    return sent
