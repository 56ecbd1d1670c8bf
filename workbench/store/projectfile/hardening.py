"""Before SQLite parses a file: its 100-byte header, hardened sqlite3 connections, and whether a journal is its own.

Everything here uses sqlite3 alone (the app checks and shows a project before
SQLAlchemy is imported), and the resource limits keep a hostile file from
costing more than a quick refusal.
"""

from __future__ import annotations

import os
import sqlite3
import struct
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import cast
from urllib.parse import quote as _urlquote

from workbench.safeio import open_regular
from workbench.store.projectfile import fileformat
from workbench.store.projectfile.fileformat import APPLICATION_ID, MIN_FORMAT_VERSION, SQLITE_MAGIC, ProjectFileError

# Resource limits for untrusted files: a hostile file is refused quickly.
MAX_CELL_BYTES = 64 * 1024 * 1024
MAX_SQL_BYTES = 1024 * 1024
MAX_EXPR_DEPTH = 100
BUSY_TIMEOUT_MS = 2000
# Largest value any column other than a document's text may hold (names, quotes, notes, JSON).
MAX_SMALL_CELL = 4 * 1024 * 1024


@dataclass(frozen=True)
class Header:
    """What the 100-byte SQLite header says about a file."""

    page_size: int
    page_count: int
    application_id: int
    user_version: int
    file_size: int


def read_header(path: Path) -> Header:
    """Read and check the header without letting SQLite parse the file."""
    path = Path(path)
    fd, st = open_regular(path, lambda reason: ProjectFileError(path, reason), "is a folder, not a project file",
                          "not a regular file (a device, pipe or socket cannot be a project)")
    try:
        raw = os.read(fd, 100)
        size = st.st_size
    except OSError as exc:
        raise ProjectFileError(path, f"cannot be read ({exc.strerror})") from None
    finally:
        os.close(fd)
    if size == 0:
        raise ProjectFileError(path, "empty file, not a Verification Workbench project")
    if len(raw) < 100 or not raw.startswith(SQLITE_MAGIC):
        raise ProjectFileError(path, "not a Verification Workbench project (not an SQLite database)")
    page_size = struct.unpack(">H", raw[16:18])[0]
    page_size = 65536 if page_size == 1 else page_size
    change_counter, page_count = struct.unpack(">II", raw[24:32])
    user_version, application_id = struct.unpack(">iI", raw[60:64] + raw[68:72])
    valid_for = struct.unpack(">I", raw[92:96])[0]
    if application_id != APPLICATION_ID:
        raise ProjectFileError(
            path, "another application's SQLite database, not a Verification Workbench project"
        )
    if user_version > fileformat.FORMAT_VERSION:
        raise ProjectFileError(
            path,
            f"made by a newer version of Verification Workbench (format {user_version}; "
            f"this version reads up to {fileformat.FORMAT_VERSION})",
        )
    if user_version < MIN_FORMAT_VERSION:
        raise ProjectFileError(path, f"unknown project format version {user_version}")
    if page_size < 512 or page_size & (page_size - 1):
        raise ProjectFileError(path, "damaged project file (bad page size)")
    if size % page_size:
        raise ProjectFileError(path, "truncated or damaged project file (size is not whole pages)")
    if valid_for == change_counter and page_count and size < page_count * page_size:
        raise ProjectFileError(
            path, f"truncated project file ({size} of {page_count * page_size} bytes)"
        )
    return Header(page_size, page_count, application_id, user_version, size)


# NULL and booleans bound through a registered adapter, to the same values as without one. The
# driver binds str, int and float directly, but asks every other value (None, True) to adapt
# itself first: with no adapter registered it looks for ``__adapt__`` on its protocol type and
# formats an AttributeError to discard, about 3,000 instructions per value, a fifth of inserting
# a large exchange file's 65,000 nulls and booleans. A registered adapter is one dictionary
# lookup: ``{}.get`` returns None (bound as NULL, as before) and ``int`` gives a boolean's 0 or
# 1 (what the driver binds for a bool, an int subclass). The registry is the driver's, shared by
# the whole process; these two entries change no value anyone binds.
sqlite3.register_adapter(type(None), cast("Callable[[None], None]", {}.get))
sqlite3.register_adapter(bool, int)


def _harden(conn: sqlite3.Connection) -> None:
    """Apply the untrusted-file settings to a fresh sqlite3 connection."""
    conn.setlimit(sqlite3.SQLITE_LIMIT_ATTACHED, 0)
    conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, MAX_CELL_BYTES)
    conn.setlimit(sqlite3.SQLITE_LIMIT_SQL_LENGTH, MAX_SQL_BYTES)
    conn.setlimit(sqlite3.SQLITE_LIMIT_EXPR_DEPTH, MAX_EXPR_DEPTH)
    if hasattr(conn, "setconfig") and hasattr(sqlite3, "SQLITE_DBCONFIG_DEFENSIVE"):
        conn.setconfig(sqlite3.SQLITE_DBCONFIG_DEFENSIVE, True)  # Python >= 3.12
    for pragma in (
        "trusted_schema=OFF",
        "cell_size_check=ON",
        "mmap_size=0",
        "foreign_keys=ON",
        "secure_delete=ON",
        "synchronous=FULL",
        f"busy_timeout={BUSY_TIMEOUT_MS}",
    ):
        conn.execute(f"PRAGMA {pragma}")


def _uri(path: Path, mode: str) -> str:
    return f"file:{_urlquote(str(path.resolve()))}?mode={mode}"


def connect(path: Path, *, read_only: bool) -> sqlite3.Connection:
    """Open a hardened sqlite3 connection in autocommit mode (we issue BEGIN ourselves)."""
    conn = sqlite3.connect(
        _uri(Path(path), "ro" if read_only else "rw"),
        uri=True,
        isolation_level=None,
        check_same_thread=False,
        timeout=BUSY_TIMEOUT_MS / 1000,
    )
    try:
        _harden(conn)
        if not read_only:
            conn.execute("PRAGMA journal_mode=DELETE")
    except BaseException:
        conn.close()
        raise
    return conn


JOURNAL_MAGIC = bytes.fromhex("d9d505f920a163d7")


def journal_belongs(path: Path, journal: Path) -> bool:
    """Whether a rollback journal beside ``path`` can be a crashed writer's journal of this very file.

    Rolling back trusts the journal completely: a crafted one can restore
    pages of another project or grow the file to terabytes. A genuine one
    names this file's page size, and the size it restores is at most the
    current size plus the pages it holds. A journal whose header was never
    written (zeros) is not hot and SQLite ignores it.
    """
    try:
        with open(journal, "rb") as fh:
            head = fh.read(28)
            size = os.fstat(fh.fileno()).st_size
        header = read_header(path)
    except (OSError, ProjectFileError):
        return False
    if len(head) < 28 or head[:8] != JOURNAL_MAGIC:
        return not any(head[:8])  # an unsynced (zeroed) header: SQLite discards it, nothing is replayed
    fields: tuple[int, int, int, int, int] = struct.unpack(">iIIII", head[8:28])
    _n_rec, _nonce, orig_pages, sector, page_size = fields
    if page_size != header.page_size or sector < 512 or sector > 65536 or sector & (sector - 1):
        return False
    stored = max(0, size - sector) // (page_size + 8)
    current = header.file_size // header.page_size
    return bool(orig_pages <= current + stored)
