"""Background jobs of the agreements app; thin, each calls a service."""

from django.utils import timezone

from apa_portal.celery import app

from .notifications import deadline_reminders


@app.task
def send_deadline_reminders() -> int:
    """The daily deadline reminders (scheduled in CELERY_BEAT_SCHEDULE); a second run the same day sends
    nothing new."""
    return deadline_reminders(timezone.localdate())
