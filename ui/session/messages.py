"""Message boxes in one place, so tests can replace them and none stays modal.

Tests monkeypatch :func:`show_error`, :func:`confirm` and :func:`ask_read_only`
(never leaving a dialog open); the app calls them through this module, as
``messages.show_error(...)``, so the patch takes effect everywhere.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMessageBox, QWidget

from workbench.errors import describe

if TYPE_CHECKING:
    from ui.session.context import ProjectContext


def describe_error(exc: BaseException) -> str:
    """One line for the user: the service's own message (it names the object
    and field), or the failure's type when the message alone says nothing."""
    known = ("ExchangeError", "ReadOnlyError", "ProjectFileError", "ProjectInUseError",
             "DocumentImportError", "ConfidenceInputError", "DateParseError")
    if type(exc).__name__ in known:
        return " ".join(str(exc).split())
    text = describe(exc)
    return text if text and text != type(exc).__name__ else f"{type(exc).__name__}: {exc}"


def show_error(parent: QWidget | None, title: str, exc: BaseException | str) -> None:
    text = exc if isinstance(exc, str) else describe_error(exc)
    box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setAccessibleName(title)
    box.exec()


def writable(parent: QWidget | None, ctx: ProjectContext | None, purpose: str) -> ProjectContext | None:
    """``ctx`` when it can be changed; None without a project, and for a read-only
    one after saying so: "Save a copy (File ▸ Save a Copy…) to ``purpose``"."""
    if ctx is None:
        return None
    if ctx.read_only:
        show_error(parent, "Read-only project",
                   f"{ctx.path.name} is open read-only. Save a copy (File ▸ Save a Copy…) to {purpose}.")
        return None
    return ctx


def confirm(parent: QWidget | None, title: str, text: str, action: str = "Delete") -> bool:
    """Ask before something the user may not expect (undo still works after)."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.NoButton, parent)
    ok = box.addButton(action, QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(ok)
    box.exec()
    return box.clickedButton() is ok


def inform(parent: QWidget | None, title: str, text: str) -> None:
    """Say that something the user asked for is done (tests record it instead)."""
    box = QMessageBox(QMessageBox.Icon.Information, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setAccessibleName(title)
    box.exec()


def resolve_conflict(parent: QWidget | None, what: str, conflict: BaseException) -> bool:
    """A colleague changed what the user was changing: True keeps the user's value, False takes theirs."""
    box = QMessageBox(QMessageBox.Icon.Warning, "Changed by a colleague",
                      f"{what}: {conflict}\n\nKeep your value (it replaces theirs, and history shows both), "
                      "or take theirs?", QMessageBox.StandardButton.NoButton, parent)
    box.setAccessibleName("Changed by a colleague")
    mine = box.addButton("Keep Mine", QMessageBox.ButtonRole.AcceptRole)
    box.addButton("Take Theirs", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(mine)
    box.exec()
    return box.clickedButton() is mine


def ask_read_only(parent: QWidget | None, message: str) -> bool:
    """The file is open for writing elsewhere: offer to open it read-only."""
    box = QMessageBox(QMessageBox.Icon.Question, "Project in use",
                      f"{message}\n\nOpen it read-only? You can look at everything and save a copy.",
                      QMessageBox.StandardButton.NoButton, parent)
    ro = box.addButton("Open Read-Only", QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    return box.clickedButton() is ro


def ask_open_path(parent: QWidget | None, title: str, filters: str) -> str:
    """A file to open ("" when cancelled); the dialog starts in the last folder used
    or the user's Documents, never the app's own folder (ui.session.folders)."""
    from PySide6.QtWidgets import QFileDialog

    from ui.session.folders import remember_folder, start_folder

    path, _ = QFileDialog.getOpenFileName(parent, title, str(start_folder()), filters)
    remember_folder(path)
    return path


def ask_save_path(parent: QWidget | None, title: str, suggested: str, filters: str) -> str:
    """A file name to write ("" when cancelled); a suggestion inside the app's own
    folder (a demo copy's neighbour) moves to the user's folder."""
    from PySide6.QtWidgets import QFileDialog

    from ui.session.folders import remember_folder, start_path

    path, _ = QFileDialog.getSaveFileName(parent, title, start_path(suggested), filters)
    remember_folder(path)
    return path
