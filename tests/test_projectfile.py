"""Project files: identity, hardening, refusal of bad files, migrations, locks."""

from __future__ import annotations

import os
import sqlite3
import struct
from pathlib import Path

import pytest

from tests.conftest import run_sql, run_vwb
from workbench.store import projectfile as pf
from workbench.store.projectfile import ProjectFileError, fileformat, open_project, read_header


def _bytes(p: Path) -> bytes:
    return p.read_bytes()


def test_new_project_has_identity_and_rollback_journal(tmp_path: Path) -> None:
    path = tmp_path / "p.db"
    pf.create_project(path, "T").close()
    raw = path.read_bytes()[:100]
    assert raw.startswith(b"SQLite format 3\x00")
    assert struct.unpack(">I", raw[68:72])[0] == pf.APPLICATION_ID
    assert struct.unpack(">i", raw[60:64])[0] == pf.FORMAT_VERSION
    assert raw[18] == 1 and raw[19] == 1, "file format bytes 1/1 mean rollback journal, not WAL"
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    conn.close()


def test_a_new_project_passes_every_check_and_opens_without_them(tmp_path: Path) -> None:
    """A new file is made from the frozen schema and opened as this program's own bytes: it must
    be exactly what every check accepts (the next open then skips them), its one project row
    titled, and locked against a second writer while open."""
    path = tmp_path / "p.db"
    created = pf.create_project(path, "Title")
    try:
        with pytest.raises(pf.ProjectInUseError):
            open_project(path)
    finally:
        created.close()
    pf.verify(path, trust=False)
    assert pf.is_trusted(pf.file_digest(path))
    conn = sqlite3.connect(path)
    try:
        (pid, title, created_at, changed_at), = conn.execute("SELECT id, title, created_at, changed_at FROM project")
        names = {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'")}
    finally:
        conn.close()
    assert title == "Title" and len(pid) == 36 and created_at.endswith("+00:00") and changed_at.endswith("+00:00")
    assert names == {sql.split()[2] for sql in pf.FORMAT_2_SCHEMA}


def _refused(path: Path, expect: str) -> None:
    before = path.read_bytes() if path.exists() else None
    with pytest.raises(ProjectFileError) as err:
        open_project(path)
    assert expect in str(err.value)
    assert str(path) in str(err.value)
    assert "\n" not in str(err.value)
    if before is not None:
        assert path.read_bytes() == before, "a refused file must not change"
    # The CLI says the same in one line with exit 2.
    res = run_vwb("check", path)
    assert res.returncode == 2
    assert expect in res.stderr and len(res.stderr.strip().splitlines()) == 1
    assert "Traceback" not in res.stderr
    if before is not None:
        assert path.read_bytes() == before


def test_refuses_empty_file(tmp_path: Path) -> None:
    p = tmp_path / "empty.db"
    p.write_bytes(b"")
    _refused(p, "empty file")


def test_refuses_random_bytes(tmp_path: Path) -> None:
    p = tmp_path / "random.db"
    p.write_bytes(os.urandom(8192))
    _refused(p, "not an SQLite database")


def test_refuses_random_bytes_with_valid_header(tmp_path: Path, demo_path: Path) -> None:
    p = tmp_path / "garbage.db"
    raw = demo_path.read_bytes()
    p.write_bytes(raw[:100] + os.urandom(len(raw) - 100))
    _refused(p, "")


def test_refuses_other_applications_database(tmp_path: Path) -> None:
    p = tmp_path / "other.db"
    run_sql(p, "CREATE TABLE notes(x)")
    _refused(p, "another application's SQLite database")


def test_refuses_newer_format(tmp_path: Path, demo_path: Path) -> None:
    run_sql(demo_path, f"PRAGMA user_version={pf.FORMAT_VERSION + 1}")
    _refused(demo_path, "newer version")


@pytest.mark.parametrize("fraction", [0.2, 0.5, 0.9])
def test_refuses_truncated_project(demo_path: Path, fraction: float) -> None:
    raw = demo_path.read_bytes()
    demo_path.write_bytes(raw[: int(len(raw) * fraction)])
    _refused(demo_path, "truncated")


def test_refuses_added_trigger(demo_path: Path) -> None:
    run_sql(demo_path, "CREATE TRIGGER t AFTER INSERT ON claim BEGIN DELETE FROM evidence; END")
    _refused(demo_path, "unexpected trigger")


def test_refuses_view_standing_in_for_a_table(demo_path: Path) -> None:
    run_sql(demo_path, "PRAGMA foreign_keys=OFF", "ALTER TABLE event RENAME TO event_old",
            "CREATE VIEW event AS SELECT * FROM event_old")
    _refused(demo_path, "unexpected")


def test_refuses_extra_table(demo_path: Path) -> None:
    run_sql(demo_path, "CREATE TABLE smuggled(x)")
    _refused(demo_path, "unexpected table 'smuggled'")


def test_hardened_connection_refuses_attach(demo_path: Path) -> None:
    conn = pf.connect(demo_path, read_only=True)
    with pytest.raises(sqlite3.OperationalError):
        conn.execute("ATTACH DATABASE ':memory:' AS x")
    assert conn.execute("PRAGMA trusted_schema").fetchone()[0] == 0
    conn.close()


def test_nulls_and_booleans_are_bound_as_the_driver_binds_them(tmp_path: Path) -> None:
    """The adapters registered for None and bool (they save the driver a failed lookup per value)
    store exactly what it stored without them: NULL, and integers 1 and 0."""
    conn = sqlite3.connect(tmp_path / "x.db")
    try:
        conn.execute("CREATE TABLE t (a, b, c)")
        conn.executemany("INSERT INTO t VALUES (?, ?, ?)", [(None, True, False), (1, None, True)])
        rows = conn.execute("SELECT a, typeof(a), b, typeof(b), c, typeof(c) FROM t ORDER BY rowid").fetchall()
    finally:
        conn.close()
    assert rows == [(None, "null", 1, "integer", 0, "integer"), (1, "integer", None, "null", 1, "integer")]
    assert all(type(v) is int for v in (rows[0][2], rows[0][4], rows[1][4]))


def test_writer_lock_offers_read_only(demo_path: Path) -> None:
    first = open_project(demo_path)
    try:
        with pytest.raises(pf.ProjectInUseError, match="in use by another program"):
            open_project(demo_path)
        ro = open_project(demo_path, read_only=True)
        assert ro.read_only
        ro.close()
    finally:
        first.close()
    open_project(demo_path).close()  # released on close


def test_unwritable_folder_opens_read_only(tmp_path: Path, demo_path: Path) -> None:
    """A file the user may not write opens read-only, unchanged.

    Root may write anything, so as root (as in CI) the check runs in a new
    user namespace (``unshare -U``): the same process owner, without the
    power to override file permissions.
    """
    import subprocess
    import sys

    os.chmod(demo_path, 0o444)
    os.chmod(demo_path.parent, 0o555)
    before = demo_path.read_bytes()
    try:
        if os.geteuid() != 0:
            p = open_project(demo_path)
            assert p.read_only
            p.close()
        else:
            code = ("import sys; from pathlib import Path; from workbench.store.projectfile import open_project; "
                    "p = open_project(Path(sys.argv[1])); print('read-only' if p.read_only else 'writable'); "
                    "p.close()")
            res = subprocess.run(["unshare", "-U", sys.executable, "-c", code, str(demo_path)],
                                 capture_output=True, text=True, timeout=120,
                                 cwd=Path(__file__).resolve().parent.parent)
            assert res.returncode == 0, res.stderr
            assert res.stdout.strip() == "read-only"
            # The same command as root, for contrast: the namespace is what made it read-only.
            res = subprocess.run([sys.executable, "-c", code, str(demo_path)], capture_output=True, text=True,
                                 timeout=120, cwd=Path(__file__).resolve().parent.parent)
            assert res.stdout.strip() == "writable", res.stderr
        assert demo_path.read_bytes() == before
    finally:
        os.chmod(demo_path.parent, 0o755)
        os.chmod(demo_path, 0o644)


# ----------------------------------------------------------------- migrations


def _step_add_marker(conn: sqlite3.Connection) -> None:
    conn.execute("UPDATE project SET title = title || ' (upgraded)'")


def _step_fails(conn: sqlite3.Connection) -> None:
    conn.execute("UPDATE project SET title = 'half-done'")
    raise RuntimeError("boom")


def test_upgrade_runs_steps_in_one_transaction_and_keeps_a_backup(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    pf.create_project(path, "Old").close()
    original = path.read_bytes()
    v = pf.FORMAT_VERSION
    backup = pf.upgrade(path, v, steps={v: _step_add_marker, v + 1: _step_add_marker}, target=v + 2)
    assert backup.read_bytes() == original
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == v + 2
    assert conn.execute("SELECT title FROM project").fetchone()[0] == "Old (upgraded) (upgraded)"
    conn.close()


def test_failed_upgrade_leaves_the_file_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    pf.create_project(path, "Old").close()
    conn = sqlite3.connect(path)
    before = conn.execute("SELECT title FROM project").fetchone()[0]
    conn.close()
    v = pf.FORMAT_VERSION
    with pytest.raises(ProjectFileError, match=f"upgrade from format {v} failed"):
        pf.upgrade(path, v, steps={v: _step_add_marker, v + 1: _step_fails}, target=v + 2)
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == v
    assert conn.execute("SELECT title FROM project").fetchone()[0] == before
    conn.close()


def test_open_upgrades_an_older_format(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "old.db"
    pf.create_project(path, "Fixture").close()
    v = pf.FORMAT_VERSION
    monkeypatch.setattr(fileformat, "FORMAT_VERSION", v + 1)  # every check reads it from there
    monkeypatch.setitem(pf.MIGRATIONS, v, _step_add_marker)
    opened = open_project(path)
    opened.close()
    assert read_header(path).user_version == v + 1
    assert (tmp_path / f"old.db.format{v}.bak").exists()


FIXTURES = Path(__file__).parent / "fixtures"


@pytest.mark.parametrize("fixture", sorted(p.name for p in FIXTURES.glob("format*-demo.db")))
def test_every_released_format_opens_and_upgrades(tmp_path: Path, fixture: str) -> None:
    """A project saved by every earlier release opens, is upgraded after a backup, and keeps its content."""
    import shutil

    from workbench.service import ProjectService

    path = tmp_path / fixture
    shutil.copy2(FIXTURES / fixture, path)
    old_version = read_header(path).user_version
    svc = ProjectService.open(path)
    try:
        data = svc.dump()
        assert len(data["claims"]) == 6 and len(data["evidence"]) > 5
        assert all("url" in s for s in data["sources"])  # the format 2 fields exist after the upgrade
        svc.add_document("After the upgrade", "New text.")
    finally:
        svc.close()
    assert read_header(path).user_version == pf.FORMAT_VERSION
    if old_version < pf.FORMAT_VERSION:
        assert (tmp_path / f"{fixture}.format{old_version}.bak").read_bytes() == (FIXTURES / fixture).read_bytes()


def test_clean_copy_has_no_deleted_leftovers(tmp_path: Path, demo_service) -> None:  # noqa: ANN001
    secret = "SECRET-WORDS-" * 50
    doc = demo_service.add_document("Leak", secret).new_id
    demo_service.delete_document(doc)
    out = tmp_path / "copy.db"
    demo_service.save_copy(out)
    assert secret.encode() not in out.read_bytes()
    h = read_header(out)
    assert h.application_id == pf.APPLICATION_ID and h.user_version == pf.FORMAT_VERSION
    copy = open_project(out)
    copy.close()


def test_an_upgraded_file_has_exactly_the_schema_of_a_new_one(tmp_path: Path) -> None:
    import shutil

    old = tmp_path / "old.db"
    shutil.copy2(FIXTURES / "format1-demo.db", old)
    open_project(old).close()
    new = tmp_path / "new.db"
    pf.create_project(new, "New").close()
    a, b = sqlite3.connect(old), sqlite3.connect(new)
    try:
        tables = [r[0] for r in b.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        assert "media" in tables
        def columns(conn: sqlite3.Connection, table: str) -> list[tuple[object, ...]]:
            return sorted(r[1:] for r in conn.execute(f'PRAGMA table_info("{table}")'))

        for t in tables:
            assert columns(a, t) == columns(b, t), t
    finally:
        a.close()
        b.close()


def test_the_frozen_format_2_schema_is_what_the_model_creates() -> None:
    """Files are checked (and shown) before SQLAlchemy is imported, against a schema written out
    in projectfile/fileformat.py: it must be exactly what ``create_all`` writes, column types included."""
    import sqlite3

    from sqlalchemy import Boolean, Float, Integer, LargeBinary, create_engine

    from workbench.store import projectfile
    from workbench.store.model import Base

    ref = sqlite3.connect(":memory:")
    engine = create_engine("sqlite://", creator=lambda: ref)
    Base.metadata.create_all(engine)
    created = tuple(sql for (sql,) in ref.execute("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL "
                                                  "ORDER BY rowid"))
    engine.dispose()
    # Sorted: create_all emits a table's indexes in set order (it varies with the hash seed).
    assert sorted(created) == sorted(projectfile.FORMAT_2_SCHEMA), (
        "the model changed: paste its create_all statements into projectfile/fileformat.py FORMAT_2_SCHEMA")
    assert projectfile.TABLE_ORDER == tuple(t.name for t in Base.metadata.sorted_tables)
    kinds = projectfile.expected_schema().kinds
    for table in Base.metadata.sorted_tables:
        expected = []
        for col in table.columns:
            if isinstance(col.type, LargeBinary):
                k: tuple[str, ...] = ("blob",)
            elif isinstance(col.type, (Integer, Boolean)):
                k = ("integer",)
            elif isinstance(col.type, Float):
                k = ("real", "integer")
            else:
                k = ("text",)
            expected.append((col.name, k + (("null",) if col.nullable else ())))
        assert kinds[table.name] == expected, table.name


def _indexes(path: Path) -> dict[str, str]:
    conn = sqlite3.connect(path)
    try:
        return {name: sql for name, sql in conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL")}
    finally:
        conn.close()


def test_new_and_upgraded_files_index_a_documents_evidence(tmp_path: Path) -> None:
    """Showing a document reads its evidence by ``document_id``: a new file and a format 1 file
    after its upgrade both have the index, with the same definition."""
    import shutil

    new = tmp_path / "new.db"
    pf.create_project(new, "New").close()
    old = tmp_path / "old.db"
    shutil.copy2(FIXTURES / "format1-demo.db", old)
    assert "ix_evidence_document" not in _indexes(old)
    open_project(old).close()
    assert _indexes(old) == _indexes(new)
    assert _indexes(new)["ix_evidence_document"] == "CREATE INDEX ix_evidence_document ON evidence (document_id)"
    conn = sqlite3.connect(new)
    try:
        plan = " ".join(r[-1] for r in conn.execute(
            "EXPLAIN QUERY PLAN SELECT id FROM evidence WHERE document_id = 'd1'"))
    finally:
        conn.close()
    assert "ix_evidence_document" in plan


def test_a_current_file_without_the_index_gets_it_when_opened_for_writing_only(
        tmp_path: Path, demo_path: Path) -> None:
    """A format 2 file written before the index joined the format opens read-only unchanged (and
    passes every check), and gains the index at its first writable open; nothing else changes."""
    conn = sqlite3.connect(demo_path)
    conn.execute("DROP INDEX ix_evidence_document")
    conn.commit()
    rows_before = conn.execute("SELECT * FROM evidence ORDER BY id").fetchall()
    conn.close()
    before = demo_path.read_bytes()
    ro = open_project(demo_path, read_only=True)
    try:
        assert ro.read_only
        with ro.session() as s:
            from sqlalchemy import text

            assert s.execute(text("SELECT count(*) FROM evidence")).scalar_one() == len(rows_before)
    finally:
        ro.close()
    assert demo_path.read_bytes() == before
    assert "ix_evidence_document" not in _indexes(demo_path)
    open_project(demo_path).close()
    assert "ix_evidence_document" in _indexes(demo_path)
    conn = sqlite3.connect(demo_path)
    try:
        assert conn.execute("SELECT * FROM evidence ORDER BY id").fetchall() == rows_before
    finally:
        conn.close()
    pf.verify(demo_path, trust=False)  # the file with its new index passes every check
