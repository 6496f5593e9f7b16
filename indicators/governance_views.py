"""Pages for the governance action plans (Annex 4-8).

Administrators maintain each fiscal year's templates and the marks each plan carries. Offices see their
plans with the score of each item, fill in what the template leaves open while drafting, and enter quarterly
achievements with evidence once the agreement is signed. Every view starts from the user's scope
(`get_agreement_for`: 404 outside it, 403 when visible but not theirs to change); views parse with a form,
call a service and redirect."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from agreements.models import FiscalYear, GovernancePlanKind, Role
from agreements.selectors import get_agreement_for, is_administrator, roles_for
from apa_portal import display
from evidence.models import EvidenceItem, EvidenceKind
from evidence.views import file_attachment

from . import governance_selectors as selectors
from . import governance_services as services
from .governance_forms import (
    LEVEL_SETS,
    MAX_LEVELS,
    AchievementForm,
    AllocationForm,
    EvidenceForm,
    PlanItemDraftForm,
    SelfAssessmentForm,
    TemplateHeaderForm,
    TemplateItemForm,
    TemplateItemFormSet,
    TemplateNewForm,
    display_value,
    level_count,
    variant_label,
)
from .models import GovernancePlan, GovernancePlanTemplate, ScoreKind

OFFICE_ROLES = (Role.FOCAL_POINT, Role.OFFICE_HEAD)


def require_admin(request: HttpRequest) -> None:
    if not is_administrator(request.user):
        raise PermissionDenied


def error_messages(error: ValidationError) -> list[str]:
    return list(error.messages)


# ------------------------------------------------------------------------------------------------
# Administrators: templates and marks


@login_required
def years(request: HttpRequest) -> HttpResponse:
    require_admin(request)
    page = Paginator(FiscalYear.objects.order_by("-start_year"), 20).get_page(request.GET.get("page"))
    return render(request, "governance/years.html", {"page": page})


@login_required
@require_http_methods(["GET", "POST"])
def year(request: HttpRequest, start_year: int) -> HttpResponse:
    """A fiscal year's templates (current versions) and the marks of each plan in the agreement."""
    require_admin(request)
    fiscal_year = get_object_or_404(FiscalYear, start_year=start_year)
    allocations = selectors.allocations_of_year(fiscal_year)
    form = AllocationForm(request.POST or None, allocations=allocations)
    if request.method == "POST" and form.is_valid():
        try:
            services.allocation_update(fiscal_year=fiscal_year, marks=form.cleaned_data, actor=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("কর্মপরিকল্পনার মান সংরক্ষিত হয়েছে।"))
            return redirect("governance:year", start_year=start_year)
    templates = selectors.templates_of_year(fiscal_year)
    usage = selectors.template_usage([t.pk for t in templates])
    rows = [
        {
            "template": t,
            "variant": variant_label(t.variant),
            "locked": usage[t.pk]["signed"] > 0,
            "item_count": usage[t.pk]["items"],
            "plan_count": usage[t.pk]["plans"],
        }
        for t in templates
    ]
    missing = [label for kind, label in GovernancePlanKind.choices if kind not in {t.kind for t in templates}]
    return render(
        request,
        "governance/year.html",
        {"fiscal_year": fiscal_year, "rows": rows, "form": form, "missing": missing},
    )


