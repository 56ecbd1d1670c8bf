"""Screens built beside the window, plugged in without editing it.

An extension is ``install(window) -> object | None``.  The window calls every
registered installer once, after its own menus and panels exist; whatever an
installer returns gets ``set_context(ctx)`` each time a project opens or
closes (if it has that method).  Installers reach the window through a few
stable attributes: ``window.menus`` (by name: "file", "edit", "claim",
"view", "help"), ``window.menu_actions`` (:class:`ui.window.menus.Actions`),
``window.document_pane.view``, ``window.views``, the docks
(``nav_dock``, ``board_dock``, ``panel_dock``) and ``window.ctx``.

A failing installer (a module still being written, an API that moved) is
skipped with one line on stderr: an optional screen must never stop the
window from opening.  The built-in list wires the importers' actions, memo
export, File ▸ Export and Publishing, the claim assistant's suggestions, orphaned highlights, find in
project, scoring settings, claim history and the analyst's name.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import QDockWidget, QTabBar, QWidget

from ui.widgets.actions import make_action

Installer = Callable[[Any], Any]
EXTENSIONS: list[tuple[str, Installer]] = []


def register_extension(name: str, install: Installer) -> None:
    """Add (or replace, by name) an installer; call before the window is built."""
    EXTENSIONS[:] = [(n, f) for n, f in EXTENSIONS if n != name]
    EXTENSIONS.append((name, install))


def install_all(window: Any) -> dict[str, Any]:
    """Run every installer; returns what each one gave back, by name."""
    installed: dict[str, Any] = {}
    for name, install in EXTENSIONS:
        try:
            installed[name] = install(window)
        except Exception as exc:  # noqa: BLE001 - an optional screen never stops the window
            print(f"verification-workbench: extension {name!r} skipped: {type(exc).__name__}: {exc}",
                  file=sys.stderr)
    return installed


def _dock(window: Any, title: str, name: str, widget: QWidget, beside: QDockWidget) -> QDockWidget:
    """A dock in ``beside``'s area, hidden until asked for (View menu or its shortcut)."""
    dock = QDockWidget(title, window)
    dock.setObjectName(name)
    dock.setAccessibleName(f"{title} panel")
    dock.setWidget(widget)
    window.addDockWidget(window.dockWidgetArea(beside), dock)
    _park(window, dock)
    return dock


def _park(window: Any, dock: QDockWidget) -> None:
    """Hide an optional dock and list it in the View menu.

    Not tabbed behind the main panels: with PySide6 6.12, docks tabbed before
    the window is shown leave stale copies of their tab bars painted over the
    window's lower edge.  A hidden dock costs nothing and opens on request.
    """
    dock.hide()
    window.menus["view"].addAction(dock.toggleViewAction())


# --------------------------------------------------------------------------- built-in installers

def _imports(window: Any) -> Any:
    from ui.document.import_actions import install_import_actions

    a = window.menu_actions
    for action in (a.import_document, a.paste_document):  # their handlers replace the window's own
        action.triggered.disconnect()
    imports = install_import_actions(window, window.ctx, import_action=a.import_document,
                                     paste_action=a.paste_document,
                                     drop_targets=[window.document_pane.view.viewport()])
    # A document's actions together: import, a new version of it, delete it.
    window.menus["file"].insertAction(a.delete_document, imports.replace_action)
    return imports


def _paste_in_edit_menu(window: Any) -> None:
    """Paste as New Document sits with Undo and Redo: people look for pasting under Edit, not File."""
    a = window.menu_actions
    window.menus["file"].removeAction(a.paste_document)
    window.menus["edit"].insertAction(a.find, a.paste_document)
    window.menus["edit"].insertSeparator(a.find)


def _memo(window: Any) -> Any:
    from ui.dialogs.export_dialog import install_memo_export

    action = make_action(window, "&Export Memo…", "Ctrl+Shift+M",
                     "Write the verification memo as PDF, HTML or Markdown")
    window.menus["file"].insertAction(window.menu_actions.save_copy, action)
    return install_memo_export(window, window.ctx, action=action)


def _publishing(window: Any) -> Any:
    """File ▸ Export (memo, ClaimReview, annotations, CSV) and File ▸ Publishing…, after Export Memo…."""
    from ui.dialogs.publishing import install_publishing

    memo = next((a for a in window.menus["file"].actions() if a.text() == "&Export Memo…"), None)
    return install_publishing(window, window.ctx, window.menus["file"], window.menu_actions.save_copy, memo)


def _suggestions(window: Any) -> Any:
    from ui.document.suggestions_panel import install_suggestions_panel

    panel, dock = install_suggestions_panel(window, window.ctx, window.document_pane.view)
    _park(window, dock)
    return panel


def _orphans(window: Any) -> Any:
    from ui.document.orphans_panel import install_orphans_panel

    panel, dock = install_orphans_panel(window, window.ctx, window.document_pane.view)
    _park(window, dock)  # it shows itself when a document has orphaned highlights
    return panel


