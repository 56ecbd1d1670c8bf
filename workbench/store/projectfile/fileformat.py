"""The project file format: its numbers, the frozen schema of each format, and the steps between them.

``FORMAT_VERSION`` is the only format this program writes; a file of an older
format is upgraded through ``MIGRATIONS`` (see ``opening.upgrade``). The
schemas are kept as the exact text SQLite stores, so checking a file against
them needs no SQLAlchemy. Other modules read ``fileformat.FORMAT_VERSION``
through this module, so a test that pretends to be a newer program changes
it in one place.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

APPLICATION_ID = 0x56574231  # "VWB1"
FORMAT_VERSION = 2
MIN_FORMAT_VERSION = 1
SQLITE_MAGIC = b"SQLite format 3\x00"


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
    add_missing_indexes(conn)


def current_indexes() -> dict[str, str]:
    """Each index of the current format by name, as its exact ``CREATE INDEX`` text."""
    return {sql.split()[2]: sql for sql in FORMAT_2_SCHEMA if sql.startswith("CREATE INDEX ")}


def missing_indexes(conn: sqlite3.Connection) -> list[str]:
    """The ``CREATE INDEX`` statements of the current format's indexes that ``conn``'s file lacks."""
    have = {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    return [sql for name, sql in current_indexes().items() if name not in have]


def add_missing_indexes(conn: sqlite3.Connection) -> bool:
    """Create the indexes the file lacks (True if any): the last step of every upgrade, and run at a
    writable open of a current-format file written before an index was added to the format (an index
    changes no value, so such a file needs no new format number; read-only opens work without it)."""
    todo = missing_indexes(conn)
    for sql in todo:
        conn.execute(sql)
    return bool(todo)


MIGRATIONS: dict[int, MigrationStep] = {1: _format_1_to_2}


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
    'CREATE INDEX ix_evidence_document ON evidence (document_id)',
)
TABLE_ORDER: tuple[str, ...] = ('document', 'event', 'media', 'project', 'setting', 'source', 'claim', 'evidence')
