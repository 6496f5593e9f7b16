"""Quarterly achievements of a plan's items with their evidence: the same page as the Section 3 entry page
(`indicators.views`, `static/js/entry.js`). Typing shows the new item and plan score before saving, a row
saves without reloading, a colleague's save in between shows both values, and every form works without
JavaScript."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from agreements.models import OFFICE_ROLES, Agreement
from agreements.selectors import get_agreement_for, roles_for
from apa_portal import display
from apa_portal.http import form_errors, login_needed, login_required_json, wants_json
from apa_portal.templatetags.bangla import bn_number
from evidence.models import EvidenceItem, EvidenceKind
from evidence.views import file_attachment
from indicators import scoring
from indicators.forms import AchievementForm
from indicators.governance import selectors, services
from indicators.governance.forms import EvidenceForm, SelfAssessmentForm
from indicators.governance.views.common import entry_url, quarter_from, scored_plan_of
from indicators.models import (
    AgreementScore,
    GovernancePlan,
    Indicator,
    IndicatorScore,
    PlanItem,
    PlanItemAchievement,
    ScoreKind,
    TargetType,
)
from indicators.selectors.quarters import QuarterLocked, quarter_state
from indicators.services import AchievementConflict
from indicators.views import (
    achievement_payload,
    conflict_details,
    refused_save,
    removed_notice,
    saved_message,
)


@dataclass(frozen=True)
class Standing:
    """Where the plan's score shows in Section 3: its governance indicator (if the agreement has one), that
    indicator's stored progress score, and the agreement's stored progress total."""

    indicator: Indicator | None
    weighted: Decimal | None
    total: Decimal | None

    def live(self, plan: GovernancePlan, plan_score: Decimal | None = None) -> dict[str, str]:
        """The figures the page shows beside the plan score; with `plan_score`, as they would be after a
        save (the total is a plain sum of stored scores, so swapping one term is exact)."""
        live = {}
        if self.indicator is not None and self.weighted is not None:
            weighted = self.weighted
            if plan_score is not None and plan.total_marks > 0:
                weighted = scoring.scale_plan_score(plan_score, plan.total_marks, self.indicator.weight)
            live["indicator"] = bn_number(weighted, 2)
            if self.total is not None:
                live["agreement"] = bn_number(self.total - self.weighted + weighted, 2)
        elif self.total is not None:
            live["agreement"] = bn_number(self.total, 2)
        return live


def standing(agreement: Agreement, plan: GovernancePlan) -> Standing:
    indicator = Indicator.objects.filter(agreement=agreement, governance_kind=plan.kind).first()
    weighted = None
    if indicator is not None:
        weighted = (
            IndicatorScore.objects.filter(indicator=indicator, kind=ScoreKind.PROGRESS)
            .values_list("weighted", flat=True)
            .first()
        )
    total = (
        AgreementScore.objects.filter(agreement=agreement, kind=ScoreKind.PROGRESS)
        .values_list("total", flat=True)
        .first()
    )
    return Standing(indicator, weighted, total)


def scored(plan: GovernancePlan, policy: str) -> tuple[dict[int, selectors.PlanRow], Decimal]:
    """The plan's rows by item and its progress score."""
    rows = selectors.plan_rows(plan, ScoreKind.PROGRESS, policy)
    return {row.item.pk: row for row in rows}, scoring.total_score(row.score for row in rows)


def row_figures(row: selectors.PlanRow) -> dict:
    return {
        "annual_display": row.achievement_total,
        "weighted_display": bn_number(row.score, 2),
        "reported": row.reported,
    }


def entry_rows(plan: GovernancePlan, quarter: int, rows: dict[int, selectors.PlanRow]) -> list[dict]:
    entries = []
    for item in plan.items.all():
        by_quarter = {a.quarter: a for a in item.achievements.all()}
        entries.append(
            {
                "item": item,
                "row": rows[item.pk],
                "current": by_quarter.get(quarter),
                "earlier": [by_quarter.get(q) for q in selectors.QUARTERS if q < quarter],
                "evidence": [e for e in item.evidence.all() if e.quarter == quarter],
                "is_date": item.target_type == TargetType.DATE,
                "posted": None,
            }
        )
    return entries


