"""`import_users` (agreements.org_import.users) and its command: people and their roles at the offices of a
generated tree; new people get a Bangla e-mail whose set-password link works once and expires; no passwords
in files; deactivation, not deletion; role changes audited; every problem in one pass; a dry run saves
nothing; a second run changes nothing."""

from __future__ import annotations

import csv
import io
import re
from datetime import timedelta

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.core.management import CommandError, call_command

from agreements.models import AuditEntry, OfficeMembership, Role, User
from agreements.org_import import USER_COLUMNS, common, import_offices, import_users

from .test_org_import_offices import csv_file, generated_tree

pytestmark = pytest.mark.django_db
STRONG = "Nodi-Sagor-2026!"


@pytest.fixture
def tree(db):
    assert not import_offices(
        file=csv_file(generated_tree(ministries=1, departments=2, districts=3))
    ).problems


def users_file(rows: list[dict], columns=USER_COLUMNS) -> io.BytesIO:
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=columns)
    writer.writeheader()
    writer.writerows({"designation_bn": "", "active": "", **row} for row in rows)
    return io.BytesIO(text.getvalue().encode("utf-8"))


def person(username, office, role="focal_point", **fields) -> dict:
    return {
        "username": username,
        "name_bn": f"ব্যক্তি {username}",
        "email": f"{username}@example.gov.bd",
        "office": office,
        "role": role,
        **fields,
    }


def staff() -> list[dict]:
    """A focal point and a head for each district of the tree, a reviewer at each department."""
    rows = []
    for d in range(2):
        rows.append(person(f"rev{d}", f"m0-d{d}", "supervisor_reviewer"))
        for z in range(3):
            rows.append(person(f"fp{d}{z}", f"m0-d{d}-z{z}"))
            rows.append(person(f"head{d}{z}", f"m0-d{d}-z{z}", "office_head", designation_bn="জেলা প্রশাসক"))
    return rows


def link_in(message) -> str:
    return re.search(r"https?://[^/\s]+(/accounts/reset/\S+/)", message.body).group(1)


