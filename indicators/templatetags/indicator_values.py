"""Template filters for stored indicator values (targets, actuals, projections)."""

from django import template

from apa_portal.templatetags.bangla import bn_date, bn_number
from indicators import values
from indicators.models import Method

register = template.Library()


@register.filter
def indicator_value(raw: str | None, value_type: str = "number") -> str:
    """A stored value as the documents show it: a number in the active language's digits, or a table date."""
    try:
        value = values.decode(raw, value_type)
    except ValueError:
        return raw or ""
    if value is None:
        return ""
    if value_type == "date":
        return bn_date(value)
    return bn_number(value)


@register.filter
def method_label(method: str | None) -> str:
    """A calculation method's name ("সমষ্টি"), or "" for none."""
    return str(Method(method).label) if method in Method.values else ""


@register.filter
def at(sequence, index: int):
    """The item at `index` of a list (a target's column, beside the target), or "" past its end."""
    try:
        return sequence[index]
    except (IndexError, KeyError, TypeError):
        return ""
