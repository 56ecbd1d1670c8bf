"""Publishing: a project (file or server) becomes a new server project.

Every table is copied row for row (same ids, versions, history), so an
offline copy merges back with the ordinary merge, and a published project
is the same project. On the server, history rows keep their writers' names,
marked by the server's trigger with the login that brought them.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.exc import DBAPIError

from workbench.store.projectfile import ProjectFileError
from workbench.store.server import admin
from workbench.store.server.address import ServerAddress
from workbench.store.server.store import copy_tables, make_engine, schema_of, translate


def publish(source: Any, address: ServerAddress) -> None:
    """A project (any store with an ``engine``) becomes a new server project, which must not exist yet."""


    engine = make_engine(address, pool_size=1)
    try:
        with engine.begin() as conn, source.engine.connect() as raw:
            src = raw.execution_options(isolation_level="REPEATABLE READ") if raw.dialect.name == "postgresql" else raw
            admin.create_project(conn, address, None)
            assert address.project is not None
            copy_tables(src, conn.execution_options(schema_translate_map={None: schema_of(address.project)}))
    except DBAPIError as exc:
        raise translate(exc, address, "publish projects (leads only)") from None
    except ProjectFileError:
        raise
    finally:
        engine.dispose()
