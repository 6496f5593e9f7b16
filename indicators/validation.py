"""Agreement validation: what must hold before a draft may be submitted. Every problem names the item it
concerns, in the interface's language, so that the drafting page can show it next to that item.

`scoring_problems` are the problems that stop the scoring core from scoring an indicator's row: its score is
then 0 and its explanation gives the same words (`indicators.scores`)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import models
from django.db.models import Prefetch
from django.utils.translation import gettext as _

from agreements.models import Agreement, FiscalYear, GovernanceAllocation
from apa_portal import display
from apa_portal.bangla import to_ascii_digits

from . import scoring, values
from .models import Achievement, Area, AreaKind, Indicator, Method, ValueType

# "১", "১.২", "১.২.৩", optionally with the "এম." prefix that seed 001 gives the governance rows.
CODE_PATTERN = re.compile(r"^(?:এম\.)?[0-9]+(?:\.[0-9]+)*$")
SCORE_UNIT = "প্রাপ্ত নম্বর"
DATE_UNIT = "তারিখ"
PERCENT_UNITS = {"%", "শতাংশ", "হার"}


@dataclass(frozen=True)
class Problem:
    """One thing to fix: the object it concerns (agreement, area, activity or indicator), the field if any."""

    obj: models.Model
    message: str
    field: str = ""

    @property
    def key(self) -> str:
        """A stable anchor for the page: "indicator-42", "area-7", "agreement-3"."""
        return f"{self.obj._meta.model_name}-{self.obj.pk}"


def marks(value: Decimal) -> str:
    return display.number(value)


def code_label(code: str) -> str:
    """[১.২] / [1.2]: a code as messages name it, in the interface's digits."""
    return f"[{display.digits(code)}]"


def code_depth(code: str) -> int:
    return len(to_ascii_digits(code).removeprefix("এম.").split("."))


def validate_agreement(agreement: Agreement) -> list[Problem]:
    """All problems of the agreement's Section 3 against its fiscal year's framework, in document order."""
    fiscal_year = agreement.fiscal_year
    achievements = Prefetch("achievements", queryset=Achievement.objects.order_by("quarter"))
    areas = list(Area.objects.filter(agreement=agreement).with_tree(achievements))
    allocations = {a.kind: a for a in GovernanceAllocation.objects.filter(fiscal_year=fiscal_year)}
    problems: list[Problem] = []

    office_areas = [a for a in areas if a.kind == AreaKind.OFFICE]
    governance_areas = [a for a in areas if a.kind == AreaKind.GOVERNANCE]
    office_total = sum((a.weight for a in office_areas), Decimal("0"))
    if office_total != fiscal_year.office_area_marks:
        problems.append(
            Problem(
                agreement,
                _("অফিসের কর্মসম্পাদনের ক্ষেত্রসমূহের মোট মান %(total)s, কিন্তু হতে হবে %(required)s।")
                % {"total": marks(office_total), "required": marks(fiscal_year.office_area_marks)},
            )
        )
    if not governance_areas:
        problems.append(
            Problem(agreement, _("সুশাসন ও সংস্কারমূলক কর্মসম্পাদনের ক্ষেত্র নেই; এটি প্রতিটি চুক্তিতে আবশ্যিক।"))
        )
    if fiscal_year.has_action_plans:
        for area in governance_areas:
            problems += validate_governance_area(area, fiscal_year.governance_area_marks, allocations)
    else:
        problems += validate_mandatory_objectives(
            agreement, governance_areas, fiscal_year.governance_area_marks
        )

    levels = fiscal_year.level_percents
    for area in areas:
        problems += validate_area(area, levels, fiscal_year)
    problems += duplicate_codes(areas)
    return problems


