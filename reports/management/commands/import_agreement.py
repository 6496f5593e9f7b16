"""python manage.py import_agreement FILE --user USERNAME: an agreement's Excel twin as a new draft."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from agreements.models import User
from reports.importer import ImportRejected, import_agreement


class Command(BaseCommand):
    help = "Import an agreement from its Excel twin as a new draft; prints every problem and saves nothing."

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--user", required=True, help="username of the person importing (the audit actor)"
        )

    def handle(self, *args, file, user, **options) -> None:
        actor = User.objects.filter(username=user).first()
        if actor is None:
            raise CommandError(f"no user {user!r}")
        try:
            with Path(file).open("rb") as handle:
                agreement = import_agreement(file=handle, actor=actor, filename=file.name)
        except ImportRejected as rejected:
            for problem in rejected.problems:
                self.stderr.write(f"{problem.where}: {problem.message}")
            raise CommandError(f"{len(rejected.problems)} problem(s); nothing was saved") from None
        self.stdout.write(f"imported draft agreement {agreement.pk}: {agreement}")
