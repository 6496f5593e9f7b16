"""A new year's draft, empty or from last year's agreement, with the year's governance area and plans."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from agreements.access import lock, require_role
from agreements.audit import audit_record
from apa_portal import display
from apa_portal.bangla import to_bangla_digits
from indicators import scoring, values
from indicators.governance.services import plans_instantiate
from indicators.models import (
    Achievement,
    Activity,
    Area,
    AreaKind,
    Indicator,
    Method,
    OutcomeIndicator,
    RelatedOffice,
    ScoreKind,
    ValueType,
    VerificationStatus,
)
from indicators.scores import quarter_values

from ..models import (
    OVERVIEW_FIELDS,
    Acronym,
    Agreement,
    AgreementFunction,
    AgreementStatus,
    FiscalYear,
    GovernanceAllocation,
    Office,
    Role,
    User,
)
from ..selectors import is_administrator, offices_of
from .core import GOVERNANCE_AREA_TITLE, OFFICE_ROLES, refresh, require_editable


def prior_actuals(source: Agreement) -> dict[tuple[str, str], tuple[str, bool]]:
    """Last year's annual achievement of each indicator, (area kind, code) → (encoded value, provisional).

    The value is final only when the supervisor verified every quarter the office reported: then it is the
    verified annual value. Otherwise (no quarter or only some verified) it is the reported annual value,
    marked provisional: a mix of verified and unverified quarters is a total nobody stands behind."""

    found: dict[tuple[str, str], tuple[str, bool]] = {}
    indicators = Indicator.objects.filter(agreement=source, governance_kind="").prefetch_related(
        models.Prefetch("achievements", queryset=Achievement.objects.order_by("quarter"))
    )
    for indicator in indicators:
        achievements = list(indicator.achievements.all())
        reported = [a for a in achievements if a.is_reported]
        verified = bool(reported) and all(
            a.verification_status != VerificationStatus.PENDING for a in reported
        )
        kind = ScoreKind.VERIFIED if verified else ScoreKind.PROGRESS
        try:
            annual = scoring.annual_achievement(indicator.method or None, quarter_values(achievements, kind))
        except ValueError:
            continue  # quarters no calculation method combines: nothing to carry over
        if annual is not None:
            found[indicator.area_kind, indicator.code] = (values.encode(annual), not verified)
    return found


def copy_rows(model, rows, **overrides) -> list:
    """Unsaved copies of `rows` with `overrides` applied."""
    copies = []
    for row in rows:
        data = {
            f.name: getattr(row, f.name)
            for f in model._meta.concrete_fields
            if not f.primary_key and f.name not in overrides
        }
        copies.append(model(**data, **overrides))
    return copies


def roll_forward(new, old, *, actual: tuple[str, bool] = ("", True), years: int = 1) -> None:
    """An outcome's or an indicator's year columns moved one year on, for the next year's draft.

    Last year's earlier actual becomes the one two years back; the actual of the year just ended is `actual`
    (blank and provisional unless the system knows it). The projection made for the new year becomes its
    proposed target: an outcome's target, an indicator's best (100%) column, the indicator's other columns
    left blank for the office to set below it. Without a projection last year's target stays.

    The new fiscal year starts `years` after the old one. An indicator's date targets move into it
    (`shifted_date`): the old year's targets by `years`, a projection (made for the year after the old one)
    by `years - 1`, so that 12/12/2023 of 2023-24 becomes 12/12/2026 in 2026-27."""

    new.actual_prev2 = old.actual_prev1
    new.actual_prev1, new.actual_prev1_provisional = actual
    shift = years
    if old.projection_next1:
        if isinstance(new, Indicator):
            new.targets = [old.projection_next1]
            shift = years - 1
        else:
            new.target = old.projection_next1
    if isinstance(new, Indicator) and new.value_type in values.DATE_TYPES:
        new.targets = [shifted_date(target, shift) for target in new.targets]
    new.projection_next1, new.projection_next2 = old.projection_next2, ""


def shifted_date(raw: str | None, years: int) -> str | None:
    """A stored date `years` years on, the same day and month. A day the later year lacks (29 February)
    is not guessed at: the date stays as it was, outside the new fiscal year, and validation names it
    (`indicators.validation.target_dates_outside_year`); a blank would let the column disappear
    unnoticed. What is not a date is left for validation too."""
    try:
        day = values.decode(raw, "date")
        return raw if day is None or not years else values.encode(day.replace(year=day.year + years))
    except ValueError:
        return raw


def copy_document(source: Agreement, target: Agreement, *, next_year: bool) -> None:
    """Copy Section 1-3 and Annex 1-3 of `source` into `target`. For the next year's draft the columns move
    one year on and the date targets into the new fiscal year (`roll_forward`), and only the office's own
    areas are copied (the governance area comes from the new year)."""

    AgreementFunction.objects.bulk_create(
        copy_rows(AgreementFunction, source.functions.all(), agreement=target)
    )
    Acronym.objects.bulk_create(copy_rows(Acronym, source.acronyms.all(), agreement=target))
    old_outcomes = list(source.outcome_indicators.order_by("position"))
    outcomes = copy_rows(OutcomeIndicator, old_outcomes, agreement=target)
    if next_year:
        # The system keeps no achievements of Section 2 outcomes: last year's actual is left for the office.
        for new, old in zip(outcomes, old_outcomes, strict=True):
            roll_forward(new, old)
    OutcomeIndicator.objects.bulk_create(outcomes)
    actuals = prior_actuals(source) if next_year else {}
    years = target.fiscal_year.start_year - source.fiscal_year.start_year
    areas = Area.objects.filter(agreement=source).order_by("position")
    if next_year:
        areas = areas.filter(kind=AreaKind.OFFICE)
    for area in areas:
        new_area = copy_rows(Area, [area], agreement=target)[0]
        new_area.save()
        for activity in area.activities.order_by("position"):
            new_activity = copy_rows(Activity, [activity], area=new_area)[0]
            new_activity.save()
            for indicator in activity.indicators.order_by("position").prefetch_related("related_offices"):
                new = copy_rows(Indicator, [indicator], activity=new_activity, agreement=target)[0]
                if next_year:
                    roll_forward(
                        new,
                        indicator,
                        actual=actuals.get((indicator.area_kind, indicator.code), ("", True)),
                        years=years,
                    )
                new.save()
                RelatedOffice.objects.bulk_create(
                    copy_rows(RelatedOffice, indicator.related_offices.all(), indicator=new)
                )


def add_governance_area(agreement: Agreement) -> None:
    """The mandatory governance area as the fiscal year prescribes it: one indicator per action plan."""

    position = (agreement.areas.aggregate(m=Max("position"))["m"] or 0) + 1
    area = Area(
        agreement=agreement,
        kind=AreaKind.GOVERNANCE,
        position=position,
        code="১",
        title=GOVERNANCE_AREA_TITLE,
        weight=agreement.fiscal_year.governance_area_marks,
    )
    area.full_clean()
    area.save()
    allocations = GovernanceAllocation.objects.filter(fiscal_year=agreement.fiscal_year).order_by("position")
    for n, allocation in enumerate(allocations, start=1):
        activity = Activity.objects.create(
            area=area, position=n, code=f"১.{to_bangla_digits(n)}", title=f"{allocation.name_bn} বাস্তবায়ন"
        )
        Indicator.objects.create(
            activity=activity,
            position=1,
            code=f"১.{to_bangla_digits(n)}.১",
            title=f"{allocation.name_bn} বাস্তবায়িত",
            method=Method.CUMULATIVE,
            unit="প্রাপ্ত নম্বর",
            value_type=ValueType.SCORE,
            weight=allocation.marks,
            governance_kind=allocation.kind,
            targets=[],
        )


def current_fiscal_start_year(today: date | None = None) -> int:
    """The start year of the fiscal year (1 July - 30 June) that `today` falls in."""
    today = today or timezone.localdate()
    return today.year if today.month >= 7 else today.year - 1


@transaction.atomic
def agreement_create_draft(
    *, office: Office, fiscal_year: FiscalYear, from_agreement: Agreement | None = None, actor: User
) -> Agreement:
    """The year's draft, empty or copied from last year's agreement: areas, activities, indicators and
    annexes copied, prior-year actuals from the system's own achievements (provisional until verified), the
    governance area and Annex 4-8 plans from the fiscal year's framework."""
    if not (is_administrator(actor) or office in offices_of(actor, *OFFICE_ROLES)):
        raise PermissionDenied(_("এই অফিসের খসড়া তৈরির অনুমতি আপনার নেই।"))
    if office.supervisor_id is None:
        raise ValidationError(_("এই অফিসের তত্ত্বাবধায়ক অফিস নির্ধারিত নেই; প্রশাসকের সাথে যোগাযোগ করুন।"))
    if Agreement.objects.filter(office=office, fiscal_year=fiscal_year).exists():
        raise ValidationError(_("এই অর্থবছরের চুক্তি আগেই তৈরি হয়েছে।"))
    if fiscal_year.start_year < current_fiscal_start_year():
        raise ValidationError(
            _("%(year)s অর্থবছর শেষ হয়ে গেছে; কেবল চলতি বা আসন্ন অর্থবছরের চুক্তির খসড়া তৈরি করা যায়।")
            % {"year": display.fiscal_year(fiscal_year.start_year)}
        )
    if from_agreement is not None and (
        from_agreement.office_id != office.pk
        or from_agreement.fiscal_year.start_year >= fiscal_year.start_year
    ):
        raise ValidationError(_("কেবল এই অফিসের আগের কোনো বছরের চুক্তি থেকে খসড়া তৈরি করা যায়।"))
    return draft_from(office=office, fiscal_year=fiscal_year, source=from_agreement, actor=actor)