def duplicate_codes(areas: list[Area]) -> list[Problem]:
    """Codes used twice within a section (office areas, governance area): areas, activities and indicators.
    The database refuses exact repeats; this also finds "১.১" beside "1.1", which it cannot."""
    problems: list[Problem] = []
    seen: set[tuple[str, str, str]] = set()
    for area in areas:
        activities = list(area.activities.all())
        items = [area, *activities, *(i for activity in activities for i in activity.indicators.all())]
        for item in items:
            key = (area.kind, item._meta.model_name, to_ascii_digits(item.code).strip())
            if key in seen:
                problems.append(
                    Problem(
                        item,
                        _("কোড %(code)s একাধিকবার ব্যবহৃত হয়েছে; প্রতিটি কোড একবারই থাকতে পারে।")
                        % {"code": code_label(item.code)},
                        "code",
                    )
                )
            seen.add(key)
    return problems


def validate_area(area: Area, levels: tuple[int, ...], fiscal_year: FiscalYear) -> list[Problem]:
    problems: list[Problem] = []
    label = code_label(area.code)
    if not CODE_PATTERN.match(to_ascii_digits(area.code)) or code_depth(area.code) != 1:
        problems.append(Problem(area, _("ক্ষেত্রের কোড %(code)s সঠিক নয় (যেমন: ১)।") % {"code": label}, "code"))
    indicators = [i for activity in area.activities.all() for i in activity.indicators.all()]
    if not indicators:
        problems.append(Problem(area, _("ক্ষেত্র %(code)s-এ কোনো সূচক নেই।") % {"code": label}))
    weight_total = sum((i.weight for i in indicators), Decimal("0"))
    if indicators and weight_total != area.weight:
        problems.append(
            Problem(
                area,
                _("ক্ষেত্র %(code)s-এর সূচকসমূহের মোট মান %(total)s, কিন্তু ক্ষেত্রের মান %(weight)s।")
                % {"code": label, "total": marks(weight_total), "weight": marks(area.weight)},
                "weight",
            )
        )
    for activity in area.activities.all():
        if not is_child_code(activity.code, area.code):
            problems.append(
                Problem(
                    activity,
                    _("কার্যক্রমের কোড [%(code)s] ক্ষেত্র %(area)s-এর অধীনে সঠিক নয় (যেমন: %(example)s)।")
                    % {
                        "code": display.digits(activity.code),
                        "area": label,
                        "example": display.digits(f"{area.code}.1"),
                    },
                    "code",
                )
            )
        for indicator in activity.indicators.all():
            if not is_child_code(indicator.code, activity.code):
                problems.append(
                    Problem(
                        indicator,
                        _("সূচকের কোড [%(code)s] কার্যক্রম [%(activity)s]-এর অধীনে সঠিক নয়।")
                        % {"code": display.digits(indicator.code), "activity": display.digits(activity.code)},
                        "code",
                    )
                )
            if scored_as_row(area, fiscal_year):
                problems += validate_office_indicator(indicator, levels)
                problems += target_dates_outside_year(indicator, fiscal_year)
    return problems


def scored_as_row(area: Area, fiscal_year: FiscalYear) -> bool:
    """Whether the area's indicators are Section 3 rows scored from targets and achievements: the office's
    areas, and the mandatory objectives of a year without the five action plans."""
    return area.kind == AreaKind.OFFICE or not fiscal_year.has_action_plans


def validate_mandatory_objectives(
    agreement: Agreement, areas: list[Area], required_marks: Decimal
) -> list[Problem]:
    """The mandatory objectives (2019-20 and before) together carry the governance part's marks."""
    total = sum((a.weight for a in areas), Decimal("0"))
    if not areas or total == required_marks:
        return []
    return [
        Problem(
            agreement,
            _("আবশ্যিক কৌশলগত উদ্দেশ্যসমূহের মোট মান %(total)s, কিন্তু হতে হবে %(required)s।")
            % {"total": marks(total), "required": marks(required_marks)},
        )
    ]


def is_child_code(code: str, parent_code: str) -> bool:
    code, parent_code = to_ascii_digits(code), to_ascii_digits(parent_code)
    return (
        bool(CODE_PATTERN.match(code))
        and code.startswith(parent_code + ".")
        and (code_depth(code) == code_depth(parent_code) + 1)
    )


