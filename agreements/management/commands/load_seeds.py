from django.core.management.base import BaseCommand

from agreements.seeding import load_seeds


class Command(BaseCommand):
    help = "Load the seed documents (agreements/seed_data) as structured data; a second run changes nothing."

    def handle(self, *args, **options) -> None:
        report = load_seeds()
        if not report.changed:
            self.stdout.write("Seeds already loaded: nothing changed.")
            return
        for label, count in sorted(report.created.items()):
            self.stdout.write(f"created {count:5d} {label}")
        for label, count in sorted(report.updated.items()):
            self.stdout.write(f"updated {count:5d} {label}")
