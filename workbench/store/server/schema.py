"""The server schema's versions, migrated with Alembic (``vwb server init`` and ``vwb server upgrade``).

An app never migrates a database on its own: it refuses one that is older
(a lead runs ``vwb server upgrade``) or newer (update the app); see
:func:`workbench.store.server.store.check_schema`.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent

#: Indexes a server project has beyond the model's (name, table, column). Without them each of
#: these lookups scans every evidence row on the server: on the XL project (100,000 items)
#: 95-135 ms of server time each, on every claim switch into another document and every grade edit.
#: Project files keep exactly the model's schema (``workbench.store.projectfile`` checks it); the model
#: has the first one too, so a new server project gets it from the model.
INDEXES: tuple[tuple[str, str, str], ...] = (
    ("ix_evidence_document", "evidence", "document_id"),  # a document's evidence (opening a document)
    ("ix_evidence_derives_source", "evidence", "derives_from_source_id"),  # claims to re-assess after a grade
    ("ix_evidence_derives_evidence", "evidence", "derives_from_evidence_id"),  # relays of deleted evidence
    ("ix_claim_claimant", "claim", "claimant"),  # claims whose claimant is a deleted source
)


def create_indexes(connection: Any, schema: str) -> None:
    """Create :data:`INDEXES` in one project's schema (new projects and the 0002 migration)."""
    from sqlalchemy import text

    q = connection.dialect.identifier_preparer.quote
    for name, table, column in INDEXES:
        connection.execute(text(f"CREATE INDEX IF NOT EXISTS {q(name)} ON {q(schema)}.{q(table)} ({q(column)})"))


def _config(connection: Any = None) -> Any:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(HERE / "migrations"))
    cfg.attributes["connection"] = connection
    return cfg


@cache
def revisions() -> tuple[str, ...]:
    """Every revision this app knows, oldest first."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(_config())
    return tuple(reversed([r.revision for r in script.walk_revisions()]))


def head() -> str:
    return revisions()[-1]


def upgrade(connection: Any) -> None:
    """Migrate the database on ``connection`` to this app's head revision (inside its transaction)."""
    from alembic import command

    command.upgrade(_config(connection), "head")
