"""Reads for quarterly achievement entry: whether a quarter is open for the office, the entry page's whole
Section 3 tree in a constant number of queries, what a quarter's report still lacks, an indicator's
history.

- `quarters`: `quarter_state`, `open_quarter` (the locking rules);
- `entry`: `entry_page` and its rows;
- `preview`: `preview_score`, a typed value's score before it is saved;
- `missing`: `report_gaps`, `missing_counts`;
- `history`: `indicator_history`;
- `home`: `office_home_cards`, the office's home page.
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
    indicator_quarter_values,
    method_missing_message,
)
from .history import indicator_history
from .home import AreaBar, HomeCard, office_home_cards
from .missing import Gap, Missing, missing_counts, report_gaps
from .preview import Preview, preview_score
from .quarters import QuarterState, open_quarter, quarter_state, unique_row

__all__ = [
    "AreaBar",
    "EntryActivity",
    "EntryArea",
    "EntryPage",
    "EntryRow",
    "Gap",
    "HomeCard",
    "Missing",
    "Preview",
    "QuarterState",
    "allowed_methods",
    "annual_value",
    "blocked_reason",
    "entry_page",
    "governance_plan_urls",
    "indicator_history",
    "indicator_quarter_values",
    "method_missing_message",
    "missing_counts",
    "office_home_cards",
    "open_quarter",
    "preview_score",
    "quarter_state",
    "report_gaps",
    "unique_row",
]
