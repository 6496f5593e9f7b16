"""An agreement's plans: the Annex 4-8 page with the scores, the office's drafting page, and the supervisor's
verification of the year's achievements."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from agreements.models import OFFICE_ROLES, SUPERVISOR_ROLES, GovernancePlanKind
from agreements.selectors import get_agreement_for, roles_for
from apa_portal import display
from indicators.governance import selectors, services
from indicators.governance.forms import PlanItemDraftForm, PlanVerifyForm
from indicators.governance.views.common import kind_from, plan_of, scored_plan_of
from indicators.models import ScoreKind
from indicators.selectors.quarters import in_force, quarter_to_work_on


@login_required
def agreement_plans(request: HttpRequest, pk: int) -> HttpResponse:
    """Annex 4-8 of an agreement: each plan's table with the score of every item for the chosen kind, and
    the plan score scaled into its governance indicator."""
    agreement = get_agreement_for(request.user, pk)
    kind = kind_from(request)
    plans = selectors.plans_of_agreement(agreement)
    marks = selectors.plan_marks(agreement, [p.kind for p in plans])
    policy = agreement.fiscal_year.scoring_policy
    roles = roles_for(request.user, agreement)
    is_office = bool(roles & set(OFFICE_ROLES))
    sections = [
        {
            "plan": plan,
            "rows": selectors.plan_rows(plan, kind, policy),
            "summary": selectors.plan_summary(plan, kind, marks.get(plan.kind), policy),
            "mark_mismatches": selectors.area_mark_mismatches(plan),
            "levels": plan.levels,
            "serials": any(i.serial for i in plan.items.all()),
            "derived_weights": any(i.alternative_to and i.weight is None for i in plan.items.all()),
        }
        for plan in plans
    ]
    return render(
        request,
        "governance/agreement_plans.html",
        {
            "agreement": agreement,
            "sections": sections,
            "kind": kind,
            "kinds": ScoreKind.choices,
            "can_draft": is_office and agreement.status in selectors.DRAFTING_STATUSES,
            "can_enter": is_office and in_force(agreement),
            "entry_quarter": quarter_to_work_on(agreement),
            "can_verify": bool(roles & set(SUPERVISOR_ROLES)) and in_force(agreement),
            "missing_kinds": is_office
            and agreement.status in selectors.DRAFTING_STATUSES
            and len(plans) < len(GovernancePlanKind.values),
        },
    )


@login_required
@require_POST
def plans_instantiate(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = get_agreement_for(request.user, pk, require=OFFICE_ROLES)
    if agreement.status not in selectors.DRAFTING_STATUSES:
        messages.error(request, _("কেবল খসড়া চুক্তিতে কর্মপরিকল্পনা যোগ করা যায়।"))
    else:
        created = services.plans_instantiate(agreement=agreement, actor=request.user)
        if created:
            messages.success(request, _("এই অর্থবছরের ছক থেকে কর্মপরিকল্পনা যোগ হয়েছে।"))
        else:
            messages.info(request, _("যোগ করার মতো নতুন কোনো ছক নেই।"))
    return redirect("governance:plans", pk=pk)


def codes_text(items) -> str:
    return ", ".join(f"[{display.digits(selectors.item_code(item))}]" for item in items)


def draft_outcome_message(saved: list, failed: list) -> str:
    """What a save of the drafting page did, row by row: what was saved, and what was not."""
    if not failed:
        if not saved:
            return _("কোনো পরিবর্তন ছিল না।")
        return _("%(n)sটি সূচক সংরক্ষিত হয়েছে: %(codes)s।") % {
            "n": display.number(len(saved)),
            "codes": codes_text(saved),
        }
    done = (
        _("%(n)sটি সূচক সংরক্ষিত হয়েছে (%(codes)s); ")
        % {"n": display.number(len(saved)), "codes": codes_text(saved)}
        if saved
        else ""
    )
    return done + _("%(n)sটি সূচক সংরক্ষিত হয়নি (%(codes)s): নিচে চিহ্নিত সারি ঠিক করে আবার সংরক্ষণ করুন।") % {
        "n": display.number(len(failed)),
        "codes": codes_text(failed),
    }


@login_required
@require_http_methods(["GET", "POST"])
def plan_draft(request: HttpRequest, pk: int, plan_pk: int) -> HttpResponse:
    """The office fills in what the template leaves open: responsible person, quarterly and annual targets,
    the targets of rows left blank. Rows are saved one by one; the message names the rows saved and those
    not saved, and a row with an error keeps what was typed."""
    agreement = get_agreement_for(request.user, pk, require=OFFICE_ROLES)
    plan = plan_of(agreement, plan_pk)
    editable = agreement.status in selectors.DRAFTING_STATUSES
    items = list(plan.items.order_by("position"))
    template_targets = {}
    if plan.template_id:
        template_targets = {
            t.position: any(v is not None for v in t.targets) for t in plan.template.items.all()
        }
    level_total = len(plan.levels)
    forms = [
        PlanItemDraftForm(
            request.POST or None if editable else None,
            item=item,
            quarterly=selectors.takes_quarterly_targets(item),
            targets_open=not template_targets.get(item.position, False) and level_total > 0,
            level_total=level_total,
            levels=plan.levels,
            prefix=f"item-{item.pk}",
        )
        for item in items
    ]
    saved_rows: set[int] = set()
    if request.method == "POST":
        if not editable:
            raise PermissionDenied
        saved, failed = [], []
        for form in forms:
            changes = form.changes() if form.is_valid() else {}
            if form.errors:
                failed.append(form.item)
                continue
            if not changes:
                continue
            try:
                services.plan_item_update(item=form.item, actor=request.user, **changes)
            except ValidationError as error:
                for name, errors in getattr(error, "message_dict", {None: error.messages}).items():
                    for message in errors:
                        form.add_error(name if name in form.fields else None, message)
                failed.append(form.item)
            else:
                saved.append(form.item)
                saved_rows.add(form.item.pk)
        message = draft_outcome_message(saved, failed)
        if not failed:
            (messages.success if saved else messages.info)(request, message)
            return redirect("governance:plans", pk=pk)
        messages.error(request, message)
    return render(
        request,
        "governance/plan_draft.html",
        {
            "agreement": agreement,
            "plan": plan,
            "rows": [
                (item, form, item.pk in saved_rows, selectors.fixed_targets(item, plan.levels))
                for item, form in zip(items, forms, strict=True)
            ],
            "editable": editable,
            "levels": plan.levels,
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
def plan_verify(request: HttpRequest, pk: int, plan_pk: int) -> HttpResponse:
    """The supervisor's verification of a plan: each item's values for the year, the office's claim and
    evidence, and a form to accept or correct it; the verified score beside the claimed one."""
    agreement = get_agreement_for(request.user, pk, require=SUPERVISOR_ROLES)
    plan = scored_plan_of(agreement, plan_pk)
    policy = agreement.fiscal_year.scoring_policy
    marks = selectors.plan_marks(agreement, [plan.kind]).get(plan.kind)
    claimed = {row.item.pk: row for row in selectors.plan_rows(plan, ScoreKind.CLAIMED, policy)}
    rows = [
        {
            "row": row,
            "claimed": claimed[row.item.pk],
            "counted": row.basis not in (selectors.Basis.REPLACED, selectors.Basis.NOT_TAKEN),
            "evidence": list(row.item.evidence.all()),
            "form": PlanVerifyForm(item=row.item, prefix=f"v-{row.item.pk}"),
        }
        for row in selectors.plan_rows(plan, ScoreKind.VERIFIED, policy)
    ]
    return render(
        request,
        "governance/plan_verify.html",
        {
            "agreement": agreement,
            "plan": plan,
            "rows": rows,
            "levels": plan.levels,
            "editable": in_force(agreement),
            "verified": selectors.plan_summary(plan, ScoreKind.VERIFIED, marks, policy),
            "claimed": selectors.plan_summary(plan, ScoreKind.CLAIMED, marks, policy),
        },
    )


@login_required
@require_POST
def item_verify(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    agreement = get_agreement_for(request.user, pk, require=SUPERVISOR_ROLES)
    item = selectors.get_plan_item(agreement, item_pk)
    back = f"{reverse('governance:verify', args=[pk, item.plan_id])}#item-{item.pk}"
    form = PlanVerifyForm(request.POST, item=item, prefix=f"v-{item.pk}")
    code = display.digits(selectors.item_code(item))
    if not form.is_valid():
        errors = "; ".join(str(e) for errs in form.errors.values() for e in errs)
        messages.error(request, f"[{code}] {errors}")
        return redirect(back)
    try:
        services.plan_item_verify(item=item, actor=request.user, **form.service_arguments())
    except ValidationError as error:
        messages.error(request, f"[{code}] {' '.join(error.messages)}")
    else:
        messages.success(request, _("[%(code)s] যাচাই সংরক্ষিত হয়েছে।") % {"code": code})
    return redirect(back)
