"""Downloaded reports are named by kind, quarter, fiscal year, scope and date (`reports.filenames`): one
agreement's file by its office, a bulk ZIP by the office chosen ("-subtree" for every office under it, and the
level when one was chosen), so that a folder of exports tells them apart."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from agreements.models import OfficeLevel
from reports.filenames import office_scope, report_filename
from reports.models import ExportJob
from reports.services import export_job_create, export_job_run

from . import test_reports_support as support
from .conftest import PASSWORD

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("own_media_root")]
own_media_root = support.own_media_root


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def attachment_name(response) -> str:
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment; filename=")
    return disposition.split("filename=", 1)[1].strip('"')


def test_a_name_says_kind_year_scope_and_date(office_a):
    name = report_filename(
        kind="self-assessment",
        fiscal_year="2024-25",
        scope=office_scope(office_a, subtree=True),
        ext="zip",
        on=date(2026, 12, 7),
    )
    assert name == "APA-self-assessment-2024-25-office-a-subtree-2026-12-07.zip"


def test_a_quarterly_name_says_its_quarter_and_a_level_its_level(office_a):
    scope = office_scope(office_a, subtree=True, level=OfficeLevel.DISTRICT)
    name = report_filename(
        kind="quarterly", quarter=2, fiscal_year="2023-24", scope=scope, ext="pdf", on=date(2024, 1, 15)
    )
    assert name == "APA-quarterly-q2-2023-24-office-a-subtree-district-2024-01-15.pdf"


def test_a_name_is_ascii_whatever_the_office_code(supervisor_office):
    supervisor_office.code = "Dg_Office"  # an older code with capitals; names stay lower-case slugs
    assert office_scope(supervisor_office) == "dg_office"
    assert report_filename(kind="agreement", fiscal_year="", scope="", ext="zip", on=date(2026, 1, 2)) == (
        "APA-agreement-2026-01-02.zip"
    )


def test_a_single_download_is_named_by_its_office(client, rita, agreement_a):
    url = reverse("reports:download", args=[agreement_a.pk, "agreement", "xlsx"])
    response = login(client, rita).get(url)
    assert response.status_code == 200
    today = timezone.localdate()
    assert attachment_name(response) == f"APA-agreement-2023-24-office-a-{today:%Y-%m-%d}.xlsx"


def test_a_bulk_zip_is_named_by_the_subtree_and_level_chosen(client, rita, agreement_a, agreement_b):
    login(client, rita)
    response = client.post(
        reverse("reports:bulk_export"),
        {
            "kind": "agreement",
            "format": "xlsx",
            "fiscal_year": agreement_a.fiscal_year.pk,
            "office": "subtree:dg",
            "level": OfficeLevel.DISTRICT,
            "quarter": "",
        },
    )
    assert response.status_code == 302
    job = export_job_run(job_id=ExportJob.objects.get().pk)
    expected = f"APA-agreement-2023-24-dg-subtree-district-{timezone.localdate():%Y-%m-%d}.zip"
    assert job.result_name.rsplit("/", 1)[-1] == expected
    download = client.get(reverse("reports:export_job_download", args=[job.pk]))
    assert download.status_code == 200 and expected in download["Content-Disposition"]


def test_two_exports_of_different_offices_get_different_names(rita, agreement_a, agreement_b):
    names = set()
    for agreement in (agreement_a, agreement_b):
        job = export_job_create(
            actor=rita,
            kind="agreement",
            fmt="xlsx",
            agreements=[agreement],
            fiscal_year=agreement.fiscal_year,
            scope=office_scope(agreement.office),
        )
        names.add(export_job_run(job_id=job.pk).result_name.rsplit("/", 1)[-1])
    assert len(names) == 2
