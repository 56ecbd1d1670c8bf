"""What a screen reader gets: the accessibility tree of every view and dialog.

The walk goes through Qt's accessibility interfaces (what AT-SPI, UI
Automation and VoiceOver are handed), not through widget properties: every
focusable node must have a name, every table and tree must expose its column
headers by name, and the confidence result must be readable as text.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QAccessible, QAccessibleInterface
from PySide6.QtWidgets import QApplication, QWidget

from tests.ui.conftest import open_window

Role, Text, State = QAccessible.Role, QAccessible.Text, QAccessible.State


def nodes(iface: QAccessibleInterface, depth: int = 0) -> Iterator[QAccessibleInterface]:
    """Every node under ``iface`` that is on screen (item rows of big lists are skipped:
    their names are the cells' text)."""
    if iface is None or not iface.isValid() or depth > 40:
        return
    yield iface
    if iface.role() in (Role.Table, Role.Tree, Role.List):
        for i in range(iface.childCount()):  # headers only; cells are data
            child = iface.child(i)
            if child is not None and child.role() in (Role.ColumnHeader, Role.RowHeader):
                yield child
        return
    for i in range(iface.childCount()):
        child = iface.child(i)
        if child is not None and not child.state().invisible:
            yield from nodes(child, depth + 1)


def tree(widget: QWidget) -> list[QAccessibleInterface]:
    QApplication.processEvents()
    return list(nodes(QAccessible.queryAccessibleInterface(widget)))


def describe(iface: QAccessibleInterface) -> str:
    obj = iface.object()
    return f"{iface.role().name} {type(obj).__name__} {getattr(obj, 'objectName', lambda: '')()!r}"


def unnamed(widget: QWidget) -> list[str]:
    """Focusable nodes without a name (an editable combo's inner field is named by its combo)."""
    missing = []
    for iface in tree(widget):
        st = iface.state()
        if not st.focusable or iface.role() in (Role.ColumnHeader, Role.RowHeader, Role.Cell, Role.ListItem,
                                                Role.TreeItem, Role.Row):
            continue
        obj = iface.object()
        parent = obj.parent() if obj is not None else None
        if type(parent).__name__ == "QComboBox" and iface.role() == Role.EditableText:
            continue
        if not (iface.text(Text.Name) or "").strip():
            missing.append(describe(iface))
    return missing


def headerless(widget: QWidget) -> list[str]:
    """Tables and trees with a visible header whose columns have no accessible name."""
    from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QTreeView

    bad = []
    for view in widget.findChildren(QAbstractItemView):
        if not view.isVisibleTo(widget.window()) or not isinstance(view, (QTableView, QTreeView)):
            continue
        header: QHeaderView = view.horizontalHeader() if isinstance(view, QTableView) else view.header()
        if header.isHidden() or view.model() is None:
            continue
        iface = QAccessible.queryAccessibleInterface(view)
        headers = {}
        for i in range(iface.childCount()):
            child = iface.child(i)
            if child is not None and child.role() == Role.ColumnHeader:
                headers[len(headers)] = (child.text(Text.Name) or "").strip()
        shown = [c for c in range(view.model().columnCount()) if not header.isSectionHidden(c)]
        names = [str(view.model().headerData(c, header.orientation()) or "").strip() for c in shown]
        if not headers or not all(names) or not all(headers.values()):
            bad.append(f"{view.accessibleName() or type(view).__name__}: headers {headers or names}")
    return bad


@pytest.fixture
def win(qtbot: Any, demo_path: Path) -> Iterator[Any]:
    w = open_window(qtbot, demo_path)
    yield w
    w.set_context(None)


@pytest.mark.parametrize("view", ["document", "overview", "matrix", "sources"])
def test_every_view_is_named_and_its_tables_have_headers(win: Any, view: str) -> None:
    from PySide6.QtWidgets import QLineEdit

    nameless = QLineEdit(win.navigator)  # the walk does find a control nobody named
    nameless.show()
    assert any("EditableText QLineEdit" in m for m in unnamed(win))
    nameless.deleteLater()
    nameless.hide()
    win.show_view(view)
    assert unnamed(win) == []
    assert headerless(win) == []


def test_the_confidence_result_is_readable_as_text(win: Any) -> None:
    texts = []
    for iface in tree(win.panel) + tree(win.board):
        texts.extend((iface.text(t) or "") for t in (Text.Name, Text.Description, Text.Value))
    spoken = " | ".join(texts).lower()
    assert "likelihood: roughly even chance" in spoken
    assert "analytic confidence: low" in spoken
    assert "we assess there is a roughly even chance (45–55%)" in spoken
    win.ctx.select_claim("c4")
    spoken = " | ".join((i.text(Text.Name) or "") + " " + (i.text(Text.Description) or "")
                        for i in tree(win.board) + tree(win.panel)).lower()
    assert "likelihood of the claim: likely" in spoken and "thin support" in spoken


def dialogs_of(win: Any, qtbot: Any) -> Iterator[tuple[str, QWidget]]:
    from ui.dialogs.claim_dialog import ClaimDialog
    from ui.dialogs.evidence_form import EvidenceForm
    from ui.dialogs.export_dialog import ExportMemoDialog
    from ui.dialogs.settings_dialog import SettingsDialog
    from ui.dialogs.source_dialog import SourceDialog
    from ui.window.help_dialogs import ExplainDialog

    ctx = win.ctx
    store = ctx.store
    made = {
        "mark claim": lambda: ClaimDialog(win, "Russia faces troop shortages", passage="troop shortages"),
        "edit claim": lambda: ClaimDialog(win, store.claims["c1"]["text"], claim=store.claims["c1"]),
        "add evidence": lambda: EvidenceForm(win, claim_text="c1", sources=list(store.sources.values()),
                                             claim_evidence=store.evidence_for("c1")),
        "edit evidence": lambda: EvidenceForm(win, claim_text="c1", sources=list(store.sources.values()),
                                              claim_evidence=store.evidence_for("c1"),
                                              evidence=store.evidence("e1")),
        "edit source": lambda: SourceDialog(win, store.sources["s-bbc"]),
        "export memo": lambda: ExportMemoDialog(ctx, win),
        "scoring settings": lambda: SettingsDialog(ctx, win),
        "how confidence is computed": lambda: ExplainDialog(win),
    }
    for name, make in made.items():
        dialog = make()
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        if isinstance(dialog, EvidenceForm) and not dialog.editing:
            dialog.new_source_box.setChecked(True)  # its source fields too
        yield name, dialog
        dialog.close()


def test_every_dialog_is_named_and_its_tables_have_headers(win: Any, qtbot: Any) -> None:
    problems = {}
    for name, dialog in dialogs_of(win, qtbot):
        bad = unnamed(dialog) + headerless(dialog)
        if not (QAccessible.queryAccessibleInterface(dialog).text(Text.Name) or "").strip():
            bad.append("the dialog itself")
        if bad:
            problems[name] = bad
    assert problems == {}
