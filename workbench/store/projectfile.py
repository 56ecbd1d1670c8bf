"""Project files: create, open, check, upgrade and close a ``.db`` project.

A project file travels by e-mail and USB stick and is opened by people who
did not make it, so it is treated as untrusted input (SQLite's own advice for
application file formats and for untrusted databases):

* the 100-byte header is read and checked (magic, our ``application_id``,
  ``user_version`` as the format version, page count against the file size)
  before SQLite parses anything;
* connections are hardened (``trusted_schema=OFF``, ``cell_size_check=ON``,
  ``mmap_size=0``, no ATTACH, bounded string/SQL sizes, defensive mode where
  Python offers it);
* the schema must hold exactly our tables and indexes: no triggers, no views,
  no extra tables;
* ``PRAGMA quick_check`` must pass;
* the file stays in rollback-journal mode with ``synchronous=FULL`` and
  ``secure_delete=ON``, so the file on disk is always the whole project and
  deleted text does not travel with it.

All checks run on a read-only connection, so a refused file is never
modified. Only one process may hold a project open for writing: a writer
takes an ``flock`` on the file, which the kernel releases if the process dies,
so a crashed app never leaves a stale lock behind.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import struct
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn
from urllib.parse import quote as _urlquote

from workbench.safeio import open_regular

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlalchemy.orm import Session, sessionmaker

# Everything up to opening the engine (the header, the schema and value checks, the writer lock)
# uses sqlite3 alone: the app checks and shows a project before SQLAlchemy is imported
# (workbench.reader). SQLAlchemy is imported where an engine is made.

APPLICATION_ID = 0x56574231  # "VWB1"
FORMAT_VERSION = 2
MIN_FORMAT_VERSION = 1
SQLITE_MAGIC = b"SQLite format 3\x00"

# Resource limits for untrusted files: a hostile file is refused quickly.
MAX_CELL_BYTES = 64 * 1024 * 1024
MAX_SQL_BYTES = 1024 * 1024
MAX_EXPR_DEPTH = 100
BUSY_TIMEOUT_MS = 2000

if sys.platform == "win32":  # pragma: no cover - exercised by Windows builds only
    import msvcrt
else:
    import fcntl


class ProjectFileError(Exception):
    """A project file cannot be used; ``str()`` is one line naming the file and the reason."""

    def __init__(self, path: Path | str, reason: str) -> None:
        self.path = Path(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


class ProjectInUseError(ProjectFileError):
    """Another program holds the project open for writing."""


# A migration step upgrades an open sqlite3 connection from version N to N+1,
# inside the single exclusive transaction that ``upgrade`` opens.
MigrationStep = Callable[[sqlite3.Connection], None]


def _format_1_to_2(conn: sqlite3.Connection) -> None:
    """Format 2: links, images and recognised text, claim reviews, row versions, stored images."""
    for table, column, decl in (
        ("document", "media", "TEXT"), ("document", "ocr", "TEXT"), ("document", "captured", "VARCHAR(32)"),
        ("document", "version", "INTEGER NOT NULL DEFAULT 1"), ("document", "page_text", "TEXT"),
        ("source", "url", "TEXT"), ("source", "version", "INTEGER NOT NULL DEFAULT 1"),
        ("claim", "claimant", "VARCHAR(64)"), ("claim", "review", "TEXT"),
        ("claim", "version", "INTEGER NOT NULL DEFAULT 1"),
        ("evidence", "url", "TEXT"), ("evidence", "archived_url", "TEXT"),
        ("evidence", "version", "INTEGER NOT NULL DEFAULT 1"),
    ):
        conn.execute(f'ALTER TABLE "{table}" ADD COLUMN "{column}" {decl}')
    conn.execute("CREATE TABLE media (sha256 VARCHAR(64) NOT NULL, mime VARCHAR(64) NOT NULL, "
                 "data BLOB NOT NULL, PRIMARY KEY (sha256))")


MIGRATIONS: dict[int, MigrationStep] = {1: _format_1_to_2}


@dataclass(frozen=True)
class Header:
    """What the 100-byte SQLite header says about a file."""

    page_size: int
    page_count: int
    application_id: int
    user_version: int
    file_size: int


def read_header(path: Path) -> Header:
    """Read and check the header without letting SQLite parse the file."""
    path = Path(path)
    fd, st = open_regular(path, lambda reason: ProjectFileError(path, reason), "is a folder, not a project file",
                          "not a regular file (a device, pipe or socket cannot be a project)")
    try:
        raw = os.read(fd, 100)
        size = st.st_size
    except OSError as exc:
        raise ProjectFileError(path, f"cannot be read ({exc.strerror})") from None
    finally:
        os.close(fd)
    if size == 0:
        raise ProjectFileError(path, "empty file, not a Verification Workbench project")
    if len(raw) < 100 or not raw.startswith(SQLITE_MAGIC):
        raise ProjectFileError(path, "not a Verification Workbench project (not an SQLite database)")
    page_size = struct.unpack(">H", raw[16:18])[0]
    page_size = 65536 if page_size == 1 else page_size
    change_counter, page_count = struct.unpack(">II", raw[24:32])
    user_version, application_id = struct.unpack(">iI", raw[60:64] + raw[68:72])
    valid_for = struct.unpack(">I", raw[92:96])[0]
    if application_id != APPLICATION_ID:
        raise ProjectFileError(
            path, "another application's SQLite database, not a Verification Workbench project"
        )
    if user_version > FORMAT_VERSION:
        raise ProjectFileError(
            path,
            f"made by a newer version of Verification Workbench (format {user_version}; "
            f"this version reads up to {FORMAT_VERSION})",
        )
    if user_version < MIN_FORMAT_VERSION:
        raise ProjectFileError(path, f"unknown project format version {user_version}")
    if page_size < 512 or page_size & (page_size - 1):
        raise ProjectFileError(path, "damaged project file (bad page size)")
    if size % page_size:
        raise ProjectFileError(path, "truncated or damaged project file (size is not whole pages)")
    if valid_for == change_counter and page_count and size < page_count * page_size:
        raise ProjectFileError(
            path, f"truncated project file ({size} of {page_count * page_size} bytes)"
        )
    return Header(page_size, page_count, application_id, user_version, size)


def _harden(conn: sqlite3.Connection) -> None:
    """Apply the untrusted-file settings to a fresh sqlite3 connection."""
    conn.setlimit(sqlite3.SQLITE_LIMIT_ATTACHED, 0)
    conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, MAX_CELL_BYTES)
    conn.setlimit(sqlite3.SQLITE_LIMIT_SQL_LENGTH, MAX_SQL_BYTES)
    conn.setlimit(sqlite3.SQLITE_LIMIT_EXPR_DEPTH, MAX_EXPR_DEPTH)
    if hasattr(conn, "setconfig") and hasattr(sqlite3, "SQLITE_DBCONFIG_DEFENSIVE"):
        conn.setconfig(sqlite3.SQLITE_DBCONFIG_DEFENSIVE, True)  # Python >= 3.12
    for pragma in (
        "trusted_schema=OFF",
        "cell_size_check=ON",
        "mmap_size=0",
        "foreign_keys=ON",
        "secure_delete=ON",
        "synchronous=FULL",
        f"busy_timeout={BUSY_TIMEOUT_MS}",
    ):
        conn.execute(f"PRAGMA {pragma}")


def _uri(path: Path, mode: str) -> str:
    return f"file:{_urlquote(str(path.resolve()))}?mode={mode}"


def connect(path: Path, *, read_only: bool) -> sqlite3.Connection:
    """Open a hardened sqlite3 connection in autocommit mode (we issue BEGIN ourselves)."""
    conn = sqlite3.connect(
        _uri(Path(path), "ro" if read_only else "rw"),
        uri=True,
        isolation_level=None,
        check_same_thread=False,
        timeout=BUSY_TIMEOUT_MS / 1000,
    )
    try:
        _harden(conn)
        if not read_only:
            conn.execute("PRAGMA journal_mode=DELETE")
    except BaseException:
        conn.close()
        raise
    return conn


# The format 1 schema exactly as format 1 created it: an upgraded file's schema is this plus the
# migration steps, so it is checked against the same steps run on this text in memory.
FORMAT_1_SCHEMA: tuple[str, ...] = (
    'CREATE TABLE project (\n\tid VARCHAR(64) NOT NULL, \n\ttitle TEXT NOT NULL, \n\tcreated_at VARCHAR(32) NOT NULL, \n\tchanged_at VARCHAR(32) NOT NULL, \n\tPRIMARY KEY (id)\n)',  # noqa: E501
    'CREATE TABLE setting (\n\t"key" VARCHAR(64) NOT NULL, \n\tvalue TEXT NOT NULL, \n\tPRIMARY KEY ("key")\n)',
    'CREATE TABLE document (\n\tid VARCHAR(64) NOT NULL, \n\tposition INTEGER NOT NULL, \n\ttitle TEXT NOT NULL, \n\ttext TEXT, \n\tsha256 VARCHAR(64) NOT NULL, \n\tlength INTEGER NOT NULL, \n\turl TEXT, \n\tauthor TEXT, \n\tpublished DATE, \n\toriginal_name TEXT, \n\tformat VARCHAR(16), \n\tpage_starts TEXT NOT NULL, \n\timported_at VARCHAR(32) NOT NULL, \n\tchanged_at VARCHAR(32) NOT NULL, \n\tPRIMARY KEY (id)\n)',  # noqa: E501
    'CREATE TABLE source (\n\tid VARCHAR(64) NOT NULL, \n\tposition INTEGER NOT NULL, \n\tname TEXT NOT NULL, \n\tkind VARCHAR(16) NOT NULL, \n\treliability VARCHAR(1) NOT NULL, \n\tconfidential BOOLEAN NOT NULL, \n\tnotes TEXT NOT NULL, \n\tchanged_at VARCHAR(32) NOT NULL, \n\tPRIMARY KEY (id)\n)',  # noqa: E501
    'CREATE TABLE event (\n\tid VARCHAR(64) NOT NULL, \n\tseq INTEGER NOT NULL, \n\tat VARCHAR(32) NOT NULL, \n\twho TEXT NOT NULL, \n\taction VARCHAR(64) NOT NULL, \n\tsummary TEXT NOT NULL, \n\tdetails TEXT NOT NULL, \n\tPRIMARY KEY (id)\n)',  # noqa: E501
    'CREATE INDEX ix_event_seq ON event (seq)',
    'CREATE TABLE claim (\n\tid VARCHAR(64) NOT NULL, \n\tposition INTEGER NOT NULL, \n\ttext TEXT NOT NULL, \n\tdocument_id VARCHAR(64), \n\tstart INTEGER, \n\t"end" INTEGER, \n\texact TEXT, \n\tprefix TEXT, \n\tsuffix TEXT, \n\tanchor VARCHAR(16), \n\tstatus VARCHAR(16) NOT NULL, \n\tbase_rate FLOAT NOT NULL, \n\tnote TEXT NOT NULL, \n\tchanged_at VARCHAR(32) NOT NULL, \n\tPRIMARY KEY (id), \n\tFOREIGN KEY(document_id) REFERENCES document (id) ON DELETE SET NULL\n)',  # noqa: E501
    'CREATE INDEX ix_claim_document ON claim (document_id)',
    'CREATE TABLE evidence (\n\tid VARCHAR(64) NOT NULL, \n\tposition INTEGER NOT NULL, \n\tclaim_id VARCHAR(64) NOT NULL, \n\tsource_id VARCHAR(64) NOT NULL, \n\tstance VARCHAR(16) NOT NULL, \n\tcredibility INTEGER NOT NULL, \n\tdiagnosticity VARCHAR(8) NOT NULL, \n\tinterested BOOLEAN NOT NULL, \n\tderives_from_evidence_id VARCHAR(64), \n\tderives_from_source_id VARCHAR(64), \n\tdate DATE, \n\tquote TEXT NOT NULL, \n\tdocument_id VARCHAR(64), \n\tstart INTEGER, \n\t"end" INTEGER, \n\tprefix TEXT, \n\tsuffix TEXT, \n\tanchor VARCHAR(16), \n\tnote TEXT NOT NULL, \n\tchanged_at VARCHAR(32) NOT NULL, \n\tPRIMARY KEY (id), \n\tFOREIGN KEY(claim_id) REFERENCES claim (id) ON DELETE CASCADE, \n\tFOREIGN KEY(source_id) REFERENCES source (id), \n\tFOREIGN KEY(document_id) REFERENCES document (id) ON DELETE SET NULL\n)',  # noqa: E501
    'CREATE INDEX ix_evidence_claim ON evidence (claim_id)',
    'CREATE INDEX ix_evidence_source ON evidence (source_id)',
)


# The format 2 schema exactly as ``Base.metadata.create_all`` writes it (a test keeps the two equal:
# a new column goes into the model, into ``_format_1_to_2`` and here), and the model's tables in
# ``Base.metadata.sorted_tables`` order. Checking a file against these needs no SQLAlchemy.
FORMAT_2_SCHEMA: tuple[str, ...] = (
    'CREATE TABLE project (\n\tid VARCHAR(64) NOT NULL, \n\ttitle TEXT NOT NULL, \n\tcreated_at VARCHAR(32) NOT NULL, \n\tchanged_at VARCHAR(32) NOT NULL, \n\tPRIMARY KEY (id)\n)',  # noqa: E501
    'CREATE TABLE setting (\n\t"key" VARCHAR(64) NOT NULL, \n\tvalue TEXT NOT NULL, \n\tPRIMARY KEY ("key")\n)',
    'CREATE TABLE document (\n\tid VARCHAR(64) NOT NULL, \n\tposition INTEGER NOT NULL, \n\ttitle TEXT NOT NULL, \n\ttext TEXT, \n\tsha256 VARCHAR(64) NOT NULL, \n\tlength INTEGER NOT NULL, \n\turl TEXT, \n\tauthor TEXT, \n\tpublished DATE, \n\toriginal_name TEXT, \n\tformat VARCHAR(16), \n\tpage_starts TEXT NOT NULL, \n\timported_at VARCHAR(32) NOT NULL, \n\tchanged_at VARCHAR(32) NOT NULL, \n\tmedia TEXT, \n\tocr TEXT, \n\tcaptured VARCHAR(32), \n\tpage_text TEXT, \n\tversion INTEGER DEFAULT 1 NOT NULL, \n\tPRIMARY KEY (id)\n)',  # noqa: E501
    'CREATE TABLE source (\n\tid VARCHAR(64) NOT NULL, \n\tposition INTEGER NOT NULL, \n\tname TEXT NOT NULL, \n\tkind VARCHAR(16) NOT NULL, \n\treliability VARCHAR(1) NOT NULL, \n\tconfidential BOOLEAN NOT NULL, \n\tnotes TEXT NOT NULL, \n\tchanged_at VARCHAR(32) NOT NULL, \n\turl TEXT, \n\tversion INTEGER DEFAULT 1 NOT NULL, \n\tPRIMARY KEY (id)\n)',  # noqa: E501
    'CREATE TABLE media (\n\tsha256 VARCHAR(64) NOT NULL, \n\tmime VARCHAR(64) NOT NULL, \n\tdata BLOB NOT NULL, \n\tPRIMARY KEY (sha256)\n)',  # noqa: E501
    'CREATE TABLE event (\n\tid VARCHAR(64) NOT NULL, \n\tseq INTEGER NOT NULL, \n\tat VARCHAR(32) NOT NULL, \n\twho TEXT NOT NULL, \n\taction VARCHAR(64) NOT NULL, \n\tsummary TEXT NOT NULL, \n\tdetails TEXT NOT NULL, \n\tPRIMARY KEY (id)\n)',  # noqa: E501
    'CREATE INDEX ix_event_seq ON event (seq)',
    'CREATE TABLE claim (\n\tid VARCHAR(64) NOT NULL, \n\tposition INTEGER NOT NULL, \n\ttext TEXT NOT NULL, \n\tdocument_id VARCHAR(64), \n\tstart INTEGER, \n\t"end" INTEGER, \n\texact TEXT, \n\tprefix TEXT, \n\tsuffix TEXT, \n\tanchor VARCHAR(16), \n\tstatus VARCHAR(16) NOT NULL, \n\tbase_rate FLOAT NOT NULL, \n\tnote TEXT NOT NULL, \n\tchanged_at VARCHAR(32) NOT NULL, \n\tclaimant VARCHAR(64), \n\treview TEXT, \n\tversion INTEGER DEFAULT 1 NOT NULL, \n\tPRIMARY KEY (id), \n\tFOREIGN KEY(document_id) REFERENCES document (id) ON DELETE SET NULL\n)',  # noqa: E501
    'CREATE INDEX ix_claim_document ON claim (document_id)',
    'CREATE TABLE evidence (\n\tid VARCHAR(64) NOT NULL, \n\tposition INTEGER NOT NULL, \n\tclaim_id VARCHAR(64) NOT NULL, \n\tsource_id VARCHAR(64) NOT NULL, \n\tstance VARCHAR(16) NOT NULL, \n\tcredibility INTEGER NOT NULL, \n\tdiagnosticity VARCHAR(8) NOT NULL, \n\tinterested BOOLEAN NOT NULL, \n\tderives_from_evidence_id VARCHAR(64), \n\tderives_from_source_id VARCHAR(64), \n\tdate DATE, \n\tquote TEXT NOT NULL, \n\tdocument_id VARCHAR(64), \n\tstart INTEGER, \n\t"end" INTEGER, \n\tprefix TEXT, \n\tsuffix TEXT, \n\tanchor VARCHAR(16), \n\tnote TEXT NOT NULL, \n\tchanged_at VARCHAR(32) NOT NULL, \n\turl TEXT, \n\tarchived_url TEXT, \n\tversion INTEGER DEFAULT 1 NOT NULL, \n\tPRIMARY KEY (id), \n\tFOREIGN KEY(claim_id) REFERENCES claim (id) ON DELETE CASCADE, \n\tFOREIGN KEY(source_id) REFERENCES source (id), \n\tFOREIGN KEY(document_id) REFERENCES document (id) ON DELETE SET NULL\n)',  # noqa: E501
    'CREATE INDEX ix_evidence_claim ON evidence (claim_id)',
    'CREATE INDEX ix_evidence_source ON evidence (source_id)',
)
TABLE_ORDER: tuple[str, ...] = ('document', 'event', 'media', 'project', 'setting', 'source', 'claim', 'evidence')


def _normal(sql: str | None) -> str | None:
    """An object's definition with runs of white space made one space (the only tolerated difference)."""
    return " ".join(sql.split()) if sql is not None else None


