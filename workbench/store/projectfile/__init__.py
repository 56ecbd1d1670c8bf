"""Project files: create, open, check, upgrade and close a ``.db`` project.

A project file travels by e-mail and USB stick and is opened by people who
did not make it, so it is treated as untrusted input (SQLite's own advice for
application file formats and for untrusted databases):

* the 100-byte header is read and checked (magic, our ``application_id``,
  ``user_version`` as the format version, page count against the file size)
  before SQLite parses anything;
* connections are hardened (``trusted_schema=OFF``, ``cell_size_check=ON``,
  ``mmap_size=0``, no ATTACH, bounded string/SQL sizes, defensive mode where
  Python offers it);
* the schema must hold exactly our tables and indexes: no triggers, no views,
  no extra tables;
* ``PRAGMA quick_check`` must pass;
* the file stays in rollback-journal mode with ``synchronous=FULL`` and
  ``secure_delete=ON``, so the file on disk is always the whole project and
  deleted text does not travel with it.

All checks run on a read-only connection, so a refused file is never
modified. Only one process may hold a project open for writing: a writer
takes an ``flock`` on the file, which the kernel releases if the process dies,
so a crashed app never leaves a stale lock behind.

The package, each module importing only those before it: ``fileformat``
(version numbers, the frozen schemas, the upgrade steps, the errors),
``hardening`` (the header, hardened sqlite3 connections, resource limits),
``trust`` (digests of files that already passed), ``checks`` (schema,
integrity and value checks; ``verify``) and ``opening`` (the writer lock,
upgrades, the engine: ``ProjectFile``). Import from here.
May import: workbench.safeio, workbench.jsonsafe, workbench.store.rules and
model, workbench.analysis (the value rules), SQLAlchemy only in ``opening``.
"""

from __future__ import annotations

from workbench.store.projectfile.checks import (
    ExpectedSchema,
    check_schema,
    check_values,
    expected_schema,
    verify,
)
from workbench.store.projectfile.fileformat import (
    APPLICATION_ID,
    FORMAT_1_SCHEMA,
    FORMAT_2_SCHEMA,
    FORMAT_VERSION,
    MIGRATIONS,
    MIN_FORMAT_VERSION,
    SQLITE_MAGIC,
    TABLE_ORDER,
    MigrationStep,
    ProjectFileError,
    ProjectInUseError,
)
from workbench.store.projectfile.hardening import (
    BUSY_TIMEOUT_MS,
    JOURNAL_MAGIC,
    MAX_CELL_BYTES,
    MAX_EXPR_DEPTH,
    MAX_SMALL_CELL,
    MAX_SQL_BYTES,
    Header,
    connect,
    journal_belongs,
    read_header,
)
from workbench.store.projectfile.opening import (
    CheckedFile,
    ProjectFile,
    check_and_lock,
    clean_copy,
    create_project,
    is_locked,
    open_checked,
    open_project,
    upgrade,
)
from workbench.store.projectfile.trust import TRUSTED_MAX, file_digest, is_trusted, remember_trusted

__all__ = [
    "APPLICATION_ID", "BUSY_TIMEOUT_MS", "FORMAT_1_SCHEMA", "FORMAT_2_SCHEMA", "FORMAT_VERSION", "JOURNAL_MAGIC",
    "MAX_CELL_BYTES", "MAX_EXPR_DEPTH", "MAX_SMALL_CELL", "MAX_SQL_BYTES", "MIGRATIONS", "MIN_FORMAT_VERSION",
    "SQLITE_MAGIC", "TABLE_ORDER", "TRUSTED_MAX", "CheckedFile", "ExpectedSchema", "Header", "MigrationStep",
    "ProjectFile", "ProjectFileError", "ProjectInUseError", "check_and_lock", "check_schema", "check_values",
    "clean_copy", "connect", "create_project", "expected_schema", "file_digest", "is_locked", "is_trusted",
    "journal_belongs", "open_checked", "open_project", "read_header", "remember_trusted", "upgrade", "verify",
]
