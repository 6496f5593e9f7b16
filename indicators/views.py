"""Quarterly achievement entry. Views find the agreement through the user's scope (404 outside it, 403 when
visible but read-only), parse with a form, call a service, and answer with a page, a redirect or — for the
page's script — JSON. Every POST works without JavaScript too."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render, resolve_url
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from agreements.diff import audit_changes
from agreements.models import Agreement, AgreementStatus
from agreements.selectors import get_agreement_for, roles_for
from apa_portal import display, http
from apa_portal.http import form_errors, wants_json
from apa_portal.templatetags.bangla import bn_date, bn_number

from . import method_completion, selectors, services, values
from .forms import AchievementForm, ReopenForm, chosen_methods, quarter_of, requested_ids
from .models import Achievement, Indicator, Method, PlanItem, PlanItemAchievement, QuarterlyReport, ValueType
from .selectors import indicator_in
from .selectors.quarters import QuarterLocked, check_quarter


def entry_url(pk: int, quarter: int) -> str:
    return reverse("indicators:entry", args=[pk, quarter])


def entry_of(pk: int, quarter: int | None = None, **kwargs) -> str:
    """Where a script's request (or a form without a page of its own) comes back to after logging in again:
    the entry page of its quarter, else the home page."""
    return entry_url(pk, quarter) if quarter else resolve_url("agreements:home")


def login_required_json(view=None, *, back=None):
    """apa_portal.http.login_required_json, coming back to the quarter's entry page."""
    return http.login_required_json(view, back=back, script_back=entry_of)


def same_page(request: HttpRequest, **kwargs) -> str:
    """After logging in again, back to the page whose form was sent (it answers GET too)."""
    return request.path


def url_prefix(name: str, args: list, tail: str) -> str:
    """The part of a URL before an object id: reverse with id 0 and cut off "0/<tail>"."""
    url = reverse(name, args=args)
    assert url.endswith("/" + tail), url
    return url[: -len(tail)]


# What a save reads of the indicator and of its agreement (the roles); any other field loads when first read.
SAVE_INDICATOR_FIELDS = (
    "code",
    "title",
    "method",
    "value_type",
    "weight",
    "targets",
    "governance_kind",
    "agreement__office",
    "agreement__supervisor_office",
)


def scoped_indicator(user, pk: int, indicator_id: int, *, require=()) -> Indicator:
    """The indicator of agreement `pk` as a save needs it, with its agreement's parties, in one query: 404
    when the agreement is outside the user's scope or the indicator is another agreement's, 403 when the
    user holds none of the `require`d roles (as get_agreement_for).

    The scope is decided by roles_for: a user sees an agreement exactly when they hold a role towards it,
    the rule agreements_visible_to writes as a filter (tests hold the two to each other). Checked on the row
    already read, the busiest request compiles no scope subquery."""
    indicator = get_object_or_404(
        Indicator.objects.select_related("agreement").only(*SAVE_INDICATOR_FIELDS),
        pk=indicator_id,
        agreement_id=pk,
    )
    roles = roles_for(user, indicator.agreement)
    if not roles:
        raise Http404
    if require and not roles & set(require):
        raise PermissionDenied
    return indicator


def show_value(value, value_type: str) -> str:
    if value is None:
        return ""
    return str(bn_date(value) if value_type == ValueType.DATE else bn_number(value))


def input_value(value, value_type: str) -> str:
    """The value as machines read it: an ISO date, or plain ASCII digits."""
    if value is None:
        return ""
    if value_type == ValueType.DATE:
        return value.isoformat()
    return format(value.normalize(), "f")


def field_value(value, value_type: str) -> str:
    """The value as the entry field shows it, in the interface's digits: ১,২৫০ or ১৫/০২/২০২৪ (the field takes
    back what it shows)."""
    if value is None:
        return ""
    return display.date_slash(value) if value_type == ValueType.DATE else str(bn_number(value))


# ------------------------------------------------------------------------------------------------
# The entry page


@login_required_json
@require_GET
def entry(request: HttpRequest, pk: int, quarter: int) -> HttpResponse:
    check_quarter(quarter)
    agreement = get_agreement_for(request.user, pk)
    return render_entry(request, agreement, quarter)


