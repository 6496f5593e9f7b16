"""Quarterly achievements of the Section 3 indicators, as reported and as verified."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agreements.models import in_choices
from apa_portal import text_limits
from apa_portal.text_limits import LimitedTextField

from .tree import Indicator


class VerificationStatus(models.TextChoices):
    PENDING = "pending", _("যাচাই বাকি")
    ACCEPTED = "accepted", _("গৃহীত")
    CORRECTED = "corrected", _("সংশোধিত")


class SupervisorVerification:
    """The supervisor's verification, as Achievement and PlanItem keep it: accepted as reported, or corrected
    to a value (a date or a number) with a reason, by whom and when.

    Each model declares the fields itself (verification_status, verified_number, verified_date,
    verification_reason, verified_by, verified_at): fields of an abstract base would come first in the admin's
    forms, before the achievement they verify."""

    @property
    def corrected_value(self) -> Decimal | date | None:
        """The value the supervisor corrected the achievement to; None unless corrected to a value."""
        return self.verified_date if self.verified_date is not None else self.verified_number

    def record_verification(
        self,
        status: str,
        *,
        actor,
        reason: str = "",
        corrected: Decimal | date | None = None,
        at=None,
    ) -> None:
        """The supervisor's decision (unsaved): `status`, the `corrected` value of a correction, the reason,
        who and when (`at`, else now)."""
        is_date = isinstance(corrected, date)
        self.verification_status = status
        self.verified_date = corrected if is_date else None
        self.verified_number = None if is_date else corrected
        self.verification_reason = reason
        self.verified_by = actor
        self.verified_at = at or timezone.now()

    def reset_verification(self) -> bool:
        """Back to the supervisor (unsaved), when the achievement it vouched for changes: True when a
        verification was undone."""
        if self.verification_status == VerificationStatus.PENDING:
            return False
        self.verification_status = VerificationStatus.PENDING
        self.verified_number = self.verified_date = None
        self.verification_reason = ""
        self.verified_by = self.verified_at = None
        return True


class Achievement(SupervisorVerification, models.Model):
    """An indicator's achievement in one quarter: as the office reported it, as the supervisor verified it."""

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("সূচক"), on_delete=models.CASCADE, related_name="achievements"
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
    verification_reason = LimitedTextField(_("সংশোধনের কারণ"), max_length=text_limits.NOTE, blank=True)
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
            return self.corrected_value
        if self.verification_status == VerificationStatus.ACCEPTED:
            return self.value
        return None
