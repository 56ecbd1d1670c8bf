"""The workbench window: navigator left, document centre, evidence and confidence right.

The window owns the open project (a :class:`~ui.session.context.ProjectContext`)
and hands it to every panel; panels talk to each other only through the
context's signals.  The side panels are dock widgets whose layout, like the
window geometry, is remembered in QSettings.  Project lifecycle (new, open,
demo, save a copy, close) lives here; claim and evidence edits live in
:class:`~ui.board.claim_actions.ClaimActions`.
"""

from __future__ import annotations

import functools
import importlib.util
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QRect, QSettings, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QPaintEvent, QShowEvent, QUndoGroup
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDockWidget,
    QLabel,
    QMainWindow,
    QMessageBox,
    QWidget,
)

from ui.board.claim_actions import ClaimActions
from ui.board.confidence_panel import ConfidencePanel
from ui.board.evidence_board import EvidenceBoard
from ui.board.evidence_card import EvidenceCard
from ui.document.document_pane import DocumentPane
from ui.session import messages
from ui.session.context import ProjectContext
from ui.session.folders import near
from ui.session.store import StoreDelta
from ui.session.workers import Task, run_with_progress
from ui.widgets.colors import set_tone
from ui.widgets.theme import app_icon
from ui.window.extensions import install_all
from ui.window.geometry import bring_back_floating, fits, place
from ui.window.menus import DELETE_DOCUMENT_TIP, build_actions, build_menus
from ui.window.navigator import Navigator
from ui.window.project_io import (
    PROJECT_FILTER,
    add_recent,
    open_service,
    recent_files,
    recent_label,
    write_demo_copy,
)
from ui.window.view_stack import ViewStack
from workbench.reader import ProjectFileError, ProjectInUseError, is_server_address

if TYPE_CHECKING:
    from ui.session.loading import LoadingService
    from workbench.documents.importers import ImportedDocument
    from workbench.service import ProjectService

APP_NAME = "Verification Workbench"
DEFAULT_SIZE = (1440, 900)
LAYOUT_VERSION = 2
PREFETCH_DELAY_MS = 300
EXTENSIONS_FALLBACK_MS = 1000


@functools.cache
def importers_available() -> bool:
    """True when ``workbench.documents.importers`` exists (checked at run time, without
    importing it: its parsers are loaded when the user first imports)."""
    try:
        return importlib.util.find_spec("workbench.documents.importers") is not None
    except (ImportError, ValueError):
        return False


