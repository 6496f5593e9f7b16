"""Large Excel imports run in the background with progress (issue 17, "Imports"): an upload of
IMPORT_BACKGROUND_BYTES or more is stored and imported by a job, through the same `import_agreement`, whose
page shows the rows read and then the draft or every problem; a bomb is still refused at once; the job is
its uploader's (and administrators'); a worker lost mid-import is swept and the job runs again."""

from __future__ import annotations

from dataclasses import asdict
from datetime import timedelta
from io import StringIO

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from agreements.models import Agreement, AgreementStatus, AuditEntry
from apa_portal.celery import app
from indicators.models import Indicator
from reports import imports, tasks
from reports.importer import ImportProblem, ImportRejected, import_agreement
from reports.importer import saving as import_saving
from reports.importer.progress import STEPS, RowCounter
from reports.models import ImportJob, ImportStatus

from .conftest import PASSWORD
from .test_reports_import import section3_row, twin_for
from .test_reports_import_limits import BOMB_CELLS, workbook_bytes

pytestmark = [pytest.mark.django_db]


@pytest.fixture(autouse=True)
def every_upload_is_large(settings, tmp_path):
    """Every upload goes to the background (the portal's own workbooks are far below the real threshold),
    stored in a folder of the test's own."""
    settings.MEDIA_ROOT = tmp_path
    settings.IMPORT_BACKGROUND_BYTES = 1


class WorkerKilled(BaseException):
    """What a SIGKILL looks like from inside: the import stops where it is, nothing after it runs."""


def upload(client, content: bytes, name: str = "apa.xlsx"):
    return client.post(reverse("reports:import"), {"file": SimpleUploadedFile(name, content)})


def stored_uploads() -> list[str]:
    if not default_storage.exists(imports.UPLOAD_DIR):
        return []
    return default_storage.listdir(imports.UPLOAD_DIR)[1]


def spoil(book):
    sheet = book["সেকশন ৩"]
    sheet.cell(row=section3_row(book, "1.1.1"), column=10, value="অনেক")  # a target that is no number
    sheet.cell(row=section3_row(book, "2.1.2"), column=5, value="যোগফল")  # an unknown method


def test_a_large_workbook_goes_through_a_job_and_ends_saved(client, agreement_a, carol, office_c):
    assert client.login(username="carol", password=PASSWORD)
    response = upload(client, twin_for(agreement_a, "office-c").getvalue())
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "reports:import_job", args=[job.pk]
    )
    # Stored privately under a name of its own until a worker takes it; nothing imported yet.
    assert (job.status, job.created_by, job.filename) == (ImportStatus.PENDING, carol, "apa.xlsx")
    assert stored_uploads() == [job.upload_name.rsplit("/", 1)[1]]
    assert not Agreement.objects.filter(office=office_c).exists()
    page = client.get(response["Location"]).content.decode()
    assert 'id="job-bar" max="100" value="0"' in page and "job-progress.js" in page

    status = client.get(reverse("reports:import_job_status", args=[job.pk])).json()  # no broker: runs it

    agreement = Agreement.objects.get(office=office_c)
    assert status["finished"] and status["status"] == ImportStatus.DONE and status["percent"] == 100
    assert status["total"] > 10 and status["done"] == status["total"]
    assert (agreement.status, agreement.version) == (AgreementStatus.DRAFT, 1)
    assert (
        Indicator.objects.filter(agreement=agreement).count()
        == Indicator.objects.filter(agreement=agreement_a).count()
    )
    assert AuditEntry.objects.get(action="agreement_import").actor == carol
    job.refresh_from_db()
    assert job.agreement == agreement and job.upload_name == "" and stored_uploads() == []
    page = client.get(reverse("reports:import_job", args=[job.pk])).content.decode()
    assert "চুক্তিটি নতুন খসড়া হিসেবে আমদানি হয়েছে।" in page
    assert reverse("agreements:detail", args=[agreement.pk]) in page
    # Found again from the reports page.
    reports_page = client.get(reverse("reports:index")).content.decode()
    assert reverse("reports:import_job", args=[job.pk]) in reports_page