def _master(conn: sqlite3.Connection) -> dict[tuple[str, str], tuple[str, str | None]]:
    return {(t, n): (tbl, _normal(sql)) for t, n, tbl, sql in
            conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master")}


@dataclass(frozen=True)
class ExpectedSchema:
    """What a current project's ``sqlite_master`` may hold: each object's full definition.

    ``definitions`` maps (type, name) to the accepted (table, normalised SQL)
    pairs: the text a fresh ``create_all`` writes, or the text the migrations
    leave in a file that started as format 1 (``ALTER TABLE`` appends columns).
    """

    definitions: dict[tuple[str, str], set[tuple[str, str | None]]]
    columns: dict[str, set[str]]
    #: Per table (in TABLE_ORDER): each column and the storage types its values may have.
    kinds: dict[str, list[tuple[str, tuple[str, ...]]]]


def _expected_schema() -> ExpectedSchema:
    """Both deterministic origins of a current schema, built in memory."""
    ref = sqlite3.connect(":memory:", isolation_level=None)
    for sql in FORMAT_2_SCHEMA:
        ref.execute(sql)
    fresh = _master(ref)
    cols = {
        name: {r[1] for r in ref.execute(f'PRAGMA table_info("{name}")')}
        for kind, name in fresh
        if kind == "table"
    }
    kinds = {table: [(r[1], _allowed_types(r[2], nullable=not r[3]))
                     for r in ref.execute(f'PRAGMA table_info("{table}")')] for table in TABLE_ORDER}
    ref.close()
    old = sqlite3.connect(":memory:", isolation_level=None)
    for sql in FORMAT_1_SCHEMA:
        old.execute(sql)
    for version in range(MIN_FORMAT_VERSION, FORMAT_VERSION):
        MIGRATIONS[version](old)
    upgraded = _master(old)
    old.close()
    definitions: dict[tuple[str, str], set[tuple[str, str | None]]] = {}
    for master in (fresh, upgraded):
        for key, value in master.items():
            definitions.setdefault(key, set()).add(value)
    return ExpectedSchema(definitions, cols, kinds)


_EXPECTED: dict[tuple[object, ...], ExpectedSchema] = {}


def expected_schema() -> ExpectedSchema:
    """Allow-list of schema objects, their definitions and columns, cached per set of migrations."""
    key = (FORMAT_VERSION, *sorted(MIGRATIONS.items(), key=lambda kv: kv[0]))
    if key not in _EXPECTED:
        _EXPECTED[key] = _expected_schema()
    return _EXPECTED[key]


def check_schema(conn: sqlite3.Connection, path: Path) -> None:
    """Refuse any schema object we did not create, and any of ours whose definition differs.

    Comparing names alone let a CHECK constraint, a ``COLLATE NOCASE`` on an
    id, a hidden generated column or a foreign index expression through.
    """
    expected = expected_schema()
    try:
        found = _master(conn)
    except sqlite3.DatabaseError as exc:
        raise ProjectFileError(path, f"damaged project file ({exc})") from None
    for (kind, name), definition in found.items():
        if kind in ("trigger", "view"):
            raise ProjectFileError(path, f"unexpected {kind} '{name}' in the project file (refused for safety)")
        if name.startswith("sqlite_autoindex_") and kind == "index" and definition[1] is None \
                and ("table", definition[0]) in expected.definitions:
            continue
        accepted = expected.definitions.get((kind, name))
        if accepted is None:
            raise ProjectFileError(path, f"unexpected {kind} '{name}' in the project file (refused for safety)")
        if definition not in accepted:
            raise ProjectFileError(path, f"the definition of {kind} '{name}' differs from this version's "
                                         "(refused for safety)")
    for kind, name in expected.definitions:
        if kind == "table" and (kind, name) not in found:
            raise ProjectFileError(path, f"damaged project file (table '{name}' is missing)")
    for table, expected_cols in expected.columns.items():
        have = {r[1] for r in conn.execute(f'PRAGMA table_xinfo("{table}")')}
        if have != expected_cols:
            raise ProjectFileError(path, f"damaged project file (table '{table}' has unexpected columns)")


# Largest value any column other than a document's text may hold (names, quotes, notes, JSON).
MAX_SMALL_CELL = 4 * 1024 * 1024
_BIG_COLUMNS = {("document", "text"), ("event", "details"), ("media", "data")}
_JSON_COLUMNS = (("setting", "value"), ("document", "page_starts"), ("document", "media"),
                 ("document", "ocr"), ("claim", "review"))


def _allowed_types(declared: str, *, nullable: bool) -> tuple[str, ...]:
    """The storage types (``typeof``) a column declared as ``declared`` may hold: what the model's
    types write (LargeBinary: blob; Integer, Boolean: integer; Float: real or integer; the rest: text)."""
    name = declared.split("(")[0].strip().upper()
    if name == "BLOB":
        kinds: tuple[str, ...] = ("blob",)
    elif name in ("INTEGER", "BOOLEAN"):
        kinds = ("integer",)
    elif name == "FLOAT":
        kinds = ("real", "integer")
    else:
        kinds = ("text",)
    return kinds + (("null",) if nullable else ())


def _rules() -> list[tuple[str, str, str]]:
    """(table, SQL condition of a bad row, what is wrong): the value rules the write paths enforce."""
    from workbench.analysis.confidence import CREDIBILITY_GRADES, DIAGNOSTICITY, RELIABILITY_GRADES, STANCES
    from workbench.store.rules import (
        ANCHOR_STATES,
        CLAIM_STATUSES,
        MAX_CHARS,
        MAX_POSITION,
        MAX_SEQ,
        MAX_SPAN,
        SOURCE_KINDS,
    )

    def one_of(col: str, values: tuple[object, ...] | str) -> str:
        return f'"{col}" NOT IN ({", ".join(repr(v) for v in values)})'

    rules = [(table, f'length("{col}") > {limit}', f"{col} longer than {limit:,} characters")
             for (table, col), limit in MAX_CHARS.items()]
    for table in ("document", "source", "claim", "evidence"):
        rules.append((table, f"position NOT BETWEEN 0 AND {MAX_POSITION}", "position out of range"))
    for table in ("claim", "evidence"):
        rules += [
            (table, f'start NOT BETWEEN 0 AND {MAX_POSITION} OR "end" NOT BETWEEN 0 AND {MAX_POSITION}',
             "offset out of range"),
            (table, f"coalesce(anchor, 'orphaned') != 'orphaned' AND \"end\" - start > {MAX_SPAN}",
             "span too long"),
            (table, f"anchor IS NOT NULL AND {one_of('anchor', ANCHOR_STATES)}", "unknown anchor state"),
        ]
    rules += [
        ("source", one_of("reliability", tuple(RELIABILITY_GRADES)), "unknown reliability grade"),
        ("source", one_of("kind", SOURCE_KINDS), "unknown source kind"),
        ("source", "confidential NOT IN (0, 1)", "confidential is not true or false"),
        ("claim", one_of("status", CLAIM_STATUSES), "unknown status"),
        ("claim", "NOT (base_rate > 0 AND base_rate < 1)", "base rate not strictly between 0 and 1"),
        ("evidence", one_of("stance", STANCES), "unknown stance"),
        ("evidence", one_of("credibility", CREDIBILITY_GRADES), "unknown credibility grade"),
        ("evidence", one_of("diagnosticity", DIAGNOSTICITY), "unknown diagnosticity"),
        ("evidence", "interested NOT IN (0, 1)", "interested is not true or false"),
        ("evidence", "derives_from_evidence_id IS NOT NULL AND derives_from_source_id IS NOT NULL",
         "derives from both an item and a source"),
        ("evidence", "derives_from_evidence_id = id", "derives from itself"),
        ("evidence", "derives_from_evidence_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM evidence AS o "
                     "WHERE o.id = evidence.derives_from_evidence_id AND o.claim_id = evidence.claim_id)",
         "derives from an item that is not evidence of the same claim"),
        ("evidence", "derives_from_source_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM source AS o "
                     "WHERE o.id = evidence.derives_from_source_id)", "derives from a missing source"),
        ("event", f"seq NOT BETWEEN 0 AND {MAX_SEQ}", "history number out of range"),
    ]
    return rules


def _q(col: str) -> str:
    """A column name quoted for SQL (the names come from our own schema)."""
    return '"' + col.replace('"', '""') + '"'


def _first_bad_utf8(*values: bytes | None) -> int:
    """1 + the index of the first value whose bytes are not valid UTF-8; 0 when all are (or NULL).

    SQLite stores TEXT bytes as given and never validates them, while Python's
    sqlite3 refuses to read a value that does not decode; without this check,
    ``vwb check`` passed a file on which reading commands then failed. The
    decode is Python's own strict one, so it refuses exactly what reading does.
    """
    for i, value in enumerate(values, 1):
        if value is not None and not value.isascii():
            try:
                value.decode("utf-8")
            except UnicodeDecodeError:
                return i
    return 0


def check_values(conn: sqlite3.Connection, path: Path) -> None:
    """Refuse values we never write: wrong storage types, oversized cells, JSON bombs, and
    anything the write paths refuse (``model.MAX_CHARS``, grades, stances, provenance, settings).

    Reading such a value later would fail deep inside the app (or exhaust
    memory or the stack, or lock every later edit out), so a file holding one
    is refused at the door, by the app and ``vwb check`` alike.
    """
    from workbench import jsonsafe

    def refuse(table: str, what: str) -> NoReturn:
        raise ProjectFileError(path, f"damaged or hostile project file ({what} in table '{table}')")

    conn.create_function("vwb_first_bad_utf8", -1, _first_bad_utf8, deterministic=True)
    for table, columns in expected_schema().kinds.items():
        conds = []
        texts = []
        for col, allowed in columns:
            kinds = ", ".join(f"'{k}'" for k in allowed)
            limit = MAX_CELL_BYTES if (table, col) in _BIG_COLUMNS else MAX_SMALL_CELL
            conds.append(f'typeof("{col}") NOT IN ({kinds})')
            if "text" in allowed or "blob" in allowed:
                conds.append(f'length(CAST("{col}" AS BLOB)) > {limit}')
            if "text" in allowed:
                texts.append(col)
        # One Python call per row (not per value), in the same scan as the other cell checks. The
        # values go in one by one, not joined: a joined row could pass SQLite's length limit.
        utf8 = f'vwb_first_bad_utf8({", ".join(f"CAST({_q(c)} AS BLOB)" for c in texts)})' if texts else "0"
        bad = conn.execute(f'SELECT rowid, {utf8} FROM "{table}" WHERE {" OR ".join(conds)} OR {utf8} > 0 '
                           'LIMIT 1').fetchone()
        if bad is not None and bad[1]:
            refuse(table, f"text that is not valid UTF-8 in column '{texts[bad[1] - 1]}'")
        if bad is not None:
            refuse(table, "an oversized or malformed value")
    for table_name, condition, what in _rules():
        if conn.execute(f'SELECT 1 FROM "{table_name}" WHERE {condition} LIMIT 1').fetchone() is not None:
            refuse(table_name, what)
    for row in conn.execute("PRAGMA foreign_key_check").fetchmany(1):
        refuse(row[0], f"a reference to a missing row of table '{row[2]}'")
    import datetime as dt

    for table_name, col_name in (("document", "published"), ("evidence", "date")):
        query = f'SELECT DISTINCT "{col_name}" FROM "{table_name}" WHERE "{col_name}" IS NOT NULL'
        for (value,) in conn.execute(query):
            try:
                dt.date.fromisoformat(value)
            except (TypeError, ValueError):
                refuse(table_name, f"{col_name} is not a date ({str(value)[:20]!r})")
    for table_name, col_name in _JSON_COLUMNS:
        for (value,) in conn.execute(f'SELECT "{col_name}" FROM "{table_name}" WHERE "{col_name}" IS NOT NULL'):
            try:
                jsonsafe.loads(value, max_depth=8)
            except jsonsafe.UnsafeJson as exc:
                raise ProjectFileError(
                    path, f"damaged or hostile project file ({table_name} {col_name}: {exc})") from None
    from workbench.store.rules import ExchangeError, check_stored_setting

    for key, value in conn.execute("SELECT key, value FROM setting"):
        try:
            check_stored_setting(key, jsonsafe.loads(value, max_depth=8))
        except (ExchangeError, jsonsafe.UnsafeJson) as exc:
            reason = " ".join(str(exc).split())[:200]
            raise ProjectFileError(
                path, f"damaged or hostile project file (setting {key[:64]!r}: {reason})") from None
    # History details: only rows with many brackets (or invalid JSON) need a careful look.
    suspects = conn.execute(
        "SELECT details FROM event WHERE NOT json_valid(details) OR "
        "length(details) - length(replace(replace(details, '[', ''), '{', '')) > 32")
    for (value,) in suspects:
        try:
            jsonsafe.loads(value, max_depth=8)
        except jsonsafe.UnsafeJson as exc:
            raise ProjectFileError(path, f"damaged or hostile project file (history details: {exc})") from None


JOURNAL_MAGIC = bytes.fromhex("d9d505f920a163d7")


def journal_belongs(path: Path, journal: Path) -> bool:
    """Whether a rollback journal beside ``path`` can be a crashed writer's journal of this very file.

    Rolling back trusts the journal completely: a crafted one can restore
    pages of another project or grow the file to terabytes. A genuine one
    names this file's page size, and the size it restores is at most the
    current size plus the pages it holds. A journal whose header was never
    written (zeros) is not hot and SQLite ignores it.
    """
    try:
        with open(journal, "rb") as fh:
            head = fh.read(28)
            size = os.fstat(fh.fileno()).st_size
        header = read_header(path)
    except (OSError, ProjectFileError):
        return False
    if len(head) < 28 or head[:8] != JOURNAL_MAGIC:
        return not any(head[:8])  # an unsynced (zeroed) header: SQLite discards it, nothing is replayed
    fields: tuple[int, int, int, int, int] = struct.unpack(">iIIII", head[8:28])
    _n_rec, _nonce, orig_pages, sector, page_size = fields
    if page_size != header.page_size or sector < 512 or sector > 65536 or sector & (sector - 1):
        return False
    stored = max(0, size - sector) // (page_size + 8)
    current = header.file_size // header.page_size
    return bool(orig_pages <= current + stored)


def _recover_hot_journal(path: Path) -> None:
    """Roll back a crashed writer's unfinished transaction (SQLite does it on a writable open),
    but only with a journal that belongs to this file."""
    journal = path.with_name(path.name + "-journal")
    if journal.exists() and journal.stat().st_size > 0:
        if not journal_belongs(path, journal):
            raise ProjectFileError(path, f"the journal beside it ({journal.name}) does not belong to this project "
                                         "(refused for safety: move that file away to open the project)")
        conn = connect(path, read_only=False)
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        finally:
            conn.close()


# --------------------------------------------------------------------------- verified contents
#
# The checks below read the whole file (``quick_check`` every page, the value
# checks every row): 1.8 s of CPU for a 110 MB project. Bytes this program has
# already checked, or written itself through its validated write paths, need
# not be checked again: their SHA-256 (0.1 s for 110 MB) is kept in the user's
# own cache folder, under an id of the checking code, so a changed rule checks
# every file afresh. Any change to a file, by anyone, changes its digest; a
# file received from elsewhere is checked in full the first time it is opened.

TRUSTED_MAX = 256  # digests remembered (the most recent)


def _cache_dir() -> Path | None:
    """``$VWB_CACHE_DIR``, else ``$XDG_CACHE_HOME/verification-workbench`` (``~/.cache`` by default)."""
    if os.environ.get("VWB_CACHE_DIR"):
        return Path(os.environ["VWB_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or (
        str(Path(os.environ["HOME"]) / ".cache") if os.environ.get("HOME") else None)
    return Path(base) / "verification-workbench" if base else None


def _checker_id() -> str:
    """An id of the code that decides what a valid file is: the format, migrations and the rules' sources."""
    import hashlib

    h = hashlib.sha256(f"{FORMAT_VERSION}:{sorted(MIGRATIONS)}:{MAX_CELL_BYTES}:{MAX_SMALL_CELL}".encode())
    here = Path(__file__).resolve().parent
    for source in (Path(__file__), here / "rules.py", here / "model.py", here.parent / "analysis" / "confidence.py",
                   here.parent / "analysis" / "verdicts.py"):
        try:
            h.update(source.read_bytes())
        except OSError:  # a frozen build without sources: the version names the rules
            from workbench import __version__

            h.update(__version__.encode())
    return h.hexdigest()[:16]


def file_digest(path: Path) -> str | None:
    """The SHA-256 of a file's bytes, or None when it cannot be read."""
    import hashlib

    try:
        with open(path, "rb") as fh:
            return hashlib.file_digest(fh, "sha256").hexdigest()
    except OSError:
        return None


def _trusted_file() -> Path | None:
    folder = _cache_dir()
    return folder / f"verified-{_checker_id()}.txt" if folder is not None else None


def _trusted_digests() -> list[str]:
    where = _trusted_file()
    if where is None:
        return []
    try:
        with open(where, encoding="ascii") as fh:
            text = fh.read(TRUSTED_MAX * 80)
    except (OSError, UnicodeDecodeError):
        return []
    return [line for line in text.split() if len(line) == 64]


def is_trusted(digest: str | None) -> bool:
    """Whether these exact bytes passed every check of this program before."""
    return digest is not None and digest in _trusted_digests()


def remember_trusted(digest: str | None) -> None:
    """Record bytes that passed every check (or that this program wrote itself); silent if it cannot."""
    where = _trusted_file()
    if digest is None or where is None:
        return
    digests = [d for d in _trusted_digests() if d != digest][-(TRUSTED_MAX - 1):] + [digest]
    try:
        where.parent.mkdir(parents=True, exist_ok=True)
        tmp = where.with_name(f".{where.name}.{os.getpid()}.tmp")
        tmp.write_text("\n".join(digests) + "\n", encoding="ascii")
        os.replace(tmp, where)
    except OSError:
        pass


@dataclass(frozen=True)
class _Stamp:
    """What changes whenever a file's bytes do (the header's change counter, size and time)."""

    size: int
    mtime_ns: int
    counter: bytes

    @staticmethod
    def of(path: Path) -> _Stamp | None:
        try:
            with open(path, "rb") as fh:
                st = os.fstat(fh.fileno())
                counter = fh.read(100)[24:28]
        except OSError:
            return None
        return _Stamp(st.st_size, st.st_mtime_ns, counter)


def _first_problem(report: str) -> str:
    """SQLite's integrity report as one line: its first problem and how many more there are.

    The report is several lines ("*** in database main ***", then one per
    problem); a damaged freelist printed four lines where the contract is one."""
    lines = [ln.strip() for ln in report.splitlines() if ln.strip() and not ln.startswith("***")]
    if not lines:
        return " ".join(report.split())
    more = len(lines) - 1
    return lines[0] + (f" and {more} more problem{'s' if more > 1 else ''}" if more else "")


def verify(path: Path, *, trust: bool = True) -> Header:
    """Every check that must pass before a file is opened; never writes to it.

    With ``trust`` (the default), bytes that passed before (see
    :func:`is_trusted`) are not checked again; ``vwb check`` passes False.
    """
    path = Path(path)
    header = read_header(path)
    if path.with_name(path.name + "-journal").exists():
        hint = "left unfinished by a crash: open it for writing once to recover the last saved state"
    else:
        hint = ""
    digest = None
    if not hint and header.user_version == FORMAT_VERSION:
        digest = file_digest(path)
        if trust and is_trusted(digest):
            return header
    try:
        conn = connect(path, read_only=True)
    except sqlite3.DatabaseError as exc:
        raise ProjectFileError(path, hint or f"cannot be opened ({exc})") from None
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version == FORMAT_VERSION:
            check_schema(conn, path)
        result = conn.execute("PRAGMA quick_check").fetchone()[0]
        if result != "ok":
            raise ProjectFileError(path, f"damaged project file (integrity check: {_first_problem(result)})")
        if version == FORMAT_VERSION:
            check_values(conn, path)
    except sqlite3.DatabaseError as exc:
        raise ProjectFileError(path, hint or f"damaged project file ({exc})") from None
    finally:
        conn.close()
    if digest is not None and version == FORMAT_VERSION:
        remember_trusted(digest)
    return header


def upgrade(path: Path, from_version: int, steps: dict[int, MigrationStep] | None = None,
            target: int | None = None) -> Path:
    """Upgrade an older project in place, after copying the original aside.

    All steps run in one exclusive transaction: if any fails, the file is
    left exactly as it was. Returns the path of the backup copy.
    """
    steps = MIGRATIONS if steps is None else steps
    target = FORMAT_VERSION if target is None else target
    path = Path(path)
    backup = path.with_name(f"{path.name}.format{from_version}.bak")
    shutil.copy2(path, backup)
    conn = connect(path, read_only=False)
    try:
        conn.execute("BEGIN EXCLUSIVE")
        try:
            for version in range(from_version, target):
                if version not in steps:
                    raise ProjectFileError(path, f"no upgrade from format {version}")
                steps[version](conn)
            if target == FORMAT_VERSION and steps is MIGRATIONS:
                # The upgraded values obey the same rules as any other write, or nothing is changed.
                check_schema(conn, path)
                check_values(conn, path)
            conn.execute(f"PRAGMA user_version={int(target)}")
            conn.execute("COMMIT")
        except Exception as exc:
            conn.execute("ROLLBACK")
            if isinstance(exc, ProjectFileError):
                raise
            raise ProjectFileError(path, f"upgrade from format {from_version} failed ({exc})") from None
    finally:
        conn.close()
    return backup


class _WriterLock:
    """An advisory, crash-safe lock: the kernel drops an ``flock`` when its process dies."""

    def __init__(self, path: Path) -> None:
        self.fd: int | None = None
        if sys.platform == "win32":  # pragma: no cover - lock a sidecar file, released by the OS on exit
            fd = os.open(f"{path}.lock", os.O_RDWR | os.O_CREAT)
            try:
                msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            except OSError:
                os.close(fd)
                raise ProjectInUseError(path, "in use by another program (open it read-only instead)") from None
            self.fd = fd
            return
        fd = os.open(path, os.O_RDONLY)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise ProjectInUseError(path, "in use by another program (open it read-only instead)") from None
        self.fd = fd

    def release(self) -> None:
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None


def is_locked(path: Path) -> bool:
    """True when another process holds the project open for writing."""
    try:
        _WriterLock(Path(path)).release()
    except ProjectInUseError:
        return True
    return False


@dataclass
class ProjectFile:
    """An open project: its engine, a session factory and the writer lock."""

    path: Path
    engine: Engine
    read_only: bool
    sessions: sessionmaker[Session]
    _lock: _WriterLock | None = field(default=None, repr=False)
    # The file as it was when verified: at close, bytes this writer changed are trusted (see verify).
    _verified: _Stamp | None = field(default=None, repr=False)

    def session(self) -> Session:
        return self.sessions()

    @contextmanager
    def write_session(self, doing: str = "", *, shared: bool = False) -> Iterator[Session]:
        """One write: one transaction (``BEGIN IMMEDIATE`` holds the file's write lock throughout,
        so ``shared`` changes nothing: a file has one writer)."""
        with self.sessions() as s, s.begin():
            yield s

    def serialise(self, session: Session) -> None:
        """Nothing to do: the file's write lock already serialises every write."""

    @property
    def name(self) -> str:
        """How messages and titles name the project."""
        return str(self.path)

    @property
    def short_name(self) -> str:
        return self.path.name

    def others_here(self) -> list[str]:
        """Nobody else writes a file while it is open here (the writer lock)."""
        return []

    @property
    def login(self) -> str | None:
        """A file has no server login; the service names the analyst."""
        return None

    def reopen(self, read_only: bool = False) -> ProjectFile:
        """Another handle on the same project (for a worker thread)."""
        return open_project(self.path, read_only=read_only)

    def clean_copy(self, out: Path | str) -> Path:
        return clean_copy(self, out)

    def close(self) -> None:
        """Dispose the engine (closing every connection) and only then release the lock."""
        self.engine.dispose()
        if self._lock is not None:
            self._remember_own_writes()
            self._lock.release()
            self._lock = None

    def _remember_own_writes(self) -> None:
        """Still holding the writer lock: the bytes our validated writes left need no check at the next open."""
        if self._verified is None or self.path.with_name(self.path.name + "-journal").exists():
            return
        now = _Stamp.of(self.path)
        if now is not None and now != self._verified:
            remember_trusted(file_digest(self.path))


def _make_engine(path: Path, read_only: bool) -> Engine:
    from sqlalchemy import Connection, create_engine, event
    from sqlalchemy.pool import QueuePool

    engine = create_engine(
        "sqlite://",
        creator=lambda: connect(path, read_only=read_only),
        poolclass=QueuePool,
        pool_size=2,
        max_overflow=4,
    )

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        # IMMEDIATE takes the write lock up front: one user action = one transaction.
        conn.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")

    return engine


def _writable(path: Path) -> bool:
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


@dataclass
class CheckedFile:
    """A project file that passed every check (and was upgraded if older), with the writer lock
    when opened for writing: what :func:`open_checked` turns into a :class:`ProjectFile`, and what
    the app reads with sqlite3 alone to show the project before SQLAlchemy is loaded."""

    path: Path
    read_only: bool
    header: Header
    _lock: _WriterLock | None = field(default=None, repr=False)

    def release(self) -> None:
        """Give up the file without opening it (releases the writer lock)."""
        if self._lock is not None:
            self._lock.release()
            self._lock = None


def check_and_lock(path: Path | str, *, read_only: bool = False) -> CheckedFile:
    """Every check, the writer lock and any upgrade; read-only when asked or when the file or
    folder is not writable. Raises ProjectFileError (ProjectInUseError: another writer)."""
    path = Path(path)
    read_header(path)
    if not read_only and not _writable(path):
        read_only = True
    lock = None if read_only else _WriterLock(path)
    try:
        if lock is not None:
            _recover_hot_journal(path)
        # Read-only never rolls a journal back: the file's bytes do not change by being looked at
        # (a crashed writer's file is refused with a hint to open it for writing once).
        header = verify(path)
        if header.user_version < FORMAT_VERSION:
            if read_only:
                raise ProjectFileError(path, f"older format {header.user_version}: open it writable to upgrade")
            upgrade(path, header.user_version)
            header = verify(path)
    except BaseException:
        if lock is not None:
            lock.release()
        raise
    return CheckedFile(path, read_only, header, lock)


def open_checked(checked: CheckedFile) -> ProjectFile:
    """The open project of a checked file (the lock passes to it); no check is repeated."""
    from sqlalchemy.orm import sessionmaker

    try:
        engine = _make_engine(checked.path, checked.read_only)
    except BaseException:
        checked.release()
        raise
    lock, checked._lock = checked._lock, None
    return ProjectFile(checked.path, engine, checked.read_only, sessionmaker(engine, expire_on_commit=False), lock,
                       _Stamp.of(checked.path) if lock is not None else None)


def open_project(path: Path | str, *, read_only: bool = False) -> ProjectFile:
    """Check and open a project; read-only when asked or when the file or folder is not writable."""
    return open_checked(check_and_lock(path, read_only=read_only))


def create_project(path: Path | str, title: str = "") -> ProjectFile:
    """Create a new, empty project file (refusing to overwrite an existing file)."""
    from sqlalchemy.orm import Session

    from workbench.store.model import Base, ProjectInfo

    path = Path(path)
    if path.exists():
        raise ProjectFileError(path, "already exists")
    try:
        conn = sqlite3.connect(str(path), isolation_level=None)
    except sqlite3.Error as exc:
        raise ProjectFileError(path, f"cannot be created ({exc})") from None
    try:
        conn.execute("PRAGMA journal_mode=DELETE")
        conn.execute(f"PRAGMA application_id={APPLICATION_ID}")
        conn.execute(f"PRAGMA user_version={FORMAT_VERSION}")
        conn.execute("PRAGMA secure_delete=ON")
    finally:
        conn.close()
    engine = _make_engine(path, False)
    Base.metadata.create_all(engine)
    with Session(engine) as s, s.begin():
        s.add(ProjectInfo(title=title))
    engine.dispose()
    return open_project(path)


def clean_copy(src: ProjectFile, out: Path | str) -> Path:
    """Write a compact, clean copy (no deleted leftovers) atomically via a temporary file.

    The target is never the project itself nor any project open for writing
    (see :func:`workbench.safeio.check_output`); a failed copy leaves nothing behind.
    """
    from workbench import safeio

    def vacuum_into(tmp: Path) -> None:
        # VACUUM INTO attaches its target internally, so this one trusted
        # connection (to a file we have already verified) may attach one database.
        conn = connect(src.path, read_only=True)
        try:
            conn.setlimit(sqlite3.SQLITE_LIMIT_ATTACHED, 1)
            conn.execute("VACUUM INTO ?", (str(tmp),))
        except sqlite3.Error as exc:
            raise safeio.OutputError(out, f"cannot write the copy ({exc})") from None
        finally:
            conn.close()
            Path(f"{tmp}-journal").unlink(missing_ok=True)

    return safeio.write_atomically(out, vacuum_into, protected=(src.path,))
