"""The demo of today's fiscal year (development only, where settings.DEMO_USERS is true): the seed documents
are of past years whose quarters closed long ago, so `load_seeds` adds, for the fiscal year that today's date
falls in (1 July - 30 June), work that waits for every demo persona now:

- Khulna's agreement, copied from its 2023-24 document, in force, with today's quarter open, its governance
  plans and every calculation method set (khulna.focal enters, khulna.head sees the quarter);
- the previous quarter's report of Khulna submitted (dg.reviewer reviews it; none in a year's first quarter);
- Mymensingh's agreement, copied from its 2022-23 document, approved and waiting for mymensingh.head's
  signature;
- a third district office (demo) whose agreement, signed by its head, waits for dg.head's counter-signature.

Everything goes through the services a person would use (fiscal year set-up, drafting, submit, approve, sign,
method completion, quarterly report), so the audit trail shows how it came about. The unit is the year: once
the fiscal year of today exists, the demo is not touched again, so a second run changes nothing."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from indicators import values
from indicators.governance.services.years import QuarterDates, fiscal_year_create
from indicators.models import Indicator, Method, QuarterlyReport, ValueType
from indicators.selectors.quarters import quarter_state
from indicators.services import quarterly_report_reopen, quarterly_report_submit

from ..calendar import default_calendar, quarter_windows
from ..models import (
    Agreement,
    FiscalYear,
    GovernanceAllocation,
    Office,
    OfficeMembership,
    Role,
    User,
)
from ..services import (
    agreement_approve,
    agreement_countersign,
    agreement_create_draft,
    agreement_sign,
    agreement_submit,
    content_item_save,
    current_fiscal_start_year,
    draft_from,
)

# The third district office, supervised like the others by the Department of ICT; its head signs its
# agreement so that the Director General has one to counter-sign.
DEMO_OFFICE = {
    "code": "ict-dc-demo",
    "name_bn": "জেলা কার্যালয় (ডেমো), আইসিটি অধিদপ্তর",
    "name_en": "District Office (demo), Department of ICT",
}
DEMO_OFFICE_HEAD = ("demo.head", "অফিস প্রধান, ডেমো জেলা কার্যালয়")
REOPEN_REASON = "ডেমো: আগের ত্রৈমাসিকের প্রতিবেদন দাখিলের জন্য খোলা হলো।"


def method_for(indicator: Indicator) -> str:
    """A calculation method for a row the document left blank: dates by date, a percentage by its average,
    a count as it accumulates."""
    if indicator.value_type == ValueType.DATE:
        return Method.DATE
    if indicator.value_type == ValueType.PERCENT:
        return Method.AVERAGE
    return Method.CUMULATIVE


def quarter_of(fiscal_year: FiscalYear, today: date) -> int:
    """The quarter whose window holds `today`."""
    for number, (opens, closes, _deadline) in enumerate(quarter_windows(fiscal_year.start_year), start=1):
        if opens <= today <= closes:
            return number
    raise ValueError(today)


class DemoLoader:
    """Writes today's demo; `load()` returns the fiscal year it created, or None when it exists already."""

    def __init__(self, offices: dict[str, Office]) -> None:
        self.offices = offices

    def user(self, username: str) -> User:
        return User.objects.get(username=username)

    def load(self) -> FiscalYear | None:
        today = timezone.localdate()
        start = current_fiscal_start_year(today)
        if FiscalYear.objects.filter(start_year=start).exists():
            return None
        fiscal_year = self.create_year(start)
        quarter = quarter_of(fiscal_year, today)
        khulna_source = self.latest_agreement("ict-dc-khulna", fiscal_year)
        khulna = self.agreement("ict-dc-khulna", fiscal_year, "khulna.focal")
        self.bring_into_force(khulna, "khulna.head")
        if quarter > 1:
            self.submit_report(khulna, quarter - 1, today)
        mymensingh = self.agreement("ict-dc-mymensingh", fiscal_year, "mymensingh.focal")
        self.submit_and_approve(mymensingh, "mymensingh.focal")
        demo = self.demo_office_agreement(fiscal_year, source=khulna_source)
        self.submit_and_approve(demo, None)
        agreement_sign(agreement=demo, actor=self.demo_head(demo.office))
        return fiscal_year

    def create_year(self, start: int) -> FiscalYear:
        """The year set up as an administrator does: the latest year's levels, marks and plan marks, the
        typical calendar, and the latest year with templates copied into it."""
        latest = FiscalYear.objects.filter(start_year__lt=start).order_by("-start_year").first()
        with_templates = (
            FiscalYear.objects.filter(start_year__lt=start, plan_templates__isnull=False)
            .order_by("-start_year")
            .first()
        )
        allocations = {a.kind: a.marks for a in GovernanceAllocation.objects.filter(fiscal_year=latest)}
        return fiscal_year_create(
            start_year=start,
            levels=latest.levels,
            office_area_marks=latest.office_area_marks,
            governance_area_marks=latest.governance_area_marks,
            scoring_policy=latest.scoring_policy,
            calendar=default_calendar(start),
            quarters=[QuarterDates(*window) for window in quarter_windows(start)],
            allocations=allocations,
            copy_templates_from=with_templates,
            actor=self.user("admin"),
        )

    def latest_agreement(self, office_code: str, fiscal_year: FiscalYear) -> Agreement | None:
        return (
            Agreement.objects.filter(office=self.offices[office_code], is_current=True)
            .exclude(fiscal_year=fiscal_year)
            .order_by("-fiscal_year__start_year")
            .first()
        )

    def agreement(self, office_code: str, fiscal_year: FiscalYear, drafter: str) -> Agreement:
        """The office's draft for the year from its latest seeded agreement (the drafting service's copy)."""
        return agreement_create_draft(
            office=self.offices[office_code],
            fiscal_year=fiscal_year,
            from_agreement=self.latest_agreement(office_code, fiscal_year),
            actor=self.user(drafter),
        )

    def demo_office_agreement(self, fiscal_year: FiscalYear, *, source: Agreement) -> Agreement:
        """The demo office's draft: Khulna's document copied by the drafting service's own copy
        (`draft_from`; `agreement_create_draft` itself copies only from the same office)."""
        supervisor = self.offices["ict-dg"]
        office, _created = Office.objects.get_or_create(
            code=DEMO_OFFICE["code"],
            defaults={
                "name_bn": DEMO_OFFICE["name_bn"],
                "name_en": DEMO_OFFICE["name_en"],
                "level": source.office.level,
                "head_title_bn": source.office.head_title_bn,
                "head_title_en": source.office.head_title_en,
                "parent": supervisor,
                "supervisor": supervisor,
            },
        )
        return draft_from(
            office=office, fiscal_year=fiscal_year, source=source, actor=None, audit_extra={"demo": True}
        )

    def demo_head(self, office: Office) -> User:
        """The demo office's head, who signs and cannot log in."""
        username, name_bn = DEMO_OFFICE_HEAD
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(username=username, name_bn=name_bn, email=f"{username}@example.gov.bd")
            user.set_unusable_password()
            user.save()
        OfficeMembership.objects.get_or_create(user=user, office=office, role=Role.OFFICE_HEAD)
        return user

    def submit_and_approve(self, agreement: Agreement, drafter: str | None) -> Agreement:
        self.complete_draft(agreement, drafter)
        agreement_submit(agreement=agreement, actor=self.user(drafter) if drafter else None)
        return agreement_approve(agreement=agreement, actor=self.user("dg.reviewer"))

    def bring_into_force(self, agreement: Agreement, head: str) -> None:
        self.submit_and_approve(agreement, "khulna.focal")
        agreement_sign(agreement=agreement, actor=self.user(head))
        agreement_countersign(agreement=agreement, actor=self.user("dg.head"))

    def complete_draft(self, agreement: Agreement, drafter: str | None) -> None:
        """What the office does to its copied draft before submitting it, row by row through the editing
        service: a calculation method where the document left none, and where last year's projection gave
        a single target, the lower columns at the year's level percentages (more is better)."""
        actor = self.user(drafter) if drafter else None
        percents = [Decimal(level["percent"]) / 100 for level in agreement.fiscal_year.levels]
        rows = Indicator.objects.filter(agreement=agreement, governance_kind="").order_by("pk")
        for indicator in rows:
            changed = False
            if not indicator.method:
                indicator.method = method_for(indicator)
                changed = True
            filled = {t for t in indicator.targets if t not in (None, "")}
            if indicator.value_type in (ValueType.NUMBER, ValueType.PERCENT) and len(filled) == 1:
                best = Decimal(filled.pop())
                indicator.targets = [values.encode((best * p).quantize(Decimal(1))) for p in percents]
                changed = True
            if changed:
                content_item_save(item=indicator, actor=actor)

    def submit_report(self, agreement: Agreement, quarter: int, today: date) -> None:
        """The previous quarter's report, past its deadline: reopened by the supervisor for a week and
        submitted by the focal point, so that it waits for the reviewer."""
        report = QuarterlyReport(agreement=agreement, quarter=quarter)
        state = quarter_state(agreement, quarter)
        if not state.is_open:
            quarterly_report_reopen(
                report=report,
                reason=REOPEN_REASON,
                until=today + timedelta(days=7),
                actor=self.user("dg.reviewer"),
            )
        quarterly_report_submit(agreement=agreement, quarter=quarter, actor=self.user("khulna.focal"))
