"""A corpus of hostile and damaged project files, built here from a real project.

Each one must be refused quickly by ``ProjectService.open`` (the app's way in)
with one line naming the file and the reason, and must not be changed by being
looked at; ``tests/test_hostile_corpus.py`` runs every ``vwb`` command on each. The
merge path must refuse it too, leaving the user's own project untouched.
"""

from __future__ import annotations

import os
import sqlite3
import struct
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import run_sql, run_vwb
from workbench.demo import write_demo
from workbench.merge import merge_projects
from workbench.service import ProjectService
from workbench.store import projectfile as pf
from workbench.store.projectfile import ProjectFileError

# A refusal must not hang or grow with the hostile payload (the bad cases took 20 s to minutes);
# a whole `vwb check` process is about 1 s on a quiet machine, several on a loaded one.
REFUSAL_BOUND_S = 10.0
BIG = 100 * 1024 * 1024  # larger than projectfile.MAX_CELL_BYTES


def _set_identity(path: Path, user_version: int = pf.FORMAT_VERSION) -> None:
    """Write our application id and format version into the 100-byte header."""
    with open(path, "r+b") as fh:
        fh.seek(60)
        fh.write(struct.pack(">i", user_version))
        fh.seek(68)
        fh.write(struct.pack(">I", pf.APPLICATION_ID))


def added_trigger(p: Path) -> None:
    run_sql(p, "CREATE TRIGGER wipe AFTER INSERT ON claim BEGIN DELETE FROM evidence; END")


def view_named_like_a_table(p: Path) -> None:
    run_sql(p, "PRAGMA foreign_keys=OFF", "ALTER TABLE source RENAME TO source_real",
         "CREATE VIEW source AS SELECT * FROM source_real")


def oversized_text_cell(p: Path) -> None:
    # Built with plain sqlite3 in a fresh file, then given our identity, as an attacker would.
    p.unlink()
    conn = sqlite3.connect(p)
    ref = sqlite3.connect(":memory:")
    from sqlalchemy import create_engine

    from workbench.store.model import Base

    Base.metadata.create_all(create_engine("sqlite://", creator=lambda: conn))
    conn.execute("INSERT INTO project (id, title, created_at, changed_at) VALUES ('p', 'Big', '', '')")
    conn.execute("INSERT INTO document (id, position, title, text, sha256, length, page_starts, imported_at,"
                 " changed_at) VALUES ('d', 1, 'Big', CAST(zeroblob(?) AS TEXT), '', 0, '[]', '', '')", (BIG,))
    conn.commit()
    conn.close()
    ref.close()
    _set_identity(p)


def oversized_blob_in_a_text_column(p: Path) -> None:
    run_sql(p, "UPDATE claim SET note = randomblob(?) WHERE id = 'c1'", params=(BIG,))


def nested_json_in_settings(p: Path) -> None:
    run_sql(p, "INSERT OR REPLACE INTO setting (key, value) VALUES ('scoring', ?)",
         params=('{"settings": ' + "[" * 50_000 + "]" * 50_000 + "}",))


def nested_json_in_event_details(p: Path) -> None:
    run_sql(p, "UPDATE event SET details = ? WHERE seq = (SELECT max(seq) FROM event)",
         params=('{"ids": ' + "[" * 50_000 + "]" * 50_000 + "}",))


def nested_json_in_event_details_without_bracket_runs(p: Path) -> None:
    """Nesting that never repeats a bracket twice in a row: {"a": {"a": … and [1, [1, …"""
    run_sql(p, "UPDATE event SET details = ? WHERE seq = (SELECT max(seq) FROM event)",
         params=('{"ids": ' + '{"a": ' * 50_000 + "1" + "}" * 50_000 + "}",))


def newer_format(p: Path) -> None:
    run_sql(p, f"PRAGMA user_version={pf.FORMAT_VERSION + 1}")


def random_bytes_with_a_valid_header(p: Path) -> None:
    raw = p.read_bytes()
    p.write_bytes(raw[:100] + os.urandom(len(raw) - 100))


def huge_schema_sql(p: Path) -> None:
    conn = sqlite3.connect(p)
    sql = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'source'").fetchone()[0]
    conn.execute("PRAGMA writable_schema=ON")
    conn.execute("UPDATE sqlite_master SET sql = ? WHERE name = 'source'",
                 (sql + " /*" + "x" * (8 * 1024 * 1024) + "*/",))
    conn.commit()
    conn.close()


def _truncate(fraction: float) -> Callable[[Path], None]:
    def cut(p: Path) -> None:
        raw = p.read_bytes()
        p.write_bytes(raw[: max(100, int(len(raw) * fraction))])
    cut.__name__ = f"truncated_at_{fraction:g}"
    return cut


def truncated_by_one_page(p: Path) -> None:
    raw = p.read_bytes()
    page = struct.unpack(">H", raw[16:18])[0]
    p.write_bytes(raw[:-page])


