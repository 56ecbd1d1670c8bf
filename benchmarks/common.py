"""What the benchmark modules share: the import path, timing, and running one alone.

A module starts with ``import common`` (not ``from benchmarks import common``:
pysbd installs a top-level package named ``benchmarks`` that shadows ours).
Importing it puts the repository root and this folder first on ``sys.path``,
so the module can then import ``workbench``, ``ui``, ``tests`` and ``synth``
whether it runs as a script or under ``run.py``. A module ends with::

    if __name__ == "__main__":
        raise SystemExit(common.main(run, __doc__, "fewer runs"))

which runs ``run(quick)`` and prints its rows as ``run.py`` would (the same
columns and verdicts, see ``report.py``), or as JSON with ``--json``.
"""

from __future__ import annotations

import argparse
import atexit
import compileall
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
for _p in (str(BENCH_DIR), str(ROOT)):
    if _p not in sys.path:
        sys.path.insert(0, _p)

# Programs are measured as users run them: with their bytecode compiled (pip
# compiles it at install). A shell that sets PYTHONDONTWRITEBYTECODE would
# otherwise make every child recompile the project's modules at each start.
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
for _pkg in ("workbench", "ui"):
    compileall.compile_dir(str(ROOT / _pkg), quiet=2)


# --------------------------------------------------------------------------- timing


def qt_app() -> Any:
    """The offscreen QApplication a window benchmark runs in, themed as the app is.

    Settings go to a folder of their own, removed when the process exits, so a
    benchmark neither reads the user's settings nor leaves a folder behind.
    """
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QCoreApplication, QSettings
    from PySide6.QtWidgets import QApplication

    import ui  # noqa: F401  (applies the PySide6/CPython 3.11 reference-count guard)

    app = QApplication.instance() or QApplication(sys.argv[:1])
    settings_dir = tempfile.mkdtemp(prefix="vwb-bench-settings-")
    atexit.register(shutil.rmtree, settings_dir, ignore_errors=True)
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, settings_dir)
    QCoreApplication.setOrganizationName("VerificationWorkbenchBench")
    from ui.widgets.theme import apply_theme

    apply_theme(app)
    return app


def timed(fn: Callable[[], Any], clock: Callable[[], float] = time.perf_counter) -> float:
    """Wall time (or another ``clock``'s time, e.g. ``time.process_time``) of one call, in seconds."""
    start = clock()
    fn()
    return clock() - start


def median_time(fn: Callable[[], Any], runs: int, warmup: int = 1,
                clock: Callable[[], float] = time.perf_counter) -> float:
    """Median wall (or ``clock``) time of ``runs`` calls, in seconds, after ``warmup`` untimed calls."""
    for _ in range(warmup):
        fn()
    return statistics.median(timed(fn, clock) for _ in range(runs))


def best_time(fn: Callable[[], Any], runs: int) -> float:
    """The fastest of ``runs`` calls, in seconds (no warm-up call)."""
    return min(timed(fn) for _ in range(runs))


def cpu_time(fn: Callable[[], Any]) -> float:
    """CPU seconds of one call: this process's threads plus the children it waited for.

    On a shared machine wall time measures the neighbours; CPU time measures
    the work, including a child process's (``RUSAGE_CHILDREN`` grows when a
    child is reaped, so a call must wait for the children it starts).
    """
    import resource

    def now() -> float:
        kids = resource.getrusage(resource.RUSAGE_CHILDREN)
        return time.process_time() + kids.ru_utime + kids.ru_stime

    start = now()
    fn()
    return now() - start


def cpu_times(fn: Callable[[], Any], runs: int, warmup: int = 1) -> list[float]:
    """CPU seconds of ``runs`` calls after ``warmup`` untimed calls (see :func:`cpu_time`)."""
    for _ in range(warmup):
        fn()
    return [cpu_time(fn) for _ in range(runs)]


# --------------------------------------------------------------------------- running one module alone


def parser(doc: str | None, quick_help: str) -> argparse.ArgumentParser:
    """The command line of a module run alone: ``--quick`` and ``--json`` (a module may add more)."""
    ap = argparse.ArgumentParser(description=(doc or "").splitlines()[0])
    ap.add_argument("--quick", action="store_true", help=quick_help)
    ap.add_argument("--json", action="store_true", help="print the rows as JSON")
    return ap


def print_rows(name: str, rows: list[dict[str, Any]], as_json: bool = False) -> None:
    """A module's rows as ``run.py`` prints them (judged against their targets), or as JSON."""
    if as_json:
        print(json.dumps(rows, indent=2))
        return
    import report  # benchmarks/report.py

    print(report.format_table(report.clean_rows(name, rows)))


def main(run: Callable[[bool], list[dict[str, Any]]], doc: str | None, quick_help: str,
         argv: list[str] | None = None) -> int:
    """Run one module's ``run(quick)`` from the command line and print its rows."""
    args = parser(doc, quick_help).parse_args(argv)
    print_rows(module_name(run), run(args.quick), args.json)
    return 0


def module_name(fn: Callable[..., Any]) -> str:
    """The file name of the module that defines ``fn`` (``bench_memo``), even when it runs as ``__main__``."""
    path = getattr(sys.modules.get(fn.__module__), "__file__", None)
    return Path(path).stem if path else fn.__module__
