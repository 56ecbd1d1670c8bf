"""Run every benchmark and print one table.

    .venv/bin/python benchmarks/run.py [--quick] [--markdown] [--json OUT]
                                       [--only NAME ...] [--strict] [--verbose]

Two kinds of figures go into the table:

* every ``benchmarks/bench_*.py`` module that exists: its ``run(quick)``
  returns rows ``{"name", "value", "unit"}`` with optional ``"floor"``,
  ``"ratio"``, ``"target"`` (and ``"target_of"``: ``"value"`` or ``"ratio"``,
  ``"higher_is_better"``, ``"peak_mb"``);
* what no module covers, measured here on the synthetic projects of
  ``benchmarks/synth.py``: assessing every claim of the L project against
  raw sqlite3 reading the same rows, re-assessing one claim, the whole
  ``vwb assess --json`` command, loading an exchange file, and the time from
  starting the app to its painted window (demo and L, when ``ui.app`` exists).

Each module and each direct figure runs in its own child process: a module
that crashes, hangs (timeout), prints, or creates its own QApplication cannot
disturb the others, and the child's peak memory is measured. A module that is
missing simply is not run; one that fails to import or raises gets a row
``error: <reason>``. Figures are medians of several runs (``--quick``: fewer
runs and smaller inputs; the quick run takes under a minute once the
synthetic projects are cached, about 20 s more the first time).

Status: a row with a target passes when its value (or, with a floor and no
``target_of``, its ratio value/floor) is at most the target (at least, for
``higher_is_better``); rows without a target are ``info``. The exit status
is 0, or with ``--strict`` 1 when any row failed or errored.
See benchmarks/README.md for what each figure means and what its floor is;
targets, verdicts and the table itself are in ``report.py``.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
for _p in (str(BENCH_DIR), str(ROOT)):  # `import synth` from modules; the repo's workbench/ui
    if _p not in sys.path:
        sys.path.insert(0, _p)

from common import median_time  # noqa: E402 - benchmarks/common.py, found through the path above
from report import (  # noqa: E402, F401 - judge and the formats are this runner's API too
    clean_rows,
    error_row,
    format_markdown,
    format_table,
    judge,
    machine,
)

MODULE_TIMEOUT = {True: 180, False: 1800}  # seconds, by quick


# --------------------------------------------------------------------------- child processes


def _peak_mb_self() -> float:
    """This process's peak resident memory (VmHWM), in MB."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def run_child(kind: str, target: str, quick: bool, timeout: float, verbose: bool = False
              ) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Run one module (kind "module", target a path) or direct figure (kind "direct") in a child."""
    module = Path(target).stem if kind == "module" else "core" if not target.startswith("window") else "app"
    with tempfile.TemporaryDirectory(prefix="vwb-bench-") as tmp:
        out = Path(tmp) / "rows.json"
        log = Path(tmp) / "log.txt"
        cmd = [sys.executable, str(Path(__file__).resolve()), "--child", f"{kind}:{target}", "--out", str(out)]
        if quick:
            cmd.append("--quick")
        env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
               "PYTHONPATH": os.pathsep.join([str(BENCH_DIR), str(ROOT), os.environ.get("PYTHONPATH", "")])}
        start = time.perf_counter()
        with open(log, "wb") as fh:
            try:
                proc = subprocess.run(cmd, stdout=fh, stderr=subprocess.STDOUT, env=env, timeout=timeout,
                                      cwd=ROOT)
                code = proc.returncode
            except subprocess.TimeoutExpired:
                code = None
        seconds = time.perf_counter() - start
        text = log.read_text(errors="replace")
        if verbose and text.strip():
            sys.stderr.write(f"--- {kind} {target}\n{text}\n")
        meta = {"module": module, "target": target, "seconds": seconds, "exit": code}
        if code is None:
            return [error_row(module, module, f"timed out after {timeout:.0f} s")], meta
        if not out.is_file():
            lines = [ln for ln in text.strip().splitlines() if ln.strip()]
            why = lines[-1] if lines else (f"exited with signal {-code}" if code < 0 else f"exit status {code}")
            return [error_row(module, module, why)], meta
        result = json.loads(out.read_text())
        meta["peak_mb"] = result.get("peak_mb")
        if "error" in result:
            name = DIRECT_NAMES.get(target, module) if kind == "direct" else module
            return [error_row(module, name, result["error"])], meta
        rows = clean_rows(module, result["rows"])
        for r in rows:  # a module's rows: the peak of the process that ran the whole module
            if r.get("peak_mb") is None:
                r["peak_mb"] = result.get("peak_mb")
        return rows, meta


def _child_main(spec: str, out: Path, quick: bool) -> int:
    kind, _, target = spec.partition(":")
    name = Path(target).stem if kind == "module" else target
    result: dict[str, Any]
    try:
        if kind == "module":
            mspec = importlib.util.spec_from_file_location(name, target)
            mod = importlib.util.module_from_spec(mspec)
            sys.modules[name] = mod
            mspec.loader.exec_module(mod)
            if not callable(getattr(mod, "run", None)):
                raise AttributeError(f"{name} has no run(quick) function")
            rows = mod.run(quick)
        else:
            rows = DIRECT[target](quick)
        result = {"rows": json.loads(json.dumps(rows, default=str))}
    except BaseException as exc:  # noqa: BLE001 - report anything, including SystemExit
        if isinstance(exc, KeyboardInterrupt):
            raise
        traceback.print_exc()
        msg = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
        result = {"error": f"{type(exc).__name__}: {msg}" if msg else type(exc).__name__, "name": name}
    result["peak_mb"] = _peak_mb_self()
    out.write_text(json.dumps(result))
    return 0


def discover(folder: Path = BENCH_DIR) -> list[Path]:
    return sorted(p for p in folder.glob("bench_*.py") if p.is_file())


def run_modules(folder: Path = BENCH_DIR, quick: bool = True, only: list[str] | None = None,
                verbose: bool = False, meta_out: list[dict[str, Any]] | None = None) -> list[dict[str, Any]]:
    """Rows of every ``bench_*.py`` module in ``folder`` (each in its own process)."""
    rows: list[dict[str, Any]] = []
    for path in discover(folder):
        if only and not any(o in path.stem for o in only):
            continue
        _progress(f"{path.stem} …")
        got, meta = run_child("module", str(path), quick, MODULE_TIMEOUT[quick], verbose)
        _progress(f"{path.stem}: {meta['seconds']:.1f} s")
        rows += got
        if meta_out is not None:
            meta_out.append(meta)
    return rows


def _progress(msg: str) -> None:
    if os.environ.get("VWB_BENCH_QUIET") != "1":
        print(f"[bench] {msg}", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------- measuring helpers


def timed_process(cmd: list[str], env: dict[str, str] | None = None, timeout: float = 300,
                  cwd: Path | None = None) -> tuple[float, float, int, str]:
    """Wall time, peak RSS (MB, of that process alone), exit status and output tail of one run."""
    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, env=env, cwd=cwd)
        box: dict[str, Any] = {}

        def reap() -> None:
            _, status, usage = os.wait4(proc.pid, 0)
            box["end"] = time.perf_counter()
            box["status"], box["usage"] = status, usage

        waiter = threading.Thread(target=reap, daemon=True)
        waiter.start()
        waiter.join(timeout)
        if waiter.is_alive():
            proc.kill()
            waiter.join(10)
            proc.returncode = -9
            raise TimeoutError(f"{Path(cmd[0]).name} took longer than {timeout:.0f} s")
        proc.returncode = os.waitstatus_to_exitcode(box["status"])
        out.seek(0)
        lines = [ln.strip() for ln in out.read().decode(errors="replace").splitlines() if ln.strip()]
    peak = box["usage"].ru_maxrss / 1024  # KB on Linux
    return box["end"] - start, peak, proc.returncode, (lines[-1] if lines else "")


def median_process(cmd: list[str], runs: int, env: dict[str, str] | None = None, timeout: float = 300,
                   check: Callable[[], None] | None = None, cpu_out: list[float] | None = None) -> tuple[float, float]:
    """Median wall time and the largest peak RSS over ``runs`` runs; raises on a failed run.

    ``cpu_out`` receives the median CPU seconds (user + system) of the process and its children.
    """
    times, peaks, cpus = [], [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        seconds, peak, code, tail = timed_process(cmd, env, timeout)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
        if code != 0:
            raise RuntimeError(f"{Path(cmd[0]).name} exited {code}: {tail}")
        if check:
            check()
        times.append(seconds)
        peaks.append(peak)
    if cpu_out is not None:
        cpu_out.append(statistics.median(cpus))
    return statistics.median(times), max(peaks)


def _trusted(path: Path) -> Path:
    """Check a synthetic project once, outside any timing, as the app does the first time it opens
    a file: a user's own project opens without the whole-file checks afterwards (projectfile.verify)."""
    from workbench.store.projectfile import verify

    verify(path)
    return path


