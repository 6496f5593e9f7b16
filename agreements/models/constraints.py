"""Constraints the models of both apps share."""

from __future__ import annotations

from django.db import models
from django.db.models import Q


def in_choices(
    field: str, choices: type[models.TextChoices], *, name: str, blank: bool = False
) -> models.CheckConstraint:
    """The database accepts only the field's choices (and "" where it may be blank), whatever writes the
    row: a bulk update, a raw import or another program."""
    allowed = [*choices.values, *([""] if blank else [])]
    return models.CheckConstraint(condition=Q(**{f"{field}__in": allowed}), name=name)
