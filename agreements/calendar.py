"""The typical APA calendar a fiscal year receives, seeded or set up by an administrator: its deadlines and
quarter windows. Pure dates; no feature imports it through another."""

from __future__ import annotations

from datetime import date


def default_calendar(start_year: int) -> dict[str, date]:
    """The typical APA calendar (DESIGN.md section 5); administrators change it per fiscal year."""
    end_year = start_year + 1
    return {
        "drafting_opens_on": date(start_year, 4, 1),
        "signing_deadline": date(start_year, 6, 25),
        "revision_deadline": date(start_year, 9, 30),
        "half_yearly_feedback_deadline": date(end_year, 1, 30),
        "self_assessment_deadline": date(end_year, 7, 15),
        "evaluation_publish_deadline": date(end_year, 8, 30),
    }


def quarter_windows(start_year: int) -> list[tuple[date, date, date]]:
    """(opens, closes, report deadline) for Q1-Q4: Jul-Sep, Oct-Dec, Jan-Mar, Apr-Jun."""
    end_year = start_year + 1
    return [
        (date(start_year, 7, 1), date(start_year, 9, 30), date(start_year, 10, 15)),
        (date(start_year, 10, 1), date(start_year, 12, 31), date(end_year, 1, 15)),
        (date(end_year, 1, 1), date(end_year, 3, 31), date(end_year, 4, 15)),
        (date(end_year, 4, 1), date(end_year, 6, 30), date(end_year, 7, 15)),
    ]
