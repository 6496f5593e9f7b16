"""Filters asking the one place that decides an agreement's state (`indicators.selectors.quarters`)."""

from django import template

from indicators.selectors.quarters import in_force as agreement_in_force

register = template.Library()


@register.filter
def in_force(agreement) -> bool:
    """Whether the agreement takes achievements (active, its current version): only then are there quarterly
    reports to download."""
    return agreement_in_force(agreement)
