"""Opening a project file: the writer lock, recovery of a crashed write, upgrades, the engine.

Only one process may hold a project open for writing: a writer takes an
``flock`` on the file, which the kernel releases if the process dies, so a
crashed app never leaves a stale lock behind. SQLAlchemy is imported only
here, where an engine is made (everything before uses sqlite3 alone).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from workbench.store.projectfile import fileformat
from workbench.store.projectfile.checks import check_schema, check_values, verify
from workbench.store.projectfile.fileformat import (
    APPLICATION_ID,
    MIGRATIONS,
    MigrationStep,
    ProjectFileError,
    ProjectInUseError,
)
from workbench.store.projectfile.hardening import Header, connect, journal_belongs, read_header
from workbench.store.projectfile.trust import Stamp, file_digest, remember_trusted

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlalchemy.orm import Session, sessionmaker

if sys.platform == "win32":  # pragma: no cover - exercised by Windows builds only
    import msvcrt
else:
    import fcntl


def _recover_hot_journal(path: Path) -> None:
    """Roll back a crashed writer's unfinished transaction (SQLite does it on a writable open),
    but only with a journal that belongs to this file."""
    journal = path.with_name(path.name + "-journal")
    if journal.exists() and journal.stat().st_size > 0:
        if not journal_belongs(path, journal):
            raise ProjectFileError(path, f"the journal beside it ({journal.name}) does not belong to this project "
                                         "(refused for safety: move that file away to open the project)")
        conn = connect(path, read_only=False)
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        finally:
            conn.close()


def upgrade(path: Path, from_version: int, steps: dict[int, MigrationStep] | None = None,
            target: int | None = None) -> Path:
    """Upgrade an older project in place, after copying the original aside.

    All steps run in one exclusive transaction: if any fails, the file is
    left exactly as it was. Returns the path of the backup copy.
    """
    steps = MIGRATIONS if steps is None else steps
    target = fileformat.FORMAT_VERSION if target is None else target
    path = Path(path)
    backup = path.with_name(f"{path.name}.format{from_version}.bak")
    shutil.copy2(path, backup)
    conn = connect(path, read_only=False)
    try:
        conn.execute("BEGIN EXCLUSIVE")
        try:
            for version in range(from_version, target):
                if version not in steps:
                    raise ProjectFileError(path, f"no upgrade from format {version}")
                steps[version](conn)
            if target == fileformat.FORMAT_VERSION and steps is MIGRATIONS:
                # The upgraded values obey the same rules as any other write, or nothing is changed.
                check_schema(conn, path)
                check_values(conn, path)
            conn.execute(f"PRAGMA user_version={int(target)}")
            conn.execute("COMMIT")
        except Exception as exc:
            conn.execute("ROLLBACK")
            if isinstance(exc, ProjectFileError):
                raise
            raise ProjectFileError(path, f"upgrade from format {from_version} failed ({exc})") from None
    finally:
        conn.close()
    return backup


def _add_missing_indexes(path: Path) -> None:
    """Give a checked current-format file the indexes it lacks (one written before an index joined
    the format), in one transaction, holding the writer lock. The new bytes are trusted: an index
    changes no value, and the file passed every check just before."""
    conn = connect(path, read_only=False)
    try:
        if not fileformat.missing_indexes(conn):
            return
        conn.execute("BEGIN IMMEDIATE")
        try:
            fileformat.add_missing_indexes(conn)
            conn.execute("COMMIT")
        except sqlite3.Error as exc:
            conn.execute("ROLLBACK")
            raise ProjectFileError(path, f"cannot add the format's indexes ({exc})") from None
    finally:
        conn.close()
    digest = file_digest(path)
    if digest is not None:
        remember_trusted(digest)


class _WriterLock:
    """An advisory, crash-safe lock: the kernel drops an ``flock`` when its process dies."""

    def __init__(self, path: Path) -> None:
        self.fd: int | None = None
        if sys.platform == "win32":  # pragma: no cover - lock a sidecar file, released by the OS on exit
            fd = os.open(f"{path}.lock", os.O_RDWR | os.O_CREAT)
            try:
                msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            except OSError:
                os.close(fd)
                raise ProjectInUseError(path, "in use by another program (open it read-only instead)") from None
            self.fd = fd
            return
        fd = os.open(path, os.O_RDONLY)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise ProjectInUseError(path, "in use by another program (open it read-only instead)") from None
        self.fd = fd

    def release(self) -> None:
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None


def is_locked(path: Path) -> bool:
    """True when another process holds the project open for writing."""
    try:
        _WriterLock(Path(path)).release()
    except ProjectInUseError:
        return True
    return False


@dataclass
class ProjectFile:
    """An open project: its engine, a session factory and the writer lock."""

    path: Path
    engine: Engine
    read_only: bool
    sessions: sessionmaker[Session]
    _lock: _WriterLock | None = field(default=None, repr=False)
    # The file as it was when verified: at close, bytes this writer changed are trusted (see verify).
    _verified: Stamp | None = field(default=None, repr=False)

    def session(self) -> Session:
        return self.sessions()

    @contextmanager
    def write_session(self, doing: str = "", *, shared: bool = False) -> Iterator[Session]:
        """One write: one transaction (``BEGIN IMMEDIATE`` holds the file's write lock throughout,
        so ``shared`` changes nothing: a file has one writer)."""
        with self.sessions() as s, s.begin():
            yield s

    def serialise(self, session: Session) -> None:
        """Nothing to do: the file's write lock already serialises every write."""

    @property
    def name(self) -> str:
        """How messages and titles name the project."""
        return str(self.path)

    @property
    def short_name(self) -> str:
        return self.path.name

    def others_here(self) -> list[str]:
        """Nobody else writes a file while it is open here (the writer lock)."""
        return []

    @property
    def login(self) -> str | None:
        """A file has no server login; the service names the analyst."""
        return None

    def reopen(self, read_only: bool = False) -> ProjectFile:
        """Another handle on the same project (for a worker thread)."""
        return open_project(self.path, read_only=read_only)

    def clean_copy(self, out: Path | str) -> Path:
        return clean_copy(self, out)

    def close(self) -> None:
        """Dispose the engine (closing every connection) and only then release the lock."""
        self.engine.dispose()
        if self._lock is not None:
            self._remember_own_writes()
            self._lock.release()
            self._lock = None

    def _remember_own_writes(self) -> None:
        """Still holding the writer lock: the bytes our validated writes left need no check at the next open."""
        if self._verified is None or self.path.with_name(self.path.name + "-journal").exists():
            return
        now = Stamp.of(self.path)
        if now is not None and now != self._verified:
            remember_trusted(file_digest(self.path))