class MainWindow(QMainWindow):
    """The one window of the app (see module docstring)."""

    projectChanged = Signal(object)   # ProjectContext | None

    def __init__(self, restore_layout: bool = True, extensions: bool = True) -> None:
        super().__init__()
        self.ctx: ProjectContext | None = None
        self.setObjectName("mainWindow")
        self.setWindowTitle(APP_NAME)
        self.setWindowIcon(app_icon())
        self.resize(*DEFAULT_SIZE)
        self.undo_group = QUndoGroup(self)

        self.views = ViewStack(self)
        self.document_pane = DocumentPane()
        self.views.add_page("document", self.document_pane)
        self.setCentralWidget(self.views)
        self.navigator = Navigator()
        self.board = EvidenceBoard()
        self.panel = ConfidencePanel()
        self.nav_dock = self._dock("Project", "projectDock", self.navigator, Qt.DockWidgetArea.LeftDockWidgetArea)
        self.board_dock = self._dock("Evidence", "evidenceDock", self.board, Qt.DockWidgetArea.RightDockWidgetArea)
        self.panel_dock = self._dock("Confidence", "confidenceDock", self.panel,
                                     Qt.DockWidgetArea.RightDockWidgetArea)
        self.splitDockWidget(self.board_dock, self.panel_dock, Qt.Orientation.Vertical)

        self.menu_actions = build_actions(self)
        undo = self.undo_group.createUndoAction(self, "&Undo")
        undo.setShortcuts(QKeySequence.StandardKey.Undo)
        redo = self.undo_group.createRedoAction(self, "&Redo")
        redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        self.undo_action, self.redo_action = undo, redo
        self.addActions([undo, redo])
        self.menus = build_menus(self, self.menu_actions, undo, redo,
                                 [d.toggleViewAction() for d in (self.nav_dock, self.board_dock, self.panel_dock)])
        self.claim_actions = ClaimActions(self, self.selected_span)
        self._connect()
        self.status_label = QLabel()
        self.status_label.setAccessibleName("Status")
        self.statusBar().addWidget(self.status_label, 1)
        keys = QLabel("Select words, then Ctrl+M: mark a claim · Ctrl+E: quote as evidence · "
                      "Ctrl+Z: undo · F1: how confidence is computed")
        keys.setAccessibleName("Keyboard hints")
        set_tone(keys, "muted")
        self.statusBar().addPermanentWidget(keys)
        # Screens built beside the window (import, memo, suggestions, …): see ui.window.extensions.
        # They add hidden docks and menu entries only, so they are installed
        # just after the first paint instead of delaying it.
        self.extensions: dict[str, object] = {}
        self._want_extensions = extensions
        self._extensions_queued = False
        self._refresh_recent()
        self._shown_once = False
        self._default_state = self.saveState(LAYOUT_VERSION)  # before any remembered layout
        self._geometry_restored = False
        self._restored = restore_layout and self.restore_layout()
        if not self._geometry_restored:
            self.fit_to()
        self._restore_extension_docks = restore_layout
        self.set_context(None)

    # ------------------------------------------------------------------ building

    def _dock(self, title: str, name: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        dock.setWidget(widget)
        dock.setAccessibleName(f"{title} panel")
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                         | QDockWidget.DockWidgetFeature.DockWidgetClosable
                         | QDockWidget.DockWidgetFeature.DockWidgetFloatable)
        self.addDockWidget(area, dock)
        return dock

    def fit_to(self, work_area: QRect | None = None) -> None:
        """First start: the default size, shrunk to the work area (default: the screen's) less
        the window frame, and centred in it (ui.window.geometry)."""
        place(self, QSize(*DEFAULT_SIZE), work_area)

    def _layout_defaults(self) -> None:
        """Default dock sizes, in proportion to the window (which fits the screen); applied
        once the window has its real size."""
        w, h = self.width(), self.height()
        self.resizeDocks([self.nav_dock, self.board_dock], [min(260, int(w * 0.19)), min(600, int(w * 0.42))],
                         Qt.Orientation.Horizontal)
        # The board a little taller (more so on a short screen): a first card whole, and the
        # panel still shows the verdict and its reasons.
        board = 0.6 if h < 800 else 0.54
        self.resizeDocks([self.board_dock, self.panel_dock], [int(h * board), int(h * (1 - board))],
                         Qt.Orientation.Vertical)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        if not self._shown_once:
            self._shown_once = True
            if not self._restored:
                self._layout_defaults()
            if self._want_extensions:
                # Normally installed just after the first paint (paintEvent); this
                # is the fallback for a window that is shown but never painted.
                QTimer.singleShot(EXTENSIONS_FALLBACK_MS, self, self.install_extensions)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        super().paintEvent(event)
        if self.ctx is not None:
            # A project file was shown from its reader: the service's modules load once this
            # paint is done, off the GUI thread (ui.session.loading).
            self.ctx.load_service_soon()
        if self._want_extensions and not self._extensions_queued:
            # The optional screens (and the modules behind them) wait until the
            # loaded window has painted once: start-up is what the user sees first.
            self._extensions_queued = True
            QTimer.singleShot(0, self, self.install_extensions)

    def install_extensions(self) -> dict[str, object]:
        """Install the registered extensions once (normally just after the first paint)."""
        if self._want_extensions and not self.extensions:
            self._want_extensions = False
            self.extensions = install_all(self)
            for ext in self.extensions.values():
                setter = getattr(ext, "set_context", None)
                if callable(setter):
                    setter(self.ctx)
            if self._restore_extension_docks:  # their docks, where the user last left them
                state = QSettings().value("window/state")
                if isinstance(state, QByteArray):
                    self.restoreState(state, LAYOUT_VERSION)
            self._update_actions()
        return self.extensions

    def _connect(self) -> None:
        a, ca = self.menu_actions, self.claim_actions
        a.new_project.triggered.connect(self.new_project)
        a.open_project.triggered.connect(self.open_dialog)
        a.open_server.triggered.connect(self.open_server_dialog)
        a.publish.triggered.connect(self.publish_dialog)
        a.open_demo.triggered.connect(self.open_demo)
        a.import_document.triggered.connect(self.import_document)
        a.paste_document.triggered.connect(lambda: ca.paste_document())
        a.delete_document.triggered.connect(lambda: ca.delete_document())
        a.save_copy.triggered.connect(self.save_copy)
        a.close_project.triggered.connect(lambda: self.set_context(None))
        a.quit.triggered.connect(self.close)
        a.find.triggered.connect(self._find)
        a.find_next.triggered.connect(lambda: self.document_pane.find_bar.find_match(forward=True))
        a.mark_claim.triggered.connect(self.mark_claim)
        a.edit_claim.triggered.connect(lambda: ca.edit_claim())
        a.add_evidence.triggered.connect(lambda: ca.add_evidence())
        a.quote_evidence.triggered.connect(lambda: ca.quote_as_evidence())
        a.delete.triggered.connect(self.delete_focused)
        a.next_claim.triggered.connect(lambda: self.step_claim(+1))
        a.previous_claim.triggered.connect(lambda: self.step_claim(-1))
        view = self.document_pane.view
        a.zoom_in.triggered.connect(lambda: view.zoom(+1))
        a.zoom_out.triggered.connect(lambda: view.zoom(-1))
        a.zoom_reset.triggered.connect(lambda: view.set_point_size(12))
        a.next_pane.triggered.connect(lambda: self.cycle_pane(+1))
        a.previous_pane.triggered.connect(lambda: self.cycle_pane(-1))
        a.reset_layout.triggered.connect(self.reset_layout)
        a.explain.triggered.connect(self.explain)
        a.about.triggered.connect(self.about)
        for name, act in a.views.items():
            act.triggered.connect(lambda _c=False, n=name: self.show_view(n))
        self.views.viewChanged.connect(self._view_changed)
        self.views.jumpRequested.connect(lambda _claim: self.show_view("document"))
        view.set_context_actions([a.mark_claim, a.quote_evidence])
        view.selectionSpanChanged.connect(lambda *_: self._update_actions())
        self.document_pane.set_empty_actions([a.import_document, a.paste_document],
                                             [a.open_demo, a.open_project, a.new_project])
        self.board.addRequested.connect(lambda: ca.add_evidence())
        self.board.editRequested.connect(ca.edit_evidence)
        self.board.deleteRequested.connect(ca.delete_evidence)
        self.board.quoteRequested.connect(self.show_quote)
        self.navigator.editClaimRequested.connect(ca.edit_claim)
        self.navigator.deleteClaimRequested.connect(ca.delete_claim)
        self.navigator.editSourceRequested.connect(ca.edit_source)
        self.navigator.deleteSourceRequested.connect(ca.delete_source)
        self.navigator.deleteDocumentRequested.connect(ca.delete_document)
        self.panel.explainRequested.connect(self.explain)
        if not importers_available():
            a.import_document.setToolTip("Import is not available in this build yet; use Paste as New "
                                         "Document (Ctrl+Shift+V)")

    # ------------------------------------------------------------------ project lifecycle

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

    # ------------------------------------------------------------------ reacting

    def _write_conflicted(self, what: str, exc: object, write: object) -> None:
        """Both values, who and when; keeping mine writes it again over what the user has now seen."""
        ctx = self.ctx
        if ctx is None or not isinstance(exc, BaseException):
            return
        if messages.resolve_conflict(self, what, exc) and callable(write):
            ctx.run(what, write)
        else:
            self.status_label.setText(f"Took the colleague's value: {exc}")

    def _write_failed(self, what: str, exc: object) -> None:
        messages.show_error(self, what, exc if isinstance(exc, BaseException) else str(exc))

    def _changed(self, delta: StoreDelta) -> None:
        text = delta.changes.summary if delta.changes is not None else ""
        self.status_label.setText(f"{text} — saved.  {self._summary()}" if text else self._summary())
        self._update_title()
        self._update_actions()

    def _claim_changed(self, _claim_id: str) -> None:
        self.status_label.setText(self._summary())
        self._update_actions()

    def _summary(self) -> str:
        ctx = self.ctx
        if ctx is None:
            return ""
        a = ctx.store.assessment(ctx.current_claim) if ctx.current_claim else None
        return f"Selected claim: {a.likelihood}, {a.confidence} confidence" if a else ""

    def _update_title(self) -> None:
        if self.ctx is None:
            self.setWindowTitle(APP_NAME)
            return
        ro = " (read-only)" if self.ctx.read_only else ""
        self.setWindowTitle(f"{self.ctx.service.short_name}{ro} — {APP_NAME}")
        self.setWindowFilePath(str(self.ctx.path))

    def _update_actions(self) -> None:
        a, ctx = self.menu_actions, self.ctx
        has = ctx is not None
        writable = has and not ctx.read_only  # type: ignore[union-attr]
        has_doc = has and bool(self.document_pane.doc_id)
        has_sel = has_doc and self.document_pane.view.textCursor().hasSelection()
        has_claim = has and bool(ctx.current_claim)  # type: ignore[union-attr]
        a.save_copy.setEnabled(has)
        on_server = has and ctx.service.on_server  # type: ignore[union-attr]
        # On a server, a copy is what one takes to work offline (File ▸ Bring Back merges it).
        a.save_copy.setText("Take &Offline Copy…" if on_server else "Save a &Copy…")
        a.publish.setEnabled(has)
        a.close_project.setEnabled(has)
        a.import_document.setEnabled(writable and importers_available())
        a.paste_document.setEnabled(writable)
        a.find.setEnabled(has_doc)
        a.find_next.setEnabled(has_doc)
        a.mark_claim.setEnabled(writable and has_sel)
        a.quote_evidence.setEnabled(writable and has_sel and has_claim)
        a.add_evidence.setEnabled(writable and has_claim)
        a.edit_claim.setEnabled(writable and has_claim)
        a.delete.setEnabled(writable)
        refusal = ctx.why_not_delete_documents() if ctx is not None else ""
        a.delete_document.setEnabled(has and bool(ctx.current_document) and not refusal)  # type: ignore[union-attr]
        a.delete_document.setToolTip(refusal or DELETE_DOCUMENT_TIP)
        a.next_claim.setEnabled(has_claim)
        a.previous_claim.setEnabled(has_claim)

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

    # ------------------------------------------------------------------ commands

    def selected_span(self) -> tuple[str, int, int, str] | None:
        """The document selection as (document id, start, end, text) in code points."""
        if not self.document_pane.doc_id:
            return None
        span = self.document_pane.view.selected_span()
        return (self.document_pane.doc_id, *span) if span else None

    def delete_focused(self) -> None:
        """Delete what has the focus: an evidence card, a source or document row, else the claim."""
        focus = QApplication.focusWidget()
        w = focus
        while w is not None and not isinstance(w, EvidenceCard):
            w = w.parentWidget()
        if isinstance(w, EvidenceCard):
            self.claim_actions.delete_evidence(w.evidence_id)
        elif focus is self.navigator.sources_view and self.navigator.current_source():
            self.claim_actions.delete_source(self.navigator.current_source())
        elif focus is self.navigator.documents_view and self.navigator.current_document():
            self.claim_actions.delete_document(self.navigator.current_document())
        elif (self.ctx is not None and self.ctx.current_evidence and focus is not None
              and self.board.isAncestorOf(focus)):
            self.claim_actions.delete_evidence(self.ctx.current_evidence)
        else:
            self.claim_actions.delete_claim()

    def mark_claim(self) -> str | None:
        """Ctrl+M: mark the selected words as a claim, then let go of the selection."""
        new_id = self.claim_actions.mark_claim()
        if new_id:
            self.document_pane.view.clear_selection()
            self._update_actions()
        return new_id

    def step_claim(self, step: int) -> None:
        nav = self.navigator
        model = nav.claims_view.model()
        if model is None or model.rowCount() == 0:
            return
        row = nav.claims_view.currentIndex().row()
        row = max(0, min(model.rowCount() - 1, row + step if row >= 0 else 0))
        nav.claims_view.setCurrentIndex(model.index(row, 0))

    def show_quote(self, evidence_id: str) -> None:
        ctx = self.ctx
        row = ctx.store.evidence(evidence_id) if ctx else None
        if ctx is None or row is None or not row.get("document") or row.get("start") is None:
            return
        ctx.select_document(row["document"])
        self.show_view("document")
        self.document_pane.view.select_span(row["start"], row["end"])

    def show_view(self, name: str) -> None:
        """Switch the central view; the keyboard follows when it was in the old
        view (or nowhere yet), so Ctrl+2 then arrow keys moves through the
        overview instead of typing into the navigator's filter box."""
        focus = QApplication.focusWidget()
        follow = focus is None or self.views.isAncestorOf(focus)
        self.views.show_view(name)
        if follow:
            self._focus_view()

    def _focus_view(self) -> None:
        page = self.views.currentWidget()
        if page is self.document_pane:
            target: QWidget | None = self.document_pane.view if self.document_pane.doc_id else None
        elif page is not None:
            target = next((v for v in page.findChildren(QAbstractItemView) if v.isVisibleTo(page)), None)
        else:
            target = None
        if target is not None:
            target.setFocus(Qt.FocusReason.OtherFocusReason)

    def _view_changed(self, name: str) -> None:
        for n, act in self.menu_actions.views.items():
            act.setChecked(n == name)

    def _find(self) -> None:
        self.show_view("document")
        self.document_pane.find_bar.open_bar()

    def panes(self) -> list[QWidget]:
        """What F6 / Shift+F6 cycle through: the claims list, the document, the
        evidence board and the breakdown table, then the lists of the
        Suggestions and Orphaned Highlights panels while they are on screen
        (a hidden or tabbed-away panel is skipped, never focused unseen)."""
        panes: list[QWidget] = [self.navigator.claims_view, self.document_pane.view, self.board, self.panel.table]
        for name in ("suggestions", "orphans"):
            lst = getattr(self.extensions.get(name), "list", None)
            if isinstance(lst, QWidget) and lst.isVisible():
                panes.append(lst)
        return panes

    def cycle_pane(self, step: int) -> None:
        panes = self.panes()
        focus = QApplication.focusWidget()
        idx = next((i for i, p in enumerate(panes) if p is focus or (focus and p.isAncestorOf(focus))), -1)
        target = panes[(idx + step) % len(panes)]
        if target is self.board:
            self.board.focus_first_card()
        else:
            target.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def explain(self) -> None:
        settings = self.ctx.service.settings() if self.ctx else None
        from ui.window.help_dialogs import ExplainDialog  # on first use: it imports the engine

        dialog = ExplainDialog(self, settings) if settings else ExplainDialog(self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()

    def about(self) -> None:
        from importlib.metadata import PackageNotFoundError, version

        try:
            v = version("verification-workbench")
        except PackageNotFoundError:
            v = ""
        from ui.window.help_dialogs import about_html

        QMessageBox.about(self, f"About {APP_NAME}", about_html(v))

    # ------------------------------------------------------------------ layout memory

    def reset_layout(self) -> None:
        """The panels where they started, at their first sizes, and the window inside the screen.

        A floated panel is docked again first: the first layout was saved before the
        extensions' panels existed, so restoring it alone would leave them floating.
        """
        for dock in self.findChildren(QDockWidget):
            if dock.isFloating():
                dock.setFloating(False)
        self.restoreState(self._default_state, LAYOUT_VERSION)
        for dock in (self.nav_dock, self.board_dock, self.panel_dock):
            dock.show()
        if not fits(self):
            place(self, self.size(), keep_position=True)
        self._layout_defaults()

    def restore_layout(self) -> bool:
        """Geometry and dock layout from the last session; False if there was none."""
        s = QSettings()
        geometry = s.value("window/geometry")
        state = s.value("window/state")
        if isinstance(geometry, QByteArray) and self.restoreGeometry(geometry):
            self._geometry_restored = True
            if not fits(self):  # saved on a larger screen, or one no longer attached
                place(self, self.size(), keep_position=True)
        restored = isinstance(state, QByteArray) and self.restoreState(state, LAYOUT_VERSION)
        if restored:
            bring_back_floating(self)
        return restored

    def save_layout(self) -> None:
        s = QSettings()
        s.setValue("window/geometry", self.saveGeometry())
        s.setValue("window/state", self.saveState(LAYOUT_VERSION))

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        self.save_layout()
        self.set_context(None)
        super().closeEvent(event)

