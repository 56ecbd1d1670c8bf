"""Provenance view: the selected claim's (or the whole project's) provenance graph.

The picture is the one ``vwb graph`` writes and the memo prints
(:mod:`workbench.graph`: the model from the store's rows and the engine's
assessments, laid out and drawn by Graphviz as SVG), shown with
``QGraphicsSvgItem``.  On top of it, one invisible hit area per node, placed
from the SVG element of that node (``render.dom_id``), carries the node's
tooltip (grades, trust, weight) and makes it clickable and focusable:

* click (or Enter) on a source shows that source in every view
  (``ProjectContext.show_source``), on an evidence item selects it
  (``select_evidence``), on the claim selects the claim;
* selecting a claim, an item or a source elsewhere rings its node here;
* arrow keys move to the nearest node in that direction, Tab / Shift+Tab
  walk the nodes in order; Ctrl+wheel, Ctrl++ / Ctrl+- zoom, drag pans,
  Ctrl+0 fits;
* Export SVG… / Export PNG… write the picture as shown.

The whole-project graph of a large project takes a second or two to lay
out, so it is built off the GUI thread from a connection of its own.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QKeyEvent, QKeySequence, QPainter, QPen, QShortcut, QWheelEvent
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtSvgWidgets import QGraphicsSvgItem
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QGraphicsItem,
    QGraphicsRectItem,
    QGraphicsScene,
    QGraphicsView,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.session.context import ProjectContext
from ui.session.store import StoreDelta
from ui.session.workers import Task, Worker
from ui.views.common import is_dark
from workbench.graph.model import Node, ProvenanceGraph, assessments_json, build_claim_graph, build_project_graph
from workbench.graph.render import SCHEMES, GraphvizMissing, dom_id, render

SCOPES = ("claim", "project")


def claim_graph_from_store(context: ProjectContext, claim_id: str) -> ProvenanceGraph:
    """One claim's graph from the store's cached rows (no database round trip)."""
    store = context.store
    assessment = store.assessment(claim_id)
    data = {"sources": list(store.sources.values()), "claims": [store.claims[claim_id]],
            "evidence": store.evidence_for(claim_id), "documents": list(store.documents.values())}
    assessed = assessments_json({claim_id: assessment} if assessment is not None else {})
    return build_claim_graph(data, assessed, claim_id)


def _project_graph_job(task: Task, scheme: str) -> tuple[ProvenanceGraph, bytes]:
    """Worker job: the whole project's graph and its SVG, from a connection of its own."""
    svc = task.open_service(read_only=True)
    try:
        data = {"project": {"title": svc.title()}, "sources": svc.list_sources(), "claims": svc.list_claims(),
                "evidence": svc.list_evidence(), "documents": svc.list_documents()}
        task.check()
        assessed = assessments_json(svc.assess_all())
    finally:
        svc.close()
    task.check()
    graph = build_project_graph(data, assessed)
    task.check()
    return graph, render(graph, "svg", scheme)


class NodeItem(QGraphicsRectItem):
    """The invisible, focusable hit area of one node."""

    def __init__(self, node: Node, rect: QRectF) -> None:
        super().__init__(rect)
        self.node = node
        self.setPen(QPen(Qt.PenStyle.NoPen))
        self.setBrush(QBrush(Qt.BrushStyle.NoBrush))
        self.setToolTip(node.tooltip or node.label)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsFocusable, True)
        self.setAcceptHoverEvents(True)
        self.setCursor(Qt.CursorShape.PointingHandCursor)


