"""An office's quarterly report: whether a quarter's entries are open, submitted or locked."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from agreements.models import Agreement, in_choices
from apa_portal import text_limits
from apa_portal.text_limits import LimitedTextField


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
    reason = LimitedTextField(_("কারণ"), max_length=text_limits.NOTE, blank=True)

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
