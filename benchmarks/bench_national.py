"""National volume benchmark (`make bench-national`): the office tree and the people come in through
`import_offices` and `import_users` (about 25,000 offices, 50,000 users), a year of agreements is
bulk-created beside them (40 indicators, four quarters of achievements, stored scores), and the pages that a
supervisor office's head (64 offices), a ministry-level observer and a national administrator use are timed
with Django's test client: p95 milliseconds, bytes and queries of each.

The pages are measured twice: on the first ministry alone (391 offices, its agreements), then on the whole
nation; a page whose query count differs between the two grows with the number of offices. Targets: p95
under 300 ms, no page over 1 MB, queries constant.

Runs on a scratch PostgreSQL database created and dropped here (BENCH_DATABASE_URL names another, kept).
Figures on a shared 2-core machine are noisy: compare runs on the same machine.

    .venv/bin/python benchmarks/bench_national.py [--runs 20] [--agreement-ministries 8]
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import sys
import tempfile
import time
from decimal import Decimal
from io import StringIO
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SCRATCH_URL = "postgres://postgres@127.0.0.1:5432/apa_bench_national"
os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", SCRATCH_URL)
os.environ["DJANGO_SETTINGS_MODULE"] = "apa_portal.settings.development"
os.environ["DEMO_USERS"] = "false"
os.environ["DEBUG"] = "false"
os.environ["ALLOWED_HOSTS"] = "testserver"  # the test client's host
# 50,000 set-password e-mails are composed (the import's own work) but go nowhere.
os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.dummy.EmailBackend"
os.environ.setdefault("LOG_LEVEL", "WARNING")

MINISTRIES = 64
DEPARTMENTS = 6  # per ministry
DISTRICTS = 64  # per department: the offices a department's head supervises
AREAS, INDICATORS_PER_AREA = 4, 10
TARGET_MS, TARGET_BYTES = 300, 1024 * 1024


def recreate_database(url: str, *, drop_only: bool = False) -> None:
    import psycopg

    name = urlsplit(url).path.lstrip("/")
    admin = urlsplit(url)._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if not drop_only:
            connection.execute(f'CREATE DATABASE "{name}"')


if os.environ["DATABASE_URL"] == SCRATCH_URL:
    recreate_database(SCRATCH_URL)

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, connections, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from django_otp import DEVICE_ID_SESSION_KEY  # noqa: E402
from django_otp.plugins.otp_totp.models import TOTPDevice  # noqa: E402

from agreements.calendar import quarter_windows  # noqa: E402
from agreements.models import (  # noqa: E402
    Agreement,
    AgreementStatus,
    FiscalYear,
    Office,
    OfficeMembership,
    QuarterWindow,
    Role,
    User,
)
from agreements.services import current_fiscal_start_year  # noqa: E402
from indicators.models import Achievement, Activity, AgreementScore, Area, Indicator, ScoreKind  # noqa: E402


def ministry_rows(m: int) -> list[dict]:
    """Ministry m's offices, each department's districts before the department (a parent may come later)."""
    ministry = f"m{m}"
    rows = []
    for d in range(DEPARTMENTS):
        department = f"{ministry}-d{d}"
        for z in range(DISTRICTS):
            rows.append(office(f"{department}-z{z}", "district", department, f"জেলা কার্যালয় {m}-{d}-{z}"))
        rows.append(office(department, "department", ministry, f"অধিদপ্তর {m}-{d}", "মহাপরিচালক"))
    rows.append(office(ministry, "ministry", "", f"মন্ত্রণালয় {m}", "সচিব"))
    return rows


def office(code: str, level: str, parent: str, name: str, head: str = "উপপরিচালক") -> dict:
    return {
        "code": code,
        "name_bn": name,
        "name_en": "",
        "level": level,
        "parent": parent,
        "supervisor": parent,
        "head_title_bn": head,
        "head_title_en": "",
    }


def person(username: str, office_code: str, role: str) -> dict:
    return {
        "username": username,
        "name_bn": f"কর্মকর্তা {username}",
        "email": f"{username}@bench.gov.bd",
        "office": office_code,
        "role": role,
        "designation_bn": "কর্মকর্তা",
    }


def people_rows(ministries: range) -> list[dict]:
    """A focal point and a head at every district, a reviewer and a head at every department, an observer
    at every ministry: 49,984 people for the nation."""
    rows = []
    for m in ministries:
        rows.append(person(f"obs-m{m}", f"m{m}", Role.OBSERVER))
        for d in range(DEPARTMENTS):
            department = f"m{m}-d{d}"
            rows.append(person(f"rev-{department}", department, Role.SUPERVISOR_REVIEWER))
            rows.append(person(f"head-{department}", department, Role.SUPERVISOR_HEAD))
            for z in range(DISTRICTS):
                district = f"{department}-z{z}"
                rows.append(person(f"fp-{district}", district, Role.FOCAL_POINT))
                rows.append(person(f"head-{district}", district, Role.OFFICE_HEAD))
    return rows


def write_csv(path: Path, rows: list[dict]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.DictWriter(file, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def run_import(command: str, path: Path, label: str) -> float:
    out = StringIO()
    tick = time.perf_counter()
    call_command(command, str(path), stdout=out)
    seconds = time.perf_counter() - tick
    print(f"{label}: {seconds:.1f} s — {out.getvalue().strip().splitlines()[-1]}")
    return seconds


def fiscal_year_now() -> FiscalYear:
    year, created = FiscalYear.objects.get_or_create(start_year=current_fiscal_start_year())
    if created:
        QuarterWindow.objects.bulk_create(
            QuarterWindow(fiscal_year=year, quarter=q, opens_on=o, closes_on=c, report_deadline=d)
            for q, (o, c, d) in enumerate(quarter_windows(year.start_year), start=1)
        )
    return year


@transaction.atomic
def add_agreements(fiscal_year: FiscalYear, ministries: range) -> int:
    """Every district of `ministries` with an agreement in force: 4 areas × 10 indicators, four quarters of
    achievements, a stored score of each kind. A benchmark fixture, bulk-created."""
    rng = random.Random(2024)
    districts = list(
        Office.objects.filter(
            level="district", code__regex=rf"^m({'|'.join(map(str, ministries))})-"
        ).order_by("id")
    )
    agreements = Agreement.objects.bulk_create(
        [
            Agreement(
                office=o,
                supervisor_office_id=o.supervisor_id,
                fiscal_year=fiscal_year,
                status=AgreementStatus.ACTIVE,
                first_party_bn=o.party_title_bn,
                second_party_bn="মহাপরিচালক",
            )
            for o in districts
        ],
        batch_size=2000,
    )
    areas = Area.objects.bulk_create(
        [
            Area(
                agreement=a, position=n + 1, code=str(n + 1), title="কর্মসম্পাদনের ক্ষেত্র", weight=Decimal("17.5")
            )
            for a in agreements
            for n in range(AREAS)
        ],
        batch_size=5000,
    )
    activities = Activity.objects.bulk_create(
        [Activity(area=area, position=1, code=f"{area.code}.1", title="কার্যক্রম") for area in areas],
        batch_size=5000,
    )
    indicators = Indicator.objects.bulk_create(
        [
            Indicator(
                activity=activity,
                agreement_id=activity.area.agreement_id,
                area_kind="office",
                position=i + 1,
                code=f"{activity.code}.{i + 1}",
                title="কর্মসম্পাদন সূচক",
                method="sum",
                unit="সংখ্যা",
                weight=Decimal("1.75"),
                targets=["100", "90", "80", "70", "60"],
            )
            for activity in activities
            for i in range(INDICATORS_PER_AREA)
        ],
        batch_size=5000,
    )
    Achievement.objects.bulk_create(
        (
            Achievement(indicator=indicator, quarter=q, value_number=rng.randint(10, 30))
            for indicator in indicators
            for q in range(1, 5)
        ),
        batch_size=10000,
    )
    AgreementScore.objects.bulk_create(
        [
            AgreementScore(
                agreement=a,
                kind=kind,
                fiscal_year=fiscal_year,
                supervisor_office_id=a.supervisor_office_id,
                total=Decimal(rng.randint(5000, 9500)) / 100,
                area_totals={},
            )
            for a in agreements
            for kind in ScoreKind.values
        ],
        batch_size=5000,
    )
    return len(agreements)


def client_for(username: str) -> Client:
    """A logged-in client whose session has passed the second factor, as after entering the code."""
    user = User.objects.get(username=username)
    client = Client()
    client.force_login(user, backend="agreements.backends.MembershipBackend")
    device = TOTPDevice.objects.filter(user=user).first() or TOTPDevice.objects.create(
        user=user, name="bench", confirmed=True
    )
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def pages() -> dict[str, list[tuple[str, str]]]:
    admin = f"/{settings.ADMIN_URL}"
    common = [("home", reverse("agreements:home")), ("reports", reverse("reports:index"))]
    return {
        "head-m0-d0": [
            *common,
            ("workspace", reverse("agreements:workspace")),
            ("workspace reports", reverse("agreements:workspace_reports")),
            ("ranking", reverse("agreements:ranking")),
            ("bulk-export form", reverse("reports:bulk_export")),
            ("people", reverse("agreements:people")),
        ],
        "obs-m0": common,
        "bench-admin": [
            *common,
            ("bulk-export form", reverse("reports:bulk_export")),
            ("people", reverse("agreements:people")),
            ("import", reverse("agreements:org_import")),
            ("admin: offices", f"{admin}agreements/office/"),
            ("admin: users", f"{admin}agreements/user/"),
            ("admin: memberships", f"{admin}agreements/officemembership/"),
            ("admin: agreements", f"{admin}agreements/agreement/"),
            ("admin: audit", f"{admin}agreements/auditentry/"),
            ("admin: achievements", f"{admin}indicators/achievement/"),
            ("admin: scores", f"{admin}indicators/agreementscore/"),
        ],
    }


def measure(runs: int) -> dict[tuple[str, str], tuple[int, float, int, int]]:
    """(persona, page) → (status, p95 ms, bytes, queries)."""
    figures = {}
    for username, listed in pages().items():
        client = client_for(username)
        for label, url in listed:
            client.get(url)  # warm: templates, caches
            samples = []
            for _ in range(runs):
                with CaptureQueriesContext(connection) as queries:
                    tick = time.perf_counter()
                    response = client.get(url)
                    samples.append((time.perf_counter() - tick) * 1000)
            samples.sort()
            p95 = samples[max(0, int(len(samples) * 0.95) - 1)]
            figures[(username, label)] = (response.status_code, p95, len(response.content), len(queries))
    return figures


def report(small: dict, national: dict) -> bool:
    print()
    print(
        f"{'persona':<14}{'page':<22}{'status':>6}{'p95 ms':>9}{'KB':>8}{'queries':>9}{'at 391':>8}  verdict"
    )
    met = True
    for (username, label), (status, p95, size, queries) in national.items():
        small_queries = small[(username, label)][3]
        problems = []
        if status != 200:
            problems.append(f"status {status}")
        if p95 > TARGET_MS:
            problems.append("slow")
        if size > TARGET_BYTES:
            problems.append("over 1 MB")
        if queries != small_queries:
            problems.append("queries grow")
        met &= not problems
        print(
            f"{username:<14}{label:<22}{status:>6}{p95:>9.0f}{size / 1024:>8.0f}"
            f"{queries:>9}{small_queries:>8}  "
            f"{', '.join(problems) or 'ok'}"
        )
    return met


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument(
        "--agreement-ministries",
        type=int,
        default=8,
        help="ministries whose districts get agreements (64: all)",
    )
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="apa-bench-national-"))
    try:
        print(f"database: {connection.vendor} ({connection.settings_dict['NAME']})")
        call_command("migrate", verbosity=0)
        year = fiscal_year_now()
        nation = range(MINISTRIES)
        first = write_csv(work / "offices-m0.csv", ministry_rows(0))
        offices = write_csv(work / "offices.csv", [row for m in nation for row in ministry_rows(m)])
        users_first = write_csv(work / "users-m0.csv", people_rows(range(1)))
        users = write_csv(work / "users.csv", people_rows(nation))
        run_import("import_offices", first, "offices of ministry 0 (391)")
        run_import("import_users", users_first, "people of ministry 0 (781)")
        admin = User.objects.create(username="bench-admin", is_staff=True, is_superuser=True, name_bn="প্রশাসক")
        OfficeMembership.objects.create(user=admin, office=None, role=Role.ADMINISTRATOR)
        agreements = add_agreements(year, range(1))
        print(
            f"agreements of ministry 0: {agreements:,} × {AREAS * INDICATORS_PER_AREA} indicators × 4 "
            "quarters"
        )
        small = measure(args.runs)
        offices_seconds = run_import(
            "import_offices", offices, f"offices of the nation ({Office.objects.count():,} before)"
        )
        run_import("import_offices", offices, "offices again (a second run)")
        users_seconds = run_import("import_users", users, "people of the nation")
        run_import("import_users", users, "people again (a second run)")
        tick = time.perf_counter()
        agreements += add_agreements(year, range(1, args.agreement_ministries))
        print(
            f"agreements: {agreements:,} in all ({time.perf_counter() - tick:.0f} s to bulk-create the "
            "rest); "
            f"{Office.objects.count():,} offices, {User.objects.count():,} users"
        )
        connection.cursor().execute("ANALYZE")
        national = measure(args.runs)
        met = report(small, national)
        print(
            f"\nimports: offices {offices_seconds:.0f} s, users {users_seconds:.0f} s (target < 120 s each)"
        )
        print(
            "every target met"
            if met and max(offices_seconds, users_seconds) < 120
            else "TARGETS MISSED (above)"
        )
    finally:
        connections.close_all()
        if os.environ["DATABASE_URL"] == SCRATCH_URL:
            recreate_database(SCRATCH_URL, drop_only=True)


if __name__ == "__main__":
    main()