def render_entry(
    request: HttpRequest, agreement: Agreement, quarter: int, *, row_errors=None, status: int = 200
) -> HttpResponse:
    page = selectors.entry_page(agreement, quarter)
    for row in page.rows:
        row.posted = (row_errors or {}).get(row.indicator.pk)
    roles = roles_for(request.user, agreement)
    can_enter = bool(roles & set(services.ENTRY_ROLES))
    context = {
        "agreement": agreement,
        "page": page,
        # Also when the page answers a row's POST (a refused save without JavaScript).
        "page_url": entry_url(agreement.pk, quarter),
        # Sixty rows with five links each: URLs are built from prefixes rather than reversed 300 times.
        "row_prefix": url_prefix("indicators:save", [agreement.pk, quarter, 0], "0/save/"),
        "history_prefix": url_prefix("indicators:history", [agreement.pk, 0], "0/history/"),
        "download_prefix": url_prefix("evidence:download", [0], "0/download/"),
        "quarter": quarter,
        "quarters": [(q, display.quarter_ordinal(q)) for q in display.QUARTERS],
        "quarter_label": display.quarter_ordinal(quarter),
        "quarter_months": display.quarter_months(quarter),
        "can_edit": can_enter and page.state.is_open,
        "can_enter": can_enter,
        "can_reopen": bool(roles & set(services.REOPEN_ROLES)),
        # The supervisor completes a signed agreement's blank methods (indicators.method_completion).
        "can_complete_method": bool(roles & set(method_completion.METHOD_ROLES))
        and agreement.status == AgreementStatus.ACTIVE
        and agreement.is_current,
        "methods_url": reverse("indicators:methods", args=[agreement.pk]),
        "methods_request_url": reverse("indicators:methods_request", args=[agreement.pk]),
    }
    return render(request, "indicators/entry.html", context, status=status)


# ------------------------------------------------------------------------------------------------
# Saving one row


def achievement_payload(
    achievement: Achievement | PlanItemAchievement | None, indicator: Indicator | PlanItem
) -> dict:
    """An achievement (a Section 3 indicator's, or a plan item's) as the entry page's script reads it."""
    if achievement is None:
        return {"revision": 0, "value": "", "input": "", "value_display": "", "remarks": ""}
    return {
        "revision": achievement.revision,
        "value": input_value(achievement.value, indicator.value_type),
        "input": field_value(achievement.value, indicator.value_type),
        "value_display": show_value(achievement.value, indicator.value_type),
        "remarks": achievement.remarks,
        "by": str(achievement.updated_by or ""),
        "at": bn_date(achievement.updated_at),
    }


def score_payload(indicator: Indicator, recorded: services.Recorded) -> dict:
    """The row's running annual value and score and the agreement's total as stored, as the page shows."""
    score, total = recorded.score, recorded.total
    annual_display = ""
    if score and score.annual_value:
        annual_display = show_value(
            values.decode(score.annual_value, indicator.value_type), indicator.value_type
        )
    return {
        "annual_display": annual_display,
        "weighted_display": bn_number(score.weighted, 2) if score else "",
        "raw_display": bn_number(score.raw, 2) if score else "",
        "total_display": bn_number(total, 2) if total is not None else "",
    }


def conflict_details(
    request: HttpRequest,
    current: Achievement | PlanItemAchievement | None,
    row: Indicator | PlanItem,
    stored: dict | None = None,
) -> dict:
    """What a save that lost to a colleague's answers with: both values (theirs with what `stored` adds,
    e.g. the row's score as stored now), so that the person chooses."""
    theirs = {**achievement_payload(current, row), **(stored or {})}
    message = _(
        "আপনি পাতাটি খোলার পরে %(who)s এই সূচকের অর্জন পরিবর্তন করেছেন। দুটি মান নিচে দেখুন এবং কোনটি রাখবেন বেছে নিন।"
    ) % {"who": theirs.get("by") or _("অন্য কেউ")}
    return {
        "conflict": True,
        "theirs": theirs,
        "mine": {"value": request.POST.get("value", ""), "remarks": request.POST.get("remarks", "")},
        "message": message,
    }


