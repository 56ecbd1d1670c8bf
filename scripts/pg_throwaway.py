#!/usr/bin/env python3
"""A throwaway PostgreSQL server for tests and benchmarks.

``initdb`` in a temporary folder, started on a free local port with
password (SCRAM) authentication over TCP only, stopped and removed
afterwards. PostgreSQL refuses to run as root, so when this runs as root
(CI does) the cluster belongs to, and the server runs as, an unprivileged
user (``postgres`` when Debian's package made one, else ``nobody``).

Used by ``tests/conftest.py`` (the ``pg_server`` session fixture) and by
``benchmarks/bench_team.py``. Run by hand it prints the superuser's URL and
keeps the server up until interrupted::

    python scripts/pg_throwaway.py
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SUPERUSER = "vwb_admin"
SUPERUSER_PASSWORD = "throwaway-admin-pw"


def find_bindir() -> Path:
    """The folder holding initdb and pg_ctl: $PG_BINDIR, Debian's versioned folder, or PATH."""
    if os.environ.get("PG_BINDIR"):
        return Path(os.environ["PG_BINDIR"])
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                   key=lambda p: int(Path(p).parent.parent.name) if Path(p).parent.parent.name.isdigit() else 0)
    if found:
        return Path(found[-1]).parent
    which = shutil.which("initdb")
    if which:
        return Path(which).parent
    raise RuntimeError("PostgreSQL server binaries not found (install Debian's 'postgresql' package)")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _run_as() -> str | None:
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        try:
            pwd.getpwnam(name)
            return name
        except KeyError:
            continue
    raise RuntimeError("running as root and no unprivileged user to run PostgreSQL as")


class Throwaway:
    """One temporary cluster: ``start()``, ``url()``, ``stop()``, ``restart()``, ``remove()``."""

    def __init__(self, *, durable: bool = False) -> None:
        self.bindir = find_bindir()
        self.user = _run_as()
        # The unprivileged user must reach the folder: not under root's own $TMPDIR.
        self.root = Path(tempfile.mkdtemp(prefix="vwb-pg-", dir="/tmp" if self.user else None))
        self.data = self.root / "data"
        self.port = free_port()
        self.durable = durable
        if self.user:
            pw = pwd.getpwnam(self.user)
            os.chown(self.root, pw.pw_uid, pw.pw_gid)
        os.chmod(self.root, 0o700)
        pwfile = self.root / "pw"
        pwfile.write_text(SUPERUSER_PASSWORD + "\n")
        if self.user:
            pw = pwd.getpwnam(self.user)
            os.chown(pwfile, pw.pw_uid, pw.pw_gid)
        self._run([str(self.bindir / "initdb"), "-D", str(self.data), "-U", SUPERUSER, "--pwfile", str(pwfile),
                   "--auth=scram-sha-256", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"])
        pwfile.unlink()
        with open(self.data / "postgresql.conf", "a") as conf:
            conf.write(f"\nport = {self.port}\nlisten_addresses = '127.0.0.1'\n"
                       f"unix_socket_directories = '{self.root}'\nmax_connections = 200\n")
            if not durable:  # tests: a client killed mid-write is the fault under test, not the disk
                conf.write("fsync = off\nfull_page_writes = off\n")

    def _run(self, cmd: list[str]) -> None:
        result = subprocess.run(cmd, user=self.user, cwd=self.root, capture_output=True, text=True)
        if result.returncode != 0:
            raise RuntimeError(f"{' '.join(cmd[:2])} failed: {result.stderr.strip() or result.stdout.strip()}")

    def start(self) -> Throwaway:
        self._run([str(self.bindir / "pg_ctl"), "-D", str(self.data), "-l", str(self.root / "log"),
                   "-w", "-t", "60", "start"])
        return self

    def stop(self, mode: str = "fast") -> None:
        if (self.data / "postmaster.pid").exists():
            self._run([str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop"])

    def restart(self) -> None:
        self.stop()
        self.start()

    def remove(self) -> None:
        try:
            self.stop("immediate")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)

    def url(self, user: str = SUPERUSER, password: str | None = SUPERUSER_PASSWORD,
            database: str = "postgres", project: str | None = None) -> str:
        auth = user + (f":{password}" if password else "")
        return f"postgresql://{auth}@127.0.0.1:{self.port}/{database}" + (f"?project={project}" if project else "")

    def psql(self, sql: str, database: str = "postgres") -> None:
        """Run SQL as the superuser (setup only)."""
        import psycopg

        with psycopg.connect(host="127.0.0.1", port=self.port, user=SUPERUSER, password=SUPERUSER_PASSWORD,
                             dbname=database, autocommit=True) as conn:
            conn.execute(sql)  # type: ignore[arg-type]


def main() -> int:
    server = Throwaway(durable="--durable" in sys.argv).start()
    print(server.url(), flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        server.remove()
    return 0


if __name__ == "__main__":
    sys.exit(main())
