"""Team projects on a PostgreSQL server: addresses, the server store, administration, schema versions.

May import the rest of ``workbench.store`` (the same model and exchange as
project files), SQLAlchemy, psycopg and Alembic; never the service or above.
"""