def render_entry(
    request: HttpRequest,
    agreement: Agreement,
    plan_pk: int,
    quarter: int,
    *,
    posted: dict | None = None,
    status: int = 200,
) -> HttpResponse:
    plan = scored_plan_of(agreement, plan_pk)
    can_edit = bool(roles_for(request.user, agreement) & set(OFFICE_ROLES))
    state = quarter_state(agreement, quarter)
    lock_reason = "" if state.is_open else state.message
    rows, plan_score = scored(plan, agreement.fiscal_year.scoring_policy)
    entries = entry_rows(plan, quarter, rows)
    for entry in entries:
        entry["posted"] = (posted or {}).get(entry["item"].pk)
    place = standing(agreement, plan)
    return render(
        request,
        "governance/plan_entry.html",
        {
            "agreement": agreement,
            "plan": plan,
            "rows": entries,
            "quarter": quarter,
            "quarters": selectors.QUARTERS,
            "earlier_quarters": [q for q in selectors.QUARTERS if q < quarter],
            "lock_reason": lock_reason,
            "can_edit": can_edit and not lock_reason,
            "evidence_form": EvidenceForm(),
            "levels": plan.levels,
            "plan_score": plan_score,
            "standing": place,
            "live": place.live(plan),
            "row_prefix": reverse("governance:entry", args=[agreement.pk, plan.pk]) + f"q{quarter}/items/",
        },
        status=status,
    )


@login_required
@require_GET
def plan_entry(request: HttpRequest, pk: int, plan_pk: int) -> HttpResponse:
    """Quarterly achievements of a plan's items with their evidence, one form per row."""
    agreement = get_agreement_for(request.user, pk)
    return render_entry(request, agreement, plan_pk, quarter_from(request, agreement))


def login_required_entry(view):
    """A script saving or previewing a row after its session ended gets 401 JSON (it keeps what was typed),
    a page the login redirect; both lead back to the plan's entry page."""

    @wraps(view)
    def wrapper(request: HttpRequest, pk: int, plan_pk: int, quarter: int, item_pk: int):
        if request.user.is_authenticated:
            return view(request, pk, plan_pk, quarter, item_pk)
        return login_needed(request, entry_url(pk, plan_pk, quarter if quarter in selectors.QUARTERS else 1))

    return wrapper


def entry_item(agreement: Agreement, plan_pk: int, quarter: int, item_pk: int) -> PlanItem:
    if quarter not in selectors.QUARTERS:
        raise Http404
    return get_object_or_404(
        PlanItem.objects.select_related("plan"), pk=item_pk, plan_id=plan_pk, plan__agreement=agreement
    )


def stored_figures(agreement: Agreement, plan_pk: int, item: PlanItem) -> dict:
    """The row's annual value and score, the plan's score and the Section 3 figures as stored now."""
    plan = scored_plan_of(agreement, plan_pk)
    rows, plan_score = scored(plan, agreement.fiscal_year.scoring_policy)
    return {
        **row_figures(rows[item.pk]),
        "total_display": bn_number(plan_score, 2),
        "live": standing(agreement, plan).live(plan),
    }


