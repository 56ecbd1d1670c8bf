"""Documents entering the project: import files, drop files, paste text, new versions.

Parsing a file (a 300-page PDF, a large web page) is pure work, so it runs in
a worker thread with a progress dialog that can cancel it.  The worker never
opens the project: the window's service holds the writer lock.  It hands the
parsed :class:`~workbench.documents.importers.ImportedDocument` objects back and the
GUI thread adds each good file with one write through
:meth:`ui.session.context.ProjectContext.run`, so **each imported file is its own
undo step** (undoing one file of a batch keeps the others).  A file we refuse
(binary, encrypted, too large, unsupported) adds nothing; all the refusals
of one batch are shown in one message, one line per file naming the file
and the reason.  Cancelling a batch imports nothing from it.

A new version of a document ("Replace with New Version…") is parsed the same
way and stored with ``replace_document`` as one undo step (keeping the
document's title in the project); the status line
then says how many highlights moved and how many were orphaned, and
:attr:`ImportActions.orphansFound` lets the window raise the orphans panel.

:func:`start_job` is the worker starter the other pieces of this package
share: it connects every signal *before* the job starts, so a job that ends
within microseconds (a small text file) cannot finish before anyone listens.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QAction, QDropEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QGridLayout,
    QLabel,
    QMainWindow,
    QProgressDialog,
    QWidget,
)

from ui.document.paste_dialog import paste_as_document
from ui.session import messages
from ui.session.context import ProjectContext
from ui.session.workers import Parsed, Task, Worker, WorkerCancelled, start_job
from ui.widgets.actions import make_action
from workbench.service import Changes


def ask_open_paths(parent: QWidget | None, title: str, filters: str) -> list[str]:
    """Files to import ([] when cancelled), with the text recognition language; tests replace this.

    The language chosen in the dialog is remembered (QSettings) and used for
    this import, later imports and dropped files.
    """
    from ui.session.folders import remember_folder, start_folder

    dialog = ImportDialog(parent, title, filters, str(start_folder()))
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return []
    paths = list(dialog.selectedFiles())
    dialog.remember_language()
    if paths:
        remember_folder(paths[0])
    return paths


class ImportDialog(QFileDialog):
    """Choose files to import and the language of any text to recognise in them.

    The language belongs here, next to the files it applies to, rather than in
    a menu the user has to remember to visit first. Qt's own file dialog (not
    the platform's) is used because only it can carry the extra choice.
    """

    def __init__(self, parent: QWidget | None, title: str, filters: str, folder: str) -> None:
        super().__init__(parent, title, folder, filters)
        self.setObjectName("importDialog")
        self.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        self.setFileMode(QFileDialog.FileMode.ExistingFiles)
        self.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
        self.language = QComboBox()
        self.language.setAccessibleName("Text recognition language")
        self.language.setToolTip("The language of scans and pictures whose text is recognised "
                                 "(Detect: from the script — Latin, Cyrillic or Hangul)")
        for code, name in OCR_CHOICES:
            self.language.addItem(name, code)
        index = self.language.findData(ocr_languages())
        self.language.setCurrentIndex(max(index, 0))
        label = QLabel("Text &recognition:")
        label.setBuddy(self.language)
        grid = self.layout()
        if isinstance(grid, QGridLayout):  # Qt's dialog: a grid whose last rows are name and type
            row = grid.rowCount()
            grid.addWidget(label, row, 0)
            grid.addWidget(self.language, row, 1)
        elif grid is not None:
            grid.addWidget(label)
            grid.addWidget(self.language)

    def chosen_language(self) -> str:
        """Tesseract model names ("" = detect from the script)."""
        return str(self.language.currentData() or "")

    def remember_language(self) -> None:
        from PySide6.QtCore import QSettings

        QSettings().setValue(OCR_LANGUAGES_KEY, self.chosen_language())


def import_filters() -> str:
    from workbench.documents.importers import SUPPORTED_SUFFIXES

    kinds = " ".join(f"*{s}" for s in SUPPORTED_SUFFIXES)
    return f"Documents ({kinds});;All files (*)"


#: QSettings key of the text recognition languages ("" = detect from the script).
OCR_LANGUAGES_KEY = "import/ocr_languages"
#: The choices the import dialog offers (Tesseract model names).
OCR_CHOICES = (("", "Detect from the Script"), ("eng", "English"), ("rus", "Russian"),
               ("ukr", "Ukrainian"), ("kor", "Korean"), ("rus+ukr", "Russian and Ukrainian"))


def ocr_languages() -> str:
    from PySide6.QtCore import QSettings

    return str(QSettings().value(OCR_LANGUAGES_KEY, "") or "")


def parse_files(task: Task, paths: list[Path], languages: str | None = None) -> list[Parsed]:
    """The worker's job: parse each file in turn; refusals are results, not errors.

    Images and scans have their text recognised here too, page by page, so
    the progress bar moves with every page and a cancel stops Tesseract at
    once (``task.cancelled`` is polled while it runs).
    """
    from workbench.documents import importers

    out: list[Parsed] = []
    n = len(paths)
    for i, path in enumerate(paths):
        task.check()
        label = f"Importing {path.name}" + (f" ({i + 1} of {n})…" if n > 1 else "…")
        task.progress(i * 1000, n * 1000, label)

        def pages(done: int, total: int, i: int = i, label: str = label) -> None:
            part = (1000 * done // total) if total else 0
            task.progress(i * 1000 + part, n * 1000, label)

        try:
            doc = importers.import_file(path, cancel=lambda: task.cancelled, progress=pages,
                                        languages=languages or None)
        except importers.ImportCancelled:
            raise WorkerCancelled() from None
        except importers.DocumentImportError as exc:
            out.append((path, None, " ".join(str(exc).split())))
        except Exception as exc:  # noqa: BLE001 - a parser bug refuses this file, not the batch
            out.append((path, None, f"{path.name}: {messages.describe_error(exc)}"))
        else:
            out.append((path, doc, ""))
    return out


class ImportActions(QObject):
    """File ▸ Import Document…, drops, Paste as New Document, Replace with New Version…"""

    #: A line for the status bar ("Imported 2 documents").
    message = Signal(str)
    #: A new version left orphans: (document id, how many).
    orphansFound = Signal(str, int)
    #: A batch or a replacement finished (imported document ids; may be empty).
    finished = Signal(list)

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.window = window
        self.ctx: ProjectContext | None = None
        self.worker: Worker | None = None   # the running import, if any
        self.progress_dialog: QProgressDialog | None = None
        self.import_action: QAction | None = None
        self.paste_action: QAction | None = None
        self.replace_action: QAction | None = None

    # ------------------------------------------------------------------ wiring

    def set_context(self, ctx: ProjectContext | None) -> None:
        if self.worker is not None:
            self.worker.cancel()  # its results would belong to the project just closed
        self.ctx = ctx
        if ctx is not None:
            ctx.documentSelected.connect(lambda _d: self.update_actions())
        self.update_actions()

    def update_actions(self) -> None:
        ctx = self.ctx
        writable = ctx is not None and not ctx.read_only
        idle = self.worker is None
        for action in (self.import_action, self.paste_action):
            if action is not None:
                action.setEnabled(writable)
        if self.replace_action is not None:
            self.replace_action.setEnabled(writable and idle and bool(ctx and ctx.current_document))

    def _writable(self) -> ProjectContext | None:
        return messages.writable(self.window, self.ctx, "add documents")

    # ------------------------------------------------------------------ import

    def choose_and_import(self) -> None:
        """File ▸ Import Document… (several files may be chosen at once)."""
        if self._writable() is None:
            return
        paths = ask_open_paths(self.window, "Import Documents", import_filters())
        if paths:
            self.import_files([Path(p) for p in paths])

    def import_files(self, paths: list[Path]) -> Worker | None:
        """Parse ``paths`` in a worker, then add each good one (one undo step each)."""
        ctx = self._writable()
        if ctx is None or not paths:
            return None
        if self.worker is not None:
            self.message.emit("An import is already running; wait for it or cancel it first.")
            return None
        paths = [Path(p) for p in paths]
        first = paths[0].name + (f" and {len(paths) - 1} more" if len(paths) > 1 else "")
        languages = ocr_languages()
        return self._start(f"Importing {first}", lambda task: parse_files(task, paths, languages),
                           lambda parsed: self._add_parsed(ctx, parsed))

    def _add_parsed(self, ctx: ProjectContext, parsed: list[Parsed]) -> None:
        if self.ctx is not ctx:
            return  # the project was closed meanwhile
        added: list[str] = []
        notes: list[str] = []
        attachments: list[tuple[Path, Any]] = []
        refused = [reason for _p, doc, reason in parsed if doc is None]
        for path, doc, _reason in parsed:
            if doc is None:
                continue
            same = ctx.service.find_duplicate(doc)
            if same is not None:
                notes.append(f"{path.name}: already in the project as “{same['title']}”; nothing added.")
                continue
            changes = ctx.run(f"Import {path.name}", functools.partial(ctx.service.import_document, doc))
            new_id = changes.new_id if changes is not None else None
            if new_id:
                added.append(new_id)
                notes.extend(self._near_duplicate_note(ctx, path, new_id))
                attachments.extend((path, a) for a in getattr(doc, "attachments", ()))
        if added:
            ctx.select_document(added[-1])
            self.message.emit(f"Imported {len(added)} document{'s' if len(added) != 1 else ''}.")
        elif notes and not refused:
            self.message.emit("Nothing new to import.")
        if notes:
            messages.inform(self.window, "Import", "\n\n".join(notes))
        if refused:
            title = ("Could not import a file" if len(refused) == 1
                     else f"Could not import {len(refused)} of {len(parsed)} files")
            tail = ("Nothing was added from this file." if len(refused) == 1
                    else "Nothing was added from these files.")
            if added:
                tail += f" The other {len(added)} file{'s were' if len(added) != 1 else ' was'} imported."
            messages.show_error(self.window, title, "\n".join(refused) + "\n\n" + tail)
        self.finished.emit(added)
        if attachments:
            self._offer_attachments(attachments)

    def _near_duplicate_note(self, ctx: ProjectContext, path: Path, doc_id: str) -> list[str]:
        """"Same picture as …": the earlier picture is named as the likely origin of this copy."""
        media = (ctx.service.document(doc_id) or {}).get("media") or {}
        near = media.get("near_duplicates") or []
        if not near:
            return []
        earlier = ctx.service.document(near[0]) or {}
        return [f"{path.name}: same picture as “{earlier.get('title', near[0])}”, imported earlier. "
                "Two outlets posting the same picture are one origin: when you link evidence from this "
                "copy, let it derive from the evidence of the earlier one (the evidence form offers it)."]

    def _offer_attachments(self, attachments: list[tuple[Path, Any]]) -> None:
        """An e-mail's attachments of a type we read, offered for import after the e-mail."""
        from workbench.documents import importers

        usable = [(p, a) for p, a in attachments if importers.can_import(a.name)]
        if not usable:
            return
        names = "\n".join(f"• {a.name}" for _p, a in usable)
        if not messages.confirm(self.window, "Import Attachments",
                                f"The e-mail has {len(usable)} attachment{'s' if len(usable) != 1 else ''} "
                                f"this app can read:\n{names}\n\nImport "
                                f"{'them' if len(usable) != 1 else 'it'} as documents too?", "Import"):
            return
        ctx = self.ctx
        if ctx is None:
            return
        languages = ocr_languages()

        def job(task: Task) -> list[Parsed]:
            out: list[Parsed] = []
            for i, (parent, att) in enumerate(usable):
                task.check()
                task.progress(i, len(usable), f"Importing {att.name}…")
                shown = Path(f"{parent.name} \u25b8 {att.name}")
                try:
                    doc = importers.import_attachment(parent, att, cancel=lambda: task.cancelled,
                                                      languages=languages or None)
                except importers.ImportCancelled:
                    raise WorkerCancelled() from None
                except importers.DocumentImportError as exc:
                    out.append((shown, None, " ".join(str(exc).split())))
                else:
                    out.append((shown, doc, ""))
            return out

        self._start("Importing attachments", job, lambda parsed: self._add_parsed(ctx, parsed))

    # ------------------------------------------------------------------ paste

    def paste_as_new_document(self, text: str = "") -> str | None:
        """Edit ▸ Paste as New Document: clipboard text, title from its first line."""
        ctx = self._writable()
        if ctx is None:
            return None
        added = paste_as_document(self.window, ctx, text)
        if added is None:
            return None
        self.message.emit(f"Added “{added[1]}” from pasted text.")
        return added[0]

    # ------------------------------------------------------------------ new version

    def choose_and_replace(self) -> None:
        """File ▸ Replace with New Version… for the current document."""
        ctx = self._writable()
        if ctx is None:
            return
        if not ctx.current_document:
            messages.show_error(self.window, "Replace with New Version", "Open a document first.")
            return
        path = messages.ask_open_path(self.window, "Replace with New Version", import_filters())
        if path:
            self.replace_with(Path(path))

    def replace_with(self, path: Path, doc_id: str | None = None) -> Worker | None:
        ctx = self._writable()
        doc_id = doc_id or (ctx.current_document if ctx else "")
        if ctx is None or not doc_id:
            return None
        if self.worker is not None:
            self.message.emit("An import is already running; wait for it or cancel it first.")
            return None
        return self._start(f"Reading the new version ({Path(path).name})",
                           lambda task: parse_files(task, [Path(path)]),
                           lambda parsed: self._replace_parsed(ctx, doc_id, parsed))

    def _replace_parsed(self, ctx: ProjectContext, doc_id: str, parsed: list[Parsed]) -> None:
        if self.ctx is not ctx or doc_id not in ctx.store.documents:
            return
        _path, doc, reason = parsed[0]
        if doc is None:
            messages.show_error(self.window, "Could not read the new version",
                                f"{reason}\n\nThe document was not changed.")
            self.finished.emit([])
            return
        old_title = ctx.store.documents[doc_id].get("title") or ""
        if old_title:
            # The project's title stays: the analyst may have chosen it, while the new
            # file's title is often a guess (a text file's first line).
            doc = dataclasses.replace(doc, title=old_title)
        reports: list[Any] = []

        def write() -> Changes:
            changes, report = ctx.service.replace_document(doc_id, doc)
            reports.append(report)
            return changes

        title = ctx.store.documents[doc_id].get("title") or "the document"
        if ctx.run("Replace with new version", write) is not None and reports:
            r = reports[0]
            self.message.emit(f"New version of “{title}”: {r.moved} moved, {r.orphaned} orphaned"
                              + (f", {len(r.requoted)} quote{'s' if len(r.requoted) != 1 else ''} reworded."
                                 if r.requoted else "."))
            if r.requoted:
                lines = [f"Quoted: “{before}”\nNow reads: “{now}”" for _i, before, now in r.requoted]
                messages.inform(self.window, "Quotes Reworded in the New Version",
                                "The new version words these quotes differently. Each quote now shows the "
                                "new wording; its note keeps the words as they were quoted.\n\n"
                                + "\n\n".join(lines))
            if r.orphaned:
                self.orphansFound.emit(doc_id, r.orphaned)
        self.finished.emit([doc_id])

    # ------------------------------------------------------------------ drag and drop

    def install_drop_target(self, widget: QWidget) -> None:
        """Accept files dropped on ``widget`` (and on children that ignore them)."""
        widget.setAcceptDrops(True)
        widget.installEventFilter(self)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in (QEvent.Type.DragEnter, QEvent.Type.DragMove):
            if self._dropped_files(event) and self.ctx is not None and not self.ctx.read_only:
                event.acceptProposedAction()  # type: ignore[attr-defined]
                return True
        elif kind == QEvent.Type.Drop:
            paths = self._dropped_files(event)
            if paths and self.ctx is not None:
                event.acceptProposedAction()  # type: ignore[attr-defined]
                self.import_files(paths)
                return True
        return super().eventFilter(obj, event)

    @staticmethod
    def _dropped_files(event: QEvent) -> list[Path]:
        mime = event.mimeData() if isinstance(event, QDropEvent) else None  # drag enter/move too
        if mime is None or not mime.hasUrls():
            return []
        return [Path(u.toLocalFile()) for u in mime.urls() if u.isLocalFile() and Path(u.toLocalFile()).is_file()]

    # ------------------------------------------------------------------ the worker

    def _start(self, title: str, job: Callable[[Task], list[Parsed]],
               done: Callable[[list[Parsed]], None]) -> Worker:
        """Run ``job`` with a progress dialog whose Cancel cancels at once.

        The dialog does not block the window (it can be closed, which cancels
        the import). Cancel stops the worker (a running text recognition is
        killed within a tenth of a second, and so is the child process that
        extracts a large web page's main text; the other parsers stop at
        their next step) and the import ends
        immediately: whatever the worker produces afterwards is dropped, so
        nothing is added after Cancel and a new import can start at once.
        """
        dialog = QProgressDialog(title, "Cancel", 0, 0, self.window)
        dialog.setWindowTitle(title)
        dialog.setAccessibleName(title)
        dialog.setWindowModality(Qt.WindowModality.NonModal)
        dialog.setMinimumDuration(400)  # quick imports do not flash a window
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        self.progress_dialog = dialog
        state = {"over": False}

        def progressed(done_: int, total: int, text: str) -> None:
            if state["over"]:
                return
            dialog.setMaximum(max(total, 0))
            dialog.setValue(min(done_, total) if total else 0)
            if text:
                dialog.setLabelText(text)

        def succeeded(parsed: list[Parsed]) -> None:
            if not state["over"]:
                done(parsed)

        def failed(exc: BaseException) -> None:
            if state["over"]:
                return
            messages.show_error(self.window, "Could not import", exc)
            self.finished.emit([])

        def cancelled() -> None:
            if state["over"]:
                return
            ended()
            self.message.emit("Import cancelled: nothing was added.")
            self.finished.emit([])

        def ended() -> None:
            if state["over"]:
                return
            state["over"] = True
            if self.worker is worker:
                self.worker = None
                self.progress_dialog = None
            dialog.reset()
            dialog.deleteLater()
            self.update_actions()

        def cancel_now() -> None:
            worker.cancel()
            cancelled()

        worker = start_job(job, on_success=succeeded, on_failure=failed, on_cancel=cancelled,
                           on_progress=progressed, on_finished=ended)
        dialog.canceled.connect(cancel_now)
        self.worker = worker
        self.update_actions()
        return worker


