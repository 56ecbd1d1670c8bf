"""Careless commands and hostile inputs (issue 19): each defect the red-team pass found, one test each.

Every command against every hostile project, document, exchange file and output target is run by
``tests/test_hostile_corpus.py``; the tests here check what the corpus does not: the API the app
uses, exact messages, and that the same commands still work on good inputs.

Outputs never replace the project or an open project, failures leave no
leftovers, FIFOs and devices are refused without hanging, and the one-line
messages name the file the user typed.
"""

from __future__ import annotations

import os
import shutil
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


def test_an_exchange_file_over_the_size_limit_is_refused(tmp_path: Path) -> None:
    big = tmp_path / "big.json"
    with open(big, "wb") as fh:
        fh.truncate(safeio.MAX_EXCHANGE_BYTES + 1)  # sparse: costs no disk
    with pytest.raises(safeio.InputFileError, match="too large"):
        safeio.read_regular_file(big)


# --------------------------------------------------------------------------- one rule set for values

def _load_refused(project: Path, tmp_path: Path, data: dict, *must: str) -> None:
    import json as _json

    exchange = tmp_path / "hostile.json"
    exchange.write_text(_json.dumps(data))
    before = project.read_bytes()
    res = run_vwb("load", project, exchange)
    _one_line_refusal(res, str(exchange), *must)
    assert project.read_bytes() == before
    assert run_vwb("check", project).returncode == 0


BIG = 10 * 1024 * 1024


@pytest.mark.parametrize("data,field", [
    ({"claims": [{"id": "c-big", "text": "x" * BIG}]}, "text"),
    ({"claims": [{"id": "c-big", "text": "ok", "note": "n" * BIG}]}, "note"),
    ({"claims": [{"id": "c-pos", "text": "ok", "position": 1.5}]}, "position"),
    ({"claims": [{"id": "c-pos", "text": "ok", "position": 2**70}]}, "position"),
    ({"sources": [{"id": "s-big", "name": "n", "notes": "x" * (5 * 1024 * 1024)}]}, "notes"),
    ({"sources": [{"id": "s-big", "name": "x" * (5 * 1024 * 1024)}]}, "name"),
    ({"project": {"title": "t" * (5 * 1024 * 1024)}}, "title"),
    ({"project": {"settings": {"prior_weight": 1e308}}}, "prior_weight"),
    ({"project": {"half_life_days": 1e300}}, "half_life_days"),
], ids=["claim-text", "claim-note", "position-fraction", "position-huge", "source-notes", "source-name",
        "project-title", "prior-weight", "half-life"])
def test_load_refuses_values_the_open_check_would_refuse(demo_path: Path, tmp_path: Path, data: dict,
                                                         field: str) -> None:
    _load_refused(demo_path, tmp_path, data, field)


def test_the_service_refuses_a_note_the_open_check_would_refuse(demo_path: Path) -> None:
    from workbench.store.exchange import ExchangeError

    svc = ProjectService.open(demo_path)
    try:
        claim = svc.list_claims()[0]["id"]
        with pytest.raises(ExchangeError, match="note: too long"):
            svc.update_claim(claim, note="n" * int(5.6 * 1024 * 1024))
        with pytest.raises(ExchangeError, match="prior_weight"):
            svc.set_settings({"settings": {"prior_weight": 1e308}})
    finally:
        svc.close()
    ProjectService.open(demo_path).close()  # and the project still opens


def _claim_and_evidence(p: Path) -> tuple[str, str, str]:
    import sqlite3

    conn = sqlite3.connect(p)
    try:
        eid, cid = conn.execute("SELECT id, claim_id FROM evidence ORDER BY position LIMIT 1").fetchone()
        other = conn.execute("SELECT id FROM evidence WHERE claim_id != ? LIMIT 1", (cid,)).fetchone()[0]
        return eid, cid, other
    finally:
        conn.close()


