"""The offices a user may export, and the export picker's options: a tree of a bounded number of offices at
any scale (24,000 offices nationally), found by the one office search
(`agreements.selectors.office_search_q`)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _

from agreements.models import SUPERVISOR_ROLES, Office, User
from agreements.selectors import is_administrator, office_search_q, offices_of

# The picker's options at most: enough for a supervisor's own offices, never a national list in one page.
PICKER_LIMIT = 100
OFFICE = "office"
SUBTREE = "subtree"
# Options of a <select> take no styling that would indent them: no-break spaces show the depth in the tree.
INDENT = "\u00a0\u00a0\u00a0"


def export_offices(user: User) -> QuerySet[Office]:
    """Administrators export any office; a supervisor office's people the offices of its subtree."""
    if is_administrator(user):
        return Office.objects.all()
    scope = Q(pk__in=[])
    for office in offices_of(user, *SUPERVISOR_ROLES):
        scope |= Q(tree_path__startswith=office.tree_path)
    return Office.objects.filter(scope)


def top_of_scope(user: User) -> Q:
    """The first two levels of what `user` may export: where the picker starts before anything is typed."""
    if is_administrator(user):
        return Q(parent__isnull=True) | Q(parent__parent__isnull=True)
    roots = offices_of(user, *SUPERVISOR_ROLES)
    return Q(pk__in=[o.pk for o in roots]) | Q(parent__in=[o.pk for o in roots])


@dataclass(frozen=True)
class PickerOption:
    """One choice of the picker: a single office, or every office under it (itself included)."""

    value: str
    label: str
    depth: int

    @property
    def indented_label(self) -> str:
        return INDENT * self.depth + self.label


def picker_value(office: Office, *, subtree: bool) -> str:
    return f"{SUBTREE if subtree else OFFICE}:{office.code}"


def subtree_label(office: Office) -> str:
    return _("%(office)s ও এর অধীন সকল অফিস") % {"office": office.display_name}


def picker_options(offices: list[Office]) -> list[PickerOption]:
    """Each office (from `with_children_flag`) as itself and, when it has offices under it, as its subtree;
    with its depth in the tree (the materialised path) so the list reads as the hierarchy."""
    options = []
    for office in offices:
        depth = office.tree_path.count("/") - 2
        options.append(PickerOption(picker_value(office, subtree=False), office.display_name, depth))
        if office.has_children:
            options.append(PickerOption(picker_value(office, subtree=True), subtree_label(office), depth))
    return options


def with_children_flag(offices: QuerySet[Office]) -> QuerySet[Office]:
    """`has_children` on each office, in the same query: a leaf office is not offered as a subtree."""
    return offices.annotate(has_children=Exists(Office.objects.filter(parent=OuterRef("pk"))))


def picker_offices(user: User, *, text: str = "", limit: int = PICKER_LIMIT) -> tuple[list[Office], bool]:
    """The offices the picker offers, in tree order, in one query: those in the user's export scope whose
    name or code matches `text`, or without text the top two levels of the scope. At most `limit`, and
    whether there were more (then the page asks for a narrower search)."""
    offices = export_offices(user).filter(office_search_q(text) if text.strip() else top_of_scope(user))
    found = list(with_children_flag(offices).order_by("tree_path")[: limit + 1])
    return found[:limit], len(found) > limit


def picked_office(user: User, value: str) -> tuple[Office, bool] | None:
    """The office and whether its subtree is meant, from a picker value ("subtree:ict-dg"); None when the
    value names no office in the user's export scope (an outsider learns nothing more)."""
    kind, _sep, code = (value or "").partition(":")
    if kind not in (OFFICE, SUBTREE) or not code:
        return None
    office = with_children_flag(export_offices(user)).filter(code=code).first()
    return None if office is None else (office, kind == SUBTREE)
