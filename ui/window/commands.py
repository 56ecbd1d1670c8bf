"""What the window's menu commands and keys do, and how the window follows the project's changes.

Selection, deletion of what has the focus, stepping through claims, views and
panes, the explanation and about boxes; the title, status line and which
actions are enabled. Claim and evidence edits themselves live in
:class:`~ui.board.claim_actions.ClaimActions`.
"""

from __future__ import annotations

import functools
import importlib.util

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication, QLabel, QMessageBox, QWidget

from ui.board.claim_actions import ClaimActions
from ui.board.confidence_panel import ConfidencePanel
from ui.board.evidence_board import EvidenceBoard
from ui.board.evidence_card import EvidenceCard
from ui.document.document_pane import DocumentPane
from ui.session import messages
from ui.session.context import ProjectContext
from ui.session.store import StoreDelta
from ui.window.layout import APP_NAME, WindowLayout
from ui.window.menus import DELETE_DOCUMENT_TIP, Actions
from ui.window.navigator import Navigator
from ui.window.view_stack import ViewStack


@functools.cache
def importers_available() -> bool:
    """True when ``workbench.documents.importers`` exists (checked at run time, without
    importing it: its parsers are loaded when the user first imports)."""
    try:
        return importlib.util.find_spec("workbench.documents.importers") is not None
    except (ImportError, ValueError):
        return False


class WindowCommands(WindowLayout):
    """The main window's commands and its reactions to the open project (widgets made by ``MainWindow``)."""

    ctx: ProjectContext | None
    views: ViewStack
    document_pane: DocumentPane
    navigator: Navigator
    board: EvidenceBoard
    panel: ConfidencePanel
    claim_actions: ClaimActions
    menu_actions: Actions
    extensions: dict[str, object]
    status_label: QLabel

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