def _make_engine(path: Path, read_only: bool) -> Engine:
    from sqlalchemy import Connection, create_engine, event
    from sqlalchemy.pool import QueuePool

    engine = create_engine(
        "sqlite://",
        creator=lambda: connect(path, read_only=read_only),
        poolclass=QueuePool,
        pool_size=2,
        max_overflow=4,
    )

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        # IMMEDIATE takes the write lock up front: one user action = one transaction.
        conn.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")

    return engine


def _writable(path: Path) -> bool:
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


@dataclass
class CheckedFile:
    """A project file that passed every check (and was upgraded if older), with the writer lock
    when opened for writing: what :func:`open_checked` turns into a :class:`ProjectFile`, and what
    the app reads with sqlite3 alone to show the project before SQLAlchemy is loaded."""

    path: Path
    read_only: bool
    header: Header
    _lock: _WriterLock | None = field(default=None, repr=False)

    def release(self) -> None:
        """Give up the file without opening it (releases the writer lock)."""
        if self._lock is not None:
            self._lock.release()
            self._lock = None


def check_and_lock(path: Path | str, *, read_only: bool = False) -> CheckedFile:
    """Every check, the writer lock and any upgrade; read-only when asked or when the file or
    folder is not writable. Raises ProjectFileError (ProjectInUseError: another writer)."""
    path = Path(path)
    read_header(path)
    if not read_only and not _writable(path):
        read_only = True
    lock = None if read_only else _WriterLock(path)
    try:
        if lock is not None:
            _recover_hot_journal(path)
        # Read-only never rolls a journal back: the file's bytes do not change by being looked at
        # (a crashed writer's file is refused with a hint to open it for writing once).
        header = verify(path)
        if header.user_version < fileformat.FORMAT_VERSION:
            if read_only:
                raise ProjectFileError(path, f"older format {header.user_version}: open it writable to upgrade")
            upgrade(path, header.user_version)
            header = verify(path)
        if lock is not None:
            _add_missing_indexes(path)
    except BaseException:
        if lock is not None:
            lock.release()
        raise
    return CheckedFile(path, read_only, header, lock)