def damaged_freelist(p: Path) -> None:
    """Free pages, then a freelist trunk page pointing at pages that do not exist or are in use."""
    run_sql(p, "CREATE TABLE junk (x)", "INSERT INTO junk VALUES (randomblob(20000))")
    run_sql(p, "DROP TABLE junk")
    raw = bytearray(p.read_bytes())
    page = struct.unpack(">H", raw[16:18])[0]
    trunk = struct.unpack(">I", raw[32:36])[0]
    assert trunk, "the file has no free pages to damage"
    at = (trunk - 1) * page
    raw[at + 4:at + 20] = struct.pack(">IIII", 3, 999_999, 2, 1)
    p.write_bytes(bytes(raw))


# (builder, words the one-line reason must contain, needs a projectfile.py change)
CORPUS: list[tuple[Callable[[Path], None], str, bool]] = [
    (added_trigger, "unexpected trigger", False),
    (view_named_like_a_table, "unexpected", False),
    (oversized_text_cell, "", False),
    (oversized_blob_in_a_text_column, "", False),
    (nested_json_in_settings, "", False),
    (nested_json_in_event_details, "", False),
    (nested_json_in_event_details_without_bracket_runs, "", False),
    (newer_format, "newer version", False),
    (random_bytes_with_a_valid_header, "", False),
    (huge_schema_sql, "", False),
    (_truncate(0.02), "", False),
    (_truncate(0.5), "truncated", False),
    (_truncate(0.97), "truncated", False),
    (truncated_by_one_page, "truncated", False),
    (damaged_freelist, "integrity check: Main freelist: invalid page number 999999 and", False),
]

@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    return write_demo(tmp_path_factory.mktemp("corpus") / "demo.db", analyst="tester").read_bytes()


@pytest.mark.parametrize(
    "build,reason",
    [pytest.param(b, r, id=b.__name__, marks=[]) for b, r, fix in CORPUS])
def test_hostile_file_is_refused_quickly_in_one_line_and_left_unchanged(
        tmp_path: Path, pristine: bytes, build: Callable[[Path], None], reason: str) -> None:
    path = tmp_path / "hostile.db"
    path.write_bytes(pristine)
    build(path)
    before = path.read_bytes()
    try:
        started = time.monotonic()
        with pytest.raises(ProjectFileError) as err:
            ProjectService.open(path).close()
        opened_in = time.monotonic() - started
        message = str(err.value)
        assert reason in message and str(path) in message and "\n" not in message
        assert opened_in < REFUSAL_BOUND_S, f"took {opened_in:.1f} s to refuse"
        assert path.read_bytes() == before, "looking at a file must not change it"
        # Every vwb command on each of these files: tests/test_hostile_corpus.py.
    finally:
        path.unlink(missing_ok=True)  # the large cases are 100 MB each


def nested_json_in_a_merge_event(p: Path) -> None:
    """A colleague's own "merge" event is copied as is, so its details are checked too."""
    run_sql(p, "UPDATE event SET action = 'merge', details = ? WHERE seq = (SELECT max(seq) FROM event)",
         params=('{"ids": ' + "[" * 50_000 + "]" * 50_000 + "}",))


MERGE_CORPUS = [b for b, _, _ in CORPUS] + [nested_json_in_a_merge_event]


@pytest.mark.parametrize("build", MERGE_CORPUS, ids=[b.__name__ for b in MERGE_CORPUS])
def test_merging_from_a_hostile_file_is_refused_and_changes_nothing(
        tmp_path: Path, pristine: bytes, build: Callable[[Path], None]) -> None:
    mine = tmp_path / "mine.db"
    mine.write_bytes(pristine)
    hostile = tmp_path / "hostile.db"
    hostile.write_bytes(pristine)
    colleague = ProjectService.open(hostile, analyst="colleague")
    colleague.add_claim("A change of theirs, so the copy has history of its own")
    colleague.close()
    build(hostile)
    before = mine.read_bytes(), hostile.read_bytes()
    svc = ProjectService.open(mine)
    try:
        with pytest.raises(ProjectFileError) as err:
            merge_projects(svc, hostile)
        assert str(hostile) in str(err.value) and "\n" not in str(err.value)
    finally:
        svc.close()
        after = mine.read_bytes(), hostile.read_bytes()
        hostile.unlink()
    assert after == before


def test_merging_into_a_damaged_project_names_that_project_not_the_copy(tmp_path: Path, pristine: bytes) -> None:
    """The project being merged into opens (its damage is inside a value) and fails while being read."""
    mine = tmp_path / "mine.db"
    mine.write_bytes(pristine)
    theirs = tmp_path / "theirs.db"
    theirs.write_bytes(pristine)
    run_sql(mine, "UPDATE claim SET note = CAST(x'41ff42' AS TEXT) WHERE rowid = 1")  # not UTF-8
    before = mine.read_bytes(), theirs.read_bytes()
    res = run_vwb("merge", mine, theirs)
    assert res.returncode == 2
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and str(mine) in lines[0] and str(theirs) not in lines[0], res.stderr
    assert (mine.read_bytes(), theirs.read_bytes()) == before
