"""What the import_offices and import_users commands share: the file, --dry-run, every problem on stderr."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from agreements.org_import import ImportOutcome


class OrgImportCommand(BaseCommand):
    importer = None

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="Check and report; save nothing.")

    def handle(self, *args, file: Path, dry_run: bool, **options):
        # The messages are the product's, in Bangla, whatever the shell's locale.
        translation.activate("bn")
        try:
            stream = file.open("rb")
        except OSError as error:
            raise CommandError(str(error)) from None
        with stream:
            outcome: ImportOutcome = self.importer(file=stream, filename=file.name, dry_run=dry_run)
        for problem in outcome.problems:
            self.stderr.write(str(problem))
        if outcome.problems:
            raise CommandError(outcome.summary())
        for change in outcome.preview():
            self.stdout.write(str(change))
        self.stdout.write(outcome.summary())