def install_import_actions(window: QMainWindow, context: ProjectContext | None = None, *,
                           import_action: QAction | None = None, paste_action: QAction | None = None,
                           replace_action: QAction | None = None,
                           drop_targets: list[QWidget] | None = None) -> ImportActions:
    """Create (or adopt) the three actions, connect them and accept dropped files.

    Actions not given are created with their shortcuts (Ctrl+I, Ctrl+Shift+V)
    and added to ``window`` so the shortcuts work; the caller puts them in
    menus.  Drops are accepted on the window and its central widget, plus any
    ``drop_targets`` (e.g. the document view's viewport).
    """
    imports = ImportActions(window)

    imports.import_action = import_action or make_action(
        window, "&Import Document…", "Ctrl+I", "Import text, Markdown, web page, PDF or Word files (several at once)")
    imports.paste_action = paste_action or make_action(
        window, "&Paste as New Document…", "Ctrl+Shift+V", "Start a document from text on the clipboard")
    imports.replace_action = replace_action or make_action(
        window, "&Replace with New Version…", None,
        "Load a newer version of the current document; claims and quotes follow their words")
    imports.import_action.triggered.connect(lambda: imports.choose_and_import())
    imports.paste_action.triggered.connect(lambda: imports.paste_as_new_document())
    imports.replace_action.triggered.connect(lambda: imports.choose_and_replace())
    imports.message.connect(lambda text: window.statusBar().showMessage(text, 10000))
    central = window.centralWidget()
    targets: list[QWidget] = [window, *([central] if central is not None else []), *(drop_targets or [])]
    for target in targets:
        imports.install_drop_target(target)
    imports.set_context(context)
    return imports