_SCORING = "INSERT OR REPLACE INTO setting (key, value) VALUES ('scoring', "
CHECK_CASES = {
    "bad-stance": "UPDATE evidence SET stance = 'maybe' WHERE id = '{e}'",
    "bad-credibility": "UPDATE evidence SET credibility = 9 WHERE id = '{e}'",
    "bad-reliability": "UPDATE source SET reliability = 'Z'",
    "base-rate-5": "UPDATE claim SET base_rate = 5.0 WHERE id = '{c}'",
    "derives-from-itself": "UPDATE evidence SET derives_from_evidence_id = id WHERE id = '{e}'",
    "derives-from-another-claim": "UPDATE evidence SET derives_from_evidence_id = '{o}' WHERE id = '{e}'",
    "nan-setting": _SCORING + "'{{\"settings\": {{\"t_max\": NaN}}}}')",
    "negative-setting": _SCORING + "'{{\"settings\": {{\"prior_weight\": -1}}}}')",
    "string-setting": _SCORING + "'{{\"settings\": {{\"interested\": \"x\"}}}}')",
    "huge-prior-weight": _SCORING + "'{{\"settings\": {{\"prior_weight\": 1e308}}}}')",
    "seq-int64-max": "UPDATE event SET seq = 9223372036854775807 WHERE seq = (SELECT max(seq) FROM event)",
    "claim-text-3mb": "UPDATE claim SET text = printf('%.*c', 3000000, 'x') WHERE id = '{c}'",
    "position-fraction": "UPDATE claim SET position = 1.5 WHERE id = '{c}'",
    "bad-date": "UPDATE evidence SET date = '2024-02-30' WHERE id = '{e}'",
}


@pytest.mark.parametrize("case", sorted(CHECK_CASES))
def test_check_refuses_exactly_what_the_app_refuses(demo_path: Path, case: str) -> None:
    from tests.conftest import run_sql
    from workbench.store.projectfile import ProjectFileError

    e, c, o = _claim_and_evidence(demo_path)
    run_sql(demo_path, CHECK_CASES[case].format(e=e, c=c, o=o))
    before = demo_path.read_bytes()
    with pytest.raises(ProjectFileError) as err:
        ProjectService.open(demo_path).close()
    assert "\n" not in str(err.value)
    res = run_vwb("check", demo_path)
    line = _one_line_refusal(res, str(demo_path))
    assert line.endswith(str(err.value))
    assert demo_path.read_bytes() == before


def test_an_upgrade_that_would_store_a_refused_value_changes_nothing(tmp_path: Path) -> None:
    from tests.conftest import ROOT, run_sql
    from workbench.store.projectfile import ProjectFileError

    old = tmp_path / "old.db"
    shutil.copy(ROOT / "tests" / "fixtures" / "format1-demo.db", old)
    run_sql(old, "UPDATE claim SET base_rate = 5.0")
    before = old.read_bytes()
    with pytest.raises(ProjectFileError, match="base rate"):
        ProjectService.open(old).close()
    assert old.read_bytes() == before


# --------------------------------------------------------------------------- sidecar journals

def _crafted_journal(project: Path, orig_pages: int = 1_000_000) -> Path:
    """512 bytes that look like a hot rollback journal restoring the file to ``orig_pages`` pages."""
    import struct

    page_size = struct.unpack(">H", project.read_bytes()[16:18])[0]
    head = bytes.fromhex("d9d505f920a163d7") + struct.pack(">iIIII", 0, 12345, orig_pages, 512, page_size)
    journal = project.with_name(project.name + "-journal")
    journal.write_bytes(head + bytes(512 - len(head)))
    return journal


