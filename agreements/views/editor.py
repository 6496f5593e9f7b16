"""The drafting editor: a new draft, the overview texts, and every part of the document added, changed,
moved and removed one small form at a time."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_POST

from apa_portal import display
from apa_portal.bangla import to_bangla_digits
from indicators.models import Activity, Area, AreaKind, Indicator, OutcomeIndicator, RelatedOffice, ValueType
from indicators.validation import validate_agreement

from .. import forms, services
from ..models import Acronym, Agreement, AgreementFunction
from ..selectors import get_agreement_for, offices_of
from .document import (
    OFFICE_ROLES,
    OVERVIEW_FIELDS,
    OverviewField,
    note_key,
    open_comments_by_key,
    service_error_text,
)


@login_required
def agreement_create(request: HttpRequest) -> HttpResponse:
    offices = offices_of(request.user, *OFFICE_ROLES)
    if not offices:
        raise PermissionDenied
    office = offices[0]
    if request.GET.get("office") or request.POST.get("office"):
        code = request.POST.get("office") or request.GET.get("office")
        office = next((o for o in offices if o.code == code), None)
        if office is None:
            raise Http404
    form = forms.CreateDraftForm(request.POST or None, office=office)
    if request.method == "POST" and form.is_valid():
        try:
            agreement = services.agreement_create_draft(
                office=office,
                fiscal_year=form.cleaned_data["fiscal_year"],
                from_agreement=form.cleaned_data["from_agreement"],
                actor=request.user,
            )
        except ValidationError as error:
            form.add_error(None, service_error_text(error))
        else:
            messages.success(request, _("খসড়া তৈরি হয়েছে। এখন প্রতিটি অংশ সম্পাদনা করুন।"))
            return redirect("agreements:detail", agreement.pk)
    return render(request, "agreements/create.html", {"form": form, "office": office, "offices": offices})


@login_required
def overview_edit(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = get_agreement_for(request.user, pk, require=OFFICE_ROLES)
    if locked := refuse_if_locked(request, agreement):
        return locked
    form = forms.OverviewForm(request.POST or None, instance=agreement)
    if request.method == "POST" and form.is_valid():
        try:
            services.agreement_update(agreement=agreement, changes=form.cleaned_data, actor=request.user)
        except ValidationError as error:
            form.add_error(None, service_error_text(error))
        else:
            messages.success(request, _("সংরক্ষিত হয়েছে।"))
            return redirect(reverse("agreements:detail", args=[pk]) + "#overview")
    return render(
        request,
        "agreements/item_form.html",
        {
            "agreement": agreement,
            "form": form,
            "title": _("সার্বিক চিত্র ও সেকশন ১"),
            "anchor": "overview",
            "name_comments": True,
            **item_notes(agreement, [note_key(OverviewField(name)) for name in OVERVIEW_FIELDS]),
        },
    )


@dataclass(frozen=True)
class ItemKind:
    """A part of the document that the editor adds, changes, moves and removes."""

    model: type[Model]
    form: type
    title: str  # a catalogue message (marked with gettext_noop), translated where it is shown
    parent: str = ""  # the kind of the parent item, for activities, indicators and Annex 3 rows
    section: str = ""


ITEM_KINDS = {
    "function": ItemKind(AgreementFunction, forms.FunctionForm, gettext_noop("কার্যাবলি"), section="section1"),
    "acronym": ItemKind(Acronym, forms.AcronymForm, gettext_noop("শব্দসংক্ষেপ (সংযোজনী ১)"), section="annex1"),
    "outcome": ItemKind(
        OutcomeIndicator, forms.OutcomeForm, gettext_noop("চূড়ান্ত ফলাফল সূচক (সেকশন ২)"), section="section2"
    ),
    "area": ItemKind(Area, forms.AreaForm, gettext_noop("কর্মসম্পাদনের ক্ষেত্র"), section="section3"),
    "activity": ItemKind(
        Activity, forms.ActivityForm, gettext_noop("কার্যক্রম"), parent="area", section="section3"
    ),
    "indicator": ItemKind(Indicator, forms.IndicatorForm, gettext_noop("কর্মসম্পাদন সূচক"), parent="activity"),
    "related": ItemKind(
        RelatedOffice, forms.RelatedOfficeForm, gettext_noop("সংশ্লিষ্ট অফিস (সংযোজনী ৩)"), parent="indicator"
    ),
}


def item_queryset(kind: str, agreement: Agreement):
    model = ITEM_KINDS[kind].model
    if model is Activity:
        return Activity.objects.filter(area__agreement=agreement)
    if model is RelatedOffice:
        return RelatedOffice.objects.filter(indicator__agreement=agreement)
    return model.objects.filter(agreement=agreement)


def get_kind(kind: str) -> ItemKind:
    if kind not in ITEM_KINDS:
        raise Http404
    return ITEM_KINDS[kind]


def suggested_code(parent: Model | None, siblings) -> str:

    number = to_bangla_digits(siblings.count() + 1)
    return f"{parent.code}.{number}" if parent is not None else number


def new_item(kind: str, agreement: Agreement, parent: Model | None) -> Model:
    spec = ITEM_KINDS[kind]
    if spec.model is Activity:
        return Activity(area=parent, code=suggested_code(parent, parent.activities.all()))
    if spec.model is Indicator:
        return Indicator(
            activity=parent,
            agreement=agreement,
            area_kind=parent.area.kind,
            code=suggested_code(parent, parent.indicators.all()),
            value_type=ValueType.NUMBER,
        )
    if spec.model is RelatedOffice:
        return RelatedOffice(indicator=parent)
    if spec.model is Area:
        return Area(
            agreement=agreement,
            kind=AreaKind.OFFICE,
            code=suggested_code(None, agreement.areas.filter(kind=AreaKind.OFFICE)),
        )
    return spec.model(agreement=agreement)


def item_anchor(item: Model) -> str:
    if isinstance(item, RelatedOffice):
        return f"indicator-{item.indicator_id}"
    if isinstance(item, AgreementFunction):
        return "section1"
    if isinstance(item, Acronym):
        return "annex1"
    return f"{item._meta.model_name}-{item.pk}"


def form_for(kind: str, agreement: Agreement, item: Model, data=None):
    """The item's form; a governance area or indicator gets one without what the framework decides."""
    spec = ITEM_KINDS[kind]
    governance = item.pk is not None and services.in_governance_area(item)
    if spec.model is Indicator:
        form = forms.GovernanceIndicatorForm if governance else spec.form
        return form(data, instance=item, levels=agreement.fiscal_year.levels)
    if spec.model is Area and governance:
        return forms.GovernanceAreaForm(data, instance=item)
    return spec.form(data, instance=item)