def test_a_bad_workbook_ends_with_all_its_problems_listed_and_nothing_saved(client, agreement_a, carol):
    assert client.login(username="carol", password=PASSWORD)
    before = (Agreement.objects.count(), Indicator.objects.count(), AuditEntry.objects.count())
    book = load_workbook(twin_for(agreement_a, "office-c", spoil))
    rows = section3_row(book, "1.1.1"), section3_row(book, "2.1.2")
    upload(client, twin_for(agreement_a, "office-c", spoil).getvalue())
    job = ImportJob.objects.get()

    page = client.get(reverse("reports:import_job", args=[job.pk]) + "?advance=1").content.decode()

    job.refresh_from_db()
    assert job.status == ImportStatus.REJECTED and job.upload_name == "" and stored_uploads() == []
    assert [(p["sheet"], p["row"]) for p in job.problems] == [("সেকশন ৩", rows[0]), ("সেকশন ৩", rows[1])]
    # Every problem the import within a request reports, each on the page as that page shows it.
    with pytest.raises(ImportRejected) as rejected:
        import_agreement(file=twin_for(agreement_a, "office-c", spoil), actor=carol, filename="apa.xlsx")
    assert job.problems == [asdict(problem) for problem in rejected.value.problems]
    assert "কিছুই সংরক্ষিত হয়নি" in page
    for problem in rejected.value.problems:
        assert f'<td class="text-nowrap">{problem.where}</td><td>{problem.message}</td>' in page
    assert (Agreement.objects.count(), Indicator.objects.count(), AuditEntry.objects.count()) == before


def test_the_problems_are_written_in_the_uploaders_language(client, agreement_a, carol):
    assert client.login(username="carol", password=PASSWORD)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    upload(client, twin_for(agreement_a, "office-c", spoil).getvalue())
    job = ImportJob.objects.get()
    assert job.language == "en"
    imports.import_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == ImportStatus.REJECTED
    assert job.problems[0]["message"] == "“অনেক” in column “Target” is not a valid Number."


def test_the_row_counter_reports_rising_numbers_up_to_the_workbooks_rows(agreement_a, carol):
    heard = []
    import_agreement(
        file=twin_for(agreement_a, "office-c"),
        actor=carol,
        filename="a.xlsx",
        progress=lambda done, total: heard.append((done, total)),
    )
    total = heard[0][1]
    assert heard[0] == (0, total) and heard[-1] == (total, total) and total > 10
    assert all(t == total for _, t in heard)
    done = [d for d, _ in heard]
    assert done == sorted(done) and len(set(done)) > 10  # it moves, in many steps
    assert len(heard) <= STEPS + 2  # and is written a bounded number of times


def test_a_sheet_read_twice_counts_its_rows_once():
    book = Workbook()
    sheet = book.active
    sheet.title = "সেকশন ৩"
    for n in range(1, 11):
        sheet.append([n])
    heard = []
    counter = RowCounter(book, lambda done, total: heard.append(done))
    list(sheet.iter_rows(min_row=1, max_row=4))
    list(sheet.iter_rows(min_row=3, values_only=True))
    list(sheet.iter_rows(max_row=2))
    assert counter.done == 10 and heard == list(range(11))


def test_the_job_keeps_the_rows_read_on_its_row_and_renews_its_lease(carol, agreement_a, monkeypatch):
    job = imports.import_job_create(
        actor=carol,
        upload=SimpleUploadedFile("a.xlsx", twin_for(agreement_a, "office-c").getvalue()),
        language="bn",
    )
    seen = []

    def importing(*, file, actor, filename, progress):
        progress(3, 10)
        seen.append(ImportJob.objects.values_list("status", "done", "total", "leased_until").get(pk=job.pk))
        raise ImportRejected([ImportProblem("সেকশন ৩", 4, "ভুল")])

    monkeypatch.setattr(imports, "import_agreement", importing)
    imports.import_job_run(job_id=job.pk)
    ((status, done, total, leased_until),) = seen
    assert (status, done, total) == (ImportStatus.RUNNING, 3, 10)
    assert leased_until > timezone.now() + timedelta(seconds=60)
    job.refresh_from_db()
    assert job.status == ImportStatus.REJECTED and job.problems == [
        {"sheet": "সেকশন ৩", "row": 4, "message": "ভুল", "field": "", "column": ""}
    ]


