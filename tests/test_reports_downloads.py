"""Report downloads wherever a user looks for them: the agreement page (all four documents), the quarterly
entry page (that quarter's report), the self-assessment page, the Annex 4-8 page and the supervisor's lists,
all from one include (templates/reports/_downloads.html); every download is allowed to the agreement's readers
and a 404 to anyone outside its scope."""

from __future__ import annotations

import pytest
from django.urls import reverse

from indicators.models import QuarterlyReport, QuarterlyReportStatus

from . import test_reports_support as support
from .conftest import PASSWORD

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("own_media_root")]
own_media_root, plans_2024 = support.own_media_root, support.plans_2024
FORMATS = ("pdf", "xlsx")


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def links(agreement, kind, quarter=None) -> list[str]:
    query = f"?quarter={quarter}" if quarter else ""
    return [reverse("reports:download", args=[agreement.pk, kind, fmt]) + query for fmt in FORMATS]


def page_of(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_the_agreement_page_offers_all_four_documents(client, alice, agreement_a):
    page = page_of(login(client, alice), reverse("agreements:detail", args=[agreement_a.pk]))
    expected = links(agreement_a, "agreement") + links(agreement_a, "self-assessment")
    expected += links(agreement_a, "governance")
    expected += [link for quarter in (1, 2, 3, 4) for link in links(agreement_a, "quarterly", quarter)]
    for link in expected:
        assert f'href="{link}"' in page


def test_the_quarterly_entry_page_offers_that_quarters_report(
    client, alice, agreement_a, windows, today_in_q3
):
    page = page_of(login(client, alice), reverse("indicators:entry", args=[agreement_a.pk, 3]))
    for link in links(agreement_a, "quarterly", 3):
        assert f'href="{link}"' in page
    assert "?quarter=2" not in page and links(agreement_a, "agreement")[0] not in page


def test_the_self_assessment_page_offers_the_self_assessment(client, alice, agreement_a):
    page = page_of(login(client, alice), reverse("agreements:self_assessment", args=[agreement_a.pk]))
    for link in links(agreement_a, "self-assessment"):
        assert f'href="{link}"' in page


def test_the_annex_page_offers_the_plans_progress(client, alice, agreement_a):
    page = page_of(login(client, alice), reverse("governance:plans", args=[agreement_a.pk]))
    for link in links(agreement_a, "governance"):
        assert f'href="{link}"' in page


def test_the_supervisors_lists_offer_each_agreement_and_each_quarterly_report(
    client, rita, agreement_a, windows, today_in_q3
):
    QuarterlyReport.objects.create(agreement=agreement_a, quarter=2, status=QuarterlyReportStatus.SUBMITTED)
    login(client, rita)
    page = page_of(client, reverse("agreements:workspace"))
    for link in links(agreement_a, "agreement"):
        assert f'href="{link}"' in page
    # Every quarter whose window has opened is a row, with that quarter's documents; Q4 has not opened.
    page = page_of(client, reverse("agreements:workspace_reports"))
    for quarter in (1, 2, 3):
        for link in links(agreement_a, "quarterly", quarter):
            assert f'href="{link}"' in page
    assert "?quarter=4" not in page


@pytest.mark.parametrize(
    ("kind", "quarter"),
    [("agreement", None), ("quarterly", 2), ("self-assessment", None), ("governance", None)],
)
def test_every_download_is_allowed_to_readers_and_a_404_outside_the_scope(
    client, plans_2024, alice, rita, oscar, bob, kind, quarter
):
    url = links(plans_2024, kind, quarter)[1]  # a 2024-25 agreement with plans: every kind exists
    for reader in (alice, rita, oscar):
        response = login(client, reader).get(url)
        assert response.status_code == 200, reader
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert login(client, bob).get(url).status_code == 404