def item_notes(agreement: Agreement, keys) -> dict:
    """The validation problems and open review comments of the items named by `keys`, for their edit form:
    the office fixes an item with the reason in front of it."""

    keys = set(keys)
    comments = open_comments_by_key(agreement)
    return {
        "problems": [p.message for p in validate_agreement(agreement) if p.key in keys],
        "comments": [comment for key in keys for comment in comments.get(key, [])],
    }


def save_item_form(request, agreement: Agreement, kind: str, item: Model, title: str) -> HttpResponse:
    form = form_for(kind, agreement, item, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.content_item_save(item=form.save(commit=False), actor=request.user)
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.error_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, service_error_text(error))
        else:
            messages.success(request, _("সংরক্ষিত হয়েছে।"))
            return redirect(reverse("agreements:detail", args=[agreement.pk]) + "#" + item_anchor(saved))
    return render(
        request,
        "agreements/item_form.html",
        {
            "agreement": agreement,
            "form": form,
            "title": title,
            "kind": kind,
            "item": item,
            **(item_notes(agreement, [note_key(item)]) if item.pk else {}),
        },
    )


def refuse_if_locked(request, agreement: Agreement) -> HttpResponse | None:
    """Back to the agreement's page, with the reason, when the save would refuse the edit: an edit form
    opens only where it can be saved. The rule and its message are the save's (`require_editable`)."""
    try:
        services.require_editable(agreement, request.user)
    except ValidationError as error:
        messages.error(request, service_error_text(error))
        return redirect("agreements:detail", agreement.pk)
    return None


@login_required
def item_add(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    spec = get_kind(kind)
    agreement = get_agreement_for(request.user, pk, require=OFFICE_ROLES)
    if locked := refuse_if_locked(request, agreement):
        return locked
    parent = None
    if spec.parent:
        parent = get_object_or_404(item_queryset(spec.parent, agreement), pk=request.GET.get("parent") or 0)
        if kind != "related" and services.in_governance_area(parent):
            messages.error(
                request, _("সুশাসন ও সংস্কারমূলক ক্ষেত্রে নতুন অংশ যোগ করা যায় না; এর সূচকগুলো অর্থবছরের কাঠামো থেকে আসে।")
            )
            return redirect(reverse("agreements:detail", args=[pk]) + "#" + item_anchor(parent))
    item = new_item(kind, agreement, parent)
    title = _("নতুন %(what)s") % {"what": _(spec.title)}
    if parent is not None:
        title += f" — {display.item_label(parent)}"
    return save_item_form(request, agreement, kind, item, title)


@login_required
def item_edit(request: HttpRequest, pk: int, kind: str, item_id: int) -> HttpResponse:
    spec = get_kind(kind)
    agreement = get_agreement_for(request.user, pk, require=OFFICE_ROLES)
    item = get_object_or_404(item_queryset(kind, agreement), pk=item_id)
    if locked := refuse_if_locked(request, agreement):
        return locked
    title = f"{_(spec.title)}: {display.item_label(item)}"[:120]
    return save_item_form(request, agreement, kind, item, title)


@login_required
def item_delete(request: HttpRequest, pk: int, kind: str, item_id: int) -> HttpResponse:
    spec = get_kind(kind)
    agreement = get_agreement_for(request.user, pk, require=OFFICE_ROLES)
    item = get_object_or_404(item_queryset(kind, agreement), pk=item_id)
    if locked := refuse_if_locked(request, agreement):
        return locked
    if request.method == "POST":
        anchor = {"function": "section1", "acronym": "annex1", "outcome": "section2"}.get(kind, "section3")
        try:
            services.content_item_delete(item=item, actor=request.user)
        except ValidationError as error:
            messages.error(request, service_error_text(error))
        else:
            messages.success(request, _("মুছে ফেলা হয়েছে।"))
        return redirect(reverse("agreements:detail", args=[pk]) + "#" + anchor)
    return render(
        request,
        "agreements/item_delete.html",
        {"agreement": agreement, "item": item, "what": _(spec.title), "kind": kind},
    )


@login_required
@require_POST
def item_move(request: HttpRequest, pk: int, kind: str, item_id: int) -> HttpResponse:
    get_kind(kind)
    agreement = get_agreement_for(request.user, pk, require=OFFICE_ROLES)
    item = get_object_or_404(item_queryset(kind, agreement), pk=item_id)
    try:
        services.content_item_move(item=item, up=request.POST.get("direction") == "up", actor=request.user)
    except ValidationError as error:
        messages.error(request, service_error_text(error))
    return redirect(reverse("agreements:detail", args=[pk]) + "#" + item_anchor(item))
