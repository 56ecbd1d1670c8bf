"""The evidence board's containers: a stance column, the row of columns, the head and the page.

Each answers its preferred size without laying its wrapped labels out at a
width it is never given (:func:`ui.board.card_label.preferred_size`): the
board's layouts take heights from ``heightForWidth`` at the real widths.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QSize
from PySide6.QtWidgets import QFrame, QLabel, QPushButton, QVBoxLayout, QWidget

from ui.board.card_label import preferred_size
from ui.widgets.colors import STANCE_LABEL, set_tone

#: Cards a column shows at first, and how many more each "Show more" adds.
PAGE = 30


class Column(QWidget):
    """One stance column: a heading with a count, then cards."""

    def __init__(self, stance: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.stance = stance
        self.setAccessibleName(f"{STANCE_LABEL[stance]} evidence")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(8)
        self.heading = QLabel()
        self.heading.setObjectName("columnHeading")
        self.heading.setProperty("stance", stance)  # coloured by the app's style sheet
        lay.addWidget(self.heading)
        self.cards_layout = QVBoxLayout()
        self.cards_layout.setSpacing(8)
        lay.addLayout(self.cards_layout)
        self.none_label = QLabel("None recorded")
        self.none_label.setStyleSheet("font-style: italic;")
        set_tone(self.none_label, "muted")
        lay.addWidget(self.none_label)
        self.more_button = QPushButton()
        self.more_button.setAccessibleName(f"Show more {STANCE_LABEL[stance].lower()} evidence")
        self.more_button.hide()
        lay.addWidget(self.more_button)
        lay.addStretch(1)
        #: This column's items in board order, and how many of them have cards.
        self.items: list[dict[str, Any]] = []
        self.shown = 0

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return preferred_size(self)  # its cards' heights come from heightForWidth at the column's real width

    def set_count(self, n: int) -> None:
        self.heading.setText(f"{STANCE_LABEL[self.stance]} ({n})")
        self.none_label.setVisible(n == 0)

    def show_more_text(self) -> None:
        """The "Show more" button: how many the next page adds and how many remain unseen."""
        left = len(self.items) - self.shown
        self.more_button.setVisible(left > 0)
        if left > 0:  # short enough for a narrow column; the count is in the tooltip and for screen readers
            self.more_button.setText(f"Show {min(PAGE, left)} more")
            self.more_button.setToolTip(f"{left} of {len(self.items)} not shown yet")
            self.more_button.setAccessibleDescription(f"{left} of {len(self.items)} not shown yet")


class Row(QWidget):
    """The row of columns (and the board's page): preferred size without laying cards out at it."""

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return preferred_size(self)


class Head(QFrame):
    """The board's head (the claim, its likelihood, Add Evidence): preferred size as :class:`Row`'s.

    Its layout's own answer asked the claim's wrapped label for its height at
    the head's preferred width, one the head is never given: a text layout
    of each new claim at every switch, for a number nothing uses (the board's
    layout takes the head's height for its real width).
    """

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return preferred_size(self)


class Page(Row):
    """The board's page: opaque, filled in the window colour that showed through it.

    Qt repaints a changed widget from its nearest opaque ancestor down; the
    page was transparent (the style sheet's background rule for it turns off
    the fill QScrollArea gives its page, and draws nothing on a subclass), so
    the cards shown at each claim switch also repainted the scroll area under
    them.  A style sheet applied again turns the fill off: it is turned on again.
    """

    def __init__(self) -> None:
        super().__init__()
        self.setAutoFillBackground(True)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        super().changeEvent(event)
        if event.type() == QEvent.Type.StyleChange and not self.autoFillBackground():
            self.setAutoFillBackground(True)