def open_checked(checked: CheckedFile) -> ProjectFile:
    """The open project of a checked file (the lock passes to it); no check is repeated."""
    from sqlalchemy.orm import sessionmaker

    try:
        engine = _make_engine(checked.path, checked.read_only)
    except BaseException:
        checked.release()
        raise
    lock, checked._lock = checked._lock, None
    return ProjectFile(checked.path, engine, checked.read_only, sessionmaker(engine, expire_on_commit=False), lock,
                       Stamp.of(checked.path) if lock is not None else None)


def open_project(path: Path | str, *, read_only: bool = False) -> ProjectFile:
    """Check and open a project; read-only when asked or when the file or folder is not writable."""
    return open_checked(check_and_lock(path, read_only=read_only))


def create_project(path: Path | str, title: str = "") -> ProjectFile:
    """Create a new, empty project file (refusing to overwrite an existing file) and open it.

    The tables are made from the frozen schema text (``FORMAT_2_SCHEMA``, which a test keeps
    equal to what ``create_all`` writes) together with the project's row, in one transaction:
    a crash leaves a file without tables, which no open accepts. The file is then opened
    without checking it, as bytes this program has just written (its digest is remembered as
    :func:`verify` would after checking it): checking a file made a moment ago by the same
    code, through SQLAlchemy's DDL, a second engine and every value check, cost a tenth of
    loading a large exchange file into it.
    """
    from workbench.store.model import new_id, utcnow_iso

    path = Path(path)
    if path.exists():
        raise ProjectFileError(path, "already exists")
    try:
        conn = sqlite3.connect(str(path), isolation_level=None)
    except sqlite3.Error as exc:
        raise ProjectFileError(path, f"cannot be created ({exc})") from None
    try:
        conn.execute("PRAGMA journal_mode=DELETE")
        conn.execute(f"PRAGMA application_id={APPLICATION_ID}")
        conn.execute(f"PRAGMA user_version={fileformat.FORMAT_VERSION}")
        conn.execute("PRAGMA secure_delete=ON")
        conn.execute("BEGIN IMMEDIATE")
        for sql in fileformat.FORMAT_2_SCHEMA:
            conn.execute(sql)
        now = utcnow_iso()
        conn.execute("INSERT INTO project (id, title, created_at, changed_at) VALUES (?, ?, ?, ?)",
                     (new_id(), title, now, now))
        conn.execute("COMMIT")
    finally:
        conn.close()
    lock = _WriterLock(path)
    try:
        header = read_header(path)
        remember_trusted(file_digest(path))
    except BaseException:
        lock.release()
        raise
    return open_checked(CheckedFile(path, False, header, lock))


def clean_copy(src: ProjectFile, out: Path | str) -> Path:
    """Write a compact, clean copy (no deleted leftovers) atomically via a temporary file.

    The target is never the project itself nor any project open for writing
    (see :func:`workbench.safeio.check_output`); a failed copy leaves nothing behind.
    """
    from workbench import safeio

    def vacuum_into(tmp: Path) -> None:
        # VACUUM INTO attaches its target internally, so this one trusted
        # connection (to a file we have already verified) may attach one database.
        conn = connect(src.path, read_only=True)
        try:
            conn.setlimit(sqlite3.SQLITE_LIMIT_ATTACHED, 1)
            conn.execute("VACUUM INTO ?", (str(tmp),))
        except sqlite3.Error as exc:
            raise safeio.OutputError(out, f"cannot write the copy ({exc})") from None
        finally:
            conn.close()
            Path(f"{tmp}-journal").unlink(missing_ok=True)

    return safeio.write_atomically(out, vacuum_into, protected=(src.path,))
