"""Pages for agreements. Views validate, call a service or a selector, and render or redirect.

One page carries the whole document (`agreement_detail`): the office drafts on it (each part has its edit,
move and remove controls, with validation problems and the reviewer's comments next to the item they
concern), the supervisor's reviewer reviews on it (a comment box beside each indicator), and everyone reads
it. Small form pages edit one part at a time, so a slow line never has to carry more than one form."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Model, Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_POST

from apa_portal import display
from indicators.models import (
    Achievement,
    Activity,
    AgreementScore,
    Area,
    AreaKind,
    Indicator,
    OutcomeIndicator,
    RelatedOffice,
    ScoreKind,
    ValueType,
    VerificationStatus,
)

from . import diff as version_diff
from . import forms, services
from .models import (
    Acronym,
    Agreement,
    AgreementFunction,
    AgreementStatus,
    AuditEntry,
    Notification,
    ReviewComment,
    Role,
    SelfAssessment,
    SelfAssessmentStatus,
    User,
)
from .selectors import agreements_visible_to, get_agreement_for, offices_of, roles_for

OFFICE_ROLES = (Role.FOCAL_POINT, Role.OFFICE_HEAD)
SUPERVISOR_ROLES = (Role.SUPERVISOR_REVIEWER, Role.SUPERVISOR_HEAD)


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The user's own office first (open quarter, deadline, progress score, what is missing), then every
    agreement in their scope."""
    from indicators.selectors import office_home_cards

    agreements = agreements_visible_to(request.user).filter(is_current=True)
    page = Paginator(agreements, 25).get_page(request.GET.get("page"))
    cards = office_home_cards(request.user)
    return render(request, "agreements/home.html", {"page": page, "cards": cards})


def service_error_text(error: ValidationError) -> str:
    return " ".join(str(m) for m in error.messages)


# ------------------------------------------------------------------------------------------------
# The document


def document_areas(agreement: Agreement) -> list[Area]:
    return list(
        Area.objects.filter(agreement=agreement)
        .order_by("position")
        .prefetch_related(
            Prefetch(
                "activities",
                queryset=Activity.objects.order_by("position").prefetch_related(
                    Prefetch(
                        "indicators",
                        queryset=Indicator.objects.order_by("position").prefetch_related(
                            Prefetch("related_offices", queryset=RelatedOffice.objects.order_by("position"))
                        ),
                    )
                ),
            )
        )
    )


@dataclass
class Actions:
    """What the user may do to the agreement now."""

    edit: bool = False
    submit: bool = False
    review: bool = False
    sign: bool = False
    countersign: bool = False
    reopen: bool = False
    revise: bool = False
    verify: bool = False

    @property
    def any_workflow(self) -> bool:
        return self.submit or self.review or self.sign or self.countersign or self.reopen or self.revise


def actions_for(roles: set[str], agreement: Agreement) -> Actions:
    office = bool(roles & set(OFFICE_ROLES))
    status = agreement.status
    revisable = (
        office
        and status == AgreementStatus.ACTIVE
        and agreement.is_current
        and (
            agreement.fiscal_year.revision_deadline is None
            or timezone.localdate() <= agreement.fiscal_year.revision_deadline
        )
    )
    return Actions(
        edit=office and services.is_editable(agreement),
        submit=office and services.is_editable(agreement),
        review=Role.SUPERVISOR_REVIEWER in roles and status == AgreementStatus.SUBMITTED,
        sign=Role.OFFICE_HEAD in roles and status == AgreementStatus.APPROVED,
        countersign=Role.SUPERVISOR_HEAD in roles and status == AgreementStatus.SIGNED,
        reopen=bool(roles & set(SUPERVISOR_ROLES))
        and status in (AgreementStatus.APPROVED, AgreementStatus.SIGNED),
        revise=revisable,
        verify=bool(roles & set(SUPERVISOR_ROLES)) and status == AgreementStatus.ACTIVE,
    )


# The texts of the overview and Section 1, each of which a reviewer may comment on.
OVERVIEW_FIELDS = (
    "recent_achievements",
    "problems_challenges",
    "future_plans",
    "expected_achievements",
    "vision",
    "mission",
)


