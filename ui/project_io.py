"""Opening project files, the demo copy, and the recent-files list.

Kept apart from the window so the rules are testable: a demo is always a
fresh copy (the bundled demo is never edited), recent files are remembered
in QSettings (organisation "VerificationWorkbench") and vanish from the list
once the file is gone.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths

from workbench.service import ProjectService

RECENT_KEY = "recentFiles"
MAX_RECENT = 8
PROJECT_FILTER = "Verification Workbench projects (*.db *.vwb);;All files (*)"


def open_service(path: Path | str, read_only: bool = False) -> ProjectService:
    """Open a project (raises ProjectFileError / ProjectInUseError with one-line messages),
    recording changes under the analyst's chosen name (ui.preferences) when set."""
    return ProjectService.open(Path(path), read_only=read_only, analyst=_analyst())


def _analyst() -> str | None:
    try:
        from ui.preferences import analyst_name
    except ImportError:
        return None
    return analyst_name() or None


def demo_folder() -> Path:
    """Where demo copies go: the app's data folder, or the temp folder if there is none."""
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    folder = Path(base) / "demo" if base else Path(tempfile.gettempdir()) / "verification-workbench-demo"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        folder = Path(tempfile.mkdtemp(prefix="vwb-demo-"))
    return folder


def write_demo_copy(folder: Path | None = None) -> Path:
    """A fresh copy of the bundled demo project; never reuses an older copy.

    Copies older than a day are removed, so trying the demo often does not
    fill the disk; a copy still open elsewhere is left alone.
    """
    from workbench.demo import write_demo

    folder = folder or demo_folder()
    now = dt.datetime.now()
    for old in folder.glob("demo-*.db"):
        try:
            if now.timestamp() - old.stat().st_mtime > 86400:
                old.unlink()
        except OSError:
            pass
    path = folder / f"demo-{now:%Y%m%d-%H%M%S-%f}.db"
    return write_demo(path)


def recent_files(settings: QSettings | None = None) -> list[str]:
    settings = settings or QSettings()
    value = settings.value(RECENT_KEY, [])
    items = [value] if isinstance(value, str) else list(value or [])
    return [p for p in items if p and Path(p).exists()]


def add_recent(path: Path | str, settings: QSettings | None = None) -> list[str]:
    settings = settings or QSettings()
    p = str(Path(path).resolve())
    items = [p] + [x for x in recent_files(settings) if x != p]
    settings.setValue(RECENT_KEY, items[:MAX_RECENT])
    return items[:MAX_RECENT]


def clear_recent(settings: QSettings | None = None) -> None:
    (settings or QSettings()).setValue(RECENT_KEY, [])