def test_a_bomb_is_still_refused_at_once_in_bangla_never_stored_nor_parsed(client, carol, monkeypatch):
    def load_workbook(*args, **kwargs):
        raise AssertionError("openpyxl parsed a workbook that the limits should have refused")

    monkeypatch.setattr(import_saving, "load_workbook", load_workbook)
    assert client.login(username="carol", password=PASSWORD)
    response = upload(client, workbook_bytes(repeat=BOMB_CELLS), "bomb.xlsx")
    assert response.status_code == 422
    page = response.content.decode()
    assert "ফাইলটি খুললে ২৪ মেগাবাইট হয়, সীমা ২০ মেগাবাইট" in page and "কিছুই সংরক্ষিত হয়নি" in page
    assert not ImportJob.objects.exists() and stored_uploads() == []


def test_a_small_workbook_is_still_imported_within_its_request(
    client, agreement_a, carol, office_c, settings
):
    settings.IMPORT_BACKGROUND_BYTES = 200 * 1024  # the default: the portal's own workbook is far below it
    assert client.login(username="carol", password=PASSWORD)
    response = upload(client, twin_for(agreement_a, "office-c").getvalue())
    agreement = Agreement.objects.get(office=office_c)
    assert response["Location"] == reverse("agreements:detail", args=[agreement.pk])
    assert not ImportJob.objects.exists()


def test_the_job_is_its_uploaders_and_administrators_only(client, agreement_a, carol, alice, ada):
    job = imports.import_job_create(
        actor=carol,
        upload=SimpleUploadedFile("a.xlsx", twin_for(agreement_a, "office-c").getvalue()),
        language="bn",
    )
    urls = [reverse(f"reports:import_job{suffix}", args=[job.pk]) for suffix in ("", "_status")]
    client.force_login(alice)
    assert [client.get(url).status_code for url in urls] == [404, 404]
    assert client.post(reverse("reports:import_job_retry", args=[job.pk])).status_code == 404
    job.refresh_from_db()
    assert job.status == ImportStatus.PENDING  # looking (and failing to) ran nothing
    client.force_login(ada)
    assert client.get(urls[0]).status_code == 200


def kill_the_worker_mid_import(job: ImportJob, monkeypatch) -> None:
    """A worker takes the job and dies while reading; then time passes beyond its lease."""

    def dies(*, progress, **kwargs):
        progress(1, 10)
        raise WorkerKilled

    with monkeypatch.context() as patch:
        patch.setattr(imports, "import_agreement", dies)
        with pytest.raises(WorkerKilled):
            imports.import_job_run(job_id=job.pk)
    assert ImportJob.objects.get(pk=job.pk).status == ImportStatus.RUNNING
    ImportJob.objects.filter(pk=job.pk).update(leased_until=timezone.now() - timedelta(seconds=1))


def test_a_stale_running_job_is_swept_and_runs_again(carol, agreement_a, office_c, monkeypatch):
    job = imports.import_job_create(
        actor=carol,
        upload=SimpleUploadedFile("a.xlsx", twin_for(agreement_a, "office-c").getvalue()),
        language="bn",
    )
    kill_the_worker_mid_import(job, monkeypatch)

    job = imports.import_job_advance(job=job)  # a look at its progress sweeps it; no broker: runs it again

    assert (job.status, job.attempts) == (ImportStatus.DONE, 2)
    assert Agreement.objects.filter(office=office_c).count() == 1


def test_the_sweep_puts_a_lost_job_back_and_sends_it_again(
    carol, agreement_a, office_c, monkeypatch, settings, django_capture_on_commit_callbacks
):
    job = imports.import_job_create(
        actor=carol,
        upload=SimpleUploadedFile("a.xlsx", twin_for(agreement_a, "office-c").getvalue()),
        language="bn",
    )
    kill_the_worker_mid_import(job, monkeypatch)
    settings.CELERY_TASK_ALWAYS_EAGER = False
    sent = []
    monkeypatch.setattr(app, "send_task", lambda name, args: sent.append((name, args)))
    with django_capture_on_commit_callbacks(execute=True):
        assert imports.import_jobs_sweep() == [job.pk]
    job.refresh_from_db()
    assert (job.status, job.done, job.lease) == (ImportStatus.PENDING, 0, None)
    assert sent == [(imports.IMPORT_TASK, (job.pk,))] and imports.IMPORT_TASK in app.tasks
    imports.import_job_run(job_id=job.pk)  # the worker the task reaches
    assert ImportJob.objects.get(pk=job.pk).status == ImportStatus.DONE
    assert Agreement.objects.filter(office=office_c).count() == 1


