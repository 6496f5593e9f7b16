"""The admin edits agreement content directly, so it must leave the same trace as the services: an audit row
and fresh stored scores, inside the admin's own transaction."""

from __future__ import annotations

import json

from django.contrib import admin
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.forms.models import model_to_dict

from .models import Agreement
from .services import audit_record


def as_json(obj: models.Model) -> dict:
    """A JSON-safe copy of the model's editable fields, for the audit row."""
    return json.loads(json.dumps(model_to_dict(obj), cls=DjangoJSONEncoder, default=str))


class AuditedAdmin(admin.ModelAdmin):
    """Records every admin change of agreement content and refreshes the agreement's stored scores."""

    def agreement_of(self, obj: models.Model) -> Agreement | None:
        raise NotImplementedError

    def save_model(self, request, obj, form, change) -> None:
        before = as_json(type(obj).objects.get(pk=obj.pk)) if change and obj.pk else None
        super().save_model(request, obj, form, change)
        self.after_write(request, obj, "admin_change" if change else "admin_create", before, as_json(obj))

    def delete_model(self, request, obj) -> None:
        agreement, before = self.agreement_of(obj), as_json(obj)
        audit_record(actor=request.user, action="admin_delete", obj=obj, agreement=agreement, before=before)
        super().delete_model(request, obj)
        self.refresh(agreement)

    def save_related(self, request, form, formsets, change) -> None:
        super().save_related(request, form, formsets, change)
        # Inline rows (activities, indicators, achievements) change scores too.
        self.refresh(self.agreement_of(form.instance))

    def after_write(self, request, obj, action: str, before: dict | None, after: dict) -> None:
        agreement = self.agreement_of(obj)
        audit_record(
            actor=request.user, action=action, obj=obj, agreement=agreement, before=before, after=after
        )
        self.refresh(agreement)

    @staticmethod
    def refresh(agreement: Agreement | None) -> None:
        if agreement is not None and Agreement.objects.filter(pk=agreement.pk).exists():
            from indicators.scores import refresh_scores

            refresh_scores(agreement=agreement)