class GraphCanvas(QGraphicsView):
    """The picture with its hit areas: zoom, pan, fit, keyboard moves between nodes."""

    nodeActivated = Signal(object)   # Node: clicked or Enter
    nodeFocused = Signal(object)     # Node: moved to with the keyboard

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setScene(QGraphicsScene(self))
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.SmoothPixmapTransform)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName("Provenance graph")
        self.items_by_id: dict[str, NodeItem] = {}
        self.order: list[NodeItem] = []
        self.current: NodeItem | None = None
        self._ring: QGraphicsRectItem | None = None
        self._renderer: QSvgRenderer | None = None
        self._accent = QColor("#0b5cad")
        self._fit_pending = False
        self._press = QPointF()

    def show_svg(self, svg: bytes, graph: ProvenanceGraph, accent: QColor) -> None:
        """Show a new picture; keeps the ring on the same node when it is still there."""
        keep = self.current.node.id if self.current is not None else ""
        scene = self.scene()
        scene.clear()
        self.items_by_id.clear()
        self.order = []
        self.current = None
        self._ring = None
        self._accent = accent
        renderer = QSvgRenderer(svg, self)
        self._renderer = renderer
        picture = QGraphicsSvgItem()
        picture.setSharedRenderer(renderer)
        picture.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        scene.addItem(picture)
        box = renderer.viewBoxF()
        size = renderer.defaultSize()
        sx = size.width() / box.width() if box.width() else 1.0
        sy = size.height() / box.height() if box.height() else 1.0
        for i, node in enumerate(graph.nodes):
            el = dom_id(i)
            if not renderer.elementExists(el):
                continue
            r = renderer.transformForElement(el).mapRect(renderer.boundsOnElement(el))
            rect = QRectF((r.x() - box.x()) * sx, (r.y() - box.y()) * sy, r.width() * sx, r.height() * sy)
            item = NodeItem(node, rect)
            scene.addItem(item)
            self.items_by_id[node.id] = item
            self.order.append(item)
        scene.setSceneRect(picture.boundingRect().adjusted(-20, -20, 20, 20))
        if keep in self.items_by_id:
            self.set_current(keep, ensure_visible=False)

    # ------------------------------------------------------------------ the ring

    def set_current(self, node_id: str, ensure_visible: bool = True) -> NodeItem | None:
        item = self.items_by_id.get(node_id)
        if self._ring is not None:
            self.scene().removeItem(self._ring)
            self._ring = None
        self.current = item
        if item is None:
            return None
        ring = QGraphicsRectItem(item.rect().adjusted(-4, -4, 4, 4))
        pen = QPen(self._accent, 3)
        pen.setCosmetic(True)
        ring.setPen(pen)
        ring.setZValue(5)
        ring.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.scene().addItem(ring)
        self._ring = ring
        item.setFocus()
        if ensure_visible:
            self.ensureVisible(item, 40, 40)
        return item

    # ------------------------------------------------------------------ zoom

    def zoom(self, factor: float) -> None:
        scale = self.transform().m11() * factor
        if 0.02 <= scale <= 8:
            self.scale(factor, factor)

    def fit(self) -> None:
        rect = self.scene().sceneRect()
        if not rect.isEmpty():
            self.fitInView(rect, Qt.AspectRatioMode.KeepAspectRatio)
            if self.transform().m11() > 1.0:   # never blow a small graph up past its size
                self.resetTransform()
                self.centerOn(rect.center())

    def request_fit(self) -> None:
        """Fit now if the view has its size, else as soon as it gets one."""
        self._fit_pending = True
        self._fit_if_pending()

    def _fit_if_pending(self) -> None:
        if self._fit_pending and self.isVisible() and self.viewport().width() > 80:
            self._fit_pending = False
            self.fit()

    def resizeEvent(self, event: Any) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._fit_if_pending()

    def showEvent(self, event: Any) -> None:  # noqa: N802
        super().showEvent(event)
        self._fit_if_pending()

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.zoom(1.15 if event.angleDelta().y() > 0 else 1 / 1.15)
            event.accept()
            return
        super().wheelEvent(event)

    # ------------------------------------------------------------------ mouse and keys

    def mouseReleaseEvent(self, event: Any) -> None:  # noqa: N802
        super().mouseReleaseEvent(event)
        if event.button() != Qt.MouseButton.LeftButton:
            return
        item = self._node_at(event.position().toPoint())
        if item is not None and (event.position() - self._press).manhattanLength() < 6:
            self.set_current(item.node.id, ensure_visible=False)
            self.nodeActivated.emit(item.node)

    def mousePressEvent(self, event: Any) -> None:  # noqa: N802
        self._press = QPointF(event.position())
        super().mousePressEvent(event)

    def _node_at(self, pos: Any) -> NodeItem | None:
        for it in self.items(pos):
            if isinstance(it, NodeItem):
                return it
        return None

    def focusNextPrevChild(self, forward: bool) -> bool:  # noqa: N802
        """Tab walks the nodes (and leaves the graph after the last one)."""
        if not self.order:
            return super().focusNextPrevChild(forward)
        i = self.order.index(self.current) if self.current in self.order else -1
        j = i + (1 if forward else -1)
        if i == -1:
            j = 0 if forward else len(self.order) - 1
        if not 0 <= j < len(self.order):
            return super().focusNextPrevChild(forward)
        self._move_to(self.order[j])
        return True

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        key = Qt.Key(event.key())
        arrows = {Qt.Key.Key_Left: (-1, 0), Qt.Key.Key_Right: (1, 0), Qt.Key.Key_Up: (0, -1),
                  Qt.Key.Key_Down: (0, 1)}
        if key in arrows and self.order:
            target = self._nearest(*arrows[key])
            if target is not None:
                self._move_to(target)
            event.accept()
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space) and self.current is not None:
            self.nodeActivated.emit(self.current.node)
            event.accept()
            return
        if key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal) and event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.zoom(1.25)
            return
        if key == Qt.Key.Key_Minus and event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.zoom(0.8)
            return
        if key == Qt.Key.Key_0 and event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.fit()
            return
        super().keyPressEvent(event)

    def _move_to(self, item: NodeItem) -> None:
        self.set_current(item.node.id)
        self.nodeFocused.emit(item.node)

    def _nearest(self, dx: int, dy: int) -> NodeItem | None:
        """The closest node whose centre lies in the direction (dx, dy) of the current one."""
        if self.current is None:
            return self.order[0]
        here = self.current.rect().center()
        best: tuple[float, str] | None = None
        found: NodeItem | None = None
        for it in self.order:
            if it is self.current:
                continue
            c = it.rect().center()
            along = (c.x() - here.x()) * dx + (c.y() - here.y()) * dy
            across = abs((c.x() - here.x()) * dy) + abs((c.y() - here.y()) * dx)
            if along <= 0:
                continue
            score = (along + 2 * across, it.node.id)
            if best is None or score < best:
                best, found = score, it
        return found


