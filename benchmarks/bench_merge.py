"""Benchmark: merging a colleague's copy (prints figures; not a test).

Two copies of the L synthetic project (2,000 claims, 10,000 evidence items;
M in the quick run) each get a day's work through the service, one call per
change as the app makes them: new claims, edited notes, new evidence, new
credibility grades, with a few notes edited on both sides (conflicts). Then
``merge_projects`` + ``apply_merge`` bring Bob's copy into Alice's.

Figures (median of several runs, each on a fresh copy of Alice's file):

- prepare: reading both files and deciding (``merge_projects``);
- apply: the one transaction (``apply_merge``), which goes through
  ``ProjectService.apply_patch`` and so pays for validation, undo snapshots,
  re-assessment and the audit events;
- total (target < 3 s), with a floor: raw ``sqlite3`` reading the same
  object and event rows of both files, which no merge can avoid;
- the second merge of the same copy (nothing to do).

    .venv/bin/python benchmarks/bench_merge.py [--quick] [--json] [--profile]
"""

from __future__ import annotations

import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import common  # benchmarks/common.py: puts the repository on sys.path
import synth
from common import median_time

from workbench.merge import apply_merge, merge_projects
from workbench.service import ProjectService

TARGET_S = 3.0


def make_changes(path: Path, analyst: str, count: int, shared_claims: list[str], seed: int) -> None:
    """``count`` single-action edits, as a user makes them; a few touch ``shared_claims``."""
    rng = random.Random(seed)
    svc = ProjectService.open(path, analyst=analyst)
    try:
        claims = [c["id"] for c in svc.list_claims()]
        sources = [s["id"] for s in svc.list_sources()]
        evidence = [e["id"] for e in svc.list_evidence()]
        for cid in shared_claims:  # the same notes edited on both sides: conflicts
            svc.update_claim(cid, note=f"{analyst} checked this")
        for i in range(count - len(shared_claims)):
            kind = i % 4
            if kind == 0:
                claims.append(svc.add_claim(f"{analyst}'s claim {i}").new_id)
            elif kind == 1:
                svc.update_claim(rng.choice(claims), note=f"{analyst} note {i}")
            elif kind == 2:
                svc.link_evidence(rng.choice(claims), rng.choice(sources), "corroborates", rng.randint(1, 6))
            else:
                svc.update_evidence(rng.choice(evidence), credibility=rng.randint(1, 6))
    finally:
        svc.close()


def raw_read(path: Path) -> int:
    """The floor: plain sqlite3 reading every object and event row of a file."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        n = 0
        for table in ("document", "source", "claim", "evidence", "event"):
            cols = "id, title, sha256" if table == "document" else "*"
            n += len(conn.execute(f"SELECT {cols} FROM {table}").fetchall())
        return n
    finally:
        conn.close()


def prepare_copies(folder: Path, size: str, changes: int) -> tuple[Path, Path, int]:
    base = synth.project_path(size)
    alice, bob = folder / "alice.db", folder / "bob.db"
    shutil.copyfile(base, alice)
    shutil.copyfile(base, bob)
    svc = ProjectService.open(base, read_only=True)
    shared = [c["id"] for c in svc.list_claims()[:10]]
    svc.close()
    make_changes(alice, "alice", changes, shared, seed=1)
    make_changes(bob, "bob", changes, shared, seed=2)
    return alice, bob, len(shared)


def timed_merge(alice: Path, bob: Path, work: Path) -> tuple[float, float, float, int, int]:
    """Merge Bob's copy into a fresh copy of Alice's; then merge it again."""
    target = work / "run.db"
    shutil.copyfile(alice, target)
    svc = ProjectService.open(target, analyst="alice")
    try:
        started = time.perf_counter()
        result = merge_projects(svc, bob)
        prepared = time.perf_counter()
        apply_merge(svc, result, {})
        applied = time.perf_counter()
        again = merge_projects(svc, bob)
        apply_merge(svc, again, {})
        second = time.perf_counter() - applied
        assert again.nothing_to_do
        return prepared - started, applied - prepared, second, len(result.conflicts), len(result.events)
    finally:
        svc.close()
        target.unlink(missing_ok=True)


def row(name: str, value: float, unit: str, target: Any, floor: float | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"name": name, "value": round(value, 4), "unit": unit, "target": target}
    if floor:
        out.update(floor=round(floor, 4), ratio=round(value / floor, 2), target_of="value")
    return out


def run(quick: bool = False) -> list[dict[str, Any]]:
    size, changes, runs = ("M", 100, 2) if quick else ("L", 500, 5)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        alice, bob, _ = prepare_copies(folder, size, changes)
        samples = [timed_merge(alice, bob, folder) for _ in range(runs)]
        floor = median_time(lambda: (raw_read(alice), raw_read(bob)), runs, warmup=0)
    prepare = statistics.median(s[0] for s in samples)
    apply = statistics.median(s[1] for s in samples)
    total = statistics.median(s[0] + s[1] for s in samples)
    second = statistics.median(s[2] for s in samples)
    label = f"{size}, {changes} changes per side"
    return [
        row(f"merge total ({label})", total, "s", f"< {TARGET_S:g} s", floor),
        row(f"merge prepare ({label})", prepare, "s", "info"),
        row(f"merge apply, one transaction ({label})", apply, "s", "info"),
        row(f"second merge of the same copy ({size})", second, "s", "info"),
        row("conflicts reported", samples[0][3], "conflicts", "info"),
        row("colleague's events copied", samples[0][4], "events", "info"),
    ]


def profile(quick: bool) -> None:
    """Where apply_merge spends its time (cProfile, cumulative)."""
    import cProfile
    import pstats

    size, changes = ("M", 100) if quick else ("L", 500)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        alice, bob, _ = prepare_copies(folder, size, changes)
        svc = ProjectService.open(alice, analyst="alice")
        try:
            result = merge_projects(svc, bob)
            prof = cProfile.Profile()
            prof.enable()
            apply_merge(svc, result, {})
            prof.disable()
        finally:
            svc.close()
    pstats.Stats(prof).sort_stats("cumulative").print_stats(30)


def main(argv: list[str] | None = None) -> int:
    parser = common.parser(__doc__, "M project, 100 changes per side, 2 runs")
    parser.add_argument("--profile", action="store_true", help="profile apply_merge instead")
    args = parser.parse_args(argv)
    if args.profile:
        profile(args.quick)
    else:
        common.print_rows("bench_merge", run(args.quick), args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
