"""Stored scores (progress, claimed, verified) of indicators and agreements, computed by
`indicators.scores`."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from agreements.models import Agreement, FiscalYear, in_choices

from .tree import Indicator


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
