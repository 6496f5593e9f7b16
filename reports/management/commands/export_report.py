"""python manage.py export_report --kind agreement --office ict-dc-mymensingh --year 2022-23 --format pdf
--output agreement.pdf"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from agreements.models import Agreement
from apa_portal.bangla import parse_fiscal_year
from reports import builders, services
from reports.models import ReportFormat


class Command(BaseCommand):
    help = "Render one report of an office's current agreement to a PDF or Excel file."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--kind", required=True, choices=builders.KINDS)
        parser.add_argument("--office", required=True, help="office code, e.g. ict-dc-mymensingh")
        parser.add_argument("--year", required=True, help="fiscal year, e.g. 2022-23")
        parser.add_argument("--quarter", type=int, choices=(1, 2, 3, 4))
        parser.add_argument("--format", required=True, choices=ReportFormat.values, dest="fmt")
        parser.add_argument("--output", required=True, type=Path)

    def handle(self, *args, kind, office, year, quarter, fmt, output, **options) -> None:
        try:
            start_year = parse_fiscal_year(year)
        except ValueError as error:
            raise CommandError(f"--year: {error}") from None
        if kind == builders.QUARTERLY and quarter is None:
            raise CommandError("--quarter is required for the quarterly report")
        agreement = (
            Agreement.objects.current()
            .select_related("office", "supervisor_office", "fiscal_year")
            .filter(office__code=office, fiscal_year__start_year=start_year)
            .first()
        )
        if agreement is None:
            raise CommandError(f"no current agreement for office {office!r} in {year}")
        try:
            rendered = services.render_report(kind=kind, agreement=agreement, fmt=fmt, quarter=quarter)
        except builders.ReportUnavailable as problem:
            raise CommandError(str(problem)) from None
        output = Path(output)
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_bytes(rendered.content)
        reused = " (cached render)" if rendered.reused else ""
        self.stdout.write(f"{output}: {len(rendered.content)} bytes{reused}")
