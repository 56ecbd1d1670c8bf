"""Where a project lives: a ``.db`` file or a server; one protocol over both.

The service asks this module to open a *project address* and from then on
talks to the :class:`Store` it got back, never asking which kind it is.
Server support is imported only when an address names a server, so opening
a file never loads the PostgreSQL driver.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Protocol

from sqlalchemy.orm import Session

from workbench.store.projectfile import ProjectFile, create_project, open_project
from workbench.store.server.address import is_server_address

__all__ = ["Store", "create_store", "is_server_address", "open_store"]


class Store(Protocol):
    """What the service needs of a project's storage."""

    @property
    def read_only(self) -> bool: ...
    @property
    def path(self) -> Path: ...
    @property
    def name(self) -> str: ...
    @property
    def short_name(self) -> str: ...
    @property
    def login(self) -> str | None: ...
    def session(self) -> Session: ...
    def others_here(self) -> list[str]: ...
    def write_session(self, doing: str = "", *, shared: bool = False) -> AbstractContextManager[Session]: ...
    def serialise(self, session: Session) -> None: ...
    def close(self) -> None: ...
    def reopen(self, read_only: bool = False) -> Store: ...
    def clean_copy(self, out: Path | str) -> Path: ...


def open_store(address: Path | str, *, read_only: bool = False, password: str | None = None) -> Store:
    """Open a project address: a file path or ``postgresql://…?project=NAME``."""
    if is_server_address(address):
        from workbench.store.server.address import parse
        from workbench.store.server.store import open_server_project

        return open_server_project(parse(str(address), password=password, need_project=True),
                                   read_only=read_only)
    return open_project(address, read_only=read_only)


def create_store(address: Path | str, title: str = "", *, password: str | None = None) -> Store:
    """Create an empty project at a file path or on a server (``vwb new``)."""
    if is_server_address(address):
        from workbench.store.server import admin
        from workbench.store.server.address import parse

        addr = parse(str(address), password=password, need_project=True)
        admin.new_project(addr, title)
        return open_store(address, password=password)
    pf: ProjectFile = create_project(address, title)
    return pf


def listen(store: Store, on_event: Callable[[str], None], stop: threading.Event,
           on_state: Callable[[bool], None] | None = None) -> None:
    """Follow a server project's committed writes (blocks; run it off the GUI thread)."""
    follow = getattr(store, "listen", None)
    if follow is None:
        raise ValueError(f"{store.name}: only a server project can be followed as it changes")
    follow(on_event, stop, on_state=on_state)
