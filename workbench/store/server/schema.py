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
