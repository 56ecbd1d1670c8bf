"""The read half of the service API over a checked project file, through sqlite3 alone.

Importing SQLAlchemy and declaring the model costs the app three times as
long as a bare window takes to paint (issue 21).  So the app opens a project
file in two steps: :func:`open_reader` runs every check the service runs
(header, schema, values, integrity, the writer lock; a refused file is never
shown) and reads what the first paint needs with plain sqlite3 on a
read-only connection; :meth:`ProjectReader.open_service` — called off the
GUI thread once the window has painted — imports the service and hands it
the already checked file and lock, without checking again.

Every read returns exactly what the same :class:`~workbench.service.ProjectService`
method returns (the row→dict functions are shared, ``workbench.store.rows``;
a test compares every method on real projects), so the views cannot tell
which one answered.  Nothing here writes.

May import: workbench.store (projectfile's checks, rows, rules), workbench.analysis,
workbench.jsonsafe; workbench.service only inside :meth:`ProjectReader.open_service`.
"""

from __future__ import annotations

import sqlite3
from collections import namedtuple
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from workbench import jsonsafe
from workbench.analysis.confidence import Assessment, Settings
from workbench.analysis.verdicts import default_verdicts, parse_verdicts
from workbench.store.assessing import assess_stored
from workbench.store.projectfile import CheckedFile, check_and_lock, connect
from workbench.store.projectfile import ProjectFileError as ProjectFileError
from workbench.store.projectfile import ProjectInUseError as ProjectInUseError
from workbench.store.projectfile import is_locked as is_locked
from workbench.store.rows import (
    READING_CLAIMS,
    REPEATED,
    claim_dict,
    document_dict,
    document_reading,
    evidence_dict,
    evidence_record,
    record,
    share_repeats,
    source_dict,
)
from workbench.store.rules import EMPTY_PUBLISHER
from workbench.store.rules import default_analyst as default_analyst
from workbench.store.server.address import is_server_address as is_server_address

if TYPE_CHECKING:
    from workbench.service import ProjectService

Row = dict[str, Any]

_DOCUMENT_LIST = ("id, title, url, author, published, original_name, format, page_starts, sha256, media, ocr, "
                  "captured, length")
_CLAIM = ('id, text, document_id, start, "end", exact, prefix, suffix, anchor, base_rate, status, note, '
          "claimant, review, changed_at, version")
_SOURCE = "id, name, kind, reliability, confidential, notes, url, version"
_EVIDENCE = ('id, claim_id, source_id, stance, credibility, diagnosticity, interested, derives_from_evidence_id, '
             'derives_from_source_id, date, quote, document_id, start, "end", prefix, suffix, anchor, note, url, '
             "archived_url, version")


_ROW_TYPES: dict[tuple[str, ...], Any] = {}


def _named_rows(cursor: sqlite3.Cursor, rows: list[tuple[Any, ...]]) -> list[Any]:
    """Rows with the columns as attributes, as ``workbench.store.rows`` reads them.

    The row type is looked up once per query, not once per row (a row factory
    did it for each of 100,000 evidence rows).
    """
    if not rows:
        return rows
    names = tuple(d[0] for d in cursor.description)
    make: Any = _ROW_TYPES.get(names)
    if make is None:
        row_type: Any = namedtuple("StoredRow", names)  # type: ignore[misc]  # noqa: PYI024 - fields known only at run time
        make = _ROW_TYPES[names] = row_type._make
    return list(map(make, rows))


def open_reader(path: Path | str, *, read_only: bool = False, analyst: str | None = None) -> ProjectReader:
    """Check (and lock, unless read-only) a project file and open it for reading.

    Raises ``ProjectFileError`` with a one-line reason, ``ProjectInUseError``
    when another program writes it: exactly as ``ProjectService.open`` would.
    """
    checked = check_and_lock(path, read_only=read_only)
    try:
        conn = connect(checked.path, read_only=True)
    except sqlite3.Error as exc:
        checked.release()
        raise ProjectFileError(checked.path, f"cannot be opened ({exc})") from None
    return ProjectReader(checked, conn, analyst)


