"""Notifications: a row in the application for each recipient, and the same message by e-mail (Django's mail
API; the console backend in development), sent once the transaction that caused it has committed. A message is
written in the language active when it is created: the actor's, Bangla for the daily reminders."""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from apa_portal import display

from .models import Agreement, AgreementStatus, Notification, Office, Role, User

OFFICE = (Role.FOCAL_POINT, Role.OFFICE_HEAD)
REVIEWERS = (Role.SUPERVISOR_REVIEWER,)
SUPERVISOR = (Role.SUPERVISOR_REVIEWER, Role.SUPERVISOR_HEAD)

# event → (whose people: "office" or "supervisor", their roles, message)
EVENTS = {
    "submitted": (
        "supervisor",
        REVIEWERS,
        gettext_noop("{office}-এর {year} অর্থবছরের চুক্তি পর্যালোচনার জন্য দাখিল হয়েছে।"),
    ),
    "returned": (
        "office",
        OFFICE,
        gettext_noop("{year} অর্থবছরের চুক্তি সংশোধনের জন্য ফেরত এসেছে। কারণ: {reason}"),
    ),
    "approved": (
        "office",
        OFFICE,
        gettext_noop("{year} অর্থবছরের চুক্তি অনুমোদিত হয়েছে; অফিস প্রধানের স্বাক্ষরের অপেক্ষায়।"),
    ),
    "signed": (
        "supervisor",
        SUPERVISOR,
        gettext_noop("{office}-এর {year} অর্থবছরের চুক্তিতে অফিস প্রধান স্বাক্ষর করেছেন; প্রতিস্বাক্ষরের অপেক্ষায়।"),
    ),
    "countersigned": ("office", OFFICE, gettext_noop("{year} অর্থবছরের চুক্তি প্রতিস্বাক্ষরিত হয়ে কার্যকর হয়েছে।")),
    "reopened": ("office", OFFICE, gettext_noop("{year} অর্থবছরের চুক্তি পুনরায় খোলা হয়েছে। কারণ: {reason}")),
    "revision_approved": (
        "office",
        OFFICE,
        gettext_noop("{year} অর্থবছরের চুক্তির সংশোধিত সংস্করণ অনুমোদিত ও কার্যকর হয়েছে।"),
    ),
    "self_assessment_submitted": (
        "supervisor",
        SUPERVISOR,
        gettext_noop("{office}-এর {year} অর্থবছরের বার্ষিক স্ব-মূল্যায়ন দাখিল হয়েছে।"),
    ),
    "self_assessment_verified": ("office", OFFICE, gettext_noop("{year} অর্থবছরের বার্ষিক স্ব-মূল্যায়ন যাচাই হয়েছে।")),
    "self_assessment_published": ("office", OFFICE, gettext_noop("{year} অর্থবছরের মূল্যায়ন প্রকাশিত হয়েছে।")),
    "quarter_submitted": (
        "supervisor",
        REVIEWERS,
        gettext_noop("{office}-এর {year} অর্থবছরের {quarter} ত্রৈমাসিকের প্রতিবেদন দাখিল হয়েছে।"),
    ),
    "quarter_reopened": (
        "office",
        OFFICE,
        gettext_noop("{year} অর্থবছরের {quarter} ত্রৈমাসিকের প্রতিবেদন পুনরায় খোলা হয়েছে। কারণ: {reason}"),
    ),
}


def people(office: Office, roles: tuple[str, ...]) -> QuerySet[User]:
    return User.objects.filter(
        memberships__office=office, memberships__role__in=roles, is_active=True
    ).distinct()


def agreement_url(agreement: Agreement) -> str:
    return reverse("agreements:detail", args=[agreement.pk])


def deliver(
    recipients, *, event: str, message: str, url: str, agreement: Agreement | None, dedupe_key: str = ""
):
    """Write the in-app rows (inside the caller's transaction) and e-mail them after commit. With a
    `dedupe_key`, a recipient who already has that notification gets nothing new."""
    rows = [
        Notification(
            recipient=user, agreement=agreement, event=event, message=message, url=url, dedupe_key=dedupe_key
        )
        for user in recipients
    ]
    if dedupe_key:
        already = set(
            Notification.objects.filter(
                dedupe_key=dedupe_key, recipient__in=[r.recipient for r in rows]
            ).values_list("recipient_id", flat=True)
        )
        rows = [row for row in rows if row.recipient.pk not in already]
    Notification.objects.bulk_create(rows, ignore_conflicts=bool(dedupe_key))
    emails = [
        (
            _("এপিএ পোর্টাল: ") + message[:60],
            f"{message}\n\n{url}",
            settings.DEFAULT_FROM_EMAIL,
            [r.recipient.email],
        )
        for r in rows
        if r.recipient.email
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
    quarter: str = "",
    url: str = "",
) -> list:
    side, roles, template = EVENTS[event]
    office = agreement.office if side == "office" else agreement.supervisor_office
    recipients = [user for user in people(office, roles) if actor is None or user.pk != actor.pk]
    message = _(template).format(
        office=agreement.office.name_bn,
        year=display.fiscal_year(agreement.fiscal_year.start_year),
        reason=reason,
        quarter=quarter,
    )
    return deliver(
        recipients, event=event, message=message, url=url or agreement_url(agreement), agreement=agreement
    )


