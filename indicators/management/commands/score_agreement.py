import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from agreements.models import Agreement
from apa_portal import display
from apa_portal.bangla import parse_fiscal_year
from indicators import values
from indicators.models import AgreementScore, ScoreKind
from indicators.scores import AgreementExplanation, explain_agreement, score_text


class Command(BaseCommand):
    help = (
        "Print the score of one agreement with the explanation of every indicator (or as JSON), and check it "
        "against the stored score."
    )

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
        stored = AgreementScore.objects.filter(agreement=agreement, kind=kind).first()
        if json:
            self.stdout.write(self.as_json(explanation, stored))
        else:
            self.write_text(explanation)
        self.check_stored(explanation, stored)

    def write_text(self, explanation: AgreementExplanation) -> None:
        agreement = explanation.agreement
        self.stdout.write(
            f"{agreement.office} — {agreement.fiscal_year} — {ScoreKind(explanation.kind).label}"
        )
        for item in explanation.indicators:
            self.stdout.write(f"\n{display.item_label(item.indicator)}")
            for line in item.lines:
                self.stdout.write(f"    {line}")
        self.stdout.write("")
        for area, total in explanation.area_totals:
            self.stdout.write(
                _("%(area)s: %(score)s / %(weight)s")
                % {
                    "area": display.item_label(area),
                    "score": score_text(total),
                    "weight": display.number(area.weight),
                }
            )
        self.stdout.write(
            _("মোট স্কোর: %(total)s / %(out_of)s")
            % {"total": score_text(explanation.result.total), "out_of": display.number(100)}
        )

    def check_stored(self, explanation: AgreementExplanation, stored: AgreementScore | None) -> None:
        """The stored snapshot (what rankings read) must equal a fresh computation; a difference is a bug
        in keeping the snapshots up to date, reported on stderr."""
        live_areas = {str(area.pk): str(total) for area, total in explanation.area_totals}
        if stored is None:
            self.stderr.write(_("সতর্কতা: এই চুক্তির এই ধরনের কোনো সংরক্ষিত স্কোর নেই।"))
        elif stored.total != explanation.result.total or stored.area_totals != live_areas:
            self.stderr.write(
                _(
                    "ত্রুটি: সংরক্ষিত স্কোর (মোট %(stored)s) এখনকার হিসাবের (মোট %(live)s) সাথে মেলে না; "
                    "সংরক্ষিত স্কোর হালনাগাদ হয়নি।"
                )
                % {"stored": score_text(stored.total), "live": score_text(explanation.result.total)}
            )

    @staticmethod
    def as_json(explanation: AgreementExplanation, stored: AgreementScore | None) -> str:
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
                    "scorable": not item.score.problem,
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
            "stored_total": None if stored is None else str(stored.total),
        }
        return json.dumps(data, ensure_ascii=False, indent=2)
