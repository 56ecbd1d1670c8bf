"""Alembic environment: always run by ``workbench.store.server.schema`` on a connection it opened."""

from __future__ import annotations

from alembic import context
from sqlalchemy import text

connection = context.config.attributes["connection"]
connection.execute(text("CREATE SCHEMA IF NOT EXISTS vwb"))
context.configure(connection=connection, version_table_schema="vwb", transaction_per_migration=False)
with context.begin_transaction():
    context.run_migrations()
