"""The supervisor's bulk export in a real browser (Debian's chromium, headless), on the seeded data:
dg.reviewer opens the reports page, asks for every district office's agreement under the ICT Directorate as
PDFs, gets the job page at once at 0%, watches it reach 100% and downloads the ZIP. Screenshots go to
/tmp/bulk-*.png."""

import zipfile

import pytest
from django.urls import reverse

from reports.models import ExportJob, ExportStatus

from .conftest import log_in, sync_api

expect = sync_api.expect


@pytest.mark.django_db(transaction=True)
def test_a_supervisor_exports_all_district_agreements_and_downloads_the_zip(
    browser, live_server, seeded, tmp_path
):
    page = browser.new_page(accept_downloads=True)
    page.goto(live_server.url + reverse("reports:index"))
    log_in(page, "dg.reviewer")
    expect(page.get_by_role("heading", name="প্রতিবেদন: পিডিএফ ও এক্সেল")).to_be_visible()
    page.screenshot(path="/tmp/bulk-1-reports.png", full_page=True)

    page.get_by_role("link", name="একসাথে অনেক অফিসের প্রতিবেদন").click()
    page.get_by_label("প্রতিবেদনের ধরন").select_option("agreement")
    page.get_by_label("ফরম্যাট").select_option("pdf")
    page.get_by_label("অর্থবছর").select_option(label="২০২৩-২৪")
    page.get_by_label("যে অফিসের অধীন সকল অফিস").select_option(label="তথ্য ও যোগাযোগ প্রযুক্তি অধিদপ্তর")
    page.get_by_label("অফিসের স্তর").select_option("district")
    page.screenshot(path="/tmp/bulk-2-form.png", full_page=True)
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="রপ্তানি শুরু করুন").click()
    # The page comes back at once, before anything is rendered; its polls then run the job (no broker here).
    assert 'id="export-bar" max="100" value="0"' in navigation.value.text()
    expect(page.locator("#export-percent")).to_have_text("১০০%", timeout=60_000)
    expect(page.get_by_role("link", name="জিপ ফাইল নামান")).to_be_visible()
    job = ExportJob.objects.get()
    assert job.status == ExportStatus.DONE and job.total == 1 and not job.failures
    page.screenshot(path="/tmp/bulk-3-job.png", full_page=True)
    with page.expect_download() as download:
        page.get_by_role("link", name="জিপ ফাইল নামান").click()
    path = tmp_path / "export.zip"
    download.value.save_as(path)
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        assert names == ["ict-dc-khulna_2023-24_agreement.pdf"]
        assert archive.read(names[0]).startswith(b"%PDF-")