class ProvenanceView(QWidget):
    """The Provenance view (see module docstring)."""

    jumpRequested = Signal(str)

    def __init__(self, context: ProjectContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setAccessibleName("Provenance view")
        self.scope = "claim"
        self.graph: ProvenanceGraph | None = None
        self.svg = b""
        self._worker: Worker | None = None
        self._stale = True

        bar = QHBoxLayout()
        self.scope_box = QComboBox()
        self.scope_box.addItem("Selected claim", "claim")
        self.scope_box.addItem("Whole project", "project")
        self.scope_box.setAccessibleName("Graph of")
        self.title = QLabel()
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.title.setAccessibleName("Graph title")
        self.fit_button = QPushButton("Fit")
        self.fit_button.setToolTip("Fit the graph in the window (Ctrl+0)")
        self.fit_button.setAccessibleName("Fit the graph in the window")
        self.zoom_in = QPushButton("+")
        self.zoom_in.setToolTip("Zoom in (Ctrl++)")
        self.zoom_in.setAccessibleName("Zoom in")
        self.zoom_out = QPushButton("−")
        self.zoom_out.setToolTip("Zoom out (Ctrl+-)")
        self.zoom_out.setAccessibleName("Zoom out")
        self.export_svg_button = QPushButton("Export SVG…")
        self.export_png_button = QPushButton("Export PNG…")
        self.scope_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.export_svg_button.setToolTip("Save the graph as a vector image (SVG)")
        self.export_png_button.setToolTip("Save the graph as a bitmap (PNG)")
        self.export_svg_button.setAccessibleName("Export the graph as SVG")
        self.export_png_button.setAccessibleName("Export the graph as PNG")
        self.title.setWordWrap(True)
        label = QLabel("&Graph of")
        label.setBuddy(self.scope_box)
        bar.addWidget(label)
        bar.addWidget(self.scope_box)
        bar.addStretch(1)
        for b in (self.zoom_out, self.zoom_in, self.fit_button, self.export_svg_button, self.export_png_button):
            bar.addWidget(b)
        self.canvas = GraphCanvas(self)
        self.status = QLabel()
        self.status.setWordWrap(True)
        lay = QVBoxLayout(self)
        lay.addLayout(bar)
        lay.addWidget(self.title)
        lay.addWidget(self.canvas, 1)
        lay.addWidget(self.status)

        self.scope_box.currentIndexChanged.connect(lambda _i: self.set_scope(self.scope_box.currentData()))
        self.fit_button.clicked.connect(self.canvas.fit)
        self.zoom_in.clicked.connect(lambda: self.canvas.zoom(1.25))
        self.zoom_out.clicked.connect(lambda: self.canvas.zoom(0.8))
        self.export_svg_button.clicked.connect(lambda: self._ask_export("svg"))
        self.export_png_button.clicked.connect(lambda: self._ask_export("png"))
        self.canvas.nodeActivated.connect(self.activate)
        self.canvas.nodeFocused.connect(self._describe_focus)
        QShortcut(QKeySequence("Ctrl+0"), self, self.canvas.fit)
        context.changed.connect(self._changed)
        context.claimSelected.connect(self._claim_selected)
        context.evidenceSelected.connect(lambda eid: self.ring(f"e:{eid}") if eid else None)
        context.sourceShown.connect(lambda sid: self.ring(f"s:{sid}") if sid else None)
        self.destroyed.connect(self._stop_worker)
        self.refresh()

    # ------------------------------------------------------------------ what is drawn

    @property
    def scheme(self) -> str:
        return "dark" if is_dark(self.palette()) else "light"

    def set_scope(self, scope: str) -> None:
        if scope not in SCOPES or scope == self.scope:
            return
        self.scope = scope
        self.scope_box.setCurrentIndex(SCOPES.index(scope))
        self.refresh()

    def refresh(self) -> None:
        """Draw the graph for the current scope (the project's in the background)."""
        self._stale = False
        if self.scope == "project":
            self._start_project_job()
            return
        claim = self.context.current_claim or self.context.store.first_claim() or ""
        if not claim or claim not in self.context.store.claims:
            self._show(None, b"", "Select a claim to see where its evidence comes from.")
            return
        graph = claim_graph_from_store(self.context, claim)
        try:
            svg = render(graph, "svg", self.scheme)
        except GraphvizMissing as exc:   # say it in the view; the rest of the window works on
            self._show(None, b"", f"Could not draw the graph: {exc}")
            return
        self._show(graph, svg)
        if self.context.current_evidence:
            self.ring(f"e:{self.context.current_evidence}", ensure_visible=False)

    def _start_project_job(self) -> None:
        self._stop_worker()
        self.status.setText("Laying out the whole project…")
        scheme = self.scheme
        worker = Worker(lambda task: _project_graph_job(task, scheme), self.context.path)
        worker.signals.succeeded.connect(lambda result: self._project_ready(*result))
        worker.signals.failed.connect(lambda exc: self.status.setText(f"Could not draw the graph: {exc}"))
        worker.signals.finished.connect(self._worker_finished)
        self._worker = worker.start()

    def _worker_finished(self) -> None:
        self._worker = None

    def _stop_worker(self) -> None:
        if self._worker is not None:
            self._worker.cancel()
            self._worker = None

    def _project_ready(self, graph: ProvenanceGraph, svg: bytes) -> None:
        if self.scope == "project":
            self._show(graph, svg)

    def _show(self, graph: ProvenanceGraph | None, svg: bytes, message: str = "") -> None:
        first = self.graph is None or graph is None or self.graph.scope != graph.scope \
            or self.graph.claim != graph.claim
        self.graph, self.svg = graph, svg
        accent = self.palette().highlight().color()
        if graph is None:
            self.canvas.scene().clear()
            self.canvas.items_by_id.clear()
            self.canvas.order = []
            self.canvas.current = None
            self.title.setText("")
            self.status.setText(message)
        else:
            self.canvas.show_svg(svg, graph, accent)
            self.title.setText(graph.title)
            self.status.setText(message or _legend(graph))
            if first:
                self.canvas.request_fit()
        for b in (self.export_svg_button, self.export_png_button, self.fit_button):
            b.setEnabled(graph is not None)

    def ring(self, node_id: str, ensure_visible: bool = True) -> None:
        if self.graph is not None and self.graph.has(node_id):
            self.canvas.set_current(node_id, ensure_visible)

    # ------------------------------------------------------------------ selection sync

    def activate(self, node: Node) -> None:
        """A node was clicked or entered: select it in every view."""
        if node.kind == "source":
            self.context.show_source(node.ref)
        elif node.kind == "evidence":
            self.context.select_evidence(node.ref)
        elif node.kind == "claim":
            self.context.select_claim(node.ref)

    def _describe_focus(self, node: Node) -> None:
        """Say what the keyboard moved to (the status line is read by screen readers)."""
        text = " · ".join((node.tooltip or node.label).splitlines())
        self.status.setText(text)
        self.canvas.setAccessibleDescription(text)

    def _claim_selected(self, claim_id: str) -> None:
        if self.scope == "claim" and (self.graph is None or self.graph.claim != claim_id):
            self._redraw_when_visible()

    def _changed(self, delta: StoreDelta) -> None:
        if delta.any("evidence") or delta.any("sources") or delta.any("claims") or delta.reassessed \
                or delta.any("documents"):
            self._redraw_when_visible()

    def _redraw_when_visible(self) -> None:
        self._stale = True
        if self.isVisible():
            self.refresh()

    def showEvent(self, event: Any) -> None:  # noqa: N802
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and self.graph is not None:
            self._redraw_when_visible()

    # ------------------------------------------------------------------ export

    def export(self, path: Path | str, fmt: str | None = None) -> Path:
        """Write the graph shown as SVG or PNG (by suffix unless ``fmt`` is given)."""
        if self.graph is None:
            raise ValueError("there is no graph to export")
        out = Path(path)
        fmt = fmt or ("png" if out.suffix.lower() == ".png" else "svg")
        data = self.svg if fmt == "svg" and self.svg else render(self.graph, fmt, self.scheme)
        tmp = out.with_name(f".{out.name}.tmp")
        tmp.write_bytes(data)
        tmp.replace(out)
        return out

    def _ask_export(self, fmt: str) -> None:
        if self.graph is None:
            return
        base = "provenance" if self.graph.claim is None else f"provenance-{self.graph.claim}"
        start = str(self.context.path.with_name(f"{base}.{fmt}"))
        path, _ = QFileDialog.getSaveFileName(self, f"Export Graph as {fmt.upper()}", start,
                                              f"{fmt.upper()} image (*.{fmt})")
        if not path:
            return
        try:
            self.export(path, fmt)
        except Exception as exc:  # noqa: BLE001 - one message, the view goes on
            self.context.failed.emit("Could not export the graph", exc)
            return
        self.status.setText(f"Exported {Path(path).name}")


def _legend(graph: ProvenanceGraph) -> str:
    colours: Mapping[str, str] = {"relays": "relays (arrow toward the origin)"}
    parts = [f"{len(graph.nodes_of('source'))} sources"]
    if graph.scope == "claim":
        parts.append(f"{len(graph.nodes_of('evidence'))} items; bold = counted, dashed = absorbed or context")
    else:
        spof = sum(1 for n in graph.nodes if n.single_point)
        relay_only = sum(1 for n in graph.nodes if n.relay_only)
        parts.append(f"{spof} single points of failure, {relay_only} sources that only relay")
    parts.append(colours["relays"])
    if graph.loops:
        parts.append(f"{len(graph.loops)} circular-reporting loop{'s' if len(graph.loops) != 1 else ''}")
    return " · ".join(parts) + ". Click a node to select it everywhere; arrows and Tab move between nodes."


def create(context: ProjectContext, parent: QWidget | None = None) -> ProvenanceView:
    return ProvenanceView(context, parent)


__all__ = ["GraphCanvas", "ProvenanceView", "SCHEMES", "claim_graph_from_store", "create"]
