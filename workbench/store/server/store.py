"""The server store: one project held in its own schema of a PostgreSQL database.

The same model as a project file (``workbench.store.model``), reached through
SQLAlchemy with psycopg 3; the project's schema is put in place of the
model's default schema (``schema_translate_map``), so every statement the
service issues is the same for both stores.

What the server, not the app, enforces (see :mod:`workbench.store.server.admin`):
the roles ``vwb_reader`` / ``vwb_editor`` / ``vwb_lead`` through grants and
row-level security; the writer's name in history (a trigger sets it from the
login); a ``NOTIFY`` for every audit event. What this module adds: a
transaction-level advisory lock per project — held alone by writes that
change its structure, shared by edits (which lock their rows and take a
second, short lock for history numbering; see :meth:`ServerProject.write_session`),
so version checks and history numbering see every committed write — statement timeouts so a
stuck server never freezes the window, and failures turned into one line
naming the address, never the password.
"""

from __future__ import annotations

import os
import select as _select
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql
from sqlalchemy import Engine, create_engine, delete, event, insert, select, text
from sqlalchemy.exc import DBAPIError, DisconnectionError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from workbench.store.model import Base
from workbench.store.projectfile import ProjectFileError, create_project
from workbench.store.server.address import ServerAddress

# The server schema version this app speaks (the Alembic head; tests check they agree).
SCHEMA_REVISION = "0002"
CATALOG = "vwb"
ROLES = ("vwb_reader", "vwb_editor", "vwb_lead")
STATEMENT_TIMEOUT_MS = 15000
# Whether ``vwb server init`` has run (readable by any login, unlike the catalog itself).
CATALOG_PRESENT = ("SELECT EXISTS (SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                   "WHERE n.nspname = 'vwb' AND c.relname = 'alembic_version')")
CONNECT_TIMEOUT_S = 5


class ServerError(ProjectFileError):
    """A server project cannot be used; ``str()`` is one line naming the address (never the password)."""

    def __init__(self, address: ServerAddress | str, reason: str) -> None:
        display = address.display if isinstance(address, ServerAddress) else str(address)
        Exception.__init__(self, f"{display}: {reason}")
        self.address = display
        self.path = Path(display)
        self.reason = reason

    def __str__(self) -> str:
        return f"{self.address}: {self.reason}"


class ServerUnavailable(ServerError):
    """The server cannot be reached (down, restarting, network cut); worth retrying."""


class PermissionDenied(ServerError):
    """The login's role may not do this; the server refused it."""


def _clean(msg: str, address: ServerAddress) -> str:
    msg = " ".join(str(msg).split())
    if address.password:
        msg = msg.replace(address.password, "***")
    return msg


def translate(exc: BaseException, address: ServerAddress, doing: str = "") -> ServerError:
    """A driver failure as one line a user can act on."""
    orig: BaseException = exc.orig if isinstance(exc, DBAPIError) and exc.orig is not None else exc
    msg = _clean(str(orig), address)
    login = address.user or "this login"
    low = msg.lower()
    if isinstance(orig, psycopg.errors.InsufficientPrivilege) or "permission denied" in low \
            or "row-level security" in low:
        what = f" {doing}" if doing else " do this"
        return PermissionDenied(address, f"permission denied: login {login!r} ({_role_hint(orig)}) may not{what}")
    if "password authentication failed" in low or "no password supplied" in low \
            or "authentication failed" in low:
        return ServerError(address, f"authentication failed for login {login!r}")
    if "does not exist" in low and "database" in low:
        return ServerError(address, "no such database on the server")
    if isinstance(orig, psycopg.OperationalError) or "connection" in low and ("refused" in low or "closed" in low):
        detail = "connection refused" if "refused" in low else ("timed out" if "timeout" in low else "connection lost")
        return ServerUnavailable(address, f"server unreachable ({detail})")
    return ServerError(address, f"server error ({msg})")


def _role_hint(orig: BaseException) -> str:
    return getattr(orig, "_vwb_role", None) or "its role"


