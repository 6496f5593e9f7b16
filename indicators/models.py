"""The agreement's content: Section 2 outcomes, the Section 3 tree (areas, activities, indicators), quarterly
achievements, and the governance action plans (Annex 4-8) with their templates."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import DEFAULT_DB_ALIAS, models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from agreements.models import Agreement, FiscalYear, GovernancePlanKind, in_choices, validate_levels
from apa_portal import display

from . import values


class Method(models.TextChoices):
    """Calculation method (গণনা পদ্ধতি): how the annual achievement follows from the quarters."""

    SUM = "sum", _("সমষ্টি")
    AVERAGE = "average", _("গড়")
    CUMULATIVE = "cumulative", _("ক্রমপুঞ্জিভূত")
    DATE = "date", _("তারিখ")


class ValueType(models.TextChoices):
    NUMBER = "number", _("সংখ্যা")
    PERCENT = "percent", _("শতাংশ")
    DATE = "date", _("তারিখ")
    SCORE = "score", _("প্রাপ্ত নম্বর")


class AreaKind(models.TextChoices):
    OFFICE = "office", _("এপিএ স্বাক্ষরকারী অফিসের কর্মসম্পাদনের ক্ষেত্র")
    GOVERNANCE = "governance", _("সুশাসন ও সংস্কারমূলক কর্মসম্পাদনের ক্ষেত্র")


def validate_value_list(raw: object) -> None:
    """Targets and the like are stored as a JSON list of encoded values (see `indicators.values`)."""
    if not isinstance(raw, list):
        raise ValidationError(_("মানগুলো একটি তালিকা হতে হবে।"))
    for item in raw:
        if item is not None and not isinstance(item, str):
            raise ValidationError(_("প্রতিটি মান লেখা (string) অথবা ফাঁকা হতে হবে।"))


class UniqueCode(models.UniqueConstraint):
    """A code unique within its scope. A violation is an error of the `code` field whose message names the
    code ("%(code)s" in `violation_error_message`), instead of Django's default naming the model's fields."""

    def deconstruct(self):
        # Migrations see a plain UniqueConstraint: the database index is the same, only validation differs.
        _path, args, kwargs = super().deconstruct()
        return "django.db.models.UniqueConstraint", args, kwargs

    def get_violation_error_message(self) -> str:
        return self.violation_error_message  # formatted in validate(), with the code rather than the name

    def validate(self, model, instance, exclude=None, using=DEFAULT_DB_ALIAS) -> None:
        try:
            super().validate(model, instance, exclude=exclude, using=using)
        except ValidationError:
            code = f"[{display.digits(instance.code)}]"
            error = ValidationError(self.violation_error_message, code="unique", params={"code": code})
            raise ValidationError({"code": error}) from None


class OutcomeIndicator(models.Model):
    """Section 2: an outcome/impact indicator with its recent actuals, target and projections."""

    agreement = models.ForeignKey(
        Agreement, verbose_name=_("চুক্তি"), on_delete=models.CASCADE, related_name="outcome_indicators"
    )
    position = models.PositiveSmallIntegerField(_("ক্রম"))
    outcome = models.TextField(_("চূড়ান্ত ফলাফল/প্রভাব"))
    title = models.TextField(_("কর্মসম্পাদন সূচক"))
    unit = models.CharField(_("একক"), max_length=64, blank=True)
    actual_prev2 = models.CharField(_("প্রকৃত অর্জন (দুই বছর আগে)"), max_length=32, blank=True)
    actual_prev1 = models.CharField(_("প্রকৃত অর্জন (আগের বছর)"), max_length=32, blank=True)
    actual_prev1_provisional = models.BooleanField(_("আগের বছরের অর্জন সাময়িক"), default=True)
    target = models.CharField(_("লক্ষ্যমাত্রা"), max_length=32, blank=True)
    projection_next1 = models.CharField(_("প্রক্ষেপণ (পরের বছর)"), max_length=32, blank=True)
    projection_next2 = models.CharField(_("প্রক্ষেপণ (দুই বছর পর)"), max_length=32, blank=True)
    joint_agencies = models.TextField(_("যৌথভাবে দায়িত্বপ্রাপ্ত মন্ত্রণালয়/বিভাগ/সংস্থা"), blank=True)
    data_source = models.TextField(_("উপাত্তসূত্র"), blank=True)

    class Meta:
        verbose_name = _("চূড়ান্ত ফলাফল সূচক")
        verbose_name_plural = _("চূড়ান্ত ফলাফল সূচকসমূহ (সেকশন ২)")
        ordering = ["agreement", "position"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "position"], name="outcome_position_unique")
        ]

    def __str__(self) -> str:
        return self.title


class Area(models.Model):
    """Section 3: a performance area (কর্মসম্পাদনের ক্ষেত্র) with its weight (মান)."""

    agreement = models.ForeignKey(
        Agreement, verbose_name=_("চুক্তি"), on_delete=models.CASCADE, related_name="areas"
    )
    kind = models.CharField(_("ধরন"), max_length=16, choices=AreaKind.choices, default=AreaKind.OFFICE)
    position = models.PositiveSmallIntegerField(_("ক্রম"))
    code = models.CharField(_("কোড"), max_length=32)
    title = models.TextField(_("কর্মসম্পাদনের ক্ষেত্র"))
    weight = models.DecimalField(_("ক্ষেত্রের মান"), max_digits=6, decimal_places=2)

    class Meta:
        verbose_name = _("কর্মসম্পাদনের ক্ষেত্র")
        verbose_name_plural = _("কর্মসম্পাদনের ক্ষেত্রসমূহ")
        ordering = ["agreement", "position"]
        constraints = [
            in_choices("kind", AreaKind, name="area_kind_valid"),
            # The office areas and the governance area are numbered separately ([১] in both, seed 000).
            UniqueCode(
                fields=["agreement", "kind", "code"],
                name="area_code_unique",
                violation_error_message=_(
                    "কোড %(code)s-এর একটি ক্ষেত্র এই চুক্তির এই অংশে আগেই আছে; অন্য কোড দিন।"
                ),
            ),
            models.UniqueConstraint(fields=["agreement", "position"], name="area_position_unique"),
            models.CheckConstraint(condition=Q(weight__gte=0), name="area_weight_gte_0"),
        ]

    def __str__(self) -> str:
        return f"[{self.code}] {self.title}"


class Activity(models.Model):
    """Section 3: an activity (কার্যক্রম) within an area."""

    area = models.ForeignKey(
        Area, verbose_name=_("ক্ষেত্র"), on_delete=models.CASCADE, related_name="activities"
    )
    position = models.PositiveSmallIntegerField(_("ক্রম"))
    code = models.CharField(_("কোড"), max_length=32)
    title = models.TextField(_("কার্যক্রম"))

    class Meta:
        verbose_name = _("কার্যক্রম")
        verbose_name_plural = _("কার্যক্রমসমূহ")
        ordering = ["area", "position"]
        constraints = [
            UniqueCode(
                fields=["area", "code"],
                name="activity_code_unique",
                violation_error_message=_("কোড %(code)s-এর একটি কার্যক্রম এই ক্ষেত্রে আগেই আছে; অন্য কোড দিন।"),
            ),
            models.UniqueConstraint(fields=["area", "position"], name="activity_position_unique"),
        ]

    def __str__(self) -> str:
        return f"[{self.code}] {self.title}"


class Indicator(models.Model):
    """Section 3: a performance indicator with its method, unit, weight, actuals, targets and projections,
    and its Annex 2 entry (implementing unit, evidence)."""

    activity = models.ForeignKey(
        Activity, verbose_name=_("কার্যক্রম"), on_delete=models.CASCADE, related_name="indicators"
    )
    # Copied from the area so that codes can be unique per agreement and section in the database.
    agreement = models.ForeignKey(
        Agreement, verbose_name=_("চুক্তি"), on_delete=models.CASCADE, related_name="indicators", editable=False
    )
    area_kind = models.CharField(_("ক্ষেত্রের ধরন"), max_length=16, choices=AreaKind.choices, editable=False)
    position = models.PositiveSmallIntegerField(_("ক্রম"))
    code = models.CharField(_("কোড"), max_length=32)
    title = models.TextField(_("কর্মসম্পাদন সূচক"))
    method = models.CharField(_("গণনা পদ্ধতি"), max_length=16, choices=Method.choices, blank=True)
    unit = models.CharField(_("একক"), max_length=64)
    value_type = models.CharField(
        _("মানের ধরন"), max_length=16, choices=ValueType.choices, default=ValueType.NUMBER
    )
    weight = models.DecimalField(_("সূচকের মান"), max_digits=6, decimal_places=2)
    governance_kind = models.CharField(
        _("সুশাসন কর্মপরিকল্পনা"), max_length=32, choices=GovernancePlanKind.choices, blank=True
    )
    actual_prev2 = models.CharField(_("প্রকৃত অর্জন (দুই বছর আগে)"), max_length=32, blank=True)
    actual_prev1 = models.CharField(_("প্রকৃত অর্জন (আগের বছর)"), max_length=32, blank=True)
    actual_prev1_provisional = models.BooleanField(_("আগের বছরের অর্জন সাময়িক"), default=True)
    targets = models.JSONField(
        _("লক্ষ্যমাত্রা (কলাম অনুযায়ী)"), default=list, blank=True, validators=[validate_value_list]
    )
    projection_next1 = models.CharField(_("প্রক্ষেপণ (পরের বছর)"), max_length=32, blank=True)
    projection_next2 = models.CharField(_("প্রক্ষেপণ (দুই বছর পর)"), max_length=32, blank=True)
    implementing_unit = models.TextField(_("বাস্তবায়নকারী অনুবিভাগ, অধিশাখা, শাখা"), blank=True)
    evidence_description = models.TextField(_("লক্ষ্যমাত্রা অর্জনের প্রমাণক"), blank=True)

    class Meta:
        verbose_name = _("কর্মসম্পাদন সূচক")
        verbose_name_plural = _("কর্মসম্পাদন সূচকসমূহ")
        ordering = ["activity__area__position", "activity__position", "position"]
        constraints = [
            in_choices("area_kind", AreaKind, name="indicator_area_kind_valid"),
            in_choices("method", Method, name="indicator_method_valid", blank=True),
            in_choices("value_type", ValueType, name="indicator_value_type_valid"),
            in_choices(
                "governance_kind", GovernancePlanKind, name="indicator_governance_kind_valid", blank=True
            ),
            UniqueCode(
                fields=["agreement", "area_kind", "code"],
                name="indicator_code_unique",
                violation_error_message=_("কোড %(code)s-এর একটি সূচক এই চুক্তির এই অংশে আগেই আছে; অন্য কোড দিন।"),
            ),
            models.UniqueConstraint(fields=["activity", "position"], name="indicator_position_unique"),
            models.CheckConstraint(condition=Q(weight__gte=0), name="indicator_weight_gte_0"),
        ]

    def __str__(self) -> str:
        return f"[{self.code}] {self.title}"

    def save(self, *args, **kwargs) -> None:
        self.copy_area_fields()
        super().save(*args, **kwargs)

    def copy_area_fields(self) -> None:
        area = self.activity.area
        self.agreement_id = area.agreement_id
        self.area_kind = area.kind

    def clean_fields(self, exclude=None) -> None:
        self.copy_area_fields()
        super().clean_fields(exclude)

    def validate_constraints(self, exclude=None) -> None:
        # agreement and area_kind follow from the activity and are in no form: without this, a form that
        # changes the code (the admin's) would skip the unique code and fail on the database instead.
        if exclude and "activity" not in exclude:
            self.copy_area_fields()
            exclude = set(exclude) - {"agreement", "area_kind"}
        super().validate_constraints(exclude)

    def clean(self) -> None:
        errors = {}
        for name in ("actual_prev2", "actual_prev1", "projection_next1", "projection_next2"):
            try:
                values.decode(getattr(self, name), self.value_type)
            except ValueError as error:
                errors[name] = str(error)
        try:
            self.target_values()
        except ValueError as error:
            errors["targets"] = str(error)
        if self.agreement_id is not None:
            columns = len(self.agreement.fiscal_year.levels)
            if len(self.targets) > columns:
                errors["targets"] = _("লক্ষ্যমাত্রা %(given)s টি, কিন্তু এই অর্থবছরে লক্ষ্যমাত্রার কলাম %(count)s টি।") % {
                    "given": display.number(len(self.targets)),
                    "count": display.number(columns),
                }
        if errors:
            raise ValidationError(errors)

    def target_values(self) -> list:
        """Targets decoded to Decimal or date, aligned with the fiscal year's level columns."""
        return [values.decode(raw, self.value_type) for raw in self.targets]


