"""The governance plan documents (seeds 002/003/004) built from the 2024-25 plans a district office receives:
the template's own serials, merged repeated activities, the seed's date form, and the progress columns taken
from what the office enters each quarter (achievements, remarks, evidence) rather than from seeded text."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from indicators.governance import services
from reports import builders
from reports.document import NUMBER, Table

from . import test_reports_support as support

pytestmark = pytest.mark.django_db
plans_2024 = support.plans_2024


@pytest.fixture
def in_q1(monkeypatch):
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: date(2024, 9, 20))


def plan_table(document, kind: str) -> Table:
    section = next(s for s in document.sections if s.key == f"plan-{kind}")
    return next(block for block in section.blocks if isinstance(block, Table))


def texts(row) -> list[str]:
    return [cell.text for cell in row.cells]


def test_the_egov_plan_keeps_its_serials_merges_a_repeated_activity_and_prints_long_dates(plans_2024):
    table = plan_table(builders.build_governance(plans_2024), "egov")
    headers = [cell.text for cell in table.header[0]]
    assert headers[:5] == ["ক্রম", "কার্যক্রম", "কর্মসম্পাদন সূচক", "একক", "কর্মসম্পাদন সূচকের মান"]  # no areas
    first = texts(table.rows[0])
    assert first[0] == "০১"
    assert first[5:10] == ["৯ মার্চ ২০২৫", "১৬ মার্চ ২০২৫", "২৩ মার্চ ২০২৫", "৩০ মার্চ ২০২৫", "৬ এপ্রিল ২০২৫"]
    e_nothi = next(i for i, row in enumerate(table.rows) if "[৪.১] ই-নথির ব্যবহার বৃদ্ধি" in texts(row))
    serial, activity = table.rows[e_nothi].cells[:2]
    assert (serial.text, serial.rowspan, activity.rowspan) == ("০৪", 2, 2)
    following = texts(table.rows[e_nothi + 1])
    assert following[0] == "[৪.১.২] ই-ফাইলে নোট নিষ্পত্তিকৃত"  # serial and activity are covered from above
    assert len(following) == len(first) - 2


def test_a_plan_without_serials_has_no_serial_column_and_merges_its_areas(plans_2024):
    table = plan_table(builders.build_governance(plans_2024), "grs")
    assert [cell.text for cell in table.header[0]][:2] == ["কর্মসম্পাদন ক্ষেত্র", "মান"]
    area, marks = table.rows[0].cells[:2]
    assert (area.text, marks.value) == ("প্রাতিষ্ঠানিক", Decimal("20"))
    assert area.rowspan == marks.rowspan == 3  # the three rows of the area


def test_the_progress_columns_show_what_the_office_entered_each_quarter(plans_2024, alice, in_q1):
    egov = plans_2024.governance_plans.get(kind="egov")
    workshops = egov.items.get(indicator_code="৬.১.১")
    services.plan_item_achievement_record(
        item=workshops, quarter=1, value="২", remarks="দুটি কর্মশালা", actor=alice
    )
    services.plan_item_evidence_add(
        item=workshops, quarter=1, actor=alice, url="https://example.org/workshops"
    )
    innovation = egov.items.get(indicator_code="১.১.১")
    services.plan_item_achievement_record(
        item=innovation, quarter=1, value="১৫/০৯/২০২৪", remarks="", actor=alice
    )
    table = plan_table(builders.build_governance(plans_2024), "egov")
    assert [cell.text for cell in table.header[0]][-1] == "অগ্রগতি"
    row = next(row for row in table.rows if "[৬.১.১]" in row.cells[2].text)
    q1, q2, _q3, _q4, total, note, evidence = row.cells[-7:]
    assert (q1.value, q1.kind, q1.text) == (Decimal("2"), NUMBER, "২")
    assert (q2.value, total.value) == (None, Decimal("2"))
    assert note.text == "১ম ত্রৈমাসিক: দুটি কর্মশালা"
    assert evidence.text == "https://example.org/workshops" and evidence.css == "link"
    dated = next(row for row in table.rows if "[১.১.১]" in row.cells[2].text).cells[-7:]
    assert (dated[0].value, dated[0].text, dated[4].value) == (
        date(2024, 9, 15),
        "১৫ সেপ্টেম্বর ২০২৪",
        date(2024, 9, 15),
    )


def test_the_integrity_plan_shows_the_quarters_total_and_progress_score(plans_2024, alice, in_q1):
    meeting = plans_2024.governance_plans.get(kind="integrity").items.get(activity_code="১.১")
    services.plan_item_achievement_record(item=meeting, quarter=1, value="1", remarks="সভা হয়েছে", actor=alice)
    table = plan_table(builders.build_governance(plans_2024), "integrity")
    assert [cell.text for cell in table.header[0]][-3:] == ["অর্জিত মান", "মন্তব্য", "প্রমাণক"]
    target_row = next(i for i, row in enumerate(table.rows) if row.cells[0].text.startswith("১.১ "))
    target, achieved = table.rows[target_row], table.rows[target_row + 1]
    assert target.cells[0].rowspan == 2 and target.cells[-2].text == "১ম ত্রৈমাসিক: সভা হয়েছে"
    # One of the year's four meetings held: a quarter of the item's weight 2 earned so far.
    assert target.cells[-3].value == Decimal("0.5")
    assert texts(achieved)[:3] == ["অর্জন", "১", ""]
    assert achieved.cells[5].value == Decimal("1")  # the year's total so far


def test_seeded_progress_text_stays_as_the_note(seeded):
    from agreements.models import Agreement

    rajshahi = Agreement.objects.get(office__code="divcom-rajshahi", is_current=True)
    table = plan_table(builders.build_governance(rajshahi), "egov")
    first = table.rows[0].cells
    assert first[-2].text.startswith("Dynamic Project Supervision System (DPSS)")
    assert [cell.value for cell in first[-7:-2]] == [None] * 5  # nothing entered per quarter in 2021-22
