"""Delegated administration of people (agreements.services.people): the list of the people of one's subtree
with a form to add one, and a person's page (their roles, deactivation, a new set-password link). Someone
who manages nobody gets 403; a person outside the manager's scope is 404."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import services
from ..forms import PersonForm, RoleForm
from ..models import OfficeMembership, User
from ..selectors import may_manage_people, users_managed_by


def require_manager(request: HttpRequest) -> None:
    if not may_manage_people(request.user):
        raise PermissionDenied


def person_for(request: HttpRequest, pk: int) -> User:
    require_manager(request)
    return get_object_or_404(users_managed_by(request.user), pk=pk)


@login_required
def people(request: HttpRequest) -> HttpResponse:
    require_manager(request)
    form = PersonForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.person_create(actor=request.user, **data)
        except ValidationError as invalid:
            form.add_error(None, invalid)
        else:
            messages.success(request, _("ব্যবহারকারী যোগ হয়েছে; পাসওয়ার্ড ঠিক করার লিংক ই-মেইলে গেছে।"))
            return redirect("agreements:person", pk=user.pk)
    query = request.GET.get("q", "").strip()
    listed = users_managed_by(request.user).prefetch_related(
        Prefetch("memberships", queryset=OfficeMembership.objects.select_related("office"))
    )
    if query:
        listed = listed.filter(Q(username__icontains=query) | Q(name_bn__icontains=query))
    page = Paginator(listed.order_by("username"), 50).get_page(request.GET.get("page"))
    context = {"form": form, "page": page, "q": query, "query": urlencode({"q": query}) if query else ""}
    return render(request, "agreements/people.html", context, status=422 if form.errors else 200)


@login_required
def person(request: HttpRequest, pk: int) -> HttpResponse:
    """The person's roles, each changeable (POST: `membership`, `office`, `role`)."""
    user = person_for(request, pk)
    memberships = list(user.memberships.select_related("office"))
    form = RoleForm(request.POST or None, actor=request.user)
    if request.method == "POST":
        membership = get_object_or_404(user.memberships, pk=request.POST.get("membership") or 0)
        if form.is_valid():
            try:
                services.person_role_change(actor=request.user, membership=membership, **form.cleaned_data)
            except ValidationError as invalid:
                form.add_error(None, invalid)
            else:
                messages.success(request, _("ভূমিকা বদলানো হয়েছে।"))
                return redirect("agreements:person", pk=user.pk)
    context = {"person": user, "memberships": memberships, "form": form}
    return render(request, "agreements/person.html", context, status=422 if form.errors else 200)


@login_required
@require_POST
def person_active(request: HttpRequest, pk: int) -> HttpResponse:
    user = person_for(request, pk)
    active = request.POST.get("active") == "1"
    services.person_set_active(actor=request.user, user=user, active=active)
    messages.success(request, _("ব্যবহারকারী সক্রিয় করা হয়েছে।") if active else _("ব্যবহারকারী নিষ্ক্রিয় করা হয়েছে।"))
    return redirect("agreements:person", pk=user.pk)


@login_required
@require_POST
def person_invite(request: HttpRequest, pk: int) -> HttpResponse:
    user = person_for(request, pk)
    try:
        services.person_invite(actor=request.user, user=user)
    except ValidationError as invalid:
        messages.error(request, " ".join(invalid.messages))
    else:
        messages.success(request, _("পাসওয়ার্ড ঠিক করার নতুন লিংক ই-মেইলে পাঠানো হয়েছে।"))
    return redirect("agreements:person", pk=user.pk)
