"""A claim's history: who changed it or its evidence, when, and how its likelihood moved.

Every write records the new likelihood of each claim it touched (the
service's audit events), so a claim's history is a series of judgements,
each tied to the person and the change that moved it. After a merge the
colleague's changes are in the same history with their own names and times.

The panel has two parts:

* a step chart of the probability after each change, over the likelihood
  bands (the same colour scale as the highlights). Changes are spaced
  evenly, not by clock time: edits come in bursts minutes apart and then
  nothing for weeks, and a time axis would pile the bursts into one spot;
* the list of changes, newest first, with when, who, what, and the
  likelihood after it (with ▲/▼ for a move up or down).

It only shows data handed to it (``service.history(claim_id)`` dicts); it
holds no session and no rows.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QHeaderView, QLabel, QSizePolicy, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from ui.views.common import band_icon, format_changed, muted, percent
from ui.widgets.colors import band_hex
from workbench.analysis.words import LIKELIHOOD_BANDS, NO_ASSESSMENT

COL_WHEN, COL_WHO, COL_WHAT, COL_LIKELIHOOD = range(4)
MOVE_EPSILON = 0.005  # below half a percentage point a change is shown as no move


@dataclass(frozen=True)
class HistoryStep:
    """One change to a claim or its evidence, with the judgement it left."""

    at: str
    who: str
    action: str
    summary: str
    probability: float | None
    likelihood: str
    confidence: str

    @property
    def assessed(self) -> bool:
        return self.probability is not None


def steps_from_history(events: Sequence[dict[str, Any]]) -> list[HistoryStep]:
    """``service.history(claim_id)`` (newest first) as steps, oldest first."""
    out = []
    for ev in reversed(list(events)):
        a = ev.get("assessment") or {}
        p = a.get("probability")
        out.append(HistoryStep(ev.get("at") or "", ev.get("who") or "", ev.get("action") or "",
                               ev.get("summary") or "", float(p) if isinstance(p, (int, float)) else None,
                               a.get("likelihood") or NO_ASSESSMENT, a.get("confidence") or ""))
    return out


def moves(steps: Sequence[HistoryStep]) -> list[float | None]:
    """For each step, how far it moved the probability from the previous judgement (None: first or unassessed)."""
    out: list[float | None] = []
    last: float | None = None
    for s in steps:
        if s.probability is None:
            out.append(None)
            continue
        out.append(None if last is None else s.probability - last)
        last = s.probability
    return out


class LikelihoodChart(QWidget):
    """A step chart of the probability after each change, over the likelihood bands."""

    MARGIN_LEFT, MARGIN_RIGHT, MARGIN_Y = 34.0, 10.0, 8.0

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._steps: list[HistoryStep] = []
        self.setMinimumHeight(110)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setAccessibleName("Likelihood over time")

    def sizeHint(self) -> QSize:
        return QSize(360, 150)

    def set_steps(self, steps: Sequence[HistoryStep]) -> None:
        self._steps = [s for s in steps if s.assessed]
        self.setAccessibleDescription(self.description())
        self.update()

    def description(self) -> str:
        """What the chart shows, in words (for screen readers and tooltips)."""
        if not self._steps:
            return "No judgement recorded yet."
        first, last = self._steps[0], self._steps[-1]
        if len(self._steps) == 1:
            return f"One judgement: {last.likelihood} ({percent(last.probability)})."
        return (f"{len(self._steps)} judgements, from {first.likelihood} ({percent(first.probability)}) "
                f"to {last.likelihood} ({percent(last.probability)}).")

    def points(self) -> list[QPointF]:
        """Where each judgement is drawn (evenly spaced, probability upwards)."""
        plot = self._plot_rect()
        n = len(self._steps)
        xs = [plot.center().x()] if n == 1 else [plot.left() + plot.width() * i / (n - 1) for i in range(n)]
        return [QPointF(x, self._y(plot, s.probability or 0.0)) for x, s in zip(xs, self._steps, strict=True)]

    def _plot_rect(self) -> QRectF:
        return QRectF(self.MARGIN_LEFT, self.MARGIN_Y, max(1.0, self.width() - self.MARGIN_LEFT - self.MARGIN_RIGHT),
                      max(1.0, self.height() - 2 * self.MARGIN_Y))

    @staticmethod
    def _y(plot: QRectF, p: float) -> float:
        return plot.bottom() - plot.height() * min(1.0, max(0.0, p))

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        plot = self._plot_rect()
        lows = [0.0] + [hi for _w, _lo, hi, _l in LIKELIHOOD_BANDS[:-1]]
        highs = [hi for _w, _lo, hi, _l in LIKELIHOOD_BANDS[:-1]] + [1.0]
        for (word, *_), lo, hi in zip(LIKELIHOOD_BANDS, lows, highs, strict=True):
            tint = QColor(band_hex(word))
            tint.setAlpha(45)
            painter.fillRect(QRectF(plot.left(), self._y(plot, hi), plot.width(),
                                    self._y(plot, lo) - self._y(plot, hi)), tint)
        painter.setPen(muted(self.palette()))
        for p in (0.0, 0.5, 1.0):
            painter.drawText(QRectF(0, self._y(plot, p) - 8, self.MARGIN_LEFT - 4, 16),
                             int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), f"{p:.0%}")
        points = self.points()
        if not points:
            painter.drawText(plot, int(Qt.AlignmentFlag.AlignCenter), "No judgement recorded yet")
            return
        path = QPainterPath(points[0])
        for prev, pt in itertools.pairwise(points):
            path.lineTo(pt.x(), prev.y())  # hold the judgement until the next change…
            path.lineTo(pt)                # …then step to the new one
        painter.setPen(QPen(self.palette().color(self.foregroundRole()), 1.6))
        painter.drawPath(path)
        for step, pt in zip(self._steps, points, strict=True):
            color = QColor(band_hex(step.likelihood))
            painter.setPen(QPen(color.darker(150), 1.2))
            painter.setBrush(color)
            painter.drawEllipse(pt, 4.0, 4.0)
        painter.end()


class HistoryPanel(QWidget):
    """A claim's history: the likelihood chart above the list of changes."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heading = QLabel("History")
        self.heading.setWordWrap(True)
        self.chart = LikelihoodChart(self)
        self.list = QTreeWidget(self)
        self.list.setAccessibleName("Changes to this claim and its evidence")
        self.list.setRootIsDecorated(False)
        self.list.setUniformRowHeights(True)
        self.list.setHeaderLabels(["When", "Who", "What", "Likelihood after"])
        header = self.list.header()
        header.setStretchLastSection(False)
        for col in (COL_WHEN, COL_WHO, COL_LIKELIHOOD):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_WHAT, QHeaderView.ResizeMode.Stretch)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.chart)
        layout.addWidget(self.list, 1)
        self._steps: list[HistoryStep] = []
        self.set_events([])

    def show_claim(self, service: Any, claim_id: str) -> None:
        """Read and show ``claim_id``'s history from a ``ProjectService``."""
        claim = service.claim(claim_id) or {}
        self.set_events(service.history(claim_id), claim.get("text", ""))

    def set_events(self, events: Sequence[dict[str, Any]], claim_text: str = "") -> None:
        """Show history dicts as ``service.history(claim_id)`` returns them (newest first)."""
        self._steps = steps_from_history(events)
        people = sorted({s.who for s in self._steps if s.who})
        n = len(self._steps)
        what = f"“{claim_text}”: " if claim_text else ""
        if n:
            by = f" by {', '.join(people)}" if people else ""
            self.heading.setText(f"{what}{n} {'change' if n == 1 else 'changes'}{by}")
        else:
            self.heading.setText(f"{what}no changes recorded")
        self.chart.set_steps(self._steps)
        self.chart.setToolTip(self.chart.description())
        self.list.clear()
        for step, move in reversed(list(zip(self._steps, moves(self._steps), strict=True))):
            self.list.addTopLevelItem(self._item(step, move))

    @staticmethod
    def _item(step: HistoryStep, move: float | None) -> QTreeWidgetItem:
        if step.assessed:
            arrow = "" if move is None or abs(move) < MOVE_EPSILON else ("▲ " if move > 0 else "▼ ")
            likelihood = f"{arrow}{step.likelihood} ({percent(step.probability)})"
        else:
            likelihood = "—"
        item = QTreeWidgetItem([format_changed(step.at), step.who, step.summary, likelihood])
        item.setToolTip(COL_WHEN, step.at)
        item.setToolTip(COL_WHAT, f"{step.summary} ({step.action})")
        if step.assessed:
            item.setIcon(COL_LIKELIHOOD, band_icon(step.likelihood))
            tip = f"{step.likelihood}, {step.confidence} confidence" if step.confidence else step.likelihood
            if move is not None and abs(move) >= MOVE_EPSILON:
                tip += f"; {'up' if move > 0 else 'down'} {abs(move) * 100:.0f} points"
            item.setToolTip(COL_LIKELIHOOD, tip)
        return item

    def steps(self) -> list[HistoryStep]:
        """What is shown, oldest first."""
        return list(self._steps)
