"""Review and signing of an agreement: the reviewers' comments and the parties' signatures."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from apa_portal import text_limits
from apa_portal.text_limits import LimitedTextField

from .agreements import Agreement
from .constraints import in_choices


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
        settings.AUTH_USER_MODEL, verbose_name=_("স্বাক্ষরকারী"), null=True, blank=True, on_delete=models.PROTECT
    )
    signer_name_bn = models.CharField(_("স্বাক্ষরকারীর নাম"), max_length=255)
    signer_title_bn = models.CharField(_("স্বাক্ষরকারীর পদবি"), max_length=255)
    signed_on = models.DateField(_("স্বাক্ষরের তারিখ"))
    # A past year's signature copied from its document (`reports.importer`): who recorded it, not who signed.
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("আমদানিকারী"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("স্বাক্ষর")
        verbose_name_plural = _("স্বাক্ষরসমূহ")
        constraints = [
            in_choices("party", SignatureParty, name="signature_party_valid"),
            models.UniqueConstraint(fields=["agreement", "party"], name="signature_once_per_party"),
        ]

    def __str__(self) -> str:
        return f"{self.agreement} — {self.get_party_display()}"


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
    text = LimitedTextField(_("মন্তব্য"), max_length=text_limits.NOTE)
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
