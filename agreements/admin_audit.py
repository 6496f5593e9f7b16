"""The admin edits agreement content directly, so it must leave the same trace as the services: an audit row
per changed row (inline rows included) and fresh stored scores, inside the admin's own transaction."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models, transaction

from agreements.audit import audit_record, snapshot
from apa_portal.forms import BanglaDecimalField
from indicators.scores import refresh_scores

from .models import Agreement


class AdminDecimalField(BanglaDecimalField):
    """A number typed in Bangla or ASCII digits in the admin. The model field's own validators check digits
    and decimal places, so this form field accepts and ignores the limits the model field passes on."""

    def __init__(self, *, max_digits: int | None = None, decimal_places: int | None = None, **kwargs: Any):
        super().__init__(**kwargs)


class BanglaNumbers:
    """Every decimal field of an admin page or inline accepts Bangla digits (১২.৫, ১,২৫০)."""

    formfield_overrides = {models.DecimalField: {"form_class": AdminDecimalField}}


class ViewOnlyAdmin(admin.ModelAdmin):
    """Rows the application writes (notifications, bulk exports): shown, never added or edited here; old
    ones may be deleted."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class ReadOnlyAdmin(ViewOnlyAdmin):
    """Rows that are the record itself (the audit trail, stored scores): never deleted here either."""

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class AuditedAdmin(BanglaNumbers, admin.ModelAdmin):
    """Records every admin change of agreement content, row by row, and refreshes the agreement's stored
    scores in the same transaction."""

    # The way from a row to its agreement ("indicator__agreement"); "" for an agreement itself; None for rows
    # that belong to no agreement (a fiscal year).
    agreement_path: str | None = None

    def agreement_of(self, obj: models.Model) -> Agreement | None:
        if self.agreement_path is None:
            return None
        for name in filter(None, self.agreement_path.split("__")):
            obj = getattr(obj, name)
        return obj

    def save_model(self, request, obj, form, change) -> None:
        before = snapshot(type(obj).objects.get(pk=obj.pk)) if change else None
        super().save_model(request, obj, form, change)
        # A save that changed only inline rows leaves no row for the unchanged parent.
        if not change or form.has_changed():
            action = "admin_change" if change else "admin_create"
            self.audit(request, obj, action, before, snapshot(obj), self.agreement_of(obj))

    def save_related(self, request, form, formsets, change) -> None:
        agreement = self.agreement_of(form.instance)
        befores: dict[int, dict] = {}
        for formset in formsets:
            deleted = formset.deleted_forms if formset.can_delete else []
            changed = [f for f in formset.initial_forms if f.has_changed() and f not in deleted]
            stored = formset.model.objects.in_bulk([f.instance.pk for f in changed])
            befores.update({id(f.instance): snapshot(stored[f.instance.pk]) for f in changed})
            # Written before the rows go: a deleted row has no primary key left to name.
            for inline_form in deleted:
                row = formset.model.objects.get(pk=inline_form.instance.pk)
                self.audit(request, row, "admin_delete", snapshot(row), None, agreement)
        super().save_related(request, form, formsets, change)
        for formset in formsets:
            for row in formset.new_objects:
                self.audit(request, row, "admin_create", None, snapshot(row), agreement)
            for row, _fields in formset.changed_objects:
                self.audit(request, row, "admin_change", befores[id(row)], snapshot(row), agreement)
        self.refresh(agreement)

    def delete_model(self, request, obj) -> None:
        agreement = self.agreement_of(obj)
        self.audit(request, obj, "admin_delete", snapshot(obj), None, agreement)
        super().delete_model(request, obj)
        self.refresh(agreement)

    @transaction.atomic
    def delete_queryset(self, request, queryset) -> None:
        """The changelist's "delete selected": one audit row per row, then the scores of every agreement
        that lost rows, all in one transaction."""
        if self.agreement_path:
            queryset = queryset.select_related(self.agreement_path)
        agreements = {}
        for obj in queryset:
            agreement = self.agreement_of(obj)
            self.audit(request, obj, "admin_delete", snapshot(obj), None, agreement)
            if agreement is not None:
                agreements[agreement.pk] = agreement
        super().delete_queryset(request, queryset)
        for agreement in agreements.values():
            self.refresh(agreement)

    def audit(
        self,
        request,
        obj: models.Model,
        action: str,
        before: dict | None,
        after: dict | None,
        agreement: Agreement | None,
    ) -> None:
        audit_record(
            actor=request.user, action=action, obj=obj, agreement=agreement, before=before, after=after
        )

    @staticmethod
    def refresh(agreement: Agreement | None) -> None:
        if agreement is not None and Agreement.objects.filter(pk=agreement.pk).exists():
            refresh_scores(agreement=agreement)
