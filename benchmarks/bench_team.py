"""Benchmark: a team on one PostgreSQL server (prints figures; not a test).

A throwaway local server (``scripts/pg_throwaway.py``, durable: fsync on)
holds the L synthetic project (2,000 claims, 10,000 evidence items, 200
documents; M in the quick run), published from its file.

- publish L to the server and take it offline again (seconds);
- open L from the server vs from its file: the service calls the app makes
  to fill its window (documents, claims, sources, evidence), median; the
  ratio is server / file;
- ten analyst processes, each its own login, edit the project for 60 s
  (10 s quick): each write is a claim note edited through the service (a
  stale version is a conflict, read again and retried) or, one in five, a
  new claim. Each process also follows the project (``LISTEN``) and notes
  when it sees every other analyst's write. Figures: writes per second,
  p50/p95 write latency (acknowledged = committed), p95 time until the other
  nine see a write (target < 1 s), the mean time a write waits for the
  project's locks and its client CPU time, conflicts, and lost edits (every
  acknowledged write's event and claim must be on the server afterwards;
  target 0).

    .venv/bin/python benchmarks/bench_team.py [--quick] [--json]
"""

from __future__ import annotations

import json
import random
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path
from typing import Any

import common  # benchmarks/common.py: puts the repository on sys.path
import synth
from common import median_time

from workbench.service import ProjectService

ANALYSTS = 10

ANALYST = textwrap.dedent("""
    import json, random, sys, threading, time
    from workbench.service import ConflictError, ProjectService
    url, seconds, out, seed = sys.argv[1], float(sys.argv[2]), sys.argv[3], int(sys.argv[4])
    rng = random.Random(seed)
    svc = ProjectService.open(url)
    # Time spent waiting for the project's locks (the advisory-lock statements), per write.
    from sqlalchemy import event
    # And how long it then holds the one taken last (exclusive: from there to its commit, one
    # writer at a time): the serial part of a write.
    waited, acquired = [0.0], [0.0]
    def _before(conn, cursor, statement, params, context, many):
        if "advisory_xact_lock" in statement:
            context._vwb_t0 = time.perf_counter()
    def _after(conn, cursor, statement, params, context, many):
        if "advisory_xact_lock" in statement:
            acquired[0] = time.perf_counter()
            waited[0] += acquired[0] - context._vwb_t0
    event.listen(svc.pf.engine, "before_cursor_execute", _before)
    event.listen(svc.pf.engine, "after_cursor_execute", _after)
    seen = {}
    stop = threading.Event()
    follower = threading.Thread(target=svc.follow, args=(lambda ev: seen.setdefault(ev["event"], time.time()), stop),
                                daemon=True)
    follower.start()
    time.sleep(1.0)
    claims = [c["id"] for c in svc.list_claims()]
    acks, conflicts, new_claims = [], 0, []
    end = time.time() + seconds
    i = 0
    while time.time() < end:
        i += 1
        t0, c0, w0 = time.perf_counter(), time.process_time(), waited[0]
        if rng.random() < 0.2:
            ch = svc.add_claim(f"analyst {seed} claim {i}")
            new_claims.append(ch.new_id)
        else:
            cid = rng.choice(claims)
            while True:
                try:
                    ch = svc.update_claim(cid, note=f"analyst {seed} edit {i}")
                    break
                except ConflictError:
                    conflicts += 1
                    svc.claim(cid)
        acks.append({"event": ch.event_id, "at": time.time(), "latency": time.perf_counter() - t0,
                     "cpu": time.process_time() - c0, "lock_wait": waited[0] - w0,
                     "lock_held": time.perf_counter() - acquired[0]})
    time.sleep(2.0)  # let the last writes reach everyone
    stop.set()
    json.dump({"acks": acks, "seen": seen, "conflicts": conflicts, "claims": new_claims}, open(out, "w"))
    svc.close()
""")


def _pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))] if values else float("nan")


def _open_and_list(address: str | Path) -> None:
    svc = ProjectService.open(address, read_only=True)
    svc.list_documents()
    svc.list_claims()
    svc.list_sources()
    svc.list_evidence()
    svc.close()


