"""The governance action plans (Annex 4-8): the fiscal year's templates, an agreement's plans copied from
them, their rows and the rows' quarterly achievements."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from agreements.models import Agreement, FiscalYear, GovernancePlanKind, in_choices, validate_levels
from apa_portal import text_limits
from apa_portal.text_limits import LimitedTextField
from indicators.models.achievements import SupervisorVerification, VerificationStatus
from indicators.models.tree import validate_value_list


class TargetType(models.TextChoices):
    NUMBER = "number", _("সংখ্যা")
    PERCENT = "percent", _("শতাংশ")
    DATE = "date", _("তারিখ")


class PlanItemScoring(models.TextChoices):
    LEVELS = "levels", _("লক্ষ্যমাত্রার কলাম অনুযায়ী")
    PROPORTIONAL = "proportional", _("লক্ষ্যমাত্রার অনুপাতে")
    DATE_BOUND = "date_bound", _("নির্ধারিত তারিখের মধ্যে সম্পন্ন")


class GovernancePlanTemplate(models.Model):
    """A governance action plan as the government prescribes it for a fiscal year (Annex 4-8), per variant."""

    fiscal_year = models.ForeignKey(
        FiscalYear, verbose_name=_("অর্থবছর"), on_delete=models.PROTECT, related_name="plan_templates"
    )
    kind = models.CharField(_("কর্মপরিকল্পনা"), max_length=32, choices=GovernancePlanKind.choices)
    variant = models.CharField(_("প্রযোজ্য অফিসের স্তর"), max_length=16, blank=True)
    version = models.PositiveSmallIntegerField(_("সংস্করণ"), default=1)
    title_bn = LimitedTextField(_("শিরোনাম"), max_length=text_limits.TITLE)
    levels = models.JSONField(_("লক্ষ্যমাত্রার কলাম"), default=list, blank=True)
    total_marks = models.DecimalField(_("মোট মান"), max_digits=6, decimal_places=2)
    notes_bn = LimitedTextField(_("টীকা"), max_length=text_limits.NOTE, blank=True)
    # A template published as a filled-in example (seed 003's integrity plan) keeps who signed the example
    # and when, beside the example office's name: where its sample values come from.
    example_office_bn = models.CharField(_("নমুনার অফিস"), max_length=255, blank=True)
    example_signatory_bn = models.CharField(_("নমুনায় স্বাক্ষরকারী"), max_length=255, blank=True)
    example_signed_on = models.DateField(_("নমুনায় স্বাক্ষরের তারিখ"), null=True, blank=True)

    class Meta:
        verbose_name = _("সুশাসন কর্মপরিকল্পনার ছক")
        verbose_name_plural = _("সুশাসন কর্মপরিকল্পনার ছকসমূহ")
        ordering = ["fiscal_year", "kind", "variant", "-version"]
        constraints = [
            in_choices("kind", GovernancePlanKind, name="governance_plan_template_kind_valid"),
            models.UniqueConstraint(
                fields=["fiscal_year", "kind", "variant", "version"], name="plan_template_version_unique"
            ),
            models.CheckConstraint(condition=Q(total_marks__gte=0), name="plan_template_marks_gte_0"),
        ]

    def __str__(self) -> str:
        return f"{self.fiscal_year} — {self.get_kind_display()} {self.variant}".strip()

    def clean(self) -> None:
        if self.levels:
            validate_levels(self.levels)


class PlanTemplateItem(models.Model):
    """A row of a governance plan template: area, activity, indicator, unit, weight, targets."""

    template = models.ForeignKey(
        GovernancePlanTemplate, verbose_name=_("ছক"), on_delete=models.CASCADE, related_name="items"
    )
    position = models.PositiveSmallIntegerField(_("ক্রম"))
    area_code = models.CharField(_("ক্ষেত্রের কোড"), max_length=32, blank=True)
    area_title = LimitedTextField(_("কার্যক্রমের ক্ষেত্র"), max_length=text_limits.TITLE, blank=True)
    area_marks = models.DecimalField(_("ক্ষেত্রের মান"), max_digits=6, decimal_places=2, null=True, blank=True)
    serial = models.CharField(_("ক্রম নম্বর"), max_length=16, blank=True)
    activity_code = models.CharField(_("কার্যক্রমের কোড"), max_length=32, blank=True)
    activity = LimitedTextField(_("কার্যক্রম"), max_length=text_limits.STATEMENT)
    indicator_code = models.CharField(_("সূচকের কোড"), max_length=32, blank=True)
    indicator = LimitedTextField(_("কর্মসম্পাদন সূচক"), max_length=text_limits.TITLE)
    unit = models.CharField(_("একক"), max_length=64, blank=True)
    target_type = models.CharField(_("লক্ষ্যমাত্রার ধরন"), max_length=16, choices=TargetType.choices)
    scoring = models.CharField(
        _("স্কোর গণনা"), max_length=16, choices=PlanItemScoring.choices, default=PlanItemScoring.LEVELS
    )
    weight = models.DecimalField(_("সূচকের মান"), max_digits=6, decimal_places=2, null=True, blank=True)
    # An alternative row (seed 003: "আওতাধীন দপ্তর/সংস্থা না থাকলে ...") names the indicator code of the row it
    # replaces; an office that takes it up earns that row's marks through it.
    alternative_to = models.CharField(_("যে সূচকের বিকল্প"), max_length=32, blank=True)
    targets = models.JSONField(_("লক্ষ্যমাত্রা"), default=list, blank=True, validators=[validate_value_list])
    responsible = models.CharField(_("বাস্তবায়নের দায়িত্বপ্রাপ্ত ব্যক্তি/পদ"), max_length=255, blank=True)
    annual_target = models.CharField(_("বার্ষিক লক্ষ্যমাত্রা"), max_length=32, blank=True)
    annual_target_text = LimitedTextField(
        _("বার্ষিক লক্ষ্যমাত্রা (মূল লেখা)"), max_length=text_limits.TITLE, blank=True
    )
    quarterly_targets = models.JSONField(
        _("ত্রৈমাসিক লক্ষ্যমাত্রা"), default=list, blank=True, validators=[validate_value_list]
    )
    quarterly_targets_text = models.JSONField(_("ত্রৈমাসিক লক্ষ্যমাত্রা (মূল লেখা)"), default=list, blank=True)

    class Meta:
        verbose_name = _("ছকের সূচক")
        verbose_name_plural = _("ছকের সূচকসমূহ")
        ordering = ["template", "position"]
        constraints = [
            in_choices("target_type", TargetType, name="plan_template_item_target_type_valid"),
            in_choices("scoring", PlanItemScoring, name="plan_template_item_scoring_valid"),
            models.UniqueConstraint(
                fields=["template", "position"], name="plan_template_item_position_unique"
            ),
            models.CheckConstraint(
                condition=Q(weight__isnull=True) | Q(weight__gte=0), name="plan_template_item_weight_gte_0"
            ),
        ]

    def __str__(self) -> str:
        return f"[{self.indicator_code}] {self.indicator}"


class GovernancePlan(models.Model):
    """An agreement's governance action plan (Annex 4-8), copied from the fiscal year's template."""

    agreement = models.ForeignKey(
        Agreement, verbose_name=_("চুক্তি"), on_delete=models.CASCADE, related_name="governance_plans"
    )
    template = models.ForeignKey(
        GovernancePlanTemplate,
        verbose_name=_("ছক"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="plans",
    )
    kind = models.CharField(_("কর্মপরিকল্পনা"), max_length=32, choices=GovernancePlanKind.choices)
    title_bn = LimitedTextField(_("শিরোনাম"), max_length=text_limits.TITLE)
    levels = models.JSONField(_("লক্ষ্যমাত্রার কলাম"), default=list, blank=True)
    total_marks = models.DecimalField(_("মোট মান"), max_digits=6, decimal_places=2)
    claimed_total = models.DecimalField(
        _("দাবিকৃত মোট স্কোর"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    document = models.JSONField(_("সংশ্লিষ্ট পত্র/কার্যবিবরণীর তথ্য"), default=dict, blank=True)

    class Meta:
        verbose_name = _("সুশাসন কর্মপরিকল্পনা")
        verbose_name_plural = _("সুশাসন কর্মপরিকল্পনাসমূহ")
        ordering = ["agreement", "kind"]
        constraints = [
            in_choices("kind", GovernancePlanKind, name="governance_plan_kind_valid"),
            models.UniqueConstraint(fields=["agreement", "kind"], name="governance_plan_once_per_kind"),
            models.CheckConstraint(condition=Q(total_marks__gte=0), name="governance_plan_marks_gte_0"),
        ]

    def __str__(self) -> str:
        return f"{self.agreement} — {self.get_kind_display()}"


class PlanItem(SupervisorVerification, models.Model):
    """A row of an agreement's governance plan, with its targets, progress and self-assessed achievement."""

    plan = models.ForeignKey(
        GovernancePlan, verbose_name=_("কর্মপরিকল্পনা"), on_delete=models.CASCADE, related_name="items"
    )
    position = models.PositiveSmallIntegerField(_("ক্রম"))
    area_code = models.CharField(_("ক্ষেত্রের কোড"), max_length=32, blank=True)
    area_title = LimitedTextField(_("কার্যক্রমের ক্ষেত্র"), max_length=text_limits.TITLE, blank=True)
    area_marks = models.DecimalField(_("ক্ষেত্রের মান"), max_digits=6, decimal_places=2, null=True, blank=True)
    serial = models.CharField(_("ক্রম নম্বর"), max_length=16, blank=True)
    activity_code = models.CharField(_("কার্যক্রমের কোড"), max_length=32, blank=True)
    activity = LimitedTextField(_("কার্যক্রম"), max_length=text_limits.STATEMENT)
    indicator_code = models.CharField(_("সূচকের কোড"), max_length=32, blank=True)
    indicator = LimitedTextField(_("কর্মসম্পাদন সূচক"), max_length=text_limits.TITLE)
    unit = models.CharField(_("একক"), max_length=64, blank=True)
    target_type = models.CharField(_("লক্ষ্যমাত্রার ধরন"), max_length=16, choices=TargetType.choices)
    scoring = models.CharField(
        _("স্কোর গণনা"), max_length=16, choices=PlanItemScoring.choices, default=PlanItemScoring.LEVELS
    )
    weight = models.DecimalField(_("সূচকের মান"), max_digits=6, decimal_places=2, null=True, blank=True)
    alternative_to = models.CharField(_("যে সূচকের বিকল্প"), max_length=32, blank=True)
    targets = models.JSONField(_("লক্ষ্যমাত্রা"), default=list, blank=True, validators=[validate_value_list])
    responsible = models.CharField(_("বাস্তবায়নের দায়িত্বপ্রাপ্ত ব্যক্তি/পদ"), max_length=255, blank=True)
    annual_target = models.CharField(_("বার্ষিক লক্ষ্যমাত্রা"), max_length=32, blank=True)
    annual_target_text = LimitedTextField(
        _("বার্ষিক লক্ষ্যমাত্রা (মূল লেখা)"), max_length=text_limits.TITLE, blank=True
    )
    quarterly_targets = models.JSONField(
        _("ত্রৈমাসিক লক্ষ্যমাত্রা"), default=list, blank=True, validators=[validate_value_list]
    )
    quarterly_targets_text = models.JSONField(_("ত্রৈমাসিক লক্ষ্যমাত্রা (মূল লেখা)"), default=list, blank=True)
    progress_text = LimitedTextField(_("অগ্রগতি"), max_length=text_limits.NOTE, blank=True)
    achievement_text = LimitedTextField(_("প্রকৃত অর্জন (বিবরণ)"), max_length=text_limits.NOTE, blank=True)
    achievement_number = models.DecimalField(
        _("প্রকৃত অর্জন (সংখ্যা)"), max_digits=16, decimal_places=4, null=True, blank=True
    )
    achievement_date = models.DateField(_("প্রকৃত অর্জন (তারিখ)"), null=True, blank=True)
    claimed_score = models.DecimalField(
        _("দাবিকৃত স্কোর"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    # The supervisor's verification of the item's achievement for the year (the verified score): accepted as
    # recorded, or corrected to a value or, where the achievement is text only, to a score, with a reason.
    verification_status = models.CharField(
        _("যাচাইয়ের অবস্থা"),
        max_length=16,
        choices=VerificationStatus.choices,
        default=VerificationStatus.PENDING,
    )
    verified_number = models.DecimalField(
        _("যাচাইকৃত অর্জন (সংখ্যা)"), max_digits=16, decimal_places=4, null=True, blank=True
    )
    verified_date = models.DateField(_("যাচাইকৃত অর্জন (তারিখ)"), null=True, blank=True)
    verified_score = models.DecimalField(
        _("যাচাইকৃত স্কোর"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    verification_reason = LimitedTextField(
        _("যাচাইয়ের মন্তব্য/সংশোধনের কারণ"), max_length=text_limits.NOTE, blank=True
    )
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("যাচাইকারী"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    verified_at = models.DateTimeField(_("যাচাইয়ের সময়"), null=True, blank=True)

    class Meta:
        verbose_name = _("কর্মপরিকল্পনার সূচক")
        verbose_name_plural = _("কর্মপরিকল্পনার সূচকসমূহ")
        ordering = ["plan", "position"]
        constraints = [
            in_choices("target_type", TargetType, name="plan_item_target_type_valid"),
            in_choices("scoring", PlanItemScoring, name="plan_item_scoring_valid"),
            in_choices("verification_status", VerificationStatus, name="plan_item_verification_status_valid"),
            models.UniqueConstraint(fields=["plan", "position"], name="plan_item_position_unique"),
            models.CheckConstraint(
                condition=Q(weight__isnull=True) | Q(weight__gte=0), name="plan_item_weight_gte_0"
            ),
            models.CheckConstraint(
                condition=Q(achievement_number__isnull=True) | Q(achievement_date__isnull=True),
                name="plan_item_one_value_kind",
            ),
            models.CheckConstraint(
                condition=~Q(verification_status="corrected") | ~Q(verification_reason=""),
                name="plan_item_correction_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"[{self.indicator_code}] {self.indicator}"

    @property
    def achievement(self):
        return self.achievement_date if self.achievement_date is not None else self.achievement_number

    @property
    def value_type(self) -> str:
        """Like an indicator's value_type ("date", "percent", "number"): the entry page's answers
        (`indicators.views.achievement_payload`) read either."""
        return self.target_type

    def reset_verification(self) -> bool:
        """As for an achievement, and the score the supervisor accepted or set goes too."""
        undone = super().reset_verification()
        if undone:
            self.verified_score = None
        return undone


class PlanItemAchievement(models.Model):
    """A governance plan item's achievement in one quarter (the integrity plan reports quarterly)."""

    item = models.ForeignKey(
        PlanItem, verbose_name=_("সূচক"), on_delete=models.CASCADE, related_name="achievements"
    )
    quarter = models.PositiveSmallIntegerField(_("ত্রৈমাসিক"))
    value_number = models.DecimalField(
        _("অর্জন (সংখ্যা)"), max_digits=16, decimal_places=4, null=True, blank=True
    )
    value_date = models.DateField(_("অর্জন (তারিখ)"), null=True, blank=True)
    remarks = LimitedTextField(_("মন্তব্য"), max_length=text_limits.NOTE, blank=True)
    # Bumped on every save: a save that names an older revision is a conflicting edit, not an overwrite.
    revision = models.PositiveIntegerField(_("সংশোধন ক্রম"), default=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("সর্বশেষ পরিবর্তনকারী"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    updated_at = models.DateTimeField(_("সর্বশেষ পরিবর্তন"), auto_now=True)

    class Meta:
        verbose_name = _("কর্মপরিকল্পনার ত্রৈমাসিক অর্জন")
        verbose_name_plural = _("কর্মপরিকল্পনার ত্রৈমাসিক অর্জনসমূহ")
        ordering = ["item", "quarter"]
        constraints = [
            models.UniqueConstraint(fields=["item", "quarter"], name="plan_item_achievement_unique"),
            models.CheckConstraint(
                condition=Q(quarter__gte=1, quarter__lte=4), name="plan_item_achievement_quarter_1_to_4"
            ),
            models.CheckConstraint(
                condition=Q(value_number__isnull=True) | Q(value_date__isnull=True),
                name="plan_item_achievement_one_value_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item} Q{self.quarter}"

    @property
    def value(self):
        return self.value_date if self.value_date is not None else self.value_number