def refused_save(
    request: HttpRequest, errors: dict, status: int, page: Callable[[dict], HttpResponse], **extra
) -> HttpResponse:
    """A row's save that did not happen (for the Section 3 and the plan entry pages): JSON for the page's
    script; without it, `page(posted)`, the page again with the row's messages and what was typed."""
    if wants_json(request):
        return JsonResponse({"ok": False, "errors": errors, **extra}, status=status)
    posted = {
        "errors": errors,
        "value": request.POST.get("value", ""),
        "remarks": request.POST.get("remarks", ""),
        # The revision the user's page had: sending the row again as it is cannot overwrite anyone's.
        "revision": request.POST.get("revision") or "0",
        **extra,
    }
    return page(posted)


def saved_message(removed: bool) -> dict:
    """What a row's save answers the script with: whether it removed a stored value (a blank saved over
    it), and the sentence that says which."""
    return {
        "removed": removed,
        "message": _("অর্জন মুছে ফেলা হয়েছে।") if removed else _("সংরক্ষিত হয়েছে।"),
    }


def saved_payload(indicator: Indicator, recorded: services.Recorded) -> dict:
    return {
        "ok": True,
        "achievement": achievement_payload(recorded.achievement, indicator),
        **score_payload(indicator, recorded),
        **saved_message(recorded.removed),
    }


def removed_notice(code: str) -> str:
    return _("[%(code)s]-এর অর্জন মুছে ফেলা হয়েছে।") % {"code": display.digits(code)}


@login_required_json
@require_POST
def achievement_save(request: HttpRequest, pk: int, quarter: int, indicator_id: int) -> HttpResponse:
    check_quarter(quarter)
    indicator = scoped_indicator(request.user, pk, indicator_id, require=services.ENTRY_ROLES)
    form = AchievementForm(request.POST, value_type=indicator.value_type)

    def failed(errors: dict, status: int, **extra) -> HttpResponse:
        def page(posted: dict) -> HttpResponse:
            agreement = get_agreement_for(request.user, pk)
            return render_entry(request, agreement, quarter, row_errors={indicator.pk: posted}, status=status)

        return refused_save(request, errors, status, page, **extra)

    if not form.is_valid():
        return failed(form_errors(form), 400)
    try:
        recorded = services.achievement_record(
            indicator=indicator,
            quarter=quarter,
            value=form.cleaned_data["value"],
            remarks=form.cleaned_data["remarks"],
            expected_revision=form.cleaned_data["revision"],
            actor=request.user,
        )
    except services.AchievementConflict as conflict:
        # Their value with the row's annual value, score and total as stored now: taking theirs shows them.
        stored = services.Recorded.stored(conflict.current, indicator)
        details = conflict_details(request, conflict.current, indicator, score_payload(indicator, stored))
        return failed({"value": [details["message"]]}, 409, **details)
    except QuarterLocked as locked:
        return failed({"value": locked.messages}, 403, locked=True, message=locked.messages[0])
    except ValidationError as error:
        errors = error.message_dict if hasattr(error, "error_dict") else {"value": error.messages}
        return failed(errors, 400)
    if wants_json(request):
        return JsonResponse(saved_payload(indicator, recorded))
    if recorded.removed:
        messages.success(request, removed_notice(indicator.code))
    else:
        messages.success(request, _("[%(code)s]-এর অর্জন সংরক্ষিত হয়েছে।") % {"code": indicator.code})
    return redirect(f"{entry_url(pk, quarter)}#row-{indicator.pk}")


