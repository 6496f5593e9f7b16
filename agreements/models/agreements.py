"""An office's annual performance agreement, its versions, its functions (Section 1.4) and acronyms
(Annex 1)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apa_portal import text_limits
from apa_portal.text_limits import LimitedTextField

from .constraints import in_choices
from .fiscal_years import FiscalYear
from .offices import Office


class AgreementStatus(models.TextChoices):
    DRAFT = "draft", _("খসড়া")
    SUBMITTED = "submitted", _("দাখিলকৃত")
    RETURNED = "returned", _("ফেরতকৃত")
    APPROVED = "approved", _("অনুমোদিত")
    SIGNED = "signed", _("অফিস প্রধান কর্তৃক স্বাক্ষরিত")
    ACTIVE = "active", _("কার্যকর")
    SUPERSEDED = "superseded", _("সংশোধিত সংস্করণ দ্বারা প্রতিস্থাপিত")


# The overview and Section 1 texts of an agreement, which the office writes and a reviewer may comment on.
OVERVIEW_FIELDS = (
    "recent_achievements",
    "problems_challenges",
    "future_plans",
    "expected_achievements",
    "vision",
    "mission",
)


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
    recent_achievements = LimitedTextField(
        _("সাম্প্রতিক বছরসমূহের প্রধান অর্জনসমূহ"), max_length=text_limits.SECTION, blank=True
    )
    problems_challenges = LimitedTextField(
        _("সমস্যা এবং চ্যালেঞ্জসমূহ"), max_length=text_limits.SECTION, blank=True
    )
    future_plans = LimitedTextField(_("ভবিষ্যৎ পরিকল্পনা"), max_length=text_limits.SECTION, blank=True)
    expected_achievements = LimitedTextField(
        _("সম্ভাব্য প্রধান অর্জনসমূহ"), max_length=text_limits.SECTION, blank=True
    )
    vision = LimitedTextField(_("রূপকল্প"), max_length=text_limits.STATEMENT, blank=True)
    mission = LimitedTextField(_("অভিলক্ষ্য"), max_length=text_limits.STATEMENT, blank=True)
    final_submission_at = models.DateField(_("চূড়ান্ত দাখিলের তারিখ"), null=True, blank=True)
    revision_justification = LimitedTextField(_("সংশোধনের যৌক্তিকতা"), max_length=text_limits.NOTE, blank=True)
    # Who brought the agreement in from its Excel twin (`reports.importer`); such a draft may be withdrawn.
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("আমদানিকারী"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
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
    text = LimitedTextField(_("কার্যাবলি"), max_length=text_limits.STATEMENT)

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
