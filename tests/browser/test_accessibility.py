"""axe-core (bundled by the PyPI package axe-playwright-python) on the main pages of every persona, in Bangla
on a desktop: no violation whose impact is serious or critical (WCAG 2.1 AA: contrast, labels, headings,
landmarks, names of links and buttons). Lesser findings are printed, not failed. One test walks every page,
so that the seeds load and the browser starts once."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse

from agreements.models import User
from indicators.services import quarterly_report_submit

from .conftest import log_in
from .test_phone_layout import agreements, pages_of  # noqa: F401 (the fixture is used by name)

DESKTOP = {"width": 1366, "height": 768}
# The WCAG 2.0/2.1 A and AA rules and axe's best practices (landmarks, one main heading, skip link target).
RULES = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]}}
BLOCKING = {"serious", "critical"}


def findings(page) -> list[dict]:
    """axe's violations on the page as it is now, each with the selectors of the elements it names."""
    results = Axe().run(page, options=RULES)
    return [
        {
            "rule": violation["id"],
            "impact": violation["impact"],
            "help": violation["help"],
            "nodes": [" ".join(map(str, node["target"])) for node in violation["nodes"]][:5],
        }
        for violation in results.response["violations"]
    ]


@pytest.mark.django_db(transaction=True)
def test_the_main_pages_of_every_persona_have_no_serious_accessibility_violation(
    browser,
    live_server,
    agreements,  # noqa: F811
):
    khulna, plans = agreements
    # A submitted quarterly report, so that the reviewer's review page has something to show.
    quarterly_report_submit(agreement=khulna, quarter=3, actor=User.objects.get(username="khulna.focal"))
    pages = pages_of(khulna, plans)
    agreement_page = reverse("agreements:detail", args=[khulna.pk])
    pages["dg.reviewer"] = [
        *pages["dg.reviewer"],
        reverse("agreements:report_review", args=[khulna.pk, 3]),
        reverse("reports:bulk_export"),
    ]

    blocking, lesser = {}, {}
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.goto(live_server.url + reverse("login"))
    for finding in findings(page):
        (blocking if finding["impact"] in BLOCKING else lesser).setdefault("login", []).append(finding)
    context.close()

    for username, paths in pages.items():
        context = browser.new_context(viewport=DESKTOP)
        page = context.new_page()
        page.goto(live_server.url + reverse("login"))
        log_in(page, username)
        for path in paths:
            response = page.goto(live_server.url + path)
            assert response.ok, (username, path, response.status)
            for finding in findings(page):
                target = blocking if finding["impact"] in BLOCKING else lesser
                target.setdefault(f"{username} {path}", []).append(finding)
            if path == agreement_page:
                # Section 1's numbered lists count in Bangla digits, as the rest of the Bangla page.
                markers = page.locator("main ol:not(.breadcrumb)").evaluate_all(
                    "lists => lists.map(list => getComputedStyle(list).listStyleType)"
                )
                assert markers and set(markers) == {"bengali"}, markers
        context.close()

    for where, items in [*lesser.items(), *blocking.items()]:
        for finding in items:
            print(f"{where}: {finding['impact']} {finding['rule']}: {finding['help']} {finding['nodes']}")
    assert [
        f"{where}: {finding['impact']} {finding['rule']} {finding['nodes']}"
        for where, items in blocking.items()
        for finding in items
    ] == [], "serious or critical accessibility violations"
