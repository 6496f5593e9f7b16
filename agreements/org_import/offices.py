"""The office tree from a file (`import_offices`): creates and updates offices (renames, moves, new
supervisors), never deletes, and saves nothing while any row has a problem.

A national tree is some 25,000 offices: the stored tree is read in one query, every row is checked in memory
(unknown parent or supervisor, a cycle, a duplicate code, an unknown level, a missing name), and the writes go
in batches. A move rewrites the materialised path of the moved office's whole subtree, offices not in the file
included; each created or changed office of the file is one audit row."""

from __future__ import annotations

import re
from typing import BinaryIO

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from apa_portal import display

from ..audit import audit_record_many
from ..models import Office, OfficeLevel, User
from .common import BATCH, Change, ImportOutcome, run_import
from .table import Row, RowProblem, cell_text

OFFICE_COLUMNS = (
    "code",
    "name_bn",
    "name_en",
    "level",
    "parent",
    "supervisor",
    "head_title_bn",
    "head_title_en",
)
REQUIRED_COLUMNS = ("code", "name_bn", "level")
TEXT_FIELDS = ("name_bn", "name_en", "level", "head_title_bn", "head_title_en")
LINKS = ("parent", "supervisor")
CODE = re.compile(r"^[-a-zA-Z0-9_]+$")
TREE_PATH_LENGTH = Office._meta.get_field("tree_path").max_length


@transaction.atomic
def import_offices(
    *, file: BinaryIO, filename: str = "", actor: User | None = None, dry_run: bool = False
) -> ImportOutcome:
    """Check the whole file and, when it has no problem and this is not a dry run, save what it changes."""
    return run_import(
        OfficePlan,
        file=file,
        filename=filename,
        columns=OFFICE_COLUMNS,
        required=REQUIRED_COLUMNS,
        actor=actor,
        dry_run=dry_run,
    )


def stored_offices() -> dict[str, dict]:
    """Every office as stored, by code, with its parent's and supervisor's codes: one query."""
    rows = Office.objects.values(
        "id",
        "code",
        "tree_path",
        *TEXT_FIELDS,
        parent_code=F("parent__code"),
        supervisor_code=F("supervisor__code"),
    )
    stored = {}
    for row in rows:
        row["parent"], row["supervisor"] = row.pop("parent_code") or "", row.pop("supervisor_code") or ""
        stored[row["code"]] = row
    return stored


