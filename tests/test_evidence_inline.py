"""Evidence added in the entry row: the entry pages carry the server's limits for the browser's check before
sending, and both evidence views (Section 3's and the plan items') answer the page's script in JSON: the
stored file, or a refusal in Bangla with nothing saved; another office's row is a 404."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from agreements.models import AgreementStatus, FiscalYear
from evidence.models import EvidenceItem
from evidence.validation import ALLOWED_TYPES, accepted_extensions
from indicators.models import QuarterlyReport, QuarterlyReportStatus

from .conftest import add_quarter_windows
from .factories import agreement_with_plans

pytestmark = pytest.mark.django_db
JSON = {"HTTP_ACCEPT": "application/json"}
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
EXE = b"MZ\x90\x00" + b"\x00" * 200


def pdf(name="প্রতিবেদন.pdf", content=PDF):
    return SimpleUploadedFile(name, content)


# Section 3


@pytest.fixture
def section3(agreement_a, fiscal_year, today_in_q3):
    add_quarter_windows(fiscal_year)
    return agreement_a


@pytest.fixture
def indicator(section3):
    return section3.indicators.get(code="1.1.1")


def evidence_url(indicator, quarter=3):
    return reverse("evidence:indicator", args=[indicator.agreement_id, quarter, indicator.pk])


def test_the_browsers_check_takes_every_type_the_server_takes_by_any_of_its_names():
    assert set(ALLOWED_TYPES) < set(accepted_extensions())
    assert {"jpeg", "tiff"} < set(accepted_extensions())


def test_the_entry_page_carries_the_servers_limits_and_each_rows_upload_address(
    client, alice, indicator, settings
):
    settings.EVIDENCE_MAX_UPLOAD_MB = 3
    client.force_login(alice)
    html = client.get(reverse("indicators:entry", args=[indicator.agreement_id, 3])).content.decode()

    assert f'data-evidence-max-bytes="{3 * 1024 * 1024}"' in html
    assert 'data-evidence-types="doc,docx,' in html and ",jpeg,jpg," in html
    assert "ফাইলটি ৩ মেগাবাইটের বেশি বড়; পাঠানো হয়নি।" in html
    assert f'data-evidence-upload="{evidence_url(indicator)}"' in html
    assert f'id="ev-files-{indicator.pk}"' in html and "js/evidence-upload.js" in html


def test_readers_get_no_upload_in_the_row(client, rita, indicator):
    client.force_login(rita)
    html = client.get(reverse("indicators:entry", args=[indicator.agreement_id, 3])).content.decode()
    assert "data-evidence-upload=" not in html and "ev-files-" not in html


def test_an_upload_answers_the_script_with_the_stored_file(client, alice, indicator):
    client.force_login(alice)
    answer = client.post(evidence_url(indicator), {"kind": "file", "file": pdf()}, **JSON)

    assert answer.status_code == 200
    item = EvidenceItem.objects.get(indicator=indicator, quarter=3)
    assert answer.json() == {
        "ok": True,
        "item": {
            "id": item.pk,
            "kind": "file",
            "name": "প্রতিবেদন.pdf",
            "url": reverse("evidence:download", args=[item.pk]),
            "remove_url": reverse("evidence:remove", args=[item.pk]),
        },
    }


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (lambda: pdf("setup.pdf", EXE), "এই ধরনের ফাইল প্রমাণক হিসেবে গ্রহণ করা হয় না।"),
        (lambda: pdf("big.pdf", PDF + b"0" * 2000), "ফাইলের আকার সর্বোচ্চ"),
    ],
)
def test_a_refused_file_is_answered_in_bangla_and_nothing_is_saved(
    client, alice, indicator, settings, upload, message
):
    settings.EVIDENCE_MAX_UPLOAD_MB = 0.001
    client.force_login(alice)
    answer = client.post(evidence_url(indicator), {"kind": "file", "file": upload()}, **JSON)

    assert answer.status_code == 400
    assert answer.json()["ok"] is False and message in answer.json()["errors"]["file"][0]
    assert not EvidenceItem.objects.exists()


def test_another_offices_indicator_is_a_404(client, alice, bob, indicator, agreement_b):
    client.force_login(bob)
    assert client.post(evidence_url(indicator), {"kind": "file", "file": pdf()}, **JSON).status_code == 404
    # Alice's agreement with Bob's indicator in the address: not a row of hers either.
    client.force_login(alice)
    theirs = agreement_b.indicators.get(code="1.1.1")
    url = reverse("evidence:indicator", args=[indicator.agreement_id, 3, theirs.pk])
    assert client.post(url, {"kind": "file", "file": pdf()}, **JSON).status_code == 404
    assert not EvidenceItem.objects.exists()


# Annex 4-8


@pytest.fixture
def active(seeded, office_a, supervisor_office, monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: date(2024, 9, 20))  # the first quarter
    year = FiscalYear.objects.get(start_year=2024)
    return agreement_with_plans(office_a, supervisor_office, year, AgreementStatus.ACTIVE)


@pytest.fixture
def meeting(active):
    return active.governance_plans.get(kind="integrity").items.get(activity_code="১.১")


def plan_upload(client, active, meeting, upload, quarter="1"):
    url = reverse("governance:evidence_add", args=[active.pk, meeting.pk])
    return client.post(url, {"quarter": quarter, "kind": "file", "file": upload}, **JSON)


def test_the_plan_entry_page_carries_the_limits_and_each_rows_upload_address(client, alice, active, meeting):
    client.force_login(alice)
    plan = meeting.plan
    html = client.get(reverse("governance:entry", args=[active.pk, plan.pk]) + "?quarter=1").content.decode()
    assert "data-evidence-max-bytes=" in html
    assert (
        f'data-evidence-upload="{reverse("governance:evidence_add", args=[active.pk, meeting.pk])}"' in html
    )


def test_a_plan_items_upload_answers_the_script_with_the_stored_file(client, alice, active, meeting):
    client.force_login(alice)
    answer = plan_upload(client, active, meeting, pdf())

    assert answer.status_code == 200
    evidence = meeting.evidence.get(original_name="প্রতিবেদন.pdf")
    assert evidence.quarter == 1 and evidence.original_name == "প্রতিবেদন.pdf"
    download = reverse("governance:evidence_download", args=[active.pk, meeting.pk, evidence.pk])
    assert answer.json() == {
        "ok": True,
        "item": {"id": evidence.pk, "kind": "file", "name": "প্রতিবেদন.pdf", "url": download},
    }


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (lambda: pdf("setup.pdf", EXE), "এই ধরনের ফাইল প্রমাণক হিসেবে গ্রহণ করা হয় না।"),
        (lambda: pdf("big.pdf", PDF + b"0" * 2000), "ফাইলের আকার সর্বোচ্চ"),
    ],
)
def test_a_plan_items_refused_file_is_answered_in_bangla_and_nothing_is_saved(
    client, alice, active, meeting, settings, upload, message
):
    settings.EVIDENCE_MAX_UPLOAD_MB = 0.001
    before = EvidenceItem.objects.count()
    client.force_login(alice)
    answer = plan_upload(client, active, meeting, upload())

    assert answer.status_code == 400
    assert answer.json()["ok"] is False and message in answer.json()["errors"]["__all__"][0]
    assert EvidenceItem.objects.count() == before


def test_a_plan_items_upload_to_a_closed_quarter_says_why_and_saves_nothing(client, alice, active, meeting):
    QuarterlyReport.objects.create(agreement=active, quarter=1, status=QuarterlyReportStatus.SUBMITTED)
    before = EvidenceItem.objects.count()
    client.force_login(alice)
    answer = plan_upload(client, active, meeting, pdf())

    assert answer.status_code == 403
    assert answer.json()["errors"]["__all__"][0].startswith("ফাইলটি যুক্ত হয়নি:")
    assert EvidenceItem.objects.count() == before


def test_another_offices_plan_item_is_a_404_and_a_reader_a_403(client, bob, rita, active, meeting):
    before = EvidenceItem.objects.count()
    client.force_login(bob)
    assert plan_upload(client, active, meeting, pdf()).status_code == 404
    client.force_login(rita)
    assert plan_upload(client, active, meeting, pdf()).status_code == 403
    assert EvidenceItem.objects.count() == before


def test_a_plan_upload_after_the_session_ended_answers_401_with_the_login_page(client, active, meeting):
    answer = plan_upload(client, active, meeting, pdf())
    assert answer.status_code == 401
    assert answer.json()["login_url"].startswith(reverse("login"))
