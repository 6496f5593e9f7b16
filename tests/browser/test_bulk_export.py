"""The supervisor's bulk export in a real browser (Debian's chromium, headless), on the seeded data:
dg.reviewer opens the reports page, finds the ICT Directorate in the office picker by typing, asks for every
district office's agreement under it as PDFs, gets the job page at once at 0%, watches it reach 100% and
downloads the ZIP, named by kind, year, scope and date. Screenshots go to /tmp/bulk-*.png."""

import zipfile

import pytest
from django.urls import reverse
from django.utils import timezone

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
    picker = page.get_by_label("অফিস", exact=True)
    # Typing filters the picker at once, then the server's search replaces its options (office-picker.js).
    page.get_by_label("অফিস খুঁজুন (বাংলা বা ইংরেজি নাম, অথবা কোড)").fill("খুলনা")
    expect(picker.locator("option[value='office:ict-dc-khulna']")).to_have_count(1)
    expect(picker.locator("option[value='office:ict-dc-mymensingh']")).to_have_count(0)
    page.get_by_label("অফিস খুঁজুন (বাংলা বা ইংরেজি নাম, অথবা কোড)").fill("প্রযুক্তি অধিদপ্তর")
    expect(picker.locator("option[value='subtree:ict-dg']")).to_have_count(1)
    picker.select_option("subtree:ict-dg")
    page.get_by_label("অফিসের স্তর").select_option("district")
    page.screenshot(path="/tmp/bulk-2-form.png", full_page=True)
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="রপ্তানি শুরু করুন").click()
    # The page comes back at once, before anything is rendered; its polls then run the job (no broker here).
    assert 'id="job-bar" max="100" value="0"' in navigation.value.text()
    expect(page.locator("#job-percent")).to_have_text("১০০%", timeout=60_000)
    expect(page.get_by_role("link", name="জিপ ফাইল নামান")).to_be_visible()
    job = ExportJob.objects.get()
    assert job.status == ExportStatus.DONE and job.total == 1 and not job.failures
    page.screenshot(path="/tmp/bulk-3-job.png", full_page=True)
    with page.expect_download() as download:
        page.get_by_role("link", name="জিপ ফাইল নামান").click()
    day = timezone.localdate()
    assert (
        download.value.suggested_filename
        == f"APA-agreement-2023-24-ict-dg-subtree-district-{day:%Y-%m-%d}.zip"
    )
    path = tmp_path / "export.zip"
    download.value.save_as(path)
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        assert names == ["ict-dc-khulna_2023-24_agreement.pdf"]
        assert archive.read(names[0]).startswith(b"%PDF-")
