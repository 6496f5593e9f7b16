"""Directional controls in typed text (issue 17, finding 10): a right-to-left override makes "\u202egnp.exe"
read "exe.png"; the embedding, override and isolate controls are stripped from every text a user types, by
one step every form shares (`apa_portal.forms.TypedTextForm`) and by the services that take text from
elsewhere; the marks and joiners that text needs are kept."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from agreements.models import AgreementStatus, AuditEntry
from apa_portal.bangla import BIDI_CONTROLS, strip_bidi_controls
from apa_portal.forms import TypedTextForm
from evidence import services as evidence_services
from indicators import services as indicator_services
from indicators.models import Achievement

from .conftest import add_quarter_windows

JSON = {"HTTP_ACCEPT": "application/json"}
TRICK = "\u202egnp.exe"
PROJECT_PACKAGES = ("apa_portal", "agreements", "indicators", "evidence", "reports")


def test_it_strips_the_embedding_override_and_isolate_controls():
    controls = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
    assert set(controls) == BIDI_CONTROLS
    assert strip_bidi_controls(f"ক{controls}খ") == "কখ"
    assert strip_bidi_controls(TRICK) == "gnp.exe"


def test_it_keeps_direction_marks_and_the_joiners_bangla_needs():
    kept = "র\u200d্যাব \u200cক \u200eA\u200f \u061c"
    assert strip_bidi_controls(kept) == kept


@pytest.mark.django_db
def test_an_overview_field_is_saved_without_the_controls(client, agreement_a, alice):
    agreement_a.status = AgreementStatus.DRAFT
    agreement_a.save()
    client.force_login(alice)
    response = client.post(
        reverse("agreements:overview_edit", args=[agreement_a.pk]),
        {"vision": "স্মার্ট \u2067বাংলাদেশ\u2069", "mission": "সেবা " + TRICK},
    )
    assert response.status_code == 302
    agreement_a.refresh_from_db()
    assert (agreement_a.vision, agreement_a.mission) == ("স্মার্ট বাংলাদেশ", "সেবা gnp.exe")
    entry = AuditEntry.objects.get(action="agreement_update")
    assert "\u202e" not in str(entry.after) and "\u2067" not in str(entry.after)


@pytest.fixture
def indicator(agreement_a, fiscal_year, today_in_q3):
    add_quarter_windows(fiscal_year)
    return agreement_a.indicators.get(code="1.1.1")


@pytest.mark.django_db
def test_a_remark_typed_on_the_entry_page_is_saved_without_the_controls(client, alice, indicator):
    client.force_login(alice)
    url = reverse("indicators:save", args=[indicator.agreement_id, 3, indicator.pk])
    response = client.post(url, {"value": "১০", "remarks": "প্রমাণক: " + TRICK, "revision": "0"}, **JSON)
    assert response.status_code == 200, response.content
    assert Achievement.objects.get(indicator=indicator, quarter=3).remarks == "প্রমাণক: gnp.exe"
    assert response.json()["achievement"]["remarks"] == "প্রমাণক: gnp.exe"


@pytest.mark.django_db
def test_the_achievement_service_strips_them_from_a_remark_it_is_given(alice, indicator):
    indicator_services.achievement_record(
        indicator=indicator, quarter=3, value=None, remarks=TRICK, expected_revision=0, actor=alice
    )
    assert Achievement.objects.get(indicator=indicator, quarter=3).remarks == "gnp.exe"
    assert AuditEntry.objects.get(action="achievement.record").after["remarks"] == "gnp.exe"


@pytest.mark.django_db
def test_an_evidence_file_name_and_description_lose_them(alice, indicator):
    item = evidence_services.evidence_add_file(
        indicator=indicator,
        quarter=3,
        upload=SimpleUploadedFile("report\u202efdp.exe", b"%PDF-1.4\n%%EOF\n"),
        description="\u202aবিবরণ\u202c",
        actor=alice,
    )
    assert (item.original_name, item.description) == ("reportfdp.exe", "বিবরণ")


@pytest.mark.django_db
def test_a_form_shown_again_with_an_error_shows_the_text_without_them(client, alice, indicator):
    client.force_login(alice)
    url = reverse("evidence:indicator", args=[indicator.agreement_id, 3, indicator.pk])
    response = client.post(url, {"kind": "link", "url": "no link", "description": "ক" + TRICK})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'value="কgnp.exe"' in html and "\u202e" not in html


def project_forms() -> list[type]:
    found = []
    for package_name in PROJECT_PACKAGES:
        package = importlib.import_module(package_name)
        for module_info in pkgutil.walk_packages(package.__path__, f"{package_name}."):
            if ".migrations" in module_info.name or ".management" in module_info.name:
                continue
            if module_info.name.endswith((".wsgi", ".asgi")) or ".settings" in module_info.name:
                continue
            module = importlib.import_module(module_info.name)
            for _, cls in inspect.getmembers(module, inspect.isclass):
                if cls.__module__ == module.__name__ and issubclass(cls, forms.BaseForm):
                    found.append(cls)
    return found


@pytest.mark.django_db
def test_every_form_of_the_project_strips_them():
    found = project_forms()
    assert len(found) > 25
    assert [
        f"{cls.__module__}.{cls.__qualname__}" for cls in found if not issubclass(cls, TypedTextForm)
    ] == []
