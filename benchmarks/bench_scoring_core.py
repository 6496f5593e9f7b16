"""Score a national year on one core: 24,000 agreements x 40 indicators, as a bulk ranking job would.

Inputs are random but valid (fixed seed): sum / average / cumulative / date methods, blank target
columns, ties, lower-is-better rows, partly or wholly unreported years, and five governance indicators with
a plan score per agreement. Agreements are generated and scored in batches so memory stays flat; generation
and scoring are timed separately, and the scoring figure is the one that matters.

    .venv/bin/python benchmarks/bench_scoring_core.py [--agreements N] [--seed S]
"""

from __future__ import annotations

import argparse
import platform
import random
import sys
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from indicators.scoring import AreaInput, IndicatorInput, score_agreement

INDICATORS_PER_AGREEMENT = 40
OFFICE_AREA_SIZES = (9, 9, 9, 8)  # 35 office indicators of weight 2: the office's 70 marks
GOVERNANCE_MARKS = (10, 10, 4, 3, 3)  # integrity, e-Governance, GRS, citizen charter, RTI: 30 marks
LEVELS = (100, 90, 80, 70, 60)
YEAR_START = date(2024, 7, 1)
BATCH = 500
CENT = Decimal("0.01")


def _blank_some(rng: random.Random, targets: list) -> list:
    if rng.random() < 0.25:
        for column in rng.sample(range(1, len(targets)), rng.randint(1, 2)):
            targets[column] = None
    return targets


def _reported(rng: random.Random) -> int:
    """How many quarters are reported: most offices report all four, some stop early, a few report nothing."""
    roll = rng.random()
    return 0 if roll < 0.05 else 4 if roll < 0.75 else rng.randint(1, 3)


def _number_indicator(rng: random.Random, code: str) -> IndicatorInput:
    roll = rng.random()
    if roll < 0.2:  # a percentage with two decimals, e.g. e-file disposal rate
        top = rng.randint(7000, 10000)
        step = rng.choice((0, 5, 100, 500, 1000))
        targets = [Decimal(top - i * step) * CENT for i in range(5)]
    elif roll < 0.4:  # lower is better: days to dispose, error rates
        best = rng.randint(3, 30)
        step = rng.randint(0, 5)
        targets = [Decimal(best + i * step) for i in range(5)]
    else:  # counts: trainings, inspections, services
        top = rng.randint(4, 800)
        step = rng.randint(0, max(1, top // 6))
        targets = [Decimal(max(top - i * step, 0)) for i in range(5)]
    method = rng.choices(("sum", "average", "cumulative"), (5, 2, 3))[0]
    middle = float(targets[2] if targets[2] is not None else targets[0])
    reported = _reported(rng)
    quarters: list = [None] * 4
    running = 0.0
    for quarter in range(reported):
        share = middle * rng.uniform(0.5, 1.3)
        if method == "sum":
            quarters[quarter] = Decimal(round(share / 4))
        elif method == "average":
            quarters[quarter] = Decimal(round(share * 100)) * CENT
        else:
            running += share / 4
            quarters[quarter] = Decimal(round(running))
    return IndicatorInput(code, Decimal(2), method, _blank_some(rng, targets), quarters, LEVELS)


def _date_indicator(rng: random.Random, code: str) -> IndicatorInput:
    best = YEAR_START + timedelta(days=rng.randint(30, 330))
    gap = rng.choice((0, 7, 14))
    targets = [best + timedelta(days=i * gap) for i in range(5)]
    quarters: list = [None] * 4
    if _reported(rng):
        done = best + timedelta(days=rng.randint(-20, 40))
        quarters[min(3, max(0, (done - YEAR_START).days // 92))] = done
    return IndicatorInput(code, Decimal(2), "date", _blank_some(rng, targets), quarters, LEVELS)


def make_agreement(rng: random.Random, number: int) -> list[AreaInput]:
    areas = []
    serial = 0
    for area_number, size in enumerate(OFFICE_AREA_SIZES, start=1):
        indicators = []
        for _ in range(size):
            serial += 1
            code = f"{number}/{area_number}.{serial}"
            make = _date_indicator if rng.random() < 0.08 else _number_indicator
            indicators.append(make(rng, code))
        areas.append(AreaInput(str(area_number), Decimal(2 * size), indicators))
    governance = [
        IndicatorInput(
            f"{number}/M.1.{i}",
            Decimal(marks),
            "cumulative",
            (None,) * 5,
            (None,) * 4,
            fixed_score=Decimal(rng.randint(0, marks * 100)) * CENT,
        )
        for i, marks in enumerate(GOVERNANCE_MARKS, start=1)
    ]
    areas.append(AreaInput("M.1", Decimal(sum(GOVERNANCE_MARKS)), governance))
    return areas


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--agreements", type=int, default=24_000)
    parser.add_argument("--seed", type=int, default=20240701)
    args = parser.parse_args()

    rng = random.Random(args.seed)
    generating = scoring = 0.0
    grand_total = Decimal(0)
    started = time.perf_counter()
    for first in range(0, args.agreements, BATCH):
        tick = time.perf_counter()
        batch = [make_agreement(rng, n) for n in range(first, min(first + BATCH, args.agreements))]
        tock = time.perf_counter()
        for areas in batch:
            grand_total += score_agreement(areas).total
        generating += tock - tick
        scoring += time.perf_counter() - tock
    wall = time.perf_counter() - started

    indicators = args.agreements * INDICATORS_PER_AGREEMENT
    print(f"python {platform.python_version()} on {platform.machine()}, one core, seed {args.seed}")
    print(f"agreements: {args.agreements:,}  indicators: {indicators:,}")
    print(f"scoring:    {scoring:.2f} s  ({scoring / indicators * 1e6:.2f} µs per indicator)")
    print(f"generating: {generating:.2f} s  total: {wall:.2f} s")
    print(f"mean agreement score: {grand_total / args.agreements:.2f} of 100")


if __name__ == "__main__":
    main()