def connect(address: ServerAddress, *, autocommit: bool = False) -> psycopg.Connection[Any]:
    """A raw psycopg connection with the app's timeouts (the password only ever goes to libpq)."""
    # The project in the application name lets colleagues see who else has it open.
    app = f"vwb:{address.project}"[:63] if address.project else "verification-workbench"
    kwargs: dict[str, Any] = {"connect_timeout": CONNECT_TIMEOUT_S, "application_name": app,
                              "options": f"-c statement_timeout={STATEMENT_TIMEOUT_MS}", "autocommit": autocommit}
    if address.password:
        kwargs["password"] = address.password
    return psycopg.connect(address.conninfo, **kwargs)


def make_engine(address: ServerAddress, schema: str | None = None, pool_size: int = 3) -> Engine:
    """An engine over ``address``; with ``schema``, the model's tables are that project's.

    A pooled connection the server has closed (a restart, an idle timeout) is replaced when it is
    taken from the pool, found without asking the server (see :func:`_still_open`): a round trip
    to ping it cost as much as the query itself on every read of a claim switch.
    """
    engine = create_engine("postgresql+psycopg://", creator=lambda: connect(address), pool_size=pool_size,
                           max_overflow=4, pool_recycle=600)
    event.listen(engine, "checkout", _still_open)
    if schema is not None:
        engine = engine.execution_options(schema_translate_map={None: schema})
    return engine


def _still_open(dbapi_conn: Any, _record: Any, _proxy: Any) -> None:
    """Refuse a pooled connection the server has given up on, so the pool opens a fresh one.

    An idle connection has nothing to read: once its socket is readable (or closed), the server
    has ended it or said something unasked (a restart's goodbye, an idle-session timeout). Asking
    the socket costs no round trip, unlike a ping before every use; a connection found dead while
    in use still fails that one call with a one-line "server unreachable".
    """
    try:
        dead = dbapi_conn.closed or dbapi_conn.broken or bool(_select.select([dbapi_conn.fileno()], [], [], 0)[0])
    except (OSError, ValueError, psycopg.Error):
        dead = True
    if dead:
        raise DisconnectionError("the server closed this connection")


def schema_of(project: str) -> str:
    """The PostgreSQL schema that holds a project (``pg_dump -n p_NAME`` backs up one project)."""
    return f"p_{project}"


@dataclass
class Membership:
    """Who the login is on this database and what it may do."""

    login: str
    role: str | None  # the strongest of vwb_reader / vwb_editor / vwb_lead, or None

    @property
    def may_edit(self) -> bool:
        return self.role in ("vwb_editor", "vwb_lead")


def membership(conn: Any) -> Membership:
    """The login (``session_user``: the name the server records) and its strongest Workbench role."""
    login = conn.execute(text("SELECT session_user")).scalar_one()
    have = set(conn.execute(text(
        "SELECT rolname FROM pg_roles WHERE rolname = ANY(:r) AND pg_has_role(session_user, oid, 'MEMBER')"),
        {"r": list(ROLES)}).scalars())
    role = next((r for r in reversed(ROLES) if r in have), None)
    return Membership(str(login), role)


def check_schema(conn: Any, address: ServerAddress, *, only_presence: bool = False) -> None:
    """Refuse a database not prepared by ``vwb server init``, or one from a newer or older app."""
    exists = conn.execute(text(CATALOG_PRESENT)).scalar_one()
    if not exists:
        raise ServerError(address, "this database holds no Verification Workbench projects "
                                   "(prepare it with: vwb server init)")
    if only_presence:
        return
    found = conn.execute(text("SELECT version_num FROM vwb.alembic_version")).scalar()
    if found == SCHEMA_REVISION:
        return
    from workbench.store.server import schema as server_schema

    if found in server_schema.revisions():
        raise ServerError(address, f"server schema {found} is older than this app's {SCHEMA_REVISION}; "
                                   "a lead upgrades it with: vwb server upgrade")
    raise ServerError(address, f"server schema {found} is newer than this app knows "
                               f"({SCHEMA_REVISION}); update Verification Workbench")