def test_a_crafted_journal_is_never_rolled_back(tmp_path: Path, demo_path: Path) -> None:
    from workbench.merge import merge_projects
    from workbench.store.projectfile import ProjectFileError

    theirs = tmp_path / "theirs.db"
    shutil.copy(demo_path, theirs)
    _crafted_journal(theirs)
    before = theirs.read_bytes()
    for args in (["check", theirs], ["assess", theirs], ["merge", demo_path, theirs]):
        res = run_vwb(*args)
        _one_line_refusal(res, str(theirs))
        assert theirs.stat().st_size == len(before) and theirs.read_bytes() == before, args
    for read_only in (True, False):
        with pytest.raises(ProjectFileError) as err:
            ProjectService.open(theirs, read_only=read_only).close()
        assert "\n" not in str(err.value)
        assert theirs.read_bytes() == before
    svc = ProjectService.open(demo_path)
    try:
        with pytest.raises(ProjectFileError):
            merge_projects(svc, theirs)
    finally:
        svc.close()
    assert theirs.read_bytes() == before


def test_a_read_only_look_at_a_crashed_file_changes_no_byte(tmp_path: Path, demo_path: Path) -> None:
    """A genuine hot journal (a writer killed mid-transaction) is rolled back only by a writable open."""
    import sqlite3

    conn = sqlite3.connect(demo_path, isolation_level=None)
    conn.execute("PRAGMA cache_size=1")  # spill changed pages into the file before the commit
    conn.execute("BEGIN")
    conn.execute("UPDATE claim SET note = printf('%.*c', 20000, 'n')")
    conn.execute("UPDATE evidence SET note = printf('%.*c', 20000, 'n')")
    crashed = tmp_path / "crashed.db"
    shutil.copy(demo_path, crashed)
    shutil.copy(demo_path.with_name(demo_path.name + "-journal"), crashed.with_name("crashed.db-journal"))
    conn.execute("ROLLBACK")
    conn.close()
    before = crashed.read_bytes()
    res = run_vwb("check", crashed)
    _one_line_refusal(res, str(crashed), "open it for writing once")
    assert crashed.read_bytes() == before
    ProjectService.open(crashed).close()  # the writable open recovers the last saved state
    assert run_vwb("check", crashed).returncode == 0


# --------------------------------------------------------------------------- schema definitions

def _rewrite_definition(p: Path, name: str, old: str, new: str) -> None:
    import sqlite3

    conn = sqlite3.connect(p)
    sql = conn.execute("SELECT sql FROM sqlite_master WHERE name = ?", (name,)).fetchone()[0]
    assert old in sql
    conn.execute("PRAGMA writable_schema=ON")
    conn.execute("UPDATE sqlite_master SET sql = ? WHERE name = ?", (sql.replace(old, new, 1), name))
    conn.commit()
    conn.close()


SCHEMA_CASES = {
    "check-constraint": ("claim", "PRIMARY KEY (id)", "CHECK (note NOT LIKE '%leak%'), PRIMARY KEY (id)"),
    "collate-nocase-id": ("source", "id VARCHAR(64) NOT NULL", "id VARCHAR(64) COLLATE NOCASE NOT NULL"),
    "generated-column": ("claim", "PRIMARY KEY (id)",
                         "hidden_copy TEXT GENERATED ALWAYS AS (note) VIRTUAL, PRIMARY KEY (id)"),
    "foreign-index-expression": ("ix_evidence_claim", "(claim_id)", "(lower(claim_id))"),
}


@pytest.mark.parametrize("case", sorted(SCHEMA_CASES))
def test_the_schema_check_compares_definitions_not_names(demo_path: Path, case: str) -> None:
    from workbench.store.projectfile import ProjectFileError

    _rewrite_definition(demo_path, *SCHEMA_CASES[case])
    before = demo_path.read_bytes()
    with pytest.raises(ProjectFileError, match="refused for safety|unexpected columns"):
        ProjectService.open(demo_path).close()
    _one_line_refusal(run_vwb("check", demo_path), str(demo_path))
    assert demo_path.read_bytes() == before


def test_a_file_upgraded_from_format_1_still_opens(tmp_path: Path) -> None:
    from tests.conftest import ROOT

    old = tmp_path / "old.db"
    shutil.copy(ROOT / "tests" / "fixtures" / "format1-demo.db", old)
    ProjectService.open(old).close()  # upgrades, with ALTER TABLE-extended definitions
    ProjectService.open(old).close()  # and opens again
    assert run_vwb("check", old).returncode == 0
