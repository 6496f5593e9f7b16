"""The home page: the user's own office with its open quarter, deadline, score, chart and what is missing."""

from decimal import Decimal

import pytest
from django.urls import reverse

from evidence.models import EvidenceItem, EvidenceKind
from indicators.models import Achievement
from indicators.scores import refresh_scores

from .conftest import add_quarter_windows

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(agreement_a, agreement_b, fiscal_year, today_in_q3):
    add_quarter_windows(fiscal_year)
    indicator = agreement_a.indicators.get(code="1.1.1")
    Achievement.objects.create(indicator=indicator, quarter=3, value_number=Decimal("500"))
    EvidenceItem.objects.create(
        indicator=indicator, quarter=3, kind=EvidenceKind.LINK, url="https://a.example/"
    )
    refresh_scores(agreement=agreement_a)
    return agreement_a


def test_the_focal_point_sees_the_open_quarter_deadline_score_and_what_is_missing(client, alice, setup):
    client.force_login(alice)
    response = client.get(reverse("agreements:home"))
    html = response.content.decode()

    [card] = response.context["cards"]
    assert card.agreement == setup and card.state.quarter == 3
    assert card.total == Decimal("20.0000")  # 1.1.1 at its 100% column carries its weight 20
    missing = card.missing
    assert (missing.to_report, missing.lacking_value, missing.lacking_evidence, missing.blocked) == (
        4,
        3,
        3,
        0,
    )
    assert "চলমান ত্রৈমাসিক: ৩য় ত্রৈমাসিক" in html
    assert "১৫ এপ্রিল ২০২৪" in html  # Q3's report deadline
    assert "৩টি সূচকের অর্জন এখনো দেওয়া হয়নি" in html
    assert "<svg" in html and "২০.০০ / ৪০" in html  # the area chart: area 1 has 20 of its 40
    assert reverse("indicators:entry", args=[setup.pk, 3]) in html


def test_people_outside_the_office_get_no_office_card_but_their_list(client, rita, bob, setup, agreement_b):
    client.force_login(rita)
    response = client.get(reverse("agreements:home"))
    assert response.context["cards"] == []
    assert len(response.context["page"].object_list) == 2
    client.force_login(bob)
    [card] = client.get(reverse("agreements:home")).context["cards"]
    assert card.agreement == agreement_b


def test_when_no_quarter_is_open_the_card_says_so(client, alice, setup, monkeypatch):
    from datetime import date

    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: date(2026, 11, 22))
    client.force_login(alice)
    html = client.get(reverse("agreements:home")).content.decode()
    assert "এখন কোনো ত্রৈমাসিক অর্জন লেখার জন্য খোলা নেই" in html


def test_the_home_page_needs_a_login(client):
    response = client.get(reverse("agreements:home"))
    assert response.status_code == 302


def test_the_home_page_query_count_is_bounded(client, alice, setup, django_assert_max_num_queries):
    client.force_login(alice)
    with django_assert_max_num_queries(20):
        client.get(reverse("agreements:home"))


def test_the_login_page_is_in_bangla_with_a_switch_to_english(client):
    # A browser set to English, as most office computers are, still gets Bangla until the user switches.
    html = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert 'lang="bn"' in html and "এপিএ পোর্টালে লগইন" in html
    assert 'name="language" value="en" lang="en">English</button>' in html

    client.post(reverse("set_language"), {"language": "en", "next": reverse("login")})
    html = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="bn").content.decode()
    assert '<html lang="en">' in html and 'value="bn" lang="bn">বাংলা</button>' in html


def test_the_top_bar_offers_each_role_its_own_pages(client, agreement_a, alice, rita, ada, oscar):
    from agreements.models import Notification

    Notification.objects.create(
        recipient=alice, agreement=agreement_a, event="returned", message="ফেরত", url="/"
    )
    Notification.objects.create(
        recipient=alice, agreement=agreement_a, event="approved", message="অনুমোদিত", url="/"
    )
    workspace = reverse("agreements:workspace")
    governance = reverse("governance:years")
    create = reverse("agreements:create")

    def page_for(user):
        client.force_login(user)
        return client.get(reverse("agreements:home")).content.decode()

    html = page_for(alice)
    assert (
        f'href="{create}"' in html
        and f'href="{workspace}"' not in html
        and f'href="{governance}"' not in html
    )
    assert 'বিজ্ঞপ্তি <span class="badge text-bg-light">২' in html
    html = page_for(rita)
    assert f'href="{workspace}"' in html and f'href="{create}"' not in html and "text-bg-light" not in html
    html = page_for(ada)
    assert f'href="{governance}"' in html
    html = page_for(oscar)
    assert (
        f'href="{workspace}"' not in html
        and f'href="{governance}"' not in html
        and f'href="{create}"' not in html
    )


def test_indicators_without_a_method_are_counted_apart_with_what_to_do(client, alice, setup):
    """Two indicators lack a method and were reported in Q2: their Q3 value cannot be entered."""
    for code in ("1.1.2", "2.1.1"):
        indicator = setup.indicators.get(code=code)
        indicator.method = ""
        indicator.save()
        Achievement.objects.create(indicator=indicator, quarter=2, value_number=Decimal("5"))
    client.force_login(alice)
    response = client.get(reverse("agreements:home"))
    [card] = response.context["cards"]

    missing = card.missing
    assert (missing.to_report, missing.lacking_value, missing.lacking_evidence, missing.blocked) == (
        4,
        1,
        3,
        2,
    )
    html = response.content.decode()
    assert "১টি সূচকের অর্জন এখনো দেওয়া হয়নি" in html
    assert "২টি সূচকের অর্জন লেখা যাবে না: চুক্তিতে গণনা পদ্ধতি নেই" in html
    assert "তত্ত্বাবধায়ক অফিসকে পদ্ধতি যোগ করতে বলুন" in html


def test_the_chart_names_each_area_and_the_quarters_are_named(client, alice, setup):
    client.force_login(alice)
    html = client.get(reverse("agreements:home")).content.decode()
    area = setup.areas.get(code="1")
    assert f"<title>[১] {area.title}: ২০.০০ / ৪০</title>" in html
    # The drawing labels the bar by the area's name, not by its code alone; a table says the same in words.
    assert f'font-size="11">[১] {area.title[:45]}' in html
    assert f'<td>[১] {area.title}</td><td class="text-nowrap">২০.০০ / ৪০</td>' in html
    assert ">২য় ত্রৈমাসিক</a>" in html
