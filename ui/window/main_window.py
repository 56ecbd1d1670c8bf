"""The workbench window: navigator left, document centre, evidence and confidence right.

The window owns the open project (a :class:`~ui.session.context.ProjectContext`)
and hands it to every panel; panels talk to each other only through the
context's signals.  The side panels are dock widgets whose layout, like the
window geometry, is remembered in QSettings.  Project lifecycle (new, open,
demo, save a copy, close) lives in :mod:`ui.window.lifecycle`; claim and
evidence edits live in :class:`~ui.board.claim_actions.ClaimActions`.

The window is assembled from its parts, each a module of this package:
``layout`` (docks and layout memory), ``commands`` (what menu commands and
keys do, title, status and enabled actions) and ``lifecycle`` (opening and
closing projects); here the window is built and its actions wired.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QKeySequence, QPaintEvent, QShowEvent, QUndoGroup
from PySide6.QtWidgets import QLabel

from ui.board.claim_actions import ClaimActions
from ui.board.confidence_panel import ConfidencePanel
from ui.board.evidence_board import EvidenceBoard
from ui.document.document_pane import DocumentPane
from ui.session.context import ProjectContext
from ui.widgets.colors import set_tone
from ui.widgets.status_message import StatusMessageSlot
from ui.widgets.theme import app_icon
from ui.window.commands import importers_available
from ui.window.extensions import install_all
from ui.window.layout import APP_NAME, DEFAULT_SIZE, LAYOUT_VERSION
from ui.window.lifecycle import PREFETCH_DELAY_MS, ProjectLifecycle
from ui.window.menus import build_actions, build_menus
from ui.window.navigator import Navigator
from ui.window.view_stack import ViewStack

__all__ = ["APP_NAME", "DEFAULT_SIZE", "LAYOUT_VERSION", "PREFETCH_DELAY_MS", "MainWindow", "importers_available"]

EXTENSIONS_FALLBACK_MS = 1000


class MainWindow(ProjectLifecycle):
    """The one window of the app (see module docstring)."""

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
        status_slot = StatusMessageSlot()  # a new message repaints only itself: see the class
        self.status_label = status_slot.label
        self.status_label.setAccessibleName("Status")
        self.statusBar().addWidget(status_slot, 1)
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

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        self.save_layout()
        self.set_context(None)
        super().closeEvent(event)
