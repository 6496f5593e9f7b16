"""Messages to users in the application (also sent by e-mail)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .agreements import Agreement


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