class ProjectReader:
    """Reads of one checked project file, until the full service takes over (module docstring)."""

    on_server = False

    def __init__(self, checked: CheckedFile, conn: sqlite3.Connection, analyst: str | None) -> None:
        self.checked = checked
        self._conn = conn
        self.analyst = analyst or default_analyst()
        self._settings: Settings | None = None
        #: (kind, id) → version of every row read: the service's write checks start from them.
        self.seen: dict[tuple[str, str], int] = {}

    # ------------------------------------------------------------------ what the service also says

    @property
    def path(self) -> Path:
        return self.checked.path

    @property
    def name(self) -> str:
        return str(self.checked.path)

    @property
    def short_name(self) -> str:
        return self.checked.path.name

    @property
    def read_only(self) -> bool:
        return self.checked.read_only

    def others_here(self) -> list[str]:
        return []

    def version_of(self, kind: str, object_id: str) -> int | None:
        return self.seen.get((kind, object_id))

    # ------------------------------------------------------------------ reads

    def _all(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        cursor = self._conn.execute(sql, params)
        return _named_rows(cursor, cursor.fetchall())

    def _saw(self, kind: str, row: Any, obj: Row) -> Row:
        self.seen[(kind, row.id)] = row.version
        return obj

    def title(self) -> str:
        rows = self._all("SELECT title FROM project LIMIT 1")
        return str(rows[0].title) if rows else ""

    def _stored_setting(self, key: str) -> Any:
        rows = self._all("SELECT value FROM setting WHERE key = ?", (key,))
        return jsonsafe.loads(rows[0].value) if rows else None

    def settings(self) -> Settings:
        if self._settings is None:
            stored = self._stored_setting("scoring") or {}
            self._settings = Settings.from_json(Settings.from_json(stored).to_json())
        return self._settings

    def publishing(self) -> dict[str, Any]:
        """``{"publisher": {name, url, logo}, "verdicts": {scale, map}}``, defaults filled in."""
        stored = self._stored_setting("publisher")
        publisher = dict(EMPTY_PUBLISHER) | (stored if stored is not None else {})
        verdicts = self._stored_setting("verdicts")
        return {"publisher": publisher,
                "verdicts": parse_verdicts(verdicts).to_json() if verdicts is not None else default_verdicts()}

    def list_documents(self) -> list[Row]:
        return [record(document_dict(d, with_text=False) | {"length": d.length})
                for d in self._all(f"SELECT {_DOCUMENT_LIST} FROM document ORDER BY position")]

    def document(self, doc_id: str) -> Row | None:
        rows = self._all(f"SELECT {_DOCUMENT_LIST}, text, page_text FROM document WHERE id = ?", (doc_id,))
        return document_dict(rows[0]) if rows else None

    def list_claims(self, document_id: str | None = None) -> list[Row]:
        if document_id is None:
            rows = self._all(f"SELECT {_CLAIM} FROM claim ORDER BY position")
        else:
            rows = self._all(f"SELECT {_CLAIM} FROM claim WHERE document_id = ? ORDER BY position", (document_id,))
        return share_repeats([self._saw("claims", c, record(claim_dict(c) | {"changed_at": c.changed_at}))
                              for c in rows], REPEATED["claims"])

    def claim(self, claim_id: str) -> Row | None:
        rows = self._all(f"SELECT {_CLAIM} FROM claim WHERE id = ?", (claim_id,))
        return self._saw("claims", rows[0], claim_dict(rows[0]) | {"changed_at": rows[0].changed_at}) if rows else None

    def list_sources(self) -> list[Row]:
        return share_repeats([self._saw("sources", r, record(source_dict(r)))
                              for r in self._all(f"SELECT {_SOURCE} FROM source ORDER BY position")],
                             REPEATED["sources"])

    def source(self, source_id: str) -> Row | None:
        rows = self._all(f"SELECT {_SOURCE} FROM source WHERE id = ?", (source_id,))
        return self._saw("sources", rows[0], source_dict(rows[0])) if rows else None

    def evidence_for_claim(self, claim_id: str) -> list[Row]:
        rows = self._all(f"SELECT {_EVIDENCE} FROM evidence WHERE claim_id = ? ORDER BY position", (claim_id,))
        return share_repeats([self._saw("evidence", e, evidence_record(e)) for e in rows], REPEATED["evidence"])

    def evidence_for_claims(self, claim_ids: Iterable[str]) -> dict[str, list[Row]]:
        """As the service's: each claim's evidence, in one query per 500 claims."""
        wanted = sorted(set(claim_ids))
        out: dict[str, list[Row]] = {c: [] for c in wanted}
        for i in range(0, len(wanted), 500):
            part = wanted[i:i + 500]
            rows = self._all(f"SELECT {_EVIDENCE} FROM evidence WHERE claim_id IN ({', '.join('?' * len(part))}) "
                             "ORDER BY position", part)
            for e in rows:
                out[e.claim_id].append(self._saw("evidence", e, evidence_dict(e)))
        return out

    def document_reading(self, doc_id: str, claim_ids: Iterable[str] = ()) -> Row | None:
        """As the service's: the document, the evidence anchored in it and ``claim_ids``' evidence."""
        rows = self._all(f"SELECT {_DOCUMENT_LIST}, text, page_text FROM document WHERE id = ?", (doc_id,))
        if not rows:
            return None
        wanted = sorted(set(claim_ids))[:READING_CLAIMS]
        where = "document_id = ?" + (f" OR claim_id IN ({', '.join('?' * len(wanted))})" if wanted else "")
        evidence = self._all(f"SELECT {_EVIDENCE} FROM evidence WHERE {where} ORDER BY position", [doc_id, *wanted])
        return document_reading(rows[0], evidence, doc_id, wanted, lambda e, obj: self._saw("evidence", e, obj))

    def evidence(self, evidence_id: str) -> Row | None:
        rows = self._all(f"SELECT {_EVIDENCE} FROM evidence WHERE id = ?", (evidence_id,))
        return self._saw("evidence", rows[0], evidence_dict(rows[0])) if rows else None

    def list_evidence(self, document_id: str | None = None) -> list[Row]:
        if document_id is None:
            rows = self._all(f"SELECT {_EVIDENCE} FROM evidence ORDER BY position")
        else:
            rows = self._all(f"SELECT {_EVIDENCE} FROM evidence WHERE document_id = ? ORDER BY position",
                             (document_id,))
        return share_repeats([self._saw("evidence", e, evidence_record(e)) for e in rows], REPEATED["evidence"])

    def media_data(self, sha256: str) -> bytes | None:
        rows = self._all("SELECT data FROM media WHERE sha256 = ?", (sha256,))
        return bytes(rows[0].data) if rows else None

    def dismissed_suggestions(self, doc_id: str) -> list[str]:
        value = self._stored_setting(f"dismissed:{doc_id}")
        return list(value) if value is not None else []

    # ------------------------------------------------------------------ assessment (as the service does it)

    def assess_claim(self, claim_id: str) -> Assessment:
        return self._assess([claim_id])[claim_id]

    def assess_claims(self, claim_ids: Iterable[str]) -> dict[str, Assessment]:
        return self._assess(list(claim_ids))

    def assess_all(self, settings: Settings | None = None) -> dict[str, Assessment]:
        return self._assess(None, settings)

    def _assess(self, claim_ids: list[str] | None, settings: Settings | None = None) -> dict[str, Assessment]:
        return assess_stored(self._conn.execute, claim_ids, settings or self.settings())

    # ------------------------------------------------------------------ the hand-over

    def open_service(self) -> ProjectService:
        """The full service on the same checked file (its lock passes over; nothing is checked twice).

        Imports SQLAlchemy, the model and the service: call it off the GUI
        thread.  The versions this reader saw go with it, so a write made
        after the hand-over still names the version the user looked at.
        """
        from workbench.service import ProjectService

        service = ProjectService.from_checked(self.checked, analyst=self.analyst)
        service.adopt_versions(self.seen)
        return service

    def close(self) -> None:
        """Close the read connection; without :meth:`open_service`, release the file too."""
        self._conn.close()
        self.checked.release()
