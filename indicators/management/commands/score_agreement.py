import json

from django.core.management.base import BaseCommand, CommandError

from agreements.models import Agreement
from apa_portal.bangla import parse_fiscal_year
from indicators import values
from indicators.models import ScoreKind
from indicators.scores import explain_agreement


class Command(BaseCommand):
    help = "Print the score of one agreement with the explanation of every indicator (or as JSON)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--office", required=True, help="office code, e.g. ict-dc-khulna")
        parser.add_argument("--year", required=True, help="fiscal year, e.g. 2023-24")
        parser.add_argument("--kind", choices=ScoreKind.values, default=ScoreKind.PROGRESS)
        parser.add_argument("--json", action="store_true", help="machine-readable output")

    def handle(self, *args, office: str, year: str, kind: str, json: bool, **options) -> None:
        try:
            start_year = parse_fiscal_year(year)
        except ValueError as error:
            raise CommandError(f"--year: {error}") from error
        agreement = (
            Agreement.objects.current()
            .select_related("office", "fiscal_year")
            .filter(office__code=office, fiscal_year__start_year=start_year)
            .first()
        )
        if agreement is None:
            raise CommandError(f"No agreement of office {office!r} for {year}.")
        explanation = explain_agreement(agreement, kind)
        if json:
            self.stdout.write(self.as_json(explanation))
            return
        self.stdout.write(f"{agreement.office} — {agreement.fiscal_year} — {ScoreKind(kind).label}")
        for item in explanation.indicators:
            self.stdout.write(f"\n[{item.indicator.code}] {item.indicator.title}")
            for line in item.lines:
                self.stdout.write(f"    {line}")
        self.stdout.write("")
        for area, total in explanation.area_totals:
            self.stdout.write(f"[{area.code}] {area.title}: {total:.2f} / {area.weight}")
        self.stdout.write(f"Total: {explanation.result.total:.2f} / 100")

    @staticmethod
    def as_json(explanation) -> str:
        agreement = explanation.agreement
        data = {
            "office": agreement.office.code,
            "year": agreement.fiscal_year.label,
            "kind": explanation.kind,
            "indicators": [
                {
                    "code": item.indicator.code,
                    "area": item.area.code,
                    "section": item.area.kind,
                    "weight": str(item.score.weight),
                    "method": item.indicator.method or None,
                    "quarter_values": [values.encode(v) for v in item.score.quarter_values],
                    "annual_value": values.encode(item.score.annual_value),
                    "reported": item.score.reported,
                    "raw_score": str(item.score.raw),
                    "weighted_score": str(item.score.weighted),
                    "explanation": item.lines,
                }
                for item in explanation.indicators
            ],
            "areas": [
                {"code": area.code, "section": area.kind, "weight": str(area.weight), "score": str(total)}
                for area, total in explanation.area_totals
            ],
            "total": str(explanation.result.total),
        }
        return json.dumps(data, ensure_ascii=False, indent=2)