# What a new year's draft takes over from last year's overview: the year's own expected achievements are
# written afresh.
CARRIED_OVERVIEW_FIELDS = tuple(name for name in OVERVIEW_FIELDS if name != "expected_achievements")


def draft_from(
    *,
    office: Office,
    fiscal_year: FiscalYear,
    source: Agreement | None,
    actor: User | None,
    audit_extra: dict | None = None,
) -> Agreement:
    """The draft itself, once the caller has checked it may be made: last year's document copied from
    `source` (any office's, for the demo), the governance area and plans, the audit row, the scores. Runs in
    the caller's transaction."""
    supervisor = office.supervisor
    agreement = Agreement(
        office=office,
        supervisor_office=supervisor,
        fiscal_year=fiscal_year,
        status=AgreementStatus.DRAFT,
        first_party_bn=office.party_title_bn,
        second_party_bn=supervisor.party_title_bn,
    )
    if source is not None:
        for name in CARRIED_OVERVIEW_FIELDS:
            setattr(agreement, name, getattr(source, name))
    agreement.full_clean()
    agreement.save()
    if source is not None:
        copy_document(source, agreement, next_year=True)
    add_governance_area(agreement)
    plans_instantiate(agreement=agreement, actor=actor)
    audit_record(
        actor=actor,
        action="agreement_create_draft",
        obj=agreement,
        agreement=agreement,
        after={
            "status": agreement.status,
            "from_agreement": source.pk if source else None,
            **(audit_extra or {}),
        },
    )
    refresh(agreement)
    return agreement


