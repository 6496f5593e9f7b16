"""Saving a checked workbook as a new draft agreement, or a past year's as its record in force, in one
transaction with its audit row."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import BinaryIO

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from agreements.audit import audit_record
from agreements.models import (
    Acronym,
    Agreement,
    AgreementFunction,
    AgreementStatus,
    Signature,
    SignatureParty,
    User,
)
from apa_portal import display
from indicators import values as values_io
from indicators.models import Achievement, Activity, Area, Indicator, OutcomeIndicator, RelatedOffice
from indicators.scores import refresh_scores
from indicators.services import check_value
from indicators.validation import validate_agreement

from .limits import check_package
from .progress import Progress, RowCounter
from .reading import (
    ACHIEVEMENTS,
    ANNEX1,
    ANNEX3,
    OVERVIEW,
    OVERVIEW_SHEET_FIELDS,
    SECTION1,
    SECTION2,
    SECTION3,
    SIGNATURES,
    ImportProblem,
    ImportRejected,
    Parsed,
    Reader,
    encode_value,
    parse,
)


def import_agreement(
    *, file: BinaryIO, actor: User, filename: str = "", progress: Progress | None = None
) -> Agreement:
    """Create a draft agreement from an Excel twin, or, for a fiscal year that has ended, the agreement in
    force as its record (administrators only: signatures and achievements from the workbook, the whole of
    validation applied); raises ImportRejected (row-by-row, Bangla) and saves nothing when anything is
    wrong. `progress` hears how many of the workbook's rows have been read."""
    reader = Reader()
    check_package(file, filename)
    try:
        workbook = load_workbook(file, data_only=True)
    except Exception:  # openpyxl raises many types for a file that is not a workbook
        raise ImportRejected(
            [ImportProblem(filename or _("ফাইল"), None, _("ফাইলটি পড়া যায়নি: এটি এক্সেল (.xlsx) ফাইল নয়।"))]
        ) from None
    rows = RowCounter(workbook, progress) if progress else None
    parsed = parse(workbook, reader, actor)
    if rows:
        rows.finish()
    if not parsed.saveable:
        raise ImportRejected(reader.in_document_order())
    # Problems of single cells do not stop the rows from being saved and checked against the agreement's
    # rules, so every problem is reported in one pass; anything reported rolls the whole import back.
    with transaction.atomic():
        agreement = save(parsed, actor, reader, filename)
        if reader.problems:
            transaction.set_rollback(True)
    if reader.problems:
        raise ImportRejected(reader.in_document_order())
    return agreement


def imported_as(agreement: Agreement) -> str:
    """What an import made, said to the person who imported it: a draft, or a past year's record in force."""
    if agreement.status == AgreementStatus.ACTIVE:
        return _("চুক্তিটি অতীত অর্থবছরের রেকর্ড হিসেবে আমদানি হয়েছে: এটি কার্যকর ও শুধু পড়ার জন্য।")
    return _("চুক্তিটি নতুন খসড়া হিসেবে আমদানি হয়েছে।")