class OfficePlan:
    """The file checked against the stored tree: its problems, or what saving it changes."""

    def __init__(self, rows: list[Row]):
        self.stored = stored_offices()
        self.problems: list[RowProblem] = []
        self.row_of: dict[str, int] = {}
        self.wanted: dict[str, dict[str, str]] = {}
        for row in rows:
            self.check_row(row)
        for code in self.wanted:
            self.check_links(code)
        self.final = {code: {**state} for code, state in self.stored.items()}
        for code, cells in self.wanted.items():
            self.final.setdefault(code, {"id": None, "tree_path": ""}).update(cells)
        self.check_cycles()
        if self.problems:
            return
        self.paths = self.tree_paths()
        self.created = [code for code in self.wanted if code not in self.stored]
        self.updated: dict[str, tuple[tuple[str, str, str], ...]] = {}
        for code in self.wanted:
            if code in self.stored:
                fields = tuple(
                    (name, self.stored[code][name], self.final[code][name])
                    for name in (*TEXT_FIELDS, *LINKS)
                    # Read as the file's cells are: a name stored in another Unicode form is no change.
                    if cell_text(self.stored[code][name]) != self.final[code][name]
                )
                if fields:
                    self.updated[code] = fields
        self.moved = sum(1 for fields in self.updated.values() if any(f[0] == "parent" for f in fields))
        self.rewritten = [
            code
            for code, state in self.stored.items()
            if code not in self.updated and self.paths[code] != state["tree_path"]
        ]
        self.changes = [Change(code, True) for code in self.created] + [
            Change(code, False, fields) for code, fields in self.updated.items()
        ]

    def problem(self, row: int | None, column: str, message: str) -> None:
        self.problems.append(RowProblem(row, column, message))

    def check_row(self, row: Row) -> None:
        code = row["code"]
        if not code:
            self.problem(row.number, "code", _("অফিসের কোড নেই।"))
            return
        if code in self.row_of:
            self.problem(
                row.number,
                "code",
                _("কোড «%(code)s» সারি %(row)s-এও আছে।")
                % {"code": code, "row": display.digits(self.row_of[code])},
            )
            return
        self.row_of[code] = row.number
        # A column the file leaves out keeps the stored value.
        stored = self.stored.get(code, {})
        cells = {
            name: row[name] if name in row.cells else cell_text(stored.get(name, ""))
            for name in (*TEXT_FIELDS, *LINKS)
        }
        self.wanted[code] = cells
        reported = set()
        if not CODE.match(code):
            self.problem(row.number, "code", _("কোডে কেবল ইংরেজি অক্ষর, অঙ্ক, - ও _ থাকতে পারে।"))
            reported.add("code")
        if not cells["name_bn"]:
            self.problem(row.number, "name_bn", _("অফিসের বাংলা নাম নেই।"))
            reported.add("name_bn")
        if cells["level"] not in OfficeLevel.values:
            self.problem(
                row.number,
                "level",
                _("অজানা স্তর «%(level)s»; স্তরগুলো হলো: %(levels)s।")
                % {"level": cells["level"], "levels": ", ".join(OfficeLevel.values)},
            )
            reported.add("level")
        office = Office(code=code, tree_path="/", **{name: cells[name] for name in TEXT_FIELDS})
        try:
            office.clean_fields(exclude=["parent", "supervisor", "tree_path", *reported])
        except ValidationError as invalid:
            for name, messages in invalid.message_dict.items():
                self.problem(row.number, name, " ".join(messages))

    def check_links(self, code: str) -> None:
        row = self.row_of[code]
        for link in LINKS:
            target = self.wanted[code][link]
            if not target:
                continue
            if target not in self.wanted and target not in self.stored:
                self.problem(row, link, _("«%(code)s» কোডের কোনো অফিস নেই, ফাইলেও নেই।") % {"code": target})
            elif target == code and link == "supervisor":
                self.problem(row, link, _("অফিস নিজের তত্ত্বাবধায়ক অফিস হতে পারে না।"))

    def check_cycles(self) -> None:
        """Every file row in a cycle of parents (a office under itself, directly or through others)."""
        parent_of = {code: state["parent"] for code, state in self.final.items()}
        done: set[str] = set()
        for start in self.wanted:
            path: list[str] = []
            node = start
            while node in parent_of and node not in done and node not in path:
                path.append(node)
                node = parent_of[node]
            if node in path:
                cycle = path[path.index(node) :]
                shown = " → ".join([*cycle, node])
                for member in cycle:
                    if member in self.row_of:
                        self.problem(
                            self.row_of[member],
                            "parent",
                            _("অফিস নিজের অধীনস্থ অফিসের অধীনে পড়ে: %(cycle)s।") % {"cycle": shown},
                        )
            done.update(path)

    def tree_paths(self) -> dict[str, str]:
        paths: dict[str, str] = {}
        for start in self.final:
            chain = []
            node = start
            while node and node not in paths:
                chain.append(node)
                node = self.final[node]["parent"]
            for code in reversed(chain):
                parent = self.final[code]["parent"]
                paths[code] = Office.path_below(paths[parent] if parent else None, code)
                if len(paths[code]) > TREE_PATH_LENGTH and code in self.row_of:
                    self.problem(self.row_of[code], "parent", _("অফিসের শ্রেণিবিন্যাস খুব গভীর।"))
        return paths

    def office(self, code: str, ids: dict[str, int]) -> Office:
        state = self.final[code]
        return Office(
            pk=ids.get(code),
            code=code,
            tree_path=self.paths[code],
            parent_id=ids.get(state["parent"]),
            supervisor_id=ids.get(state["supervisor"]),
            **{name: state[name] for name in TEXT_FIELDS},
        )

    def counts(self) -> dict[str, int]:
        return {
            _("নতুন অফিস"): len(self.created),
            _("পরিবর্তিত অফিস"): len(self.updated),
            _("স্থানান্তরিত অফিস"): self.moved,
            _("নতুন পথে অধীনস্থ অফিস"): len(self.rewritten),
        }

    def save(self, actor: User | None) -> None:
        ids = {code: state["id"] for code, state in self.stored.items()}
        # New offices level by level, so that each one's parent already has its id (a file may name a parent
        # after its children); only a supervisor created later than the office it supervises is set after.
        created: list[Office] = []
        for depth in sorted({self.paths[code].count("/") for code in self.created}):
            level = [self.office(code, ids) for code in self.created if self.paths[code].count("/") == depth]
            Office.objects.bulk_create(level, batch_size=BATCH)
            ids |= {office.code: office.pk for office in level}
            created += level
        late = [o for o in created if self.final[o.code]["supervisor"] and o.supervisor_id is None]
        for office in late:
            office.supervisor_id = ids[self.final[office.code]["supervisor"]]
        Office.objects.bulk_update(late, ["supervisor"], batch_size=BATCH)
        changed = [self.office(code, ids) for code in self.updated]
        Office.objects.bulk_update(
            changed, [*TEXT_FIELDS, "parent", "supervisor", "tree_path"], batch_size=BATCH // 2
        )
        moved_below = [Office(pk=ids[code], tree_path=self.paths[code]) for code in self.rewritten]
        Office.objects.bulk_update(moved_below, ["tree_path"], batch_size=BATCH)
        audit_record_many(
            actor=actor,
            action="office.create",
            changes=[(office, None, self.final_fields(office.code)) for office in created],
        )
        audit_record_many(
            actor=actor,
            action="office.update",
            changes=[
                (office, {n: b for n, b, _a in fields}, {n: a for n, _b, a in fields})
                for office, fields in zip(changed, self.updated.values(), strict=True)
            ],
        )

    def final_fields(self, code: str) -> dict[str, str]:
        return {name: self.final[code][name] for name in (*TEXT_FIELDS, *LINKS)}
