"""Preparing a database for projects, managing who may do what, creating and listing projects.

The roles are PostgreSQL's own: ``vwb_reader`` may read every project of the
database, ``vwb_editor`` (a reader too) may edit claims, evidence, sources and
documents, ``vwb_lead`` (an editor too) owns the project schemas, so it may
also change scoring settings and the title, delete documents, undo merges and
manage roles. Every limit is a grant or a row-level security policy, so a
reader with ``psql`` and the same password cannot write either.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, insert, text
from sqlalchemy.exc import DBAPIError

from workbench.store.model import Base, ProjectInfo
from workbench.store.server import schema as server_schema
from workbench.store.server.address import ServerAddress, check_project_name
from workbench.store.server.store import (
    CATALOG_PRESENT,
    ROLES,
    SCHEMA_REVISION,
    PermissionDenied,
    ServerError,
    check_schema,
    make_engine,
    membership,
    schema_of,
    translate,
)

LEVELS = {"reader": "vwb_reader", "editor": "vwb_editor", "lead": "vwb_lead"}


def _q(conn: Connection, name: str) -> str:
    return str(conn.dialect.identifier_preparer.quote(name))


def _run(address: ServerAddress, doing: str, work: Any) -> Any:
    """Run ``work(conn)`` in one transaction; failures as one line naming the address."""
    engine = make_engine(address, pool_size=1)
    try:
        with engine.begin() as conn:
            return work(conn)
    except DBAPIError as exc:
        err = translate(exc, address, doing)
        raise err from None
    finally:
        engine.dispose()


def _superuser(conn: Connection) -> bool:
    return bool(conn.execute(text("SELECT rolsuper FROM pg_roles WHERE rolname = session_user")).scalar())


def init(address: ServerAddress) -> str:
    """Create the three roles (if missing) and bring the schema to this version. Returns a summary."""
    def work(conn: Connection) -> str:
        conn.execute(text("SELECT pg_advisory_xact_lock(hashtext('vwb-init'))"))
        existing = set(conn.execute(text("SELECT rolname FROM pg_roles WHERE rolname = ANY(:r)"),
                                    {"r": list(ROLES)}).scalars())
        for role in ROLES:
            if role not in existing:
                conn.execute(text(f"CREATE ROLE {role} NOLOGIN"))
        conn.execute(text("GRANT vwb_reader TO vwb_editor"))
        conn.execute(text("GRANT vwb_editor TO vwb_lead"))
        before = _revision(conn)
        if before is not None and before not in server_schema.revisions():
            check_schema(conn, address)  # newer than this app: refuse
        server_schema.upgrade(conn)
        return (f"{address.display}: ready for projects (schema {SCHEMA_REVISION}; "
                f"roles {', '.join(ROLES)})")
    return str(_run(address, "create roles (vwb server init needs a login that may create roles)", work))


def _revision(conn: Connection) -> str | None:
    if not conn.execute(text(CATALOG_PRESENT)).scalar_one():
        return None
    value = conn.execute(text("SELECT version_num FROM vwb.alembic_version")).scalar()
    return None if value is None else str(value)


def upgrade(address: ServerAddress) -> str:
    """Migrate the database to this app's schema (leads only); never downgrades."""
    def work(conn: Connection) -> str:
        member = membership(conn)
        if member.role != "vwb_lead" and not _superuser(conn):
            raise PermissionDenied(address, f"permission denied: login {member.login!r} "
                                            f"({member.role or 'no Workbench role'}) may not upgrade the schema "
                                            "(leads only)")
        before = _revision(conn)
        if before is None:
            raise ServerError(address, "this database holds no Verification Workbench projects "
                                       "(prepare it with: vwb server init)")
        if before not in server_schema.revisions():
            check_schema(conn, address)
        if before == SCHEMA_REVISION:
            return f"{address.display}: schema {before} is already this version"
        if not conn.execute(text("SELECT has_table_privilege('vwb.alembic_version', 'UPDATE')")).scalar_one():
            # Schema 0001 left its version table to the login that prepared the database.
            raise PermissionDenied(address, f"permission denied: upgrading from schema {before} needs the login "
                                            "that ran vwb server init (or a superuser): vwb server upgrade ADDRESS")
        server_schema.upgrade(conn)
        return f"{address.display}: schema upgraded from {before} to {SCHEMA_REVISION}"
    return str(_run(address, "upgrade the schema", work))


def grant(address: ServerAddress, user: str, level: str) -> str:
    """Give an existing login one role (replacing any other Workbench role it had)."""
    if level not in LEVELS:
        raise ServerError(address, f"role must be reader, editor or lead (not {level!r})")
    role = LEVELS[level]

    def work(conn: Connection) -> str:
        check_schema(conn, address)
        if conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :u"), {"u": user}).first() is None:
            raise ServerError(address, f"no login {user!r} on this server (create it first: CREATE ROLE ... LOGIN)")
        q = _q(conn, user)
        _revoke_all(conn, q)
        # A lead may in turn give and take back every Workbench role.
        option = " WITH ADMIN OPTION" if role == "vwb_lead" else ""
        conn.execute(text(f"GRANT {role} TO {q}{option}"))
        if role == "vwb_lead":
            conn.execute(text(f"GRANT vwb_editor, vwb_reader TO {q} WITH ADMIN OPTION"))
        return f"{address.display}: {user} is now a {level}"
    return str(_run(address, f"give roles (leads only): {user} {level}", work))


def _revoke_all(conn: Connection, quoted_user: str) -> None:
    for role in ROLES:
        member = conn.execute(text(
            "SELECT 1 FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.roleid "
            "JOIN pg_roles u ON u.oid = m.member WHERE r.rolname = :r AND u.rolname = :u"),
            {"r": role, "u": quoted_user.strip('"')}).first()
        if member:
            conn.execute(text(f"REVOKE {role} FROM {quoted_user}"))


