"""The bulk export's office picker: offices as a tree (indented by depth), each as itself and, when it has
offices under it, as "… and every office under it"; a bounded list at national scale, searched on the page
without JavaScript and through a small JSON endpoint with it; the choice checked against the user's scope on
the server. The form defaults to the latest year with agreements and says in Bangla when no office is
chosen."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agreements.models import Agreement, OfficeLevel
from reports.models import ExportJob
from reports.selectors import INDENT, PICKER_LIMIT

from . import test_reports_support as support
from .conftest import PASSWORD
from .factories import AgreementFactory, FiscalYearFactory, OfficeFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("own_media_root")]
own_media_root = support.own_media_root

OUTSIDE_SCOPE = "এই অফিস আপনার আওতার বাইরে; এর প্রতিবেদন রপ্তানি করা যাবে না।"


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


@pytest.fixture
def region(supervisor_office, fiscal_year, agreement_a):
    """A divisional office under the DG with two district offices of its own; office A is the DG's, not the
    region's. Every office signs with the DG."""
    region = OfficeFactory(
        code="region-khulna",
        name_bn="বিভাগীয় কার্যালয়, খুলনা",
        level=OfficeLevel.DIVISIONAL,
        parent=supervisor_office,
        supervisor=supervisor_office,
    )
    for code in ("dc-jashore", "dc-satkhira"):
        office = OfficeFactory(code=code, parent=region, supervisor=supervisor_office)
        AgreementFactory(office=office, supervisor_office=supervisor_office, fiscal_year=fiscal_year)
    AgreementFactory(office=region, supervisor_office=supervisor_office, fiscal_year=fiscal_year)
    return region


def export(client, fiscal_year, office: str, **overrides):
    data = {
        "kind": "agreement",
        "format": "xlsx",
        "fiscal_year": fiscal_year.pk,
        "office": office,
        "quarter": "",
    }
    data.update(overrides)
    return client.post(reverse("reports:bulk_export"), data)


def exported_offices() -> list[str]:
    job = ExportJob.objects.get()
    return sorted(Agreement.objects.filter(pk__in=job.agreement_ids).values_list("office__code", flat=True))


def form_page(client, **query) -> str:
    response = client.get(reverse("reports:bulk_export"), query)
    assert response.status_code == 200
    return response.content.decode()


def picker_json(client, text: str) -> dict:
    response = client.get(reverse("reports:office_picker"), {"q": text})
    assert response.status_code == 200
    return response.json()


def test_all_offices_under_an_office_exports_exactly_its_subtree(client, rita, region, fiscal_year):
    response = export(login(client, rita), fiscal_year, "subtree:region-khulna")
    assert response.status_code == 302
    assert exported_offices() == ["dc-jashore", "dc-satkhira", "region-khulna"]  # not office A


def test_a_single_office_exports_only_that_office(client, rita, region, fiscal_year):
    assert export(login(client, rita), fiscal_year, "office:region-khulna").status_code == 302
    assert exported_offices() == ["region-khulna"]


def test_a_level_narrows_the_subtree(client, rita, region, fiscal_year):
    response = export(login(client, rita), fiscal_year, "subtree:dg", level=OfficeLevel.DISTRICT)
    assert response.status_code == 302
    assert exported_offices() == ["dc-jashore", "dc-satkhira", "office-a"]


@pytest.mark.parametrize(
    "office", ["subtree:other-dg", "office:other-dg", "subtree:ministry", "subtree:nowhere"]
)
def test_a_subtree_outside_the_users_scope_is_refused_in_bangla(
    client, rita, region, fiscal_year, other_supervisor_office, office
):
    response = export(login(client, rita), fiscal_year, office)
    assert response.status_code == 200 and OUTSIDE_SCOPE in response.content.decode()
    assert not ExportJob.objects.exists()


def test_without_an_office_the_form_says_so_in_bangla_not_in_the_browsers_bubble(client, rita, agreement_a):
    page = form_page(login(client, rita))
    assert "novalidate" in page and " required" not in page
    response = export(client, agreement_a.fiscal_year, "")
    assert "একটি অফিস, অথবা একটি অফিস ও এর অধীন সকল অফিস বেছে নিন।" in response.content.decode()
    assert not ExportJob.objects.exists()


