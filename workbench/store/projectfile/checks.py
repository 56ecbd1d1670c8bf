"""The checks a project file must pass before it is opened: schema, integrity, every value.

``verify`` runs them all on a read-only connection, so a refused file is never
modified; bytes that passed before are not checked again (:mod:`.trust`).
The schema must be exactly ours (no triggers, views or extra tables), and every
value must be one the write paths could have written.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

from workbench.store.projectfile import fileformat
from workbench.store.projectfile.fileformat import (
    FORMAT_1_SCHEMA,
    FORMAT_2_SCHEMA,
    MIGRATIONS,
    MIN_FORMAT_VERSION,
    TABLE_ORDER,
    ProjectFileError,
)
from workbench.store.projectfile.hardening import MAX_CELL_BYTES, MAX_SMALL_CELL, Header, connect, read_header
from workbench.store.projectfile.trust import file_digest, is_trusted, remember_trusted


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
    for version in range(MIN_FORMAT_VERSION, fileformat.FORMAT_VERSION):
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
    key = (fileformat.FORMAT_VERSION, *sorted(MIGRATIONS.items(), key=lambda kv: kv[0]))
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
    if not hint and header.user_version == fileformat.FORMAT_VERSION:
        digest = file_digest(path)
        if trust and is_trusted(digest):
            return header
    try:
        conn = connect(path, read_only=True)
    except sqlite3.DatabaseError as exc:
        raise ProjectFileError(path, hint or f"cannot be opened ({exc})") from None
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version == fileformat.FORMAT_VERSION:
            check_schema(conn, path)
        result = conn.execute("PRAGMA quick_check").fetchone()[0]
        if result != "ok":
            raise ProjectFileError(path, f"damaged project file (integrity check: {_first_problem(result)})")
        if version == fileformat.FORMAT_VERSION:
            check_values(conn, path)
    except sqlite3.DatabaseError as exc:
        raise ProjectFileError(path, hint or f"damaged project file ({exc})") from None
    finally:
        conn.close()
    if digest is not None and version == fileformat.FORMAT_VERSION:
        remember_trusted(digest)
    return header
