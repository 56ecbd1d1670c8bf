"""Crash safety: kill -9 a real process while it writes, then open what it left.

Every acknowledged edit must be on disk, the file must pass SQLite's own
check, and it must open again: a crash never costs the user their project.
The kills land while a write transaction is open (the rollback journal
exists), the moment that matters: SQLite must roll the half-done write back
when the file is next opened.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import run_vwb
from workbench.demo import write_demo
from workbench.service import ProjectService

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")

HANG_GUARD = 60.0  # seconds; only stops a broken test from hanging

# Edits the project in a loop and prints each new object's id after the call returned.
EDITOR = (
    "import sys\n"
    "from workbench.service import ProjectService\n"
    "svc = ProjectService.open(sys.argv[1], analyst='crash')\n"
    "i = 0\n"
    "while True:\n"
    "    claim = svc.add_claim(f'edit {i}').new_id\n"
    "    print('claims', claim, flush=True)\n"
    "    ev = svc.link_evidence(claim, 's-bbc', 'corroborates', 3, note=f'n{i}').new_id\n"
    "    print('evidence', ev, flush=True)\n"
    "    i += 1\n"
)


def _journal(path: Path) -> Path:
    return path.with_name(path.name + "-journal")


JOURNAL_MAGIC = bytes.fromhex("d9d505f920a163d7")  # SQLite writes it once the journal is synced


def _journal_state(path: Path) -> str | None:
    """None (no journal), "open" (a transaction has begun) or "hot" (the file itself is being written)."""
    try:
        with open(_journal(path), "rb") as fh:
            return "hot" if fh.read(8) == JOURNAL_MAGIC else "open"
    except FileNotFoundError:
        return None


def _kill_inside_a_write(proc: subprocess.Popen, path: Path, hot: bool = False) -> None:
    """SIGKILL ``proc`` in the middle of a transaction; with ``hot``, once it has begun
    overwriting pages of the project file (so the file on disk is half old, half new)."""
    wanted = ("hot",) if hot else ("open", "hot")
    deadline = time.monotonic() + HANG_GUARD
    while _journal_state(path) not in wanted:
        assert proc.poll() is None, "the writer ended before it could be interrupted"
        assert time.monotonic() < deadline, "no write transaction was ever seen"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=HANG_GUARD)


def _assert_whole(path: Path) -> None:
    """Opens (for writing, which rolls a crashed transaction back, then read-only) through the
    app's checks, and passes quick_check. A read-only look never rolls back: it changes no byte."""
    journal = _journal(path)
    if journal.exists() and journal.stat().st_size and journal.read_bytes()[:8] == JOURNAL_MAGIC:
        before = path.read_bytes()
        check = run_vwb("check", path)
        assert check.returncode == 2 and "open it for writing once" in check.stderr, check.stderr
        assert path.read_bytes() == before
    svc = ProjectService.open(path)
    svc.close()
    check = run_vwb("check", path)
    assert check.returncode in (0, 1), check.stderr
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        assert conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
    finally:
        conn.close()


