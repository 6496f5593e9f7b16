"""Scores and their explanations, the supervisor's verification of achievements, the self-assessment."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apa_portal import charts, display
from evidence.models import EvidenceItem
from indicators.models import Achievement, AgreementScore, Indicator, ScoreKind, VerificationStatus
from indicators.scores import explain_agreement, grade_of, quarter_trends
from indicators.scoring import FAR_FACTOR, far_outside_targets
from indicators.verification import achievement_verify, achievements_accept_remaining

from .. import forms, services
from ..models import AgreementStatus, Role, SelfAssessment, SelfAssessmentStatus
from ..selectors import get_agreement_for, roles_for
from .document import OFFICE_ROLES, SUPERVISOR_ROLES, service_error_text


@login_required
def score_explanation(request: HttpRequest, pk: int, kind: str) -> HttpResponse:

    if kind not in ScoreKind.values:
        raise Http404
    agreement = get_agreement_for(request.user, pk)
    explanation = explain_agreement(agreement, kind)
    trend = quarter_trends(agreements=[agreement], kind=kind)[agreement.pk]
    quarters = [
        QuarterColumn(quarter, total, x, y, tall)
        for quarter, (total, (x, y, tall)) in enumerate(
            zip(
                trend.reported,
                charts.columns(trend.reported, height=QUARTER_CHART_HEIGHT, step=60),
                strict=True,
            ),
            start=1,
        )
    ]
    return render(
        request,
        "agreements/score_explanation.html",
        {
            "agreement": agreement,
            "explanation": explanation,
            "kind_label": ScoreKind(kind).label,
            "grade": grade_of(explanation.result.total, agreement.fiscal_year),
            "quarters": quarters,
            "chart_height": QUARTER_CHART_HEIGHT,
        },
    )


QUARTER_CHART_HEIGHT = 100


@dataclass(frozen=True)
class QuarterColumn:
    """The agreement's total as if the year had ended after `quarter`, and its column on the chart."""

    quarter: int
    total: Decimal
    x: float
    y: float
    height: float

    @property
    def label(self) -> str:
        return display.quarter_name(self.quarter)


def padded(targets: list, columns: int) -> list:
    """A stored target row cut or filled with blanks to the year's number of level columns."""
    return (list(targets) + [None] * columns)[:columns]


@login_required
def verification(request: HttpRequest, pk: int) -> HttpResponse:
    """The supervisor's page to check a quarter's achievements against their evidence."""

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
                # One per level column, blanks kept in place (shown as "—" under their heading).
                "targets": list(zip(padded(indicator.targets, len(levels)), levels, strict=True)),
                "achievement": achievement,
                "evidence": evidence[indicator.pk],
                "far_outside": far_outside_targets(
                    achievement.value if achievement else None, indicator.target_values()
                ),
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
            "far_factor": FAR_FACTOR,
            "scores": {s.kind: s for s in AgreementScore.objects.filter(agreement=agreement)},
        },
    )


@login_required
@require_POST
def verify_accept_remaining(request: HttpRequest, pk: int) -> HttpResponse:
    """Accept every reported, still unverified achievement of the quarter as it was reported."""

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
            _("%(count)sটি অর্জন যেমন প্রতিবেদিত তেমনই গৃহীত হয়েছে।") % {"count": display.number(len(accepted))},
        )
    return redirect(reverse("agreements:verify", args=[pk]) + f"?quarter={quarter}")


@login_required
@require_POST
def verify_achievement(request: HttpRequest, pk: int, achievement_id: int) -> HttpResponse:

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
