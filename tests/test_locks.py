"""Two real processes and one project: a writer holds it, others are refused or read.

The holder is a separate Python process (as the desktop app would be), so
the lock tested is the operating system's, not an object in this process.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from workbench.demo import write_demo
from workbench.service import ProjectService
from workbench.store.projectfile import ProjectInUseError

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX flock and signals")

# Opens the project for writing, says so, then waits until stdin closes (or it is killed).
HOLDER = (
    "import sys\n"
    "from workbench.service import ProjectService\n"
    "svc = ProjectService.open(sys.argv[1], analyst='holder')\n"
    "print('ready', flush=True)\n"
    "sys.stdin.read()\n"
    "svc.close()\n"
)
HANG_GUARD = 30  # seconds: a refused command answers at once; this only stops a hang


@contextmanager
def held(path: Path) -> Iterator[subprocess.Popen[str]]:
    proc = subprocess.Popen([sys.executable, "-c", HOLDER, str(path)], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "ready", proc.stderr
        yield proc
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.communicate(timeout=HANG_GUARD)


def vwb(*args: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "workbench.cli.main", *map(str, args)],
                          capture_output=True, text=True, timeout=HANG_GUARD)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return write_demo(tmp_path / "shared.db", analyst="tester")


@pytest.fixture
def colleague_copy(tmp_path: Path, project: Path) -> Path:
    svc = ProjectService.open(project, read_only=True)
    svc.save_copy(tmp_path / "copy.db")
    svc.close()
    other = ProjectService.open(tmp_path / "copy.db", analyst="colleague")
    other.add_claim("The colleague's claim")
    other.close()
    return tmp_path / "copy.db"


def _refused_in_use(res: subprocess.CompletedProcess[str], path: Path) -> None:
    assert res.returncode == 2, res.stdout + res.stderr
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and "in use by another program" in lines[0] and str(path.name) in lines[0]


def test_load_and_merge_into_a_held_project_are_refused_and_change_nothing(
        tmp_path: Path, project: Path, colleague_copy: Path) -> None:
    exchange = tmp_path / "more.json"
    exchange.write_text(json.dumps({"claims": [{"id": "new", "text": "Loaded while held"}]}), "utf-8")
    with held(project):
        before = project.read_bytes()
        _refused_in_use(vwb("load", project, exchange), project)
        _refused_in_use(vwb("merge", project, colleague_copy), project)
        assert project.read_bytes() == before


def test_reading_a_held_project_works(tmp_path: Path, project: Path) -> None:
    with held(project):
        svc = ProjectService.open(project, read_only=True)
        try:
            assert svc.claim("c1") is not None
        finally:
            svc.close()
        dump = vwb("dump", project)
        assert dump.returncode == 0 and json.loads(dump.stdout)["claims"]
        assert vwb("copy", project, tmp_path / "shared-copy.db").returncode == 0
        with pytest.raises(ProjectInUseError, match="in use by another program"):
            ProjectService.open(project)


def test_a_killed_holder_never_locks_the_user_out(project: Path, colleague_copy: Path) -> None:
    with held(project) as proc:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=HANG_GUARD)
    svc = ProjectService.open(project, analyst="tester")  # writable again at once
    svc.add_claim("After the crash")
    svc.close()
    res = vwb("merge", project, colleague_copy)
    assert res.returncode == 0, res.stderr
