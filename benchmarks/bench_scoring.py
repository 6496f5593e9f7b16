"""National scoring benchmark: score 24,000 agreements x 40 indicators x 4 quarters on one core with the pure
core; time the ranking queries over 24,000 stored scores (top 50, the whole year, one supervisor's offices);
then, on a sample of agreements stored as real rows, the cost of scoring from the database (reading the rows
into the core's inputs and scoring them, extrapolated to 24,000) and of refreshing one agreement's stored
scores.

Runs against its own database, never the development one: a temporary SQLite file by default, or PostgreSQL
with BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/apa_bench (the database is created if missing and
its tables are replaced).

    .venv/bin/python benchmarks/bench_scoring.py [--agreements 24000]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "apa_portal.settings.development")
os.environ["DATABASE_URL"] = os.environ.get(
    "BENCH_DATABASE_URL", f"sqlite:///{tempfile.gettempdir()}/apa-bench-scoring.sqlite3"
)
os.environ["DEMO_USERS"] = "false"

import django  # noqa: E402

django.setup()

from bench_scoring_core import make_agreement  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from agreements.models import Agreement, AgreementStatus, FiscalYear, Office  # noqa: E402
from indicators.models import Achievement, Activity, AgreementScore, Area, Indicator, ScoreKind  # noqa: E402
from indicators.scores import compute, ranking, refresh_scores  # noqa: E402
from indicators.scoring import score_agreement  # noqa: E402

SUPERVISORS = 375  # ~64 offices per supervisor office
RANKING_RUNS = 50
FULL_RANKING_RUNS = 5
SAMPLE = 100  # agreements stored as real rows (areas, indicators, achievements)


def milliseconds(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[max(0, int(len(ordered) * 0.95) - 1)]
    return f"median {statistics.median(ordered) * 1000:.2f} ms, p95 {p95 * 1000:.2f} ms"


def score_nationally(count: int) -> list[Decimal]:
    rng = random.Random(20240701)
    totals, scoring_seconds = [], 0.0
    for number in range(count):
        areas = make_agreement(rng, number)
        tick = time.perf_counter()
        totals.append(score_agreement(areas).total)
        scoring_seconds += time.perf_counter() - tick
    print(
        f"scored {count:,} agreements ({count * 40:,} indicators) in {scoring_seconds:.2f} s on one core "
        f"({scoring_seconds / count * 1000:.3f} ms per agreement); target < 60 s"
    )
    return totals


def populate(totals: list[Decimal]) -> FiscalYear:
    fiscal_year = FiscalYear.objects.create(start_year=2024)
    root = Office.objects.create(code="bench-root", name_bn="মন্ত্রণালয়", level="ministry")
    supervisors = [
        Office(
            code=f"sup-{n}",
            name_bn=f"দপ্তর {n}",
            level="department",
            parent=root,
            tree_path=f"/bench-root/sup-{n}/",
        )
        for n in range(SUPERVISORS)
    ]
    Office.objects.bulk_create(supervisors, batch_size=2000)
    supervisors = list(Office.objects.filter(level="department"))
    offices = [
        Office(
            code=f"office-{n}",
            name_bn=f"অফিস {n}",
            level="district",
            parent=supervisors[n % SUPERVISORS],
            supervisor=supervisors[n % SUPERVISORS],
            tree_path=f"/bench-root/sup-{n % SUPERVISORS}/office-{n}/",
        )
        for n in range(len(totals))
    ]
    Office.objects.bulk_create(offices, batch_size=2000)
    offices = list(Office.objects.filter(level="district").order_by("id"))
    agreements = [
        Agreement(
            office=o,
            supervisor_office_id=o.supervisor_id,
            fiscal_year=fiscal_year,
            status=AgreementStatus.ACTIVE,
            first_party_bn=o.name_bn,
            second_party_bn="দপ্তর",
        )
        for o in offices
    ]
    Agreement.objects.bulk_create(agreements, batch_size=2000)
    agreements = list(Agreement.objects.filter(fiscal_year=fiscal_year).order_by("id"))
    scores = [
        AgreementScore(
            agreement=a,
            kind=kind,
            fiscal_year=fiscal_year,
            supervisor_office_id=a.supervisor_office_id,
            total=total,
            area_totals={},
        )
        for a, total in zip(agreements, totals, strict=True)
        for kind in ScoreKind.values
    ]
    AgreementScore.objects.bulk_create(scores, batch_size=5000)
    return fiscal_year


def timed(runs: int, query) -> tuple[list[float], list]:
    samples = []
    for _ in range(runs):
        tick = time.perf_counter()
        rows = list(query())
        samples.append(time.perf_counter() - tick)
    return samples, rows


def time_rankings(fiscal_year: FiscalYear) -> None:
    """The ranking queries a supervisor's and the national pages run, rows fetched with their offices."""
    supervisor = Office.objects.get(code="sup-7")
    verified = {"fiscal_year": fiscal_year, "kind": ScoreKind.VERIFIED}
    national, top = timed(RANKING_RUNS, lambda: ranking(**verified)[:50])
    assert len(top) == 50 and top[0].total >= top[-1].total
    print(
        f"ranking, national top 50 of {AgreementScore.objects.filter(**verified).count():,}: "
        f"{milliseconds(national)}; target < 50 ms"
    )
    whole_year, everyone = timed(FULL_RANKING_RUNS, lambda: ranking(**verified))
    print(
        f"ranking, the whole year ({len(everyone):,} offices, every row fetched): {milliseconds(whole_year)}"
    )
    per_supervisor, mine = timed(RANKING_RUNS, lambda: ranking(**verified, supervisor_office=supervisor))
    print(f"ranking, one supervisor's {len(mine)} offices: {milliseconds(per_supervisor)}")


