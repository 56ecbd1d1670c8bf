"""Project addresses: a ``.db`` path or ``postgresql://[user@]host[:port]/database?project=NAME``.

Everything but ``project`` follows libpq (``PGPASSWORD``, ``PGPASSFILE``,
``PGSERVICE``, ``sslmode`` …), so the URL minus ``project`` is handed to
libpq as it is. What is shown to people (:attr:`ServerAddress.display`)
never carries a password.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

SCHEMES = ("postgresql://", "postgres://")
PROJECT_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,47}$")


def is_server_address(address: object) -> bool:
    """True for a PostgreSQL URL, False for anything else (a file path)."""
    return isinstance(address, str) and address.lower().startswith(SCHEMES)


class AddressError(ValueError):
    """A malformed server address; ``str()`` is one line without the password."""


@dataclass(frozen=True)
class ServerAddress:
    """A parsed server address: libpq's part, the project's name, and a password-free display form."""

    conninfo: str = field(repr=False)  # for libpq; may hold a password
    project: str | None
    display: str
    user: str | None
    password: str | None = field(default=None, repr=False)

    def with_project(self, project: str | None) -> ServerAddress:
        return parse(with_project(self.conninfo, project), password=self.password)

    @property
    def url(self) -> str:
        """The address to reopen with (password included when it came in the URL)."""
        return with_project(self.conninfo, self.project)

    def __str__(self) -> str:
        return self.display


def with_project(conninfo: str, project: str | None) -> str:
    """The address naming ``project`` (or none: the server's list of projects)."""
    parts = urlsplit(conninfo)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "project"]
    if project:
        query.append(("project", project))
    return urlunsplit(parts._replace(query=urlencode(query)))


def check_project_name(name: str, display: str) -> str:
    if not PROJECT_NAME.match(name):
        raise AddressError(f"{display}: a project name is 1-48 lower-case letters, digits, '-' or '_' "
                           f"(not {name!r})")
    return name


def parse(address: str, *, password: str | None = None, need_project: bool = False) -> ServerAddress:
    """Split a server URL into libpq's conninfo, the project name and a display form."""
    parts = urlsplit(address)
    if parts.scheme not in ("postgresql", "postgres"):
        raise AddressError(f"{address}: not a postgresql:// address")
    query = parse_qsl(parts.query, keep_blank_values=True)
    project = next((v for k, v in query if k == "project"), None)
    rest = [(k, v) for k, v in query if k != "project"]
    host = parts.hostname or ""
    port = f":{parts.port}" if parts.port else ""
    user = parts.username
    safe_rest = [(k, v) for k, v in rest if k.lower() != "password"]
    display = urlunsplit(("postgresql", (f"{user}@" if user else "") + host + port, parts.path,
                          urlencode(safe_rest + ([("project", project)] if project else [])), ""))
    conninfo = urlunsplit(parts._replace(scheme="postgresql", query=urlencode(rest)))
    url_password = parts.password or next((v for k, v in rest if k.lower() == "password"), None)
    if project is not None:
        check_project_name(project, display)
    elif need_project:
        raise AddressError(f"{display}: name the project (add ?project=NAME)")
    return ServerAddress(conninfo, project, display, user, password or url_password)


def safe_display(address: str) -> str:
    """An address as it may be shown: without any password, even when it does not parse."""
    try:
        return parse(address).display
    except (AddressError, ValueError):
        parts = urlsplit(address)
        netloc = parts.netloc.rsplit("@", 1)[-1]
        return urlunsplit(("postgresql", netloc, parts.path, "", ""))
