"""The first server schema: the project catalog, the writer-stamping and notifying trigger functions.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("""
        CREATE TABLE vwb.projects (
            name text PRIMARY KEY,
            schema_name text NOT NULL UNIQUE,
            created_at timestamptz NOT NULL DEFAULT now(),
            created_by text NOT NULL DEFAULT session_user
        )""")
    # History names the login that made the write, whatever the client says:
    # a row carrying another name (a colleague's offline history brought back)
    # keeps it, marked with who brought it.
    op.execute("""
        CREATE FUNCTION vwb.stamp_who() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF NEW.who IS DISTINCT FROM session_user::text THEN
                NEW.who := coalesce(nullif(NEW.who, ''), 'someone') || ' (via ' || session_user || ')';
            END IF;
            RETURN NEW;
        END $$""")
    op.execute("""
        CREATE FUNCTION vwb.notify_event() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            PERFORM pg_notify(TG_TABLE_SCHEMA, NEW.id);
            RETURN NULL;
        END $$""")
    op.execute("GRANT USAGE ON SCHEMA vwb TO vwb_reader")
    op.execute("GRANT SELECT ON vwb.projects TO vwb_reader")
    op.execute("GRANT INSERT, DELETE ON vwb.projects TO vwb_lead")
    op.execute("GRANT SELECT ON vwb.alembic_version TO vwb_reader")
    op.execute("DO $$ BEGIN EXECUTE format('GRANT CREATE ON DATABASE %I TO vwb_lead', current_database()); END $$")


def downgrade() -> None:
    op.execute("DROP TABLE vwb.projects")
    op.execute("DROP FUNCTION vwb.stamp_who()")
    op.execute("DROP FUNCTION vwb.notify_event()")
