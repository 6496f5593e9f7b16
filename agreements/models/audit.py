"""The audit trail: who changed what and when."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from apa_portal import text_limits
from apa_portal.text_limits import LimitedTextField

from .agreements import Agreement


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
    reason = LimitedTextField(_("কারণ"), max_length=text_limits.NOTE, blank=True)

    class Meta:
        verbose_name = _("নিরীক্ষা লগ")
        verbose_name_plural = _("নিরীক্ষা লগ")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor} {self.action} {self.object_repr}"
