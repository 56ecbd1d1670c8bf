"""Find in the document (Ctrl+F): a slim bar under the text, as in browsers.

Searching selects the match in the document, so "Mark Selection as Claim"
works straight from a search hit.  Escape closes the bar and returns focus
to the text.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QTextDocument
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QTextEdit, QToolButton, QWidget


class FindBar(QWidget):
    """Incremental search in one QTextEdit."""

    closed = Signal()

    def __init__(self, view: QTextEdit, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._view = view
        self.setAccessibleName("Find in document")
        row = QHBoxLayout(self)
        row.setContentsMargins(8, 4, 8, 4)
        label = QLabel("&Find:")
        self.edit = QLineEdit()
        self.edit.setAccessibleName("Text to find")
        self.edit.setPlaceholderText("Words in this document")
        self.edit.setClearButtonEnabled(True)
        label.setBuddy(self.edit)
        self.prev_button = QToolButton()
        self.prev_button.setText("Previous")
        self.prev_button.setAccessibleName("Find previous")
        self.next_button = QToolButton()
        self.next_button.setText("Next")
        self.next_button.setAccessibleName("Find next")
        self.status = QLabel("")
        self.status.setAccessibleName("Find result")
        close = QToolButton()
        close.setText("✕")
        close.setToolTip("Close (Esc)")
        close.setAccessibleName("Close find bar")
        for w in (label, self.edit, self.prev_button, self.next_button, self.status):
            row.addWidget(w)
        row.addStretch(1)
        row.addWidget(close)
        self.edit.textChanged.connect(lambda _t: self.find_match(forward=True, incremental=True))
        self.edit.returnPressed.connect(lambda: self.find_match(forward=True))
        self.next_button.clicked.connect(lambda: self.find_match(forward=True))
        self.prev_button.clicked.connect(lambda: self.find_match(forward=False))
        close.clicked.connect(self.close_bar)
        self.hide()

    def open_bar(self) -> None:
        self.show()
        sel = self._view.textCursor().selectedText()
        if sel and "\u2029" not in sel and len(sel) < 80:
            self.edit.setText(sel)
        self.edit.setFocus()
        self.edit.selectAll()

    def close_bar(self) -> None:
        self.hide()
        self.status.clear()
        self._view.setFocus()
        self.closed.emit()

    def find_match(self, forward: bool = True, incremental: bool = False) -> bool:
        """Select the next (or previous) match, wrapping around; True if found."""
        needle = self.edit.text()
        if not needle:
            self.status.clear()
            return False
        flags = QTextDocument.FindFlag(0) if forward else QTextDocument.FindFlag.FindBackward
        cur = self._view.textCursor()
        if incremental:
            cur.setPosition(cur.selectionStart())
        found = self._view.document().find(needle, cur, flags)
        if found.isNull():  # wrap around
            start = self._view.textCursor()
            start.movePosition(start.MoveOperation.Start if forward else start.MoveOperation.End)
            found = self._view.document().find(needle, start, flags)
        if found.isNull():
            self.status.setText("Not found")
            return False
        self.status.setText("")
        self._view.setTextCursor(found)
        self._view.ensureCursorVisible()
        return True

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() == Qt.Key.Key_Escape:
            self.close_bar()
            return
        if event.matches(QKeySequence.StandardKey.FindNext):
            self.find_match(forward=True)
            return
        if event.matches(QKeySequence.StandardKey.FindPrevious):
            self.find_match(forward=False)
            return
        super().keyPressEvent(event)