def _search(window: Any) -> Any:
    from ui.views.search import ProjectSearch

    panel = ProjectSearch(window.ctx)
    dock = _dock(window, "Find in Project", "searchDock", panel, window.nav_dock)
    action = make_action(window, "Find in &Project…", "Ctrl+Shift+F",
                     "Find a phrase in every document, claim, quote, note and source")
    window.menus["edit"].insertAction(window.menu_actions.find_next, action)

    def open_search() -> None:
        dock.show()
        dock.raise_()
        panel.edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        panel.edit.selectAll()

    def reveal(doc_id: str, start: int, end: int) -> None:
        if window.ctx is not None:
            window.ctx.select_document(doc_id)
            window.show_view("document")
            window.document_pane.view.select_span(start, end)

    action.triggered.connect(open_search)
    panel.jumpRequested.connect(lambda _cid: window.show_view("document"))
    panel.revealRequested.connect(reveal)
    return panel


def _settings(window: Any) -> None:
    from ui.dialogs.settings_dialog import open_settings

    action = make_action(window, "Scoring &Settings…", None,
                     "The project's reliability, credibility and diagnosticity tables, with their effect")
    window.menus["edit"].addSeparator()
    window.menus["edit"].addAction(action)
    action.triggered.connect(lambda: window.ctx is not None and open_settings(window.ctx, window))
    window.projectChanged.connect(lambda ctx: action.setEnabled(ctx is not None and not ctx.read_only))
    # Installed after the first paint: a project opened from the command line is already there.
    ctx = window.ctx
    action.setEnabled(ctx is not None and not ctx.read_only)


class _HistoryFollower:
    """Keeps the history panel on the selected claim."""

    def __init__(self, panel: Any) -> None:
        self.panel = panel
        self.ctx: Any = None
        self.active = False  # the dock's tab is in front: only then is history read

    def set_context(self, ctx: Any) -> None:
        if self.ctx is not None:
            self.ctx.claimSelected.disconnect(self.show)
            self.ctx.changed.disconnect(self.changed)
        self.ctx = ctx
        if ctx is not None:
            ctx.claimSelected.connect(self.show)
            ctx.changed.connect(self.changed)
        self.show(ctx.current_claim if ctx else "")

    def show(self, claim_id: str) -> None:
        if self.ctx is None or not claim_id:
            self.panel.set_events([])
        elif self.active:
            self.panel.show_claim(self.ctx.service, claim_id)

    def set_active(self, active: bool) -> None:
        self.active = active
        if active:
            self.show(self.ctx.current_claim if self.ctx else "")

    def changed(self, delta: Any) -> None:
        if self.ctx is not None and self.ctx.current_claim in delta.reassessed | delta.any("claims"):
            self.show(self.ctx.current_claim)


def _history(window: Any) -> Any:
    from ui.board.history_panel import HistoryPanel

    panel = HistoryPanel()
    panel.setAccessibleName("History of the selected claim")
    follower = _HistoryFollower(panel)
    dock = _dock(window, "History", "historyDock", panel, window.panel_dock)
    dock.visibilityChanged.connect(follower.set_active)
    return follower


def _sharing(window: Any) -> Any:
    from ui.sharing.sharing_actions import install_sharing_actions

    return install_sharing_actions(window)


class _DockTabNames(QObject):
    """Names the tab bars Qt makes when docks are tabbed together (by the user or a restored layout).

    QMainWindow creates those tab bars itself, without an accessible name,
    so a screen reader announces an anonymous "tab bar".  They appear and
    change as docks move, so the names are refreshed after each move.
    """

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window = window
        self._pending = False
        for dock in window.findChildren(QDockWidget):
            dock.dockLocationChanged.connect(self.schedule)
            dock.visibilityChanged.connect(self.schedule)
            dock.topLevelChanged.connect(self.schedule)
        window.tabifiedDockWidgetActivated.connect(self.schedule)
        self.schedule()

    def schedule(self, *_args: Any) -> None:
        if not self._pending:  # one pass per burst of moves (a restored layout moves every dock)
            self._pending = True
            QTimer.singleShot(0, self, self.name_tab_bars)

    def name_tab_bars(self) -> None:
        self._pending = False
        for bar in self.window.findChildren(QTabBar, options=Qt.FindChildOption.FindDirectChildrenOnly):
            titles = [bar.tabText(i) for i in range(bar.count()) if bar.tabText(i)]
            bar.setAccessibleName("Panel tabs" + (f": {', '.join(titles)}" if titles else ""))


def _dock_tabs(window: Any) -> _DockTabNames:
    return _DockTabNames(window)


for _name, _install in (("import", _imports), ("memo export", _memo), ("publishing", _publishing),
                        ("suggestions", _suggestions),
                        ("orphans", _orphans), ("find in project", _search), ("scoring settings", _settings),
                        ("history", _history), ("sharing", _sharing),
                        ("paste in edit menu", _paste_in_edit_menu), ("dock tab names", _dock_tabs)):
    register_extension(_name, _install)
