"""What every `vwb` command shares: the one-line failure, opening a project, reading and writing files."""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING, Any, NoReturn

from workbench import safeio

if TYPE_CHECKING:
    from workbench.service import ProjectService


class CliError(Exception):
    """A bad-usage or bad-input failure: one line, exit 2."""


def _fail(msg: str) -> NoReturn:
    raise CliError(msg)


def server_password(address: str) -> str | None:
    """The password the system keyring remembers for a server address's login, as the app finds it.

    The order is the app's: a password in the address itself comes first (None here, so it is
    used), then the keyring, then libpq's own sources (``PGPASSWORD``, ``~/.pgpass``, a service
    file), which libpq consults when no password is given. Files are not server addresses (None).
    The password is only ever handed to libpq; messages name the address without it."""
    from workbench.store.server.address import is_server_address

    if not is_server_address(address):
        return None
    from workbench.store.server import keychain

    if keychain.has_password(address):
        return None
    password = keychain.read(address)
    if password is not None:
        _FROM_KEYRING.add(keychain.account(address))
    return password


#: Logins whose password this command took from the keyring (a refusal then says so).
_FROM_KEYRING: set[str] = set()


def keyring_note(message: str) -> str:
    """``message`` with a word on the keyring when the server refused a password read from it."""
    low = message.lower()
    if _FROM_KEYRING and ("authentication failed" in low or "password" in low):
        return f"{message} (the password remembered in the system keyring was refused)"
    return message


def _open(path: str, read_only: bool = False) -> ProjectService:
    from workbench.service import ProjectService

    return ProjectService.open(path, read_only=read_only, password=server_password(path))


def _write_out(out: str | None, text: str, project: str | None = None) -> None:
    """Standard output for ``-``/None, else an atomic write that never replaces the project or an open one."""
    if out in (None, "-"):
        sys.stdout.write(text)
        return
    safeio.write_text(out, text, protected=() if project is None else (project,))


def _read_json(path: str) -> Any:
    """An exchange file: a regular file within the size limit, UTF-8 JSON."""
    try:
        raw = safeio.read_regular_file(path)
    except safeio.InputFileError as exc:
        _fail(str(exc))
    try:
        return json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        _fail(f"{path}: not UTF-8 text")
    except json.JSONDecodeError as exc:
        _fail(f"{path}: not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})")
    except RecursionError:  # named the project and Python's "maximum recursion depth" before
        _fail(f"{path}: not an exchange file (JSON nested too deeply to read)")