@dataclass
class ServerProject:
    """An open server project: engine, sessions, the login's role; the counterpart of ``ProjectFile``."""

    address: ServerAddress
    project: str
    engine: Engine
    read_only: bool
    member: Membership
    sessions: sessionmaker[Session] = field(repr=False)
    read_sessions: sessionmaker[Session] = field(repr=False)

    @property
    def path(self) -> Path:
        """For messages only: a server project has no file."""
        return Path(self.project)

    @property
    def name(self) -> str:
        return self.address.display

    @property
    def short_name(self) -> str:
        """``project on host/database``: what a window title shows."""
        where = self.address.display.split("://", 1)[-1].split("?", 1)[0]
        return f"{self.project} on {where.split('@', 1)[-1]}"

    @property
    def login(self) -> str:
        return self.member.login

    @property
    def schema(self) -> str:
        return schema_of(self.project)

    def session(self) -> Session:
        """A session for reading: each statement on its own (autocommit), as it would see the
        same thing in its own READ COMMITTED transaction, without the BEGIN and ROLLBACK round
        trips around it. Writes use :meth:`write_session`."""
        return self.read_sessions()

    def others_here(self) -> list[str]:
        """The other logins that have this project open now (from ``pg_stat_activity``)."""
        with self.reading(), self.engine.connect() as conn:
            rows = conn.execute(text(
                "SELECT DISTINCT usename FROM pg_stat_activity WHERE datname = current_database() "
                "AND application_name = :app AND usename <> session_user ORDER BY usename"),
                {"app": f"vwb:{self.project}"[:63]})
            return [str(r[0]) for r in rows]

    @contextmanager
    def write_session(self, doing: str = "", *, shared: bool = False) -> Iterator[Session]:
        """One write: one transaction, with failures as one line.

        A write that changes the project's structure (deletes, loads, merges,
        documents, settings) holds the project's lock alone for its whole
        transaction. An edit of existing objects or an addition (``shared``)
        holds it shared, so edits run side by side: the service locks the
        rows it changes (``FOR NO KEY UPDATE``, in a fixed order) before
        checking their versions, and calls :meth:`serialise` for the short
        end of the transaction that numbers history.
        """
        lock = "pg_advisory_xact_lock_shared" if shared else "pg_advisory_xact_lock"
        try:
            with self.sessions() as s, s.begin():
                s.execute(text(f"SELECT {lock}(hashtext(:p))"), {"p": self.schema})
                yield s
        except DBAPIError as exc:
            err = translate(exc, self.address, doing)
            if isinstance(err, PermissionDenied):
                err.reason = err.reason.replace("its role", self.member.role or "no Workbench role")
            raise err from None
        except StaleDataError:  # a row-level security policy hid the row this write meant to change
            raise PermissionDenied(self.address, f"permission denied: login {self.login!r} "
                                                 f"({self.member.role}) may not {doing or 'do this'}") from None

    def serialise(self, session: Session) -> None:
        """From here to the commit, one write at a time: history numbers (``seq``) and new rows'
        positions are taken in commit order, so a reader of ``events_after`` never skips one."""
        session.execute(text("SELECT pg_advisory_xact_lock(hashtext(:p))"), {"p": self.schema + ":history"})

    @contextmanager
    def reading(self) -> Iterator[None]:
        try:
            yield
        except DBAPIError as exc:
            raise translate(exc, self.address) from None

    def close(self) -> None:
        self.engine.dispose()

    def reopen(self, read_only: bool = False) -> ServerProject:
        return open_server_project(self.address, read_only=read_only or self.read_only)

    def clean_copy(self, out: Path | str) -> Path:
        """Take an offline copy: a clean ``.db`` with the whole history."""
        return take_offline(self, Path(out))

    def listen(self, on_event: Callable[[str], None], stop: threading.Event, *,
               on_state: Callable[[bool], None] | None = None, retry_s: float = 1.0) -> None:
        """Call ``on_event(event_id)`` for every committed write until ``stop`` is set.

        Runs on a connection of its own (call it from a worker thread). When
        the server goes away, ``on_state(False)`` and retries every
        ``retry_s``; ``on_state(True)`` each time it is listening (first and again).
        """
        up = True
        while not stop.is_set():
            try:
                with connect(self.address, autocommit=True) as conn:
                    conn.execute(sql.SQL("LISTEN {}").format(sql.Identifier(self.schema)))
                    if on_state:  # listening (again): the caller may catch up on what it missed
                        on_state(True)
                    up = True
                    while not stop.is_set():
                        for n in conn.notifies(timeout=0.25, stop_after=50):
                            on_event(n.payload)
                        if conn.closed or conn.broken:
                            raise psycopg.OperationalError("connection lost")
                        # a dead server shows only when we talk to it
                        r, _, _ = _select.select([conn.fileno()], [], [], 0)
                        if r:
                            conn.execute("SELECT 1")
            except psycopg.Error:
                if up and on_state:
                    on_state(False)
                up = False
                stop.wait(retry_s)