@pytest.mark.parametrize("after", [1, 40])
def test_killed_during_a_stream_of_edits_keeps_every_acknowledged_edit(tmp_path: Path, after: int) -> None:
    path = write_demo(tmp_path / "p.db", analyst="tester")
    proc = subprocess.Popen([sys.executable, "-c", EDITOR, str(path)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    acknowledged: list[tuple[str, str]] = []
    assert proc.stdout is not None
    while len(acknowledged) < after:
        line = proc.stdout.readline()
        assert line.endswith("\n"), proc.stderr.read() if proc.stderr else ""
        kind, oid = line.split()
        acknowledged.append((kind, oid))
    _kill_inside_a_write(proc, path)
    rest = proc.stdout.read()  # printed before the kill: acknowledged too
    acknowledged += [tuple(line.split()) for line in rest.splitlines(keepends=True) if line.endswith("\n")]
    proc.stdout.close()
    proc.stderr.close()

    _assert_whole(path)
    svc = ProjectService.open(path, read_only=True)
    try:
        missing = [(k, o) for k, o in acknowledged if (svc.claim(o) if k == "claims" else svc.evidence(o)) is None]
    finally:
        svc.close()
    assert missing == [], f"{len(missing)} acknowledged edits lost"


@pytest.fixture(scope="module")
def large_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project with ~60 MB of document text, written with plain SQL for speed."""
    path = write_demo(tmp_path_factory.mktemp("large") / "large.db", analyst="tester")
    conn = sqlite3.connect(path)
    conn.execute(
        "INSERT INTO document (id, position, title, text, sha256, length, page_starts, imported_at, changed_at) "
        "SELECT 'big' || value, 100 + value, 'Big ' || value, hex(randomblob(500000)), '', 1000000, '[]', "
        "'2024-01-01T00:00:00+00:00', '2024-01-01T00:00:00+00:00' FROM generate_series(1, 60)"
        if _has_generate_series() else
        "WITH RECURSIVE n(value) AS (SELECT 1 UNION ALL SELECT value + 1 FROM n WHERE value < 60) "
        "INSERT INTO document (id, position, title, text, sha256, length, page_starts, imported_at, changed_at) "
        "SELECT 'big' || value, 100 + value, 'Big ' || value, hex(randomblob(500000)), '', 1000000, '[]', "
        "'2024-01-01T00:00:00+00:00', '2024-01-01T00:00:00+00:00' FROM n")
    conn.commit()
    conn.close()
    return path


def _has_generate_series() -> bool:
    try:
        sqlite3.connect(":memory:").execute("SELECT * FROM generate_series(1, 1)")
    except sqlite3.OperationalError:
        return False
    return True


def test_killed_during_copy_leaves_both_files_valid(tmp_path: Path, large_project: Path) -> None:
    src = tmp_path / "large.db"
    src.write_bytes(large_project.read_bytes())
    out = tmp_path / "shared.db"
    assert run_vwb("copy", src, out).returncode == 0  # an earlier copy, already sent
    before_src, before_out = src.read_bytes(), out.read_bytes()
    tmp = out.with_name(f".{out.name}.tmp")

    proc = subprocess.Popen([sys.executable, "-m", "workbench.cli.main", "copy", str(src), str(out)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + HANG_GUARD
    while not (tmp.exists() and tmp.stat().st_size > 0) and proc.poll() is None:
        assert time.monotonic() < deadline
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=HANG_GUARD)

    assert src.read_bytes() == before_src, "copying only reads the project"
    _assert_whole(src)
    _assert_whole(out)
    assert out.read_bytes() in (before_out, before_src) or proc.returncode == 0
    assert run_vwb("copy", src, out).returncode == 0, "a leftover temporary file does not block the next copy"
    _assert_whole(out)


@pytest.mark.parametrize("hot", [pytest.param(False, id="before-commit"),
                                 pytest.param(True, id="while-writing-the-file")])
def test_killed_during_merge_leaves_into_fully_merged_or_unchanged(tmp_path: Path, hot: bool) -> None:
    into = write_demo(tmp_path / "mine.db", analyst="alice")
    svc = ProjectService.open(into, read_only=True)
    svc.save_copy(tmp_path / "theirs.db")
    before = svc.dump()
    svc.close()
    theirs = ProjectService.open(tmp_path / "theirs.db", analyst="bob")
    claims = [{"id": f"bob-{i}", "text": f"Bob's claim {i}"} for i in range(300)]
    evidence = [{"id": f"bob-e{i}", "claim": f"bob-{i}", "source": "s-bbc", "stance": "corroborates"}
                for i in range(300)]
    # Imported documents make the merge larger than SQLite's page cache, so it
    # writes into the project file before it commits: the dangerous moment.
    documents = [{"id": f"bob-d{i}", "title": f"Report {i}", "text": os.urandom(300_000).hex()}
                 for i in range(40)]
    theirs.load_exchange({"documents": documents, "claims": claims, "evidence": evidence})
    theirs.update_claim("c1", note="Bob's note")
    theirs.close()

    proc = subprocess.Popen(
        [sys.executable, "-m", "workbench.cli.main", "merge", str(into), str(tmp_path / "theirs.db")],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _kill_inside_a_write(proc, into, hot=hot)

    _assert_whole(into)
    svc = ProjectService.open(into, read_only=True)
    try:
        after = svc.dump()
        merged = [h for h in svc.history() if h["action"] == "merge"]
    finally:
        svc.close()
    if after == before:
        assert merged == []
    else:  # the kill came after the commit: all of it, never part
        assert len(after["claims"]) == len(before["claims"]) + 300 and len(merged) == 1
        assert len(after["documents"]) == len(before["documents"]) + 40
    res = run_vwb("merge", into, tmp_path / "theirs.db", "--json")
    assert res.returncode == 0, res.stderr
    svc = ProjectService.open(into, read_only=True)
    try:
        assert len(svc.list_claims()) == len(before["claims"]) + 300
        assert svc.claim("c1")["note"] == "Bob's note"
        assert json.loads(res.stdout)["conflicts"] == []
    finally:
        svc.close()
