"""Office search on the national lists (the reports page, the home page, the supervisor's workspace): one
selector (`agreements.selectors.office_search_q`) finds an office by its Bangla name, English name or code,
whatever Unicode form the Bangla was typed in, only within the user's scope, in a number of queries that does
not grow with the number of offices."""

from __future__ import annotations

import unicodedata

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agreements.models import Office
from agreements.selectors import office_search_q

from .conftest import PASSWORD, build_agreement
from .factories import AgreementFactory, OfficeFactory

pytestmark = pytest.mark.django_db

JASHORE = "জেলা কার্যালয়, যশোর"  # "যশোর" holds ো, one code point in NFC and two in NFD


@pytest.fixture
def jashore(supervisor_office, fiscal_year):
    office = OfficeFactory(
        code="dc-jashore",
        name_bn=JASHORE,
        name_en="District Office, Jashore",
        parent=supervisor_office,
        supervisor=supervisor_office,
    )
    return build_agreement(office, supervisor_office, fiscal_year)


@pytest.fixture
def jashore_elsewhere(other_supervisor_office, fiscal_year):
    """An office of the same name under another supervisor office: outside rita's and alice's scope."""
    office = OfficeFactory(
        code="other-jashore",
        name_bn="যশোর সার্কিট হাউস",
        name_en="Circuit House, Jashore",
        parent=other_supervisor_office,
        supervisor=other_supervisor_office,
    )
    return AgreementFactory(office=office, supervisor_office=other_supervisor_office, fiscal_year=fiscal_year)


def found(text: str) -> list[str]:
    return sorted(Office.objects.filter(office_search_q(text)).values_list("code", flat=True))


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def listed(client, name: str, **query) -> str:
    response = client.get(reverse(name), query)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize(
    "text",
    ["যশোর", "জেলা কার্যালয়, যশোর", "jashore", "JASHORE", "District Office, Jash", "dc-jash", "DC-JASHORE"],
)
def test_it_finds_an_office_by_bangla_name_english_name_or_code_ignoring_case(jashore, text):
    assert "dc-jashore" in found(text)


def test_bangla_typed_in_nfd_finds_the_name_stored_in_nfc(jashore):
    typed = unicodedata.normalize("NFD", "যশোর")
    assert typed != "যশোর"  # the test means something only if the two forms differ
    assert found(typed) == ["dc-jashore"]


def test_a_name_saved_in_nfd_is_stored_in_nfc_and_found_either_way(supervisor_office):
    OfficeFactory(code="dc-bogura", name_bn=unicodedata.normalize("NFD", "বোগুড়া"), parent=supervisor_office)
    stored = Office.objects.get(code="dc-bogura").name_bn
    assert stored == unicodedata.normalize("NFC", "বোগুড়া")
    assert found("বোগুড়া") == found(unicodedata.normalize("NFD", "বোগু")) == ["dc-bogura"]


def test_blank_text_matches_every_office_and_nonsense_none(jashore):
    assert found("  ") == sorted(Office.objects.values_list("code", flat=True))
    assert found("রংপুর") == []


def test_the_reports_page_finds_an_office_only_within_the_users_scope(
    client, rita, jashore, jashore_elsewhere
):
    page = listed(login(client, rita), "reports:index", q="যশোর")
    assert JASHORE in page and "যশোর সার্কিট হাউস" not in page
    page = listed(client, "reports:index", q="Jashore")
    assert JASHORE in page and "যশোর সার্কিট হাউস" not in page
    page = listed(client, "reports:index", q=unicodedata.normalize("NFD", "যশোর"))
    assert JASHORE in page
    assert JASHORE not in listed(client, "reports:index", q="রংপুর")


def test_an_office_outside_scope_is_never_found_even_by_its_code(client, alice, jashore, jashore_elsewhere):
    page = listed(login(client, alice), "reports:index", q="other-jashore")
    assert "যশোর সার্কিট হাউস" not in page
    assert "এই নাম বা কোডের কোনো অফিসের চুক্তি পাওয়া যায়নি।" in page
    assert JASHORE not in listed(client, "agreements:home", q="dc-jashore")  # office B's, not alice's


def test_the_home_page_searches_the_users_agreements(client, oscar, agreement_a, jashore, jashore_elsewhere):
    page = listed(login(client, oscar), "agreements:home", q="jashore")
    # The observer over the ministry sees both offices; office A's agreement is not among the matches.
    assert JASHORE in page and "যশোর সার্কিট হাউস" in page and "জেলা কার্যালয় ক" not in page
    assert 'name="q"' in page and 'value="jashore"' in page


def test_the_supervisors_workspace_searches_by_english_name(client, rita, agreement_a, jashore):
    page = listed(login(client, rita), "agreements:workspace", q="district office, jash")
    assert JASHORE in page and "জেলা কার্যালয় ক" not in page


def test_the_search_is_kept_on_the_next_page(client, ada, supervisor_office, fiscal_year):
    for n in range(26):
        office = OfficeFactory(code=f"dc-{n}", name_en=f"District {n}", parent=supervisor_office)
        AgreementFactory(office=office, supervisor_office=supervisor_office, fiscal_year=fiscal_year)
    page = listed(login(client, ada), "reports:index", q="District")
    assert "?q=District&amp;page=2" in page


def queries_of(client, name: str, **query) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse(name), query).status_code == 200
    return len(captured)


def test_the_search_costs_the_same_queries_for_few_and_many_offices(
    client, ada, supervisor_office, fiscal_year
):
    login(client, ada)

    def add_offices(count: int, start: int) -> None:
        for n in range(start, start + count):
            office = OfficeFactory(code=f"dc-{n}", name_en=f"District {n}", parent=supervisor_office)
            AgreementFactory(office=office, supervisor_office=supervisor_office, fiscal_year=fiscal_year)

    add_offices(3, 0)
    few = (
        queries_of(client, "reports:index", q="District"),
        queries_of(client, "agreements:home", q="District"),
    )
    add_offices(20, 3)
    many = (
        queries_of(client, "reports:index", q="District"),
        queries_of(client, "agreements:home", q="District"),
    )
    assert few == many
