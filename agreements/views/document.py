"""The home page, the agreement's page and its history.

One page carries the whole document (`agreement_detail`): the office drafts on it (each part has its edit,
move and remove controls, with validation problems and the reviewer's comments next to the item they
concern), the supervisor's reviewer reviews on it (a comment box beside each indicator), and everyone reads
it. Small form pages edit one part at a time, so a slow line never has to carry more than one form."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from apa_portal import display
from apa_portal.http import query_without_page
from indicators.method_completion import METHOD_ROLES
from indicators.models import AgreementScore, Area, AreaKind, RelatedOffice
from indicators.selectors import needs_method, office_home_cards
from indicators.selectors.waiting import waiting_for
from indicators.validation import validate_agreement

from .. import diff as version_diff
from .. import services
from ..audit import READ_ACTIONS
from ..context_processors import remember_waiting
from ..models import (
    OFFICE_ROLES,
    SUPERVISOR_ROLES,
    Agreement,
    AgreementStatus,
    AuditEntry,
    ReviewComment,
    Role,
)
from ..selectors import agreements_visible_to, get_agreement_for, office_search_q, roles_for
from ..services import OVERVIEW_FIELDS


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The user's own office first (open quarter, deadline, progress score, what is missing), then every
    agreement in their scope, found by the office's name or code (`q`)."""

    search = request.GET.get("q", "")
    agreements = agreements_visible_to(request.user).filter(
        office_search_q(search, prefix="office__"), is_current=True
    )
    page = Paginator(agreements, 25).get_page(request.GET.get("page"))
    cards = office_home_cards(request.user)
    known = {(card.agreement.pk, card.state.quarter): card.missing for card in cards if card.state}
    waiting = remember_waiting(request, waiting_for(request.user, known=known))
    return render(
        request,
        "agreements/home.html",
        {
            "page": page,
            "cards": cards,
            "waiting": waiting,
            "search": search,
            "query": query_without_page(request),
        },
    )


def service_error_text(error: ValidationError) -> str:
    return " ".join(str(m) for m in error.messages)


# ------------------------------------------------------------------------------------------------
# The document


def document_areas(agreement: Agreement) -> list[Area]:
    related = Prefetch("related_offices", queryset=RelatedOffice.objects.order_by("position"))
    return list(Area.objects.filter(agreement=agreement).with_tree(related))


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
    complete_methods: bool = False
    withdraw: bool = False

    @property
    def any_workflow(self) -> bool:
        return (
            self.submit
            or self.review
            or self.sign
            or self.countersign
            or self.reopen
            or self.revise
            or self.withdraw
        )

    @property
    def in_bar(self) -> bool:
        """An action the bar at the top of the agreement page keeps in view while the page scrolls."""
        return self.submit or self.review or self.sign or self.countersign


def actions_for(roles: set[str], agreement: Agreement) -> Actions:
    office = bool(roles & set(OFFICE_ROLES))
    status = agreement.status
    revisable = (
        office
        and status == AgreementStatus.ACTIVE
        and agreement.is_current
        and services.before_revision_deadline(agreement)
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
        complete_methods=bool(roles & set(METHOD_ROLES))
        and status == AgreementStatus.ACTIVE
        and agreement.is_current,
        withdraw=bool(roles & {*OFFICE_ROLES, Role.ADMINISTRATOR}) and services.is_withdrawable(agreement),
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
    """How a review comment names the item it is about (in the history, where the item may be gone)."""
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
    # The governance area, its activities and indicators come from the fiscal year's plans: no move or remove.
    for area in areas:
        if area.kind == AreaKind.GOVERNANCE and agreement.fiscal_year.has_action_plans:
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
            # A return keeps the version number: what changed since is on the versions page too.
            "compare_versions": len(versions) > 1 or version_diff.returned_states(agreement).exists(),
            # The reviewer fills the blank calculation methods on one page (indicators.method_completion).
            "methods_needed": (
                sum(1 for i in indicators if needs_method(i)) if actions.complete_methods else 0
            ),
            "pending_revision": services.pending_revision(agreement) if agreement.is_current else None,
            "review_draft": review_draft,
            "general_draft": review_draft.get("comment-general", ""),
            # The reviewer's comments typed but not yet sent (put back after a refused return); the page's
            # script counts them again as they are typed.
            "drafted_comment_count": sum(
                1 for name, text in review_draft.items() if name.startswith("comment-") and text.strip()
            ),
        },
    )


@login_required
def agreement_history(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = get_agreement_for(request.user, pk)
    entries = (
        AuditEntry.objects.filter(agreement=agreement)
        .exclude(action__in=READ_ACTIONS)
        .select_related("actor")
        .order_by("at", "id")
    )
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    for entry in page.object_list:
        entry.field_changes = version_diff.audit_changes(entry, agreement.fiscal_year.levels)
    comments = ReviewComment.objects.filter(agreement=agreement).select_related("author", "indicator")
    return render(
        request, "agreements/history.html", {"agreement": agreement, "page": page, "comments": comments}
    )
