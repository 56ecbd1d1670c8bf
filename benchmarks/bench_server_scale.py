"""Benchmark of the window on a server project at scale: issue 21's XL rows, on PostgreSQL.

A throwaway local PostgreSQL (``scripts/pg_throwaway.py``: ``initdb`` in a
temporary folder, loopback only, durable: fsync on; as an unprivileged user
when run as root) holds the XL synthetic project of ``benchmarks/synth.py``
(20,000 claims, 5,000 sources, 100,000 evidence items, 2,000 documents; L in
the quick run), published from its file with ``vwb copy FILE ADDRESS`` as a
lead would. An editor's login then opens it in a real window driven through
Qt's event loop, and the same figures as the file's XL rows of
``bench_scale.py`` are taken (the same code, ``bench_scale.xl_session_rows``):

* open to a painted window (≤ 2 s), and its CPU time in this (the client) process;
* claim switch within a document and into another (≤ 30 ms, worst ≤ 60 ms);
* claims overview and evidence matrix opened and painted (≤ 1 s each);
* a grade edit reaching every view (≤ 150 ms): one write to the server, then every view;
* resident memory after visiting 200 documents and every view (≤ 300 MB), in a fresh client process.

Wall-clock figures include the server's work (on the same machine); the CPU
rows are this process's alone, and the server's own CPU time during the whole
window session is a row of its own. Publishing is timed too (info).

Usage: ``.venv/bin/python benchmarks/bench_server_scale.py [--quick] [--json]``.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import common  # benchmarks/common.py: puts the repository on sys.path
import synth
from bench_scale import _app, _row, xl_session_rows

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ANALYST, ANALYST_PASSWORD = "analyst", "analyst-pw"


def _cluster_cpu(server: Any) -> float:
    """CPU seconds used so far by the throwaway cluster: the postmaster, its live backends and the
    children it has reaped (Linux /proc; 0 elsewhere)."""
    try:
        pid = int((server.data / "postmaster.pid").read_text().split()[0])
        tick = os.sysconf("SC_CLK_TCK")

        def fields(p: int) -> list[str]:
            return Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()

        own = fields(pid)
        total = sum(int(x) for x in own[11:15])  # utime stime cutime cstime
        for task in Path("/proc").iterdir():
            if task.name.isdigit() and int(task.name) != pid:
                try:
                    f = fields(int(task.name))
                except OSError:
                    continue
                if int(f[1]) == pid:  # a backend or helper of this cluster
                    total += int(f[11]) + int(f[12])
        return total / tick
    except (OSError, ValueError, IndexError):
        return 0.0


def publish(server: Any, path: Path, address: str) -> float:
    """Publish ``path`` to ``address`` through the ``vwb copy`` command; its wall seconds."""
    vwb = Path(sys.executable).with_name("vwb")
    cmd = [str(vwb)] if vwb.is_file() else [sys.executable, "-m", "workbench.cli.main"]
    t0 = time.perf_counter()
    done = subprocess.run([*cmd, "copy", str(path), address], capture_output=True, text=True, timeout=1800)
    if done.returncode != 0:
        raise RuntimeError(f"vwb copy failed: {(done.stderr or done.stdout).strip()[-300:]}")
    return time.perf_counter() - t0


def run(quick: bool = False) -> list[dict[str, Any]]:
    sys.path.insert(0, str(common.ROOT / "scripts"))
    import pg_throwaway

    from workbench.service import ProjectService
    from workbench.store.server import admin
    from workbench.store.server.address import parse

    size = "L" if quick else "XL"
    tag = f"{size} on a server"
    path = synth.project_path(size)
    app = _app()
    server = pg_throwaway.Throwaway(durable=True).start()
    rows: list[dict[str, Any]] = []
    try:
        server.psql("CREATE DATABASE desk")
        server.psql(f"CREATE ROLE {ANALYST} LOGIN PASSWORD '{ANALYST_PASSWORD}'")
        admin.init(parse(server.url(database="desk")))
        admin.grant(parse(server.url(database="desk")), ANALYST, "editor")
        seconds = publish(server, path, server.url(database="desk", project="bench"))
        rows.append(_row(f"{tag}: publish with vwb copy (not a target of issue 21)", seconds, "s", None))
        address = server.url(ANALYST, ANALYST_PASSWORD, "desk", "bench")
        ProjectService.open(address).close()  # any failure as an exception here, not a dialog in the window
        before = _cluster_cpu(server)
        rows += xl_session_rows(app, address, quick, tag)
        rows.append(_row(f"{tag}: the server's CPU during the window session (all its rows above)",
                         _cluster_cpu(server) - before, "s", None))
    finally:
        server.remove()
    return rows


if __name__ == "__main__":
    raise SystemExit(common.main(run, __doc__, "the L project instead of XL"))