def _synth():
    import synth  # benchmarks/synth.py (BENCH_DIR is on sys.path)

    return synth


def _script(name: str) -> list[str]:
    """How to run an installed entry point: the script beside this Python, else ``-m``/``-c``."""
    exe = Path(sys.executable).parent / name
    if exe.is_file() and os.access(exe, os.X_OK):
        return [str(exe)]
    if name == "vwb":
        return [sys.executable, "-m", "workbench.cli.main"]
    return [sys.executable, "-c", "import sys; from ui.app import main; sys.exit(main())"]


# --------------------------------------------------------------------------- direct figures

EVIDENCE_SQL = ("SELECT id, claim_id, source_id, stance, credibility, diagnosticity, interested, "
                "derives_from_evidence_id, derives_from_source_id, date FROM evidence")


def _raw_read_all(path: Path) -> int:
    """The floor for assessing: raw sqlite3 reading every row assess_all needs, nothing else."""
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        n = len(con.execute("SELECT id, base_rate FROM claim ORDER BY position").fetchall())
        n += len(con.execute(EVIDENCE_SQL).fetchall())
        n += len(con.execute("SELECT id, reliability, name FROM source").fetchall())
        return n
    finally:
        con.close()


def direct_assess(quick: bool) -> list[dict[str, Any]]:
    """Assess every claim of L in an open project, and one claim, against raw sqlite3 reads."""
    from workbench.service import ProjectService

    path = _synth().project_path("L")
    runs = 3 if quick else 9
    svc = ProjectService.open(path, read_only=True, analyst="benchmark")
    try:
        n = len(svc.assess_all())
        whole = median_time(svc.assess_all, runs)
        floor = median_time(lambda: _raw_read_all(path), runs)
        claim_id = svc.list_claims()[n // 2]["id"]
        one = median_time(lambda: svc.assess_claim(claim_id), runs * 20)

        def raw_one() -> None:
            con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
            rows = con.execute(EVIDENCE_SQL + " WHERE claim_id = ?", (claim_id,)).fetchall()
            srcs = {r[2] for r in rows} | {r[8] for r in rows if r[8]}
            con.execute(f"SELECT id, reliability, name FROM source WHERE id IN ({','.join('?' * len(srcs))})",
                        tuple(srcs)).fetchall()
            con.close()

        one_floor = median_time(raw_one, runs * 20)
    finally:
        svc.close()
    peak = _peak_mb_self()
    return [
        {"name": f"assess all claims, L ({n:,} claims, 10,000 evidence)", "value": whole * 1e3, "unit": "ms",
         "floor": floor * 1e3, "target": 500, "target_of": "value", "peak_mb": peak},
        {"name": "re-assess one claim after an edit, L", "value": one * 1e3, "unit": "ms",
         "floor": one_floor * 1e3, "target": 20, "target_of": "value", "peak_mb": peak},
    ]


_RAW_DUMP = r"""
import json, sqlite3, sys
con = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
cols = ("id", "claim_id", "source_id", "stance", "credibility", "diagnosticity", "interested",
        "derives_from_evidence_id", "derives_from_source_id", "date")
claims = con.execute("SELECT id, text, base_rate FROM claim ORDER BY position").fetchall()
ev = con.execute("SELECT " + ", ".join(cols) + " FROM evidence").fetchall()
src = con.execute("SELECT id, reliability, name FROM source").fetchall()
sys.stdout.write(json.dumps({"claims": claims, "evidence": [dict(zip(cols, r)) for r in ev], "sources": src}))
"""


def direct_vwb_assess(quick: bool) -> list[dict[str, Any]]:
    """The whole `vwb assess --json` command on L, against a Python process dumping the same rows."""
    path = _trusted(_synth().project_path("L"))
    runs = 1 if quick else 5
    cpu: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ)
        out = Path(tmp) / "a.json"
        cmd = ["/bin/sh", "-c", 'exec "$@" > "$OUT"', "sh", *_script("vwb"), "assess", str(path), "--json"]
        env["OUT"] = str(out)

        def check() -> None:
            if not json.loads(out.read_text())["claims"]:
                raise RuntimeError("vwb assess --json printed no claims")

        value, peak = median_process(cmd, runs, env, timeout=300, check=check, cpu_out=cpu)
        floor_cmd = ["/bin/sh", "-c", 'exec "$@" > "$OUT"', "sh", sys.executable, "-c", _RAW_DUMP, str(path)]
        floor, floor_peak = median_process(floor_cmd, runs, env, cpu_out=cpu)
    return [{"name": "vwb assess --json, L (whole command)", "value": value, "unit": "s", "floor": floor,
             "target": 2.0, "target_of": "value", "peak_mb": peak, "floor_peak_mb": floor_peak},
            {"name": "vwb assess --json, L, CPU seconds (issue 21: ≤ 4× the floor's)", "value": cpu[0], "unit": "s",
             "floor": cpu[1], "target": 4.0, "peak_mb": peak}]


