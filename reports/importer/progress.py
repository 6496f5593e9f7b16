"""How far the import has read its workbook, for a background import's progress bar (reports.imports).

The sheets are counted as they are read, without the reading knowing: each sheet's `iter_rows` is wrapped
to note the farthest row it has given out, so a sheet read twice (its headers, then its table) counts once.
The total is the rows of the sheets the import reads, known once openpyxl has loaded the workbook."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from .reading import SHEET_ORDER

# Called with (rows read, rows in all); at most about STEPS times, so that a job's row is written a bounded
# number of times whatever the workbook's size.
Progress = Callable[[int, int], None]
STEPS = 100


class RowCounter:
    def __init__(self, workbook, report: Progress):
        sheets = [workbook[name] for name in SHEET_ORDER if name in workbook.sheetnames]
        self.total = sum(sheet.max_row for sheet in sheets)
        self.report = report
        self.step = max(1, self.total // STEPS)
        self.reached: dict[str, int] = {}
        self.reported = 0
        for sheet in sheets:
            sheet.iter_rows = self.counted(sheet.title, sheet.iter_rows)
        report(0, self.total)

    @property
    def done(self) -> int:
        return min(sum(self.reached.values()), self.total)

    def counted(self, title: str, iter_rows: Callable[..., Iterator]) -> Callable[..., Iterator]:
        def iter_counted(min_row=None, *args, **kwargs) -> Iterator:
            for offset, row in enumerate(iter_rows(min_row, *args, **kwargs)):
                self.reach(title, (min_row or 1) + offset)
                yield row

        return iter_counted

    def reach(self, title: str, row: int) -> None:
        if row <= self.reached.get(title, 0):
            return
        self.reached[title] = row
        if self.done >= self.reported + self.step:
            self.reported = self.done
            self.report(self.done, self.total)

    def finish(self) -> None:
        """Every sheet has been read (rows after a table's last are skipped unread)."""
        self.reported = self.total
        self.report(self.total, self.total)
