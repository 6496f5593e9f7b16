"""Bulk export: administrators and supervisors pick offices and a report kind; a job renders them into one
ZIP, its progress observable as it goes (without a broker, as here, each look at the progress renders the next
office), one office failing is listed as soon as its part is done and is not fatal, unchanged data reuses
cached renders, and a part delivered twice runs once."""

from __future__ import annotations

import zipfile

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse

from agreements.models import OfficeLevel
from reports.models import ExportJob, ExportStatus
from reports.services import export_job_assemble, export_job_create, export_job_run, export_part_run

from . import test_reports_support as support
from .conftest import PASSWORD
from .factories import AgreementFactory, OfficeFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("own_media_root")]
own_media_root = support.own_media_root  # an empty render cache for every test here


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def form_data(fiscal_year, root, **overrides):
    data = {
        "kind": "agreement",
        "format": "xlsx",
        "fiscal_year": fiscal_year.pk,
        "office": f"subtree:{root.code}",
        "level": OfficeLevel.DISTRICT,
        "quarter": "",
    }
    data.update(overrides)
    return data


def zip_names(job: ExportJob) -> list[str]:
    with default_storage.open(job.result_name, "rb") as handle, zipfile.ZipFile(handle) as archive:
        return sorted(archive.namelist())


@pytest.mark.parametrize("persona", ["alice", "henry", "bob", "oscar"])
def test_it_forbids_bulk_export_to_offices_own_people_and_observers(client, persona, request):
    response = login(client, request.getfixturevalue(persona)).get(reverse("reports:bulk_export"))
    assert response.status_code == 403


def poll(client, job) -> dict:
    response = client.get(reverse("reports:export_job_status", args=[job.pk]))
    assert response.status_code == 200
    return response.json()


def test_a_supervisor_exports_every_district_office_under_it_into_one_zip(
    client, rita, agreement_a, agreement_b, supervisor_office, django_capture_on_commit_callbacks
):
    login(client, rita)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(
            reverse("reports:bulk_export"), form_data(agreement_a.fiscal_year, supervisor_office)
        )
    job = ExportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "reports:export_job", args=[job.pk]
    )
    # Without a broker the request only records the job: nothing is rendered before the page shows progress.
    assert callbacks == [] and (job.status, job.done, job.total) == (ExportStatus.PENDING, 0, 2)
    page = client.get(response["Location"]).content.decode()
    assert 'id="job-bar" max="100" value="0"' in page
    # Each look at the progress renders the next office: the bar moves, then the ZIP is packed.
    assert [(s["percent"], s["finished"]) for s in (poll(client, job), poll(client, job))] == [
        (50, False),
        (100, True),
    ]
    job.refresh_from_db()
    assert (job.status, job.done, job.total, job.failures) == (ExportStatus.DONE, 2, 2, [])
    year = agreement_a.fiscal_year.label
    assert zip_names(job) == [f"office-a_{year}_agreement.xlsx", f"office-b_{year}_agreement.xlsx"]
    page = client.get(response["Location"]).content.decode()
    assert 'id="job-bar" max="100" value="100"' in page
    assert reverse("reports:export_job_download", args=[job.pk]) in page
    download = client.get(reverse("reports:export_job_download", args=[job.pk]))
    assert download.status_code == 200 and download["Content-Type"] == "application/zip"


def test_without_javascript_the_pages_own_refresh_advances_the_job(client, rita, agreement_a, agreement_b):
    job = export_job_create(actor=rita, kind="agreement", fmt="xlsx", agreements=[agreement_a, agreement_b])
    login(client, rita)
    page = client.get(reverse("reports:export_job", args=[job.pk])).content.decode()
    assert f"url={reverse('reports:export_job', args=[job.pk])}?advance=1" in page
    job.refresh_from_db()
    assert job.done == 0  # looking at the page alone runs nothing
    client.get(reverse("reports:export_job", args=[job.pk]), {"advance": "1"})
    job.refresh_from_db()
    assert job.done == 1


def test_a_failing_office_shows_as_soon_as_its_part_is_done_and_the_others_are_exported(
    client, ada, agreement_a, supervisor_office
):
    empty = AgreementFactory(
        office=OfficeFactory(code="office-c", parent=supervisor_office, supervisor=supervisor_office),
        supervisor_office=supervisor_office,
        fiscal_year=agreement_a.fiscal_year,
    )
    job = export_job_create(actor=ada, kind="self-assessment", fmt="xlsx", agreements=[empty, agreement_a])
    status = poll(login(client, ada), job)
    assert (status["finished"], status["download_url"]) == (False, "")
    assert [f["office"] for f in status["failures"]] == ["office-c"]
    assert "কোনো সূচক বা কর্মপরিকল্পনা নেই" in status["failures"][0]["message"]
    assert "office-c" in client.get(reverse("reports:export_job", args=[job.pk])).content.decode()
    assert poll(client, job)["finished"] is True
    job.refresh_from_db()
    assert job.status == ExportStatus.DONE and job.done == 2
    assert [f["office"] for f in job.failures] == ["office-c"]
    assert zip_names(job) == [
        "failures.txt",
        f"office-a_{agreement_a.fiscal_year.label}_self-assessment.xlsx",
    ]


