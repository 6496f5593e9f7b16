"""The Bangla template filters, rendered through the project's template engine (builtins, no {% load %})."""

from datetime import UTC, date, datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

FILTERS = [
    "bn_digits",
    "bn_number",
    "bn_percent",
    "bn_date",
    "bn_date_slash",
    "bn_calendar",
    "fiscal_year",
]


def render(source: str, language: str = "bn", **context: object) -> str:
    with translation.override(language):
        return Template(source).render(Context(context))


@pytest.mark.parametrize(
    ("source", "value", "bangla", "english"),
    [
        ("{{ v|bn_digits }}", "পৃষ্ঠা: 10", "পৃষ্ঠা: ১০", "পৃষ্ঠা: 10"),
        ("{{ v|bn_digits }}", "১৬/০৩/২০২২", "১৬/০৩/২০২২", "16/03/2022"),
        ("{{ v|bn_digits }}", 2022, "২০২২", "2022"),
        ("{{ v|bn_number }}", 140000, "১,৪০,০০০", "1,40,000"),
        ("{{ v|bn_number }}", Decimal("800.00"), "৮০০", "800"),
        ("{{ v|bn_number }}", Decimal("84.510"), "৮৪.৫১", "84.51"),
        ("{{ v|bn_number }}", -1234, "-১,২৩৪", "-1,234"),
        ("{{ v|bn_number }}", "১৪০০০০", "১,৪০,০০০", "1,40,000"),
        ("{{ v|bn_number:2 }}", Decimal("97.2"), "৯৭.২০", "97.20"),
        ("{{ v|bn_number:'2' }}", Decimal("97.2"), "৯৭.২০", "97.20"),
        ("{{ v|bn_percent }}", Decimal("84.51"), "৮৪.৫১%", "84.51%"),
        ("{{ v|bn_percent:2 }}", Decimal("97.2"), "৯৭.২০%", "97.20%"),
        ("{{ v|bn_date }}", date(2022, 7, 12), "১২ জুলাই ২০২২", "12 July 2022"),
        ("{{ v|bn_date_slash }}", date(2022, 3, 16), "১৬/০৩/২০২২", "16/03/2022"),
        ("{{ v|bn_calendar }}", date(2022, 7, 12), "২৮ আষাঢ়, ১৪২৯", "28 Asharh, 1429"),
        ("{{ v|bn_calendar:False }}", date(2021, 12, 27), "১২ পৌষ ১৪২৮", "12 Poush 1428"),
        ("{{ v|bn_date }}", "2022-07-12", "১২ জুলাই ২০২২", "12 July 2022"),
        ("{{ v|fiscal_year }}", 2022, "২০২২-২৩", "2022-23"),
        ("{{ v|fiscal_year:'long' }}", 2022, "২০২২-২০২৩", "2022-2023"),
        ("{{ v|fiscal_year }}", SimpleNamespace(start_year=2023), "২০২৩-২৪", "2023-24"),
        ("{{ v|fiscal_year }}", "২০২২", "২০২২-২৩", "2022-23"),
        ("{{ v|fiscal_year }}", "2022-23", "২০২২-২৩", "2022-23"),
    ],
)
def test_it_renders_in_the_active_language(source, value, bangla, english):
    assert render(source, "bn", v=value) == bangla
    assert render(source, "en", v=value) == english


@pytest.mark.parametrize("language", ["bn", "bn-bd", "BN"])
def test_it_uses_bangla_for_every_bangla_language_code(language):
    assert render("{{ v|bn_number }}", language, v=140000) == "১,৪০,০০০"


@pytest.mark.parametrize("language", ["en", "en-us", "en-gb"])
def test_it_uses_ascii_for_other_languages(language):
    assert render("{{ v|bn_number }}", language, v=140000) == "1,40,000"


def test_it_uses_ascii_when_translation_is_deactivated():
    with translation.override(None):
        assert Template("{{ v|bn_number }}").render(Context({"v": 140000})) == "1,40,000"


@pytest.mark.parametrize("name", FILTERS)
@pytest.mark.parametrize("value", [None, ""])
@pytest.mark.parametrize("language", ["bn", "en"])
def test_it_renders_nothing_for_missing_values(name, value, language):
    assert render(f"[{{{{ v|{name} }}}}]", language, v=value) == "[]"


@pytest.mark.parametrize("name", FILTERS)
def test_it_renders_nothing_for_an_undefined_variable(name):
    assert render(f"[{{{{ missing|{name} }}}}]") == "[]"


def test_it_renders_nothing_for_an_object_without_a_start_year():
    assert render("[{{ v|fiscal_year }}]", v=SimpleNamespace(start_year=None)) == "[]"


@pytest.mark.parametrize("name", ["bn_number", "bn_percent", "bn_date", "bn_calendar", "fiscal_year"])
def test_it_renders_unreadable_values_unchanged(name):
    assert render(f"{{{{ v|{name} }}}}", v="প্রযোজ্য নয়") == "প্রযোজ্য নয়"


def test_it_renders_the_value_unchanged_for_a_bad_decimals_argument():
    assert render("{{ v|bn_number:'x' }}", v=5) == "5"


def test_it_escapes_html():
    assert render("{{ v|bn_digits }}", v="<b>1</b>") == "&lt;b&gt;১&lt;/b&gt;"


def test_it_keeps_safe_text_safe():
    assert render("{{ v|safe|bn_digits }}", v="<b>1</b>") == "<b>১</b>"


def test_it_shows_aware_datetimes_in_local_time():
    # 20:30 UTC on 11 July is 02:30 on 12 July in Dhaka (UTC+6).
    moment = datetime(2022, 7, 11, 20, 30, tzinfo=UTC)
    with timezone.override("Asia/Dhaka"):
        assert render("{{ v|bn_date }}", v=moment) == "১২ জুলাই ২০২২"
        assert render("{{ v|bn_calendar }}", v=moment) == "২৮ আষাঢ়, ১৪২৯"
    with timezone.override("UTC"):
        assert render("{{ v|bn_date }}", v=moment) == "১১ জুলাই ২০২২"
