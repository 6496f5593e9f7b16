"""Writes: each service takes keyword-only arguments and an `actor`, runs in one transaction, validates with
`full_clean()`, and records what changed in the audit trail inside that same transaction.

The agreement's life (DESIGN.md section 5): draft → submitted → returned (reason, comments) → resubmitted →
approved → signed by the office head → counter-signed by the supervisor head → active and locked. A revision
is a new version (draft → submitted → approved) that replaces the active one; the signed version stays frozen.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.db.models import Max
from django.forms.models import model_to_dict
from django.utils import timezone
from django.utils.translation import gettext as _

from apa_portal import display

from .models import (
    Acronym,
    Agreement,
    AgreementFunction,
    AgreementStatus,
    AuditEntry,
    FiscalYear,
    GovernanceAllocation,
    Office,
    ReviewComment,
    Role,
    SelfAssessment,
    SelfAssessmentStatus,
    Signature,
    SignatureParty,
    User,
)
from .selectors import is_administrator, offices_of, roles_for

OFFICE_ROLES = (Role.FOCAL_POINT, Role.OFFICE_HEAD)
EDITABLE_STATUSES = (AgreementStatus.DRAFT, AgreementStatus.RETURNED)
GOVERNANCE_AREA_TITLE = "সুশাসন ও সংস্কারমূলক কার্যক্রমের বাস্তবায়ন জোরদারকরণ"


def audit_record(
    *,
    actor: User | None,
    action: str,
    obj: models.Model,
    agreement: Agreement | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    reason: str = "",
) -> AuditEntry:
    """Write one audit row; must be called inside the transaction that makes the change."""
    assert transaction.get_connection().in_atomic_block, (
        "audit rows are written inside the change's transaction"
    )
    return AuditEntry.objects.create(
        actor=actor,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_repr=str(obj)[:255],
        agreement=agreement,
        before=before,
        after=after,
        reason=reason,
    )


# ------------------------------------------------------------------------------------------------
# Guards


def snapshot(obj: models.Model) -> dict[str, Any]:
    """A JSON-safe copy of the model's editable fields, for the audit row."""
    return json.loads(json.dumps(model_to_dict(obj), cls=DjangoJSONEncoder, default=str))


def require_role(actor: User, agreement: Agreement, *roles: str) -> None:
    if not roles_for(actor, agreement) & set(roles):
        raise PermissionDenied(_("এই কাজের অনুমতি আপনার নেই।"))


def lock(agreement: Agreement) -> Agreement:
    """The agreement re-read under a row lock: two people pressing the same button act once."""
    return (
        Agreement.objects.select_for_update(of=("self",))
        .select_related("office", "supervisor_office", "fiscal_year")
        .get(pk=agreement.pk)
    )


def is_editable(agreement: Agreement) -> bool:
    return agreement.status in EDITABLE_STATUSES


def require_editable(agreement: Agreement, actor: User) -> None:
    require_role(actor, agreement, *OFFICE_ROLES)
    if not is_editable(agreement):
        raise ValidationError(
            _("চুক্তিটি এখন '%(status)s' অবস্থায়; কেবল খসড়া বা ফেরতকৃত চুক্তি সম্পাদনা করা যায়।")
            % {"status": agreement.get_status_display()}
        )


def refresh(agreement: Agreement) -> None:
    from indicators.scores import refresh_scores

    refresh_scores(agreement=agreement)


def set_status(
    agreement: Agreement, status: str, *, actor: User, action: str, reason: str = "", **after: Any
) -> None:
    before = agreement.status
    agreement.status = status
    agreement.full_clean()
    agreement.save()
    audit_record(
        actor=actor,
        action=action,
        obj=agreement,
        agreement=agreement,
        before={"status": before},
        after={"status": status, **after},
        reason=reason,
    )


def wrong_status(agreement: Agreement, action: str) -> ValidationError:
    return ValidationError(
        _("চুক্তিটি '%(status)s' অবস্থায় আছে; এখন '%(action)s' করা যায় না।")
        % {"status": agreement.get_status_display(), "action": action}
    )


# ------------------------------------------------------------------------------------------------
# Workflow


