"""No link leads to an error page (issue 14): quarterly reports are offered only for an agreement in force,
and a report with nothing to show yet is a page that says why, leading back to the agreement."""

import pytest
from django.conf import settings
from django.urls import reverse

from agreements.models import AgreementStatus

from .conftest import build_agreement
from .factories import AgreementFactory

pytestmark = pytest.mark.django_db


def page(client, user, url) -> str:
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "bn"
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def quarterly_links(html: str) -> int:
    return html.count("/quarterly.pdf?quarter=")


@pytest.mark.parametrize("status", [AgreementStatus.DRAFT, AgreementStatus.SUBMITTED, AgreementStatus.SIGNED])
def test_an_agreement_not_yet_in_force_offers_no_quarterly_report(
    client, alice, office_a, supervisor_office, fiscal_year, status
):
    agreement = build_agreement(office_a, supervisor_office, fiscal_year, status=status)
    html = page(client, alice, reverse("agreements:detail", args=[agreement.pk]))
    assert quarterly_links(html) == 0
    assert "/agreement.pdf" in html  # the agreement itself can still be downloaded
    assert quarterly_links(page(client, alice, reverse("reports:index"))) == 0


def test_an_agreement_in_force_offers_its_four_quarterly_reports(client, alice, agreement_a):
    assert quarterly_links(page(client, alice, reverse("agreements:detail", args=[agreement_a.pk]))) == 4


def test_an_older_version_offers_no_quarterly_report(client, alice, agreement_a):
    agreement_a.is_current = False
    agreement_a.save()
    assert quarterly_links(page(client, alice, reverse("agreements:detail", args=[agreement_a.pk]))) == 0


def test_a_self_assessment_with_nothing_to_assess_is_explained_not_an_error(
    client, alice, office_a, supervisor_office, fiscal_year
):
    empty = AgreementFactory(
        office=office_a,
        supervisor_office=supervisor_office,
        fiscal_year=fiscal_year,
        status=AgreementStatus.ACTIVE,
    )
    html = page(client, alice, reverse("reports:download", args=[empty.pk, "self-assessment", "pdf"]))
    assert "এই প্রতিবেদন এখনো নেই" in html
    assert "স্ব-মূল্যায়নের জন্য কোনো সূচক বা কর্মপরিকল্পনা নেই" in html
    assert reverse("agreements:detail", args=[empty.pk]) in html


def test_outsiders_still_get_404_for_a_report_that_does_not_exist_yet(client, bob, agreement_a):
    client.force_login(bob)
    assert (
        client.get(reverse("reports:download", args=[agreement_a.pk, "governance", "pdf"])).status_code == 404
    )
