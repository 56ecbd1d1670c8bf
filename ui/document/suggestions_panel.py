"""The claim assistant beside the document: review its suggestions by keyboard.

For the current document the panel lists what ``workbench.assist.suggest.suggest``
found — who is reported as saying what (attributions), and check-worthy
sentences (claims) — and underlines each in the text (:mod:`ui.document.suggestion_marks`).
The analysis runs in a worker on the document text and the source names
(plain values fetched on the GUI thread), never on the project file.

Facts and attributions come first in text order; opinions and predictions are
labelled and listed last (or hidden), because they are rarely what a
fact-checker checks first.  Suggestions already recorded (a claim on the same
words; an attribution already evidence for the selected claim) are shown
ticked and greyed, so nothing is recorded twice by accident.

Keys in the list: Up/Down move, A or Enter accepts, E edits before accepting,
D or Delete dismisses.  Accepting a claim marks it at its span (one undo
step).  Accepting an attribution records evidence for the claim named under
"Evidence for": the selected claim if it belongs to this document, or one
chosen in that box (a claim selected in another article is never used
silently). The stance comes from the hint; with none, accepting asks for it
(C, T or X) rather than recording context. The quote is anchored at the
reported words; the source is the existing source the assistant matched or a new one created in the same step
(``link_evidence`` / ``add_source_and_evidence``).  A dismissal is stored per
document (``dismiss_suggestion``) as an undoable command on the project's
undo stack.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QHideEvent, QKeyEvent, QPalette, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QListView,
    QMainWindow,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.document.claim_choices import ClaimChoices
from ui.document.cross_suggestions import CrossSuggestionsBox
from ui.document.document_view import DocumentView
from ui.document.suggestion_marks import (
    ITEM_ROLE,
    Item,
    Mark,
    SuggestionDelegate,
    SuggestionMarks,
    SuggestionModel,
    ordered,
    recorded,
    source_for,
)
from ui.document.suggestion_review import DismissCommand, accept_attribution, accept_claim
from ui.session.context import ProjectContext, Wiring, rewire
from ui.session.store import StoreDelta
from ui.session.workers import Worker, start_job

#: The review keys of the list (without modifiers).
REVIEW_KEYS = {Qt.Key.Key_A: "accept", Qt.Key.Key_Return: "accept", Qt.Key.Key_Enter: "accept",
               Qt.Key.Key_E: "edit", Qt.Key.Key_D: "dismiss", Qt.Key.Key_Delete: "dismiss",
               Qt.Key.Key_Backspace: "dismiss"}
HINT = "Up/Down move · A or Enter accept · E edit first · D or Delete dismiss"


class SuggestionList(QListView):
    """The list, with the review keys taken before any window shortcut (Delete)."""

    acceptRequested = Signal()
    editRequested = Signal()
    dismissRequested = Signal()

    def _action(self, event: QKeyEvent) -> str | None:
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if mods != Qt.KeyboardModifier.NoModifier:
            return None
        return REVIEW_KEYS.get(Qt.Key(event.key()))

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent) and self._action(event):
            event.accept()  # our key, not the window's Delete action
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        action = self._action(event)
        if action is None:
            super().keyPressEvent(event)
            return
        {"accept": self.acceptRequested, "edit": self.editRequested, "dismiss": self.dismissRequested}[action].emit()
        event.accept()


class SuggestionsPanel(QWidget):
    """Suggestions for the current document (see module docstring)."""

    #: The list was rebuilt from a finished analysis (tests wait for it).
    suggestionsReady = Signal()
    #: A line for the window's status bar too.
    message = Signal(str)

    def __init__(self, context: ProjectContext | None, view: DocumentView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Suggestions")
        self.ctx: ProjectContext | None = None
        self.view = view
        self.marks = SuggestionMarks(view)
        self.doc_id = ""
        self.result: dict[str, Any] = {"suggestions": [], "sources": []}
        self.dismissed: set[str] = set()
        self.worker: Worker | None = None
        self._generation = 0
        self._advance_from = ""   # after accept or dismiss, move on from this key
        self._stale = False       # the document changed while the panel was hidden
        self._active: bool | None = None  # from the dock's visibilityChanged; None: follow show/hide

        lay = QVBoxLayout(self)
        lay.setContentsMargins(8, 8, 8, 8)
        top = QHBoxLayout()
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName("Suggestions summary")
        self.show_later = QCheckBox("Opinions && predictions")
        self.show_later.setChecked(True)
        self.show_later.setToolTip("List opinions and predictions too (after the facts)")
        self.show_later.setAccessibleName("Show opinions and predictions")
        top.addWidget(self.summary, 1)
        top.addWidget(self.show_later)
        lay.addLayout(top)
        # The claim an accepted attribution becomes evidence for: named here,
        # a claim of this document unless chosen explicitly in the box.
        target = QHBoxLayout()
        target_label = QLabel("Evidence &for:")
        self.claim_box = QComboBox()
        self.claim_box.setAccessibleName("Claim that accepted attributions become evidence for")
        self.claim_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.claim_box.setMinimumContentsLength(20)
        self.claim_choices = ClaimChoices(self)
        self.claim_box.setModel(self.claim_choices)
        target_label.setBuddy(self.claim_box)
        target.addWidget(target_label)
        target.addWidget(self.claim_box, 1)
        lay.addLayout(target)
        self._chosen_claim = ""  # chosen in the box; "" follows the selected claim of this document
        self._claim_box_key: tuple[Any, ...] | None = None
        self.model = SuggestionModel()
        self.list = SuggestionList()
        self.list.setModel(self.model)
        self.list.setItemDelegate(SuggestionDelegate(self.list))
        self.list.setAccessibleName("Suggested claims and attributions")
        self.list.setWordWrap(True)
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        self.list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setSpacing(1)
        lay.addWidget(self.list, 1)
        self.cross = CrossSuggestionsBox()
        self.cross.message.connect(self.say)
        self.cross.setVisible(False)
        lay.addWidget(self.cross)
        buttons = QHBoxLayout()
        self.accept_button = QPushButton("&Accept")
        self.edit_button = QPushButton("&Edit…")
        self.dismiss_button = QPushButton("&Dismiss")
        self.accept_button.setAccessibleName("Accept the suggestion")
        self.edit_button.setAccessibleName("Edit the suggestion, then accept it")
        self.dismiss_button.setAccessibleName("Dismiss the suggestion")
        for b in (self.accept_button, self.edit_button, self.dismiss_button):
            b.setFocusPolicy(Qt.FocusPolicy.TabFocus)
            buttons.addWidget(b)
        buttons.addStretch(1)
        lay.addLayout(buttons)
        self.keys = QLabel(HINT)
        self.keys.setWordWrap(True)
        self.keys.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setAccessibleName("Suggestions status")
        lay.addWidget(self.keys)
        lay.addWidget(self.status)

        self.list.selectionModel().currentChanged.connect(lambda *_: self._current_changed())
        self.list.acceptRequested.connect(lambda: self.accept_current())
        self.list.editRequested.connect(lambda: self.accept_current(edit=True))
        self.list.dismissRequested.connect(lambda: self.dismiss_current())
        self.accept_button.clicked.connect(lambda: self.accept_current())
        self.edit_button.clicked.connect(lambda: self.accept_current(edit=True))
        self.dismiss_button.clicked.connect(lambda: self.dismiss_current())
        self.show_later.toggled.connect(lambda _on: self._rebuild())
        self.claim_box.activated.connect(lambda _i: self._claim_chosen())
        self.set_context(context)

    # ------------------------------------------------------------------ wiring

    def set_context(self, ctx: ProjectContext | None) -> None:
        rewire(self.ctx, ctx, self._connections)
        self.ctx = ctx
        self.doc_id = ""
        self.reload()

    def _connections(self, ctx: ProjectContext) -> Wiring:
        return [(ctx.documentSelected, self._document_selected), (ctx.changed, self._changed),
                (ctx.claimSelected, self._claim_selected), (ctx.evidenceSelected, self._redraw_later)]

    def _document_selected(self, _doc: str) -> None:
        self.reload()

    def _claim_selected(self, _claim: str) -> None:
        ctx = self.ctx
        if ctx is not None and ctx.store.claims.get(_claim, {}).get("document") == self.doc_id:
            self._chosen_claim = ""  # a claim of this document selected: it is the target again
        self.cross.show_for(_claim)
        self._restatus()
        self.marks.schedule()

    def _redraw_later(self, *_args: Any) -> None:
        self.marks.schedule()

    def _changed(self, delta: StoreDelta) -> None:
        ctx = self.ctx
        if ctx is None:
            return
        if ctx.current_document != self.doc_id or self.doc_id in delta.any("documents") or delta.any("sources"):
            self.reload()  # new text or new source names: ask the assistant again
        else:
            self._restatus()
            if delta.any("evidence"):
                self.cross.show_for(ctx.current_claim)
        self.marks.schedule()

    # ------------------------------------------------------------------ analysis

    def reload(self) -> None:
        """Analyse the current document in a worker; the list fills when it is done."""
        ctx = self.ctx
        self._generation += 1
        if self.worker is not None:
            self.worker.cancel()
        doc = ctx.current_document if ctx is not None else ""
        if doc != self.doc_id:
            self._chosen_claim = ""
            self.result = {"suggestions": [], "sources": []}
            self.model.set_items([])
            self.marks.clear()
        self.doc_id = doc
        if ctx is None or not doc or doc not in ctx.store.documents:
            self.cross.set_results(ctx, "", [])
            self.summary.setText("No document open.")
            self._update_buttons()
            return
        if not self.is_shown():
            self._stale = True  # analysed when the panel is shown (a closed dock costs nothing)
            return
        self._stale = False
        gen = self._generation
        text = ctx.store.document_text(doc)
        sources = ctx.store.source_names()
        self.dismissed = set(ctx.service.dismissed_suggestions(doc))
        if not self.model.items:
            self.summary.setText("Reading the document…")

        # claims of the other documents: what this one may be evidence for
        others = {c["id"]: c.get("text", "") for c in ctx.store.claims.values() if c.get("document") != doc}

        def job(task: Any) -> dict[str, Any]:
            from dataclasses import asdict

            from workbench.assist.crossdoc import cross_suggestions
            from workbench.assist.suggest import suggest

            task.check()
            result = suggest(text, doc, sources)
            task.check()
            result["cross"] = [asdict(c) for c in cross_suggestions(others, text, doc)] if others else []
            return result

        def done(result: dict[str, Any]) -> None:
            if gen == self._generation and self.ctx is ctx:
                self.result = result
                self.cross.set_results(ctx, doc, result.get("cross", []))
                self._rebuild()
                self.suggestionsReady.emit()

        def failed(exc: BaseException) -> None:
            if gen == self._generation:
                self.summary.setText(f"The assistant could not read this document ({type(exc).__name__}: {exc}).")

        def ended() -> None:
            if gen == self._generation:
                self.worker = None

        self.worker = start_job(job, on_success=done, on_failure=failed, on_finished=ended)

    def is_shown(self) -> bool:
        """Whether the analyst can see the list (a dock in a background tab cannot)."""
        return self._active if self._active is not None else self.isVisible()

    def set_active(self, active: bool) -> None:
        """Connected to the dock's ``visibilityChanged``: tab switches hide nothing,
        but only the tab in front should analyse and underline."""
        self._active = active
        if active:
            self._on_shown()
        else:
            self.marks.clear()

    def _on_shown(self) -> None:
        if self._stale:
            self.reload()
        elif self.ctx is not None and self.doc_id:
            self._draw_marks()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._active is None:
            self._on_shown()

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        if self._active is None and self.window().isVisible():  # no underlines without the list
            self.marks.clear()

    def _rebuild(self) -> None:
        """Filter and order the last result, keep the selection, redraw the marks."""
        keep = self._advance_from or self.current_key()
        old_keys = [s["key"] for s in self.model.items]
        items = ordered(self.result.get("suggestions", []), self.dismissed, self.show_later.isChecked())
        self.model.set_items(items)
        self._restatus(draw=False)
        row = self.model.row_of(keep)
        if self._advance_from and keep in old_keys:
            # Accepted (still listed, now ticked) or dismissed (gone): go to the next one to review.
            later = old_keys[old_keys.index(keep) + 1:]
            row = next((self.model.row_of(k) for k in later if self.model.row_of(k) >= 0
                        and not self.model.items[self.model.row_of(k)].get("recorded")), row)
        self._advance_from = ""
        if row < 0 and items:
            row = next((i for i, s in enumerate(items) if not s.get("recorded")), 0)
        if row >= 0:
            self.list.setCurrentIndex(self.model.index(row))
        self._draw_marks()
        self._update_summary()
        self._update_buttons()

    def _restatus(self, draw: bool = True) -> None:
        ctx = self.ctx
        if ctx is None or not self.doc_id:
            return
        claims = ctx.store.claims_in(self.doc_id)
        evidence = ctx.store.evidence_in(self.doc_id)
        sources = self.result.get("sources", [])
        target = self.target_claim()
        self._fill_claim_box(target)
        statuses = []
        for s in self.model.items:
            src = source_for(s, sources) if s["kind"] == "attribution" else None
            sid = src.get("existing_source_id") if src else None
            note = ""
            if s["kind"] == "attribution":
                note = f"source: {ctx.store.source_name(sid)}" if sid else "new source"
            statuses.append((recorded(s, claims, evidence, target, sid), note))
        self.model.restatus(statuses)
        if draw:
            self._draw_marks()
            self._update_summary()
            self._update_buttons()

    # ------------------------------------------------------------------ target claim

    def target_claim(self) -> str:
        """The claim an accepted attribution becomes evidence for: the one
        chosen in the box, else the selected claim if it is a claim of this
        document, else none. A claim selected in another article is never
        taken silently."""
        ctx = self.ctx
        if ctx is None or not self.doc_id:
            return ""
        if self._chosen_claim in ctx.store.claims:
            return self._chosen_claim
        cur = ctx.current_claim
        if cur in ctx.store.claims and ctx.store.claims[cur].get("document") == self.doc_id:
            return cur
        return ""

    def choose_claim(self, claim_id: str) -> None:
        """Make ``claim_id`` the target explicitly (it may be in another
        document); "" goes back to following the selected claim."""
        self._chosen_claim = claim_id
        self._restatus()

    def _claim_chosen(self) -> None:
        self.choose_claim(self.claim_box.currentData() or "")

    def _fill_claim_box(self, target: str) -> None:
        ctx = self.ctx
        box = self.claim_box
        # Listed again only after a write or for another document: a large project has thousands.
        key = (self.doc_id, ctx.store.generation, id(ctx.store)) if ctx is not None else None
        box.blockSignals(True)
        if key != self._claim_box_key:
            self._claim_box_key = key
            self.claim_choices.reset(ctx.store if ctx is not None else None, self.doc_id)
        box.setCurrentIndex(self.claim_choices.row_of(target))
        box.setToolTip(box.currentText())
        box.blockSignals(False)

    def _draw_marks(self) -> None:
        if not self.is_shown():  # e.g. a result that arrived after the tab went to the back
            self.marks.clear()
            return
        marks = [Mark(s["key"], s["start"], s["end"]) for s in self.model.items if not s.get("recorded")]
        self.marks.set_marks(marks, self.current_key(), len(self.ctx.store.document_text(self.doc_id))
                             if self.ctx and self.doc_id else 0)

    def _update_summary(self) -> None:
        items = self.model.items
        todo = sum(1 for s in items if not s.get("recorded"))
        done = len(items) - todo
        bits = [f"{todo} to review"] + ([f"{done} recorded"] if done else []) + \
            ([f"{len(self.dismissed)} dismissed"] if self.dismissed else [])
        self.summary.setText(" · ".join(bits))

    # ------------------------------------------------------------------ selection

    def current(self) -> Item | None:
        idx = self.list.currentIndex()
        return idx.data(ITEM_ROLE) if idx.isValid() else None

    def current_key(self) -> str:
        s = self.current()
        return s["key"] if s else ""

    def select_key(self, key: str) -> bool:
        row = self.model.row_of(key)
        if row >= 0:
            self.list.setCurrentIndex(self.model.index(row))
        return row >= 0

    def _current_changed(self) -> None:
        s = self.current()
        self.marks.set_current(s["key"] if s else "")
        if s is not None:
            self.view.reveal(s["start"], s["end"])
        self._update_buttons()

    def _update_buttons(self) -> None:
        ctx = self.ctx
        s = self.current()
        writable = ctx is not None and not ctx.read_only and s is not None
        self.accept_button.setEnabled(writable and not (s or {}).get("recorded"))
        self.edit_button.setEnabled(writable)
        self.dismiss_button.setEnabled(writable)

    def say(self, text: str) -> None:
        self.status.setText(text)
        self.message.emit(text)

    # ------------------------------------------------------------------ accept

    def accept_current(self, edit: bool = False) -> bool:
        """Record the current suggestion (A/Enter), or edit it first (E)."""
        ctx, s = self.ctx, self.current()
        if ctx is None or s is None:
            return False
        if ctx.read_only:
            self.say("This project is open read-only: save a copy to record suggestions.")
            return False
        if s.get("recorded") and not edit:
            self.say(f"{s['recorded']}. Press E to record it again with other details.")
            return False
        ok = accept_claim(self, ctx, s, edit) if s["kind"] == "claim" else accept_attribution(self, ctx, s, edit)
        if ok:
            self._advance_from = s["key"]
            self._rebuild()
        if edit and self.list.isVisible():
            # Back from the form (accepted or not): A, E and D act on the list again,
            # also where the platform does not hand activation back to our window.
            self.list.activateWindow()
            self.list.setFocus(Qt.FocusReason.OtherFocusReason)
        return ok

    # ------------------------------------------------------------------ dismiss

    def dismiss_current(self) -> bool:
        """Dismiss the current suggestion for this document (undoable)."""
        ctx, s = self.ctx, self.current()
        if ctx is None or s is None:
            return False
        if ctx.read_only:
            self.say("This project is open read-only: save a copy to dismiss suggestions.")
            return False
        label = s.get("speaker") or s.get("text") or s["key"]
        self._advance_from = s["key"]
        ctx.undo_stack.push(DismissCommand(self, ctx, self.doc_id, s["key"], label))
        return True

    def dismissal_changed(self, ctx: ProjectContext, doc_id: str, key: str, dismissed: bool) -> None:
        """Called by :class:`DismissCommand` after a dismissal or its undo."""
        if ctx is not self.ctx or doc_id != self.doc_id:
            return
        if dismissed:
            self.dismissed.add(key)
            self.say("Dismissed. It stays hidden for this document; undo (Ctrl+Z) brings it back.")
        else:
            self.dismissed.discard(key)
            self._advance_from = ""
            self.say("Suggestion restored.")
        self._rebuild()
        if not dismissed:
            self.select_key(key)


def install_suggestions_panel(window: QMainWindow, context: ProjectContext | None, view: DocumentView,
                              area: Qt.DockWidgetArea = Qt.DockWidgetArea.RightDockWidgetArea
                              ) -> tuple[SuggestionsPanel, QDockWidget]:
    """A "Suggestions" dock beside the document."""
    panel = SuggestionsPanel(context, view)
    dock = QDockWidget("Suggestions", window)
    dock.setObjectName("suggestionsDock")
    dock.setAccessibleName("Suggestions panel")
    dock.setWidget(panel)
    window.addDockWidget(area, dock)
    panel.set_active(dock.isVisible())
    dock.visibilityChanged.connect(panel.set_active)  # also when its tab comes to the front
    panel.message.connect(lambda text: window.statusBar().showMessage(text, 8000))
    return panel, dock