def save(parsed: Parsed, actor: User, reader: Reader, filename: str) -> Agreement:

    office = parsed.office
    # A cell reading already reported is not reported again by the model's checks or the agreement's rules.
    reported = reader.reported(SECTION3)

    def refused(error: ValidationError, row: int, prefix: str = "") -> None:
        for name, messages in error.message_dict.items():
            field_name = f"{prefix}{name}"
            if (row, field_name) not in reported:
                for message in messages:
                    reader.problem(SECTION3, row, message, field_name)

    agreement = Agreement(
        office=office,
        supervisor_office=office.supervisor,
        fiscal_year=parsed.fiscal_year,
        version=1,
        is_current=True,
        status=AgreementStatus.ACTIVE if parsed.historical else AgreementStatus.DRAFT,
        imported_by=actor,
        first_party_bn=office.party_title_bn,
        second_party_bn=office.supervisor.party_title_bn,
        **{k: v for k, v in parsed.texts.items() if k in {f.name for f in Agreement._meta.fields}},
    )
    # A cell too long for its place in the document (`apa_portal.text_limits`) is reported with its sheet and
    # the field's name; the sheets of the overview and Section 1 are read as a whole, so they give no row.
    if not checked(agreement, reader):
        raise ImportRejected(reader.in_document_order())
    agreement.save()
    for position, function in enumerate(parsed.functions, start=1):
        item = AgreementFunction(agreement=agreement, position=position, text=function)
        if checked(item, reader, sheet=SECTION1):
            item.save()
    for position, outcome in enumerate(parsed.outcomes, start=1):
        item = OutcomeIndicator(agreement=agreement, position=position, **outcome)
        if checked(item, reader, sheet=SECTION2):
            item.save()
    for position, (acronym, description) in enumerate(parsed.acronyms, start=1):
        item = Acronym(agreement=agreement, position=position, acronym=acronym, description=description)
        if checked(item, reader, sheet=ANNEX1):
            item.save()
    rows_by_indicator: dict[int, int] = {}
    # The row of each saved area and activity, for the record's whole validation.
    rows: dict[tuple[str, int], int] = {}
    by_title: dict[tuple[str, str], Indicator] = {}
    for area_position, data in enumerate(parsed.areas, start=1):
        area = Area(
            agreement=agreement,
            kind=data["kind"],
            position=area_position,
            code=data["code"],
            title=data["title"],
            # An unreadable weight is already reported; 0 stands in so that the area's rows are still checked
            # (the import is rolled back in any case).
            weight=Decimal(0) if data["weight"] is None else data["weight"],
        )
        try:
            area.full_clean()
        except ValidationError as error:
            refused(error, data["row"], "area_")
            continue
        area.save()
        rows[("area", area.pk)] = data["row"]
        for activity_position, activity_data in enumerate(data["activities"], start=1):
            activity = Activity(
                area=area,
                position=activity_position,
                code=activity_data["code"],
                title=activity_data["title"],
            )
            try:
                activity.full_clean()
            except ValidationError as error:
                refused(error, activity_data["row"], "activity_")
                continue
            activity.save()
            rows[("activity", activity.pk)] = activity_data["row"]
            for position, row in enumerate(activity_data["indicators"], start=1):
                unit, evidence = parsed.annex2.get(row["code"], ("", ""))
                indicator = Indicator(
                    activity=activity,
                    position=position,
                    implementing_unit=unit,
                    evidence_description=evidence,
                    **{k: v for k, v in row.items() if k != "row"},
                )
                try:
                    indicator.full_clean()
                except ValidationError as error:
                    refused(error, row["row"])
                    continue
                indicator.save()
                rows_by_indicator[indicator.pk] = row["row"]
                by_title[(activity.title, indicator.title)] = indicator
    for position, (activity_title, indicator_title, offices, strategy) in enumerate(parsed.annex3, start=1):
        indicator = by_title.get((activity_title, indicator_title))
        if indicator is not None and offices:
            item = RelatedOffice(
                indicator=indicator, position=position, offices=offices, coordination_strategy=strategy
            )
            if checked(item, reader, sheet=ANNEX3):
                item.save()
    achievements = save_record(parsed, agreement, by_title, actor, reader) if parsed.historical else 0
    # Row problems block a draft's import; completeness (e.g. a missing governance area) is for the draft
    # page. A record in force must pass the whole of it. A blank calculation method is allowed, as in the
    # editor: the supervisor completes it (`indicators.method_completion`).
    for problem in validate_agreement(agreement):
        if problem.field == "method" and isinstance(problem.obj, Indicator) and not problem.obj.method:
            continue
        if isinstance(problem.obj, Indicator):
            row = rows_by_indicator.get(problem.obj.pk)
        elif parsed.historical:
            row = rows.get((problem.obj._meta.model_name, problem.obj.pk))
        else:
            continue
        prefix = (
            ""
            if isinstance(problem.obj, Indicator) or not problem.field
            else f"{problem.obj._meta.model_name}_"
        )
        if (row, prefix + problem.field) not in reported:
            reader.problem(SECTION3, row, problem.message, prefix + problem.field)
    if reader.problems:
        return agreement
    refresh_scores(agreement=agreement)
    audit_record(
        actor=actor,
        action="agreement_import",
        obj=agreement,
        agreement=agreement,
        after={
            "status": agreement.status,
            "source": filename[:200],
            "indicators": len(rows_by_indicator),
            "historical": parsed.historical,
            "signatures": [s["signed_on"].isoformat() for s in parsed.signatures if s["signed_on"]],
            "achievements": achievements,
        },
    )
    return agreement