@login_required
@require_http_methods(["GET", "POST"])
def template_new(request: HttpRequest, start_year: int) -> HttpResponse:
    require_admin(request)
    fiscal_year = get_object_or_404(FiscalYear, start_year=start_year)
    form = TemplateNewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            template = services.template_create(
                fiscal_year=fiscal_year,
                kind=data["kind"],
                variant=data["variant"],
                title_bn=data["title_bn"].strip(),
                levels=LEVEL_SETS[data["level_count"]],
                total_marks=data["total_marks"],
                actor=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("ছক তৈরি হয়েছে। এবার এর সূচকগুলো যোগ করুন।"))
            return redirect("governance:template", pk=template.pk)
    return render(request, "governance/template_new.html", {"fiscal_year": fiscal_year, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def template_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """A template's heading and rows on one page. Saving a template that signed agreements use makes a new
    version; older versions are shown read-only."""
    require_admin(request)
    template = get_object_or_404(GovernancePlanTemplate.objects.select_related("fiscal_year"), pk=pk)
    current = selectors.template_is_current(template)
    locked = selectors.template_is_locked(template)
    items = selectors.template_items(template)
    header = TemplateHeaderForm(
        request.POST or None,
        initial={
            "title_bn": template.title_bn,
            "level_count": level_count(template.levels),
            "total_marks": template.total_marks,
            "notes_bn": template.notes_bn,
        },
    )
    formset = TemplateItemFormSet(
        request.POST or None, initial=[TemplateItemForm.initial_for(i) for i in items], prefix="items"
    )
    errors: list[str] = []
    if request.method == "POST":
        if not current:
            raise PermissionDenied
        if header.is_valid() and formset.is_valid():
            fields = header.service_fields()
            level_total = len(fields["levels"])
            rows = [
                f.service_row(level_total)
                for f in formset.forms
                if f.cleaned_data and not f.cleaned_data.get("DELETE")
            ]
            try:
                saved = services.template_update(
                    template=template, fields=fields, items=rows, actor=request.user
                )
            except ValidationError as error:
                errors = error_messages(error)
            else:
                if saved.pk != template.pk:
                    messages.success(
                        request,
                        _("ছকটি স্বাক্ষরিত চুক্তিতে ব্যবহৃত, তাই পরিবর্তনগুলো নতুন সংস্করণ %(v)s-এ সংরক্ষিত হয়েছে।")
                        % {"v": saved.version},
                    )
                else:
                    messages.success(request, _("ছক সংরক্ষিত হয়েছে।"))
                return redirect("governance:template", pk=saved.pk)
    return render(
        request,
        "governance/template_edit.html",
        {
            "template": template,
            "variant": variant_label(template.variant),
            "current": current,
            "locked": locked,
            "versions": selectors.template_versions(template),
            "header": header,
            "formset": formset,
            "errors": errors,
            "level_range": range(1, MAX_LEVELS + 1),
            "levels": template.levels,
        },
    )


@login_required
@require_POST
def template_version(request: HttpRequest, pk: int) -> HttpResponse:
    require_admin(request)
    template = get_object_or_404(GovernancePlanTemplate, pk=pk)
    if not selectors.template_is_current(template):
        messages.error(request, _("কেবল সর্বশেষ সংস্করণ থেকে নতুন সংস্করণ তৈরি করা যায়।"))
        return redirect("governance:template", pk=pk)
    new = services.template_create_version(template=template, actor=request.user)
    messages.success(request, _("নতুন সংস্করণ %(v)s তৈরি হয়েছে।") % {"v": new.version})
    return redirect("governance:template", pk=new.pk)


# ------------------------------------------------------------------------------------------------
# An agreement's plans


def kind_from(request: HttpRequest) -> str:
    kind = request.GET.get("kind", ScoreKind.PROGRESS)
    return kind if kind in ScoreKind.values else ScoreKind.PROGRESS


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
            "levels": plan.levels,
            "quarterly": any(selectors.takes_quarterly_targets(i) for i in plan.items.all()),
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
            "can_enter": is_office and agreement.status in selectors.ENTRY_STATUSES,
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


def plan_of(agreement, plan_pk: int) -> GovernancePlan:
    return get_object_or_404(GovernancePlan, pk=plan_pk, agreement=agreement)


@login_required
@require_http_methods(["GET", "POST"])
def plan_draft(request: HttpRequest, pk: int, plan_pk: int) -> HttpResponse:
    """The office fills in what the template leaves open: responsible person, quarterly and annual targets,
    the targets of rows left blank. Rows are saved one by one; a row with an error keeps what was typed."""
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
    if request.method == "POST":
        if not editable:
            raise PermissionDenied
        saved = failed = 0
        for form in forms:
            if not form.is_valid():
                failed += 1
                continue
            changes = form.changes()
            if form.errors:
                failed += 1
                continue
            if not changes:
                continue
            try:
                services.plan_item_update(item=form.item, actor=request.user, **changes)
                saved += 1
            except ValidationError as error:
                for message in error.messages:
                    form.add_error(None, message)
                failed += 1
        if not failed:
            messages.success(
                request,
                _("%(n)s টি সূচক সংরক্ষিত হয়েছে।") % {"n": display.number(saved)}
                if saved
                else _("কোনো পরিবর্তন ছিল না।"),
            )
            return redirect("governance:plans", pk=pk)
        messages.error(request, _("কিছু সারিতে ভুল আছে; নিচে চিহ্নিত সারিগুলো ঠিক করে আবার সংরক্ষণ করুন।"))
    return render(
        request,
        "governance/plan_draft.html",
        {
            "agreement": agreement,
            "plan": plan,
            "rows": list(zip(items, forms, strict=True)),
            "editable": editable,
            "levels": plan.levels,
        },
        status=400 if request.method == "POST" else 200,
    )


def quarter_from(request: HttpRequest) -> int:
    try:
        quarter = int(request.GET.get("quarter", request.POST.get("quarter", 1)))
    except ValueError:
        quarter = 1
    return quarter if quarter in selectors.QUARTERS else 1


def stored_value(achievement) -> str | None:
    if achievement is None:
        return None
    if achievement.value_date is not None:
        return achievement.value_date.isoformat()
    return None if achievement.value_number is None else str(achievement.value_number)


def entry_rows(plan: GovernancePlan, quarter: int, data) -> list[dict]:
    rows = []
    for item in plan.items.all():
        achievement = next((a for a in item.achievements.all() if a.quarter == quarter), None)
        initial = {
            "value": display_value(stored_value(achievement), item.target_type),
            "remarks": achievement.remarks if achievement else "",
            "revision": achievement.revision if achievement else 0,
        }
        rows.append(
            {
                "item": item,
                "form": AchievementForm(data, initial=initial, prefix=f"item-{item.pk}"),
                "achievement": achievement,
                "evidence": [e for e in item.evidence.all() if e.quarter == quarter],
            }
        )
    return rows


@login_required
@require_http_methods(["GET", "POST"])
def plan_entry(request: HttpRequest, pk: int, plan_pk: int) -> HttpResponse:
    """Quarterly achievements of a plan's items with their evidence, on one page. Only changed rows are
    saved; a row with an error keeps what was typed and shows the message next to it."""
    agreement = get_agreement_for(request.user, pk)
    roles = roles_for(request.user, agreement)
    can_edit = bool(roles & set(OFFICE_ROLES))
    quarter = quarter_from(request)
    plan = next((p for p in selectors.plans_of_agreement(agreement) if p.pk == plan_pk), None)
    if plan is None:
        raise Http404
    lock_reason = services.quarter_lock_reason(agreement, quarter)
    bound = request.method == "POST"
    if bound and not can_edit:
        raise PermissionDenied
    rows = entry_rows(plan, quarter, request.POST if bound else None)
    if bound:
        back = f"{reverse('governance:entry', args=[pk, plan_pk])}?quarter={quarter}"
        if lock_reason:
            messages.error(request, lock_reason)
            return redirect(back)
        saved, failed = [], set()
        for row in rows:
            form = row["form"]
            if not form.is_valid():
                failed.add(row["item"].pk)
                continue
            if not form.has_changed():
                continue
            try:
                services.plan_item_achievement_record(
                    item=row["item"],
                    quarter=quarter,
                    value=form.cleaned_data["value"],
                    remarks=form.cleaned_data["remarks"],
                    actor=request.user,
                    expected_revision=form.cleaned_data.get("revision"),
                )
                saved.append(row["item"].pk)
            except ValidationError as error:
                form.add_error("value", error.messages[0] if error.messages else _("সংরক্ষণ করা যায়নি।"))
                failed.add(row["item"].pk)
        if not failed:
            if saved:
                messages.success(
                    request, _("%(n)s টি অর্জন সংরক্ষিত হয়েছে।") % {"n": display.number(len(saved))}
                )
            else:
                messages.info(request, _("কোনো পরিবর্তন ছিল না।"))
            return redirect(back)
        messages.error(
            request,
            _(
                "%(saved)s টি অর্জন সংরক্ষিত হয়েছে; %(failed)s টি সারিতে ভুল আছে — "
                "চিহ্নিত সারিগুলো ঠিক করে আবার সংরক্ষণ করুন।"
            )
            % {"saved": display.number(len(saved)), "failed": display.number(len(failed))},
        )
        # Saved rows show what is stored now (with their new revision); failed rows keep what was typed.
        plan = next(p for p in selectors.plans_of_agreement(agreement) if p.pk == plan_pk)
        fresh = entry_rows(plan, quarter, None)
        rows = [old if old["item"].pk in failed else new for old, new in zip(rows, fresh, strict=True)]
    policy = agreement.fiscal_year.scoring_policy
    scored = {r.item.pk: r for r in selectors.plan_rows(plan, ScoreKind.PROGRESS, policy)}
    for row in rows:
        row["scored"] = scored[row["item"].pk]
    return render(
        request,
        "governance/plan_entry.html",
        {
            "agreement": agreement,
            "plan": plan,
            "rows": rows,
            "quarter": quarter,
            "quarters": selectors.QUARTERS,
            "lock_reason": lock_reason,
            "can_edit": can_edit and not lock_reason,
            "evidence_form": EvidenceForm(),
            "levels": plan.levels,
        },
        status=400 if bound else 200,
    )


@login_required
@require_POST
def evidence_add(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    agreement = get_agreement_for(request.user, pk, require=OFFICE_ROLES)
    item = selectors.get_plan_item(agreement, item_pk)
    quarter = quarter_from(request)
    form = EvidenceForm(request.POST, request.FILES)
    back = f"{reverse('governance:entry', args=[pk, item.plan_id])}?quarter={quarter}#item-{item.pk}"
    if not form.is_valid():
        for message in [m for errors in form.errors.values() for m in errors]:
            messages.error(request, message)
        return redirect(back)
    try:
        services.plan_item_evidence_add(
            item=item,
            quarter=quarter,
            actor=request.user,
            url=form.cleaned_data.get("url") or "",
            file=form.cleaned_data.get("file"),
            description=form.cleaned_data.get("description") or "",
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("প্রমাণক যোগ হয়েছে।"))
    return redirect(back)


@login_required
def evidence_download(request: HttpRequest, pk: int, item_pk: int, evidence_pk: int) -> HttpResponse:
    """A plan item's evidence file, for anyone who may see the agreement; always an attachment, so that an
    uploaded file is never rendered in the portal's origin."""
    agreement = get_agreement_for(request.user, pk)
    item = selectors.get_plan_item(agreement, item_pk)
    evidence = get_object_or_404(
        EvidenceItem, pk=evidence_pk, plan_item=item, kind=EvidenceKind.FILE, removed_at__isnull=True
    )
    return file_attachment(evidence)


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
    return redirect(f"{reverse('governance:entry', args=[pk, item.plan_id])}?quarter={evidence.quarter or 1}")


@login_required
@require_POST
def self_assessment(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    """The office's description of an item's achievement for the year and the score it claims."""
    agreement = get_agreement_for(request.user, pk, require=OFFICE_ROLES)
    item = selectors.get_plan_item(agreement, item_pk)
    form = SelfAssessmentForm(request.POST, prefix=f"sa-{item.pk}")
    back = f"{reverse('governance:entry', args=[pk, item.plan_id])}?quarter=4#item-{item.pk}"
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
