"""Administrators: fiscal years, each year's plan templates and the marks each plan carries."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from agreements.models import FiscalYear, GovernancePlanKind
from apa_portal import display
from indicators.governance import selectors, services
from indicators.governance.forms import (
    LEVEL_SETS,
    AllocationForm,
    TemplateHeaderForm,
    TemplateItemForm,
    TemplateItemFormSet,
    TemplateNewForm,
    level_count,
    variant_label,
)
from indicators.governance.views.common import require_admin
from indicators.governance.year_forms import FiscalYearForm, FiscalYearPolicyForm
from indicators.models import GovernancePlanTemplate


@login_required
def years(request: HttpRequest) -> HttpResponse:
    require_admin(request)
    page = Paginator(FiscalYear.objects.order_by("-start_year"), 20).get_page(request.GET.get("page"))
    return render(request, "governance/years.html", {"page": page})


@login_required
@require_http_methods(["GET", "POST"])
def year_new(request: HttpRequest) -> HttpResponse:
    """A new fiscal year, its form filled in from the latest year one year on; that year's templates and
    marks are carried over for the administrator to revise."""
    require_admin(request)
    previous = FiscalYear.objects.order_by("-start_year").first()
    form = FiscalYearForm(request.POST or None, previous=previous)
    if request.method == "POST" and form.is_valid():
        try:
            fiscal_year = services.fiscal_year_create(**form.service_arguments(), actor=request.user)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(
                request,
                _("অর্থবছর %(year)s তৈরি হয়েছে; এর ছকগুলো দেখে প্রয়োজনমতো সম্পাদনা করুন।")
                % {"year": display.fiscal_year(fiscal_year.start_year)},
            )
            return redirect("governance:year", start_year=fiscal_year.start_year)
    return render(
        request,
        "governance/year_new.html",
        {"form": form, "previous": previous},
        status=400 if form.is_bound and form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def year(request: HttpRequest, start_year: int) -> HttpResponse:
    """A fiscal year's templates (current versions), which office level receives which, and the marks of
    each plan in the agreement."""
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
    received = [
        (level, [(t, variant_label(t.variant, short=True)) if t else None for t in chosen])
        for level, chosen in selectors.variants_by_level(templates)
    ]
    return render(
        request,
        "governance/year.html",
        {
            "fiscal_year": fiscal_year,
            "policy_form": FiscalYearPolicyForm(fiscal_year=fiscal_year),
            "rows": rows,
            "form": form,
            "missing": missing,
            "kinds": GovernancePlanKind.choices,
            "received": received,
        },
    )


@login_required
@require_POST
def year_policy(request: HttpRequest, start_year: int) -> HttpResponse:
    """A year's scoring policy or governance framework corrected, with a reason; the year's page shows the
    form and the outcome."""
    require_admin(request)
    fiscal_year = get_object_or_404(FiscalYear, start_year=start_year)
    form = FiscalYearPolicyForm(request.POST, fiscal_year=fiscal_year)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect("governance:year", start_year=start_year)
    try:
        services.fiscal_year_policy_change(fiscal_year=fiscal_year, **form.cleaned_data, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("স্কোর গণনার নীতি ও সুশাসন অংশের কাঠামো সংরক্ষিত হয়েছে; এই বছরের চুক্তির স্কোর আবার গণনা হয়েছে।")
        )
    return redirect("governance:year", start_year=start_year)


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


@dataclass(frozen=True)
class Problem:
    """One line of the error summary at the top of the editor, linking to where the problem is."""

    href: str
    text: str


def row_name(form: TemplateItemForm, index: int) -> str:
    code = form["indicator_code"].value() or form["activity_code"].value()
    number = display.number(index + 1)
    return (
        _("সারি %(n)s ([%(code)s])") % {"n": number, "code": display.digits(code)}
        if code
        else _("সারি %(n)s") % {"n": number}
    )


def error_summary(header: TemplateHeaderForm, formset, general: list[str]) -> list[Problem]:
    """Every problem of a failed save, in page order, each linking to its field or row."""
    problems = [Problem("#template-header", message) for message in header.non_field_errors()]
    for name, errors in header.errors.items():
        if name != "__all__":
            problems += [
                Problem(f"#{header[name].id_for_label}", f"{header[name].label}: {e}") for e in errors
            ]
    problems += [Problem("#items", message) for message in [*formset.non_form_errors(), *general]]
    for index, form in enumerate(formset.forms):
        for name, errors in form.errors.items():
            label = form.fields[name].label if name in form.fields else ""
            for error in errors:
                text = f"{label}: {error}" if label and name != "__all__" else str(error)
                problems.append(Problem(f"#row-{index}", f"{row_name(form, index)} — {text}"))
    return problems


def attach_service_errors(error: ValidationError, header: TemplateHeaderForm, ordered: list) -> list[str]:
    """A refused save's messages put where they belong: a row's beside the row (the service numbers rows
    in the order saved), a heading field's beside the field; the rest returned for the summary."""
    general: list[str] = []
    if not hasattr(error, "error_dict"):
        return list(error.messages)
    for name, errors in error.error_dict.items():
        for item in errors:
            position = (item.params or {}).get("position")
            if name == "items" and position:
                ordered[position - 1].add_error(None, item.params["e"])
            elif name in header.fields or name == "levels":
                header.add_error("level_count" if name == "levels" else name, item)
            else:
                general += item.messages
    return general


@login_required
@require_http_methods(["GET", "POST"])
def template_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """A template's heading and rows on one page. Saving a template that signed agreements use makes a new
    version; older versions are shown read-only. A refused save lists every problem at the top, each linked
    to its row."""
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
    levels = template.levels
    if header.is_bound and header.is_valid():
        levels = LEVEL_SETS[header.cleaned_data["level_count"]]
    formset = TemplateItemFormSet(
        request.POST or None,
        initial=[TemplateItemForm.initial_for(i) for i in items],
        prefix="items",
        form_kwargs={"levels": levels},
    )
    problems: list[Problem] = []
    if request.method == "POST":
        if not current:
            raise PermissionDenied
        general: list[str] = []
        if header.is_valid() and formset.is_valid():
            fields = header.service_fields()
            ordered = formset.ordered_forms
            rows = [form.service_row(len(fields["levels"])) for form in ordered]
            try:
                saved = services.template_update(
                    template=template, fields=fields, items=rows, actor=request.user
                )
            except ValidationError as error:
                general = attach_service_errors(error, header, ordered)
            else:
                if saved.pk != template.pk:
                    messages.success(
                        request,
                        _("ছকটি স্বাক্ষরিত চুক্তিতে ব্যবহৃত, তাই পরিবর্তনগুলো নতুন সংস্করণ %(v)s-এ সংরক্ষিত হয়েছে।")
                        % {"v": display.number(saved.version)},
                    )
                else:
                    messages.success(request, _("ছক সংরক্ষিত হয়েছে।"))
                return redirect("governance:template", pk=saved.pk)
        problems = error_summary(header, formset, general)
    # `levels` stays what the rows were built with: a refused save keeps the columns the user chose.
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
            "problems": problems,
            "levels": levels,
        },
        status=400 if problems else 200,
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
    messages.success(request, _("নতুন সংস্করণ %(v)s তৈরি হয়েছে।") % {"v": display.number(new.version)})
    return redirect("governance:template", pk=new.pk)