@transaction.atomic
def agreement_submit(*, agreement: Agreement, actor: User) -> Agreement:
    """The office sends its draft (or its corrected, returned draft, or a revision) to the supervisor."""
    from indicators.validation import validate_agreement

    from . import notifications

    agreement = lock(agreement)
    require_role(actor, agreement, *OFFICE_ROLES)
    if not is_editable(agreement):
        raise wrong_status(agreement, _("দাখিল"))
    if is_revision(agreement):
        refuse_after_revision_deadline(agreement)
    problems = validate_agreement(agreement)
    if problems:
        raise ValidationError(
            _("চুক্তিতে %(count)s টি সমস্যা আছে; সেগুলো ঠিক করে তারপর দাখিল করুন।")
            % {"count": display.number(len(problems))}
        )
    resubmission = agreement.status == AgreementStatus.RETURNED
    agreement.final_submission_at = timezone.localdate()
    agreement.review_comments.filter(resolved_at__isnull=True).update(resolved_at=timezone.now())
    set_status(
        agreement,
        AgreementStatus.SUBMITTED,
        actor=actor,
        action="agreement_resubmit" if resubmission else "agreement_submit",
    )
    notifications.notify_agreement(agreement, "submitted", actor=actor)
    return agreement


@dataclass(frozen=True)
class CommentInput:
    """A reviewer's comment: on an indicator, on another item (its page anchor), or on the whole document."""

    text: str
    indicator_id: int | None = None
    item_key: str = ""
    item_label: str = ""


@transaction.atomic
def agreement_return(
    *, agreement: Agreement, reason: str, comments: list[CommentInput] = (), actor: User
) -> Agreement:
    """The supervisor's reviewer sends the draft back, saying why and, item by item, what to fix."""
    from indicators.models import Indicator

    from . import notifications

    agreement = lock(agreement)
    require_role(actor, agreement, Role.SUPERVISOR_REVIEWER)
    if agreement.status != AgreementStatus.SUBMITTED:
        raise wrong_status(agreement, _("ফেরত"))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("ফেরত পাঠানোর কারণ লিখুন।")})
    indicators = {
        i.pk: i
        for i in Indicator.objects.filter(
            agreement=agreement, pk__in=[c.indicator_id for c in comments if c.indicator_id]
        )
    }
    written = []
    for comment in comments:
        text = comment.text.strip()
        if not text:
            continue
        indicator = indicators.get(comment.indicator_id) if comment.indicator_id else None
        if comment.indicator_id and indicator is None:
            raise ValidationError(_("মন্তব্যের সূচকটি এই চুক্তির নয়।"))
        row = ReviewComment(
            agreement=agreement,
            indicator=indicator,
            item_key="" if indicator else comment.item_key,
            item_label=(str(indicator) if indicator else comment.item_label)[:255],
            text=text,
            author=actor,
        )
        row.full_clean()
        row.save()
        written.append({"item": row.anchor or "agreement", "text": text})
    set_status(
        agreement,
        AgreementStatus.RETURNED,
        actor=actor,
        action="agreement_return",
        reason=reason,
        comments=written,
    )
    notifications.notify_agreement(agreement, "returned", actor=actor, reason=reason)
    return agreement


@transaction.atomic
def agreement_approve(*, agreement: Agreement, actor: User) -> Agreement:
    """The supervisor's reviewer accepts the draft; a revision becomes the active version at once."""
    from . import notifications

    agreement = lock(agreement)
    require_role(actor, agreement, Role.SUPERVISOR_REVIEWER)
    if agreement.status != AgreementStatus.SUBMITTED:
        raise wrong_status(agreement, _("অনুমোদন"))
    if is_revision(agreement):
        return revision_approve(revision=agreement, actor=actor)
    set_status(agreement, AgreementStatus.APPROVED, actor=actor, action="agreement_approve")
    notifications.notify_agreement(agreement, "approved", actor=actor)
    return agreement


