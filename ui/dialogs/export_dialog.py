"""File ▸ Export Memo…: choose the edition and format, see the memo, write it.

The preview is the memo itself (``memo_to_html``), so what the analyst sees
is what leaves the building; it is rebuilt whenever the edition (internal or
external) or the history choice changes, because those change what is
printed: the external edition names confidential sources only by number.
The preview never loads anything: links are not followed and every resource
request is refused, so a crafted document cannot make it reach the network.

Building and rendering run in workers, each on its own *read-only* service
(readers take no lock; the window's service keeps the writer lock), and the
PDF reports page progress and can be cancelled.  The file chooser and
"Open the exported file" go through :func:`ask_save_path` and
``QDesktopServices.openUrl``, which tests replace.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ui.session import messages
from ui.session.context import ProjectContext
from ui.session.folders import near
from ui.session.workers import Task, Worker, start_job
from ui.widgets.colors import set_tone

#: (format key for ``write_memo``, label, suffix, file-dialog filter)
FORMATS = (("pdf", "PDF — to send or print", ".pdf", "PDF files (*.pdf)"),
           ("html", "HTML — to publish or paste into a CMS", ".html", "Web pages (*.html *.htm)"),
           ("md", "Markdown — to edit further", ".md", "Markdown files (*.md)"))
_SUFFIX = {key: suffix for key, _l, suffix, _f in FORMATS}


def ask_save_path(parent: QWidget | None, title: str, suggested: str, filters: str) -> str:
    """The memo's file name ("" when cancelled); goes through ``ui.session.messages`` so tests answer."""
    return messages.ask_save_path(parent, title, suggested, filters)


def build_preview_html(task: Task, external: bool, with_history: bool, analyst: str = "") -> str:
    """Worker job: the memo as HTML from a read-only service of its own."""
    from workbench.memo import reports
    from workbench.memo.html import memo_to_html

    svc = task.open_service(read_only=True)
    svc.analyst = analyst or svc.analyst  # the name from Preferences, not the login
    try:
        task.check()
        return memo_to_html(reports.build(svc, external=external, with_history=with_history))
    finally:
        svc.close()


def write_memo_job(task: Task, out: Path, fmt: str, external: bool, with_history: bool,
                   analyst: str = "") -> Path:
    """Worker job: write the memo file; a cancel stops a PDF's render at once and writes nothing."""
    from workbench.memo import reports

    def progress(done: int, total: int) -> None:
        task.check()
        if not total:  # laying out: pages counted as they are made, the total known only at the end
            text = f"Laying out page {done}…" if done else "Laying out…"
        else:
            text = f"Writing page {done + 1} of {total}…" if done < total else f"{total} pages"
        task.progress(done, total, text)

    svc = task.open_service(read_only=True)
    svc.analyst = analyst or svc.analyst  # the memo's author (and the PDF's) is the name from Preferences
    try:
        task.progress(0, 0, "Building the memo…")
        return reports.write_memo(svc, out, fmt, external=external, with_history=with_history,
                                  progress=progress, check=task.check)
    finally:
        svc.close()