def validate_office_indicator(indicator: Indicator, levels: tuple[int, ...]) -> list[Problem]:
    problems: list[Problem] = []
    label = code_label(indicator.code)
    unit = indicator.unit.strip()
    if not indicator.method:
        problems.append(
            Problem(indicator, _("সূচক %(code)s-এর গণনা পদ্ধতি দেওয়া হয়নি।") % {"code": label}, "method")
        )
    is_date_unit = unit == DATE_UNIT or indicator.value_type == ValueType.DATE
    if (indicator.method == Method.DATE) != is_date_unit and indicator.method:
        problems.append(
            Problem(
                indicator,
                _(
                    "সূচক %(code)s: গণনা পদ্ধতি 'তারিখ' কেবল 'তারিখ' এককের সূচকের জন্য, "
                    "এবং 'তারিখ' এককের সূচকের পদ্ধতি 'তারিখ' হতে হবে।"
                )
                % {"code": label},
                "method",
            )
        )
    if indicator.method == Method.SUM and (
        unit in PERCENT_UNITS or indicator.value_type == ValueType.PERCENT
    ):
        problems.append(
            Problem(
                indicator,
                _("সূচক %(code)s: শতাংশের সমষ্টি অর্থবহ নয়; গড় অথবা ক্রমপুঞ্জিভূত পদ্ধতি নিন।") % {"code": label},
                "method",
            )
        )
    if unit == SCORE_UNIT:
        problems.append(
            Problem(
                indicator,
                _("সূচক %(code)s: 'প্রাপ্ত নম্বর' একক কেবল সুশাসন ও সংস্কারমূলক ক্ষেত্রের সূচকের জন্য।") % {"code": label},
                "unit",
            )
        )
    if len(indicator.targets) > len(levels):
        problems.append(
            Problem(
                indicator,
                _("সূচক %(code)s-এ লক্ষ্যমাত্রার কলাম %(given)sটি, কিন্তু এই অর্থবছরে কলাম %(count)sটি।")
                % {
                    "code": label,
                    "given": display.number(len(indicator.targets)),
                    "count": display.number(len(levels)),
                },
                "targets",
            )
        )
    target_problems = target_row_problems(indicator, levels)
    if not target_problems and scoring.readable_direction(aligned_targets(indicator, levels), levels) is None:
        problems.append(
            Problem(
                indicator,
                _(
                    "সূচক %(code)s-এর লক্ষ্যমাত্রা থেকে বোঝা যায় না বেশি অর্জন ভালো নাকি কম: একটিমাত্র কলাম পূরণ "
                    "করা, অথবা সব কলামে একই মান। দিক বোঝাতে আরেকটি কলাম পূরণ করুন (বেশি ভালো হলে পরের কলামে "
                    "কম মান, কম ভালো হলে বেশি মান)।"
                )
                % {"code": label},
                "targets",
            )
        )
    return problems + target_problems + achievement_type_problems(indicator)


def target_dates_outside_year(indicator: Indicator, fiscal_year: FiscalYear) -> list[Problem]:
    """A date target outside the agreement's fiscal year (1 July - 30 June), one problem per column: last
    year's date kept in a copied draft, or a year typed wrong."""
    if indicator.value_type not in values.DATE_TYPES:
        return []
    problems = []
    names = [display.level_label(level) for level in fiscal_year.levels]
    for n, raw in enumerate(indicator.targets):
        try:
            target = values.decode(raw, indicator.value_type)
        except ValueError:
            continue  # an unreadable cell is target_row_problems' to report
        if target is None or fiscal_year.starts_on <= target <= fiscal_year.ends_on:
            continue
        column = names[n] if n < len(names) else display.digits(f"#{n + 1}")
        problems.append(
            Problem(
                indicator,
                _(
                    "সূচক %(code)s-এর '%(column)s' কলামের লক্ষ্যমাত্রা %(date)s %(year)s অর্থবছরের "
                    "(%(start)s – %(end)s) মধ্যে নয়।"
                )
                % {
                    "code": code_label(indicator.code),
                    "column": column,
                    "date": display.date_long(target),
                    "year": display.fiscal_year(fiscal_year.start_year),
                    "start": display.date_long(fiscal_year.starts_on),
                    "end": display.date_long(fiscal_year.ends_on),
                },
                "targets",
            )
        )
    return problems