@transaction.atomic
def add_rows(fiscal_year: FiscalYear) -> list[Agreement]:
    """SAMPLE agreements as real rows: 4 areas x 10 indicators with four quarters each."""
    rng = random.Random(7)
    agreements = list(Agreement.objects.filter(fiscal_year=fiscal_year).order_by("id")[:SAMPLE])
    for agreement in agreements:
        for a in range(4):
            area = Area.objects.create(
                agreement=agreement, position=a + 1, code=str(a + 1), title="ক্ষেত্র", weight=Decimal("17.5")
            )
            activity = Activity.objects.create(area=area, position=1, code=f"{a + 1}.1", title="কার্যক্রম")
            for i in range(10):
                indicator = Indicator.objects.create(
                    activity=activity,
                    position=i + 1,
                    code=f"{a + 1}.1.{i + 1}",
                    title="সূচক",
                    method="sum",
                    unit="সংখ্যা",
                    weight=Decimal("1.75"),
                    targets=["100", "90", "80", "70", "60"],
                )
                Achievement.objects.bulk_create(
                    Achievement(indicator=indicator, quarter=q, value_number=rng.randint(10, 30))
                    for q in range(1, 5)
                )
    return agreements


def time_scoring_from_the_database(agreements: list[Agreement], national: int) -> None:
    """One kind scored from stored rows (the reads into the core's inputs and the scoring, nothing written),
    per agreement, and that rate extrapolated to the national count: a sample, not a national run."""
    samples = []
    for agreement in agreements:
        tick = time.perf_counter()
        compute(agreement, ScoreKind.PROGRESS)
        samples.append(time.perf_counter() - tick)
    print(
        f"scoring from the database (read rows + score, one kind), {len(samples)} agreements of 40 "
        f"indicators: {milliseconds(samples)}; extrapolated to {national:,} agreements on one core: "
        f"{statistics.mean(samples) * national:.1f} s"
    )


def time_refresh(agreements: list[Agreement]) -> None:
    """refresh_scores on real rows: 40 indicators with four quarters each, as a save triggers it."""
    samples = []
    for agreement in agreements:
        tick = time.perf_counter()
        with transaction.atomic():
            refresh_scores(agreement=agreement)
        samples.append(time.perf_counter() - tick)
    print(f"refresh_scores for one 40-indicator agreement (3 kinds, stored): {milliseconds(samples)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--agreements", type=int, default=24_000)
    args = parser.parse_args()
    print(f"database: {connection.vendor} ({connection.settings_dict['NAME']})")
    if "agreements_office" in connection.introspection.table_names():
        call_command("flush", interactive=False, verbosity=0)  # a previous run's rows
    call_command("migrate", verbosity=0)
    totals = score_nationally(args.agreements)
    fiscal_year = populate(totals)
    time_rankings(fiscal_year)
    sample = add_rows(fiscal_year)
    time_scoring_from_the_database(sample, args.agreements)
    time_refresh(sample)


if __name__ == "__main__":
    main()
