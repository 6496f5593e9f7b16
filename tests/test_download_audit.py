"""Reading audited where it matters (issue 17, finding 10): every download of an evidence file (Section 3 and
Annex 4-8) and of a report (one document or a bulk export's ZIP) is recorded with who, what and when; a
refused download records nothing; the history pages, which tell what changed, leave the reading out."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from agreements.models import AgreementStatus, AuditEntry, FiscalYear
from agreements.templatetags.audit import action_label
from evidence import services as evidence_services
from indicators.governance import services as governance_services
from reports.services import export_job_advance, export_job_create

from . import test_reports_support as support
from .conftest import add_quarter_windows
from .factories import agreement_with_plans

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("own_media_root")]
own_media_root = support.own_media_root
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture
def evidence(agreement_a, fiscal_year, today_in_q3, alice):
    add_quarter_windows(fiscal_year)
    indicator = agreement_a.indicators.get(code="1.1.1")
    return evidence_services.evidence_add_file(
        indicator=indicator, quarter=3, upload=SimpleUploadedFile("সভা.pdf", PDF), actor=alice
    )


def reads():
    return AuditEntry.objects.filter(action__endswith="download")


def test_an_evidence_download_is_recorded_with_who_what_and_when(client, evidence, rita, bob):
    client.force_login(rita)
    before = timezone.now()
    response = client.get(reverse("evidence:download", args=[evidence.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF

    entry = reads().get()
    assert (entry.action, entry.actor, entry.agreement_id) == (
        "evidence.download",
        rita,
        evidence.indicator.agreement_id,
    )
    assert (entry.object_type, entry.object_id) == ("evidence.evidenceitem", str(evidence.pk))
    assert entry.after == {"quarter": 3, "name": "সভা.pdf", "sha256": evidence.sha256}
    assert entry.at >= before
    assert action_label("evidence.download") == "প্রমাণক ডাউনলোড"

    # Refused downloads are not reading: an outsider's 404 records nothing.
    client.force_login(bob)
    assert client.get(reverse("evidence:download", args=[evidence.pk])).status_code == 404
    assert reads().count() == 1


def test_a_download_whose_file_is_gone_records_nothing(client, evidence, alice):
    evidence.file.storage.delete(evidence.file.name)
    client.force_login(alice)
    assert client.get(reverse("evidence:download", args=[evidence.pk])).status_code == 404
    assert not reads().exists()


def test_reading_stays_out_of_the_history_pages(client, evidence, alice):
    client.force_login(alice)
    client.get(reverse("evidence:download", args=[evidence.pk]))
    agreement = evidence.indicator.agreement
    history = client.get(reverse("agreements:history", args=[agreement.pk])).content.decode()
    assert "প্রমাণক যোগ" in history and "প্রমাণক ডাউনলোড" not in history


def test_an_annex_evidence_download_is_recorded(
    client, seeded, office_a, supervisor_office, alice, rita, monkeypatch
):
    year = FiscalYear.objects.get(start_year=2024)
    agreement = agreement_with_plans(office_a, supervisor_office, year, AgreementStatus.ACTIVE)
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: date(2024, 9, 20))
    item = agreement.governance_plans.get(kind="integrity").items.get(activity_code="১.১")
    evidence = governance_services.plan_item_evidence_add(
        item=item, quarter=1, actor=alice, file=SimpleUploadedFile("সভা.pdf", PDF)
    )
    client.force_login(rita)
    url = reverse("governance:evidence_download", args=[agreement.pk, item.pk, evidence.pk])
    assert client.get(url).status_code == 200

    entry = reads().get()
    assert (entry.action, entry.actor, entry.agreement) == ("evidence.download", rita, agreement)
    assert entry.object_id == str(evidence.pk)


def test_a_report_download_is_recorded(client, agreement_a, rita):
    client.force_login(rita)
    url = reverse("reports:download", args=[agreement_a.pk, "quarterly", "xlsx"])
    assert client.get(url, {"quarter": "2"}).status_code == 200

    entry = reads().get()
    assert (entry.action, entry.actor, entry.agreement) == ("report.download", rita, agreement_a)
    assert entry.after == {"kind": "quarterly", "format": "xlsx", "quarter": 2}
    assert action_label("report.download") == "প্রতিবেদন ডাউনলোড"


def test_a_bulk_export_download_is_recorded(client, agreement_a, agreement_b, rita):
    job = export_job_create(actor=rita, kind="agreement", fmt="xlsx", agreements=[agreement_a, agreement_b])
    while not job.finished:
        job = export_job_advance(job=job)
    client.force_login(rita)
    assert client.get(reverse("reports:export_job_download", args=[job.pk])).status_code == 200

    entry = reads().get()
    assert (entry.action, entry.actor, entry.object_id) == ("report.bulk_download", rita, str(job.pk))
    assert entry.after == {"kind": "agreement", "format": "xlsx", "quarter": None, "offices": 2}