def direct_load(quick: bool) -> list[dict[str, Any]]:
    """Loading an exchange file into a new project, against raw sqlite3 inserts of the same rows.

    A load is ``ProjectService.create`` + ``load_exchange`` + ``close`` of a new file; the floor
    creates the same tables (SQLAlchemy's ``create_all``) and inserts the same rows with
    ``executemany`` and one commit. Each is timed in five alternating pairs after one untimed
    pair; the CPU row's ratio is the median of the pairs' ratios (the values, medians of each).
    """
    from sqlalchemy import create_engine

    from workbench.service import ProjectService
    from workbench.store.model import Base

    synth = _synth()
    size = dict(synth.SIZES["L"])
    if quick:
        size = {"claims": 100, "sources": 50, "evidence": 500, "documents": 10, "doc_chars": 30_000}
    data = synth.make_exchange(**size)
    label = f"{size['claims']} claims, {size['evidence']:,} evidence, {size['documents']} documents"
    with tempfile.TemporaryDirectory() as tmp:
        def load() -> None:
            p = Path(tmp) / "load.db"
            p.unlink(missing_ok=True)
            svc = ProjectService.create(p, "load", analyst="benchmark")
            try:
                svc.load_exchange(data)
            finally:
                svc.close()

        def raw() -> None:
            p = Path(tmp) / "raw.db"
            p.unlink(missing_ok=True)
            engine = create_engine(f"sqlite:///{p}")
            Base.metadata.create_all(engine)
            engine.dispose()
            con = sqlite3.connect(p)
            con.executemany("INSERT INTO document (id, position, title, text, sha256, length, url, author, "
                            "published, page_starts, imported_at, changed_at) VALUES (?,?,?,?,?,?,?,?,?,'[]','','')",
                            [(d["id"], i, d["title"], d["text"], "", len(d["text"]), d["url"], d["author"],
                              d["published"]) for i, d in enumerate(data["documents"])])
            con.executemany("INSERT INTO source (id, position, name, kind, reliability, confidential, notes, "
                            "changed_at) VALUES (?,?,?,?,?,?,?, '')",
                            [(s["id"], i, s["name"], s["kind"], s["reliability"], s["confidential"], s["notes"])
                             for i, s in enumerate(data["sources"])])
            con.executemany("INSERT INTO claim (id, position, text, document_id, start, \"end\", status, "
                            "base_rate, note, changed_at) VALUES (?,?,?,?,?,?,?,?,?, '')",
                            [(c["id"], i, c["text"], c["document"], c["start"], c["end"], c["status"],
                              c["base_rate"], c["note"]) for i, c in enumerate(data["claims"])])
            con.executemany("INSERT INTO evidence (id, position, claim_id, source_id, stance, credibility, "
                            "diagnosticity, interested, derives_from_evidence_id, derives_from_source_id, date, "
                            "quote, document_id, start, \"end\", note, changed_at) "
                            "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?, '')",
                            [(e["id"], i, e["claim"], e["source"], e["stance"], e["credibility"],
                              e["diagnosticity"], e["interested"], (e["derives_from"] or {}).get("evidence"),
                              (e["derives_from"] or {}).get("source"), e["date"], e["quote"],
                              e.get("document"), e.get("start"), e.get("end"), e["note"])
                             for i, e in enumerate(data["evidence"])])
            con.commit()
            con.close()

        # Loads and floors alternate (one untimed pair first: a process's first load also imports
        # what a load needs), each run timed on both clocks: a pair runs under the same machine
        # state, so on a shared machine the CPU ratio is the median of the pairs' own ratios rather
        # than of medians taken minutes apart.
        pairs = 1 if quick else 5
        load(), raw()
        runs: list[tuple[float, float, float, float]] = []
        for _ in range(pairs):
            runs.append((*_both_clocks(load), *_both_clocks(raw)))
        value, cpu, floor, cpu_floor = (statistics.median(r[i] for r in runs) for i in range(4))
        cpu_ratio = statistics.median(r[1] / r[3] for r in runs)
    return [{"name": f"load an exchange file ({label})", "value": value, "unit": "s", "floor": floor,
             "target": 5.0 if not quick else 1.0, "target_of": "value", "peak_mb": _peak_mb_self()},
            {"name": "load an exchange file, CPU seconds (issue 21: ≤ 3× the floor's, validation included)",
             "value": cpu, "unit": "s", "floor": cpu_floor, "ratio": cpu_ratio, "target": 3.0,
             "peak_mb": _peak_mb_self()}]


