"""Offices, users and their roles, fiscal years with their framework, agreements and the audit trail."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from apa_portal import display

ZERO = Decimal("0")


def in_choices(
    field: str, choices: type[models.TextChoices], *, name: str, blank: bool = False
) -> models.CheckConstraint:
    """The database accepts only the field's choices (and "" where it may be blank), whatever writes the
    row: a bulk update, a raw import or another program."""
    allowed = [*choices.values, *([""] if blank else [])]
    return models.CheckConstraint(condition=Q(**{f"{field}__in": allowed}), name=name)


class OfficeLevel(models.TextChoices):
    MINISTRY = "ministry", _("মন্ত্রণালয়/বিভাগ")
    DEPARTMENT = "department", _("অধিদপ্তর/দপ্তর/সংস্থা")
    DIVISIONAL = "divisional", _("বিভাগীয়/আঞ্চলিক কার্যালয়")
    DISTRICT = "district", _("জেলা কার্যালয়")
    UPAZILA = "upazila", _("উপজেলা কার্যালয়")


class Office(models.Model):
    """A government office that signs an APA each year with its supervisor office."""

    code = models.SlugField(_("কোড"), max_length=64, unique=True)
    name_bn = models.CharField(_("নাম (বাংলা)"), max_length=255)
    name_en = models.CharField(_("নাম (ইংরেজি)"), max_length=255, blank=True)
    level = models.CharField(_("স্তর"), max_length=16, choices=OfficeLevel.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("ঊর্ধ্বতন অফিস"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    supervisor = models.ForeignKey(
        "self",
        verbose_name=_("চুক্তির দ্বিতীয় পক্ষ (তত্ত্বাবধায়ক অফিস)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="supervised_offices",
    )
    head_title_bn = models.CharField(_("অফিস প্রধানের পদবি (বাংলা)"), max_length=128, blank=True)
    head_title_en = models.CharField(_("অফিস প্রধানের পদবি (ইংরেজি)"), max_length=128, blank=True)
    # Materialised path of codes ("/ict-division/ict-dg/ict-dc-khulna/") so that a subtree is one indexed
    # prefix query, whatever its depth.
    tree_path = models.CharField(_("শ্রেণিবিন্যাস পথ"), max_length=1024, editable=False, db_index=True)

    class Meta:
        verbose_name = _("অফিস")
        verbose_name_plural = _("অফিসসমূহ")
        ordering = ["tree_path"]
        constraints = [
            in_choices("level", OfficeLevel, name="office_level_valid"),
            models.CheckConstraint(condition=~Q(parent=models.F("id")), name="office_not_own_parent"),
            models.CheckConstraint(condition=~Q(supervisor=models.F("id")), name="office_not_own_supervisor"),
        ]

    def __str__(self) -> str:
        return self.name_bn

    def save(self, *args, **kwargs) -> None:
        previous_path = self.tree_path
        self.tree_path = f"{self.parent.tree_path if self.parent else '/'}{self.code}/"
        super().save(*args, **kwargs)
        if previous_path and previous_path != self.tree_path:
            for child in self.children.all():
                child.save(update_fields=["tree_path"])

    def clean(self) -> None:
        ancestor = self.parent
        while ancestor is not None:
            if ancestor.pk == self.pk and self.pk is not None:
                raise ValidationError({"parent": _("অফিস নিজের অধীনস্থ অফিসের অধীনে থাকতে পারে না।")})
            ancestor = ancestor.parent

    @property
    def party_title_bn(self) -> str:
        """The office as a party of an agreement: "প্রোগ্রামার, জেলা কার্যালয়, ময়মনসিংহ, আইসিটি অধিদপ্তর"."""
        return f"{self.head_title_bn}, {self.name_bn}" if self.head_title_bn else self.name_bn


class User(AbstractUser):
    """A person who logs in; what they may see and do comes from their office memberships."""

    name_bn = models.CharField(_("নাম (বাংলা)"), max_length=255, blank=True)
    designation_bn = models.CharField(_("পদবি (বাংলা)"), max_length=255, blank=True)
    # The interface language the user last chose with the language switch: notifications and e-mails reach
    # them in it, whoever caused them. Bangla, the product's language, until they choose.
    language = models.CharField(
        _("পছন্দের ভাষা"), max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )

    class Meta:
        verbose_name = _("ব্যবহারকারী")
        verbose_name_plural = _("ব্যবহারকারীগণ")
        constraints = [
            models.CheckConstraint(
                condition=Q(language__in=[code for code, _name in settings.LANGUAGES]),
                name="user_language_valid",
            )
        ]

    def __str__(self) -> str:
        return self.name_bn or self.get_full_name() or self.username


class Role(models.TextChoices):
    FOCAL_POINT = "focal_point", _("এপিএ ফোকাল পয়েন্ট")
    OFFICE_HEAD = "office_head", _("অফিস প্রধান")
    SUPERVISOR_REVIEWER = "supervisor_reviewer", _("তত্ত্বাবধায়ক অফিসের পর্যালোচক")
    SUPERVISOR_HEAD = "supervisor_head", _("তত্ত্বাবধায়ক অফিস প্রধান")
    OBSERVER = "observer", _("পর্যবেক্ষক")
    ADMINISTRATOR = "administrator", _("প্রশাসক")


class OfficeMembership(models.Model):
    """A role a user holds at an office; for an observer, the office is the top of the subtree they read."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ব্যবহারকারী"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    office = models.ForeignKey(
        Office,
        verbose_name=_("অফিস"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    role = models.CharField(_("ভূমিকা"), max_length=32, choices=Role.choices)

    class Meta:
        verbose_name = _("অফিসে ভূমিকা")
        verbose_name_plural = _("অফিসে ভূমিকাসমূহ")
        constraints = [
            in_choices("role", Role, name="office_membership_role_valid"),
            models.UniqueConstraint(fields=["user", "office", "role"], name="membership_unique"),
            # Only an administrator may hold a role over the whole system (no office).
            models.CheckConstraint(
                condition=Q(office__isnull=False) | Q(role="administrator"),
                name="membership_office_required",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.office or _('সকল অফিস')}"


class ScoringPolicy(models.TextChoices):
    INTERPOLATE = "interpolate", _("রৈখিক অন্তর্বর্তী মান (ইন্টারপোলেশন)")
    STEP = "step", _("অর্জিত কলামের মান (ধাপ)")


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


class AgreementStatus(models.TextChoices):
    DRAFT = "draft", _("খসড়া")
    SUBMITTED = "submitted", _("দাখিলকৃত")
    RETURNED = "returned", _("ফেরতকৃত")
    APPROVED = "approved", _("অনুমোদিত")
    SIGNED = "signed", _("অফিস প্রধান কর্তৃক স্বাক্ষরিত")
    ACTIVE = "active", _("কার্যকর")
    SUPERSEDED = "superseded", _("সংশোধিত সংস্করণ দ্বারা প্রতিস্থাপিত")


class AgreementQuerySet(models.QuerySet):
    def current(self) -> AgreementQuerySet:
        return self.filter(is_current=True)


class Agreement(models.Model):
    """One version of an office's annual performance agreement with its supervisor office."""

    office = models.ForeignKey(
        Office, verbose_name=_("প্রথম পক্ষ (অফিস)"), on_delete=models.PROTECT, related_name="agreements"
    )
    supervisor_office = models.ForeignKey(
        Office,
        verbose_name=_("দ্বিতীয় পক্ষ (তত্ত্বাবধায়ক অফিস)"),
        on_delete=models.PROTECT,
        related_name="supervised_agreements",
    )
    fiscal_year = models.ForeignKey(
        FiscalYear, verbose_name=_("অর্থবছর"), on_delete=models.PROTECT, related_name="agreements"
    )
    version = models.PositiveSmallIntegerField(_("সংস্করণ"), default=1)
    # The version in force (or being drafted): exactly one per office and year.
    is_current = models.BooleanField(_("বর্তমান সংস্করণ"), default=True)
    status = models.CharField(
        _("অবস্থা"), max_length=16, choices=AgreementStatus.choices, default=AgreementStatus.DRAFT
    )
    # As the document names the parties; blank where it names none (seed 001): pages and documents then show
    # the office's name (`first_party_display`), which is never written back as if the document said it.
    first_party_bn = models.CharField(_("প্রথম পক্ষের পরিচয়"), max_length=255, blank=True)
    second_party_bn = models.CharField(_("দ্বিতীয় পক্ষের পরিচয়"), max_length=255, blank=True)
    recent_achievements = models.TextField(_("সাম্প্রতিক বছরসমূহের প্রধান অর্জনসমূহ"), blank=True)
    problems_challenges = models.TextField(_("সমস্যা এবং চ্যালেঞ্জসমূহ"), blank=True)
    future_plans = models.TextField(_("ভবিষ্যৎ পরিকল্পনা"), blank=True)
    expected_achievements = models.TextField(_("সম্ভাব্য প্রধান অর্জনসমূহ"), blank=True)
    vision = models.TextField(_("রূপকল্প"), blank=True)
    mission = models.TextField(_("অভিলক্ষ্য"), blank=True)
    final_submission_at = models.DateField(_("চূড়ান্ত দাখিলের তারিখ"), null=True, blank=True)
    revision_justification = models.TextField(_("সংশোধনের যৌক্তিকতা"), blank=True)
    created_at = models.DateTimeField(_("তৈরির সময়"), auto_now_add=True)
    updated_at = models.DateTimeField(_("সর্বশেষ পরিবর্তন"), auto_now=True)

    objects = AgreementQuerySet.as_manager()

    class Meta:
        verbose_name = _("বার্ষিক কর্মসম্পাদন চুক্তি")
        verbose_name_plural = _("বার্ষিক কর্মসম্পাদন চুক্তিসমূহ")
        ordering = ["-fiscal_year__start_year", "office__tree_path", "-version"]
        constraints = [
            in_choices("status", AgreementStatus, name="agreement_status_valid"),
            models.UniqueConstraint(
                fields=["office", "fiscal_year", "version"], name="agreement_version_unique"
            ),
            models.UniqueConstraint(
                fields=["office", "fiscal_year"], condition=Q(is_current=True), name="agreement_one_current"
            ),
            models.CheckConstraint(condition=Q(version__gte=1), name="agreement_version_gte_1"),
            models.CheckConstraint(
                condition=~Q(office=models.F("supervisor_office")), name="agreement_parties_differ"
            ),
        ]
        indexes = [models.Index(fields=["fiscal_year", "status"], name="agreement_year_status")]

    def __str__(self) -> str:
        return f"{self.office} — {self.fiscal_year}" + (f" (v{self.version})" if self.version > 1 else "")

    @property
    def first_party_display(self) -> str:
        """The first party as the agreement names it, else the office's name."""
        return self.first_party_bn or self.office.name_bn

    @property
    def second_party_display(self) -> str:
        """The second party as the agreement names it, else the supervisor office's name."""
        return self.second_party_bn or self.supervisor_office.name_bn


class AgreementFunction(models.Model):
    """One of the office's functions (কার্যাবলি), Section 1.4."""

    agreement = models.ForeignKey(
        Agreement, verbose_name=_("চুক্তি"), on_delete=models.CASCADE, related_name="functions"
    )
    position = models.PositiveSmallIntegerField(_("ক্রম"))
    text = models.TextField(_("কার্যাবলি"))

    class Meta:
        verbose_name = _("কার্যাবলি")
        verbose_name_plural = _("কার্যাবলি")
        ordering = ["agreement", "position"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "position"], name="function_position_unique")
        ]

    def __str__(self) -> str:
        return self.text[:80]


class Acronym(models.Model):
    """Annex 1: an acronym used in the agreement."""

    agreement = models.ForeignKey(
        Agreement, verbose_name=_("চুক্তি"), on_delete=models.CASCADE, related_name="acronyms"
    )
    position = models.PositiveSmallIntegerField(_("ক্রমিক নম্বর"))
    acronym = models.CharField(_("শব্দসংক্ষেপ"), max_length=128)
    description = models.CharField(_("বিবরণ"), max_length=512)

    class Meta:
        verbose_name = _("শব্দসংক্ষেপ")
        verbose_name_plural = _("শব্দসংক্ষেপসমূহ")
        ordering = ["agreement", "position"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "position"], name="acronym_position_unique"),
            models.UniqueConstraint(fields=["agreement", "acronym"], name="acronym_unique"),
        ]

    def __str__(self) -> str:
        return self.acronym


