"""The loader: each unit of the seeds created where it is missing, compared where it exists."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from agreements.audit import audit_record
from evidence.models import EvidenceItem, EvidenceKind
from indicators.models import (
    Achievement,
    Activity,
    Area,
    AreaKind,
    GovernancePlan,
    GovernancePlanTemplate,
    Indicator,
    OutcomeIndicator,
    PlanItem,
    PlanItemAchievement,
    PlanItemScoring,
    PlanTemplateItem,
    QuarterlyReport,
    QuarterlyReportStatus,
    RelatedOffice,
    TargetType,
    ValueType,
)
from indicators.scores import refresh_scores

from ..calendar import default_calendar, quarter_windows
from ..models import (
    Acronym,
    Agreement,
    AgreementFunction,
    AgreementStatus,
    FiscalYear,
    GovernanceAllocation,
    Office,
    OfficeMembership,
    QuarterWindow,
    Role,
    User,
)
from .demo import DemoLoader
from .reading import (
    METHOD_BY_BANGLA,
    decimal_or_none,
    governance_kind_for,
    plan_rows,
    read_json,
    target_type_for,
    text,
    value_type_for,
)

# Seeded agreements take the status their documents show: Mymensingh's 2022-23 agreement was finally
# submitted (3 July 2022) but its signature blocks are empty; the others were being executed.
SEED_STATUS = {
    ("ict-dc-mymensingh", "2022-23"): AgreementStatus.SUBMITTED,
}


# Demo accounts for every role; created only where settings.DEMO_USERS is true (never in production).
DEMO_USERS = (
    ("admin", "প্রশাসক (ডেমো)", None, Role.ADMINISTRATOR),
    ("mymensingh.focal", "প্রোগ্রামার, ময়মনসিংহ (ডেমো)", "ict-dc-mymensingh", Role.FOCAL_POINT),
    ("mymensingh.head", "অফিস প্রধান, ময়মনসিংহ (ডেমো)", "ict-dc-mymensingh", Role.OFFICE_HEAD),
    ("khulna.focal", "প্রোগ্রামার, খুলনা (ডেমো)", "ict-dc-khulna", Role.FOCAL_POINT),
    ("khulna.head", "অফিস প্রধান, খুলনা (ডেমো)", "ict-dc-khulna", Role.OFFICE_HEAD),
    ("dg.reviewer", "এপিএ টিম, আইসিটি অধিদপ্তর (ডেমো)", "ict-dg", Role.SUPERVISOR_REVIEWER),
    ("dg.head", "মহাপরিচালক, আইসিটি অধিদপ্তর (ডেমো)", "ict-dg", Role.SUPERVISOR_HEAD),
    ("ict.observer", "পর্যবেক্ষক, আইসিটি বিভাগ (ডেমো)", "ict-division", Role.OBSERVER),
)


@dataclass
class LoadReport:
    """What a load did: rows created per model, units found and left as they were per model, and, per unit,
    how the database differs from the seed."""

    created: Counter = field(default_factory=Counter)
    kept: Counter = field(default_factory=Counter)
    drift: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))

    @property
    def changed(self) -> bool:
        return bool(sum(self.created.values()))


class _Absent:
    """A row the seed has under an existing unit but the database does not (someone deleted it). It is
    reported once; the rows below it are absent too, so every attribute of it is itself, and `sync` neither
    looks up nor reports a row whose key holds it."""

    def __getattr__(self, name: str) -> _Absent:
        return self


ABSENT = _Absent()


class SeedLoader:
    """Writes the seed data; use `load_seeds()`."""

    def __init__(self) -> None:
        self.report = LoadReport()
        self.fiscal_years: dict[str, FiscalYear] = {}
        self.offices: dict[str, Office] = {}
        self.new_agreements: list[Agreement] = []
        # The unit being loaded, and whether it existed before (then it is compared, never written).
        self.unit_label = ""
        self.comparing = False

    @contextmanager
    def unit(self, model: type[models.Model], label: str, *, exists: bool) -> Iterator[None]:
        self.unit_label, self.comparing = f"{model._meta.verbose_name} {label}", exists
        try:
            yield
        finally:
            self.comparing = False
        if exists:
            self.report.kept[model] += 1

    def differs(self, note: str) -> None:
        self.report.drift[self.unit_label].append(note)

    # The one write primitive: inside a new unit, create the row; inside an existing one, compare it.
    def sync(self, model: type[models.Model], lookup: dict[str, Any], values: dict[str, Any]) -> Any:
        if any(value is ABSENT for value in lookup.values()):
            return ABSENT
        obj = model.objects.filter(**lookup).first()
        name = model._meta.verbose_name
        if self.comparing:
            if obj is None:
                key = ", ".join(f"{k}={v}" for k, v in lookup.items() if not isinstance(v, models.Model))
                self.differs(f"{name} ({key}): নেই / missing")
                return ABSENT
            fields = [key for key, value in values.items() if getattr(obj, key) != value]
            if fields:
                self.differs(f"{name} «{str(obj)[:60]}»: {', '.join(fields)}")
            return obj
        obj = model(**lookup, **values)
        obj.full_clean()
        obj.save()
        self.report.created[model] += 1
        return obj

    def load(self) -> LoadReport:
        self.load_offices()
        self.load_fiscal_years()
        self.load_agreement("agreement_ict-dc-mymensingh_2022-23.json")
        self.load_agreement("agreement_ict-dc-khulna_2023-24.json")
        self.load_templates("governance_templates_2024-25.json")
        self.load_plans("governance_plans_2021-22.json")
        # Imported rows bypass the services, so the stored scores of what was created are computed here.

        for agreement in self.new_agreements:
            refresh_scores(agreement=agreement)
        if settings.DEMO_USERS:
            self.load_demo_users()
            if settings.DEMO_TODAY:
                self.load_demo()
        return self.report

    def load_offices(self) -> None:
        # offices.json lists every office after its parent and its supervisor.
        for row in read_json("offices.json"):
            code = row["code"]
            with self.unit(Office, code, exists=Office.objects.filter(code=code).exists()):
                self.offices[code] = self.sync(
                    Office,
                    {"code": code},
                    {
                        "name_bn": row["name_bn"],
                        "name_en": text(row.get("name_en")),
                        "level": row["level"],
                        "head_title_bn": text(row.get("head_title_bn")),
                        "head_title_en": text(row.get("head_title_en")),
                        "parent": self.offices[row["parent"]] if row.get("parent") else None,
                        "supervisor": self.offices[row["supervisor"]] if row.get("supervisor") else None,
                    },
                )

    def load_fiscal_years(self) -> None:
        for row in read_json("fiscal_years.json"):
            exists = FiscalYear.objects.filter(start_year=row["start_year"]).exists()
            with self.unit(FiscalYear, row["label"], exists=exists):
                self.fiscal_years[row["label"]] = self.load_fiscal_year(row)

    def load_fiscal_year(self, row: dict[str, Any]) -> FiscalYear:
        start = row["start_year"]
        fiscal_year = self.sync(
            FiscalYear,
            {"start_year": start},
            {
                "levels": row["agreement_levels"],
                "office_area_marks": Decimal(row["office_area_marks"]),
                "governance_area_marks": Decimal(row["governance_area_marks"]),
                **default_calendar(start),
            },
        )
        for quarter, (opens, closes, deadline) in enumerate(quarter_windows(start), start=1):
            self.sync(
                QuarterWindow,
                {"fiscal_year": fiscal_year, "quarter": quarter},
                {"opens_on": opens, "closes_on": closes, "report_deadline": deadline},
            )
        for position, plan in enumerate(row["governance_plans"], start=1):
            self.sync(
                GovernanceAllocation,
                {"fiscal_year": fiscal_year, "kind": plan["kind"]},
                {"name_bn": plan["name_bn"], "marks": Decimal(plan["marks"]), "position": position},
            )
        return fiscal_year

    @contextmanager
    def agreement_unit(self, office_code: str, year_label: str) -> Iterator[None]:
        """An agreement with everything below it is one unit: once the office has any version for the year
        (a revision may have superseded the seeded one), the seed is compared with version 1."""
        exists = Agreement.objects.filter(
            office=self.offices[office_code], fiscal_year=self.fiscal_years[year_label]
        ).exists()
        with self.unit(Agreement, f"{office_code} {year_label}", exists=exists):
            yield

    def agreement_for(self, office_code: str, supervisor_code: str, year_label: str, **values: Any) -> Any:
        status = SEED_STATUS.get((office_code, year_label), AgreementStatus.ACTIVE)
        agreement = self.sync(
            Agreement,
            {"office": self.offices[office_code], "fiscal_year": self.fiscal_years[year_label], "version": 1},
            {
                "supervisor_office": self.offices[supervisor_code],
                "is_current": True,
                "status": status,
                # What the document names; blank where it names no party (pages show the office's name).
                "first_party_bn": text(values.pop("first_party_bn", None)),
                "second_party_bn": text(values.pop("second_party_bn", None)),
                **values,
            },
        )
        if not self.comparing:
            self.new_agreements.append(agreement)
            audit_record(
                actor=None,
                action="seed_import",
                obj=agreement,
                agreement=agreement,
                after={"status": status, "source": "agreements/seed_data"},
            )
        return agreement

    def load_agreement(self, filename: str) -> None:
        data = read_json(filename)
        with self.agreement_unit(data["office"], data["fiscal_year"]):
            self.load_agreement_document(data)

    def load_agreement_document(self, data: dict[str, Any]) -> None:
        overview = data.get("overview") or {}
        agreement = self.agreement_for(
            data["office"],
            data["supervisor"],
            data["fiscal_year"],
            first_party_bn=data.get("first_party_bn"),
            second_party_bn=data.get("second_party_bn"),
            recent_achievements=text(overview.get("recent_achievements")),
            problems_challenges=text(overview.get("problems_challenges")),
            future_plans=text(overview.get("future_plans")),
            expected_achievements=text(overview.get("expected_achievements")),
            vision=text(data.get("vision")),
            mission=text(data.get("mission")),
            final_submission_at=date.fromisoformat(data["final_submission_at"])
            if data.get("final_submission_at")
            else None,
        )
        for position, function in enumerate(data.get("functions") or [], start=1):
            self.sync(AgreementFunction, {"agreement": agreement, "position": position}, {"text": function})
        for position, row in enumerate(data.get("section2") or [], start=1):
            self.sync(
                OutcomeIndicator,
                {"agreement": agreement, "position": position},
                {
                    "outcome": row["outcome"],
                    "title": row["indicator"],
                    "unit": text(row.get("unit")),
                    "actual_prev2": text(row.get("actual_prev2")),
                    "actual_prev1": text(row.get("actual_prev1")),
                    "target": text(row.get("target")),
                    "projection_next1": text(row.get("projection_next1")),
                    "projection_next2": text(row.get("projection_next2")),
                    "joint_agencies": text(row.get("joint_agencies")),
                    "data_source": text(row.get("data_source")),
                },
            )
        indicators = {}
        for area_position, area_row in enumerate(data["section3"], start=1):
            area = self.sync(
                Area,
                {"agreement": agreement, "kind": area_row["kind"], "code": area_row["code"]},
                {
                    "position": area_position,
                    "title": area_row["title"],
                    "weight": Decimal(area_row["weight"]),
                },
            )
            for activity_position, activity_row in enumerate(area_row["activities"], start=1):
                activity = self.sync(
                    Activity,
                    {"area": area, "code": activity_row["code"]},
                    {"position": activity_position, "title": activity_row["title"]},
                )
                for position, row in enumerate(activity_row["indicators"], start=1):
                    indicators[row["code"], area_row["kind"]] = self.load_indicator(activity, position, row)
        for position, row in enumerate(data.get("acronyms") or [], start=1):
            self.sync(
                Acronym,
                {"agreement": agreement, "position": position},
                {"acronym": row["acronym"], "description": row["description"]},
            )
        report = data.get("quarterly_report")
        if report:
            self.load_quarterly_report(agreement, indicators, report)

    def load_indicator(self, activity: Activity, position: int, row: dict[str, Any]) -> Indicator:
        method = row.get("method") or ""
        method = METHOD_BY_BANGLA.get(method, method)
        governance = activity.area.kind == AreaKind.GOVERNANCE
        indicator = self.sync(
            Indicator,
            {"activity": activity, "code": row["code"]},
            {
                "position": position,
                "title": row["title"],
                "method": method,
                "unit": text(row.get("unit")),
                "value_type": value_type_for(row.get("unit"), method),
                "weight": Decimal(row["weight"]),
                "governance_kind": governance_kind_for(row["title"]) if governance else "",
                "actual_prev2": text(row.get("actual_prev2")),
                "actual_prev1": text(row.get("actual_prev1")),
                "targets": list(row.get("targets") or []),
                "projection_next1": text(row.get("projection_next1")),
                "projection_next2": text(row.get("projection_next2")),
                "implementing_unit": text(row.get("annex2_implementing_unit")),
                "evidence_description": text(row.get("annex2_evidence")),
            },
        )
        for related_position, related in enumerate(row.get("annex3") or [], start=1):
            self.sync(
                RelatedOffice,
                {"indicator": indicator, "position": related_position},
                {
                    "offices": related["related_offices"],
                    "coordination_strategy": text(related.get("coordination_strategy")),
                },
            )
        return indicator

    def load_quarterly_report(self, agreement: Agreement, indicators: dict, report: dict[str, Any]) -> None:

        quarter = report["quarter"]
        # A seeded quarterly report is the document the office sent up, so it was submitted; the time of
        # submission is the document's date where the seed gives one (seed 001 gives none).
        submitted_on = report.get("submitted_at")
        submitted_at = None
        if submitted_on:
            submitted_at = timezone.make_aware(datetime.combine(date.fromisoformat(submitted_on), time()))
        self.sync(
            QuarterlyReport,
            {"agreement": agreement, "quarter": quarter},
            {"status": QuarterlyReportStatus.SUBMITTED, "submitted_at": submitted_at},
        )
        for entry in report["entries"]:
            indicator = (
                indicators.get((entry["indicator"], AreaKind.OFFICE))
                or indicators[entry["indicator"], AreaKind.GOVERNANCE]
            )
            value = entry.get("value")
            is_date = indicator.value_type == ValueType.DATE
            self.sync(
                Achievement,
                {"indicator": indicator, "quarter": quarter},
                {
                    "value_number": None if is_date else decimal_or_none(value),
                    "value_date": date.fromisoformat(value) if is_date and value else None,
                    "remarks": text(entry.get("remark")),
                },
            )
            for url in entry.get("evidence_links") or []:
                self.sync(
                    EvidenceItem,
                    {"indicator": indicator, "quarter": quarter, "kind": EvidenceKind.LINK, "url": url},
                    {},
                )

    def load_templates(self, filename: str) -> None:
        for plan in read_json(filename):
            fiscal_year = self.fiscal_years[plan.get("fiscal_year", "2024-25")]
            key = {"fiscal_year": fiscal_year, "kind": plan["kind"], "variant": plan.get("variant") or ""}
            # Editing a template in use makes a new version: any version means the template is there.
            exists = GovernancePlanTemplate.objects.filter(**key).exists()
            label = f"{fiscal_year.label} {plan['kind']} {key['variant']}".strip()
            with self.unit(GovernancePlanTemplate, label, exists=exists):
                self.load_template(plan, key)

    def load_template(self, plan: dict[str, Any], key: dict[str, Any]) -> None:
        template = self.sync(
            GovernancePlanTemplate,
            {**key, "version": 1},
            {
                "title_bn": plan["title_bn"],
                "levels": plan.get("levels") or [],
                "total_marks": Decimal(plan["total_marks"]),
                "notes_bn": "\n".join(plan.get("notes_bn") or []),
                "example_office_bn": text(plan.get("example_office_bn")),
                "example_signatory_bn": text(plan.get("signatory_bn")),
                "example_signed_on": date.fromisoformat(plan["signed_on"]) if plan.get("signed_on") else None,
            },
        )
        for position, (area, item) in enumerate(plan_rows(plan), start=1):
            values = self.plan_row_values(plan, area, item)
            values.update(
                annual_target_text=text(item.get("annual_target_text")),
                quarterly_targets_text=list(item.get("quarterly_targets_text") or []),
            )
            self.sync(PlanTemplateItem, {"template": template, "position": position}, values)

    def plan_row_values(
        self, plan: dict[str, Any], area: dict[str, Any], item: dict[str, Any]
    ) -> dict[str, Any]:
        targets = list(item.get("targets") or [])
        quarterly = list(item.get("quarterly_targets") or [])
        target_type = target_type_for(item.get("unit"), targets + quarterly + [item.get("annual_target")])
        if plan.get("levels"):
            scoring = PlanItemScoring.LEVELS
        elif target_type == TargetType.DATE:
            scoring = PlanItemScoring.DATE_BOUND
        else:
            scoring = PlanItemScoring.PROPORTIONAL
        return {
            "area_code": text(area.get("code")),
            "area_title": text(area.get("title")),
            "area_marks": decimal_or_none(area.get("marks")),
            "serial": text(item.get("serial")),
            "activity_code": text(item.get("activity_code")),
            "activity": text(item.get("activity")),
            "indicator_code": text(item.get("indicator_code")),
            "indicator": text(item.get("indicator")),
            "unit": text(item.get("unit")),
            "target_type": target_type,
            "scoring": scoring,
            "weight": decimal_or_none(item.get("weight")),
            "alternative_to": text(item.get("alternative_to")),
            "targets": targets,
            "responsible": text(item.get("responsible")),
            "annual_target": text(item.get("annual_target")),
            "quarterly_targets": quarterly,
        }

    def load_plans(self, filename: str) -> None:
        for plan in read_json(filename):
            with self.agreement_unit(plan["office"], plan["fiscal_year"]):
                self.load_plan(plan)

    def load_plan(self, plan: dict[str, Any]) -> None:
        office = self.offices[plan["office"]]
        agreement = self.agreement_for(plan["office"], office.supervisor.code, plan["fiscal_year"])
        governance_plan = self.sync(
            GovernancePlan,
            {"agreement": agreement, "kind": plan["kind"]},
            {
                "title_bn": plan["title_bn"],
                "levels": plan.get("levels") or [],
                "total_marks": Decimal(plan["total_marks"]),
                "claimed_total": decimal_or_none(plan.get("claimed_total")),
                "document": plan.get("document") or {},
            },
        )
        for position, (area, item) in enumerate(plan_rows(plan), start=1):
            values = self.plan_row_values(plan, area, item)
            achievement = item.get("achievement_value")
            is_date = values["target_type"] == TargetType.DATE
            values.update(
                progress_text=text(item.get("progress_text")),
                achievement_text=text(item.get("achievement_text")),
                achievement_number=None if is_date else decimal_or_none(achievement),
                achievement_date=date.fromisoformat(achievement) if is_date and achievement else None,
                claimed_score=decimal_or_none(item.get("claimed_score")),
            )
            plan_item = self.sync(PlanItem, {"plan": governance_plan, "position": position}, values)
            for quarter, value in enumerate(item.get("quarterly_achievements") or [], start=1):
                if value is None:
                    continue
                self.sync(
                    PlanItemAchievement,
                    {"item": plan_item, "quarter": quarter},
                    {
                        "value_number": None if is_date else Decimal(value),
                        "value_date": date.fromisoformat(value) if is_date else None,
                    },
                )

    def load_demo_users(self) -> None:
        for username, name_bn, office_code, role in DEMO_USERS:
            user = User.objects.filter(username=username).first()
            with self.unit(User, username, exists=user is not None):
                if user is None:
                    user = User(username=username, name_bn=name_bn, email=f"{username}@example.gov.bd")
                    user.set_password(settings.DEMO_PASSWORD)
                    user.is_staff = user.is_superuser = role == Role.ADMINISTRATOR
                    user.save()
                    self.report.created[User] += 1
                office = self.offices[office_code] if office_code else None
                self.sync(OfficeMembership, {"user": user, "office": office, "role": role}, {})

    def load_demo(self) -> None:
        """Today's fiscal year with work waiting for every demo persona (`demo`), once."""
        fiscal_year = DemoLoader(self.offices).load()
        if fiscal_year is not None:
            self.report.created[FiscalYear] += 1
            self.report.created[Agreement] += Agreement.objects.filter(fiscal_year=fiscal_year).count()


def load_seeds() -> LoadReport:
    with transaction.atomic():
        return SeedLoader().load()