def test_after_the_last_attempt_the_job_fails_and_its_retry_imports_it(
    client, carol, agreement_a, office_c, monkeypatch, settings
):
    settings.EXPORT_PART_MAX_ATTEMPTS = 1
    job = imports.import_job_create(
        actor=carol,
        upload=SimpleUploadedFile("a.xlsx", twin_for(agreement_a, "office-c").getvalue()),
        language="bn",
    )
    kill_the_worker_mid_import(job, monkeypatch)
    assert imports.import_jobs_sweep() == []
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED and job.finished_at and job.upload_name  # kept for the retry
    assert client.login(username="carol", password=PASSWORD)
    page = client.get(reverse("reports:import_job", args=[job.pk])).content.decode()
    assert "আমদানি শেষ করা যায়নি" in page and reverse("reports:import_job_retry", args=[job.pk]) in page

    response = client.post(reverse("reports:import_job_retry", args=[job.pk]))

    assert response["Location"] == reverse("reports:import_job", args=[job.pk])
    assert ImportJob.objects.get(pk=job.pk).status == ImportStatus.PENDING
    assert client.get(reverse("reports:import_job_status", args=[job.pk])).json()["status"] == "done"
    assert Agreement.objects.filter(office=office_c).count() == 1 and stored_uploads() == []


def test_a_job_delivered_twice_imports_once(carol, agreement_a, office_c):
    job = imports.import_job_create(
        actor=carol,
        upload=SimpleUploadedFile("a.xlsx", twin_for(agreement_a, "office-c").getvalue()),
        language="bn",
    )
    assert imports.import_job_run(job_id=job.pk).status == ImportStatus.DONE
    assert imports.import_job_run(job_id=job.pk) is None
    assert Agreement.objects.filter(office=office_c).count() == 1


def test_a_retry_of_a_job_that_has_not_failed_changes_nothing(client, carol, agreement_a):
    job = imports.import_job_create(
        actor=carol,
        upload=SimpleUploadedFile("a.xlsx", twin_for(agreement_a, "office-c").getvalue()),
        language="bn",
    )
    imports.import_job_run(job_id=job.pk)
    assert client.login(username="carol", password=PASSWORD)
    client.post(reverse("reports:import_job_retry", args=[job.pk]))
    assert ImportJob.objects.get(pk=job.pk).status == ImportStatus.DONE


def test_the_import_sweep_is_scheduled_on_beat(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["sweep-import-jobs"]
    assert entry == {"task": "reports.tasks.sweep_import_jobs", "schedule": settings.EXPORT_SWEEP_SECONDS}
    assert entry["task"] in app.tasks and tasks.sweep_import_jobs.name == entry["task"]


def test_pruning_deletes_the_kept_upload_of_an_old_failed_job_only(carol, agreement_a, monkeypatch):
    content = twin_for(agreement_a, "office-c").getvalue()
    jobs = [
        imports.import_job_create(actor=carol, upload=SimpleUploadedFile("a.xlsx", content), language="bn")
        for _ in range(3)
    ]
    long_ago, lately = timezone.now() - timedelta(days=40), timezone.now() - timedelta(days=2)
    ImportJob.objects.filter(pk__in=[jobs[0].pk, jobs[1].pk]).update(status=ImportStatus.FAILED)
    ImportJob.objects.filter(pk=jobs[0].pk).update(finished_at=long_ago)
    ImportJob.objects.filter(pk=jobs[1].pk).update(finished_at=lately)
    out = StringIO()
    call_command("prune_report_cache", days=30, stdout=out)
    assert "removed 1 file" in out.getvalue()
    kept = [ImportJob.objects.get(pk=job.pk).upload_name for job in jobs]
    assert kept == ["", jobs[1].upload_name, jobs[2].upload_name]  # a pending job's upload is never pruned
    assert sorted(stored_uploads()) == sorted(name.rsplit("/", 1)[1] for name in kept[1:])


def test_the_jobs_file_name_is_kept_without_directional_overrides(carol, agreement_a):
    content = twin_for(agreement_a, "office-c").getvalue()
    job = imports.import_job_create(
        actor=carol, upload=SimpleUploadedFile("apa\u202excod.xlsx", content), language="bn"
    )
    assert job.filename == "apaxcod.xlsx"
