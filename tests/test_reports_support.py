"""Shared by the tests/test_reports_*.py modules (no tests here): rendering the five seed documents once per
test session, and looking at PDFs as images (never as text:
WeasyPrint's Bengali text layer is garbled, DESIGN.md section 6)."""

from __future__ import annotations

import subprocess
import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from unittest import mock

import pytest
from PIL import Image, ImageChops

REFERENCE_DIR = Path(__file__).parent / "reference_images"
PRINT_DATE = date(2022, 10, 4)  # seed 000's own print date; pinned so that the pages never drift by a day
DPI = 30


@dataclass
class SeedRender:
    """A seed document as rendered: its PDF and Excel twin, and the database values to compare against."""

    key: str
    pdf: bytes
    xlsx: bytes
    expected: dict = field(default_factory=dict)


def pdf_pages(pdf: bytes, dpi: int = DPI) -> list[Image.Image]:
    """Every page as a grayscale image, via poppler's pdftoppm."""
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "document.pdf"
        source.write_bytes(pdf)
        subprocess.run(
            ["pdftoppm", "-r", str(dpi), "-gray", "-png", str(source), str(Path(folder) / "page")],
            check=True,
            capture_output=True,
        )
        return [Image.open(path).convert("L").copy() for path in sorted(Path(folder).glob("page-*.png"))]


def ink_fraction(page: Image.Image, *, skip_bottom: float = 0.1) -> float:
    """Share of dark pixels above the footer band: a page with only its footer counts as blank."""
    body = page.crop((0, 0, page.width, int(page.height * (1 - skip_bottom))))
    dark = sum(body.point(lambda v: 255 if v < 160 else 0).histogram()[255:])
    return dark / (body.width * body.height)


def difference(page: Image.Image, reference: Image.Image) -> float:
    """Share of pixels that differ clearly (by more than a quarter of the grey range)."""
    if page.size != reference.size:
        return 1.0
    delta = ImageChops.difference(page, reference).point(lambda v: 255 if v > 64 else 0)
    return sum(delta.histogram()[255:]) / (page.width * page.height)


def reference_pages(key: str) -> list[Image.Image]:
    return [Image.open(path).convert("L") for path in sorted((REFERENCE_DIR / key).glob("page-*.png"))]


def write_reference_pages(key: str, pages: list[Image.Image]) -> None:
    folder = REFERENCE_DIR / key
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("page-*.png"):
        old.unlink()
    for number, page in enumerate(pages, start=1):
        page.save(folder / f"page-{number:02d}.png", optimize=True)


def render_seeds() -> dict[str, SeedRender]:
    """Load the seeds and render the five documents; the caller runs this inside a rolled-back transaction."""
    from agreements.models import Agreement, AgreementStatus, GovernancePlanKind, Office
    from agreements.seeding import load_seeds
    from indicators.governance_selectors import template_for_office
    from indicators.governance_services import ITEM_FIELDS
    from indicators.models import Achievement, GovernancePlan, IndicatorScore, PlanItem, ScoreKind
    from reports import builders, excel, pdf

    load_seeds()

    def current(code: str, start_year: int) -> Agreement:
        return Agreement.objects.select_related("office", "supervisor_office", "fiscal_year").get(
            office__code=code, fiscal_year__start_year=start_year, is_current=True
        )

    mymensingh = current("ict-dc-mymensingh", 2022)
    khulna = current("ict-dc-khulna", 2023)
    rajshahi = current("divcom-rajshahi", 2021)
    ssd = current("ssd", 2021)
    # Seed 003: the 2024-25 plans as a district office receives them from the year's templates.
    office = Office.objects.get(code="ict-dc-mymensingh")
    from agreements.models import FiscalYear

    plans_2024 = Agreement.objects.create(
        office=office,
        supervisor_office=office.supervisor,
        fiscal_year=FiscalYear.objects.get(start_year=2024),
        status=AgreementStatus.DRAFT,
        first_party_bn=office.party_title_bn,
        second_party_bn=office.supervisor.party_title_bn,
    )
    # The templates are copied as plans_instantiate() copies them, without its score refresh: that refresh
    # currently fails on 2024-25 template items that have no target column filled (reported to the lead).
    for kind in GovernancePlanKind.values:
        template = template_for_office(plans_2024.fiscal_year, kind, office.level)
        if template is None:
            continue
        plan = GovernancePlan.objects.create(
            agreement=plans_2024,
            template=template,
            kind=kind,
            title_bn=template.title_bn,
            levels=template.levels,
            total_marks=template.total_marks,
        )
        PlanItem.objects.bulk_create(
            PlanItem(plan=plan, position=item.position, **{name: getattr(item, name) for name in ITEM_FIELDS})
            for item in template.items.order_by("position")
        )
    plans_2024 = current("ict-dc-mymensingh", 2024)

    documents = {
        "000-agreement": builders.build_agreement(mymensingh),
        "001-quarterly": builders.build_quarterly(khulna, 2),
        "002-governance": builders.build_governance(rajshahi),
        "003-governance": builders.build_governance(plans_2024),
        "004-self-assessment": builders.build_self_assessment(ssd),
    }
    expected = {
        "000-agreement": {
            "indicators": [
                (i.code, i.area_kind, i.weight, i.target_values())
                for i in mymensingh.indicators.order_by(
                    "activity__area__position", "activity__position", "position"
                )
            ],
            "acronyms": list(mymensingh.acronyms.values_list("acronym", flat=True)),
        },
        "001-quarterly": {
            "achievements": {
                a.indicator.code: a.value_number
                for a in Achievement.objects.filter(indicator__agreement=khulna, quarter=2).select_related(
                    "indicator"
                )
            }
        },
        "004-self-assessment": {
            "claimed_total": GovernancePlan.objects.get(agreement=ssd).claimed_total,
            "claimed_indicator_scores": list(
                IndicatorScore.objects.filter(agreement=ssd, kind=ScoreKind.CLAIMED).values_list(
                    "weighted", flat=True
                )
            ),
        },
        "003-governance": {"plans": GovernancePlan.objects.filter(agreement=plans_2024).count()},
    }
    renders = {}
    with mock.patch("django.utils.timezone.localdate", return_value=PRINT_DATE):
        for key, document in documents.items():
            document.printed_on = PRINT_DATE
            renders[key] = SeedRender(
                key, pdf.render_pdf(document), excel.render_xlsx(document), expected.get(key, {})
            )
    return renders


_RENDERS: dict[str, SeedRender] = {}


@pytest.fixture(scope="session")
def seed_renders(django_db_setup, django_db_blocker) -> dict[str, SeedRender]:
    """The five seed documents rendered once per session (rendering costs ~0.25 s a page), whichever test
    module asks first; the seed data is loaded inside a transaction that is rolled back, so no other test
    sees it."""
    from django.db import connection, transaction

    if not _RENDERS:
        # pytest-django creates the test database only for modules with django_db tests: never the real one.
        name = str(connection.settings_dict["NAME"])
        assert "memory" in name or "test" in name, f"refusing to load seeds into {name}"
        with django_db_blocker.unblock(), transaction.atomic():
            _RENDERS.update(render_seeds())
            transaction.set_rollback(True)
    return _RENDERS
