"""Fiscal years with the APA framework in force that year: level columns, marks, scoring policy, the
calendar, the quarter windows and the governance plans' marks."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from apa_portal import display

from .constraints import in_choices

ZERO = Decimal("0")


class ScoringPolicy(models.TextChoices):
    INTERPOLATE = "interpolate", _("রৈখিক অন্তর্বর্তী মান (ইন্টারপোলেশন)")
    STEP = "step", _("অর্জিত কলামের মান (ধাপ)")


class GovernanceFramework(models.TextChoices):
    """What the governance part of a year's agreements is (DESIGN.md section 2; the 2019-20 framework)."""

    ACTION_PLANS = "action_plans", _("পাঁচটি সুশাসন কর্মপরিকল্পনা (২০২১-২২ থেকে)")
    MANDATORY_OBJECTIVES = (
        "mandatory_objectives",
        _("আবশ্যিক কৌশলগত উদ্দেশ্য, সেকশন ৩-এর সারির মতো স্কোর (২০১৯-২০ পর্যন্ত)"),
    )


class GovernancePlanKind(models.TextChoices):
    INTEGRITY = "integrity", _("জাতীয় শুদ্ধাচার কৌশল")
    EGOV = "egov", _("ই-গভর্ন্যান্স ও উদ্ভাবন")
    GRS = "grs", _("অভিযোগ প্রতিকার ব্যবস্থা")
    CITIZEN_CHARTER = "citizen_charter", _("সেবা প্রদান প্রতিশ্রুতি")
    RTI = "rti", _("তথ্য অধিকার")


def validate_levels(levels: object) -> None:
    """Level columns are a non-empty list of {"percent", "name_bn"} with strictly falling percents."""
    if not isinstance(levels, list) or not levels:
        raise ValidationError(_("মানের কলামের তালিকা খালি হতে পারে না।"))
    percents = []
    for column in levels:
        if not isinstance(column, dict) or not isinstance(column.get("percent"), int):
            raise ValidationError(_("প্রতিটি কলামে শতাংশ (percent) ও নাম (name_bn) থাকতে হবে।"))
        percents.append(column["percent"])
    if any(not 0 < p <= 100 for p in percents) or percents != sorted(set(percents), reverse=True):
        raise ValidationError(_("কলামের শতাংশ ১০০ থেকে ক্রমহ্রাসমান ও অনন্য হতে হবে।"))


def default_levels() -> list[dict]:
    # The standard column names are catalogue messages: the data keep the Bangla name the documents print,
    # the interface shows it in its language (`apa_portal.display.level_name`).
    return [
        {"percent": 100, "name_bn": gettext_noop("অসাধারণ")},
        {"percent": 90, "name_bn": gettext_noop("অতি উত্তম")},
        {"percent": 80, "name_bn": gettext_noop("উত্তম")},
        {"percent": 70, "name_bn": gettext_noop("চলতি মান")},
        {"percent": 60, "name_bn": gettext_noop("চলতি মানের নিম্নে")},
    ]