@login_required_json
@require_GET
def achievement_preview(request: HttpRequest, pk: int, quarter: int, indicator_id: int) -> JsonResponse:
    """What the typed value would do to the indicator's and the agreement's progress score; saves nothing."""
    check_quarter(quarter)
    agreement = get_agreement_for(request.user, pk)
    indicator = indicator_in(agreement, indicator_id)
    achievements = {a.quarter: a for a in indicator.achievements.all()}
    try:
        value = values.parse(request.GET.get("value", ""), indicator.value_type)
    except ValueError as error:
        return JsonResponse({"ok": False, "message": str(error)}, status=400)
    try:
        services.check_value(indicator, value, quarter)  # what the save refuses is not scored
    except ValidationError as error:
        return JsonResponse({"ok": False, "message": " ".join(error.messages)}, status=400)
    blocked = selectors.blocked_reason(indicator, achievements, quarter) if value is not None else ""
    if blocked:
        return JsonResponse({"ok": False, "message": blocked}, status=400)
    try:
        preview = selectors.preview_score(indicator, quarter, value)
    except ValueError:
        return JsonResponse({"ok": False, "message": _("এই মান দিয়ে স্কোর নির্ণয় করা যায় না।")}, status=400)
    score = preview.score
    return JsonResponse(
        {
            "ok": True,
            "annual_display": show_value(score.annual_value, indicator.value_type),
            "raw_display": bn_number(score.raw, 2),
            "weighted_display": bn_number(score.weighted, 2),
            "total_display": bn_number(preview.total, 2) if preview.total is not None else "",
            "reported": score.reported,
            "lines": preview.lines,
        }
    )


# ------------------------------------------------------------------------------------------------
# Submitting and reopening a quarter


@login_required_json(back=same_page)
@require_http_methods(["GET", "POST"])
def report_submit(request: HttpRequest, pk: int, quarter: int) -> HttpResponse:
    """GET shows what still lacks a value or evidence; POST submits and locks the quarter."""
    check_quarter(quarter)
    agreement = get_agreement_for(request.user, pk, require=services.ENTRY_ROLES)
    if request.method == "POST":
        try:
            services.quarterly_report_submit(agreement=agreement, quarter=quarter, actor=request.user)
        except QuarterLocked as locked:
            messages.error(request, locked.messages[0])
        else:
            messages.success(
                request,
                _("%(q)s ত্রৈমাসিকের প্রতিবেদন দাখিল হয়েছে। অর্জন এখন আর পরিবর্তন করা যাবে না।")
                % {"q": display.quarter_ordinal(quarter)},
            )
        return redirect(entry_url(agreement.pk, quarter))
    page = selectors.entry_page(agreement, quarter)
    gaps = selectors.report_gaps(page)
    return render(
        request,
        "indicators/report_submit.html",
        {
            "agreement": agreement,
            "page": page,
            "quarter": quarter,
            "quarter_label": display.quarter_ordinal(quarter),
            "gaps": [gap for gap in gaps if not gap.blocked],
            # Apart, with what to do: the office cannot fill these in itself.
            "blocked": [gap for gap in gaps if gap.blocked],
        },
    )


@login_required_json(back=same_page)
@require_http_methods(["GET", "POST"])
def report_reopen(request: HttpRequest, pk: int, quarter: int) -> HttpResponse:
    check_quarter(quarter)
    agreement = get_agreement_for(request.user, pk, require=services.REOPEN_ROLES)
    state = selectors.quarter_state(agreement, quarter)
    form = ReopenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        report = state.report or QuarterlyReport(agreement=agreement, quarter=quarter)
        try:
            services.quarterly_report_reopen(
                report=report,
                reason=form.cleaned_data["reason"],
                until=form.cleaned_data["until"],
                actor=request.user,
            )
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                for message in errors:
                    form.add_error(field if field in form.fields else None, message)
        else:
            messages.success(
                request,
                _("%(q)s ত্রৈমাসিক অফিসের জন্য পুনরায় খোলা হয়েছে।") % {"q": display.quarter_ordinal(quarter)},
            )
            return redirect(entry_url(agreement.pk, quarter))
    return render(
        request,
        "indicators/report_reopen.html",
        {
            "agreement": agreement,
            "quarter": quarter,
            "quarter_label": display.quarter_ordinal(quarter),
            "state": state,
            "form": form,
        },
        status=400 if form.is_bound and form.errors else 200,
    )


# ------------------------------------------------------------------------------------------------
# History


