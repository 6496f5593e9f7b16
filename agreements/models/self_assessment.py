"""The annual self-assessment: the office's claimed score, the supervisor's verified score, publication."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apa_portal import text_limits
from apa_portal.text_limits import LimitedTextField

from .agreements import Agreement
from .constraints import in_choices


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
    office_note = LimitedTextField(_("অফিসের মন্তব্য"), max_length=text_limits.NOTE, blank=True)
    supervisor_note = LimitedTextField(_("তত্ত্বাবধায়ক অফিসের মন্তব্য"), max_length=text_limits.NOTE, blank=True)
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
