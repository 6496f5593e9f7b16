"""The workflow's buttons (submit, return with comments, approve, sign, counter-sign, reopen), revisions and
the diff between versions."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apa_portal import display

from .. import diff as version_diff
from .. import forms, services
from ..models import Agreement, AuditEntry, Role
from ..selectors import agreements_visible_to, get_agreement_for
from .document import (
    OFFICE_ROLES,
    OVERVIEW_FIELDS,
    SUPERVISOR_ROLES,
    OverviewField,
    comment_label,
    note_key,
    render_detail,
    service_error_text,
)
from .editor import item_queryset


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


@login_required
@require_POST
def imported_draft_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """A wrong import taken back: the draft is deleted, so that the right file can come in."""
    agreement = get_agreement_for(request.user, pk, require=(*OFFICE_ROLES, Role.ADMINISTRATOR))
    try:
        services.imported_draft_withdraw(agreement=agreement, actor=request.user)
    except ValidationError as error:
        messages.error(request, service_error_text(error))
        return redirect("agreements:detail", agreement.pk)
    messages.success(request, _("আমদানি করা খসড়াটি প্রত্যাহার করা হয়েছে; সঠিক ফাইলটি আবার আমদানি করতে পারেন।"))
    return redirect("agreements:home")


@login_required
@require_POST
def governance_area_add(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = get_agreement_for(request.user, pk, require=OFFICE_ROLES)
    return run_transition(
        request, agreement, services.governance_area_add, _("সুশাসন ও সংস্কারমূলক ক্ষেত্র যোগ হয়েছে।")
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


def version_label(version: Agreement) -> str:
    return _("সংস্করণ %(version)s") % {"version": display.digits(version.version)}


def returned_label(agreement: Agreement, entry: AuditEntry) -> str:
    return _("সংস্করণ %(version)s, ফেরতের সময় (%(date)s)") % {
        "version": display.digits(agreement.version),
        "date": display.date_long(timezone.localtime(entry.at).date()),
    }


@login_required
def version_diff_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Two versions side by side, or (`a=r<audit row>`) this version as it was returned to the office against
    the agreement now: what the office changed since the return. The latter is the default once the
    agreement has been returned, since a return keeps the version number."""
    agreement = get_agreement_for(request.user, pk)
    versions = list(
        agreements_visible_to(request.user)
        .filter(office=agreement.office_id, fiscal_year=agreement.fiscal_year_id)
        .order_by("version")
    )
    returns = list(version_diff.returned_states(agreement).only("pk", "at"))
    by_number = {v.version: v for v in versions}
    choice = request.GET.get("a") or (f"r{returns[0].pk}" if returns else str(agreement.version - 1 or 1))
    try:
        right = by_number[int(request.GET.get("b") or agreement.version)]
        if choice.startswith("r"):
            entry = version_diff.returned_states(agreement).get(pk=int(choice.removeprefix("r")))
            left, left_label = None, returned_label(agreement, entry)
            changes = version_diff.compare_with_returned(entry, right)
        else:
            left = by_number[int(choice)]
            left_label = version_label(left)
            changes = version_diff.compare(left, right)
    except (KeyError, ValueError, AuditEntry.DoesNotExist):
        raise Http404 from None
    return render(
        request,
        "agreements/diff.html",
        {
            "agreement": agreement,
            "versions": versions,
            "returns": [(f"r{entry.pk}", returned_label(agreement, entry)) for entry in returns],
            "choice": choice,
            "left": left,
            "right": right,
            "left_label": left_label,
            "right_label": version_label(right),
            "changes": changes,
        },
    )