class FiscalYear(models.Model):
    """A fiscal year (1 July - 30 June) with its calendar and the APA framework in force that year."""

    start_year = models.PositiveSmallIntegerField(_("শুরুর বছর"), unique=True)
    levels = models.JSONField(_("লক্ষ্যমাত্রার কলাম"), default=default_levels, validators=[validate_levels])
    office_area_marks = models.DecimalField(
        _("অফিসের কর্মসম্পাদন ক্ষেত্রের মোট মান"), max_digits=6, decimal_places=2, default=Decimal("70")
    )
    governance_area_marks = models.DecimalField(
        _("সুশাসন ও সংস্কারমূলক ক্ষেত্রের মোট মান"), max_digits=6, decimal_places=2, default=Decimal("30")
    )
    scoring_policy = models.CharField(
        _("স্কোর গণনার নীতি"), max_length=16, choices=ScoringPolicy.choices, default=ScoringPolicy.INTERPOLATE
    )
    governance_framework = models.CharField(
        _("সুশাসন অংশের কাঠামো"),
        max_length=24,
        choices=GovernanceFramework.choices,
        default=GovernanceFramework.ACTION_PLANS,
    )
    drafting_opens_on = models.DateField(_("খসড়া প্রণয়ন শুরু"), null=True, blank=True)
    signing_deadline = models.DateField(_("স্বাক্ষরের শেষ তারিখ"), null=True, blank=True)
    revision_deadline = models.DateField(_("সংশোধনের শেষ তারিখ"), null=True, blank=True)
    half_yearly_feedback_deadline = models.DateField(_("অর্ধবার্ষিক ফলাবর্তকের শেষ তারিখ"), null=True, blank=True)
    self_assessment_deadline = models.DateField(_("বার্ষিক স্ব-মূল্যায়নের শেষ তারিখ"), null=True, blank=True)
    evaluation_publish_deadline = models.DateField(_("মূল্যায়ন প্রকাশের শেষ তারিখ"), null=True, blank=True)

    class Meta:
        verbose_name = _("অর্থবছর")
        verbose_name_plural = _("অর্থবছরসমূহ")
        ordering = ["-start_year"]
        constraints = [
            in_choices("scoring_policy", ScoringPolicy, name="fiscal_year_scoring_policy_valid"),
            in_choices(
                "governance_framework", GovernanceFramework, name="fiscal_year_governance_framework_valid"
            ),
            models.CheckConstraint(condition=Q(start_year__gte=2000), name="fiscal_year_plausible"),
            models.CheckConstraint(
                condition=Q(office_area_marks__gte=0), name="fiscal_year_office_marks_gte_0"
            ),
            models.CheckConstraint(
                condition=Q(governance_area_marks__gte=0), name="fiscal_year_governance_marks_gte_0"
            ),
            models.CheckConstraint(
                condition=Q(office_area_marks=Decimal("100") - models.F("governance_area_marks")),
                name="fiscal_year_marks_sum_to_100",
            ),
        ]

    def __str__(self) -> str:
        # In the interface's digits ("২০২২-২৩" in Bangla); `label` stays ASCII for files and commands.
        return display.fiscal_year(self.start_year)

    @property
    def label(self) -> str:
        """ "2022-23", the form the seeds and the command line use."""
        return f"{self.start_year}-{(self.start_year + 1) % 100:02d}"

    @property
    def starts_on(self) -> date:
        return date(self.start_year, 7, 1)

    @property
    def ends_on(self) -> date:
        return date(self.start_year + 1, 6, 30)

    @property
    def has_action_plans(self) -> bool:
        """Whether the governance area holds the five plans' indicators (else mandatory objectives, scored
        like the office's Section 3 rows)."""
        return self.governance_framework == GovernanceFramework.ACTION_PLANS

    @property
    def level_percents(self) -> tuple[int, ...]:
        return tuple(column["percent"] for column in self.levels)

    def clean(self) -> None:
        marks = (self.office_area_marks, self.governance_area_marks)
        if None not in marks and sum(marks) != Decimal("100"):
            raise ValidationError(_("অফিসের ক্ষেত্র ও সুশাসন ক্ষেত্রের মান মিলে ১০০ হতে হবে।"))


class QuarterWindow(models.Model):
    """When a quarter's achievements may be entered, and when its report is due."""

    fiscal_year = models.ForeignKey(
        FiscalYear, verbose_name=_("অর্থবছর"), on_delete=models.CASCADE, related_name="quarters"
    )
    quarter = models.PositiveSmallIntegerField(_("ত্রৈমাসিক"))
    opens_on = models.DateField(_("শুরু"))
    closes_on = models.DateField(_("শেষ"))
    report_deadline = models.DateField(_("প্রতিবেদন দাখিলের শেষ তারিখ"))

    class Meta:
        verbose_name = _("ত্রৈমাসিক সময়সূচি")
        verbose_name_plural = _("ত্রৈমাসিক সময়সূচি")
        ordering = ["fiscal_year", "quarter"]
        constraints = [
            models.UniqueConstraint(fields=["fiscal_year", "quarter"], name="quarter_window_unique"),
            models.CheckConstraint(condition=Q(quarter__gte=1, quarter__lte=4), name="quarter_window_1_to_4"),
            models.CheckConstraint(
                condition=Q(closes_on__gte=models.F("opens_on")), name="quarter_window_order"
            ),
            models.CheckConstraint(
                condition=Q(report_deadline__gte=models.F("closes_on")),
                name="quarter_window_deadline_after_close",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.fiscal_year} Q{self.quarter}"


class GovernanceAllocation(models.Model):
    """The marks a governance action plan carries in the agreements of a fiscal year (e.g. integrity 10)."""

    fiscal_year = models.ForeignKey(
        FiscalYear, verbose_name=_("অর্থবছর"), on_delete=models.CASCADE, related_name="governance_allocations"
    )
    kind = models.CharField(_("কর্মপরিকল্পনা"), max_length=32, choices=GovernancePlanKind.choices)
    name_bn = models.CharField(_("সূচকের নাম"), max_length=255)
    marks = models.DecimalField(_("মান"), max_digits=6, decimal_places=2, validators=[MinValueValidator(ZERO)])
    position = models.PositiveSmallIntegerField(_("ক্রম"), default=0)

    class Meta:
        verbose_name = _("সুশাসন কর্মপরিকল্পনার মান")
        verbose_name_plural = _("সুশাসন কর্মপরিকল্পনার মান")
        ordering = ["fiscal_year", "position"]
        constraints = [
            in_choices("kind", GovernancePlanKind, name="governance_allocation_kind_valid"),
            models.UniqueConstraint(fields=["fiscal_year", "kind"], name="governance_allocation_unique"),
            models.CheckConstraint(condition=Q(marks__gte=0), name="governance_allocation_marks_gte_0"),
        ]

    def __str__(self) -> str:
        return f"{self.fiscal_year} — {self.get_kind_display()} ({self.marks})"
