"""Indexes for the lookups a server answers by scanning every evidence row otherwise.

A document's evidence (opening a document), the claims relaying a source
(re-assessing after a grade edit), relays of deleted evidence, and claims
whose claimant is a deleted source; see ``workbench.store.server.schema.INDEXES``.
Every existing project's schema gets them; new projects get them when created.
Leads may run later upgrades (``vwb server upgrade``): they may now write the
version table, which 0001 left to the login that ran ``vwb server init``.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

from alembic import op
from sqlalchemy import text

from workbench.store.server.schema import INDEXES, create_indexes

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    conn = op.get_bind()
    for (schema,) in conn.execute(text("SELECT schema_name FROM vwb.projects ORDER BY name")).all():
        create_indexes(conn, str(schema))
    op.execute("GRANT UPDATE ON vwb.alembic_version TO vwb_lead")


def downgrade() -> None:
    conn = op.get_bind()
    q = conn.dialect.identifier_preparer.quote
    for (schema,) in conn.execute(text("SELECT schema_name FROM vwb.projects ORDER BY name")).all():
        for name, _table, _column in INDEXES:
            op.execute(f"DROP INDEX IF EXISTS {q(str(schema))}.{q(name)}")
    op.execute("REVOKE UPDATE ON vwb.alembic_version FROM vwb_lead")
