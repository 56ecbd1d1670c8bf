"""The Provenance view: the graph of the selected claim or of the project, and
selection kept in step with every other view (click, keyboard, elsewhere)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage

from tests.ui.conftest import show_widget
from ui.views import VIEWS
from ui.views.provenance import ProvenanceView


@pytest.fixture
def view(qtbot, ctx) -> ProvenanceView:
    ctx.select_claim("c1")
    return show_widget(qtbot, VIEWS["provenance"](ctx, None), 1100, 700)


def click_node(qtbot, v: ProvenanceView, node_id: str) -> None:
    item = v.canvas.items_by_id[node_id]
    v.canvas.ensureVisible(item)
    pos = v.canvas.mapFromScene(item.rect().center())
    qtbot.mouseClick(v.canvas.viewport(), Qt.MouseButton.LeftButton, pos=pos)


def test_the_claims_graph_has_a_hit_area_with_a_tooltip_for_every_node(view, ctx) -> None:
    g = view.graph
    assert g is not None and g.claim == "c1"
    assert set(view.canvas.items_by_id) == {n.id for n in g.nodes}
    bbc = view.canvas.items_by_id["s:s-bbc"]
    assert "Reliability B: usually reliable" in bbc.toolTip()
    e1 = view.canvas.items_by_id["e:e1"].toolTip()
    assert "Trust 0.072" in e1 and "weight" in e1 and "Credibility 3" in e1
    # Hit areas sit where the picture draws the nodes: inside the picture, apart from each other.
    rects = [it.rect() for it in view.canvas.order]
    picture = view.canvas.scene().sceneRect()
    assert all(picture.contains(r) for r in rects)
    assert not any(a.intersects(b) for i, a in enumerate(rects) for b in rects[i + 1:])


def test_clicking_a_source_selects_it_in_the_sources_view(qtbot, view, ctx) -> None:
    sources = show_widget(qtbot, VIEWS["sources"](ctx, None), 900, 500)
    with qtbot.waitSignal(ctx.sourceShown) as shown:
        click_node(qtbot, view, "s:s-peskov")
    assert shown.args == ["s-peskov"]
    assert sources.selected_sources() == ["s-peskov"]
    assert view.canvas.current.node.id == "s:s-peskov"


def test_clicking_an_item_selects_it_everywhere_and_selecting_elsewhere_rings_it_here(qtbot, view, ctx) -> None:
    with qtbot.waitSignal(ctx.evidenceSelected):
        click_node(qtbot, view, "e:e3")
    assert ctx.current_evidence == "e3"
    ctx.select_evidence("e5")
    assert view.canvas.current.node.id == "e:e5"
    ctx.show_source("s-bbc")
    assert view.canvas.current.node.id == "s:s-bbc"


def test_selecting_another_claim_draws_its_graph(qtbot, view, ctx) -> None:
    ctx.select_claim("c3")
    assert view.graph.claim == "c3"
    assert {n.ref for n in view.graph.nodes_of("evidence")} == {e["id"] for e in ctx.store.evidence_for("c3")}
    # An item of another claim selected anywhere brings its claim's graph.
    other = next(e["id"] for e in ctx.store.evidence_for("c1"))
    ctx.select_evidence(other)
    assert view.graph.claim == "c1" and view.canvas.current.node.id == f"e:{other}"


def test_keyboard_moves_between_nodes_and_enter_selects(qtbot, view, ctx) -> None:
    view.canvas.setFocus()
    qtbot.keyClick(view.canvas, Qt.Key.Key_Tab)
    first = view.canvas.current.node.id
    assert first == view.canvas.order[0].node.id
    qtbot.keyClick(view.canvas, Qt.Key.Key_Tab)
    assert view.canvas.current.node.id == view.canvas.order[1].node.id
    # The claim is drawn right of everything: Left from it reaches an item.
    view.canvas.set_current("c:c1")
    qtbot.keyClick(view.canvas, Qt.Key.Key_Left)
    landed = view.canvas.current.node
    assert landed.kind == "evidence"
    assert view.status.text().startswith(landed.tooltip.splitlines()[0])   # said, not only ringed
    qtbot.keyClick(view.canvas, Qt.Key.Key_Left)
    assert view.canvas.current.node.kind == "source"
    qtbot.keyClick(view.canvas, Qt.Key.Key_Right)
    assert view.canvas.current.node.kind == "evidence"
    target = view.canvas.current.node.ref
    qtbot.keyClick(view.canvas, Qt.Key.Key_Return)
    assert ctx.current_evidence == target


def test_zoom_and_fit(qtbot, view) -> None:
    before = view.canvas.transform().m11()
    view.zoom_in.click()
    assert view.canvas.transform().m11() == pytest.approx(before * 1.25)
    qtbot.keyClick(view.canvas, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert view.canvas.transform().m11() == pytest.approx(before)
    for _ in range(4):
        view.zoom_in.click()
    view.fit_button.click()
    shown = view.canvas.mapToScene(view.canvas.viewport().rect()).boundingRect()
    assert shown.contains(view.canvas.scene().sceneRect().adjusted(5, 5, -5, -5))


def test_export_svg_and_png(view, tmp_path: Path) -> None:
    svg = view.export(tmp_path / "c1.svg")
    root = ET.fromstring(svg.read_bytes())
    text = " ".join("".join(t.itertext()) for t in root.iter("{http://www.w3.org/2000/svg}text"))
    assert "BBC" in text and "Kremlin spokesman" in text
    png = view.export(tmp_path / "c1.png")
    img = QImage(str(png))
    assert not img.isNull() and img.width() > 300


def test_a_grade_change_redraws_the_graph(qtbot, view, ctx) -> None:
    assert view.graph.node("s:s-bbc").grade == "B"
    ctx.run("Set grade", lambda: ctx.service.set_reliability("s-bbc", "A"))
    assert view.graph.node("s:s-bbc").grade == "A"
    ctx.undo_stack.undo()
    assert view.graph.node("s:s-bbc").grade == "B"


def test_whole_project_graph_is_built_in_the_background(qtbot, view, ctx) -> None:
    view.scope_box.setCurrentIndex(1)
    qtbot.waitUntil(lambda: view.graph is not None and view.graph.scope == "project", timeout=20000)
    assert {n.ref for n in view.graph.nodes} == set(ctx.store.sources)
    with qtbot.waitSignal(ctx.sourceShown):
        click_node(qtbot, view, "s:s-ukr-intel")
    view.scope_box.setCurrentIndex(0)
    assert view.graph.scope == "claim"


def test_the_window_shows_the_view_by_name_and_its_menu_and_shortcut(qtbot, window) -> None:
    window.show_view("provenance")
    page = window.views.currentWidget()
    assert isinstance(page, ProvenanceView) and page.graph is not None
    assert page.graph.claim == window.ctx.current_claim
    window.show_view("document")
    qtbot.keyClick(window, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    assert window.views.currentWidget() is page


def test_the_dark_scheme_draws_the_dark_picture(qtbot, ctx) -> None:
    from PySide6.QtGui import QColor, QPalette

    from workbench.graph.render import SCHEMES

    v = show_widget(qtbot, VIEWS["provenance"](ctx, None), 900, 600)
    assert v.scheme == "light" and SCHEMES["light"].background.encode() in v.svg
    dark = QPalette(v.palette())
    for role in (QPalette.ColorRole.Window, QPalette.ColorRole.Base):
        dark.setColor(role, QColor("#1e1f22"))
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text):
        dark.setColor(role, QColor("#e6edf3"))
    v.setPalette(dark)
    assert v.scheme == "dark"
    qtbot.waitUntil(lambda: SCHEMES["dark"].background.encode() in v.svg)


def test_without_graphviz_the_view_says_so_in_one_line(qtbot, ctx, monkeypatch) -> None:
    monkeypatch.setenv("PATH", "/nonexistent")
    v = show_widget(qtbot, VIEWS["provenance"](ctx, None), 900, 600)
    assert v.graph is None and "Graphviz is not installed" in v.status.text()
    assert not v.export_svg_button.isEnabled()