def notify_quarter(report, event: str, *, actor: User | None = None, reason: str = "") -> list:
    """A quarterly report was submitted (its reviewers are told) or reopened (the office is told), with a
    link to the quarter's entry page."""
    return notify_agreement(
        report.agreement,
        event,
        actor=actor,
        reason=reason,
        quarter=display.quarter_ordinal(report.quarter),
        url=reverse("indicators:entry", args=[report.agreement_id, report.quarter]),
    )


# ------------------------------------------------------------------------------------------------
# Approaching deadlines (management command `send_deadline_reminders`, safe to run daily)

REMINDER_DAYS = (7, 3, 1)


@translation.override("bn")
def deadline_reminders(today: date) -> int:
    """Remind the people who still have something to do, 7, 3 and 1 day(s) before a deadline. A reminder is
    keyed by deadline, agreement and day, so running the job again the same day sends nothing new. Written
    in Bangla, the product's language: no one's interface language is known to a daily job."""
    from indicators.models import QuarterlyReport, QuarterlyReportStatus

    from .models import FiscalYear, QuarterWindow, SelfAssessment

    sent = 0
    for days in REMINDER_DAYS:
        day = today + timedelta(days=days)
        # Signing: drafts not yet active.
        for fiscal_year in FiscalYear.objects.filter(signing_deadline=day):
            pending = (
                Agreement.objects.current()
                .filter(fiscal_year=fiscal_year)
                .exclude(status=AgreementStatus.ACTIVE)
                .select_related("office", "supervisor_office", "fiscal_year")
            )
            for agreement in pending.iterator(chunk_size=500):
                office_side = agreement.status in (
                    AgreementStatus.DRAFT,
                    AgreementStatus.RETURNED,
                    AgreementStatus.APPROVED,
                )
                holder = agreement.office if office_side else agreement.supervisor_office
                roles = OFFICE if office_side else SUPERVISOR
                sent += remind(agreement, holder, roles, "signing", day, days, _("চুক্তি স্বাক্ষরের শেষ তারিখ"))
        # Quarterly reports not yet submitted.
        for window in QuarterWindow.objects.filter(report_deadline=day).select_related("fiscal_year"):
            done = QuarterlyReport.objects.filter(
                quarter=window.quarter,
                status__in=[QuarterlyReportStatus.SUBMITTED, QuarterlyReportStatus.ACCEPTED],
            ).values("agreement")
            pending = (
                Agreement.objects.current()
                .filter(fiscal_year=window.fiscal_year, status=AgreementStatus.ACTIVE)
                .exclude(pk__in=done)
                .select_related("office", "fiscal_year")
            )
            for agreement in pending.iterator(chunk_size=500):
                sent += remind(
                    agreement,
                    agreement.office,
                    OFFICE,
                    f"q{window.quarter}",
                    day,
                    days,
                    _("ত্রৈমাসিক প্রতিবেদন দাখিলের শেষ তারিখ"),
                )
        # Self-assessment not yet submitted.
        for fiscal_year in FiscalYear.objects.filter(self_assessment_deadline=day):
            pending = (
                Agreement.objects.current()
                .filter(fiscal_year=fiscal_year, status=AgreementStatus.ACTIVE)
                .exclude(pk__in=SelfAssessment.objects.values("agreement"))
                .select_related("office", "fiscal_year")
            )
            for agreement in pending.iterator(chunk_size=500):
                sent += remind(
                    agreement,
                    agreement.office,
                    OFFICE,
                    "self_assessment",
                    day,
                    days,
                    _("বার্ষিক স্ব-মূল্যায়ন দাখিলের শেষ তারিখ"),
                )
    return sent


def remind(agreement: Agreement, office: Office, roles, what: str, day: date, days: int, label: str) -> int:
    message = _("%(label)s %(date)s (আর %(days)s দিন বাকি): %(office)s, %(year)s অর্থবছর।") % {
        "label": label,
        "date": display.date_long(day),
        "days": display.number(days),
        "office": agreement.office.name_bn,
        "year": display.fiscal_year(agreement.fiscal_year.start_year),
    }
    with transaction.atomic():
        rows = deliver(
            people(office, roles),
            event="deadline",
            message=message,
            url=agreement_url(agreement),
            agreement=agreement,
            dedupe_key=f"deadline:{what}:{agreement.pk}:{day.isoformat()}:{days}",
        )
    return len(rows)
