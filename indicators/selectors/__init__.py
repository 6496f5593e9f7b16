"""Reads for quarterly achievement entry: whether a quarter is open for the office, the entry page's whole
Section 3 tree in a constant number of queries, what a quarter's report still lacks, an indicator's
history.

- `quarters`: `quarter_state`, `require_open`, `open_quarter`, `quarter_to_work_on` (the one locking rule);
- `entry`: `entry_page` and its rows;
- `preview`: `preview_score`, a typed value's score before it is saved;
- `missing`: `report_gaps`, `missing_counts`;
- `history`: `indicator_history`;
- `home`: `office_home_cards`, the office's home page;
- `waiting`: `waiting_for`, `waiting_count`, what waits for a user (home pages, navigation).
"""

from .entry import (
    EntryActivity,
    EntryArea,
    EntryPage,
    EntryRow,
    allowed_methods,
    annual_value,
    blocked_reason,
    entry_page,
    governance_plan_urls,
    indicator_in,
    indicator_quarter_values,
    method_missing_message,
    methods_page_rows,
    needs_method,
)
from .history import indicator_history
from .home import AreaBar, HomeCard, office_home_cards
from .missing import Gap, Missing, missing_counts, report_gaps
from .preview import Preview, preview_score
from .quarters import (
    QUARTERS,
    QuarterLocked,
    QuarterState,
    check_quarter,
    in_force,
    open_quarter,
    quarter_state,
    quarter_to_work_on,
    require_open,
    unique_row,
)
from .waiting import WaitingItem, waiting_count, waiting_for

__all__ = [
    "QUARTERS",
    "AreaBar",
    "EntryActivity",
    "EntryArea",
    "EntryPage",
    "EntryRow",
    "Gap",
    "HomeCard",
    "Missing",
    "Preview",
    "QuarterLocked",
    "QuarterState",
    "WaitingItem",
    "allowed_methods",
    "annual_value",
    "blocked_reason",
    "check_quarter",
    "entry_page",
    "governance_plan_urls",
    "in_force",
    "indicator_history",
    "indicator_in",
    "indicator_quarter_values",
    "method_missing_message",
    "methods_page_rows",
    "missing_counts",
    "needs_method",
    "office_home_cards",
    "open_quarter",
    "preview_score",
    "quarter_state",
    "quarter_to_work_on",
    "report_gaps",
    "require_open",
    "unique_row",
    "waiting_count",
    "waiting_for",
]