def aligned_targets(indicator: Indicator, levels: tuple[int, ...]) -> list:
    """The decoded targets, one per level column of the fiscal year (ValueError when they cannot be read)."""
    targets = indicator.target_values()[: len(levels)]
    return targets + [None] * (len(levels) - len(targets))


def scoring_problems(indicator: Indicator, levels: tuple[int, ...]) -> list[Problem]:
    """What stops the scoring core from scoring the indicator's row: targets that cannot be read as the
    indicator's value type, no target at all, targets out of order, achievements of another value type.
    Expects the indicator's achievements prefetched."""
    return target_row_problems(indicator, levels) + achievement_type_problems(indicator)


def target_row_problems(indicator: Indicator, levels: tuple[int, ...]) -> list[Problem]:
    label = code_label(indicator.code)
    try:
        targets = aligned_targets(indicator, levels)
        if all(t is None for t in targets):
            return [Problem(indicator, _("সূচক %(code)s-এর কোনো লক্ষ্যমাত্রা নেই।") % {"code": label}, "targets")]
        scoring.target_direction(targets, levels)
    except scoring.TargetOrderError as error:
        return [Problem(indicator, target_order_message(indicator.code, error), "targets")]
    except ValueError:
        message = _("সূচক %(code)s-এর লক্ষ্যমাত্রা মানের ধরন '%(type)s'-এর সাথে মেলে না; লক্ষ্যমাত্রা আবার লিখুন।")
        type_label = indicator.get_value_type_display()
        return [Problem(indicator, message % {"code": label, "type": type_label}, "targets")]
    return []


def target_order_message(code: str, error: scoring.TargetOrderError) -> str:
    """The indicator's target row is out of order, naming the columns to correct (`error.misplaced`: the
    ones that break the order the rest of the row follows)."""
    columns = ", ".join(display.percent(level) for level in error.misplaced)
    return _(
        "সূচক %(code)s-এর লক্ষ্যমাত্রা ক্রমানুসারে নয়: %(columns)s কলামের মান বাকি কলামগুলোর ক্রমের সাথে মেলে "
        "না। ভালো থেকে খারাপ কলামের দিকে মান ক্রমাগত কমতে (বেশি অর্জন ভালো) অথবা ক্রমাগত বাড়তে (কম ভালো; "
        "তারিখে আগের তারিখ ভালো) হবে।"
    ) % {"code": code_label(code), "columns": columns}


def target_column_order_message(error: scoring.TargetOrderError) -> str:
    """Beside one target box that `error` names as out of order: which way the rest of the row runs."""
    if error.direction == scoring.Direction.EARLIER:
        return _(
            "ক্রমের বাইরে: তারিখে আগের তারিখ ভালো, তাই ভালো থেকে খারাপ কলামের দিকে তারিখ পিছিয়ে আসতে পারে না; "
            "এই কলামের তারিখ বাকি কলামগুলোর সাথে মেলে না।"
        )
    if error.direction == scoring.Direction.LOWER:
        return _(
            "ক্রমের বাইরে: বাকি কলামগুলোতে মান ভালো থেকে খারাপ কলামের দিকে বাড়ছে (কম অর্জন ভালো); "
            "এই কলামের মান তাদের ক্রমের সাথে মেলে না।"
        )
    return _(
        "ক্রমের বাইরে: বাকি কলামগুলোতে মান ভালো থেকে খারাপ কলামের দিকে কমছে (বেশি অর্জন ভালো); "
        "এই কলামের মান তাদের ক্রমের সাথে মেলে না।"
    )