class OfflineBrowser(QTextBrowser):
    """A QTextBrowser that follows only in-page links and loads no resource at all."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.anchorClicked.connect(self._anchor)
        self.refused: list[str] = []   # resource URLs asked for and refused (tests read it)

    def loadResource(self, kind: int, url: QUrl | str) -> Any:
        self.refused.append(url.toString() if isinstance(url, QUrl) else str(url))
        return None

    def _anchor(self, url: QUrl) -> None:
        if url.fragment() and not url.scheme() and not url.path():
            self.scrollToAnchor(url.fragment())


class ExportMemoDialog(QDialog):
    """Edition, format, history, file; live preview; export with progress."""

    def __init__(self, context: ProjectContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = context
        self.setWindowTitle("Export Memo")
        self.setAccessibleName("Export memo")
        self.resize(1100, 760)
        self.preview_worker: Worker | None = None
        self.export_worker: Worker | None = None
        self.exported: Path | None = None
        self._generation = 0
        self._closed = False        # workers may report after the dialog is gone
        self._path_chosen = False   # until the user picks a name, it follows the edition

        # Options, left.
        options = QWidget()
        col = QVBoxLayout(options)
        col.setContentsMargins(0, 0, 0, 0)
        edition = QGroupBox("Edition")
        ed = QVBoxLayout(edition)
        self.internal = QRadioButton("&Internal — names every source")
        self.external = QRadioButton("E&xternal — confidential sources by number only")
        self.internal.setAccessibleName("Internal edition")
        self.external.setAccessibleName("External edition")
        self.edition_group = QButtonGroup(self)
        for b in (self.internal, self.external):
            self.edition_group.addButton(b)
            ed.addWidget(b)
        self.internal.setChecked(True)
        col.addWidget(edition)
        form = QFormLayout()
        self.format_combo = QComboBox()
        self.format_combo.setAccessibleName("Format")
        for key, label, _suffix, _filter in FORMATS:
            self.format_combo.addItem(label, key)
        form.addRow("&Format:", self.format_combo)
        self.history = QCheckBox("Include each claim’s assessment &history")
        self.history.setAccessibleName("Include history")
        form.addRow("", self.history)
        path_row = QHBoxLayout()
        self.path_edit = QLineEdit(str(self._suggested_path("pdf")))
        self.path_edit.setAccessibleName("File to write")
        self.path_edit.textChanged.connect(self.path_edit.setToolTip)
        self.path_edit.setToolTip(self.path_edit.text())
        self.choose_button = QPushButton("&Choose…")
        self.choose_button.setAccessibleName("Choose the file")
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(self.choose_button)
        path_label = QLabel("Fi&le:")
        path_label.setBuddy(self.path_edit)
        form.addRow(path_label, path_row)
        col.addLayout(form)
        self.export_button = QPushButton("&Export")
        self.export_button.setDefault(True)
        self.export_button.setAccessibleName("Export the memo")
        self.cancel_button = QPushButton("Cancel Export")
        self.cancel_button.setEnabled(False)
        self.cancel_button.setAccessibleName("Cancel the export")
        buttons = QHBoxLayout()
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.cancel_button)
        buttons.addStretch(1)
        col.addLayout(buttons)
        self.progress = QProgressBar()
        self.progress.setAccessibleName("Export progress")
        self.progress.setTextVisible(True)
        self.progress.hide()
        col.addWidget(self.progress)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setAccessibleName("Export status")
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        col.addWidget(self.status)
        self.open_button = QPushButton("&Open the Exported File")
        self.open_button.setAccessibleName("Open the exported file")
        self.open_button.hide()
        col.addWidget(self.open_button)
        col.addStretch(1)

        # Preview, right.
        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        self.preview_label = QLabel()
        set_tone(self.preview_label, "muted")
        self.preview = OfflineBrowser()
        self.preview.setAccessibleName("Memo preview")
        rl.addWidget(self.preview_label)
        rl.addWidget(self.preview, 1)

        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(options)
        split.addWidget(right)
        split.setStretchFactor(1, 1)
        split.setSizes([360, 740])
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.button(QDialogButtonBox.StandardButton.Close).setAccessibleName("Close")
        close.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(split, 1)
        lay.addWidget(close)

        self.edition_group.buttonToggled.connect(self._edition_toggled)
        self.path_edit.textEdited.connect(lambda _t: setattr(self, "_path_chosen", True))
        self.history.toggled.connect(lambda _on: self.refresh_preview())
        self.format_combo.currentIndexChanged.connect(lambda _i: self._format_changed())
        self.choose_button.clicked.connect(self.choose_file)
        self.export_button.clicked.connect(self.export)
        self.cancel_button.clicked.connect(self.cancel_export)
        self.open_button.clicked.connect(self.open_exported)
        self.refresh_preview()
        self._prewarm()

    # ------------------------------------------------------------------ choices

    @property
    def fmt(self) -> str:
        return str(self.format_combo.currentData())

    @property
    def is_external(self) -> bool:
        return self.external.isChecked()

    def _suggested_path(self, fmt: str) -> Path:
        p = self.ctx.path
        edition = "external" if getattr(self, "external", None) is not None and self.is_external else "internal"
        return near(p, f"{p.stem} memo ({edition}){_SUFFIX[fmt]}")  # beside the project, unless that is the demo's

    def _edition_toggled(self, _button: QAbstractButton, on: bool) -> None:
        if on:  # the newly chosen edition (the other button's "off" is ignored)
            self._edition_changed()

    def _edition_changed(self) -> None:
        if not self._path_chosen:
            self.path_edit.setText(str(self._suggested_path(self.fmt)))
        self.refresh_preview()

    def _format_changed(self) -> None:
        text = self.path_edit.text().strip()
        if text:
            self.path_edit.setText(str(Path(text).with_suffix(_SUFFIX[self.fmt])))
        self._prewarm()

    def _prewarm(self) -> None:
        """With PDF chosen, start the renderer's child now: its WeasyPrint import overlaps the choices."""
        if self.fmt == "pdf" and not self._closed:
            from workbench.memo import render_pdf

            render_pdf.prewarm()

    def choose_file(self) -> str:
        flt = next(f for key, _l, _s, f in FORMATS if key == self.fmt)
        suggested = self.path_edit.text().strip() or str(self._suggested_path(self.fmt))
        path = ask_save_path(self, "Export Memo", suggested, flt)
        if path:
            if not Path(path).suffix:
                path = str(Path(path).with_suffix(_SUFFIX[self.fmt]))
            self.path_edit.setText(path)
            self._path_chosen = True
        return path

    # ------------------------------------------------------------------ preview

    def refresh_preview(self) -> None:
        """Rebuild the preview for the current edition (stale results are dropped)."""
        self._generation += 1
        gen, external, history = self._generation, self.is_external, self.history.isChecked()
        analyst = self.ctx.service.analyst
        which = "External" if external else "Internal"
        self.preview_label.setText(f"Preview — {which.lower()} edition: updating…")
        if self.preview_worker is not None:
            self.preview_worker.cancel()

        def done(html: str) -> None:
            if self._closed or gen != self._generation:
                return
            self.preview.setHtml(html)
            self.preview_label.setText(f"Preview — {which.lower()} edition" +
                                       (" (confidential sources by number)" if external else ""))

        def failed(exc: BaseException) -> None:
            if not self._closed and gen == self._generation:
                self.preview_label.setText(f"No preview: {messages.describe_error(exc)}")

        def ended() -> None:
            if gen == self._generation:
                self.preview_worker = None

        self.preview_worker = start_job(lambda task: build_preview_html(task, external, history, analyst),
                                        on_success=done, on_failure=failed, on_finished=ended,
                                        project_path=self.ctx.service)

    # ------------------------------------------------------------------ export

    def export(self) -> Worker | None:
        if self.export_worker is not None:
            return None
        text = self.path_edit.text().strip() or self.choose_file()
        if not text:
            return None
        out = Path(text).expanduser()
        if not out.suffix:
            out = out.with_suffix(_SUFFIX[self.fmt])
        if out.resolve() == self.ctx.path.resolve():
            messages.show_error(self, "Export Memo", "Choose another file name: this is the project file.")
            return None
        if not out.parent.is_dir():
            messages.show_error(self, "Export Memo", f"{out.parent}: no such folder.")
            return None
        fmt, external, history = self.fmt, self.is_external, self.history.isChecked()
        analyst = self.ctx.service.analyst
        self._busy(True)
        self.status.setText(f"Writing {out.name}…")

        def progressed(done: int, total: int, text: str) -> None:
            if self._closed:
                return
            self.progress.setMaximum(max(total, 0))
            self.progress.setValue(min(done, total) if total else 0)
            self.progress.setFormat(text or "%p%")
            if text:  # a busy bar shows no text: the line above it says how far the layout is
                self.status.setText(f"Writing {out.name}: {text}")

        def succeeded(path: Path) -> None:
            self.exported = Path(path)
            if self._closed:
                return
            edition = "external" if external else "internal"
            self.status.setText(f"Exported the {edition} memo to {self.exported}")
            self.open_button.show()

        def failed(exc: BaseException) -> None:
            if self._closed:
                return
            self.status.setText("The memo was not written.")
            messages.show_error(self, "Could not export the memo", exc)

        def cancelled() -> None:
            if not self._closed:
                self.status.setText("Export cancelled: no file was written.")

        def ended() -> None:
            self.export_worker = None
            if not self._closed:
                self._busy(False)

        self.exported = None
        self.open_button.hide()
        self.export_worker = start_job(lambda task: write_memo_job(task, out, fmt, external, history, analyst),
                                       on_success=succeeded, on_failure=failed, on_cancel=cancelled,
                                       on_progress=progressed, on_finished=ended, project_path=self.ctx.service)
        return self.export_worker

    def cancel_export(self) -> None:
        if self.export_worker is not None:
            self.export_worker.cancel()

    def _busy(self, busy: bool) -> None:
        self.export_button.setEnabled(not busy)
        self.cancel_button.setEnabled(busy)
        self.progress.setVisible(busy)
        self.progress.setValue(0)
        for w in (self.internal, self.external, self.format_combo, self.history, self.path_edit,
                  self.choose_button):
            w.setEnabled(not busy)

    def open_exported(self) -> None:
        if self.exported is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.exported)))

    def reject(self) -> None:
        self._closed = True
        self.cancel_export()
        if self.preview_worker is not None:
            self.preview_worker.cancel()
        super().reject()

    def done(self, result: int) -> None:
        from workbench.memo import render_pdf

        render_pdf.discard_spare()  # a renderer started for an export that was not made
        super().done(result)


