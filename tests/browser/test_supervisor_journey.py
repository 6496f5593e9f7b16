"""The Director General's office reviews a district office's draft in a real browser (Debian's chromium,
headless), on the seeded data: dg.reviewer returns the Mymensingh 2022-23 draft with a comment on indicator
[২.১.১]; mymensingh.focal finds the comment on that indicator, raises its target and resubmits; dg.reviewer
sees on the versions page exactly what changed since the return and approves; mymensingh.head signs; dg.head
counter-signs; the agreement is locked and its history lists every step. Screenshots go to
/tmp/supervisor-*.png."""

import pytest
from django.urls import reverse

from agreements.models import Agreement, AgreementStatus, AuditEntry
from indicators.models import Indicator

from .conftest import log_in, sync_api

expect = sync_api.expect


COMMENT = "লক্ষ্যমাত্রা গত বছরের অর্জনের (৭২) তুলনায় যথেষ্ট নয়; অসাধারণ কলাম বাড়ান।"


def open_as(browser, live_server, username, path):
    """A fresh browser session for `username`, on `path` (through the login page)."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.on("dialog", lambda dialog: dialog.accept())
    page.goto(live_server.url + path)
    log_in(page, username)
    return page


@pytest.mark.django_db(transaction=True)
def test_dg_office_returns_approves_and_countersigns_the_mymensingh_draft(browser, live_server, seeded):
    agreement = Agreement.objects.get(office__code="ict-dc-mymensingh", fiscal_year__start_year=2022)
    assert agreement.status == AgreementStatus.SUBMITTED
    indicator = Indicator.objects.get(agreement=agreement, area_kind="office", code="২.১.১")
    detail = reverse("agreements:detail", args=[agreement.pk])
    status = "#agreement-status"

    # dg.reviewer finds the draft in the workspace and returns it with a comment on [২.১.১].
    page = open_as(browser, live_server, "dg.reviewer", reverse("agreements:workspace"))
    expect(page.locator("#agreements")).to_contain_text("ময়মনসিংহ")
    page.locator("#agreements a", has_text="ময়মনসিংহ").first.click()
    expect(page.locator(status)).to_have_text("দাখিলকৃত")
    notes = page.locator(f"#notes-indicator-{indicator.pk}")
    notes.locator("summary").click()
    notes.locator("textarea").fill(COMMENT)
    page.fill("#return-reason-input", "সূচক [২.১.১]-এর লক্ষ্যমাত্রা সংশোধন প্রয়োজন।")
    page.screenshot(path="/tmp/supervisor-1-review.png", full_page=False)
    with page.expect_navigation():
        page.get_by_role("button", name="মন্তব্যসহ ফেরত পাঠান").click()
    expect(page.locator(status)).to_have_text("ফেরতকৃত")
    page.context.close()

    # mymensingh.focal sees the reason and the comment on that very indicator, fixes it and resubmits.
    page = open_as(browser, live_server, "mymensingh.focal", detail)
    expect(page.locator("#return-reason")).to_contain_text("সংশোধন প্রয়োজন")
    expect(page.locator(f"#notes-indicator-{indicator.pk} .review-comment")).to_contain_text(COMMENT)
    page.locator(f"#notes-indicator-{indicator.pk}").scroll_into_view_if_needed()
    page.screenshot(path="/tmp/supervisor-2-office-sees-comment.png", full_page=False)
    page.locator(f"#indicator-{indicator.pk}").get_by_role("link", name="সম্পাদনা").click()
    target = page.locator("#id_target_0")
    expect(target).to_have_value("৮০")
    target.fill("৯০")
    page.screenshot(path="/tmp/supervisor-3-edit-indicator.png", full_page=True)
    with page.expect_navigation():
        page.get_by_role("button", name="সংরক্ষণ করুন").click()
    expect(page.locator(f"#indicator-{indicator.pk}")).to_contain_text("৯০")
    with page.expect_navigation():
        page.get_by_role("button", name="সংশোধন করে পুনরায় দাখিল করুন").click()
    expect(page.locator(status)).to_have_text("দাখিলকৃত")
    page.context.close()

    # dg.reviewer sees what the office changed since the return, then approves.
    page = open_as(browser, live_server, "dg.reviewer", detail)
    with page.expect_navigation():
        page.get_by_role("link", name="সংস্করণের পার্থক্য").click()
    changed = page.locator("#diff tbody tr")
    expect(changed).to_have_count(1)
    expect(changed).to_contain_text("[২.১.১]")
    expect(changed.locator("td.old")).to_contain_text("৮০")
    expect(changed.locator("td.new")).to_contain_text("৯০")
    expect(page.locator("#diff thead")).to_contain_text("ফেরতের সময়")
    page.screenshot(path="/tmp/supervisor-3b-what-changed.png", full_page=False)
    page.goto(live_server.url + detail)
    with page.expect_navigation():
        page.get_by_role("button", name="অনুমোদন করুন").click()
    expect(page.locator(status)).to_have_text("অনুমোদিত")
    page.context.close()

    # mymensingh.head signs.
    page = open_as(browser, live_server, "mymensingh.head", detail)
    with page.expect_navigation():
        page.get_by_role("button", name="স্বাক্ষর করুন").click()
    expect(page.locator(status)).to_have_text("অফিস প্রধান কর্তৃক স্বাক্ষরিত")
    page.context.close()

    # dg.head counter-signs: the agreement is active and locked.
    page = open_as(browser, live_server, "dg.head", detail)
    with page.expect_navigation():
        page.get_by_role("button", name="প্রতিস্বাক্ষর করুন").click()
    expect(page.locator(status)).to_have_text("কার্যকর")
    expect(page.locator("#locked-badge")).to_be_visible()
    page.screenshot(path="/tmp/supervisor-4-active.png", full_page=False)
    page.context.close()

    page = open_as(browser, live_server, "mymensingh.focal", detail)
    expect(page.locator(status)).to_have_text("কার্যকর")
    expect(page.locator(f"#indicator-{indicator.pk}").get_by_role("link", name="সম্পাদনা")).to_have_count(0)
    response = page.goto(
        live_server.url + reverse("agreements:item_edit", args=[agreement.pk, "indicator", indicator.pk])
    )
    expect(page.locator(".alert-danger")).to_contain_text("কেবল খসড়া বা ফেরতকৃত চুক্তি সম্পাদনা করা যায়")
    assert response.ok

    page.goto(live_server.url + reverse("agreements:history", args=[agreement.pk]))
    history = page.locator("#history")
    for step in ("ফেরত", "অংশ পরিবর্তন", "পুনরায় দাখিল", "অনুমোদন", "অফিস প্রধানের স্বাক্ষর", "প্রতিস্বাক্ষর"):
        expect(history).to_contain_text(step)
    page.screenshot(path="/tmp/supervisor-5-history.png", full_page=True)
    page.context.close()

    agreement.refresh_from_db()
    indicator.refresh_from_db()
    assert agreement.status == AgreementStatus.ACTIVE
    assert indicator.targets[0] == "90"
    assert list(
        AuditEntry.objects.filter(agreement=agreement, object_type="agreements.agreement")
        .order_by("at", "id")
        .values_list("action", flat=True)
    )[-5:] == [
        "agreement_return",
        "agreement_resubmit",
        "agreement_approve",
        "agreement_sign",
        "agreement_countersign",
    ]