@login_required_json
@require_GET
def indicator_history(request: HttpRequest, pk: int, indicator_id: int) -> HttpResponse:
    agreement = get_agreement_for(request.user, pk)
    indicator = get_object_or_404(Indicator, pk=indicator_id, agreement=agreement)
    entries = Paginator(selectors.indicator_history(indicator), 50).get_page(request.GET.get("page"))
    for entry in entries.object_list:
        entry.field_changes = audit_changes(entry, agreement.fiscal_year.levels)
    back = request.GET.get("quarter")
    return render(
        request,
        "indicators/history.html",
        {
            "agreement": agreement,
            "indicator": indicator,
            "entries": entries,
            "back_quarter": int(back) if back in ("1", "2", "3", "4") else None,
        },
    )


# ------------------------------------------------------------------------------------------------
# Completing blank calculation methods


@login_required_json(back=same_page)
@require_http_methods(["GET", "POST"])
def methods(request: HttpRequest, pk: int) -> HttpResponse:
    """The supervisor office fills in every calculation method the signed agreement left blank, on one page
    in one save (indicators.method_completion.methods_complete)."""
    agreement = get_agreement_for(request.user, pk, require=method_completion.METHOD_ROLES)
    chosen: dict[int, str] = {}
    errors: dict[str, list[str]] = {}
    status = 200
    if request.method == "POST":
        chosen = chosen_methods(request.POST)
        if chosen is None:
            raise Http404
        try:
            done = method_completion.methods_complete(agreement=agreement, methods=chosen, actor=request.user)
        except method_completion.UnknownIndicators:
            raise Http404 from None
        except method_completion.MethodsFilledMeanwhile as stale:
            messages.error(request, stale.messages[0])
            status = 409
        except ValidationError as error:
            errors = error.message_dict if hasattr(error, "error_dict") else {"": error.messages}
            status = 400
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)sটি সূচকের গণনা পদ্ধতি যোগ হয়েছে; অফিসকে একটি বিজ্ঞপ্তিতে জানানো হয়েছে।",
                    "%(count)sটি সূচকের গণনা পদ্ধতি যোগ হয়েছে; অফিসকে একটি বিজ্ঞপ্তিতে জানানো হয়েছে।",
                    len(done),
                )
                % {"count": display.number(len(done))},
            )
            return redirect(request.get_full_path())
    quarter = quarter_of(request.GET)
    rows = [
        {
            "indicator": indicator,
            "quarters": [display.quarter_ordinal(q) for q in quarters],
            "blocking": len(quarters) > 0,
            "choices": [(m, Method(m).label) for m in selectors.allowed_methods(indicator.value_type)],
            "chosen": chosen.get(indicator.pk, ""),
            "errors": errors.get(f"method-{indicator.pk}", []),
        }
        for indicator, quarters in selectors.methods_page_rows(agreement)
    ]
    return render(
        request,
        "indicators/methods.html",
        {
            "agreement": agreement,
            "rows": rows,
            "quarter": quarter,
            "general_errors": errors.get("", []) + errors.get("__all__", []),
            "can_complete": agreement.status == AgreementStatus.ACTIVE and agreement.is_current,
        },
        status=status,
    )


@login_required_json(back=same_page)
@require_POST
def methods_request(request: HttpRequest, pk: int) -> HttpResponse:
    """The office asks the supervisor office's reviewers for the methods its blocked rows lack, once a day."""
    agreement = get_agreement_for(request.user, pk, require=method_completion.REQUEST_ROLES)
    ids = requested_ids(request.POST)
    if ids is None:
        raise Http404
    try:
        asked = method_completion.methods_request(agreement=agreement, indicator_ids=ids, actor=request.user)
    except method_completion.UnknownIndicators:
        raise Http404 from None
    except method_completion.MethodsAlreadyRequested as already:
        messages.info(request, already.messages[0])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("তত্ত্বাবধায়ক অফিসের এপিএ টিমকে গণনা পদ্ধতি যোগ করতে অনুরোধ পাঠানো হয়েছে: [%(codes)s]।")
            % {"codes": method_completion.codes(asked)},
        )
    anchor = f"#row-{ids[0]}" if len(ids) == 1 else ""
    return redirect(entry_url(agreement.pk, quarter_of(request.POST)) + anchor)
