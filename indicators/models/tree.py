"""The agreement's content: Section 2 outcomes and the Section 3 tree (areas, activities, indicators, and
the offices an indicator depends on, Annex 3), with the value lists and unique codes they share."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import DEFAULT_DB_ALIAS, models
from django.db.models import Prefetch, Q
from django.utils.translation import gettext_lazy as _

from agreements.models import Agreement, GovernancePlanKind, in_choices
from apa_portal import display, text_limits
from apa_portal.text_limits import LimitedTextField

from .. import values


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
    outcome = LimitedTextField(_("চূড়ান্ত ফলাফল/প্রভাব"), max_length=text_limits.TITLE)
    title = LimitedTextField(_("কর্মসম্পাদন সূচক"), max_length=text_limits.TITLE)
    unit = models.CharField(_("একক"), max_length=64, blank=True)
    actual_prev2 = models.CharField(_("প্রকৃত অর্জন (দুই বছর আগে)"), max_length=32, blank=True)
    actual_prev1 = models.CharField(_("প্রকৃত অর্জন (আগের বছর)"), max_length=32, blank=True)
    actual_prev1_provisional = models.BooleanField(_("আগের বছরের অর্জন সাময়িক"), default=True)
    target = models.CharField(_("লক্ষ্যমাত্রা"), max_length=32, blank=True)
    projection_next1 = models.CharField(_("প্রক্ষেপণ (পরের বছর)"), max_length=32, blank=True)
    projection_next2 = models.CharField(_("প্রক্ষেপণ (দুই বছর পর)"), max_length=32, blank=True)
    joint_agencies = LimitedTextField(
        _("যৌথভাবে দায়িত্বপ্রাপ্ত মন্ত্রণালয়/বিভাগ/সংস্থা"), max_length=text_limits.TITLE, blank=True
    )
    data_source = LimitedTextField(_("উপাত্তসূত্র"), max_length=text_limits.TITLE, blank=True)

    class Meta:
        verbose_name = _("চূড়ান্ত ফলাফল সূচক")
        verbose_name_plural = _("চূড়ান্ত ফলাফল সূচকসমূহ (সেকশন ২)")
        ordering = ["agreement", "position"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "position"], name="outcome_position_unique")
        ]

    def __str__(self) -> str:
        return self.title


class AreaQuerySet(models.QuerySet):
    def with_tree(self, *indicator_prefetches: str | Prefetch) -> AreaQuerySet:
        """The areas in document order with their activities and those activities' indicators, each in
        document order (two more queries), and for each indicator what `indicator_prefetches` name (one more
        query each)."""
        indicators = Indicator.objects.order_by("position").prefetch_related(*indicator_prefetches)
        activities = Activity.objects.order_by("position").prefetch_related(
            Prefetch("indicators", queryset=indicators)
        )
        return self.order_by("position").prefetch_related(Prefetch("activities", queryset=activities))


class Area(models.Model):
    """Section 3: a performance area (কর্মসম্পাদনের ক্ষেত্র) with its weight (মান)."""

    agreement = models.ForeignKey(
        Agreement, verbose_name=_("চুক্তি"), on_delete=models.CASCADE, related_name="areas"
    )
    kind = models.CharField(_("ধরন"), max_length=16, choices=AreaKind.choices, default=AreaKind.OFFICE)
    position = models.PositiveSmallIntegerField(_("ক্রম"))
    code = models.CharField(_("কোড"), max_length=32)
    title = LimitedTextField(_("কর্মসম্পাদনের ক্ষেত্র"), max_length=text_limits.TITLE)
    weight = models.DecimalField(_("ক্ষেত্রের মান"), max_digits=6, decimal_places=2)

    objects = AreaQuerySet.as_manager()

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
    title = LimitedTextField(_("কার্যক্রম"), max_length=text_limits.TITLE)

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
    title = LimitedTextField(_("কর্মসম্পাদন সূচক"), max_length=text_limits.TITLE)
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
    implementing_unit = LimitedTextField(
        _("বাস্তবায়নকারী অনুবিভাগ, অধিশাখা, শাখা"), max_length=text_limits.TITLE, blank=True
    )
    evidence_description = LimitedTextField(
        _("লক্ষ্যমাত্রা অর্জনের প্রমাণক"), max_length=text_limits.STATEMENT, blank=True
    )

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
                errors["targets"] = _("লক্ষ্যমাত্রা %(given)sটি, কিন্তু এই অর্থবছরে লক্ষ্যমাত্রার কলাম %(count)sটি।") % {
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
    offices = LimitedTextField(_("যেসকল অফিসের সাথে সংশ্লিষ্ট"), max_length=text_limits.STATEMENT)
    coordination_strategy = LimitedTextField(
        _("সংশ্লিষ্ট অফিসের সাথে কার্যক্রম সমন্বয়ের কৌশল"), max_length=text_limits.NOTE, blank=True
    )

    class Meta:
        verbose_name = _("সংশ্লিষ্ট অফিস (সংযোজনী ৩)")
        verbose_name_plural = _("সংশ্লিষ্ট অফিসসমূহ (সংযোজনী ৩)")
        ordering = ["indicator", "position"]

    def __str__(self) -> str:
        return self.offices
