"""The audit trail as pages show it: every action the code records has a Bangla name (never its key), status
changes name both statuses, quarters read as "৩য় ত্রৈমাসিক" (never "Q3"), and an indicator's history
includes the submission and reopening of its agreement's quarters."""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from agreements.models import AuditEntry
from agreements.templatetags.audit import ACTION_LABELS, UNKNOWN_ACTION, action_label
from indicators import services

from .conftest import add_quarter_windows

pytestmark = pytest.mark.django_db

# `action="x"` and `action="x" if ... else "y"` in the project's code; argparse's actions are not audit rows.
ACTION_LITERAL = re.compile(r'\baction="([\w.]+)"(?:\s+if\s+[^"\n]+\s+else\s+"([\w.]+)")?')
ARGPARSE_ACTIONS = {"store_true", "store_false", "store_const", "append", "count"}


def recorded_actions() -> set[str]:
    root = Path(settings.BASE_DIR)
    found = set()
    for path in root.glob("*/**/*.py"):
        if ".venv" in path.parts or "tests" in path.parts or "migrations" in path.parts:
            continue
        for match in ACTION_LITERAL.finditer(path.read_text(encoding="utf-8")):
            found.update(name for name in match.groups() if name)
    return found - ARGPARSE_ACTIONS


def visible_text(html: str) -> str:
    """The page's text as a reader sees it (attributes such as data-action left out)."""
    parts = []

    class Collector(HTMLParser):
        def handle_data(self, data):
            parts.append(data)

    Collector().feed(html)
    return re.sub(r"\s+", " ", " ".join(parts))


def test_every_recorded_action_has_a_name():
    actions = recorded_actions()
    assert {"achievement.record", "quarterly_report.reopen", "evidence.add", "agreement_submit"} <= actions
    assert actions - ACTION_LABELS.keys() == set()


def test_an_unknown_action_reads_as_a_generic_sentence_not_its_key():
    assert action_label("something.new") == str(UNKNOWN_ACTION) == "অন্যান্য পরিবর্তন"
    assert action_label("quarterly_report.reopen") == "ত্রৈমাসিক পুনরায় খোলা"


@pytest.fixture
def history(agreement_a, alice, rita, fiscal_year, today_in_q3):
    """Q3 of agreement A: a value saved, the quarter submitted, reopened by the supervisor, plus a row
    recorded by code this page does not know yet."""
    from datetime import date
    from decimal import Decimal

    add_quarter_windows(fiscal_year)
    indicator = agreement_a.indicators.get(code="1.1.1")
    services.achievement_record(
        indicator=indicator, quarter=3, value=Decimal("400"), remarks="", expected_revision=0, actor=alice
    )
    report = services.quarterly_report_submit(agreement=agreement_a, quarter=3, actor=alice)
    services.quarterly_report_reopen(
        report=report, reason="তথ্য দেরিতে এসেছে", until=date(2024, 3, 1), actor=rita
    )
    AuditEntry.objects.create(
        actor=rita,
        action="quarterly_report.accept_v2",
        object_type="indicators.quarterlyreport",
        object_id=str(report.pk),
        object_repr=str(report),
        agreement=agreement_a,
        before={"status": "reopened"},
        after={"status": "accepted", "quarter": 3},
    )
    return indicator


def assert_no_raw_keys(text: str) -> None:
    for key in (*ACTION_LABELS, "quarterly_report.accept_v2"):
        assert key not in text, key
    assert not re.search(r"\bQ[1-4]\b", text)
    assert "— → —" not in text


def test_an_indicators_history_shows_its_quarters_submission_and_reopening(client, alice, history):
    client.force_login(alice)
    url = reverse("indicators:history", args=[history.agreement_id, history.pk])
    text = visible_text(client.get(url, {"quarter": 3}).content.decode())

    assert "ত্রৈমাসিক অর্জন লেখা (৩য় ত্রৈমাসিক)" in text
    assert "ত্রৈমাসিক প্রতিবেদন দাখিল (৩য় ত্রৈমাসিক)" in text
    assert "ত্রৈমাসিক পুনরায় খোলা (৩য় ত্রৈমাসিক)" in text and "তথ্য দেরিতে এসেছে" in text
    assert "দাখিলকৃত" in text and "পুনরায় খোলা (১ মার্চ ২০২৪ পর্যন্ত)" in text
    assert "অন্যান্য পরিবর্তন" in text and "গৃহীত" in text
    assert_no_raw_keys(text)


def test_the_agreements_history_names_every_action_status_and_quarter(client, alice, history):
    client.force_login(alice)
    text = visible_text(
        client.get(reverse("agreements:history", args=[history.agreement_id])).content.decode()
    )

    assert "ত্রৈমাসিক পুনরায় খোলা" in text and "অবস্থা: দাখিলকৃত → পুনরায় খোলা" in text
    assert "অবস্থা: — → দাখিলকৃত" in text  # the first submission: there was no report before
    assert "১.১.১, ৩য় ত্রৈমাসিক" in text
    assert_no_raw_keys(text)


def test_in_english_the_history_names_actions_and_quarters_in_english(client, alice, history):
    client.force_login(alice)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    # The request activates English in this thread; the override gives the next test its Bangla back.
    with translation.override("bn"):
        html = client.get(reverse("agreements:history", args=[history.agreement_id])).content.decode()
    text = visible_text(html)
    assert "1.1.1, 3rd quarter" in text and "Status:" in text
    assert_no_raw_keys(text)
