"""The people who log in, from a file (`import_users`): one row per role a person holds, so a person with two
roles has two rows; the rows of a listed person are all their roles (a role the file no longer names is taken
away, a transfer is a new office). New people get an e-mail with a set-password link (no passwords in files);
a person is deactivated (the optional `active` column), never deleted. Same rules as the office import: every
problem in one pass, nothing saved while there is one, a second run changes nothing, each change audited."""

from __future__ import annotations

from collections import defaultdict
from typing import BinaryIO

from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from apa_portal import display

from ..audit import audit_record_many
from ..invitations import send_invitations
from ..models import Office, OfficeMembership, Role, User
from .common import BATCH, Change, ImportOutcome, batches, matching, run_import
from .table import Row, RowProblem, cell_text

USER_COLUMNS = ("username", "name_bn", "email", "office", "role", "designation_bn", "active")
REQUIRED_COLUMNS = ("username", "name_bn", "email", "office", "role")
USER_FIELDS = ("name_bn", "email", "designation_bn", "is_active")
ROLES = frozenset(Role.values)
YES = {"1", "yes", "true", "হ্যাঁ", "১"}
NO = {"0", "no", "false", "না", "০"}


@transaction.atomic
def import_users(
    *, file: BinaryIO, filename: str = "", actor: User | None = None, dry_run: bool = False
) -> ImportOutcome:
    """Check the whole file and, when it has no problem and this is not a dry run, save what it changes and
    queue the new people's set-password e-mails."""
    return run_import(
        UserPlan,
        file=file,
        filename=filename,
        columns=USER_COLUMNS,
        required=REQUIRED_COLUMNS,
        actor=actor,
        dry_run=dry_run,
    )


def membership_label(office_code: str, role: str) -> str:
    return f"{office_code or '*'}:{role}"


