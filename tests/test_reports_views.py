"""The reports page and the downloads: every reader of an agreement may download its documents, anyone
outside its scope gets a 404 (STYLE.md §3); Excel downloads keep these tests fast (one PDF is enough)."""

from __future__ import annotations

from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from . import test_reports_support as support
from .conftest import PASSWORD, build_agreement

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("own_media_root")]
own_media_root = support.own_media_root  # an empty render cache for every test here


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def download_url(agreement, kind="agreement", fmt="xlsx"):
    return reverse("reports:download", args=[agreement.pk, kind, fmt])


@pytest.mark.parametrize("persona", ["alice", "henry", "rita", "sam", "oscar", "ada"])
def test_it_lets_every_reader_of_the_agreement_download_its_excel_twin(client, agreement_a, persona, request):
    response = login(client, request.getfixturevalue(persona)).get(download_url(agreement_a))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    today = timezone.localdate()
    assert (
        f'filename="APA-agreement-{agreement_a.fiscal_year.label}-office-a-{today:%Y-%m-%d}.xlsx"'
        in response["Content-Disposition"]
    )
    book = load_workbook(BytesIO(response.content))
    assert "সেকশন ৩" in book.sheetnames


def test_it_answers_404_to_an_office_outside_the_scope(client, agreement_a, bob):
    assert login(client, bob).get(download_url(agreement_a)).status_code == 404
    assert client.get(download_url(agreement_a, "agreement", "pdf")).status_code == 404


def test_it_sends_anonymous_users_to_the_login_page(client, agreement_a):
    response = client.get(download_url(agreement_a))
    assert response.status_code == 302 and reverse("login") in response["Location"]


@pytest.mark.parametrize(
    "kind, fmt, query",
    [
        ("nonsense", "pdf", ""),
        ("agreement", "docx", ""),
        ("quarterly", "xlsx", ""),
        ("quarterly", "xlsx", "?quarter=5"),
    ],
)
def test_it_answers_404_to_unknown_kinds_formats_and_quarters(client, agreement_a, alice, kind, fmt, query):
    assert login(client, alice).get(download_url(agreement_a, kind, fmt) + query).status_code == 404


def test_it_renders_the_quarterly_report_for_a_quarter(client, agreement_a, alice):
    response = login(client, alice).get(download_url(agreement_a, "quarterly", "xlsx") + "?quarter=2")
    assert response.status_code == 200
    assert load_workbook(BytesIO(response.content)).sheetnames[0] == "২য় ত্রৈমাসিক"


def test_it_explains_in_bangla_when_an_agreement_has_no_governance_plan(client, agreement_a, alice):
    # A page that says why and leads back to the agreement, not an error page (issue 14).
    response = login(client, alice).get(download_url(agreement_a, "governance", "xlsx"))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert "এই প্রতিবেদন এখনো নেই" in html and "কোনো সুশাসন কর্মপরিকল্পনা নেই" in html
    assert reverse("agreements:detail", args=[agreement_a.pk]) in html


def test_it_serves_the_agreement_as_a_pdf(client, agreement_a, alice):
    response = login(client, alice).get(download_url(agreement_a, "agreement", "pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")


def test_it_reuses_the_cached_render_while_the_data_is_unchanged(agreement_a):
    from reports.services import render_report

    first = render_report(kind="agreement", agreement=agreement_a, fmt="xlsx")
    again = render_report(kind="agreement", agreement=agreement_a, fmt="xlsx")
    assert (first.reused, again.reused) == (False, True)
    assert again.content == first.content
    agreement_a.vision = "নতুন রূপকল্প"
    agreement_a.save()
    changed = render_report(kind="agreement", agreement=agreement_a, fmt="xlsx")
    assert changed.reused is False


def test_the_reports_page_lists_only_visible_agreements_in_few_queries(
    client, alice, agreement_a, agreement_b, office_a, supervisor_office, django_assert_max_num_queries
):
    from .factories import FiscalYearFactory

    for start in (2020, 2021, 2022):  # more agreements of office A must not mean more queries
        build_agreement(office_a, supervisor_office, FiscalYearFactory(start_year=start))
    login(client, alice)
    # 9 (the user's recent exports and imports among them), and three for the navigation's count of what
    # waits (agreements, their windows, their reports).
    with django_assert_max_num_queries(12):
        response = client.get(reverse("reports:index"))
    assert response.status_code == 200
    page = response.content.decode()
    assert download_url(agreement_a) in page
    assert download_url(agreement_b) not in page
    assert page.count("?quarter=") == 4 * 2 * 4  # four quarters, PDF and Excel, four agreements


def test_the_reports_page_filters_by_fiscal_year(client, alice, agreement_a):
    from .factories import FiscalYearFactory

    FiscalYearFactory(start_year=2019)
    response = login(client, alice).get(reverse("reports:index"), {"year": "2019-20"})
    assert download_url(agreement_a) not in response.content.decode()
    response = client.get(reverse("reports:index"), {"year": agreement_a.fiscal_year.label})
    assert download_url(agreement_a) in response.content.decode()


def test_the_export_report_command_writes_the_file(agreement_a, tmp_path):
    from django.core.management import call_command

    output = tmp_path / "out" / "agreement.xlsx"
    call_command(
        "export_report",
        kind="agreement",
        office="office-a",
        year=agreement_a.fiscal_year.label,
        fmt="xlsx",
        output=str(output),
    )
    assert "সেকশন ৩" in load_workbook(output).sheetnames


def test_the_export_report_command_fails_clearly_for_an_unknown_office(agreement_a, tmp_path):
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="no current agreement"):
        call_command(
            "export_report",
            kind="agreement",
            office="nowhere",
            year=agreement_a.fiscal_year.label,
            fmt="xlsx",
            output=str(tmp_path / "x.xlsx"),
        )
    with pytest.raises(CommandError, match="--quarter"):
        call_command(
            "export_report",
            kind="quarterly",
            office="office-a",
            year=agreement_a.fiscal_year.label,
            fmt="xlsx",
            output=str(tmp_path / "x.xlsx"),
        )


def test_prune_report_cache_removes_only_old_renders(agreement_a, settings):
    import os
    import time
    from io import StringIO

    from django.core.files.storage import default_storage
    from django.core.management import call_command

    from reports.services import render_report

    old = render_report(kind="agreement", agreement=agreement_a, fmt="xlsx")
    agreement_a.vision = "অন্য রূপকল্প"
    agreement_a.save()
    fresh = render_report(kind="agreement", agreement=agreement_a, fmt="xlsx")
    long_ago = time.time() - 40 * 24 * 3600
    os.utime(default_storage.path(old.path), (long_ago, long_ago))
    out = StringIO()
    call_command("prune_report_cache", days=30, stdout=out)
    assert "removed 1 file" in out.getvalue()
    assert not default_storage.exists(old.path) and default_storage.exists(fresh.path)