def is_withdrawable(agreement: Agreement) -> bool:
    """An imported draft never submitted (a returned one is RETURNED): a wrong file's result, removable."""
    return agreement.imported_by_id is not None and agreement.status == AgreementStatus.DRAFT


@transaction.atomic
def imported_draft_withdraw(*, agreement: Agreement, actor: User) -> None:
    """Delete a draft that the Excel import made, before it is ever submitted, so that the right file can be
    imported in its place; the audit row keeps what it was."""
    agreement = lock(agreement)
    require_role(actor, agreement, *OFFICE_ROLES, Role.ADMINISTRATOR)
    if not is_withdrawable(agreement):
        raise ValidationError(_("কেবল আমদানি করা, কখনো দাখিল না করা খসড়া প্রত্যাহার করা যায়।"))
    audit_record(
        actor=actor,
        action="agreement_import_withdraw",
        obj=agreement,
        before={
            "office": agreement.office.code,
            "fiscal_year": agreement.fiscal_year.start_year,
            "status": agreement.status,
            "imported_by": agreement.imported_by_id,
            "indicators": Indicator.objects.filter(agreement=agreement).count(),
        },
    )
    agreement.delete()


@transaction.atomic
def governance_area_add(*, agreement: Agreement, actor: User) -> Agreement:
    """The governance area of the year's five plans for a draft that has none (an imported workbook without
    it), with the year's plans, as a new draft receives them."""
    agreement = lock(agreement)
    require_editable(agreement, actor)
    if agreement.areas.filter(kind=AreaKind.GOVERNANCE).exists():
        raise ValidationError(_("এই চুক্তিতে সুশাসন ও সংস্কারমূলক ক্ষেত্র আগেই আছে।"))
    if not agreement.fiscal_year.has_action_plans:
        raise ValidationError(
            _("এই অর্থবছরের আবশ্যিক কৌশলগত উদ্দেশ্যগুলো চুক্তির নিজের সারি; এগুলো আমদানি করা ফাইলে থাকে।")
        )
    add_governance_area(agreement)
    plans_instantiate(agreement=agreement, actor=actor)
    audit_record(
        actor=actor,
        action="governance_area_add",
        obj=agreement,
        agreement=agreement,
        after={"marks": str(agreement.fiscal_year.governance_area_marks)},
    )
    refresh(agreement)
    return agreement
