"""The open project: :class:`ProjectService`, its lifecycle, copies, and following colleagues' writes.

``ProjectService`` is one dataclass assembled from the reads, the writes and
the transaction machinery (each a module of this package); here it opens,
creates, copies and closes projects and follows a server project's audit log.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from workbench.analysis.confidence import Settings
from workbench.service.changes import Changes, Patch
from workbench.service.writes import Writes
from workbench.store.exchange import KINDS
from workbench.store.projectfile import CheckedFile, open_checked
from workbench.store.rules import default_analyst
from workbench.store.stores import Store, create_store, is_server_address, open_store


def server_projects(address: str, password: str | None = None) -> list[dict[str, Any]]:
    """The projects on a server that its login may open (``vwb server projects``)."""
    from workbench.store.server import admin
    from workbench.store.server.address import parse

    return [e.to_json() for e in admin.projects(parse(address, password=password))]


@dataclass
class ProjectService(Writes):
    """An open project and every operation on it."""

    pf: Store
    analyst: str = field(default_factory=default_analyst)
    _settings: Settings | None = None
    # The version of each object as this client last read or wrote it: an edit
    # names it, so a colleague's change in between is a conflict, never overwritten.
    _seen: dict[tuple[str, str], int] = field(default_factory=dict, repr=False)

    # ----------------------------------------------------------------- lifecycle

    @classmethod
    def open(cls, path: Path | str, *, read_only: bool = False, analyst: str | None = None,
             password: str | None = None) -> ProjectService:
        """Open a project address: a ``.db`` path or ``postgresql://…?project=NAME``.

        On a server, history records the server's login whatever ``analyst`` says.
        """
        store = open_store(path, read_only=read_only, password=password)
        return cls(store, store.login or analyst or default_analyst())

    @classmethod
    def from_checked(cls, checked: CheckedFile, *, analyst: str | None = None) -> ProjectService:
        """The service of a project file already checked (and locked) by ``check_and_lock``:
        the app checks and shows a file with sqlite3 alone, then hands it here (workbench.reader)."""
        return cls(open_checked(checked), analyst or default_analyst())

    @classmethod
    def create(cls, path: Path | str, title: str = "", analyst: str | None = None,
               password: str | None = None) -> ProjectService:
        store = create_store(path, title, password=password)
        return cls(store, store.login or analyst or default_analyst())

    def reopen(self, *, read_only: bool = True) -> ProjectService:
        """Another handle on the same project, e.g. for a worker thread (read-only by default)."""
        store = self.pf.reopen(read_only=read_only)
        return ProjectService(store, self.analyst)

    @property
    def path(self) -> Path:
        return self.pf.path

    @property
    def name(self) -> str:
        """The project's address as shown to people (a file path, or a server URL without password)."""
        return self.pf.name

    @property
    def role(self) -> str | None:
        """The login's role on a server project (``vwb_reader``, ``vwb_editor`` or ``vwb_lead``), so
        the app can disable what the server would refuse (deleting documents, scoring settings:
        leads only); None for a file, where whoever may write it may do anything."""
        member = getattr(self.pf, "member", None)
        role = getattr(member, "role", None)
        return str(role) if role else None

    def close(self) -> None:
        self.pf.close()

    def save_copy(self, out: Path | str) -> Path:
        """A compact, clean ``.db`` copy for sharing (from a server: an offline copy), written atomically."""
        return self.pf.clean_copy(out)

    def copy_to(self, address: Path | str, *, password: str | None = None) -> None:
        """Copy the whole project (with its history) to a new ``.db`` file or a new server project.

        File to server publishes; server to file takes an offline copy; the
        ids stay the same, so the copies merge back with :mod:`workbench.merge`.
        """
        if is_server_address(address):
            from workbench.store.server.address import parse
            from workbench.store.server.transfer import publish

            publish(self.pf, parse(str(address), password=password, need_project=True))
        else:
            self.save_copy(address)

    def changes_of(self, event: Mapping[str, Any]) -> Changes:
        """What a colleague's write changed (from :meth:`event`), for the views to refresh only that.

        It cannot be undone here (empty patches): undo is each analyst's own.
        """
        ids = {k: frozenset(event.get("ids", {}).get(k, ())) for k in KINDS}
        empty: Patch = {"upsert": {}, "delete": {}}
        settings = bool({"half_life_days", "as_of", "settings"} & set(event.get("project", [])))
        if settings:
            self._settings = None
        return Changes(str(event.get("action", "")), str(event.get("summary", "")), ids,
                       {k: frozenset() for k in KINDS}, frozenset(event.get("reassessed", ())), settings,
                       empty, empty, str(event.get("event", "")))

    def others_here(self) -> list[str]:
        """Colleagues (server logins) who have this project open now; none for a file."""
        return self.pf.others_here()

    @property
    def short_name(self) -> str:
        """The project as a window title names it: a file's name, or the project and its server."""
        return self.pf.short_name

    def follow(self, on_event: Any, stop: Any, on_state: Any = None) -> None:
        """Call ``on_event(event_dict)`` for each committed write to a server project until ``stop`` is set.

        Blocks: run it off the GUI thread. ``on_state(False/True)`` reports a
        lost and recovered connection.
        """
        from workbench.store.stores import listen

        reader = self.reopen(read_only=True)
        last = [reader.last_event_seq()]

        def got(event_id: str) -> None:
            try:
                ev = reader.event(event_id)
            except Exception:  # noqa: BLE001 - the server went away between NOTIFY and read: caught up later
                return
            if ev is not None:
                last[0] = max(last[0], ev["seq"])
                on_event(ev)

        def state(up: bool) -> None:
            if on_state is not None:
                on_state(up)
            if up:  # what was committed while we could not listen
                try:
                    for ev in reader.events_after(last[0]):
                        last[0] = max(last[0], ev["seq"])
                        on_event(ev)
                except Exception:  # noqa: BLE001 - gone again: the next reconnect catches up
                    pass
        try:
            listen(self.pf, got, stop, state)
        finally:
            reader.close()


def parse_iso_date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None