@login_required_entry
@require_POST
def achievement_save(request: HttpRequest, pk: int, plan_pk: int, quarter: int, item_pk: int) -> HttpResponse:
    """Save one row: JSON for the page's script (the new item and plan scores, the Section 3 figures), a
    redirect or the page with the row's message otherwise."""
    agreement = get_agreement_for(request.user, pk, require=OFFICE_ROLES)
    item = entry_item(agreement, plan_pk, quarter, item_pk)
    form = AchievementForm(request.POST, value_type=item.target_type)

    def failed(errors: dict, status: int, **extra) -> HttpResponse:
        def page(posted: dict) -> HttpResponse:
            return render_entry(request, agreement, plan_pk, quarter, posted={item.pk: posted}, status=status)

        return refused_save(request, errors, status, page, **extra)

    if not form.is_valid():
        return failed(form_errors(form), 400)
    # Read before the save: a save succeeds only over the revision the page had, so this is the value a blank
    # replaces (a save over another revision is a conflict).
    had_value = (
        PlanItemAchievement.objects.filter(item=item, quarter=quarter)
        .exclude(value_number=None, value_date=None)
        .exists()
    )
    try:
        achievement = services.plan_item_achievement_record(
            item=item,
            quarter=quarter,
            value=request.POST.get("value", ""),
            remarks=form.cleaned_data["remarks"],
            actor=request.user,
            expected_revision=form.cleaned_data["revision"],
        )
    except AchievementConflict as conflict:
        details = conflict_details(request, conflict.current, item, stored_figures(agreement, plan_pk, item))
        return failed({"value": [details["message"]]}, 409, **details)
    except QuarterLocked as error:
        return failed({"value": error.messages}, 403, locked=True, message=error.messages[0])
    except ValidationError as error:
        return failed({"value": error.messages}, 400)
    removed = had_value and achievement.value is None
    if not wants_json(request):
        code = selectors.item_code(item)
        if removed:
            messages.success(request, removed_notice(code))
        else:
            messages.success(request, _("[%(code)s]-এর অর্জন সংরক্ষিত হয়েছে।") % {"code": display.digits(code)})
        return redirect(f"{entry_url(pk, plan_pk, quarter)}#row-{item.pk}")
    return JsonResponse(
        {
            "ok": True,
            "achievement": achievement_payload(achievement, item),
            **stored_figures(agreement, plan_pk, item),
            **saved_message(removed),
        }
    )


@login_required_entry
@require_GET
def achievement_preview(
    request: HttpRequest, pk: int, plan_pk: int, quarter: int, item_pk: int
) -> JsonResponse:
    """What the typed value would do to the item's and the plan's progress score, and so to the plan's
    governance indicator in Section 3; saves nothing."""
    agreement = get_agreement_for(request.user, pk)
    entry_item(agreement, plan_pk, quarter, item_pk)
    plan = scored_plan_of(agreement, plan_pk)
    item = next(i for i in plan.items.all() if i.pk == item_pk)
    try:
        value = services.parse_value(item, request.GET.get("value", ""))
        services.check_achieved_on(value, agreement)
    except ValidationError as error:
        return JsonResponse({"ok": False, "message": " ".join(error.messages)}, status=400)
    selectors.with_quarter_value(item, quarter, value)
    rows, plan_score = scored(plan, agreement.fiscal_year.scoring_policy)
    row = rows[item.pk]
    return JsonResponse(
        {
            "ok": True,
            **row_figures(row),
            "total_display": bn_number(plan_score, 2),
            "live": standing(agreement, plan).live(plan, plan_score),
            "lines": row.explanation,
        }
    )


def plans_page(pk: int, item_pk: int) -> str:
    """Where a script's upload comes back to after logging in again: the agreement's plans."""
    return reverse("governance:plans", args=[pk])


