"""Benchmark of the confidence model (workbench.analysis.confidence.assess).

The board re-assesses every claim when a grade or a setting changes, and one
claim on every edit, so both must feel instant: targets are 10,000 claims × 5
evidence items in under 0.5 s and one claim in under 2 ms.

Usage: ``.venv/bin/python benchmarks/bench_confidence.py [--quick]``.
:func:`run` returns the rows for a suite runner.  Inputs (the EvidenceInfo
and SourceInfo objects) are built before timing, as a project loads them
once; the figures are the median of several runs.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

import common  # benchmarks/common.py: puts the repository on sys.path
from common import median_time

from workbench.analysis.confidence import (
    CREDIBILITY_GRADES,
    DIAGNOSTICITY,
    EvidenceInfo,
    Settings,
    SourceInfo,
    assess,
)

AS_OF = date(2024, 12, 31)
SETTINGS = Settings(half_life_days=30.0, as_of=AS_OF)       # ageing on: the slower path


def make_project(n_claims: int, per_claim: int, n_sources: int = 500, seed: int = 7
                 ) -> tuple[list[list[EvidenceInfo]], dict[str, SourceInfo]]:
    """Claims with a realistic mix: most items plain, some relaying another
    item of the claim (occasionally in a loop), some naming an unrecorded
    origin, some context; most dated."""
    rng = random.Random(seed)
    sources = {f"s{i}": SourceInfo(f"s{i}", rng.choice("ABCDEF"), f"Source {i}")
               for i in range(n_sources)}
    ids = list(sources)
    stances = ("corroborates", "corroborates", "contradicts", "context")
    claims = []
    for c in range(n_claims):
        item_ids = [f"c{c}e{j}" for j in range(per_claim)]
        items = []
        for j, item_id in enumerate(item_ids):
            roll = rng.random()
            dfe = dfs = None
            if roll < 0.2 and j > 0:
                dfe = item_ids[rng.randrange(j)]
            elif roll < 0.23:
                dfe = item_ids[(j + 1) % per_claim] if per_claim > 1 else None  # may close a loop
            elif roll < 0.33:
                dfs = rng.choice(ids)
            when = AS_OF - timedelta(days=rng.randrange(400)) if rng.random() < 0.9 else None
            items.append(EvidenceInfo(item_id, rng.choice(ids), rng.choice(stances),
                                      rng.choice(CREDIBILITY_GRADES), rng.choice(DIAGNOSTICITY),
                                      rng.random() < 0.15, dfe, dfs, when))
        claims.append(items)
    return claims, sources


def _assess_all(claims: list[list[EvidenceInfo]], sources: dict[str, SourceInfo]) -> None:
    for items in claims:
        assess(items, sources, 0.5, SETTINGS)


def _time_one(items: list[EvidenceInfo], sources: dict[str, SourceInfo], calls: int) -> float:
    """Median wall time of single assess() calls, in seconds."""
    return median_time(lambda: assess(items, sources, 0.5, SETTINGS), calls, warmup=0)


def run(quick: bool = False) -> list[dict]:
    """Measure and return rows {"name", "value", "unit", "target"} (target in
    the row's unit, None where there is none)."""
    repeats = 3 if quick else 7
    claims, sources = make_project(10_000, 5)
    _assess_all(claims[:500], sources)                             # warm up
    bulk = median_time(lambda: _assess_all(claims, sources), repeats, warmup=0)
    one = _time_one(claims[123], sources, 200 if quick else 2000)
    big, big_sources = make_project(1, 200, seed=11)
    one_big = _time_one(big[0], big_sources, 20 if quick else 100)
    return [
        {"name": "assess 10,000 claims × 5 evidence", "value": bulk, "unit": "s", "target": 0.5},
        {"name": "per claim (5 evidence)", "value": bulk / 10_000 * 1e6, "unit": "µs", "target": None},
        {"name": "re-assess one claim (5 evidence)", "value": one * 1e3, "unit": "ms", "target": 2.0},
        {"name": "assess one claim with 200 evidence", "value": one_big * 1e3, "unit": "ms",
         "target": None},
    ]


if __name__ == "__main__":
    raise SystemExit(common.main(run, __doc__, "fewer repeats"))