def revoke(address: ServerAddress, user: str) -> str:
    def work(conn: Connection) -> str:
        check_schema(conn, address)
        if conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :u"), {"u": user}).first() is None:
            raise ServerError(address, f"no login {user!r} on this server")
        _revoke_all(conn, _q(conn, user))
        return f"{address.display}: {user} has no Workbench role any more"
    return str(_run(address, f"take roles back (leads only): {user}", work))


@dataclass(frozen=True)
class ProjectEntry:
    """One line of ``vwb server projects``."""

    name: str
    title: str
    claims: int
    changed_at: str

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "title": self.title, "claims": self.claims, "changed_at": self.changed_at}


def projects(address: ServerAddress) -> list[ProjectEntry]:
    """The projects on the database that this login may open."""
    def work(conn: Connection) -> list[ProjectEntry]:
        check_schema(conn, address)
        rows = conn.execute(text(
            "SELECT name, schema_name FROM vwb.projects "
            "WHERE has_schema_privilege(schema_name, 'USAGE') ORDER BY name")).all()
        out = []
        for name, schema in rows:
            q = _q(conn, schema)
            info = conn.execute(text(f"SELECT title, changed_at FROM {q}.project LIMIT 1")).first()
            claims = conn.execute(text(f"SELECT count(*) FROM {q}.claim")).scalar_one()
            out.append(ProjectEntry(name, info[0] if info else "", int(claims), info[1] if info else ""))
        return out
    result: list[ProjectEntry] = _run(address, "list projects", work)
    return result


def create_project(conn: Connection, address: ServerAddress, title: str | None) -> None:
    """Create the project's schema, tables, triggers, policies and grants (one transaction, as vwb_lead).

    ``title`` None leaves the ``project`` row to the caller (publishing a file copies its own).
    """
    name = address.project
    if name is None:
        raise ServerError(address, "name the project (add ?project=NAME)")
    check_project_name(name, address.display)
    check_schema(conn, address)
    if conn.execute(text("SELECT 1 FROM vwb.projects WHERE name = :n"), {"n": name}).first():
        raise ServerError(address, f"project {name!r} already exists")
    member = membership(conn)
    if member.role != "vwb_lead" and not _superuser(conn):
        raise PermissionDenied(address, f"permission denied: login {member.login!r} "
                                        f"({member.role or 'no Workbench role'}) may not create projects "
                                        "(leads only)")
    schema = schema_of(name)
    q = _q(conn, schema)
    conn.execute(text("SET LOCAL ROLE vwb_lead"))  # the schema and tables belong to the leads
    conn.execute(text(f"CREATE SCHEMA {q}"))
    Base.metadata.create_all(conn.execution_options(schema_translate_map={None: schema}))
    server_schema.create_indexes(conn, schema)
    conn.execute(text(f"CREATE TRIGGER stamp_who BEFORE INSERT ON {q}.event "
                      "FOR EACH ROW EXECUTE FUNCTION vwb.stamp_who()"))
    conn.execute(text(f"CREATE TRIGGER notify_event AFTER INSERT ON {q}.event "
                      "FOR EACH ROW EXECUTE FUNCTION vwb.notify_event()"))
    conn.execute(text(f"GRANT USAGE ON SCHEMA {q} TO vwb_reader"))
    conn.execute(text(f"GRANT SELECT ON ALL TABLES IN SCHEMA {q} TO vwb_reader"))
    conn.execute(text(f"GRANT INSERT, UPDATE ON {q}.document, {q}.source, {q}.claim, {q}.evidence, {q}.media "
                      "TO vwb_editor"))
    conn.execute(text(f"GRANT DELETE ON {q}.source, {q}.claim, {q}.evidence TO vwb_editor"))
    conn.execute(text(f"GRANT INSERT ON {q}.event TO vwb_editor"))
    conn.execute(text(f"GRANT UPDATE (changed_at) ON {q}.project TO vwb_editor"))
    # Settings: editors keep their own dismissed suggestions; scoring is the leads'.
    conn.execute(text(f"GRANT INSERT, UPDATE, DELETE ON {q}.setting TO vwb_editor"))
    conn.execute(text(f"ALTER TABLE {q}.setting ENABLE ROW LEVEL SECURITY"))
    conn.execute(text(f"CREATE POLICY read_all ON {q}.setting FOR SELECT TO vwb_reader USING (true)"))
    for verb, clause in (("INSERT", "WITH CHECK (key LIKE 'dismissed:%')"),
                         ("UPDATE", "USING (key LIKE 'dismissed:%') WITH CHECK (key LIKE 'dismissed:%')"),
                         ("DELETE", "USING (key LIKE 'dismissed:%')")):
        conn.execute(text(f"CREATE POLICY editor_{verb.lower()} ON {q}.setting FOR {verb} TO vwb_editor {clause}"))
    conn.execute(text("RESET ROLE"))
    if title is not None:
        stamp = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
        conn.execution_options(schema_translate_map={None: schema}).execute(
            insert(ProjectInfo).values(id=_new_id(), title=title, created_at=stamp, changed_at=stamp))
    conn.execute(text("INSERT INTO vwb.projects (name, schema_name) VALUES (:n, :s)"), {"n": name, "s": schema})


def _new_id() -> str:
    from workbench.store.model import new_id

    return new_id()


def new_project(address: ServerAddress, title: str) -> None:
    """``vwb new URL?project=NAME``: an empty project on the server."""
    _run(address, "create projects (leads only)", lambda conn: create_project(conn, address, title))