def _both_clocks(fn: Callable[[], Any]) -> tuple[float, float]:
    """Wall and CPU seconds of one call."""
    wall, cpu = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - wall, time.process_time() - cpu


_BARE_WINDOW = r"""
import sqlite3, sys
from PySide6.QtWidgets import QApplication, QMainWindow, QTextEdit
con = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
row = con.execute("SELECT text FROM document ORDER BY position LIMIT 1").fetchone()
app = QApplication(sys.argv[:1])
w = QMainWindow()
edit = QTextEdit()
edit.setPlainText(row[0] if row else "")
w.setCentralWidget(edit)
w.resize(1280, 800)
w.show()
app.processEvents()
sys.exit(0 if w.grab().save(sys.argv[2]) else 1)
"""


def _window(size: str, quick: bool) -> list[dict[str, Any]]:
    name = {"S": "demo", "L": "L (200 documents, 2,000 claims)"}[size]
    figure = f"whole --screenshot run (start, paint, save the PNG, exit), {name}"
    if importlib.util.find_spec("ui.app") is None:
        return [{"name": figure, "value": None, "unit": "s", "status": "skip: ui.app not present"}]
    path = _synth().project_path(size)
    runs = 1 if quick else 5
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp) / "p.db"
        shot = Path(tmp) / "shot.png"
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}

        def fresh() -> None:  # the app may write to the project (history, settings): start from a copy
            shutil.copy(path, work)

        def check() -> None:
            if not shot.is_file() or shot.read_bytes()[:4] != b"\x89PNG":
                raise RuntimeError("no PNG screenshot written")
            shot.unlink()
            fresh()

        fresh()
        value, peak = median_process([*_script("verification-workbench"), str(work), "--screenshot", str(shot)],
                                     runs, env, timeout=300, check=check)
        floor, floor_peak = median_process([sys.executable, "-c", _BARE_WINDOW, str(path), str(shot)], runs, env,
                                           check=check)
    return [{"name": figure, "value": value, "unit": "s", "floor": floor,
             "target": 2.0 if size == "S" else 4.0, "target_of": "value", "peak_mb": peak,
             "floor_peak_mb": floor_peak}]