def add_signature(agreement: Agreement, party: str, actor: User) -> Signature:
    office = agreement.office if party == SignatureParty.FIRST else agreement.supervisor_office
    signature = Signature(
        agreement=agreement,
        party=party,
        signer=actor,
        signer_name_bn=str(actor)[:255],
        signer_title_bn=(actor.designation_bn or office.party_title_bn)[:255],
        signed_on=timezone.localdate(),
    )
    signature.full_clean()
    signature.save()
    return signature


@transaction.atomic
def agreement_sign(*, agreement: Agreement, actor: User) -> Agreement:
    """The office head signs the approved agreement (first party)."""
    from . import notifications

    agreement = lock(agreement)
    require_role(actor, agreement, Role.OFFICE_HEAD)
    if agreement.status != AgreementStatus.APPROVED:
        raise wrong_status(agreement, _("স্বাক্ষর"))
    add_signature(agreement, SignatureParty.FIRST, actor)
    set_status(agreement, AgreementStatus.SIGNED, actor=actor, action="agreement_sign")
    notifications.notify_agreement(agreement, "signed", actor=actor)
    return agreement


@transaction.atomic
def agreement_countersign(*, agreement: Agreement, actor: User) -> Agreement:
    """The supervisor head counter-signs: the agreement is active and locked from now on."""
    from . import notifications

    agreement = lock(agreement)
    require_role(actor, agreement, Role.SUPERVISOR_HEAD)
    if agreement.status != AgreementStatus.SIGNED:
        raise wrong_status(agreement, _("প্রতিস্বাক্ষর"))
    add_signature(agreement, SignatureParty.SECOND, actor)
    set_status(agreement, AgreementStatus.ACTIVE, actor=actor, action="agreement_countersign")
    refresh(agreement)
    notifications.notify_agreement(agreement, "countersigned", actor=actor)
    return agreement


@transaction.atomic
def agreement_reopen(*, agreement: Agreement, reason: str, actor: User) -> Agreement:
    """The supervisor takes back an approval before the counter-signature: the draft returns to the office,
    and a head's signature on it is void."""
    from . import notifications

    agreement = lock(agreement)
    require_role(actor, agreement, Role.SUPERVISOR_REVIEWER, Role.SUPERVISOR_HEAD)
    if agreement.status not in (AgreementStatus.APPROVED, AgreementStatus.SIGNED):
        raise wrong_status(agreement, _("পুনরায় খোলা"))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("পুনরায় খোলার কারণ লিখুন।")})
    voided = list(agreement.signatures.values_list("signer_name_bn", flat=True))
    agreement.signatures.all().delete()
    set_status(
        agreement,
        AgreementStatus.RETURNED,
        actor=actor,
        action="agreement_reopen",
        reason=reason,
        voided_signatures=voided,
    )
    notifications.notify_agreement(agreement, "reopened", actor=actor, reason=reason)
    return agreement


# ------------------------------------------------------------------------------------------------
# Drafting: a new year's draft


def prior_actuals(source: Agreement) -> dict[tuple[str, str], tuple[str, bool]]:
    """Last year's annual achievement of each indicator, (area kind, code) → (encoded value, provisional).

    The value is final only when the supervisor verified every quarter the office reported: then it is the
    verified annual value. Otherwise (no quarter or only some verified) it is the reported annual value,
    marked provisional: a mix of verified and unverified quarters is a total nobody stands behind."""
    from indicators import scoring, values
    from indicators.models import Achievement, Indicator, ScoreKind, VerificationStatus
    from indicators.scores import quarter_values

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


def roll_forward(new, old, *, actual: tuple[str, bool] = ("", True)) -> None:
    """An outcome's or an indicator's year columns moved one year on, for the next year's draft.

    Last year's earlier actual becomes the one two years back; the actual of the year just ended is `actual`
    (blank and provisional unless the system knows it). The projection made for the new year becomes its
    proposed target: an outcome's target, an indicator's best (100%) column, the indicator's other columns
    left blank for the office to set below it. Without a projection last year's target stays."""
    from indicators.models import Indicator

    new.actual_prev2 = old.actual_prev1
    new.actual_prev1, new.actual_prev1_provisional = actual
    if old.projection_next1:
        if isinstance(new, Indicator):
            new.targets = [old.projection_next1]
        else:
            new.target = old.projection_next1
    new.projection_next1, new.projection_next2 = old.projection_next2, ""