class SignatureParty(models.TextChoices):
    FIRST = "first", _("প্রথম পক্ষ (অফিস প্রধান)")
    SECOND = "second", _("দ্বিতীয় পক্ষ (তত্ত্বাবধায়ক অফিস প্রধান)")


class Signature(models.Model):
    """A party's signature on one agreement version, with the signer's name and title as they were then."""

    agreement = models.ForeignKey(
        Agreement, verbose_name=_("চুক্তি"), on_delete=models.CASCADE, related_name="signatures"
    )
    party = models.CharField(_("পক্ষ"), max_length=8, choices=SignatureParty.choices)
    signer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("স্বাক্ষরকারী"), null=True, on_delete=models.PROTECT
    )
    signer_name_bn = models.CharField(_("স্বাক্ষরকারীর নাম"), max_length=255)
    signer_title_bn = models.CharField(_("স্বাক্ষরকারীর পদবি"), max_length=255)
    signed_on = models.DateField(_("স্বাক্ষরের তারিখ"))

    class Meta:
        verbose_name = _("স্বাক্ষর")
        verbose_name_plural = _("স্বাক্ষরসমূহ")
        constraints = [
            in_choices("party", SignatureParty, name="signature_party_valid"),
            models.UniqueConstraint(fields=["agreement", "party"], name="signature_once_per_party"),
        ]

    def __str__(self) -> str:
        return f"{self.agreement} — {self.get_party_display()}"