DIRECT_NAMES = {
    "assess": "assess all claims, L",
    "vwb-assess": "vwb assess --json, L (whole command)",
    "load": "load an exchange file",
    "window-demo": "whole --screenshot run, demo",
    "window-L": "whole --screenshot run, L",
}

DIRECT: dict[str, Callable[[bool], list[dict[str, Any]]]] = {
    "assess": direct_assess,
    "vwb-assess": direct_vwb_assess,
    "load": direct_load,
    "window-demo": lambda quick: _window("S", quick),
    "window-L": lambda quick: _window("L", quick),
}


def prepare_projects(sizes: tuple[str, ...] = ("S", "M", "L")) -> tuple[float, list[dict[str, Any]]]:
    """Build the synthetic projects that are not cached yet, outside any timing.

    Returns the seconds spent and error rows for projects that could not be built.
    """
    try:
        synth = _synth()
    except Exception as exc:  # noqa: BLE001 - report, do not crash
        return 0.0, [error_row("core", "synthetic projects", f"{type(exc).__name__}: {exc}")]
    spent, errors = 0.0, []
    for size in sizes:
        if (synth.cache_dir() / f"{size}.db").is_file():
            continue
        _progress(f"building synthetic project {size} once (cached in {synth.cache_dir()}) …")
        start = time.perf_counter()
        try:
            synth.project_path(size)
        except Exception as exc:  # noqa: BLE001 - report, do not crash
            errors.append(error_row("core", f"synthetic project {size}", f"{type(exc).__name__}: {exc}"))
        spent += time.perf_counter() - start
        _progress(f"built {size} in {time.perf_counter() - start:.1f} s")
    return spent, errors


