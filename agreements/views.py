"""Pages for agreements. Views validate, call a service or a selector, and render or redirect."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from indicators.models import Activity, Area, Indicator

from .selectors import agreements_visible_to


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The user's own office first (open quarter, deadline, progress score, what is missing), then every
    agreement in their scope."""
    from indicators.selectors import office_home_cards

    agreements = agreements_visible_to(request.user).filter(is_current=True)
    page = Paginator(agreements, 25).get_page(request.GET.get("page"))
    cards = office_home_cards(request.user)
    return render(request, "agreements/home.html", {"page": page, "cards": cards})


@login_required
def agreement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = get_object_or_404(agreements_visible_to(request.user), pk=pk)
    areas = (
        Area.objects.filter(agreement=agreement)
        .prefetch_related(
            Prefetch(
                "activities",
                queryset=Activity.objects.prefetch_related(
                    Prefetch("indicators", queryset=Indicator.objects.order_by("position"))
                ),
            )
        )
        .order_by("position")
    )
    return render(
        request,
        "agreements/detail.html",
        {
            "agreement": agreement,
            "areas": areas,
            "outcomes": agreement.outcome_indicators.all(),
            "functions": agreement.functions.all(),
            "acronyms": agreement.acronyms.all(),
            "levels": agreement.fiscal_year.levels,
        },
    )
