"""The open project's lifecycle in the window: new, open (a file or a server), demo, save a copy, import, close.

The window owns the open project (a :class:`~ui.session.context.ProjectContext`)
and hands it to every panel; errors while opening become one-line messages,
never tracebacks. Long work (a copy, an import) runs off the GUI thread with
real progress.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QUndoGroup

from ui.session import messages
from ui.session.context import ProjectContext
from ui.session.folders import near
from ui.session.workers import Task, run_with_progress
from ui.window.commands import WindowCommands, importers_available
from ui.window.project_io import (
    PROJECT_FILTER,
    add_recent,
    open_service,
    recent_files,
    recent_label,
    write_demo_copy,
)
from workbench.reader import ProjectFileError, ProjectInUseError, is_server_address

if TYPE_CHECKING:
    from ui.session.loading import LoadingService
    from workbench.documents.importers import ImportedDocument
    from workbench.service import ProjectService

PREFETCH_DELAY_MS = 300


class ProjectLifecycle(WindowCommands):
    """Opening, showing and closing projects in the main window."""

    projectChanged = Signal(object)   # ProjectContext | None

    undo_group: QUndoGroup

    def set_context(self, ctx: ProjectContext | None, view: str | None = None) -> None:
        """Show a project (or none); the previous one is closed, ending its undo history."""
        old = self.ctx
        if old is not None:
            self.undo_group.removeStack(old.undo_stack)
            old.close()
            old.deleteLater()
        self.ctx = ctx
        if ctx is not None:
            self.undo_group.addStack(ctx.undo_stack)
            self.undo_group.setActiveStack(ctx.undo_stack)
            ctx.failed.connect(self._write_failed)
            ctx.conflicted.connect(self._write_conflicted)
            ctx.changed.connect(self._changed)
            ctx.claimSelected.connect(self._claim_changed)
            ctx.colleagueChanged.connect(self._colleague_changed)
            ctx.connectionChanged.connect(self._connection_changed)
            ctx.busy.connect(lambda text: self.statusBar().showMessage(text, 15000))
            ctx.follow_colleagues()
            first_doc = next(iter(ctx.store.documents), "")
            ctx.current_document = first_doc
            ctx.current_claim = ctx.store.first_claim(first_doc or None) or ctx.store.first_claim() or ""
        for panel in (self.document_pane, self.navigator, self.board, self.panel, self.claim_actions, self.views,
                      *self.extensions.values()):
            setter = getattr(panel, "set_context", None)
            if callable(setter):
                setter(ctx)
        self._update_title()
        self._update_actions()
        self.status_label.setText("" if ctx is None else self._summary())
        self.show_view(view or self.views.current_name or "document")
        if ctx is not None and not ctx.store.all_assessed:
            # After the first paint: the job shares the interpreter with the GUI.
            QTimer.singleShot(PREFETCH_DELAY_MS, ctx, ctx.prefetch_assessments)
        self.projectChanged.emit(ctx)

    def open_path(self, path: Path | str, read_only: bool = False, view: str | None = None,
                  remember: bool = True) -> bool:
        """Open a project file; errors become one-line messages, never tracebacks."""
        if is_server_address(path):  # may need to ask for a password
            return self.open_server_dialog(str(path))
        try:
            service = open_service(path, read_only=read_only)
        except ProjectInUseError as exc:
            if not read_only and messages.ask_read_only(self, str(exc)):
                return self.open_path(path, read_only=True, view=view, remember=remember)
            return False
        except ProjectFileError as exc:
            messages.show_error(self, "Cannot open project", exc)
            return False
        except Exception as exc:  # noqa: BLE001 - any unreadable file: a message, not a crash
            messages.show_error(self, "Cannot open project", exc)
            return False
        return self.show_service(service, view=view, remember=remember)

    def show_service(self, service: ProjectService | LoadingService, view: str | None = None,
                     remember: bool = True) -> bool:
        try:
            ctx = ProjectContext(service, self)
        except Exception as exc:  # noqa: BLE001 - e.g. invalid grades stored by another tool
            service.close()
            messages.show_error(self, "Cannot open project", exc)
            return False
        self.set_context(ctx, view)
        if remember:
            add_recent(service.name)  # a server address is remembered without its password
            self._refresh_recent()
        return True

    def new_project(self) -> None:
        path = messages.ask_save_path(self, "New Project", "Untitled project.db", PROJECT_FILTER)
        if not path:
            return
        from workbench.service import ProjectService

        try:
            service = ProjectService.create(path, Path(path).stem)
        except Exception as exc:  # noqa: BLE001
            messages.show_error(self, "Cannot create project", exc)
            return
        self.show_service(service)

    def open_server_dialog(self, address: str = "") -> bool:
        """File > Open Server Project…: an address, then (if the server asks) a password kept in memory only.

        Without ``?project=NAME`` the projects this login may open are offered.
        """
        from ui.window import server_dialogs

        found = server_dialogs.ask_server_project(self, address)
        if found is None:
            return False
        return self.show_service(found)

    def publish_dialog(self) -> None:
        """File > Publish to Server…: this project becomes a new team project on a server."""
        from ui.window import server_dialogs

        if self.ctx is not None:
            server_dialogs.publish(self, self.ctx.service)

    def _colleague_changed(self, text: str) -> None:
        self.status_label.setStyleSheet("")
        self.status_label.setText(text + self._also_here())

    def _also_here(self) -> str:
        try:
            others = self.ctx.service.others_here() if self.ctx is not None else []
        except Exception:  # noqa: BLE001 - the server went away: the banner says so
            return ""
        return f"   ·   also here: {', '.join(others)}" if others else ""

    def _connection_changed(self, up: bool) -> None:
        if up:
            self.status_label.setStyleSheet("")
            self.status_label.setText("Connected to the server." + self._also_here())
        else:
            self.status_label.setStyleSheet("color: white; background: #b00020; padding: 2px 6px;")
            self.status_label.setText("Connection to the server lost — retrying. Changes are refused until it "
                                      "is back; what you type stays in its form.")

    def open_dialog(self) -> None:
        path = messages.ask_open_path(self, "Open Project", PROJECT_FILTER)
        if path:
            self.open_path(path)

    def open_demo(self) -> bool:
        try:
            path = write_demo_copy()
        except Exception as exc:  # noqa: BLE001
            messages.show_error(self, "Cannot write the demo project", exc)
            return False
        return self.open_path(path, remember=False)

    def save_copy(self) -> None:
        ctx = self.ctx
        if ctx is None:
            return
        out = messages.ask_save_path(self, "Save a Copy", str(near(ctx.path, f"{ctx.path.stem} copy.db")),
                                     PROJECT_FILTER)
        if not out:
            return
        if Path(out).resolve() == ctx.path.resolve():
            messages.show_error(self, "Save a Copy", "Choose another file name: this is the open project.")
            return

        def job(task: Task) -> Path:
            svc = task.open_service(read_only=True)
            try:
                task.progress(0, 0, f"Writing {Path(out).name}…")
                return svc.save_copy(out)
            finally:
                svc.close()

        def saved(p: Path) -> None:
            self.status_label.setText(f"Saved a copy as {Path(p).name}")
            messages.inform(self, "Saved a Copy", f"Saved a copy of {ctx.path.name} as\n{p}\n\n"
                            f"You are still working in {ctx.path.name}; open the copy with File ▸ Open.")

        run_with_progress(self, "Saving a copy", job, saved,
                          lambda exc: messages.show_error(self, "Could not save a copy", exc),
                          project_path=ctx.service)

    def import_document(self) -> None:
        """File ▸ Import Document…: parse off the GUI thread, then add in one undo step."""
        ctx = self.ctx
        if ctx is None or not importers_available():
            return
        try:
            from workbench.documents import importers
        except Exception as exc:  # noqa: BLE001 - a broken importer must not stop the app
            messages.show_error(self, "Import is not available", exc)
            return

        kinds = " ".join(f"*{s}" for s in getattr(importers, "SUPPORTED_SUFFIXES", (".txt", ".md")))
        path = messages.ask_open_path(self, "Import Document", f"Documents ({kinds});;All files (*)")
        if not path:
            return

        def job(task: Task) -> ImportedDocument:
            return importers.import_file(Path(path), cancel=lambda: task.cancelled,
                                         progress=lambda done, total: task.progress(done, total))

        def done(doc: ImportedDocument) -> None:
            if self.ctx is not ctx:
                return
            meta = {"url": doc.url, "author": doc.author, "original_name": doc.original_name,
                    "format": doc.format,
                    "published": doc.published.isoformat() if doc.published else None,
                    "page_starts": list(doc.page_starts)}
            changes = ctx.run("Import document", lambda: ctx.service.add_document(doc.title, doc.text, **meta))
            new_id = next(iter(changes.created.get("documents", ())), None) if changes else None
            if new_id:
                ctx.select_document(new_id)

        run_with_progress(self, f"Importing {Path(path).name}", job, done,
                          lambda exc: messages.show_error(self, "Could not import the document", exc))

    def _refresh_recent(self) -> None:
        menu = self.menu_actions.recent_menu
        if menu is None:
            return
        menu.clear()
        files = recent_files()
        for i, p in enumerate(files, 1):
            act = menu.addAction(f"&{i} {recent_label(p)}")
            act.setToolTip(p)
            act.triggered.connect(lambda _c=False, path=p: self.open_path(path))
        menu.setEnabled(bool(files))
