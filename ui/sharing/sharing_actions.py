"""Sharing a project safely: merge a colleague's copy, open read-only, say so, and sign changes.

Fact-checkers pass copies of a project around by e-mail and USB stick and
bring the work back together later, so this module puts the service's
sharing API behind menu entries:

* **File ▸ Merge a Colleague's Copy…** compares the copy with the open
  project in a worker (``merge_projects`` opens the copy read-only, with
  every check a hostile file must pass), asks about conflicts
  (:func:`ui.sharing.merge_dialog.resolve_conflicts`; Cancel changes nothing) and
  applies the merge through :meth:`ui.session.context.ProjectContext.run`, so the
  whole merge is *one* undo step;
* **File ▸ Open Read-Only…** for looking without taking the writer lock (a
  colleague may be editing the file on a shared drive);
* a **read-only banner** across the top of the window, saying *why* the
  project is read-only (asked for, file or folder not writable, or in use by
  another program): a title-bar suffix alone is easy to miss, and a user who
  cannot edit must not have to guess whether the app is broken;
* **Edit ▸ Preferences…** for the name recorded with each change, applied at
  once to the open project, because after a merge the history is how
  colleagues see who graded what.

It lives beside the window (installed by :mod:`ui.window.extensions`) and reaches it
only through the stable attributes listed there.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QLabel,
    QMessageBox,
    QSizePolicy,
    QStyle,
    QToolBar,
    QWidget,
)

from ui.session import messages, preferences
from ui.session.context import ProjectContext
from ui.session.identity import PROJECT_FILTER
from ui.session.workers import Task, Worker, run_with_progress
from ui.sharing import merge_dialog
from ui.widgets.actions import make_action
from workbench.merge import ConflictKey, MergeResult, Side, apply_merge, merge_projects
from workbench.service import Changes, is_locked

MERGE_TITLE = "Merge a Colleague's Copy"
STATUS_MS = 15000
#: A merge bringing more history entries than this shows its (window-modal) progress at once.
MODAL_AT_ONCE = 2000


def inform(parent: QWidget | None, title: str, text: str) -> None:
    """An information box that does not block (tests replace it to read the text).

    ``open()`` instead of ``exec()``: the result of a merge is news, not a
    question, and a nested event loop after a worker's callback is where
    re-entrancy bugs live.
    """
    box = QMessageBox(QMessageBox.Icon.Information, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setAccessibleName(title)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()


def read_only_reason(path: Path) -> str:
    """Why an open project is read-only, in words for the banner."""
    if not (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)):
        return "the file or its folder is not writable"
    try:
        if is_locked(path):
            return "another program has it open for writing"
    except OSError:  # e.g. a lock file that cannot be made: say nothing wrong rather than guess
        pass
    return "it was opened read-only"


def merge_report(result: MergeResult, choices: Mapping[ConflictKey, Side], into_name: str) -> str:
    """What a finished merge did, for the message after it (the status bar has the one-line summary)."""
    lines = [merge_dialog.summary_text(result, result.from_path.name)]
    n = len(result.conflicts)
    if n:
        theirs = sum(1 for c in result.conflicts if choices.get(c.key) == "from")
        lines.append(f"Conflicts resolved: {n} ({theirs} took the copy's value, "
                     f"{n - theirs} kept the value in {into_name}).")
    lines.append("Edit ▸ Undo reverses the whole merge in one step.")
    return "\n".join(lines)


class ReadOnlyBanner(QToolBar):
    """A strip across the top of the window while the project is read-only.

    A tool bar rather than a widget inside the central area, so no other
    module has to make room for it; it cannot be moved, floated or switched
    off from the tool-bar menu, because it is a notice, not a tool.
    """

    def __init__(self, save_copy: QAction, parent: QWidget | None = None) -> None:
        super().__init__("Read-only notice", parent)
        self.setObjectName("readOnlyBanner")
        self.setAccessibleName("Read-only notice")
        self.setMovable(False)
        self.setFloatable(False)
        self.toggleViewAction().setVisible(False)
        icon = QLabel()
        size = self.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize)
        icon.setPixmap(self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxInformation).pixmap(size, size))
        self.label = QLabel()
        self.label.setAccessibleName("Read-only notice")
        self.label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.addWidget(icon)
        self.addWidget(self.label)
        self.addAction(save_copy)
        button = self.widgetForAction(save_copy)
        if button is not None:
            button.setAccessibleName("Save a Copy")

    def show_reason(self, name: str, reason: str) -> None:
        self.label.setText(f"<b>Read-only:</b> {name} cannot be changed here because {reason}. "
                           "You can read everything and save a copy to edit.")
        self.setToolTip(f"{name} is read-only because {reason}.")


class SharingActions(QObject):
    """The sharing menu entries and the read-only banner of one window (see module docstring)."""

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window = window
        self.ctx: ProjectContext | None = None
        self.worker: Worker | None = None  # the merge's current worker (comparing or writing)
        a, menus = window.menu_actions, window.menus
        self.open_read_only_action = make_action(
            window, "Open &Read-Only…", tip="Open a project to read without changing it (a colleague may be "
            "editing it)")
        anchor = a.recent_menu.menuAction() if a.recent_menu is not None else a.open_demo
        menus["file"].insertAction(anchor, self.open_read_only_action)
        self.merge_action = make_action(
            window, "&Merge a Colleague's Copy…", tip="Bring a colleague's changes into this project; "
            "you decide each conflict, and it is one undo step")
        menus["file"].insertAction(a.close_project, self.merge_action)
        menus["file"].insertSeparator(a.close_project)
        self.preferences_action = make_action(
            window, "&Preferences…", QKeySequence.StandardKey.Preferences,
            "Your name, recorded with each change you make")
        self.preferences_action.setMenuRole(QAction.MenuRole.PreferencesRole)
        menus["edit"].addSeparator()
        menus["edit"].addAction(self.preferences_action)
        self.banner = ReadOnlyBanner(a.save_copy, window)
        window.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.banner)
        self.banner.hide()

        self.open_read_only_action.triggered.connect(self.open_read_only)
        self.merge_action.triggered.connect(self.merge_copy)
        self.preferences_action.triggered.connect(self.edit_preferences)
        self.set_context(window.ctx)

    # ------------------------------------------------------------------ state

    def set_context(self, ctx: ProjectContext | None) -> None:
        self.ctx = ctx
        self.merge_action.setEnabled(ctx is not None and not ctx.read_only)
        on_server = ctx is not None and ctx.service.on_server
        self.merge_action.setText("Bring &Back an Offline Copy…" if on_server else "&Merge a Colleague's Copy…")
        self._sync_banner()
        # The window restores its remembered layout (tool bars included) just
        # after telling extensions about the project: show the truth after that.
        QTimer.singleShot(0, self, self._sync_banner)

    def _sync_banner(self) -> None:
        ctx = self.ctx
        if ctx is not None and ctx.read_only:
            self.banner.show_reason(ctx.path.name, read_only_reason(ctx.path))
            self.banner.show()
        else:
            self.banner.hide()

    # ------------------------------------------------------------------ open read-only, preferences

    def open_read_only(self) -> bool:
        """File ▸ Open Read-Only…: no writer lock is taken, so it works while someone else edits."""
        path = messages.ask_open_path(self.window, "Open Read-Only", PROJECT_FILTER)
        return bool(path) and self.window.open_path(path, read_only=True)

    def edit_preferences(self) -> str:
        """Edit ▸ Preferences…: the name is used for the open project's next change, not only the next one opened."""
        name = preferences.edit_analyst_name(self.window)
        if self.ctx is not None:
            self.ctx.service.analyst = name
        self.window.statusBar().showMessage(f"Your changes are recorded as {name}.", STATUS_MS)
        return name

    # ------------------------------------------------------------------ merge

    def merge_copy(self) -> None:
        """File ▸ Merge a Colleague's Copy…: choose the copy, then :meth:`merge_from`."""
        ctx = self.ctx
        if ctx is None:
            return
        if ctx.read_only:
            messages.show_error(self.window, MERGE_TITLE,
                                f"{ctx.path.name} is open read-only, so nothing can be merged into it. "
                                "Save a copy and merge into that.")
            return
        path = messages.ask_open_path(self.window, MERGE_TITLE, PROJECT_FILTER)
        if path:
            self.merge_from(Path(path))

    def merge_from(self, from_path: Path) -> None:
        """Compare in a worker (reads only), settle conflicts on the GUI thread, then apply in a worker.

        The comparing worker opens its own read-only connection to this
        project; see :meth:`_apply` for the writing one.  Both report
        progress and can be cancelled, and a cancel changes nothing.
        """
        ctx = self.ctx
        if ctx is None:
            return
        from_path = Path(from_path)
        text = f"Comparing {from_path.name} with this project…"

        def job(task: Task) -> MergeResult:
            task.progress(0, 0, text)

            def step(done: int, total: int) -> None:
                task.check()
                task.progress(done, total, text)

            svc = task.open_service(read_only=True)
            try:
                result = merge_projects(svc, from_path, progress=step)
            finally:
                svc.close()
            task.check()
            return result

        self.worker = run_with_progress(
            self.window, f"Merging {from_path.name}", job, lambda result: self._prepared(ctx, result),
            lambda exc: self._failed(ctx, from_path, exc), project_path=ctx.service,
            on_cancel=lambda: self._cancelled(ctx, from_path.name))

    def _failed(self, ctx: ProjectContext, from_path: Path, exc: BaseException) -> None:
        if self.ctx is not ctx:
            return
        # MergeError / ProjectFileError already read "<path>: <reason>" in one line.
        messages.show_error(self.window, f"Cannot merge {from_path.name}", exc)
        self.window.statusBar().showMessage(f"Nothing was merged from {from_path.name}.", STATUS_MS)

    def _cancelled(self, ctx: ProjectContext, name: str) -> None:
        if self.ctx is ctx:
            self.window.statusBar().showMessage(f"Merge of {name} cancelled; nothing was changed.", STATUS_MS)

    def _prepared(self, ctx: ProjectContext, result: MergeResult) -> None:
        if self.ctx is not ctx or ctx.read_only:  # the project was closed while the copy was read
            return
        name = result.from_path.name
        if result.nothing_to_do:
            text = f"Nothing to merge: {name} has no changes that {ctx.path.name} does not already have."
            self.window.statusBar().showMessage(text, STATUS_MS)
            inform(self.window, MERGE_TITLE, text)
            return
        choices: dict[ConflictKey, Side] = {}
        if result.conflicts:
            chosen = merge_dialog.resolve_conflicts(self.window, result, ctx.path.name, name)
            if chosen is None:
                self._cancelled(ctx, name)
                return
            choices = chosen
        if self.ctx is not ctx:
            return
        self._apply(ctx, result, choices)

    def _apply(self, ctx: ProjectContext, result: MergeResult, choices: dict[ConflictKey, Side]) -> None:
        """Write the merge in a worker: one transaction, one undo step, rolled back on Cancel.

        A copy can bring 300,000 history entries, seconds of writing.  The
        worker uses the window's own service (its engine hands each thread
        its own connection; the writer lock belongs to this process), and the
        progress dialog is window-modal from the start, so no edit of this
        window can wait on the merge's transaction meanwhile.
        """
        name = result.from_path.name
        what = f"Merge {name}"
        total = len(result.events)

        def job(task: Task) -> Changes:
            task.progress(0, 0, f"Merging {name}…")

            def step(done: int, n: int) -> None:
                task.check()  # raising inside the transaction rolls the whole merge back
                task.progress(done, n, f"Copying {n:,} history entries from {name}…")

            changes = apply_merge(ctx.service, result, choices, progress=step)
            task.committed()  # written: a Cancel now comes too late, the result must be adopted
            return changes

        def done(changes: Changes) -> None:
            if self.ctx is not ctx:  # cannot happen while the dialog is modal; never touch a closed project
                return
            ctx.adopt(what, changes)
            inform(self.window, MERGE_TITLE, merge_report(result, choices, ctx.path.name))

        self.worker = run_with_progress(
            self.window, f"Merging {name}", job, done,
            lambda exc: ctx.failed.emit(f"Could not merge {name}", exc),
            min_duration_ms=0 if total > MODAL_AT_ONCE else 400,
            on_cancel=lambda: self._cancelled(ctx, name))


def install_sharing_actions(window: Any) -> SharingActions:
    """Add the sharing entries to ``window``'s menus; the window calls ``set_context`` on project changes."""
    return SharingActions(window)
