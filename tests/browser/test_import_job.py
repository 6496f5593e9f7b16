"""A large Excel import in a real browser (Debian's chromium, headless): carol uploads an agreement's
workbook, gets the job page at once at 0%, watches its script poll the import to its end (no broker here:
each poll runs the pending import) and finds the link to the new draft, at phone width too. Screenshot in
/tmp/import-job.png."""

import pytest
from django.urls import reverse

from agreements.models import Agreement, Role
from reports.models import ImportJob, ImportStatus

from ..conftest import PASSWORD, persona
from ..factories import OfficeFactory
from ..test_reports_import import twin_for
from .conftest import log_in, sync_api
from .test_phone_layout import PHONE, sideways

expect = sync_api.expect


@pytest.mark.django_db(transaction=True)
def test_a_large_import_shows_its_progress_then_its_draft(
    browser, live_server, agreement_a, supervisor_office, settings, tmp_path
):
    office_c = OfficeFactory(
        code="office-c", name_bn="জেলা কার্যালয় গ", parent=supervisor_office, supervisor=supervisor_office
    )
    persona("carol", office_c, Role.FOCAL_POINT)
    settings.MEDIA_ROOT = tmp_path
    settings.IMPORT_BACKGROUND_BYTES = 1
    workbook = tmp_path / "apa.xlsx"
    workbook.write_bytes(twin_for(agreement_a, "office-c").getvalue())
    page = browser.new_page(viewport=PHONE)
    page.goto(live_server.url + reverse("reports:import"))
    log_in(page, "carol", PASSWORD)
    page.set_input_files("input[name=file]", str(workbook))
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="আমদানি করুন").click()
    assert 'id="job-bar" max="100" value="0"' in navigation.value.text()

    link = page.get_by_role("link", name="চুক্তিটি খুলুন")
    expect(link).to_be_visible(timeout=60_000)
    agreement = Agreement.objects.get(office=office_c)
    assert ImportJob.objects.get().status == ImportStatus.DONE
    expect(page.get_by_text("চুক্তিটি নতুন খসড়া হিসেবে আমদানি হয়েছে।")).to_be_visible()
    assert sideways(page) <= 1
    page.screenshot(path="/tmp/import-job.png", full_page=True)
    link.click()
    expect(page).to_have_url(live_server.url + reverse("agreements:detail", args=[agreement.pk]))
