"""What the office and user imports share: the outcome of a run and the batch size of their writes."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import BinaryIO, Protocol

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from apa_portal import display

from ..models import User
from .table import ImportRefused, Row, RowProblem, read_rows

# Rows per INSERT/UPDATE: a few dozen queries for a national file, each well under the database's limits.
BATCH = 1000
# How many changes a preview lists (the counts cover all of them).
PREVIEW_CHANGES = 50


@dataclass(frozen=True)
class Change:
    """One created or changed record, for the preview and the command's output: the key (an office's code, a
    user's login name) and the changed fields as (field, before, after)."""

    key: str
    created: bool
    fields: tuple[tuple[str, str, str], ...] = ()

    def __str__(self) -> str:
        if self.created:
            return _("নতুন: %(key)s") % {"key": self.key}
        changed = "; ".join(f"{name}: «{before}» → «{after}»" for name, before, after in self.fields)
        return _("পরিবর্তন: %(key)s (%(fields)s)") % {"key": self.key, "fields": changed}


@dataclass
class ImportOutcome:
    """What an import found (`problems`) or did, or would do in a dry run (`changes`, `counts`)."""

    rows: int = 0
    dry_run: bool = False
    problems: list[RowProblem] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    # Label → number, in the order the summary shows them.
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        return any(self.counts.values())

    def summary(self) -> str:
        if self.problems:
            return _("%(count)sটি সমস্যা: কিছুই সংরক্ষণ করা হয়নি।") % {"count": display.number(len(self.problems))}
        if not self.changed:
            return _("%(rows)sটি সারি পড়া হলো: কোনো পরিবর্তন নেই।") % {"rows": display.number(self.rows)}
        counts = ", ".join(f"{label}: {display.number(n)}" for label, n in self.counts.items() if n)
        if self.dry_run:
            return _("%(rows)sটি সারি পড়া হলো; সংরক্ষণ করলে — %(counts)s। (পরীক্ষামূলক: কিছুই সংরক্ষণ করা হয়নি।)") % {
                "rows": display.number(self.rows),
                "counts": counts,
            }
        return _("%(rows)sটি সারি পড়া হলো; সংরক্ষিত — %(counts)s।") % {
            "rows": display.number(self.rows),
            "counts": counts,
        }

    def preview(self) -> list[Change]:
        return self.changes[:PREVIEW_CHANGES]


def matching(queryset: QuerySet, field: str, keys: Iterable) -> Iterator[dict]:
    """The rows (a `values()` queryset) whose `field` is one of `keys`: an IN list for a few keys, one pass
    over the table for more than a batch. Just after a bulk import the planner's statistics still count the
    table as small, and a prepared statement's generic plan then scans it once per IN list of a thousand
    (50,000 people read in 126 s instead of 2)."""
    keys = set(keys)
    if len(keys) <= BATCH:
        yield from queryset.filter(**{f"{field}__in": keys})
    else:
        yield from (row for row in queryset.iterator(chunk_size=5000) if row[field] in keys)


def batches(items: list, size: int = BATCH):
    for start in range(0, len(items), size):
        yield items[start : start + size]


class Plan(Protocol):
    """A file's rows checked against what is stored: its problems, or what saving it changes."""

    problems: list[RowProblem]
    changes: list[Change]

    def counts(self) -> dict[str, int]: ...

    def save(self, actor: User | None) -> None: ...


def run_import(
    plan: Callable[[list[Row]], Plan],
    *,
    file: BinaryIO,
    filename: str,
    columns: tuple[str, ...],
    required: tuple[str, ...],
    actor: User | None,
    dry_run: bool,
) -> ImportOutcome:
    """Both imports' one course: read every row, check the whole file, and save only a file without problems,
    and not in a dry run. The caller holds the transaction."""
    outcome = ImportOutcome(dry_run=dry_run)
    try:
        rows = read_rows(file, columns=columns, required=required, filename=filename)
    except ImportRefused as refused:
        outcome.problems = refused.problems
        return outcome
    outcome.rows = len(rows)
    checked = plan(rows)
    outcome.problems = checked.problems
    if checked.problems:
        return outcome
    outcome.changes = checked.changes
    outcome.counts = checked.counts()
    if not dry_run and outcome.changed:
        checked.save(actor)
    return outcome