def test_the_default_year_is_the_latest_with_agreements_in_the_users_scope(
    client, rita, agreement_a, other_supervisor_office
):
    FiscalYearFactory(start_year=2025)  # a later year without agreements
    outside = OfficeFactory(code="elsewhere", parent=other_supervisor_office)
    later = FiscalYearFactory(start_year=2024)  # agreements only outside rita's scope
    AgreementFactory(office=outside, supervisor_office=other_supervisor_office, fiscal_year=later)
    page = form_page(login(client, rita))
    assert f'<option value="{agreement_a.fiscal_year.pk}" selected>' in page


def test_the_picker_shows_the_tree_with_all_offices_under_each(client, rita, region):
    page = form_page(login(client, rita))
    # The DG (depth 1) and its offices (depth 2): each with its subtree when it has offices under it.
    assert f'<option value="subtree:dg">{INDENT}অধিদপ্তর ও এর অধীন সকল অফিস</option>' in page
    assert f'<option value="office:region-khulna">{INDENT * 2}বিভাগীয় কার্যালয়, খুলনা</option>' in page
    assert 'value="subtree:region-khulna"' in page
    assert 'value="office:office-a"' in page and 'value="subtree:office-a"' not in page  # a leaf office
    assert 'value="office:ministry"' not in page and "other-dg" not in page  # above or beside rita's scope


def test_in_english_the_picker_names_offices_in_english_where_they_have_a_name(
    client, rita, region, settings
):
    region.name_en = "Divisional Office, Khulna"
    region.save()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = form_page(login(client, rita))
    assert f'<option value="office:region-khulna">{INDENT * 2}Divisional Office, Khulna</option>' in page
    assert "বিভাগীয় কার্যালয়, খুলনা" not in page


def test_the_page_searches_the_picker_without_javascript(client, rita, region):
    page = form_page(login(client, rita), office_q="খুলনা")
    assert 'value="office:region-khulna"' in page and 'value="office:office-a"' not in page


def test_the_json_search_finds_offices_in_scope_only(client, rita, region, other_supervisor_office):
    answer = picker_json(login(client, rita), "অধিদপ্তর")
    assert [o["value"] for o in answer["options"]] == ["office:dg", "subtree:dg"] and answer["more"] is False
    assert picker_json(client, "other-dg")["options"] == []


@pytest.fixture
def many_offices(ministry):
    """Offices right under the ministry: within the two levels an administrator's picker starts with."""

    def add(count: int, start: int = 0) -> None:
        for n in range(start, start + count):
            OfficeFactory(code=f"dc-{n:03}", name_bn=f"জেলা অফিস {n:03}", parent=ministry)

    return add


def test_a_national_administrator_gets_a_bounded_picker_and_searches_the_rest(client, ada, many_offices):
    many_offices(PICKER_LIMIT + 20)
    page = form_page(login(client, ada))
    assert page.count('value="office:') == PICKER_LIMIT
    assert "অন্য অফিসের জন্য নাম বা কোড লিখে খুঁজুন।" in page
    answer = picker_json(client, "dc-119")
    assert [o["value"] for o in answer["options"]] == ["office:dc-119"] and answer["more"] is False
    assert picker_json(client, "জেলা অফিস")["more"] is True


def test_the_picker_costs_the_same_queries_for_few_and_many_offices(client, ada, many_offices):
    login(client, ada)

    def queries() -> tuple[int, int]:
        counts = []
        for url, query in (
            (reverse("reports:office_picker"), {"q": "dc"}),
            (reverse("reports:bulk_export"), {}),
        ):
            with CaptureQueriesContext(connection) as captured:
                assert client.get(url, query).status_code == 200
            counts.append(len(captured))
        return tuple(counts)

    many_offices(3)
    few = queries()
    many_offices(40, start=3)
    assert queries() == few


def test_an_office_found_by_search_stays_chosen_when_the_form_comes_back_with_an_error(
    client, rita, region, fiscal_year
):
    # dc-jashore is below the two levels the picker starts with: only a search shows it.
    assert 'value="office:dc-jashore"' not in form_page(login(client, rita))
    response = export(client, fiscal_year, "office:dc-jashore", kind="quarterly")
    page = response.content.decode()
    assert "ত্রৈমাসিক প্রতিবেদনের জন্য ত্রৈমাসিক বেছে নিন।" in page
    assert '<option value="office:dc-jashore" selected>' in page