def copy_document(source: Agreement, target: Agreement, *, next_year: bool) -> None:
    """Copy Section 1-3 and Annex 1-3 of `source` into `target`. For the next year's draft the columns move
    one year on (`roll_forward`) and only the office's own areas are copied (the governance area comes from
    the new year)."""
    from indicators.models import Activity, Area, AreaKind, Indicator, OutcomeIndicator, RelatedOffice

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
                        new, indicator, actual=actuals.get((indicator.area_kind, indicator.code), ("", True))
                    )
                new.save()
                RelatedOffice.objects.bulk_create(
                    copy_rows(RelatedOffice, indicator.related_offices.all(), indicator=new)
                )


def add_governance_area(agreement: Agreement) -> None:
    """The mandatory governance area as the fiscal year prescribes it: one indicator per action plan."""
    from apa_portal.bangla import to_bangla_digits
    from indicators.models import Activity, Area, AreaKind, Indicator, Method, ValueType

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
    supervisor = office.supervisor
    agreement = Agreement(
        office=office,
        supervisor_office=supervisor,
        fiscal_year=fiscal_year,
        status=AgreementStatus.DRAFT,
        first_party_bn=office.party_title_bn,
        second_party_bn=supervisor.party_title_bn,
    )
    if from_agreement is not None:
        for name in ("recent_achievements", "problems_challenges", "future_plans", "vision", "mission"):
            setattr(agreement, name, getattr(from_agreement, name))
    agreement.full_clean()
    agreement.save()
    if from_agreement is not None:
        copy_document(from_agreement, agreement, next_year=True)
    add_governance_area(agreement)
    # Imported here: the governance services record their audit rows through this module.
    from indicators.governance_services import plans_instantiate

    plans_instantiate(agreement=agreement, actor=actor)
    audit_record(
        actor=actor,
        action="agreement_create_draft",
        obj=agreement,
        agreement=agreement,
        after={"status": agreement.status, "from_agreement": from_agreement.pk if from_agreement else None},
    )
    refresh(agreement)
    return agreement


# ------------------------------------------------------------------------------------------------
# Drafting: editing the document


@transaction.atomic
def agreement_update(*, agreement: Agreement, changes: dict[str, Any], actor: User) -> Agreement:
    """Overview and Section 1 texts of an editable draft."""
    agreement = lock(agreement)
    require_editable(agreement, actor)
    allowed = {
        "recent_achievements",
        "problems_challenges",
        "future_plans",
        "expected_achievements",
        "vision",
        "mission",
    }
    before = {k: getattr(agreement, k) for k in changes}
    for key, value in changes.items():
        if key not in allowed:
            raise ValueError(f"{key} is not editable here")
        setattr(agreement, key, value)
    agreement.full_clean()
    agreement.save()
    audit_record(
        actor=actor,
        action="agreement_update",
        obj=agreement,
        agreement=agreement,
        before=before,
        after=changes,
    )
    return agreement


def agreement_of(item: models.Model) -> Agreement:
    from indicators.models import Activity, RelatedOffice

    if isinstance(item, Activity):
        return item.area.agreement
    if isinstance(item, RelatedOffice):
        return (
            item.indicator.agreement
            if item.indicator.agreement_id
            else item.indicator.activity.area.agreement
        )
    return item.agreement


def siblings(item: models.Model) -> models.QuerySet:
    """The items `item` is ordered among. Office areas move among themselves only: the governance area
    stays after them, where the document prints it."""
    from indicators.models import Activity, Area, Indicator, RelatedOffice

    if isinstance(item, Activity):
        return Activity.objects.filter(area=item.area_id)
    if isinstance(item, Indicator):
        return Indicator.objects.filter(activity=item.activity_id)
    if isinstance(item, RelatedOffice):
        return RelatedOffice.objects.filter(indicator=item.indicator_id)
    if isinstance(item, Area) and item.pk is not None:
        return Area.objects.filter(agreement=item.agreement_id, kind=item.kind)
    return type(item).objects.filter(agreement=item.agreement_id)


