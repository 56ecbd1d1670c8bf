"""File ▸ Publishing… and File ▸ Export: who publishes the fact-checks, their verdict scale, and the exports.

The Publishing dialog edits the project's publisher (name, web address,
logo) and the verdict scale: the publisher's labels (with a number on the
true–false line, or none) and, for every likelihood word and confidence
level, the label a claim so judged gets. OK writes both as one undoable
step through the service, which checks them exactly as ``vwb load`` does;
a refusal is shown in the dialog, which stays open.

File ▸ Export offers the memo (the existing dialog) and the three standard
exports. Each asks for a file and writes it with the same code and the same
checks as ``vwb export``: ClaimReview without a publisher is refused with
the same sentence, and the status bar says what was written.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui.session import messages
from ui.session.context import ProjectContext
from workbench.analysis.verdicts import CONFIDENCE_LEVELS, MAPPING_ROWS, VerdictError, parse_verdicts
from workbench.memo.exports import is_web_url

#: (key, format for ``write_export``, external edition, menu label, suffix, file-dialog filter).
#: ClaimReview and annotations are always the external edition (they are made to travel).
EXPORTS = (
    ("claimreview", "claimreview", True, "&ClaimReview for Search Engines (JSON-LD)…", ".jsonld",
     "ClaimReview JSON-LD (*.jsonld *.json)"),
    ("annotations", "annotations", True, "W3C &Annotations (JSON-LD)…", ".jsonld",
     "Web Annotations JSON-LD (*.jsonld *.json)"),
    ("csv", "csv", False, "Claims and Evidence as &CSV, Internal Edition…", ".csv", "CSV (*.csv)"),
    ("csv-external", "csv", True, "Claims and Evidence as CSV, &External Edition…", ".csv", "CSV (*.csv)"),
)


class PublishingDialog(QDialog):
    """Publisher and verdict scale, applied together as one undo step."""

    def __init__(self, ctx: ProjectContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("Publishing")
        self.setAccessibleName("Publishing")
        current = ctx.service.publishing()
        publisher, verdicts = current["publisher"], current["verdicts"]

        self.name = QLineEdit(publisher.get("name") or "")
        self.url = QLineEdit(publisher.get("url") or "")
        self.logo = QLineEdit(publisher.get("logo") or "")
        self.url.setPlaceholderText("https://…")
        self.logo.setPlaceholderText("https://… (optional)")
        for field, name in ((self.name, "Publisher name"), (self.url, "Publisher web address"),
                            (self.logo, "Logo web address")):
            field.setAccessibleName(name)
        who = QGroupBox("Publisher (the author of every published fact-check)")
        form = QFormLayout(who)
        form.addRow("&Name:", self.name)
        form.addRow("&Web address:", self.url)
        form.addRow("&Logo:", self.logo)

        self.labels = QTableWidget(0, 2)
        self.labels.setHorizontalHeaderLabels(["Label", "Number"])
        self.labels.setAccessibleName("Verdict labels")
        self.labels.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.labels.verticalHeader().hide()
        self.labels.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        for entry in verdicts["scale"]:
            self._add_label_row(entry["label"], entry["rating"])
        self.labels.itemChanged.connect(lambda _item: self._refresh_choices())
        add = QPushButton("&Add Label")
        add.setAccessibleName("Add label")
        add.clicked.connect(self._new_label)
        remove = QPushButton("&Remove Label")
        remove.setAccessibleName("Remove label")
        remove.clicked.connect(self._remove_label)
        scale = QGroupBox("Verdict labels")
        scale_box = QVBoxLayout(scale)
        scale_box.addWidget(self.labels)
        hint = QLabel("Number: the label's place on the true–false line (1 = false). Leave it empty for a "
                      "label off that line, such as Unproven, so it is never read as \u201chalf true\u201d.")
        hint.setWordWrap(True)
        scale_box.addWidget(hint)
        buttons_row = QHBoxLayout()
        buttons_row.addWidget(add)
        buttons_row.addWidget(remove)
        buttons_row.addStretch(1)
        scale_box.addLayout(buttons_row)

        self.mapping = QTableWidget(len(MAPPING_ROWS), len(CONFIDENCE_LEVELS))
        self.mapping.setAccessibleName("Verdict for each likelihood and confidence")
        self.mapping.setHorizontalHeaderLabels([f"{level} confidence" for level in CONFIDENCE_LEVELS])
        self.mapping.setVerticalHeaderLabels(list(MAPPING_ROWS))
        self.mapping.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.combos: dict[tuple[str, str], QComboBox] = {}
        for r, row in enumerate(MAPPING_ROWS):
            for c, level in enumerate(CONFIDENCE_LEVELS):
                combo = QComboBox()
                combo.setAccessibleName(f"Verdict when {row}, {level} confidence")
                combo.setProperty("wanted", verdicts["map"][row][level])
                self.combos[(row, level)] = combo
                self.mapping.setCellWidget(r, c, combo)
        mapping = QGroupBox("Verdict a claim gets from its likelihood and confidence (a claim's own verdict "
                            "overrides it)")
        QVBoxLayout(mapping).addWidget(self.mapping)
        self._refresh_choices()

        self.problem = QLabel("")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #b3261e;")
        self.problem.setAccessibleName("Problem")
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        box.accepted.connect(self.apply)
        box.rejected.connect(self.reject)
        self.ok_button = box.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setAccessibleName("Apply publishing settings")
        box.button(QDialogButtonBox.StandardButton.Cancel).setAccessibleName("Cancel")

        layout = QVBoxLayout(self)
        layout.addWidget(who)
        columns = QHBoxLayout()
        columns.addWidget(scale, 2)
        columns.addWidget(mapping, 3)
        layout.addLayout(columns, 1)
        layout.addWidget(self.problem)
        layout.addWidget(box)
        self.resize(1040, 560)

    # ------------------------------------------------------------------ the scale

    def _add_label_row(self, label: str, rating: int | None) -> None:
        row = self.labels.rowCount()
        self.labels.blockSignals(True)
        self.labels.insertRow(row)
        self.labels.setItem(row, 0, QTableWidgetItem(label))
        self.labels.setItem(row, 1, QTableWidgetItem("" if rating is None else str(rating)))
        self.labels.blockSignals(False)

    def _new_label(self) -> None:
        self._add_label_row("New label", None)
        self._refresh_choices()
        item = self.labels.item(self.labels.rowCount() - 1, 0)
        if item is not None:
            self.labels.editItem(item)

    def _cell(self, row: int, column: int) -> str:
        item = self.labels.item(row, column)
        return item.text().strip() if item is not None else ""

    def _remove_label(self) -> None:
        rows = sorted({i.row() for i in self.labels.selectedIndexes()}, reverse=True)
        for row in rows or [self.labels.rowCount() - 1]:
            if row >= 0:
                self.labels.removeRow(row)
        self._refresh_choices()

    def label_names(self) -> list[str]:
        names = []
        for row in range(self.labels.rowCount()):
            if self._cell(row, 0):
                names.append(self._cell(row, 0))
        return names

    def _refresh_choices(self) -> None:
        """Every cell offers the current labels; a cell keeps its label while it exists."""
        names = self.label_names()
        for combo in self.combos.values():
            wanted = combo.currentText() or str(combo.property("wanted") or "")
            combo.blockSignals(True)
            combo.clear()
            combo.addItems(names)
            combo.setCurrentIndex(names.index(wanted) if wanted in names else -1)
            combo.blockSignals(False)

    # ------------------------------------------------------------------ applying

    def values(self) -> tuple[dict[str, Any], dict[str, Any]]:
        """The publisher and verdicts as the dialog shows them (exchange shapes)."""
        publisher = {"name": self.name.text().strip(), "url": self.url.text().strip() or None,
                     "logo": self.logo.text().strip() or None}
        scale: list[dict[str, Any]] = []
        for row in range(self.labels.rowCount()):
            label, number = self._cell(row, 0), self._cell(row, 1)
            if not label:
                continue
            scale.append({"label": label, "rating": int(number) if number.isdigit() else (number or None)})
        mapping: dict[str, dict[str, str | None]] = {
            row: {level: (self.combos[(row, level)].currentText() or None) for level in CONFIDENCE_LEVELS}
            for row in MAPPING_ROWS}
        return publisher, {"scale": scale, "map": mapping}

    def apply(self) -> bool:
        """Write publisher and scale as one undo step and close; False (dialog open) when refused."""
        publisher, verdicts = self.values()
        problem = ""
        for key, what in (("url", "web address"), ("logo", "logo")):
            if publisher[key] and not is_web_url(publisher[key]):
                problem = f"publisher.{key}: the {what} must start with http:// or https://: {publisher[key]!r}"
        try:
            parse_verdicts(verdicts)
        except VerdictError as exc:
            problem = problem or str(exc)
        if problem:  # the service would refuse it too; said here, the dialog stays open to fix it
            self.problem.setText(problem)
            return False
        if self.ctx.run("Change publishing settings",
                        lambda: self.ctx.service.set_publishing(publisher, verdicts)) is None:
            return False
        self.accept()
        return True


class PublishingActions:
    """File ▸ Publishing… and File ▸ Export ▸ …, following the open project."""

    def __init__(self, window: QMainWindow, memo_action: QAction | None = None) -> None:
        self.window = window
        self.ctx: ProjectContext | None = None
        self.dialog: PublishingDialog | None = None
        self.last_message = ""
        self.publishing_action = QAction("&Publishing…", window)
        self.publishing_action.setToolTip("Publisher and verdict scale for ClaimReview")
        self.publishing_action.setStatusTip(self.publishing_action.toolTip())
        self.publishing_action.triggered.connect(lambda: self.open_dialog())
        self.menu = QMenu("E&xport", window)
        self.menu.setAccessibleName("Export")
        if memo_action is not None:
            memo = self.menu.addAction("&Memo…")
            memo.setToolTip(memo_action.toolTip())
            memo.triggered.connect(memo_action.trigger)
            self.menu.addSeparator()
        self.export_actions: dict[str, QAction] = {}
        for key, _fmt, _external, label, _suffix, _filters in EXPORTS:
            action = self.menu.addAction(label)
            action.triggered.connect(lambda _checked=False, k=key: self.export(k))
            self.export_actions[key] = action

    def set_context(self, ctx: ProjectContext | None) -> None:
        if self.dialog is not None:
            self.dialog.reject()
        self.ctx = ctx
        self.publishing_action.setEnabled(ctx is not None)
        self.menu.setEnabled(ctx is not None)

    def open_dialog(self) -> PublishingDialog | None:
        ctx = messages.writable(self.window, self.ctx, "set the publisher")
        if ctx is None:
            return None
        dialog = PublishingDialog(ctx, self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _r: setattr(self, "dialog", None))
        self.dialog = dialog
        dialog.open()
        return dialog

    def export(self, key: str) -> Path | None:
        """Ask for a file and write one export (``key`` from EXPORTS); errors and refusals are shown."""
        from workbench.memo import reports
        from workbench.memo.exports import PublishingError, missing_publisher

        if self.ctx is None:
            return None
        _key, fmt, external, label, suffix, filters = next(e for e in EXPORTS if e[0] == key)
        title = label.replace("&", "").rstrip("…")
        svc = self.ctx.service
        if fmt == "claimreview":
            missing = missing_publisher(svc.dump())
            if missing:  # refuse before asking for a file, with the command line's sentence
                messages.show_error(self.window, title, "ClaimReview needs the publisher's "
                                    + " and ".join(missing) + "; set them in File > Publishing")
                return None
        stem = self.ctx.path.stem
        text = messages.ask_save_path(self.window, title, f"{stem} {key}{suffix}", filters)
        if not text:
            return None
        out = Path(text).expanduser()
        if not out.suffix:
            out = out.with_suffix(suffix)
        try:
            summary = reports.write_export(svc, out, fmt, external=external)
        except PublishingError as exc:
            messages.show_error(self.window, title, str(exc))
            return None
        except (OSError, ValueError) as exc:
            messages.show_error(self.window, title, f"{out}: {exc}")
            return None
        self.last_message = f"{out.name}: {summary}"
        bar = self.window.statusBar() if isinstance(self.window, QMainWindow) else None
        if bar is not None:
            bar.showMessage(self.last_message, 10000)
        return out


def install_publishing(window: QMainWindow, context: ProjectContext | None = None,
                       file_menu: QMenu | None = None, before: QAction | None = None,
                       memo_action: QAction | None = None) -> PublishingActions:
    """Add File ▸ Export and File ▸ Publishing… (before ``before`` in ``file_menu`` when given)."""
    actions = PublishingActions(window, memo_action)
    if file_menu is not None:
        file_menu.insertMenu(before, actions.menu) if before is not None else file_menu.addMenu(actions.menu)
        if before is not None:
            file_menu.insertAction(before, actions.publishing_action)
        else:
            file_menu.addAction(actions.publishing_action)
    actions.set_context(context)
    return actions
