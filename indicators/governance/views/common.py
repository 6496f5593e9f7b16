"""What the governance pages share: roles, the administrator check, and reading the page's parameters."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse

from agreements.models import Agreement
from agreements.selectors import is_administrator
from indicators.governance import selectors
from indicators.models import GovernancePlan, ScoreKind
from indicators.selectors.quarters import quarter_to_work_on


def require_admin(request: HttpRequest) -> None:
    if not is_administrator(request.user):
        raise PermissionDenied


def kind_from(request: HttpRequest) -> str:
    kind = request.GET.get("kind", ScoreKind.PROGRESS)
    return kind if kind in ScoreKind.values else ScoreKind.PROGRESS


def quarter_from(request: HttpRequest, agreement: Agreement) -> int:
    """The quarter the request names, else the one the office would work on now (not always the first)."""
    try:
        quarter = int(request.GET.get("quarter", request.POST.get("quarter", "")))
    except ValueError:
        return quarter_to_work_on(agreement)
    return quarter if quarter in selectors.QUARTERS else quarter_to_work_on(agreement)


def plan_of(agreement: Agreement, plan_pk: int) -> GovernancePlan:
    return get_object_or_404(GovernancePlan, pk=plan_pk, agreement=agreement)


def scored_plan_of(agreement: Agreement, plan_pk: int) -> GovernancePlan:
    """The agreement's plan with what scoring it reads (`plans_of_agreement`); 404 for another's."""
    plan = next(iter(selectors.plans_of_agreement(agreement, pk=plan_pk)), None)
    if plan is None:
        raise Http404
    return plan


def entry_url(pk: int, plan_pk: int, quarter: int) -> str:
    return f"{reverse('governance:entry', args=[pk, plan_pk])}?quarter={quarter}"
