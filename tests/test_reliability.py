"""Careless commands and hostile inputs (issue 19): each defect the red-team pass found, one test each.

Outputs never replace the project or an open project, failures leave no
leftovers, FIFOs and devices are refused without hanging, and the one-line
messages name the file the user typed.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from tests.conftest import run_vwb
from workbench import safeio
from workbench.service import ProjectService

OUTPUT_COMMANDS = [
    ("memo-md", ["memo", "{p}", "-o", "{o}", "--format", "md"]),
    ("memo-html", ["memo", "{p}", "-o", "{o}", "--format", "html"]),
    ("memo-pdf", ["memo", "{p}", "-o", "{o}", "--format", "pdf"]),
    ("export-csv", ["export", "{p}", "--format", "csv", "-o", "{o}"]),
    ("export-annotations", ["export", "{p}", "--format", "annotations", "-o", "{o}"]),
    ("dump", ["dump", "{p}", "-o", "{o}"]),
    ("copy", ["copy", "{p}", "{o}"]),
]


def _args(template: list[str], project: Path, out: Path) -> list[str]:
    return [a.format(p=project, o=out) for a in template]


def _one_line_refusal(res, *must: str) -> str:  # noqa: ANN001 - CompletedProcess
    assert res.returncode == 2, (res.stdout, res.stderr)
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1, res.stderr
    assert "Traceback" not in res.stderr and ".tmp" not in res.stderr
    for word in must:
        assert word in lines[0], lines[0]
    return lines[0]


def _hidden_leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp") or p.name.endswith("-journal"))


@pytest.mark.parametrize("name,template", OUTPUT_COMMANDS, ids=[n for n, _ in OUTPUT_COMMANDS])
def test_an_output_never_replaces_the_project_itself(demo_path: Path, name: str, template: list[str]) -> None:
    before = demo_path.read_bytes()
    link = demo_path.with_name("link.db")
    link.symlink_to(demo_path.name)
    hard = demo_path.with_name("hard.db")
    os.link(demo_path, hard)
    for out in (demo_path, link, hard):
        res = run_vwb(*_args(template, demo_path, out))
        _one_line_refusal(res, str(out))
        assert demo_path.read_bytes() == before
    assert _hidden_leftovers(demo_path.parent) == []


@pytest.mark.parametrize("name,template", OUTPUT_COMMANDS, ids=[n for n, _ in OUTPUT_COMMANDS])
def test_an_output_never_replaces_a_project_open_in_the_app(tmp_path: Path, demo_path: Path, name: str,
                                                            template: list[str]) -> None:
    other = tmp_path / "open.db"
    shutil.copy(demo_path, other)
    app = ProjectService.open(other)  # holds the writer lock, as the running app does
    try:
        before = other.read_bytes()
        link = tmp_path / "open-link.db"
        link.symlink_to(other)
        for out in (other, link):
            res = run_vwb(*_args(template, demo_path, out))
            _one_line_refusal(res, str(out), "open")
            assert other.read_bytes() == before
        app.add_claim("The app can still write after the refusals")
    finally:
        app.close()
    assert _hidden_leftovers(tmp_path) == []


def test_outputs_to_a_new_file_still_work(tmp_path: Path, demo_path: Path) -> None:
    for name, template in OUTPUT_COMMANDS:
        out = tmp_path / f"out-{name}"
        res = run_vwb(*_args(template, demo_path, out))
        assert res.returncode == 0, (name, res.stderr)
        assert out.stat().st_size > 0
    assert _hidden_leftovers(tmp_path) == []


def test_an_output_into_a_missing_folder_names_the_target_and_leaves_nothing(tmp_path: Path,
                                                                             demo_path: Path) -> None:
    for name, template in OUTPUT_COMMANDS:
        out = tmp_path / "no-such-folder" / f"x-{name}"
        res = run_vwb(*_args(template, demo_path, out))
        _one_line_refusal(res, str(out))
    assert _hidden_leftovers(tmp_path) == []


def test_a_writer_that_fails_leaves_no_temporary_file_and_names_the_target(tmp_path: Path) -> None:
    out = tmp_path / "memo.md"
    out.write_text("the earlier memo")

    def half_then_fail(tmp: Path) -> None:
        tmp.write_text("half")
        raise OSError(28, "No space left on device", str(tmp))

    with pytest.raises(safeio.OutputError) as err:
        safeio.write_atomically(out, half_then_fail)
    assert str(err.value) == f"{out}: cannot be written (No space left on device)"
    assert out.read_text() == "the earlier memo"
    assert _hidden_leftovers(tmp_path) == []


def test_devices_and_fifos_are_never_outputs(tmp_path: Path, demo_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    for out in (fifo, tmp_path):
        with pytest.raises(safeio.OutputError):
            safeio.check_output(out)
    res = run_vwb("dump", demo_path, "-o", fifo)
    _one_line_refusal(res, str(fifo))
    assert fifo.exists() and not fifo.is_file()


def test_a_failed_load_into_a_new_project_leaves_no_empty_project(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"claims": [{"id": "c1", "text": "x", "base_rate": 5}]}')
    new = tmp_path / "NEW.db"
    res = run_vwb("load", new, bad)
    _one_line_refusal(res, str(bad), "base_rate")
    assert not new.exists() and not new.with_name("NEW.db-journal").exists()


@pytest.mark.parametrize("command", ["check", "assess", "dump", "memo", "merge-into", "merge-from", "load"])
def test_a_fifo_named_as_the_project_is_refused_at_once(tmp_path: Path, demo_path: Path, command: str) -> None:
    fifo = tmp_path / "fifo.db"
    os.mkfifo(fifo)
    args = {
        "check": ["check", fifo], "assess": ["assess", fifo], "dump": ["dump", fifo],
        "memo": ["memo", fifo, "-o", tmp_path / "m.md"], "merge-into": ["merge", fifo, demo_path],
        "merge-from": ["merge", demo_path, fifo], "load": ["load", demo_path, fifo],
    }[command]
    before = demo_path.read_bytes()
    started = time.monotonic()
    res = run_vwb(*args)
    assert time.monotonic() - started < 20
    _one_line_refusal(res, str(fifo))
    assert demo_path.read_bytes() == before


def test_dev_zero_as_an_exchange_file_is_refused_without_reading_it(demo_path: Path) -> None:
    res = run_vwb("load", demo_path, "/dev/zero")
    _one_line_refusal(res, "/dev/zero", "not a regular file")


def test_an_exchange_file_over_the_size_limit_is_refused(tmp_path: Path) -> None:
    big = tmp_path / "big.json"
    with open(big, "wb") as fh:
        fh.truncate(safeio.MAX_EXCHANGE_BYTES + 1)  # sparse: costs no disk
    with pytest.raises(safeio.InputFileError, match="too large"):
        safeio.read_regular_file(big)
