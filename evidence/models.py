"""Evidence (প্রমাণক) for an achievement: uploaded files and links, several per indicator and quarter."""

from __future__ import annotations

import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from agreements.models import in_choices
from indicators.models import Indicator, PlanItem

from .validation import THUMBNAIL_TYPES


def evidence_upload_to(instance: EvidenceItem, filename: str) -> str:
    """Stored under a random name: a file's URL must not be guessable from its office, indicator or title."""
    suffix = PurePath(filename).suffix.lower()[:10]
    return f"evidence/{uuid.uuid4().hex[:2]}/{uuid.uuid4().hex}{suffix}"


class EvidenceKind(models.TextChoices):
    FILE = "file", _("ফাইল")
    LINK = "link", _("লিংক")


class EvidenceItem(models.Model):
    """A file or a link that proves an achievement of a Section 3 indicator or of a governance plan item."""

    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("সূচক"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="evidence",
    )
    plan_item = models.ForeignKey(
        PlanItem,
        verbose_name=_("কর্মপরিকল্পনার সূচক"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="evidence",
    )
    quarter = models.PositiveSmallIntegerField(_("ত্রৈমাসিক"), null=True, blank=True)
    kind = models.CharField(_("ধরন"), max_length=8, choices=EvidenceKind.choices)
    file = models.FileField(_("ফাইল"), upload_to=evidence_upload_to, blank=True, max_length=255)
    original_name = models.CharField(_("মূল ফাইলের নাম"), max_length=255, blank=True)
    content_type = models.CharField(_("ফাইলের ধরন"), max_length=128, blank=True)
    size = models.PositiveBigIntegerField(_("আকার (বাইট)"), null=True, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    url = models.URLField(_("লিংক"), max_length=2000, blank=True)
    description = models.CharField(_("বিবরণ"), max_length=500, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("সংযুক্তকারী"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("সংযুক্তির সময়"), auto_now_add=True)
    # Removal is recorded, not erased: a verified score must stay explainable by the evidence it rested on.
    removed_at = models.DateTimeField(_("অপসারণের সময়"), null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("অপসারণকারী"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("প্রমাণক")
        verbose_name_plural = _("প্রমাণকসমূহ")
        ordering = ["uploaded_at", "id"]
        constraints = [
            in_choices("kind", EvidenceKind, name="evidence_item_kind_valid"),
            models.CheckConstraint(
                condition=Q(indicator__isnull=False, plan_item__isnull=True)
                | Q(indicator__isnull=True, plan_item__isnull=False),
                name="evidence_belongs_to_one_item",
            ),
            models.CheckConstraint(
                condition=Q(quarter__isnull=True) | Q(quarter__gte=1, quarter__lte=4),
                name="evidence_quarter_1_to_4",
            ),
            models.CheckConstraint(
                condition=(Q(kind="file") & ~Q(file="")) | (Q(kind="link") & ~Q(url="")),
                name="evidence_has_file_or_link",
            ),
        ]
        indexes = [models.Index(fields=["indicator", "quarter"], name="evidence_indicator_quarter")]

    def __str__(self) -> str:
        return self.original_name or self.url

    @property
    def shows_as_thumbnail(self) -> bool:
        """A stored image the browser shows itself (its type read from the content at upload)."""
        return (
            self.kind == EvidenceKind.FILE
            and self.removed_at is None
            and self.content_type in THUMBNAIL_TYPES
        )