def achievement_type_problems(indicator: Indicator) -> list[Problem]:
    """Quarters whose reported or verified value is a date where the indicator takes numbers, or the
    reverse (its value type changed after they were entered)."""
    wants_date = indicator.value_type == ValueType.DATE
    quarters = [
        a.quarter
        for a in indicator.achievements.all()
        if any(
            isinstance(value, date) != wants_date
            for value in (a.value_number, a.value_date, a.verified_number, a.verified_date)
            if value is not None
        )
    ]
    if not quarters:
        return []
    return [
        Problem(
            indicator,
            _(
                "সূচক %(code)s-এর %(quarters)s ত্রৈমাসিকের অর্জন মানের ধরন '%(type)s'-এর সাথে মেলে না; "
                "মানের ধরন ঠিক করুন অথবা অর্জন আবার লিখুন।"
            )
            % {
                "code": code_label(indicator.code),
                "quarters": ", ".join(display.quarter_ordinal(q) for q in quarters),
                "type": indicator.get_value_type_display(),
            },
            "value_type",
        )
    ]


def validate_governance_area(
    area: Area, required_marks: Decimal, allocations: dict[str, GovernanceAllocation]
) -> list[Problem]:
    problems: list[Problem] = []
    label = code_label(area.code)
    if area.weight != required_marks:
        problems.append(
            Problem(
                area,
                _("সুশাসন ও সংস্কারমূলক ক্ষেত্র %(code)s-এর মান %(weight)s, কিন্তু হতে হবে %(required)s।")
                % {"code": label, "weight": marks(area.weight), "required": marks(required_marks)},
                "weight",
            )
        )
    indicators = [i for activity in area.activities.all() for i in activity.indicators.all()]
    seen: dict[str, Indicator] = {}
    for indicator in indicators:
        kind = indicator.governance_kind
        if kind in allocations and kind in seen:
            problems.append(
                Problem(
                    indicator,
                    _("সূচক %(code)s ও %(first)s দুটিই '%(name)s'-এর সূচক; প্রতিটি কর্মপরিকল্পনার সূচক একটিই থাকবে।")
                    % {
                        "code": code_label(indicator.code),
                        "first": code_label(seen[kind].code),
                        "name": allocations[kind].name_bn,
                    },
                    "governance_kind",
                )
            )
        seen.setdefault(kind, indicator)
    for kind, allocation in allocations.items():
        indicator = seen.get(kind)
        if indicator is None:
            problems.append(
                Problem(area, _("সুশাসন ক্ষেত্রে '%(name)s' সূচকটি নেই।") % {"name": allocation.name_bn})
            )
            continue
        if indicator.weight != allocation.marks:
            problems.append(
                Problem(
                    indicator,
                    _("সূচক %(code)s '%(name)s'-এর মান %(weight)s, কিন্তু এই অর্থবছরে নির্ধারিত মান %(marks)s।")
                    % {
                        "code": code_label(indicator.code),
                        "name": allocation.name_bn,
                        "weight": marks(indicator.weight),
                        "marks": marks(allocation.marks),
                    },
                    "weight",
                )
            )
        if indicator.unit.strip() != SCORE_UNIT:
            problems.append(
                Problem(
                    indicator,
                    _("সূচক %(code)s-এর একক 'প্রাপ্ত নম্বর' হতে হবে।") % {"code": code_label(indicator.code)},
                    "unit",
                )
            )
    for indicator in indicators:
        if not indicator.governance_kind or indicator.governance_kind not in allocations:
            problems.append(
                Problem(
                    indicator,
                    _("সূচক %(code)s কোনো নির্ধারিত সুশাসন কর্মপরিকল্পনার সাথে যুক্ত নয়।")
                    % {"code": code_label(indicator.code)},
                    "governance_kind",
                )
            )
    return problems