def save_record(
    parsed: Parsed,
    agreement: Agreement,
    by_title: dict[tuple[str, str], Indicator],
    actor: User,
    reader: Reader,
) -> int:
    """A past year's signatures, recorded as imported by `actor`, and its quarterly achievements, each
    checked as an office's entry is (`indicators.services.check_value`); returns the achievements saved."""
    for party, data in zip((SignatureParty.FIRST, SignatureParty.SECOND), parsed.signatures, strict=True):
        if data["signed_on"] is None:
            continue
        signature = Signature(
            agreement=agreement,
            party=party,
            signer=None,
            signer_name_bn=data["name"],
            signer_title_bn=data["title"],
            signed_on=data["signed_on"],
            imported_by=actor,
        )
        if checked(signature, reader, sheet=SIGNATURES):
            signature.save()
    by_code = {(indicator.code, indicator.title): indicator for indicator in by_title.values()}
    reader.columns[ACHIEVEMENTS] = {f"q{quarter}": quarter for quarter in display.QUARTERS}
    saved = []
    seen: set[int] = set()
    for data in parsed.achievements:
        indicator = by_code.get((data["code"], data["title"]))
        if indicator is not None and indicator.pk in seen:
            reader.problem(
                ACHIEVEMENTS,
                data["row"],
                _("সূচক [%(code)s]-এর অর্জন একাধিক সারিতে আছে।") % {"code": display.digits(data["code"])},
            )
            continue
        if indicator is None or indicator.governance_kind:
            reader.problem(
                ACHIEVEMENTS,
                data["row"],
                _("সূচক [%(code)s] “%(title)s” সেকশন ৩-এর অর্জন লেখার মতো কোনো সূচক নয়।")
                % {"code": display.digits(data["code"]), "title": data["title"]},
            )
            continue
        seen.add(indicator.pk)
        for quarter, cell in enumerate(data["quarters"], start=1):
            field = f"q{quarter}"
            column = display.quarter_name(quarter)
            raw = encode_value(cell, indicator.value_type, reader, ACHIEVEMENTS, data["row"], column, field)
            if raw is None:
                continue
            value = values_io.decode(raw, indicator.value_type)
            try:
                check_value(indicator, value, quarter)
            except ValidationError as error:
                for message in error.messages:
                    reader.problem(ACHIEVEMENTS, data["row"], message, field)
                continue
            saved.append(
                Achievement(
                    indicator=indicator,
                    quarter=quarter,
                    value_date=value if isinstance(value, date) else None,
                    value_number=None if isinstance(value, date) else value,
                    updated_by=actor,
                )
            )
    Achievement.objects.bulk_create(saved)
    return len(saved)


def checked(obj, reader: Reader, *, sheet: str = "") -> bool:
    """Whether `obj` passes its model's checks (full_clean); each failing field is reported on its sheet,
    named as the document names it, so that the user knows which cell to shorten."""
    try:
        obj.full_clean()
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            field_sheet = sheet or (OVERVIEW if name in OVERVIEW_SHEET_FIELDS else SECTION1)
            label = obj._meta.get_field(name).verbose_name if name != "__all__" else ""
            for message in messages:
                text = (
                    _("%(field)s: %(message)s") % {"field": label, "message": message} if label else message
                )
                reader.problem(field_sheet, None, text, name)
        return False
    return True