def run(quick: bool = False) -> list[dict[str, Any]]:
    sys.path.insert(0, str(common.ROOT / "scripts"))
    import pg_throwaway

    from workbench.store.server import admin
    from workbench.store.server.address import parse

    size = "M" if quick else "L"
    seconds = 10.0 if quick else 60.0
    path = synth.project_path(size)
    try:
        ProjectService.open(path, read_only=True).close()
    except Exception:  # noqa: BLE001 - cached by an older version of the code: build it again
        path = synth.project_path(size, force=True)
    server = pg_throwaway.Throwaway(durable=True).start()
    rows: list[dict[str, Any]] = []
    try:
        server.psql("CREATE DATABASE desk")
        for i in range(ANALYSTS):
            server.psql(f"CREATE ROLE analyst{i} LOGIN PASSWORD 'pw{i}'")
        addr = parse(server.url(database="desk"))
        admin.init(addr)
        for i in range(ANALYSTS):
            admin.grant(addr, f"analyst{i}", "editor")
        lead = server.url(database="desk", project="bench")
        src = ProjectService.open(path, read_only=True)
        t0 = time.perf_counter()
        src.copy_to(lead)
        rows.append({"name": f"publish {size} to the server", "value": time.perf_counter() - t0, "unit": "s"})
        src.close()
        with tempfile.TemporaryDirectory() as tmp:
            svc = ProjectService.open(lead, read_only=True)
            t0 = time.perf_counter()
            svc.copy_to(Path(tmp) / "offline.db")
            rows.append({"name": f"take {size} offline", "value": time.perf_counter() - t0, "unit": "s"})
            svc.close()
        runs = 3 if quick else 5
        file_s = median_time(lambda: _open_and_list(path), runs)
        server_s = median_time(lambda: _open_and_list(lead), runs)
        rows.append({"name": f"open {size}: file", "value": file_s, "unit": "s"})
        rows.append({"name": f"open {size}: server", "value": server_s, "unit": "s", "floor": file_s,
                     "ratio": server_s / file_s})
        with tempfile.TemporaryDirectory() as tmp:
            procs = [subprocess.Popen([sys.executable, "-c", ANALYST,
                                       server.url(f"analyst{i}", f"pw{i}", "desk", "bench"),
                                       str(seconds), str(Path(tmp) / f"a{i}.json"), str(i)])
                     for i in range(ANALYSTS)]
            for p in procs:
                p.wait(seconds + 120)
            results = [json.loads((Path(tmp) / f"a{i}.json").read_text()) for i in range(ANALYSTS)]
        acks = [a for r in results for a in r["acks"]]
        latencies = [a["latency"] for a in acks]
        visible: list[float] = []
        for i, r in enumerate(results):
            for j, other in enumerate(results):
                if i == j:
                    continue
                for a in r["acks"]:
                    if a["event"] in other["seen"]:
                        visible.append(max(0.0, other["seen"][a["event"]] - a["at"]))
                    else:
                        visible.append(float("inf"))
        check = ProjectService.open(lead, read_only=True)
        events = {h for h in _event_ids(check)}
        claims = {c["id"] for c in check.list_claims()}
        check.close()
        lost = sum(1 for a in acks if a["event"] not in events) + \
            sum(1 for r in results for c in r["claims"] if c not in claims)
        rows += [
            {"name": f"{ANALYSTS} analysts: writes per second", "value": len(acks) / seconds, "unit": "/s",
             "higher_is_better": True},
            {"name": f"{ANALYSTS} analysts: write latency p50", "value": statistics.median(latencies), "unit": "s"},
            {"name": f"{ANALYSTS} analysts: write latency p95", "value": _pct(latencies, 0.95), "unit": "s"},
            {"name": f"{ANALYSTS} analysts: waiting for the project's locks, mean per write",
             "value": statistics.mean(a["lock_wait"] for a in acks), "unit": "s"},
            {"name": f"{ANALYSTS} analysts: serial part of a write (last lock held to commit), mean",
             "value": statistics.mean(a["lock_held"] for a in acks), "unit": "s"},
            {"name": f"{ANALYSTS} analysts: client CPU per write, mean",
             "value": statistics.mean(a["cpu"] for a in acks), "unit": "s"},
            {"name": f"{ANALYSTS} analysts: seen by the other nine, p95", "value": _pct(visible, 0.95), "unit": "s",
             "target": 1.0},
            {"name": f"{ANALYSTS} analysts: conflicts (retried)", "value": sum(r["conflicts"] for r in results),
             "unit": ""},
            {"name": f"{ANALYSTS} analysts: lost edits", "value": lost, "unit": "", "target": 0},
        ]
    finally:
        server.remove()
    return rows


def _event_ids(svc: ProjectService) -> list[str]:
    out: list[str] = []
    seq = 0
    while True:
        batch = svc.events_after(seq, limit=5000)
        if not batch:
            return out
        out += [e["event"] for e in batch]
        seq = batch[-1]["seq"]


if __name__ == "__main__":
    random.seed(0)
    raise SystemExit(common.main(run, __doc__, "M project, 10 s of editing"))
