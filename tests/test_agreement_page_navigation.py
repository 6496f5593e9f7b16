"""The agreement page's table of contents (an anchor per section) and its action bar held in view: only the
actions of the user's turn (submit, return and approve, sign, counter-sign), and for the reviewer the count
of comments drafted but not yet sent."""

import re

import pytest
from django.urls import reverse

from agreements.models import AgreementStatus

from .conftest import build_agreement

pytestmark = pytest.mark.django_db
SECTIONS = ("overview", "section1", "section2", "section3", "signatures", "annex1", "annex2", "annex3")


def page_of(client, user, agreement):
    client.force_login(user)
    response = client.get(reverse("agreements:detail", args=[agreement.pk]))
    assert response.status_code == 200
    return response.content.decode()


def bar_of(html: str) -> str:
    start = html.index('<div class="action-bar')
    return html[start : html.index('id="toc"', start)]


@pytest.fixture
def agreement(office_a, supervisor_office, fiscal_year):
    return lambda status: build_agreement(office_a, supervisor_office, fiscal_year, status=status)


def test_the_table_of_contents_leads_to_every_section_of_the_page(client, oscar, agreement):
    html = page_of(client, oscar, agreement(AgreementStatus.ACTIVE))
    toc = html[html.index('id="toc"') : html.index("</nav>", html.index('id="toc"'))]
    assert re.findall(r'href="#([a-z0-9]+)"', toc) == list(SECTIONS)
    for section in SECTIONS:
        assert f'id="{section}"' in html
    assert 'id="action-bar"' not in html  # nothing for an observer to do


@pytest.mark.parametrize(
    ("persona", "status", "buttons"),
    [
        ("alice", AgreementStatus.DRAFT, ["দাখিল করুন"]),
        ("rita", AgreementStatus.SUBMITTED, ["অনুমোদন করুন"]),
        ("henry", AgreementStatus.APPROVED, ["স্বাক্ষর করুন"]),
        ("sam", AgreementStatus.SIGNED, ["প্রতিস্বাক্ষর করুন"]),
    ],
)
def test_the_action_bar_holds_the_users_own_actions(client, request, agreement, persona, status, buttons):
    html = page_of(client, request.getfixturevalue(persona), agreement(status))
    bar = bar_of(html)
    assert 'id="action-bar"' in bar
    assert re.findall(r"<button[^>]*>([^<]+)</button>", bar) == buttons
    # Each action once on the page: the bar is where it is.
    assert all(html.count(f">{button}</button>") == 1 for button in buttons)
    assert ('href="#review"' in bar) == (persona == "rita")


def test_readers_of_a_submitted_agreement_get_no_bar(client, henry, oscar, agreement):
    submitted = agreement(AgreementStatus.SUBMITTED)
    for user in (henry, oscar):
        assert 'id="action-bar"' not in page_of(client, user, submitted)


def test_the_reviewer_sees_the_count_of_drafted_comments(client, rita, agreement):
    submitted = agreement(AgreementStatus.SUBMITTED)
    html = page_of(client, rita, submitted)
    assert '<strong id="drafted-count">০</strong>' in bar_of(html) and "js/agreement-review.js" in html

    # A return refused for want of a reason puts the typed comments back, and the bar counts them.
    indicator = submitted.indicators.first()
    response = client.post(
        reverse("agreements:return", args=[submitted.pk]),
        {
            "reason": "",
            f"comment-indicator-{indicator.pk}": "লক্ষ্যমাত্রা কম",
            "comment-general": "সংযোজনী ২ পূরণ করুন",
            f"comment-area-{indicator.activity.area_id}": "   ",
        },
    )
    assert '<strong id="drafted-count">২</strong>' in bar_of(response.content.decode())