def open_server_project(address: ServerAddress, *, read_only: bool = False) -> ServerProject:
    """Connect, check the schema version, the project and the login's role; one line on any failure."""
    if address.project is None:
        raise ServerError(address, "name the project (add ?project=NAME)")
    schema = schema_of(address.project)
    engine = make_engine(address, schema)
    try:
        with engine.connect() as conn:
            member = membership(conn)
            if member.role is None:
                check_schema(conn, address, only_presence=True)
                raise PermissionDenied(address, f"permission denied: login {member.login!r} has no Verification "
                                                "Workbench role on this database (a lead runs: vwb server grant)")
            check_schema(conn, address)
            found = conn.execute(text("SELECT 1 FROM vwb.projects WHERE name = :n"),
                                 {"n": address.project}).first()
            if found is None:
                raise ServerError(address, f"no project {address.project!r} on this server")
    except DBAPIError as exc:
        engine.dispose()
        raise translate(exc, address) from None
    except psycopg.Error as exc:
        engine.dispose()
        raise translate(exc, address) from None
    except BaseException:
        engine.dispose()
        raise
    return ServerProject(address, address.project, engine, read_only or not member.may_edit, member,
                         sessionmaker(engine, expire_on_commit=False),
                         sessionmaker(engine.execution_options(isolation_level="AUTOCOMMIT"), expire_on_commit=False))


CHUNK = 500


def copy_tables(src: Any, dst: Any) -> None:
    """Every row of every model table from ``src`` to ``dst`` (connections, both in their transactions).

    Row for row (same ids, versions, history), so an offline copy merges
    back with the ordinary merge and a published project is the same project.
    """
    for table in Base.metadata.sorted_tables:
        result = src.execution_options(yield_per=CHUNK).execute(select(table))
        for part in result.mappings().partitions(CHUNK):
            dst.execute(insert(table), [dict(r) for r in part])


def take_offline(project: ServerProject, out: Path) -> Path:
    """A clean ``.db`` of the server project, from one consistent snapshot, written atomically."""
    tmp = out.with_name(f".{out.name}.tmp")
    tmp.unlink(missing_ok=True)
    pf = create_project(tmp, "")
    try:
        with project.engine.connect() as raw:
            src = raw.execution_options(isolation_level="REPEATABLE READ")
            with src.begin(), pf.engine.begin() as dst:
                for table in reversed(Base.metadata.sorted_tables):
                    dst.execute(delete(table))
                copy_tables(src, dst)
    except DBAPIError as exc:
        pf.close()
        tmp.unlink(missing_ok=True)
        raise translate(exc, project.address, "read this project") from None
    except BaseException:
        pf.close()
        tmp.unlink(missing_ok=True)
        raise
    pf.close()
    os.replace(tmp, out)
    return out