# What the fiscal year's framework and the governance plans decide for the governance area: the office
# never types these (its indicators' values are their plans' scores, their marks the year's allocations).
GOVERNANCE_FIXED_FIELDS = {
    "area": ("kind", "weight"),
    "indicator": ("method", "unit", "value_type", "weight", "targets", "governance_kind"),
}


def in_governance_area(item: models.Model) -> bool:
    from indicators.models import Activity, Area, AreaKind, Indicator

    if isinstance(item, Area):
        return item.kind == AreaKind.GOVERNANCE
    if isinstance(item, Activity):
        return item.area.kind == AreaKind.GOVERNANCE
    if isinstance(item, Indicator):
        return item.activity.area.kind == AreaKind.GOVERNANCE
    return False


def refuse_governance_structure(item: models.Model) -> None:
    """The mandatory governance area and its activities and indicators come from the fiscal year: removing
    or moving one would leave a draft that cannot be submitted and that the office cannot repair."""
    if in_governance_area(item):
        raise ValidationError(
            _("সুশাসন ও সংস্কারমূলক ক্ষেত্র এবং এর কার্যক্রম ও সূচক অর্থবছরের কাঠামো থেকে আসে; এগুলো মুছে ফেলা বা সরানো যায় না।")
        )


def refuse_governance_change(item: models.Model, before: dict[str, Any] | None) -> None:
    """New items under the governance area, and changes to what the framework decides there, are refused."""
    if not in_governance_area(item):
        return
    if before is None:
        raise ValidationError(
            _("সুশাসন ও সংস্কারমূলক ক্ষেত্রে নতুন অংশ যোগ করা যায় না; এর সূচকগুলো অর্থবছরের কাঠামো থেকে আসে।")
        )
    after = snapshot(item)
    fixed = GOVERNANCE_FIXED_FIELDS.get(item._meta.model_name, ())
    if any(before.get(name) != after.get(name) for name in fixed):
        raise ValidationError(
            _(
                "সুশাসন সূচকের মান, লক্ষ্যমাত্রা, একক ও গণনা পদ্ধতি অর্থবছরের কাঠামো ও কর্মপরিকল্পনা থেকে আসে; "
                "এগুলো পরিবর্তন করা যায় না।"
            )
        )


def place_new_area(area: models.Model) -> None:
    """A new office area goes after the office's other areas and before the governance area, which keeps
    the last position."""
    from indicators.models import Area, AreaKind

    governance = (
        Area.objects.filter(agreement=area.agreement_id, kind=AreaKind.GOVERNANCE)
        .order_by("position")
        .first()
    )
    top = (Area.objects.filter(agreement=area.agreement_id).aggregate(m=Max("position"))["m"] or 0) + 1
    if governance is None:
        area.position = top
        return
    Area.objects.filter(pk=governance.pk).update(position=top)
    area.position = governance.position


def touches_scores(item: models.Model) -> bool:
    from indicators.models import Activity, Area, Indicator

    return isinstance(item, Area | Activity | Indicator)


@transaction.atomic
def content_item_save(*, item: models.Model, actor: User) -> models.Model:
    """Create or change one part of an editable draft: an outcome, a function, an acronym, an area, an
    activity, an indicator (with its Annex 2 columns) or an Annex 3 row. New items go last."""
    from indicators.models import Area

    agreement = lock(agreement_of(item))
    require_editable(agreement, actor)
    before = snapshot(type(item).objects.get(pk=item.pk)) if item.pk else None
    refuse_governance_change(item, before)
    if item.pk is None and isinstance(item, Area):
        place_new_area(item)
    elif item.pk is None:
        item.position = (siblings(item).aggregate(m=Max("position"))["m"] or 0) + 1
    item.full_clean()
    item.save()
    audit_record(
        actor=actor,
        action="content_change" if before else "content_add",
        obj=item,
        agreement=agreement,
        before=before,
        after=snapshot(item),
    )
    if touches_scores(item):
        refresh(agreement)
    return item


