"""Alembic migrations of a server database: the catalog schema ``vwb`` and every project schema.

Run only by ``workbench.store.server.schema``; may import Alembic and SQLAlchemy, nothing of the app.
"""