def test_with_a_broker_the_parts_go_to_the_workers_once_committed(
    client, ada, agreement_a, agreement_b, settings, django_capture_on_commit_callbacks, monkeypatch
):
    from apa_portal.celery import app
    from reports import tasks

    settings.CELERY_TASK_ALWAYS_EAGER = False
    sent = []
    monkeypatch.setattr(app, "send_task", lambda name, args: sent.append((app.tasks[name], *args)))
    with django_capture_on_commit_callbacks(execute=True):
        job = export_job_create(
            actor=ada, kind="agreement", fmt="xlsx", agreements=[agreement_a, agreement_b]
        )
    assert sent == [(tasks.run_export_part, job.parts.get().pk)]  # one part of up to 20 offices
    assert poll(login(client, ada), job)["done"] == 0  # polling leaves the work to the workers


def test_unchanged_data_reuses_cached_renders_and_changed_data_is_rendered_again(
    ada, agreement_a, agreement_b
):
    def run():
        job = export_job_create(
            actor=ada, kind="agreement", fmt="xlsx", agreements=[agreement_a, agreement_b]
        )
        return export_job_run(job_id=job.pk)

    assert run().reused == 0
    assert run().reused == 2
    agreement_b.mission = "নতুন অভিলক্ষ্য"
    agreement_b.save()
    assert run().reused == 1


def test_a_part_delivered_twice_runs_once(ada, agreement_a):
    job = export_job_create(
        actor=ada, kind="agreement", fmt="xlsx", agreements=[agreement_a]
    )  # not committed
    part = job.parts.get()
    assert export_part_run(part_id=part.pk) is not None
    assert export_part_run(part_id=part.pk) is None
    job.refresh_from_db()
    assert job.done == 1 and job.status == ExportStatus.DONE


def test_parts_run_separately_and_the_last_one_packs_the_zip(ada, agreement_a, agreement_b):
    job = export_job_create(
        actor=ada, kind="agreement", fmt="xlsx", agreements=[agreement_a, agreement_b], part_size=1
    )
    first, second = job.parts.order_by("index")
    assert (first.agreement_ids, second.agreement_ids) == ([agreement_a.pk], [agreement_b.pk])
    export_part_run(part_id=second.pk)
    job.refresh_from_db()
    assert (job.status, job.done, job.result_name) == (ExportStatus.RUNNING, 1, "")
    assert export_job_assemble(job_id=job.pk) is None  # an early call must not pack half a job
    export_part_run(part_id=first.pk)
    job.refresh_from_db()
    assert (job.status, job.done) == (ExportStatus.DONE, 2)
    assert len(zip_names(job)) == 2
    assert export_job_assemble(job_id=job.pk) is None  # packed once


def test_the_form_explains_in_bangla_when_no_office_matches(client, rita, agreement_a, supervisor_office):
    response = login(client, rita).post(
        reverse("reports:bulk_export"),
        form_data(agreement_a.fiscal_year, supervisor_office, level=OfficeLevel.UPAZILA),
    )
    assert response.status_code == 200
    assert "কোনো চুক্তি পাওয়া যায়নি" in response.content.decode()
    assert not ExportJob.objects.exists()


def test_the_quarterly_export_needs_a_quarter(client, rita, agreement_a, supervisor_office):
    response = login(client, rita).post(
        reverse("reports:bulk_export"),
        form_data(agreement_a.fiscal_year, supervisor_office, kind="quarterly"),
    )
    assert "ত্রৈমাসিক বেছে নিন" in response.content.decode()
    assert not ExportJob.objects.exists()


def test_a_supervisor_cannot_pick_offices_outside_its_subtree(client, rita, agreement_a, ministry):
    response = login(client, rita).post(
        reverse("reports:bulk_export"), form_data(agreement_a.fiscal_year, ministry)
    )
    assert response.status_code == 200 and not ExportJob.objects.exists()


def test_someone_elses_job_is_a_404(client, ada, sam, agreement_a):
    job = export_job_create(actor=ada, kind="agreement", fmt="xlsx", agreements=[agreement_a])
    login(client, sam)
    for name in ("export_job", "export_job_status", "export_job_download"):
        assert client.get(reverse(f"reports:{name}", args=[job.pk])).status_code == 404