@dataclass
class OverviewField:
    """One text of the overview or Section 1, as the page and the review comments address it."""

    name: str

    def __post_init__(self) -> None:
        self.anchor = f"overview-{self.name}"

    def __str__(self) -> str:
        return str(Agreement._meta.get_field(self.name).verbose_name)


def note_key(item) -> str:
    """The anchor that validation problems and review comments use for `item` (`Problem.key`,
    `ReviewComment.anchor`)."""
    if isinstance(item, OverviewField):
        return item.anchor
    return f"{item._meta.model_name}-{item.pk}"


def comment_label(item) -> str:
    """How a review comment names the item it is about, in the history and the notifications."""
    if isinstance(item, RelatedOffice):
        return f"{display.item_label(item.indicator)} — {item.offices}"
    return display.item_label(item)


def attach_notes(items, problems_by_key, comments_by_key, review_draft) -> None:
    for item in items:
        key = note_key(item)
        item.anchor = key
        item.problems = problems_by_key.get(key, [])
        item.open_comments = comments_by_key.get(key, [])
        item.draft_comment = review_draft.get(f"comment-{key}", "")


def open_comments_by_key(agreement: Agreement) -> dict[str, list[ReviewComment]]:
    comments = defaultdict(list)
    for comment in ReviewComment.objects.filter(agreement=agreement, resolved_at__isnull=True).select_related(
        "author"
    ):
        comments[comment.anchor].append(comment)
    return comments


@login_required
def agreement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render_detail(request, get_agreement_for(request.user, pk))


def render_detail(request: HttpRequest, agreement: Agreement, review_draft=None) -> HttpResponse:
    """The document page; `review_draft` (a refused return's POST) puts the reviewer's text back in place."""
    from indicators.validation import validate_agreement

    review_draft = review_draft or {}
    roles = roles_for(request.user, agreement)
    actions = actions_for(roles, agreement)
    areas = document_areas(agreement)
    outcomes = list(agreement.outcome_indicators.order_by("position"))
    functions = list(agreement.functions.order_by("position"))
    acronyms = list(agreement.acronyms.order_by("position"))

    show_problems = agreement.status in (*services.EDITABLE_STATUSES, AgreementStatus.SUBMITTED) and (
        actions.edit or actions.review
    )
    problems = validate_agreement(agreement) if show_problems else []
    problems_by_key = defaultdict(list)
    for problem in problems:
        problems_by_key[problem.key].append(problem.message)
    comments_by_key = open_comments_by_key(agreement)

    activities = [activity for area in areas for activity in area.activities.all()]
    indicators = [i for activity in activities for i in activity.indicators.all()]
    related = [row for indicator in indicators for row in indicator.related_offices.all()]
    overview = {name: OverviewField(name) for name in OVERVIEW_FIELDS}
    attach_notes(
        [*overview.values(), *functions, *outcomes, *areas, *activities, *indicators, *related, *acronyms],
        problems_by_key,
        comments_by_key,
        review_draft,
    )
    # The governance area, its activities and indicators come from the fiscal year: no move or remove.
    for area in areas:
        if area.kind == AreaKind.GOVERNANCE:
            area.governed = True
            for activity in area.activities.all():
                activity.governed = True
                for indicator in activity.indicators.all():
                    indicator.governed = True
    for indicator in indicators:
        indicator.target_cells = (list(indicator.targets) + [None] * len(agreement.fiscal_year.levels))[
            : len(agreement.fiscal_year.levels)
        ]
    return_entry = (
        AuditEntry.objects.filter(agreement=agreement, action="agreement_return")
        .order_by("-at", "-id")
        .first()
        if agreement.status == AgreementStatus.RETURNED
        else None
    )
    versions = list(
        Agreement.objects.filter(office=agreement.office_id, fiscal_year=agreement.fiscal_year_id).order_by(
            "version"
        )
    )
    return render(
        request,
        "agreements/detail.html",
        {
            "agreement": agreement,
            "roles": roles,
            "actions": actions,
            "areas": areas,
            "office_areas": [a for a in areas if a.kind == AreaKind.OFFICE],
            "governance_areas": [a for a in areas if a.kind == AreaKind.GOVERNANCE],
            "indicators": indicators,
            "outcomes": outcomes,
            "functions": functions,
            "acronyms": acronyms,
            "levels": agreement.fiscal_year.levels,
            "problem_count": len(problems),
            "agreement_problems": problems_by_key.get(f"agreement-{agreement.pk}", []),
            "general_comments": comments_by_key.get("", []),
            "open_comment_count": sum(len(comments) for comments in comments_by_key.values()),
            "overview": overview,
            "return_entry": return_entry,
            "signatures": list(agreement.signatures.all()),
            "scores": {s.kind: s for s in AgreementScore.objects.filter(agreement=agreement)},
            "versions": versions,
            "pending_revision": services.pending_revision(agreement) if agreement.is_current else None,
            "review_draft": review_draft,
            "general_draft": review_draft.get("comment-general", ""),
        },
    )