def test_new_people_come_in_with_roles_and_a_bangla_set_password_email(
    client, tree, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        outcome = import_users(file=users_file(staff()))
    assert not outcome.problems and outcome.counts["নতুন ব্যবহারকারী"] == 14
    head = User.objects.get(username="head12")
    assert (head.name_bn, head.designation_bn, head.has_usable_password()) == (
        "ব্যক্তি head12",
        "জেলা প্রশাসক",
        False,
    )
    assert list(head.memberships.values_list("office__code", "role")) == [("m0-d1-z2", "office_head")]
    assert len(mail.outbox) == 14
    message = next(m for m in mail.outbox if m.to == ["head12@example.gov.bd"])
    assert message.subject == "এপিএ পোর্টালে আপনার অ্যাকাউন্ট"
    assert "লগইন নাম: head12" in message.body and "৩ দিন" in message.body
    assert AuditEntry.objects.filter(action="user.create").count() == 14


def test_the_emailed_link_sets_the_password_once(client, tree, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        import_users(file=users_file([person("fp", "m0-d0-z0")]))
    response = client.get(link_in(mail.outbox[0]))
    assert response.status_code == 302
    form_url = response.url
    response = client.post(form_url, {"new_password1": STRONG, "new_password2": STRONG})
    assert response.status_code == 302
    assert User.objects.get(username="fp").check_password(STRONG)
    # Used once: the link no longer opens the form.
    response = client.get(link_in(mail.outbox[0]), follow=True)
    assert "new_password1" not in response.content.decode()


def test_the_emailed_link_expires(client, tree, settings, monkeypatch, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        import_users(file=users_file([person("fp", "m0-d0-z0")]))
    later = default_token_generator._now() + timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT + 60)
    monkeypatch.setattr(default_token_generator, "_now", lambda: later)
    response = client.get(link_in(mail.outbox[0]), follow=True)
    assert "new_password1" not in response.content.decode()
    assert not User.objects.get(username="fp").has_usable_password()


def test_a_second_run_changes_nothing_and_sends_nothing(tree, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        import_users(file=users_file(staff()))
    audit_rows, sent = AuditEntry.objects.count(), len(mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        outcome = import_users(file=users_file(staff()))
    assert not outcome.changed and "কোনো পরিবর্তন নেই" in outcome.summary()
    assert (AuditEntry.objects.count(), len(mail.outbox)) == (audit_rows, sent)


def test_a_dry_run_saves_and_sends_nothing(tree, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        outcome = import_users(file=users_file(staff()), dry_run=True)
    assert outcome.counts["নতুন ব্যবহারকারী"] == 14
    assert (
        not User.objects.exists()
        and not mail.outbox
        and not AuditEntry.objects.filter(action__startswith="user").exists()
    )


def test_a_role_change_a_transfer_and_a_deactivation_are_saved_and_audited(tree):
    import_users(file=users_file(staff()))
    changed = staff()
    for row in changed:
        if row["username"] == "fp00":
            row["role"] = "office_head"
        if row["username"] == "fp01":
            row["office"] = "m0-d1-z0"
        if row["username"] == "head02":
            row["active"] = "0"
    outcome = import_users(file=users_file(changed))
    assert outcome.counts == {"নতুন ব্যবহারকারী": 0, "পরিবর্তিত ব্যবহারকারী": 1, "ভূমিকা বদল": 2}
    assert list(OfficeMembership.objects.filter(user__username="fp00").values_list("role", flat=True)) == [
        "office_head"
    ]
    assert list(
        OfficeMembership.objects.filter(user__username="fp01").values_list("office__code", flat=True)
    ) == ["m0-d1-z0"]
    assert User.objects.get(username="head02").is_active is False  # still there, not deleted
    entry = AuditEntry.objects.get(action="user.roles", object_repr="ব্যক্তি fp00")
    assert (entry.before, entry.after) == (
        {"roles": ["m0-d0-z0:focal_point"]},
        {"roles": ["m0-d0-z0:office_head"]},
    )
    assert AuditEntry.objects.get(action="user.update").after == {"is_active": "False"}


def test_a_person_with_two_roles_has_two_rows(tree):
    rows = [person("obs", "m0", "observer"), person("obs", "m0-d0", "supervisor_head")]
    assert not import_users(file=users_file(rows)).problems
    assert set(OfficeMembership.objects.filter(user__username="obs").values_list("office__code", "role")) == {
        ("m0", Role.OBSERVER),
        ("m0-d0", Role.SUPERVISOR_HEAD),
    }


def test_every_problem_of_every_row_is_reported_in_one_pass_and_nothing_is_saved(tree):
    rows = [
        person("ok", "m0-d0"),  # row 2
        person("lost", "nowhere"),  # row 3
        person("boss", "m0", role="king"),  # row 4
        person("bad name!", "m0", email="bad@example.gov.bd"),  # row 5
        person("nomail", "m0", email="not-an-address"),  # row 6
        person("ok", "m0-d0"),  # row 7: the same role again
        person("ok", "m0", name_bn="অন্য নাম", role="observer"),  # row 8: another name for the same person
        person("homeless", "", role="focal_point"),  # row 9
        person("flag", "m0", active="maybe"),  # row 10
    ]
    outcome = import_users(file=users_file(rows))
    assert {(p.row, p.column) for p in outcome.problems} == {
        (3, "office"),
        (4, "role"),
        (5, "username"),
        (6, "email"),
        (7, "role"),
        (8, "name_bn"),
        (9, "office"),
        (10, "active"),
    }
    assert str(outcome.problems[0]) == "সারি ৩, কলাম office: «nowhere» কোডের কোনো অফিস নেই।"
    assert not User.objects.exists()


def test_an_administrator_needs_no_office(tree):
    assert not import_users(file=users_file([person("root", "", role="administrator")])).problems
    assert OfficeMembership.objects.get(user__username="root").office is None


def test_the_command_reports_problems_and_imports(tree, tmp_path, capsys):
    path = tmp_path / "users.csv"
    path.write_bytes(users_file([person("x", "nowhere")]).getvalue())
    with pytest.raises(CommandError):
        call_command("import_users", str(path))
    assert "সারি ২, কলাম office" in capsys.readouterr().err
    path.write_bytes(users_file(staff()).getvalue())
    call_command("import_users", str(path), "--dry-run")
    assert not User.objects.exists()
    call_command("import_users", str(path))
    assert User.objects.count() == 14


def test_a_file_of_more_than_a_batch_reads_the_stored_people_in_one_pass(tree, monkeypatch):
    """Past a batch of names the stored people and roles are read in one pass over the table, not by IN
    lists: the same outcome."""
    monkeypatch.setattr(common, "BATCH", 3)
    import_users(file=users_file(staff()))
    assert not import_users(file=users_file(staff())).changed
    changed = [{**row, "role": "observer"} if row["username"] == "fp00" else row for row in staff()]
    outcome = import_users(file=users_file(changed))
    assert outcome.counts["ভূমিকা বদল"] == 1
    assert User.objects.count() == 14