class UserPlan:
    """The file checked against the stored users and offices: its problems, or what saving it changes."""

    def __init__(self, rows: list[Row]):
        self.problems: list[RowProblem] = []
        self.people: dict[str, dict] = {}  # username → fields and first row
        self.roles: dict[str, set[tuple[str, str]]] = defaultdict(set)  # username → {(office code, role)}
        codes = {row["office"] for row in rows if row["office"]}
        self.office_ids = {
            row["code"]: row["id"] for row in matching(Office.objects.values("code", "id"), "code", codes)
        }
        for row in rows:
            self.check_row(row)
        if self.problems:
            return
        self.read_stored()
        self.compare()

    def problem(self, row: int, column: str, message: str) -> None:
        self.problems.append(RowProblem(row, column, message))

    def check_row(self, row: Row) -> None:
        username = row["username"]
        if not username:
            self.problem(row.number, "username", _("লগইন নাম নেই।"))
            return
        try:
            User._meta.get_field("username").run_validators(username)
        except ValidationError:
            self.problem(
                row.number, "username", _("লগইন নামে কেবল অক্ষর, অঙ্ক ও @ . + - _ থাকতে পারে (১৫০ অক্ষর পর্যন্ত)।")
            )
        fields = {"name_bn": row["name_bn"], "email": row["email"], "designation_bn": row["designation_bn"]}
        if "active" in row.cells and row["active"]:
            active = row["active"].lower()
            if active not in YES | NO:
                self.problem(
                    row.number, "active", _("«%(value)s» বোঝা গেল না: ১ বা ০ লিখুন।") % {"value": row["active"]}
                )
            fields["is_active"] = active in YES
        if not fields["name_bn"]:
            self.problem(row.number, "name_bn", _("বাংলা নাম নেই।"))
        try:
            validate_email(fields["email"])
        except ValidationError:
            self.problem(row.number, "email", _("ই-মেইল ঠিকানা নেই বা ঠিক নয়: পাসওয়ার্ড ঠিক করার লিংক এখানে যায়।"))
        for name in ("name_bn", "email", "designation_bn"):
            if len(fields[name]) > User._meta.get_field(name).max_length:
                self.problem(row.number, name, _("লেখাটি খুব দীর্ঘ।"))
        role, office = row["role"], row["office"]
        if role not in ROLES:
            self.problem(
                row.number,
                "role",
                _("অজানা ভূমিকা «%(role)s»; ভূমিকাগুলো হলো: %(roles)s।")
                % {"role": role, "roles": ", ".join(Role.values)},
            )
        if office and office not in self.office_ids:
            self.problem(row.number, "office", _("«%(code)s» কোডের কোনো অফিস নেই।") % {"code": office})
        elif not office and role != Role.ADMINISTRATOR:
            self.problem(row.number, "office", _("অফিসের কোড নেই: কেবল প্রশাসকের অফিস ফাঁকা থাকতে পারে।"))
        first = self.people.setdefault(username, {**fields, "row": row.number})
        for name, value in fields.items():
            if first.get(name, value) != value:
                self.problem(
                    row.number,
                    name,
                    _("একই ব্যবহারকারীর সারি %(row)s-এ এটি ভিন্ন।") % {"row": display.digits(first["row"])},
                )
        if (office, role) in self.roles[username]:
            self.problem(row.number, "role", _("এই ব্যবহারকারীর এই ভূমিকা আগের একটি সারিতেও আছে।"))
        self.roles[username].add((office, role))

    def read_stored(self) -> None:
        users = User.objects.values("id", "username", *USER_FIELDS)
        self.stored: dict[str, dict] = {
            row["username"]: row for row in matching(users, "username", self.people)
        }
        username_of = {row["id"]: username for username, row in self.stored.items()}
        self.stored_roles: dict[str, dict[tuple[str, str], int]] = defaultdict(dict)
        memberships = OfficeMembership.objects.values("id", "user_id", "office__code", "role")
        for row in matching(memberships, "user_id", username_of):
            self.stored_roles[username_of[row["user_id"]]][(row["office__code"] or "", row["role"])] = row[
                "id"
            ]

    def compare(self) -> None:
        self.created = [username for username in self.people if username not in self.stored]
        self.updated: dict[str, tuple[tuple[str, str, str], ...]] = {}
        self.role_changes: dict[str, tuple[list[str], list[str]]] = {}
        for username, wanted in self.people.items():
            stored = self.stored.get(username)
            if stored is not None:
                fields = tuple(
                    (name, str(stored[name]), str(wanted[name]))
                    for name in USER_FIELDS
                    if name in wanted and cell_text_of(stored[name]) != wanted[name]
                )
                if fields:
                    self.updated[username] = fields
            before = sorted(membership_label(*key) for key in self.stored_roles.get(username, {}))
            after = sorted(membership_label(*key) for key in self.roles[username])
            if before != after and stored is not None:
                self.role_changes[username] = (before, after)
        self.changes = [Change(username, True) for username in self.created]
        self.changes += [Change(username, False, fields) for username, fields in self.updated.items()]
        self.changes += [
            Change(username, False, (("roles", ", ".join(before), ", ".join(after)),))
            for username, (before, after) in self.role_changes.items()
        ]

    def user(self, username: str) -> User:
        wanted = self.people[username]
        stored = self.stored.get(username, {})
        return User(
            pk=stored.get("id"),
            username=username,
            name_bn=wanted["name_bn"],
            email=wanted["email"],
            designation_bn=wanted["designation_bn"],
            is_active=wanted.get("is_active", stored.get("is_active", True)),
        )

    def counts(self) -> dict[str, int]:
        return {
            _("নতুন ব্যবহারকারী"): len(self.created),
            _("পরিবর্তিত ব্যবহারকারী"): len(self.updated),
            _("ভূমিকা বদল"): len(self.role_changes),
        }

    def save(self, actor: User | None) -> None:
        created = [self.user(username) for username in self.created]
        for user in created:
            # No password until the person sets one through the e-mailed link.
            user.password = make_password(None)
        User.objects.bulk_create(created, batch_size=BATCH)
        updated = [self.user(username) for username in self.updated]
        User.objects.bulk_update(
            updated, ["name_bn", "email", "designation_bn", "is_active"], batch_size=BATCH
        )
        ids = {username: row["id"] for username, row in self.stored.items()} | {
            u.username: u.pk for u in created
        }
        removed = [
            pk
            for username in self.role_changes
            for key, pk in self.stored_roles[username].items()
            if key not in self.roles[username]
        ]
        for chunk in batches(removed):
            OfficeMembership.objects.filter(pk__in=chunk).delete()
        OfficeMembership.objects.bulk_create(
            (
                OfficeMembership(user_id=ids[username], office_id=self.office_ids.get(code), role=role)
                for username in (*self.created, *self.role_changes)
                for code, role in self.roles[username]
                if (code, role) not in self.stored_roles.get(username, {})
            ),
            batch_size=BATCH,
        )
        by_username = {user.username: user for user in (*created, *updated)}
        audit_record_many(
            actor=actor,
            action="user.create",
            changes=[
                (
                    by_username[username],
                    None,
                    {
                        **{name: getattr(by_username[username], name) for name in USER_FIELDS},
                        "roles": sorted(membership_label(*key) for key in self.roles[username]),
                    },
                )
                for username in self.created
            ],
        )
        audit_record_many(
            actor=actor,
            action="user.update",
            changes=[
                (by_username[username], {n: b for n, b, _a in fields}, {n: a for n, _b, a in fields})
                for username, fields in self.updated.items()
            ],
        )
        audit_record_many(
            actor=actor,
            action="user.roles",
            changes=[
                (
                    User(pk=ids[username], username=username, name_bn=self.people[username]["name_bn"]),
                    {"roles": before},
                    {"roles": after},
                )
                for username, (before, after) in self.role_changes.items()
            ],
        )
        send_invitations(user for user in created if user.is_active)


def cell_text_of(value: object) -> object:
    """A stored value as the file's cells are read (text in NFC); a flag stays a flag."""
    return value if isinstance(value, bool) else cell_text(value)