@login_required
def agreement_history(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = get_agreement_for(request.user, pk)
    entries = AuditEntry.objects.filter(agreement=agreement).select_related("actor").order_by("at", "id")
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    labels = {**dict(SelfAssessmentStatus.choices), **dict(AgreementStatus.choices)}
    for entry in page.object_list:
        before, after = entry.before or {}, entry.after or {}
        entry.status_change = (
            (labels.get(before.get("status"), "—"), labels.get(after.get("status"), "—"))
            if isinstance(before, dict)
            and isinstance(after, dict)
            and (before.get("status") or after.get("status"))
            else None
        )
        entry.field_changes = field_changes(entry)
    comments = ReviewComment.objects.filter(agreement=agreement).select_related("author", "indicator")
    return render(
        request, "agreements/history.html", {"agreement": agreement, "page": page, "comments": comments}
    )


def field_changes(entry: AuditEntry) -> list[tuple[str, object, object]]:
    """(field label, was, became) for an audited content change."""
    from django.apps import apps
    from django.core.exceptions import FieldDoesNotExist

    if entry.action not in ("content_change", "agreement_update", "achievement_verify"):
        return []
    before, after = entry.before or {}, entry.after or {}
    try:
        model = apps.get_model(entry.object_type)
    except (LookupError, ValueError):
        model = None
    changes = []
    for key, value in after.items():
        if key in ("id", "position") or before.get(key) == value:
            continue
        try:
            label = str(model._meta.get_field(key).verbose_name) if model else key
        except FieldDoesNotExist:
            label = key
        changes.append((label, before.get(key), value))
    return changes


# ------------------------------------------------------------------------------------------------
# Drafting


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
    from apa_portal.bangla import to_bangla_digits

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
    from indicators.validation import validate_agreement

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
    if not services.is_editable(agreement):
        messages.error(
            request,
            _("চুক্তিটি এখন '%(status)s' অবস্থায়; কেবল খসড়া বা ফেরতকৃত চুক্তি সম্পাদনা করা যায়।")
            % {"status": agreement.get_status_display()},
        )
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


# ------------------------------------------------------------------------------------------------
# Workflow


def run_transition(request, agreement: Agreement, service, success: str, **kwargs) -> HttpResponse:
    try:
        service(agreement=agreement, actor=request.user, **kwargs)
    except ValidationError as error:
        messages.error(request, service_error_text(error))
    else:
        messages.success(request, success)
    return redirect("agreements:detail", agreement.pk)


@login_required
@require_POST
def agreement_submit(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = get_agreement_for(request.user, pk, require=OFFICE_ROLES)
    return run_transition(
        request, agreement, services.agreement_submit, _("চুক্তি দাখিল হয়েছে; তত্ত্বাবধায়ক অফিসকে জানানো হয়েছে।")
    )


def comments_from(post, agreement: Agreement) -> list[services.CommentInput]:
    """The review form's comment boxes: comment-indicator-<id>, comment-<model>-<id> for any other part of
    the document (function, outcome, area, activity, Annex 3 row, acronym), comment-overview-<field>, and
    comment-general. A box naming something that is not this agreement's is ignored."""
    labels = {note_key(OverviewField(name)): str(OverviewField(name)) for name in OVERVIEW_FIELDS}
    for kind in ("function", "outcome", "area", "activity", "related", "acronym"):
        queryset = item_queryset(kind, agreement)
        if kind == "related":
            queryset = queryset.select_related("indicator")
        for obj in queryset:
            labels[note_key(obj)] = comment_label(obj)
    comments = []
    for name, text in post.items():
        if not name.startswith("comment-") or not text.strip():
            continue
        key = name.removeprefix("comment-")
        if key == "general":
            comments.append(services.CommentInput(text=text))
        elif key.startswith("indicator-") and key.removeprefix("indicator-").isdigit():
            comments.append(
                services.CommentInput(text=text, indicator_id=int(key.removeprefix("indicator-")))
            )
        elif key in labels:
            comments.append(services.CommentInput(text=text, item_key=key, item_label=labels[key]))
    return comments


@login_required
@require_POST
def agreement_return(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = get_agreement_for(request.user, pk, require=[Role.SUPERVISOR_REVIEWER])
    try:
        services.agreement_return(
            agreement=agreement,
            reason=request.POST.get("reason", ""),
            comments=comments_from(request.POST, agreement),
            actor=request.user,
        )
    except ValidationError as error:
        # Nothing the reviewer typed is lost: the page comes back with every comment in its box.
        messages.error(request, service_error_text(error))
        return render_detail(request, agreement, review_draft=request.POST)
    messages.success(request, _("চুক্তি মন্তব্যসহ অফিসে ফেরত পাঠানো হয়েছে।"))
    return redirect("agreements:detail", agreement.pk)


@login_required
@require_POST
def agreement_approve(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = get_agreement_for(request.user, pk, require=[Role.SUPERVISOR_REVIEWER])
    return run_transition(request, agreement, services.agreement_approve, _("চুক্তি অনুমোদিত হয়েছে।"))


@login_required
@require_POST
def agreement_sign(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = get_agreement_for(request.user, pk, require=[Role.OFFICE_HEAD])
    return run_transition(request, agreement, services.agreement_sign, _("চুক্তিতে স্বাক্ষর করা হয়েছে।"))


@login_required
@require_POST
def agreement_countersign(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = get_agreement_for(request.user, pk, require=[Role.SUPERVISOR_HEAD])
    return run_transition(
        request, agreement, services.agreement_countersign, _("প্রতিস্বাক্ষর সম্পন্ন; চুক্তি এখন কার্যকর।")
    )


@login_required
@require_POST
def agreement_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = get_agreement_for(request.user, pk, require=SUPERVISOR_ROLES)
    return run_transition(
        request,
        agreement,
        services.agreement_reopen,
        _("চুক্তি পুনরায় খোলা হয়েছে ও অফিসে ফেরত গেছে।"),
        reason=request.POST.get("reason", ""),
    )


# ------------------------------------------------------------------------------------------------
# Revisions


@login_required
def revision_propose(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = get_agreement_for(request.user, pk, require=OFFICE_ROLES)
    form = forms.RevisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            revision = services.revision_propose(
                agreement=agreement, justification=form.cleaned_data["justification"], actor=request.user
            )
        except ValidationError as error:
            form.add_error(None, service_error_text(error))
        else:
            messages.success(request, _("সংশোধনী সংস্করণ তৈরি হয়েছে: লক্ষ্যমাত্রা পরিবর্তন করে দাখিল করুন।"))
            return redirect("agreements:detail", revision.pk)
    return render(request, "agreements/revision_propose.html", {"agreement": agreement, "form": form})


@login_required
def version_diff_view(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = get_agreement_for(request.user, pk)
    versions = list(
        agreements_visible_to(request.user)
        .filter(office=agreement.office_id, fiscal_year=agreement.fiscal_year_id)
        .order_by("version")
    )
    by_number = {v.version: v for v in versions}
    try:
        left = by_number[int(request.GET.get("a") or (agreement.version - 1 or 1))]
        right = by_number[int(request.GET.get("b") or agreement.version)]
    except (KeyError, ValueError):
        raise Http404 from None
    return render(
        request,
        "agreements/diff.html",
        {
            "agreement": agreement,
            "versions": versions,
            "left": left,
            "right": right,
            "changes": version_diff.compare(left, right),
        },
    )


# ------------------------------------------------------------------------------------------------
# Scores, verification, self-assessment


@login_required
def score_explanation(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    from indicators.scores import explain_agreement

    if kind not in ScoreKind.values:
        raise Http404
    agreement = get_agreement_for(request.user, pk)
    explanation = explain_agreement(agreement, kind)
    return render(
        request,
        "agreements/score_explanation.html",
        {"agreement": agreement, "explanation": explanation, "kind_label": ScoreKind(kind).label},
    )


@login_required
def verification(request: HttpRequest, pk: int) -> HttpResponse:
    """The supervisor's page to check a quarter's achievements against their evidence."""
    from evidence.models import EvidenceItem

    agreement = get_agreement_for(request.user, pk, require=SUPERVISOR_ROLES)
    try:
        quarter = int(request.GET.get("quarter") or 1)
    except ValueError:
        quarter = 1
    if quarter not in (1, 2, 3, 4):
        raise Http404
    achievements = {
        a.indicator_id: a
        for a in Achievement.objects.filter(indicator__agreement=agreement, quarter=quarter).select_related(
            "verified_by"
        )
    }
    evidence = defaultdict(list)
    for item in EvidenceItem.objects.filter(
        indicator__agreement=agreement, quarter=quarter, removed_at__isnull=True
    ):
        evidence[item.indicator_id].append(item)
    levels = agreement.fiscal_year.levels
    rows = []
    for indicator in Indicator.objects.filter(agreement=agreement, governance_kind="").order_by(
        "activity__area__position", "activity__position", "position"
    ):
        achievement = achievements.get(indicator.pk)
        rows.append(
            {
                "indicator": indicator,
                # The targets beside the value: what the reported figure is judged against.
                "targets": (list(indicator.targets) + [None] * len(levels))[: len(levels)],
                "achievement": achievement,
                "evidence": evidence[indicator.pk],
            }
        )
    remaining = sum(
        1
        for row in rows
        if row["achievement"] is not None
        and row["achievement"].is_reported
        and row["achievement"].verification_status == VerificationStatus.PENDING
    )
    return render(
        request,
        "supervisor/verify.html",
        {
            "agreement": agreement,
            "quarter": quarter,
            "quarters": (1, 2, 3, 4),
            "rows": rows,
            "levels": levels,
            "remaining": remaining,
            "scores": {s.kind: s for s in AgreementScore.objects.filter(agreement=agreement)},
        },
    )


@login_required
@require_POST
def verify_accept_remaining(request: HttpRequest, pk: int) -> HttpResponse:
    """Accept every reported, still unverified achievement of the quarter as it was reported."""
    from indicators.verification import achievements_accept_remaining

    agreement = get_agreement_for(request.user, pk, require=SUPERVISOR_ROLES)
    quarter = request.POST.get("quarter", "")
    if quarter not in ("1", "2", "3", "4"):
        raise Http404
    try:
        accepted = achievements_accept_remaining(
            agreement=agreement, quarter=int(quarter), actor=request.user
        )
    except ValidationError as error:
        messages.error(request, service_error_text(error))
    else:
        messages.success(
            request,
            _("%(count)s টি অর্জন যেমন প্রতিবেদিত তেমনই গৃহীত হয়েছে।")
            % {"count": display.number(len(accepted))},
        )
    return redirect(reverse("agreements:verify", args=[pk]) + f"?quarter={quarter}")


@login_required
@require_POST
def verify_achievement(request: HttpRequest, pk: int, achievement_id: int) -> HttpResponse:
    from indicators.verification import achievement_verify

    agreement = get_agreement_for(request.user, pk, require=SUPERVISOR_ROLES)
    achievement = get_object_or_404(
        Achievement.objects.select_related("indicator"), pk=achievement_id, indicator__agreement=agreement
    )
    form = forms.VerifyForm(request.POST, value_type=achievement.indicator.value_type)
    target = (
        reverse("agreements:verify", args=[pk])
        + f"?quarter={achievement.quarter}#indicator-{achievement.indicator_id}"
    )
    if not form.is_valid():
        errors = "; ".join(str(e) for errs in form.errors.values() for e in errs)
        messages.error(request, f"[{achievement.indicator.code}] {errors}")
        return redirect(target)
    try:
        if form.cleaned_data["decision"] == "accept":
            achievement_verify(achievement=achievement, accept=True, actor=request.user)
        else:
            achievement_verify(
                achievement=achievement,
                corrected_value=form.cleaned_data["value"],
                reason=form.cleaned_data["reason"],
                actor=request.user,
            )
    except ValidationError as error:
        messages.error(request, f"[{achievement.indicator.code}] {service_error_text(error)}")
    else:
        messages.success(request, _("[%(code)s] যাচাই সংরক্ষিত হয়েছে।") % {"code": achievement.indicator.code})
    return redirect(target)


@login_required
def self_assessment(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = get_agreement_for(request.user, pk)
    roles = roles_for(request.user, agreement)
    assessment = SelfAssessment.objects.filter(agreement=agreement).first()
    form = forms.NoteForm(request.POST or None)
    if request.method == "POST":
        action = request.POST.get("action")
        required = {
            "submit": OFFICE_ROLES,
            "verify": SUPERVISOR_ROLES,
            "publish": (Role.SUPERVISOR_HEAD,),
        }.get(action)
        if required is None:
            raise Http404
        if not roles & set(required):
            raise PermissionDenied
        if form.is_valid():
            try:
                if action == "submit":
                    services.self_assessment_submit(
                        agreement=agreement, note=form.cleaned_data["note"], actor=request.user
                    )
                elif assessment is None:
                    raise ValidationError(_("স্ব-মূল্যায়ন এখনো দাখিল হয়নি।"))
                elif action == "verify":
                    services.self_assessment_verify(
                        assessment=assessment, note=form.cleaned_data["note"], actor=request.user
                    )
                else:
                    services.self_assessment_publish(assessment=assessment, actor=request.user)
            except ValidationError as error:
                messages.error(request, service_error_text(error))
            else:
                messages.success(request, _("সংরক্ষিত হয়েছে।"))
                return redirect("agreements:self_assessment", pk)
    return render(
        request,
        "agreements/self_assessment.html",
        {
            "agreement": agreement,
            "assessment": assessment,
            "form": form,
            "can_submit": bool(roles & set(OFFICE_ROLES))
            and agreement.status == AgreementStatus.ACTIVE
            and (assessment is None or assessment.status == SelfAssessmentStatus.SUBMITTED),
            "can_verify": bool(roles & set(SUPERVISOR_ROLES))
            and assessment is not None
            and assessment.status == SelfAssessmentStatus.SUBMITTED,
            "can_publish": Role.SUPERVISOR_HEAD in roles
            and assessment is not None
            and assessment.status == SelfAssessmentStatus.VERIFIED,
            "scores": {s.kind: s for s in AgreementScore.objects.filter(agreement=agreement)},
        },
    )


# ------------------------------------------------------------------------------------------------
# Notifications


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Django's language switch, which also keeps the choice on the user: notifications and e-mails reach
    them in the language they read the portal in."""
    from django.conf import settings
    from django.views.i18n import set_language as switch_language

    response = switch_language(request)
    language = request.POST.get("language")
    user = request.user
    if user.is_authenticated and language in dict(settings.LANGUAGES) and language != user.language:
        User.objects.filter(pk=user.pk).update(language=language)
    return response


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    notifications = Notification.objects.filter(recipient=request.user).select_related("agreement")
    page = Paginator(notifications, 25).get_page(request.GET.get("page"))
    return render(request, "agreements/notifications.html", {"page": page})


@login_required
@require_POST
def notification_open(request: HttpRequest, notification_id: int) -> HttpResponse:
    notification = get_object_or_404(Notification, pk=notification_id, recipient=request.user)
    if notification.read_at is None:
        Notification.objects.filter(pk=notification.pk).update(read_at=timezone.now())
    return redirect(notification.url or "agreements:notifications")


@login_required
@require_POST
def notification_read_all(request: HttpRequest) -> HttpResponse:
    Notification.objects.filter(recipient=request.user, read_at__isnull=True).update(read_at=timezone.now())
    return redirect("agreements:notifications")