class AuditEntry(models.Model):
    """Who changed what and when: written by every service in the same transaction as the change."""

    at = models.DateTimeField(_("সময়"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("কর্তা"), null=True, blank=True, on_delete=models.PROTECT
    )
    action = models.CharField(_("কাজ"), max_length=64)
    object_type = models.CharField(_("বস্তুর ধরন"), max_length=64)
    object_id = models.CharField(_("বস্তুর আইডি"), max_length=64)
    object_repr = models.CharField(_("বস্তু"), max_length=255)
    agreement = models.ForeignKey(
        Agreement,
        verbose_name=_("চুক্তি"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="audit_entries",
    )
    before = models.JSONField(_("পূর্বের মান"), null=True, blank=True)
    after = models.JSONField(_("নতুন মান"), null=True, blank=True)
    reason = models.TextField(_("কারণ"), blank=True)

    class Meta:
        verbose_name = _("নিরীক্ষা লগ")
        verbose_name_plural = _("নিরীক্ষা লগ")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor} {self.action} {self.object_repr}"


class ReviewComment(models.Model):
    """A reviewer's comment on a submitted agreement, on the whole document or on one indicator or item."""

    agreement = models.ForeignKey(
        Agreement, verbose_name=_("চুক্তি"), on_delete=models.CASCADE, related_name="review_comments"
    )
    indicator = models.ForeignKey(
        "indicators.Indicator",
        verbose_name=_("সূচক"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="review_comments",
    )
    # Another item of the document ("area-7", "outcomeindicator-3"), the anchor the drafting page uses.
    item_key = models.CharField(_("অংশ"), max_length=64, blank=True)
    item_label = models.CharField(_("অংশের নাম"), max_length=255, blank=True)
    text = models.TextField(_("মন্তব্য"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("মন্তব্যকারী"), null=True, on_delete=models.PROTECT
    )
    created_at = models.DateTimeField(_("সময়"), auto_now_add=True)
    # Set when the office resubmits: the comment then belongs to an earlier round of review.
    resolved_at = models.DateTimeField(_("নিষ্পত্তির সময়"), null=True, blank=True)

    class Meta:
        verbose_name = _("পর্যালোচনার মন্তব্য")
        verbose_name_plural = _("পর্যালোচনার মন্তব্যসমূহ")
        ordering = ["agreement", "created_at", "id"]
        indexes = [models.Index(fields=["agreement", "resolved_at"], name="review_comment_open")]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def anchor(self) -> str:
        """The same key as `indicators.validation.Problem.key`, so comments and problems sit together."""
        return f"indicator-{self.indicator_id}" if self.indicator_id else self.item_key


class Notification(models.Model):
    """A message to one user in the application (also sent by e-mail); read once opened."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("প্রাপক"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    agreement = models.ForeignKey(
        Agreement,
        verbose_name=_("চুক্তি"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    event = models.CharField(_("ঘটনা"), max_length=32)
    message = models.TextField(_("বার্তা"))
    url = models.CharField(_("লিংক"), max_length=500, blank=True)
    # Reminders carry a key so that a job run twice on the same day notifies once.
    dedupe_key = models.CharField(_("পুনরাবৃত্তি রোধের চাবি"), max_length=128, blank=True)
    created_at = models.DateTimeField(_("সময়"), auto_now_add=True)
    read_at = models.DateTimeField(_("পড়ার সময়"), null=True, blank=True)

    class Meta:
        verbose_name = _("বিজ্ঞপ্তি")
        verbose_name_plural = _("বিজ্ঞপ্তিসমূহ")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "dedupe_key"], condition=~Q(dedupe_key=""), name="notification_once"
            )
        ]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_unread")]

    def __str__(self) -> str:
        return self.message[:80]


class SelfAssessmentStatus(models.TextChoices):
    SUBMITTED = "submitted", _("দাখিলকৃত")
    VERIFIED = "verified", _("যাচাইকৃত")
    PUBLISHED = "published", _("প্রকাশিত")


class SelfAssessment(models.Model):
    """The annual self-assessment: the claimed score, the supervisor's verified score, publication."""

    agreement = models.OneToOneField(
        Agreement, verbose_name=_("চুক্তি"), on_delete=models.CASCADE, related_name="self_assessment"
    )
    status = models.CharField(
        _("অবস্থা"), max_length=16, choices=SelfAssessmentStatus.choices, default=SelfAssessmentStatus.SUBMITTED
    )
    claimed_total = models.DecimalField(_("দাবিকৃত স্কোর"), max_digits=9, decimal_places=4)
    verified_total = models.DecimalField(
        _("যাচাইকৃত স্কোর"), max_digits=9, decimal_places=4, null=True, blank=True
    )
    office_note = models.TextField(_("অফিসের মন্তব্য"), blank=True)
    supervisor_note = models.TextField(_("তত্ত্বাবধায়ক অফিসের মন্তব্য"), blank=True)
    submitted_late = models.BooleanField(_("নির্ধারিত তারিখের পরে দাখিল"), default=False)
    submitted_at = models.DateTimeField(_("দাখিলের সময়"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("দাখিলকারী"), on_delete=models.PROTECT, related_name="+"
    )
    verified_at = models.DateTimeField(_("যাচাইয়ের সময়"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("যাচাইকারী"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    published_at = models.DateTimeField(_("প্রকাশের সময়"), null=True, blank=True)

    class Meta:
        verbose_name = _("বার্ষিক স্ব-মূল্যায়ন")
        verbose_name_plural = _("বার্ষিক স্ব-মূল্যায়নসমূহ")
        constraints = [
            in_choices("status", SelfAssessmentStatus, name="self_assessment_status_valid"),
            models.CheckConstraint(
                condition=Q(status="submitted") | Q(verified_total__isnull=False),
                name="self_assessment_verified_has_total",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agreement} — {self.get_status_display()}"
