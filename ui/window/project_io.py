"""Opening project files, the demo copy, and the recent-files list.

Kept apart from the window so the rules are testable: a demo is always a
fresh working copy (the bundled demo is never edited, and earlier copies do
not pile up), recent files are remembered
in QSettings (organisation "VerificationWorkbench") and vanish from the list
once the file is gone.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import parse_qsl, urlsplit

from PySide6.QtCore import QSettings, QStandardPaths

from ui.session.identity import PROJECT_FILTER as PROJECT_FILTER  # the window imports it from here
from ui.session.loading import LoadingService
from workbench.reader import is_locked, is_server_address, open_reader

if TYPE_CHECKING:
    from workbench.service import ProjectService

RECENT_KEY = "recentFiles"
MAX_RECENT = 8


def open_service(path: Path | str, read_only: bool = False,
                 password: str | None = None) -> ProjectService | LoadingService:
    """Open a project file or server project (raises ProjectFileError / ProjectInUseError with
    one-line messages), recording changes under the analyst's chosen name (ui.session.preferences)
    when set, else the system user name; a server records its own login instead. The password is
    kept only in memory.

    A file is checked and read with sqlite3 alone and its service loads after the window has
    painted (ui.session.loading); a server project opens its service at once.
    """
    if not is_server_address(path):
        return LoadingService(open_reader(Path(path), read_only=read_only, analyst=_analyst()))
    from workbench.service import ProjectService

    return ProjectService.open(path, read_only=read_only, analyst=_analyst(), password=password)


def _analyst() -> str | None:
    """The name set in Preferences, or None for the system user name (the service's default)."""
    try:
        from ui.session.preferences import stored_analyst_name
    except ImportError:
        return None
    return stored_analyst_name() or None


def demo_folder() -> Path:
    """Where demo copies go: the app's data folder, or the temp folder if there is none."""
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    folder = Path(base) / "demo" if base else Path(tempfile.gettempdir()) / "verification-workbench-demo"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        folder = Path(tempfile.mkdtemp(prefix="vwb-demo-"))
    return folder


WORKING_COPY = "demo.db"


def write_demo_copy(folder: Path | None = None, out: Path | None = None) -> Path:
    """The demo's working copy, fresh from the bundled demo (never edited itself).

    One working copy, ``demo.db``, rewritten on each start, so trying the demo
    never fills the disk.  A copy that this or another program still has open
    is left alone and the next free name (``demo-2.db``, …) is used instead;
    every other earlier copy, including the dated copies of older versions,
    is removed.  The demo is written once per version of the code that builds
    it (a pristine template, keyed by a hash of those files) and each start
    gets a byte copy of the template: the same file ``write_demo`` makes, in a
    millisecond instead of tens.
    """
    folder = folder or demo_folder()
    in_use: set[str] = set()
    for old in folder.glob("demo*.db"):
        try:
            if is_locked(old):
                in_use.add(old.name)
            else:
                old.unlink()
        except OSError:
            in_use.add(old.name)
    if out is None:
        n = 1
        while (name := WORKING_COPY if n == 1 else f"demo-{n}.db") in in_use:
            n += 1
        out = folder / name
    template = folder / f"template-{_demo_key()}.db"
    if not template.is_file():
        _write_template(template)
    tmp = out.with_name(f".{out.name}.{os.getpid()}.tmp")
    shutil.copyfile(template, tmp)
    os.replace(tmp, out)
    return out


def _demo_key() -> str:
    """Changes whenever the demo's content or the code that writes it could."""
    import workbench

    digest = hashlib.sha256()
    pkg = Path(workbench.__file__).resolve().parent
    # The whole store and service (a list of modules missed each new one the demo's writes go through).
    for pattern in ("demo.py", "store/**/*.py", "service/*.py", "documents/anchoring.py", "documents/canonical.py"):
        parts = sorted(pkg.glob(pattern))
        for part in parts:
            digest.update(part.read_bytes())
        if not parts:
            digest.update(pattern.encode())
    from workbench.resources import resource_path

    digest.update(resource_path("seed-article.txt").read_bytes())
    return digest.hexdigest()[:16]


def _write_template(template: Path) -> None:
    from workbench.demo import write_demo

    for stale in template.parent.glob("template-*.db"):
        try:
            stale.unlink()
        except OSError:
            pass
    tmp = template.with_name(f".{template.name}.{os.getpid()}.tmp")
    if tmp.exists():
        tmp.unlink()
    write_demo(tmp)
    os.replace(tmp, template)  # atomic: two apps starting at once never see half a template


def recent_files(settings: QSettings | None = None) -> list[str]:
    settings = settings or QSettings()
    value = settings.value(RECENT_KEY, [])
    items = [value] if isinstance(value, str) else list(value) if isinstance(value, list | tuple) else []
    return [p for p in items if p and (is_server_address(p) or Path(p).exists())]


def add_recent(path: Path | str, settings: QSettings | None = None) -> list[str]:
    settings = settings or QSettings()
    p = str(path) if is_server_address(path) else str(Path(path).resolve())
    items = [p] + [x for x in recent_files(settings) if x != p]
    settings.setValue(RECENT_KEY, items[:MAX_RECENT])
    return items[:MAX_RECENT]


def describe_address(address: str) -> str:
    """A recent entry's label: "project on host (database)", or the server alone."""
    parts = urlsplit(address)
    project = dict(parse_qsl(parts.query)).get("project")
    where = f"{parts.hostname or 'localhost'} ({parts.path.lstrip('/')})"
    login = f"{parts.username}@" if parts.username else ""
    return f"{project} on {login}{where}" if project else f"{login}{where}"


def recent_label(entry: str) -> str:
    """How File ▸ Open Recent names an entry: a file's name, or a server project and its server."""
    return describe_address(entry) if is_server_address(entry) else Path(entry).name


def clear_recent(settings: QSettings | None = None) -> None:
    (settings or QSettings()).setValue(RECENT_KEY, [])