@transaction.atomic
def content_item_delete(*, item: models.Model, actor: User) -> None:
    """Remove one part of an editable draft, with everything under it."""
    agreement = lock(agreement_of(item))
    require_editable(agreement, actor)
    refuse_governance_structure(item)
    audit_record(actor=actor, action="content_remove", obj=item, agreement=agreement, before=snapshot(item))
    item.delete()
    if touches_scores(item):
        refresh(agreement)


@transaction.atomic
def content_item_move(*, item: models.Model, up: bool, actor: User) -> None:
    """Swap an item with its neighbour above or below; at either end nothing changes."""
    from indicators.models import Area

    agreement = lock(agreement_of(item))
    require_editable(agreement, actor)
    refuse_governance_structure(item)
    queryset = siblings(item)
    neighbour = (
        queryset.filter(position__lt=item.position).order_by("-position").first()
        if up
        else queryset.filter(position__gt=item.position).order_by("position").first()
    )
    if neighbour is None:
        return
    mine, theirs = item.position, neighbour.position
    # Positions are unique among siblings (an agreement's areas: among all its areas, whatever their kind):
    # park one item outside the range while the other moves.
    taken = Area.objects.filter(agreement=item.agreement_id) if isinstance(item, Area) else queryset
    parked = (taken.aggregate(m=Max("position"))["m"] or 0) + 1
    type(item).objects.filter(pk=item.pk).update(position=parked)
    type(item).objects.filter(pk=neighbour.pk).update(position=mine)
    type(item).objects.filter(pk=item.pk).update(position=theirs)
    item.position = theirs
    audit_record(
        actor=actor,
        action="content_move",
        obj=item,
        agreement=agreement,
        before={"position": mine},
        after={"position": theirs},
    )
    if touches_scores(item):
        refresh(agreement)


# ------------------------------------------------------------------------------------------------
# Revisions


def pending_revision(agreement: Agreement) -> Agreement | None:
    return (
        Agreement.objects.filter(
            office=agreement.office_id,
            fiscal_year=agreement.fiscal_year_id,
            is_current=False,
            version__gt=agreement.version,
        )
        .exclude(status=AgreementStatus.SUPERSEDED)
        .order_by("-version")
        .first()
    )


def is_revision(agreement: Agreement) -> bool:
    """A proposed revision: a later version that is not (yet) the one in force."""
    return agreement.version > 1 and not agreement.is_current


def refuse_after_revision_deadline(agreement: Agreement) -> None:
    """Revisions are proposed and submitted only until the fiscal year's revision deadline: after it, the
    signed targets are what the year is evaluated against."""
    deadline = agreement.fiscal_year.revision_deadline
    if deadline is not None and timezone.localdate() > deadline:
        raise ValidationError(
            _("সংশোধনের শেষ তারিখ (%(date)s) পার হয়ে গেছে।") % {"date": display.date_long(deadline)}
        )


@transaction.atomic
def revision_propose(*, agreement: Agreement, justification: str, actor: User) -> Agreement:
    """The office opens a revision of its active agreement: a new version (a copy to change the targets in)
    that it submits like a draft. Only before the fiscal year's revision deadline, one at a time."""
    agreement = lock(agreement)
    require_role(actor, agreement, *OFFICE_ROLES)
    if agreement.status != AgreementStatus.ACTIVE or not agreement.is_current:
        raise ValidationError(_("কেবল কার্যকর চুক্তির সংশোধন প্রস্তাব করা যায়।"))
    refuse_after_revision_deadline(agreement)
    justification = (justification or "").strip()
    if not justification:
        raise ValidationError({"justification": _("সংশোধনের যৌক্তিকতা লিখুন।")})
    if pending_revision(agreement) is not None:
        raise ValidationError(_("এই চুক্তির একটি সংশোধন প্রস্তাব ইতিমধ্যে চলমান।"))
    last_version = Agreement.objects.filter(
        office=agreement.office_id, fiscal_year=agreement.fiscal_year_id
    ).aggregate(m=Max("version"))["m"]
    revision = copy_rows(
        Agreement,
        [agreement],
        version=last_version + 1,
        is_current=False,
        status=AgreementStatus.DRAFT,
        revision_justification=justification,
        final_submission_at=None,
    )[0]
    revision.full_clean()
    revision.save()
    copy_document(agreement, revision, next_year=False)
    audit_record(
        actor=actor,
        action="revision_propose",
        obj=revision,
        agreement=revision,
        after={"version": revision.version, "revises": agreement.pk},
        reason=justification,
    )
    audit_record(
        actor=actor,
        action="revision_propose",
        obj=agreement,
        agreement=agreement,
        after={"revision": revision.pk, "version": revision.version},
        reason=justification,
    )
    return revision