class RelatedOffice(models.Model):
    """Annex 3: another office the indicator depends on, and how the work is coordinated with it."""

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("সূচক"), on_delete=models.CASCADE, related_name="related_offices"
    )
    position = models.PositiveSmallIntegerField(_("ক্রম"), default=0)
    offices = models.TextField(_("যেসকল অফিসের সাথে সংশ্লিষ্ট"))
    coordination_strategy = models.TextField(_("সংশ্লিষ্ট অফিসের সাথে কার্যক্রম সমন্বয়ের কৌশল"), blank=True)

    class Meta:
        verbose_name = _("সংশ্লিষ্ট অফিস (সংযোজনী ৩)")
        verbose_name_plural = _("সংশ্লিষ্ট অফিসসমূহ (সংযোজনী ৩)")
        ordering = ["indicator", "position"]

    def __str__(self) -> str:
        return self.offices


class VerificationStatus(models.TextChoices):
    PENDING = "pending", _("যাচাই বাকি")
    ACCEPTED = "accepted", _("গৃহীত")
    CORRECTED = "corrected", _("সংশোধিত")


class Achievement(models.Model):
    """An indicator's achievement in one quarter: as the office reported it, as the supervisor verified it."""

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("সূচক"), on_delete=models.CASCADE, related_name="achievements"
    )
    quarter = models.PositiveSmallIntegerField(_("ত্রৈমাসিক"))
    value_number = models.DecimalField(
        _("অর্জন (সংখ্যা)"), max_digits=16, decimal_places=4, null=True, blank=True
    )
    value_date = models.DateField(_("অর্জন (তারিখ)"), null=True, blank=True)
    remarks = models.TextField(_("মন্তব্য"), blank=True)
    # Bumped on every save: a save that names an older revision is a conflicting edit, not an overwrite.
    revision = models.PositiveIntegerField(_("সংশোধন ক্রম"), default=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("সর্বশেষ পরিবর্তনকারী"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("সর্বশেষ পরিবর্তন"), auto_now=True)
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
    verification_reason = models.TextField(_("সংশোধনের কারণ"), blank=True)
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
        verbose_name = _("ত্রৈমাসিক অর্জন")
        verbose_name_plural = _("ত্রৈমাসিক অর্জনসমূহ")
        ordering = ["indicator", "quarter"]
        constraints = [
            in_choices(
                "verification_status", VerificationStatus, name="achievement_verification_status_valid"
            ),
            models.UniqueConstraint(fields=["indicator", "quarter"], name="achievement_unique"),
            models.CheckConstraint(
                condition=Q(quarter__gte=1, quarter__lte=4), name="achievement_quarter_1_to_4"
            ),
            models.CheckConstraint(
                condition=Q(value_number__isnull=True) | Q(value_date__isnull=True),
                name="achievement_one_value_kind",
            ),
            models.CheckConstraint(
                condition=~Q(verification_status="corrected") | ~Q(verification_reason=""),
                name="achievement_correction_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} Q{self.quarter}"

    @property
    def value(self):
        return self.value_date if self.value_date is not None else self.value_number

    @property
    def is_reported(self) -> bool:
        return self.value is not None

    @property
    def verified_value(self):
        """The value the supervisor stands behind: the correction, or the reported value once accepted."""
        if self.verification_status == VerificationStatus.CORRECTED:
            return self.verified_date if self.verified_date is not None else self.verified_number
        if self.verification_status == VerificationStatus.ACCEPTED:
            return self.value
        return None


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
    title_bn = models.TextField(_("শিরোনাম"))
    levels = models.JSONField(_("লক্ষ্যমাত্রার কলাম"), default=list, blank=True)
    total_marks = models.DecimalField(_("মোট মান"), max_digits=6, decimal_places=2)
    notes_bn = models.TextField(_("টীকা"), blank=True)
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
    area_title = models.TextField(_("কার্যক্রমের ক্ষেত্র"), blank=True)
    area_marks = models.DecimalField(_("ক্ষেত্রের মান"), max_digits=6, decimal_places=2, null=True, blank=True)
    serial = models.CharField(_("ক্রম নম্বর"), max_length=16, blank=True)
    activity_code = models.CharField(_("কার্যক্রমের কোড"), max_length=32, blank=True)
    activity = models.TextField(_("কার্যক্রম"))
    indicator_code = models.CharField(_("সূচকের কোড"), max_length=32, blank=True)
    indicator = models.TextField(_("কর্মসম্পাদন সূচক"))
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
    annual_target_text = models.TextField(_("বার্ষিক লক্ষ্যমাত্রা (মূল লেখা)"), blank=True)
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
    title_bn = models.TextField(_("শিরোনাম"))
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


class PlanItem(models.Model):
    """A row of an agreement's governance plan, with its targets, progress and self-assessed achievement."""

    plan = models.ForeignKey(
        GovernancePlan, verbose_name=_("কর্মপরিকল্পনা"), on_delete=models.CASCADE, related_name="items"
    )
    position = models.PositiveSmallIntegerField(_("ক্রম"))
    area_code = models.CharField(_("ক্ষেত্রের কোড"), max_length=32, blank=True)
    area_title = models.TextField(_("কার্যক্রমের ক্ষেত্র"), blank=True)
    area_marks = models.DecimalField(_("ক্ষেত্রের মান"), max_digits=6, decimal_places=2, null=True, blank=True)
    serial = models.CharField(_("ক্রম নম্বর"), max_length=16, blank=True)
    activity_code = models.CharField(_("কার্যক্রমের কোড"), max_length=32, blank=True)
    activity = models.TextField(_("কার্যক্রম"))
    indicator_code = models.CharField(_("সূচকের কোড"), max_length=32, blank=True)
    indicator = models.TextField(_("কর্মসম্পাদন সূচক"))
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
    annual_target_text = models.TextField(_("বার্ষিক লক্ষ্যমাত্রা (মূল লেখা)"), blank=True)
    quarterly_targets = models.JSONField(
        _("ত্রৈমাসিক লক্ষ্যমাত্রা"), default=list, blank=True, validators=[validate_value_list]
    )
    quarterly_targets_text = models.JSONField(_("ত্রৈমাসিক লক্ষ্যমাত্রা (মূল লেখা)"), default=list, blank=True)
    progress_text = models.TextField(_("অগ্রগতি"), blank=True)
    achievement_text = models.TextField(_("প্রকৃত অর্জন (বিবরণ)"), blank=True)
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
    verification_reason = models.TextField(_("যাচাইয়ের মন্তব্য/সংশোধনের কারণ"), blank=True)
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
    def verified_value(self):
        """The corrected annual achievement, where the supervisor corrected the value."""
        return self.verified_date if self.verified_date is not None else self.verified_number

    @property
    def value_type(self) -> str:
        """Like an indicator's value_type ("date", "percent", "number"), for the entry page's helpers."""
        return self.target_type


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
    remarks = models.TextField(_("মন্তব্য"), blank=True)
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


class ScoreKind(models.TextChoices):
    """The three scores of an agreement, never to be confused (DESIGN.md section 4)."""

    PROGRESS = "progress", _("অগ্রগতি (চলতি বছর)")
    CLAIMED = "claimed", _("দাবিকৃত (স্ব-মূল্যায়ন)")
    VERIFIED = "verified", _("যাচাইকৃত")


class IndicatorScore(models.Model):
    """Persisted score of one Section 3 indicator for one kind; rewritten whenever its inputs change."""

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("সূচক"), on_delete=models.CASCADE, related_name="scores"
    )
    agreement = models.ForeignKey(
        Agreement, verbose_name=_("চুক্তি"), on_delete=models.CASCADE, related_name="indicator_scores"
    )
    kind = models.CharField(_("স্কোরের ধরন"), max_length=16, choices=ScoreKind.choices)
    reported = models.BooleanField(_("অর্জন প্রতিবেদিত"), default=False)
    annual_value = models.CharField(_("বার্ষিক অর্জন"), max_length=32, blank=True)
    raw = models.DecimalField(_("প্রাপ্ত শতাংশ"), max_digits=9, decimal_places=4)
    weighted = models.DecimalField(_("প্রাপ্ত নম্বর"), max_digits=9, decimal_places=4)

    class Meta:
        verbose_name = _("সূচকের স্কোর")
        verbose_name_plural = _("সূচকের স্কোরসমূহ")
        constraints = [
            in_choices("kind", ScoreKind, name="indicator_score_kind_valid"),
            models.UniqueConstraint(fields=["indicator", "kind"], name="indicator_score_unique"),
        ]
        indexes = [models.Index(fields=["agreement", "kind"], name="indicator_score_agreement")]

    def __str__(self) -> str:
        return f"{self.indicator} {self.kind} {self.weighted}"


class AgreementScore(models.Model):
    """Persisted total (and per-area totals) of an agreement for one kind: rankings are one indexed query."""

    agreement = models.ForeignKey(
        Agreement, verbose_name=_("চুক্তি"), on_delete=models.CASCADE, related_name="scores"
    )
    kind = models.CharField(_("স্কোরের ধরন"), max_length=16, choices=ScoreKind.choices)
    # Copied from the agreement so that a ranking filters and sorts on this table alone.
    fiscal_year = models.ForeignKey(
        FiscalYear, verbose_name=_("অর্থবছর"), on_delete=models.CASCADE, related_name="+"
    )
    supervisor_office = models.ForeignKey(
        "agreements.Office", verbose_name=_("তত্ত্বাবধায়ক অফিস"), on_delete=models.CASCADE, related_name="+"
    )
    total = models.DecimalField(_("মোট স্কোর"), max_digits=9, decimal_places=4)
    area_totals = models.JSONField(_("ক্ষেত্রভিত্তিক স্কোর"), default=dict)
    computed_at = models.DateTimeField(_("গণনার সময়"), auto_now=True)

    class Meta:
        verbose_name = _("চুক্তির স্কোর")
        verbose_name_plural = _("চুক্তির স্কোরসমূহ")
        constraints = [
            in_choices("kind", ScoreKind, name="agreement_score_kind_valid"),
            models.UniqueConstraint(fields=["agreement", "kind"], name="agreement_score_unique"),
        ]
        indexes = [
            models.Index(fields=["fiscal_year", "kind", "-total"], name="agreement_score_rank"),
            models.Index(
                fields=["supervisor_office", "fiscal_year", "kind", "-total"], name="agreement_score_rank_sup"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agreement} {self.kind} {self.total}"


class QuarterlyReportStatus(models.TextChoices):
    OPEN = "open", _("চলমান")
    SUBMITTED = "submitted", _("দাখিলকৃত")
    RETURNED = "returned", _("ফেরতকৃত")
    ACCEPTED = "accepted", _("গৃহীত")
    REOPENED = "reopened", _("পুনরায় খোলা")


class QuarterlyReport(models.Model):
    """An office's report for one quarter of its agreement: whether entries are open, submitted or locked."""

    agreement = models.ForeignKey(
        Agreement, verbose_name=_("চুক্তি"), on_delete=models.CASCADE, related_name="quarterly_reports"
    )
    quarter = models.PositiveSmallIntegerField(_("ত্রৈমাসিক"))
    status = models.CharField(
        _("অবস্থা"), max_length=16, choices=QuarterlyReportStatus.choices, default=QuarterlyReportStatus.OPEN
    )
    submitted_at = models.DateTimeField(_("দাখিলের সময়"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("দাখিলকারী"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # A supervisor may reopen a locked quarter until this date (with a reason recorded in the audit trail).
    reopened_until = models.DateField(_("পুনরায় খোলা থাকবে"), null=True, blank=True)
    reason = models.TextField(_("কারণ"), blank=True)

    class Meta:
        verbose_name = _("ত্রৈমাসিক প্রতিবেদন")
        verbose_name_plural = _("ত্রৈমাসিক প্রতিবেদনসমূহ")
        ordering = ["agreement", "quarter"]
        constraints = [
            in_choices("status", QuarterlyReportStatus, name="quarterly_report_status_valid"),
            models.UniqueConstraint(fields=["agreement", "quarter"], name="quarterly_report_unique"),
            models.CheckConstraint(
                condition=Q(quarter__gte=1, quarter__lte=4), name="quarterly_report_quarter_1_to_4"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agreement} Q{self.quarter}"
