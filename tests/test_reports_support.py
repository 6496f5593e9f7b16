"""Shared by the tests/test_reports_*.py modules (no tests here): rendering the five seed documents once per
test session, and looking at PDFs as images and at WeasyPrint's layout boxes for line breaks (their text
layer is checked in tests/test_reports_pdf_text.py)."""

from __future__ import annotations

import subprocess
import tempfile
import unicodedata
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
    breaks: list[str] = field(default_factory=list)  # lines ending inside a word (see mid_word_breaks)
    html: str = ""  # the HTML the PDF was rendered from


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


def mid_word_breaks(laid_out) -> list[str]:
    """Lines in data-table cells that end inside a word ("কর্মসম্পাদ|নের"), read from WeasyPrint's layout boxes
    (never from the PDF). A line may end at a space, after "/" or "-", or inside an evidence link (those break
    anywhere on purpose)."""
    from weasyprint.formatting_structure import boxes

    def in_word(ch: str) -> bool:
        return unicodedata.category(ch)[0] in "LMN"

    def lines(box) -> list[str]:
        if isinstance(box, boxes.LineBox):
            return ["".join(t.text for t in box.descendants() if isinstance(t, boxes.TextBox)).strip()]
        return [line for child in getattr(box, "children", []) for line in lines(child)]

    found = []
    for number, page in enumerate(laid_out.pages, start=1):
        tables = [b for b in page._page_box.descendants() if isinstance(b, boxes.TableBox)]
        for table in tables:
            if "data" not in table.element.get("class", ""):
                continue  # the signature blocks' layout table
            for cell in table.descendants():
                if not isinstance(cell, boxes.TableCellBox) or "link" in cell.element.get("class", ""):
                    continue
                source, position = " ".join("".join(cell.element.itertext()).split()), 0
                for line in [line for line in lines(cell) if line][:-1]:
                    start = source.find(line, position)
                    position = start + len(line) if start >= 0 else position
                    if (
                        start >= 0
                        and position < len(source)
                        and in_word(source[position - 1])
                        and in_word(source[position])
                    ):
                        before, after = source[max(0, position - 12) : position], source[position:][:8]
                        found.append(f"page {number}: {before}|{after}")
    return found


def render_seeds() -> dict[str, SeedRender]:
    """Load the seeds and render the five documents, and the seed-000 agreement's signature page once signed;
    the caller runs this inside a rolled-back transaction."""
    from agreements import services
    from agreements.models import Agreement, FiscalYear, Office, User
    from agreements.seeding import load_seeds
    from indicators.governance import selectors as governance_selectors
    from indicators.models import Achievement, GovernancePlan, IndicatorScore, ScoreKind
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
    # Seed 003: the 2024-25 plans as a district office receives them, through the product's own drafting,
    # done in the drafting season of that year (a year that has ended takes no new draft).
    with mock.patch("django.utils.timezone.localdate", return_value=date(2024, 5, 1)):
        plans_2024 = services.agreement_create_draft(
            office=Office.objects.get(code="ict-dc-mymensingh"),
            fiscal_year=FiscalYear.objects.get(start_year=2024),
            actor=User.objects.get(username="mymensingh.focal"),
        )

    documents = {
        "000-agreement": builders.build_agreement(mymensingh),
        "001-quarterly": builders.build_quarterly(khulna, 2),
        "002-governance": builders.build_governance(rajshahi),
        "003-governance": builders.build_governance(plans_2024),
        "004-self-assessment": builders.build_self_assessment(ssd),
    }
    documents["000-signed"] = signed_signature_page(mymensingh)
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
            "plan_items": [
                # The year's achievement as the scores count it: the recorded quarters combined.
                (
                    item.indicator_code,
                    item.target_type,
                    governance_selectors.annual_value(item, ScoreKind.CLAIMED),
                    item.achievement_text,
                )
                for item in GovernancePlan.objects.get(agreement=ssd).items.order_by("position")
            ],
        },
        "003-governance": {"plans": GovernancePlan.objects.filter(agreement=plans_2024).count()},
    }
    renders = {}
    with mock.patch("django.utils.timezone.localdate", return_value=PRINT_DATE):
        for key, document in documents.items():
            document.printed_on = PRINT_DATE
            html = pdf.render_html(document)
            laid_out = pdf.layout(html)
            renders[key] = SeedRender(
                key,
                pdf.write_pdf(laid_out),
                excel.render_xlsx(document),
                expected.get(key, {}),
                mid_word_breaks(laid_out),
                html,
            )
    return renders


def signed_signature_page(agreement):
    """The agreement approved, signed and counter-signed through the workflow's services by named people,
    and only its signature section kept: the one page that changes on signing."""
    from agreements import services
    from agreements.models import User
    from reports import builders

    signers = {
        "dg.reviewer": ("ফারহানা ইয়াসমিন", "পরিচালক"),
        "mymensingh.head": ("মোঃ করিম উদ্দিন", "প্রোগ্রামার"),
        "dg.head": ("ড. রহিমা খাতুন", "মহাপরিচালক"),
    }
    users = {}
    for username, (name, title) in signers.items():
        User.objects.filter(username=username).update(name_bn=name, designation_bn=title)
        users[username] = User.objects.get(username=username)
    with mock.patch("django.utils.timezone.localdate", return_value=date(2022, 6, 23)):
        services.agreement_approve(agreement=agreement, actor=users["dg.reviewer"])
        services.agreement_sign(agreement=agreement, actor=users["mymensingh.head"])
    with mock.patch("django.utils.timezone.localdate", return_value=date(2022, 6, 26)):
        services.agreement_countersign(agreement=agreement, actor=users["dg.head"])
    document = builders.build_agreement(agreement)
    document.sections = [section for section in document.sections if section.key == "signatures"]
    return document


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


@pytest.fixture
def own_media_root(settings, tmp_path):
    """An empty render cache for the test: another test's cached renders must not count as reused here."""
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def plans_2024(seeded, office_a, supervisor_office):
    """An active 2024-25 agreement of office A with the plans a district office receives from the year's
    templates (seed 003), through the product's own `plans_instantiate`."""
    from agreements.models import AgreementStatus, FiscalYear
    from indicators.governance.services import plans_instantiate

    from .factories import AgreementFactory

    agreement = AgreementFactory(
        office=office_a,
        supervisor_office=supervisor_office,
        fiscal_year=FiscalYear.objects.get(start_year=2024),
        status=AgreementStatus.DRAFT,
    )
    plans_instantiate(agreement=agreement, actor=None)
    agreement.status = AgreementStatus.ACTIVE
    agreement.save()
    return agreement