def carry_over(old: Agreement, new: Agreement) -> None:
    """What happened under the old version continues under the new one: achievements with their
    verification, evidence, quarterly reports, and the governance plans with their achievements."""
    from evidence.models import EvidenceItem
    from indicators.models import (
        Achievement,
        GovernancePlan,
        Indicator,
        PlanItem,
        PlanItemAchievement,
        QuarterlyReport,
    )

    new_indicators = {(i.area_kind, i.code): i for i in Indicator.objects.filter(agreement=new)}
    achievements, evidence = [], []
    for indicator in Indicator.objects.filter(agreement=old).prefetch_related("achievements", "evidence"):
        target = new_indicators.get((indicator.area_kind, indicator.code))
        if target is None:
            continue
        achievements += copy_rows(Achievement, indicator.achievements.all(), indicator=target)
        evidence += copy_rows(EvidenceItem, indicator.evidence.all(), indicator=target)
    Achievement.objects.bulk_create(achievements)
    QuarterlyReport.objects.bulk_create(
        copy_rows(QuarterlyReport, old.quarterly_reports.all(), agreement=new)
    )
    for plan in GovernancePlan.objects.filter(agreement=old).prefetch_related("items__achievements"):
        new_plan = copy_rows(GovernancePlan, [plan], agreement=new)[0]
        new_plan.save()
        for item in plan.items.all():
            new_item = copy_rows(PlanItem, [item], plan=new_plan)[0]
            new_item.save()
            PlanItemAchievement.objects.bulk_create(
                copy_rows(PlanItemAchievement, item.achievements.all(), item=new_item)
            )
            evidence += copy_rows(EvidenceItem, item.evidence.all(), plan_item=new_item)
    EvidenceItem.objects.bulk_create(evidence)


@transaction.atomic
def revision_approve(*, revision: Agreement, actor: User) -> Agreement:
    """The supervisor accepts a submitted revision: it becomes the current, active version; the version it
    replaces is frozen (superseded) and stays readable."""
    from . import notifications

    revision = lock(revision)
    require_role(actor, revision, Role.SUPERVISOR_REVIEWER)
    if revision.status != AgreementStatus.SUBMITTED or revision.is_current or revision.version == 1:
        raise wrong_status(revision, _("সংশোধন অনুমোদন"))
    old = (
        Agreement.objects.select_for_update(of=("self",))
        .filter(office=revision.office_id, fiscal_year=revision.fiscal_year_id, is_current=True)
        .first()
    )
    if old is not None:
        old.is_current = False
        set_status(
            old,
            AgreementStatus.SUPERSEDED,
            actor=actor,
            action="agreement_supersede",
            replaced_by=revision.pk,
        )
    revision.is_current = True
    set_status(
        revision,
        AgreementStatus.ACTIVE,
        actor=actor,
        action="revision_approve",
        replaces=old.pk if old else None,
    )
    if old is not None:
        carry_over(old, revision)
    refresh(revision)
    notifications.notify_agreement(revision, "revision_approved", actor=actor)
    return revision


# ------------------------------------------------------------------------------------------------
# Annual self-assessment


def stored_total(agreement: Agreement, kind: str) -> Decimal:
    from indicators.models import AgreementScore

    score = AgreementScore.objects.filter(agreement=agreement, kind=kind).first()
    return score.total if score else Decimal("0")


