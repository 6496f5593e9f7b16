"""Issue 17 (finding 9): every free-text field has a length limit that fits its place in the printed document
(`apa_portal.text_limits`), decided on the model field and enforced by the editor, the services and the Excel
importer, with a Bangla message."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import translation

from agreements.models import Agreement, AgreementStatus, AuditEntry
from apa_portal import text_limits
from indicators import services
from reports.importer import ImportRejected, import_agreement

from .test_reports_import import twin_for

pytestmark = pytest.mark.django_db

VISION_LIMIT = text_limits.STATEMENT
MESSAGE = "লেখাটি সর্বোচ্চ ১০০০ অক্ষরের হতে পারে"


@pytest.fixture
def draft_a(agreement_a):
    agreement_a.status = AgreementStatus.DRAFT
    agreement_a.save()
    return agreement_a


def changes():
    return AuditEntry.objects.exclude(action__startswith="account.")


def test_the_limits_are_those_of_the_document():
    assert Agreement._meta.get_field("vision").max_length == VISION_LIMIT == 1000
    assert Agreement._meta.get_field("recent_achievements").max_length == text_limits.SECTION


# 2 MB (as in the finding; under Django's request body limit) and one character past the limit.
@pytest.mark.parametrize("text", ["v" * 2 * 1024 * 1024, "ক" * (VISION_LIMIT + 1)], ids=["2MB", "limit+1"])
def test_an_over_long_vision_is_refused_by_the_editor_and_nothing_changes(client, draft_a, alice, text):
    before = (draft_a.vision, changes().count())
    client.force_login(alice)
    response = client.post(
        reverse("agreements:overview_edit", args=[draft_a.pk]), {"vision": text, "mission": "সেবা"}
    )
    assert MESSAGE in response.content.decode()
    draft_a.refresh_from_db()
    assert (draft_a.vision, changes().count()) == before


def test_a_vision_at_the_limit_is_accepted(client, draft_a, alice):
    client.force_login(alice)
    client.post(reverse("agreements:overview_edit", args=[draft_a.pk]), {"vision": "ক" * VISION_LIMIT})
    draft_a.refresh_from_db()
    assert draft_a.vision == "ক" * VISION_LIMIT


def test_the_overview_form_shows_the_limit(client, draft_a, alice):
    client.force_login(alice)
    page = client.get(reverse("agreements:overview_edit", args=[draft_a.pk])).content.decode()
    assert f'maxlength="{VISION_LIMIT}"' in page
    assert f'maxlength="{text_limits.SECTION}"' in page


def test_the_service_refuses_an_over_long_vision(draft_a):
    draft_a.vision = "ক" * (VISION_LIMIT + 1)
    with translation.override("bn"), pytest.raises(ValidationError) as refused:
        draft_a.full_clean()
    assert MESSAGE in refused.value.message_dict["vision"][0]


def test_an_over_long_achievement_remark_is_refused_by_the_service(agreement_a, windows, alice, today_in_q3):
    indicator = agreement_a.indicators.get(code="1.1.1")
    limit = text_limits.NOTE
    before = changes().count()
    with translation.override("bn"), pytest.raises(ValidationError) as refused:
        services.achievement_record(
            indicator=indicator,
            quarter=3,
            value=Decimal("10"),
            remarks="ক" * (limit + 1),
            expected_revision=0,
            actor=alice,
        )
    assert "লেখাটি সর্বোচ্চ ২০০০ অক্ষরের হতে পারে" in refused.value.message_dict["remarks"][0]
    assert changes().count() == before
    assert not indicator.achievements.exists()


def test_the_importer_refuses_an_over_long_cell_with_a_bangla_message(agreement_a, carol):
    def spoil(book):
        sheet = book["সেকশন ১"]
        for row in sheet.iter_rows():
            if isinstance(row[0].value, str) and row[0].value.startswith("১.১ রূপকল্প"):
                sheet.cell(row=row[0].row + 1, column=1, value="ক" * (VISION_LIMIT + 1))
                return
        raise AssertionError("no vision row")

    before = (Agreement.objects.count(), changes().count())
    with translation.override("bn"), pytest.raises(ImportRejected) as rejected:
        import_agreement(file=twin_for(agreement_a, "office-c", spoil), actor=carol)
    problems = [p for p in rejected.value.problems if p.field == "vision"]
    assert problems and problems[0].sheet == "সেকশন ১"
    assert "রূপকল্প" in problems[0].message and MESSAGE in problems[0].message
    assert (Agreement.objects.count(), changes().count()) == before


# Free text that no document prints: a notification's message is written by the product, an export's or an
# import's error by the worker.
UNPRINTED_TEXT = {("Notification", "message"), ("ExportJob", "error"), ("ImportJob", "error")}


def test_every_typed_free_text_field_has_a_limit():
    """Long free text cannot make a render slow: every text field of the project's models has a length limit,
    but for the two texts the product writes itself and no document prints."""
    unlimited = {
        (model.__name__, field.name)
        for model in apps.get_models()
        if model.__module__.split(".")[0] in ("agreements", "indicators", "evidence", "reports")
        for field in model._meta.get_fields()
        if isinstance(field, models.TextField | models.CharField) and not field.max_length
    }
    assert unlimited == UNPRINTED_TEXT
