from django.core.management.base import BaseCommand

from agreements.seeding import load_seeds

# Lines of the drift report shown per unit; the rest are counted.
DRIFT_LINES = 8


class Command(BaseCommand):
    help = (
        "Load the seed documents (agreements/seed_data) as structured data: creates what is missing, leaves "
        "what exists as it is and reports where it differs from the seeds."
    )

    def handle(self, *args, **options) -> None:
        report = load_seeds()
        if not report.changed and not report.drift:
            self.stdout.write(
                "বীজ-উপাত্ত আগেই লোড করা আছে; কিছু বদলায়নি। / Seeds already loaded: nothing changed."
            )
            return
        if report.created:
            self.stdout.write("তৈরি হলো / created:")
            for model, count in report.created.items():
                self.stdout.write(f"  {count:5d}  {model._meta.verbose_name_plural} ({model._meta.label})")
        if report.kept:
            self.stdout.write("আগে থেকেই ছিল, যেমন ছিল তেমন রাখা হলো / already there, left as it was:")
            for model, count in report.kept.items():
                self.stdout.write(f"  {count:5d}  {model._meta.verbose_name_plural} ({model._meta.label})")
        if report.drift:
            self.stdout.write(
                self.style.WARNING(
                    "বীজ-উপাত্ত থেকে ভিন্ন, তবে বদলানো হয়নি / differs from the seeds, not overwritten:"
                )
            )
            for unit, notes in report.drift.items():
                self.stdout.write(f"  {unit}")
                for note in notes[:DRIFT_LINES]:
                    self.stdout.write(f"    {note}")
                if len(notes) > DRIFT_LINES:
                    self.stdout.write(f"    … +{len(notes) - DRIFT_LINES}")