@transaction.atomic
def self_assessment_submit(*, agreement: Agreement, note: str = "", actor: User) -> SelfAssessment:
    """The office claims its year's score (computed from its reported achievements, with their evidence).
    After the deadline it may still submit; the supervisor sees that it came late."""
    from indicators.models import ScoreKind

    from . import notifications

    agreement = lock(agreement)
    require_role(actor, agreement, *OFFICE_ROLES)
    if agreement.status != AgreementStatus.ACTIVE or not agreement.is_current:
        raise ValidationError(_("কেবল কার্যকর চুক্তির স্ব-মূল্যায়ন দাখিল করা যায়।"))
    existing = SelfAssessment.objects.filter(agreement=agreement).first()
    if existing is not None and existing.status != SelfAssessmentStatus.SUBMITTED:
        raise ValidationError(_("স্ব-মূল্যায়ন ইতিমধ্যে যাচাই হয়েছে; আর পরিবর্তন করা যায় না।"))
    refresh(agreement)
    deadline = agreement.fiscal_year.self_assessment_deadline
    assessment = existing or SelfAssessment(agreement=agreement)
    assessment.claimed_total = stored_total(agreement, ScoreKind.CLAIMED)
    assessment.office_note = note.strip()
    assessment.submitted_at = timezone.now()
    assessment.submitted_by = actor
    assessment.submitted_late = deadline is not None and timezone.localdate() > deadline
    assessment.full_clean()
    assessment.save()
    audit_record(
        actor=actor,
        action="self_assessment_submit",
        obj=assessment,
        agreement=agreement,
        after={"claimed_total": str(assessment.claimed_total), "late": assessment.submitted_late},
    )
    notifications.notify_agreement(agreement, "self_assessment_submitted", actor=actor)
    return assessment


@transaction.atomic
def self_assessment_verify(*, assessment: SelfAssessment, note: str = "", actor: User) -> SelfAssessment:
    """The supervisor closes verification: the verified score is what its accepted or corrected
    achievements give."""
    from indicators.models import ScoreKind

    from . import notifications

    agreement = lock(assessment.agreement)
    require_role(actor, agreement, Role.SUPERVISOR_REVIEWER, Role.SUPERVISOR_HEAD)
    assessment = SelfAssessment.objects.select_for_update().get(pk=assessment.pk)
    if assessment.status != SelfAssessmentStatus.SUBMITTED:
        raise ValidationError(_("স্ব-মূল্যায়নটি ইতিমধ্যে যাচাই হয়েছে।"))
    refresh(agreement)
    assessment.status = SelfAssessmentStatus.VERIFIED
    assessment.verified_total = stored_total(agreement, ScoreKind.VERIFIED)
    assessment.supervisor_note = note.strip()
    assessment.verified_at, assessment.verified_by = timezone.now(), actor
    assessment.full_clean()
    assessment.save()
    audit_record(
        actor=actor,
        action="self_assessment_verify",
        obj=assessment,
        agreement=agreement,
        before={"status": SelfAssessmentStatus.SUBMITTED},
        after={"status": assessment.status, "verified_total": str(assessment.verified_total)},
    )
    notifications.notify_agreement(agreement, "self_assessment_verified", actor=actor)
    return assessment


@transaction.atomic
def self_assessment_publish(*, assessment: SelfAssessment, actor: User) -> SelfAssessment:
    """The supervisor head publishes the verified evaluation."""
    from . import notifications

    agreement = lock(assessment.agreement)
    require_role(actor, agreement, Role.SUPERVISOR_HEAD)
    assessment = SelfAssessment.objects.select_for_update().get(pk=assessment.pk)
    if assessment.status != SelfAssessmentStatus.VERIFIED:
        raise ValidationError(_("কেবল যাচাইকৃত স্ব-মূল্যায়ন প্রকাশ করা যায়।"))
    assessment.status = SelfAssessmentStatus.PUBLISHED
    assessment.published_at = timezone.now()
    assessment.full_clean()
    assessment.save()
    audit_record(
        actor=actor,
        action="self_assessment_publish",
        obj=assessment,
        agreement=agreement,
        before={"status": SelfAssessmentStatus.VERIFIED},
        after={"status": assessment.status},
    )
    notifications.notify_agreement(agreement, "self_assessment_published", actor=actor)
    return assessment
