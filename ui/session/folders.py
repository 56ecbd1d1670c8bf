"""Where file dialogs start: the folder last used, else the user's Documents.

The app keeps its own files (the demo template and working copy) in the
hidden application-data folder.  A dialog that started there would show the
user files they never made and invite them to save their work where they
will not find it again, so no dialog ever starts there: a project living in
that folder (the demo) suggests the user's folder instead.  The last folder
chosen in any file dialog is remembered (QSettings ``files/lastFolder``).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths

LAST_FOLDER_KEY = "files/lastFolder"
SL = QStandardPaths.StandardLocation


def app_folders() -> list[Path]:
    """The app's own folders, never offered to the user."""
    out = []
    for loc in (SL.AppDataLocation, SL.AppLocalDataLocation, SL.AppConfigLocation, SL.CacheLocation):
        base = QStandardPaths.writableLocation(loc)
        if base:
            out.append(Path(base))
    out.append(Path(tempfile.gettempdir()) / "verification-workbench-demo")
    return out


def is_app_folder(path: Path | str) -> bool:
    """True when ``path`` is inside one of :func:`app_folders`."""
    p = Path(path).expanduser().resolve()
    for folder in app_folders():
        try:
            p.relative_to(folder.resolve())
            return True
        except ValueError:
            continue
    return False


def documents_folder() -> Path:
    """The user's Documents folder when it exists, else their home folder."""
    docs = QStandardPaths.writableLocation(SL.DocumentsLocation)
    if docs and Path(docs).is_dir():
        return Path(docs)
    return Path.home()


def start_folder() -> Path:
    """Where an open or save dialog starts: the last folder used, else Documents."""
    last = QSettings().value(LAST_FOLDER_KEY)
    if isinstance(last, str) and last and Path(last).is_dir() and not is_app_folder(last):
        return Path(last)
    return documents_folder()


def remember_folder(chosen: Path | str) -> None:
    """Remember the folder of a chosen file (or a chosen folder) for the next dialog."""
    if not chosen:
        return
    p = Path(chosen)
    folder = p if p.is_dir() else p.parent
    if folder.is_dir() and not is_app_folder(folder):
        QSettings().setValue(LAST_FOLDER_KEY, str(folder))


def near(project: Path | str | None, name: str) -> Path:
    """A path for ``name`` beside ``project``, unless the project lives in the
    app's own folder (the demo): then in :func:`start_folder`."""
    if project is not None and not is_app_folder(Path(project).parent):
        return Path(project).parent / name
    return start_folder() / name


def start_path(suggested: str) -> str:
    """What a save dialog shows first: ``suggested`` itself when it names a file in a
    user's folder, else its file name in :func:`start_folder`."""
    if not suggested:
        return str(start_folder())
    p = Path(suggested)
    if p.is_absolute() and not is_app_folder(p.parent) and p.parent.is_dir():
        return suggested
    return str(start_folder() / p.name)
