"""Background jobs of the agreements app; thin, each calls a service."""

from celery import shared_task
from django.utils import timezone

from .notifications import deadline_reminders


@shared_task
def send_deadline_reminders() -> int:
    """The daily deadline reminders (scheduled in CELERY_BEAT_SCHEDULE); a second run the same day sends
    nothing new."""
    return deadline_reminders(timezone.localdate())