class MemoExport:
    """Owns File ▸ Export Memo… for the window; follows the open project."""

    def __init__(self, window: QWidget, action: QAction) -> None:
        self.window = window
        self.action = action
        self.ctx: ProjectContext | None = None
        self.dialog: ExportMemoDialog | None = None
        action.triggered.connect(lambda: self.open_dialog())

    def set_context(self, ctx: ProjectContext | None) -> None:
        if self.dialog is not None:
            self.dialog.reject()
        self.ctx = ctx
        self.action.setEnabled(ctx is not None)

    def open_dialog(self) -> ExportMemoDialog | None:
        """Show the dialog (modeless: the analyst can keep reading the document)."""
        if self.ctx is None:
            return None
        if self.dialog is not None and self.dialog.ctx is self.ctx:
            self.dialog.refresh_preview()  # the project may have changed since
            self.dialog.show()
            self.dialog.raise_()
            return self.dialog
        dialog = ExportMemoDialog(self.ctx, self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _r: setattr(self, "dialog", None))
        self.dialog = dialog
        dialog.show()
        return dialog


def install_memo_export(window: QMainWindow, context: ProjectContext | None = None,
                        action: QAction | None = None, shortcut: str = "Ctrl+Shift+E") -> MemoExport:
    """Create (or adopt) the Export Memo… action and connect it."""
    if action is None:
        action = QAction("&Export Memo…", window)
        action.setShortcut(QKeySequence(shortcut))
        action.setToolTip("Write the verification memo as PDF, HTML or Markdown")
        action.setStatusTip(action.toolTip())
        window.addAction(action)
    export = MemoExport(window, action)
    export.set_context(context)
    return export