def run_direct(quick: bool, only: list[str] | None = None, verbose: bool = False,
               meta_out: list[dict[str, Any]] | None = None) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    wanted = [n for n in DIRECT if not only or any(o in n for o in only)]
    if not wanted:
        return rows
    for name in wanted:
        _progress(f"{name} …")
        got, meta = run_child("direct", name, quick, MODULE_TIMEOUT[quick], verbose)
        _progress(f"{name}: {meta['seconds']:.1f} s")
        rows += got
        if meta_out is not None:
            meta_out.append(meta)
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Run every benchmark and print one table.")
    parser.add_argument("--quick", action="store_true", help="fewer runs, smaller inputs (under a minute)")
    parser.add_argument("--markdown", action="store_true", help="print the table as Markdown (for the README)")
    parser.add_argument("--json", metavar="OUT", help="also write rows and run details as JSON")
    parser.add_argument("--only", nargs="+", metavar="NAME",
                        help="run only modules/figures whose name contains NAME (e.g. confidence assess window)")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a figure fails or errors")
    parser.add_argument("--verbose", action="store_true", help="show each child's output")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return _child_main(args.child, Path(args.out), args.quick)

    started = time.perf_counter()
    meta: list[dict[str, Any]] = []
    building, rows = prepare_projects()  # modules use them too (import synth)
    rows += run_modules(BENCH_DIR, args.quick, args.only, args.verbose, meta)
    rows += run_direct(args.quick, args.only, args.verbose, meta)
    total = time.perf_counter() - started
    print(format_markdown(rows) if args.markdown else format_table(rows))
    mode = "quick" if args.quick else "full"
    built = f" (of which {building:.0f} s building the synthetic projects, cached for later runs)" if building else ""
    print(f"\n{mode} run, {total:.0f} s{built}; {machine().get('cpu', platform.machine())}, "
          f"{os.cpu_count()} CPUs, Python {platform.python_version()}")
    if args.json:
        Path(args.json).write_text(json.dumps({"mode": mode, "seconds": total, "machine": machine(),
                                               "building_seconds": building, "rows": rows, "children": meta},
                                              indent=2, default=str))
    bad = [r for r in rows if r.get("status") == "FAIL" or str(r.get("status", "")).startswith("error")]
    return 1 if args.strict and bad else 0


if __name__ == "__main__":
    sys.exit(main())
