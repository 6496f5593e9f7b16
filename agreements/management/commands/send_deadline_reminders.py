"""Remind offices and supervisors of approaching deadlines; run once a day (cron, or the Celery beat entry
`agreements.tasks.send_deadline_reminders`). Running it twice on the same day sends nothing new."""

from datetime import date

from django.core.management.base import BaseCommand
from django.utils import timezone

from agreements.notifications import deadline_reminders


class Command(BaseCommand):
    help = (
        "Send reminders 7, 3 and 1 day(s) before the fiscal year's deadlines: signing, quarterly reports, "
        "revisions, half-yearly feedback, self-assessment, publication of the evaluation."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--today", type=date.fromisoformat, help="Pretend today is this date (YYYY-MM-DD)."
        )

    def handle(self, *args, today: date | None = None, **options):
        sent = deadline_reminders(today or timezone.localdate())
        self.stdout.write(f"{sent} reminder(s) sent")
