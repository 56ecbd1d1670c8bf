"""``verification-workbench``: start the desktop app (interfaces.md, "Command line").

    verification-workbench [PROJECT.db] [--demo] [--screenshot OUT.png]
                           [--view document|overview|matrix|sources|provenance] [--read-only]
                           [--screen WxH]

``--screenshot`` opens the project, waits until the window is loaded and
painted, saves it as a PNG and exits 0; without a display it switches Qt to
the offscreen platform itself.  Without a display and without
``--screenshot`` it says in one line how to get one and exits 2.  Errors
about the project file are one line: a dialog in the app, stderr and exit 2
for ``--screenshot``.  The hidden ``--benchmark-startup`` prints the seconds
from process start to the first painted window and the CPU seconds spent by
then (``startup 0.9 cpu 0.8``: CPU time is what a loaded machine does not
inflate), then quits (benchmarks).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QFileOpenEvent

from ui.session.identity import APPLICATION, ORGANISATION

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication, QWidget

    from ui.window.main_window import MainWindow

NO_DISPLAY = ("verification-workbench: no display: run it in a desktop session, or make a "
              "screenshot with QT_QPA_PLATFORM=offscreen verification-workbench --screenshot OUT.png")
VIEW_NAMES = ("document", "overview", "matrix", "sources", "provenance")

_T0 = time.perf_counter()


def process_age() -> float:
    """Seconds since this process started (from /proc where available)."""
    try:
        with open("/proc/self/stat", encoding="ascii") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
        start_ticks = int(fields[19])  # field 22 of stat(5), counted after the command name
        with open("/proc/uptime", encoding="ascii") as fh:
            uptime = float(fh.read().split()[0])
        return max(0.0, uptime - start_ticks / os.sysconf("SC_CLK_TCK"))
    except (OSError, ValueError, IndexError):
        return time.perf_counter() - _T0


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="verification-workbench",
                                description="Verification Workbench: check claims against graded evidence.")
    p.add_argument("project", nargs="?", help="project file to open (.db)")
    p.add_argument("--demo", action="store_true", help="open a fresh copy of the demo project")
    p.add_argument("--screenshot", metavar="OUT.png", help="save the loaded window as a PNG and exit")
    p.add_argument("--view", choices=VIEW_NAMES, default="document", help="the view shown first")
    p.add_argument("--read-only", action="store_true", help="open the project without changing it")
    p.add_argument("--screen", type=parse_screen, metavar="WxH", default=None,
                   help="with --screenshot off screen: the size of the screen to lay the window out for "
                        "(default 1920x1080)")
    p.add_argument("--benchmark-startup", action="store_true", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.demo and args.project:
        p.error("give a project file or --demo, not both")
    return args


def offscreen_platform(width: int, height: int) -> str:
    """``QT_QPA_PLATFORM`` for Qt's offscreen platform with one screen of ``width`` × ``height``
    (the platform's own screen is 800×800; the window fits itself to the screen it is on)."""
    folder = Path(tempfile.gettempdir()) / "verification-workbench-screens"
    folder.mkdir(parents=True, exist_ok=True)
    config = folder / f"screen-{width}x{height}.json"
    if not config.is_file():
        screen = {"name": f"offscreen {width}x{height}", "x": 0, "y": 0, "width": width, "height": height,
                  "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}
        tmp = config.with_name(f".{config.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps({"screens": [screen]}), encoding="utf-8")
        os.replace(tmp, config)
    return f"offscreen:configfile={config}"


def parse_screen(text: str) -> tuple[int, int]:
    """ "1366x768" → (1366, 768), for ``--screen``."""
    try:
        w, h = (int(v) for v in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r}: give the screen as WIDTHxHEIGHT, e.g. 1366x768") from None
    if not (320 <= w <= 10000 and 240 <= h <= 10000):
        raise argparse.ArgumentTypeError(f"{text!r}: a screen between 320x240 and 10000x10000")
    return w, h


def has_display() -> bool:
    if sys.platform in ("win32", "darwin"):
        return True
    return any(os.environ.get(v) for v in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"))


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    headless_job = bool(args.screenshot or args.benchmark_startup)
    if not has_display():
        if not headless_job:
            print(NO_DISPLAY, file=sys.stderr)
            return 2
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    if os.environ.get("QT_QPA_PLATFORM") == "offscreen":  # a screen of a real size, not Qt's 800×800
        os.environ["QT_QPA_PLATFORM"] = offscreen_platform(*(args.screen or (1920, 1080)))

    from PySide6.QtWidgets import QApplication

    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setOrganizationName(ORGANISATION)
    app.setApplicationName(APPLICATION)

    from ui.widgets.theme import DESKTOP_FILE_NAME, app_icon, apply_theme

    # The desktop entry's name: Wayland's app id, so the dock shows our icon and name.
    app.setDesktopFileName(DESKTOP_FILE_NAME)
    app.setWindowIcon(app_icon())
    apply_theme(app)
    # macOS hands a double-clicked project to the running app as a FileOpen event. Elsewhere the
    # path comes on the command line; the filter would see every event of the app for nothing.
    file_opener = FileOpenHandler(app) if sys.platform == "darwin" else None
    from ui.session import messages
    from ui.window.main_window import MainWindow

    temp_dir: Path | None = None
    if headless_job:
        # A screenshot or benchmark must not stop at a dialog: say it on stderr, exit 2.
        def fail(parent: QWidget | None, title: str, exc: BaseException | str) -> None:
            raise _Fatal(messages.describe_error(exc) if isinstance(exc, BaseException) else str(exc))

        def read_only(parent: QWidget | None, message: str) -> bool:
            return True

        messages.show_error = fail
        messages.ask_read_only = read_only

    window = MainWindow(restore_layout=not headless_job)
    try:
        if args.demo:
            if headless_job:
                from ui.window.project_io import write_demo_copy
                temp_dir = Path(tempfile.mkdtemp(prefix="vwb-demo-"))
                window.open_path(write_demo_copy(out=temp_dir / "demo.db"), view=args.view, remember=False)
            else:
                window.open_demo()
                window.show_view(args.view)
        elif args.project:
            window.open_path(args.project, read_only=args.read_only, view=args.view,
                             remember=not headless_job)
        else:
            window.show_view(args.view)
    except _Fatal as exc:
        print(f"verification-workbench: {exc}", file=sys.stderr)
        _cleanup(window, temp_dir)
        return 2

    window.show()
    if headless_job:
        code = _after_first_paint(app, window, args)
        _cleanup(window, temp_dir)
        return code
    if file_opener is not None:
        file_opener.set_target(lambda path: window.open_path(path))
    return app.exec()


class FileOpenHandler(QObject):
    """Opens the project files the system hands to the running app.

    On macOS, double-clicking a project in the Finder (or dropping it on the
    Dock icon) does not start a second process with the path: the running
    app gets a ``QEvent.FileOpen``, also at launch, before the window is
    ready.  Those paths wait until :meth:`set_target` gives the window's
    ``open_path``; then each is opened in turn.  Other platforms pass the path
    on the command line and never send the event, so :func:`main` installs it
    on macOS only: an application-wide filter is a Python call for every event.
    """

    def __init__(self, app: QObject, open_path: Callable[[str], object] | None = None) -> None:
        super().__init__(app)
        self.pending: list[str] = []
        self._open = open_path
        app.installEventFilter(self)

    def set_target(self, open_path: Callable[[str], object]) -> None:
        self._open = open_path
        waiting, self.pending = self.pending, []
        for path in waiting:
            open_path(path)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.FileOpen and isinstance(event, QFileOpenEvent):
            path = event.file() or event.url().toLocalFile()
            if path:
                if self._open is None:
                    self.pending.append(path)
                else:
                    self._open(path)
                return True
        return False


class _Fatal(Exception):
    """An error that ends a --screenshot run (shown as one line on stderr)."""


def _after_first_paint(app: QApplication, window: MainWindow, args: argparse.Namespace) -> int:
    """Wait for the window's first paint, then save the screenshot or print the time."""
    from PySide6.QtCore import QEvent, QObject, QTimer

    state = {"code": 0, "done": False}

    class PaintWatch(QObject):
        def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
            if event.type() == QEvent.Type.Paint and obj is window:
                window.removeEventFilter(self)
                if args.benchmark_startup:  # the loaded window's first paint, said at once
                    print(f"startup {process_age():.4f} cpu {time.process_time():.4f}", flush=True)
                QTimer.singleShot(0, finish)
            return False

    def finish() -> None:
        if state["done"]:
            return
        state["done"] = True
        app.processEvents()
        window.install_extensions()  # a screenshot shows the complete window
        if args.screenshot:
            out = Path(args.screenshot)
            try:
                out.parent.mkdir(parents=True, exist_ok=True)
            except OSError:
                pass
            if not window.grab().save(str(out), "PNG"):
                print(f"verification-workbench: {out}: cannot write the screenshot", file=sys.stderr)
                state["code"] = 2
        app.quit()

    watch = PaintWatch()
    window.installEventFilter(watch)
    QTimer.singleShot(10_000, finish)  # a platform that never paints still ends
    window.update()
    app.exec()
    return state["code"]


def _cleanup(window: MainWindow, temp_dir: Path | None) -> None:
    window.set_context(None)
    window.deleteLater()
    if temp_dir is not None:
        shutil.rmtree(temp_dir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