@login_required_json(script_back=plans_page)
@require_POST
def evidence_add(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    """A link or a file for a plan item's quarter: with a redirect back to the row, or as JSON for the entry
    page's inline upload (static/js/evidence-upload.js), refusals as Bangla messages."""
    agreement = get_agreement_for(request.user, pk, require=OFFICE_ROLES)
    item = selectors.get_plan_item(agreement, item_pk)
    quarter = quarter_from(request, agreement)
    form = EvidenceForm(request.POST, request.FILES)
    evidence = None
    refused: list[str] = []
    status = 400
    typed_url = ""
    if not form.is_valid():
        refused = [m for errors in form.errors.values() for m in errors]
    else:
        try:
            evidence = services.plan_item_evidence_add(
                item=item,
                quarter=quarter,
                actor=request.user,
                url=form.cleaned_data.get("url") or "",
                file=form.cleaned_data.get("file"),
                description=form.cleaned_data.get("description") or "",
            )
        except QuarterLocked as error:
            # A page left open after the quarter closed: the item was not added, and the person is told why,
            # with the link that was typed (as the Section 3 evidence page).
            typed_url = form.cleaned_data.get("url") or ""
            template = _("লিংকটি যুক্ত হয়নি: %(reason)s") if typed_url else _("ফাইলটি যুক্ত হয়নি: %(reason)s")
            refused, status = [template % {"reason": error.messages[0]}], 403
        except ValidationError as error:
            refused = error.messages
    if wants_json(request):
        if evidence is None:
            return JsonResponse({"ok": False, "errors": {"__all__": refused}}, status=status)
        return JsonResponse({"ok": True, "item": plan_evidence_payload(agreement, item, evidence)})
    for message in refused:
        messages.error(request, message)
    if typed_url:
        messages.info(request, " ".join((_("যে লিংকটি দিয়েছিলেন:"), typed_url)))
    if evidence is not None:
        messages.success(request, _("প্রমাণক যোগ হয়েছে।"))
    return redirect(f"{entry_url(pk, item.plan_id, quarter)}#row-{item.pk}")


def plan_evidence_payload(agreement: Agreement, item: PlanItem, evidence: EvidenceItem) -> dict:
    is_file = evidence.kind == EvidenceKind.FILE
    return {
        "id": evidence.pk,
        "kind": evidence.kind,
        "name": evidence.original_name if is_file else evidence.description or evidence.url,
        "url": reverse("governance:evidence_download", args=[agreement.pk, item.pk, evidence.pk])
        if is_file
        else evidence.url,
    }


@login_required
def evidence_download(request: HttpRequest, pk: int, item_pk: int, evidence_pk: int) -> HttpResponse:
    """A plan item's evidence file, for anyone who may see the agreement; always an attachment, so that an
    uploaded file is never rendered in the portal's origin."""
    agreement = get_agreement_for(request.user, pk)
    item = selectors.get_plan_item(agreement, item_pk)
    evidence = get_object_or_404(
        EvidenceItem, pk=evidence_pk, plan_item=item, kind=EvidenceKind.FILE, removed_at__isnull=True
    )
    return file_attachment(evidence, agreement=agreement, reader=request.user)


@login_required
@require_POST
def evidence_remove(request: HttpRequest, pk: int, item_pk: int, evidence_pk: int) -> HttpResponse:
    agreement = get_agreement_for(request.user, pk, require=OFFICE_ROLES)
    item = selectors.get_plan_item(agreement, item_pk)
    evidence = get_object_or_404(EvidenceItem, pk=evidence_pk, plan_item=item)
    try:
        services.plan_item_evidence_remove(evidence=evidence, actor=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("প্রমাণক সরানো হয়েছে।"))
    return redirect(entry_url(pk, item.plan_id, evidence.quarter or 1))


@login_required
@require_POST
def self_assessment(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    """The office's description of an item's achievement for the year and the score it claims."""
    agreement = get_agreement_for(request.user, pk, require=OFFICE_ROLES)
    item = selectors.get_plan_item(agreement, item_pk)
    form = SelfAssessmentForm(request.POST, prefix=f"sa-{item.pk}")
    back = f"{entry_url(pk, item.plan_id, 4)}#row-{item.pk}"
    if not form.is_valid():
        for message in [m for errors in form.errors.values() for m in errors]:
            messages.error(request, message)
        return redirect(back)
    try:
        services.plan_item_self_assessment_record(
            item=item,
            claimed_score=form.cleaned_data["claimed_score"],
            achievement_text=form.cleaned_data["achievement_text"],
            actor=request.user,
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("স্ব-মূল্যায়ন সংরক্ষিত হয়েছে।"))
    return redirect(back)
