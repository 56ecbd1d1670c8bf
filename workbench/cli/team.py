"""``vwb server init|grant|revoke|projects|upgrade`` and ``vwb watch``: team projects on a PostgreSQL server.

Every failure is one line naming the address (never the password) and the
reason, exit 2: server unreachable, authentication failed, project missing,
permission denied (naming the login's role and what it may not do).
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
from collections.abc import Callable
from typing import Any

from workbench.cli.common import _fail, _open, server_password


def register(sub: Any) -> None:
    s = sub.add_parser("server", help="prepare a PostgreSQL database for team projects; manage who may do what")
    ss = s.add_subparsers(dest="server_command", required=True, metavar="ACTION")
    p = ss.add_parser("init", help="create the roles vwb_reader/vwb_editor/vwb_lead and the schema")
    p.add_argument("url")
    p = ss.add_parser("grant", help="give a login a role: reader, editor or lead")
    p.add_argument("url")
    p.add_argument("user")
    p.add_argument("role", choices=("reader", "editor", "lead"))
    p = ss.add_parser("revoke", help="take a login's Workbench role back")
    p.add_argument("url")
    p.add_argument("user")
    p = ss.add_parser("projects", help="the projects this login may open")
    p.add_argument("url")
    p.add_argument("--json", action="store_true")
    p = ss.add_parser("upgrade", help="migrate the database to this version's schema (leads only)")
    p.add_argument("url")
    w = sub.add_parser("watch", help="follow a server project: one line per committed change")
    w.add_argument("project")
    w.add_argument("--json", action="store_true")


def _address(url: str, need_project: bool = False) -> Any:
    from workbench.store.server.address import AddressError, is_server_address, parse

    if not is_server_address(url):
        _fail(f"{url}: not a server address (postgresql://[user@]host[:port]/database)")
    try:
        return parse(url, need_project=need_project, password=server_password(url))
    except AddressError as exc:
        _fail(str(exc))


def cmd_server(a: argparse.Namespace) -> int:
    from workbench.store.server import admin

    addr = _address(a.url)
    if a.server_command == "init":
        print(admin.init(addr))
    elif a.server_command == "grant":
        print(admin.grant(addr, a.user, a.role))
    elif a.server_command == "revoke":
        print(admin.revoke(addr, a.user))
    elif a.server_command == "upgrade":
        print(admin.upgrade(addr))
    else:
        entries = admin.projects(addr)
        if a.json:
            sys.stdout.write(json.dumps({"projects": [e.to_json() for e in entries]}, ensure_ascii=False,
                                        indent=2) + "\n")
        else:
            for e in entries:
                print(f"{e.name}\t{e.title}\t{e.claims} claims\tlast change {e.changed_at}")
            if not entries:
                print(f"{addr.display}: no projects this login may open")
    return 0


def format_event(ev: dict[str, Any]) -> str:
    ids = ", ".join(f"{len(v)} {k}" for k, v in ev.get("ids", {}).items() if v)
    return f"{ev['when']}  {ev['who']}: {ev['summary']} [{ev['action']}{'; ' + ids if ids else ''}]"


def cmd_watch(a: argparse.Namespace) -> int:
    _address(a.project, need_project=True)
    svc = _open(a.project, read_only=True)
    stop = threading.Event()

    def show(ev: dict[str, Any]) -> None:
        if a.json:
            out = {k: ev[k] for k in ("event", "who", "when", "action", "summary", "ids")}
            sys.stdout.write(json.dumps(out, ensure_ascii=False) + "\n")
        else:
            sys.stdout.write(format_event(ev) + "\n")
        sys.stdout.flush()

    started = [False]

    def state(up: bool) -> None:
        if up and not started[0]:
            started[0] = True
            msg = "following every change (Ctrl-C to stop)"
        else:
            msg = "connected again" if up else "server unreachable; retrying"
        print(f"vwb watch: {svc.name}: {msg}", file=sys.stderr, flush=True)

    # Ctrl-C (or a TERM from a script) asks the listener to stop at its next
    # quarter-second check, instead of raising inside a database call, where
    # the interrupt could land in a query and leave the process waiting.
    def request_stop(_signum: int, _frame: object) -> None:
        stop.set()

    previous = {sig: signal.signal(sig, request_stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        svc.follow(show, stop, state)
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        svc.close()
    return 0


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {"server": cmd_server, "watch": cmd_watch}
