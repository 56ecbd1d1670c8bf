"""Long work off the GUI thread: a worker with progress, cancel and its own service.

Import of a large PDF, memo export and merge can take seconds; they run in
``QThreadPool`` so the window keeps painting.  A job is a plain function
``job(task) -> result`` that receives a :class:`Task`: it reports progress
with ``task.progress(done, total)``, polls ``task.cancelled``, and opens its
own project connection with ``task.open_service()`` (SQLAlchemy sessions
must not cross threads).  It must never touch widgets: results and errors
come back to the GUI thread as queued signals.

:func:`run_with_progress` adds a progress dialog with a Cancel button.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget
from shiboken6 import isValid

if TYPE_CHECKING:
    from workbench.documents.importers import ImportedDocument
    from workbench.service import ProjectService


class WorkerCancelled(Exception):
    """Raised inside a job by :meth:`Task.check` once the user cancelled."""


class Task:
    """What a job may do from its thread: report, check for cancel, open the project."""

    def __init__(self, signals: WorkerSignals, project_path: Path | ProjectService | None) -> None:
        self._signals = signals
        self._cancel = threading.Event()
        self._committed = False
        self.project_path = project_path

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def cancel(self) -> None:
        self._cancel.set()

    def committed(self) -> None:
        """The job's change is now permanent (its transaction committed).

        A Cancel that arrives after this comes too late to undo anything:
        the result is delivered as a success, so the caller records what
        was really done instead of claiming that nothing changed.
        """
        self._committed = True

    @property
    def is_committed(self) -> bool:
        return self._committed

    def check(self) -> None:
        if self._cancel.is_set():
            raise WorkerCancelled()

    def progress(self, done: int, total: int = 0, text: str = "") -> None:
        """Thread-safe: queued to the GUI thread as ``progressed``."""
        self._signals.progressed.emit(int(done), int(total), text)

    def open_service(self, read_only: bool = True) -> ProjectService:
        """A ProjectService of its own for this thread (read-only by default:
        the window holds the writer lock; writes go back through the GUI)."""
        from workbench.service import ProjectService

        if self.project_path is None:
            raise RuntimeError("this job was started without a project")
        if not isinstance(self.project_path, (str, Path)):
            # The open project's service (or the one still loading, which waits for it): a server
            # project keeps its login and password.
            return self.project_path.reopen(read_only=read_only)
        return ProjectService.open(self.project_path, read_only=read_only)


class WorkerSignals(QObject):
    """Signals of one worker; delivered (queued) in the GUI thread."""

    progressed = Signal(int, int, str)   # done, total (0 = unknown), text
    succeeded = Signal(object)
    failed = Signal(object)              # the exception
    cancelled = Signal()
    finished = Signal()                  # after any of the three above


class Worker(QRunnable):
    """Runs ``job(task)`` in the pool and reports through :attr:`signals`."""

    def __init__(self, job: Callable[[Task], Any], project_path: Path | ProjectService | None = None) -> None:
        super().__init__()
        self.setAutoDelete(False)  # kept by its owner until ``finished``
        self.signals = WorkerSignals()
        self.task = Task(self.signals, project_path)
        self._job = job

    def run(self) -> None:  # in the pool thread
        try:
            result = self._job(self.task)
        except WorkerCancelled:
            self.signals.cancelled.emit()
        except BaseException as exc:  # noqa: BLE001 - handed to the GUI thread to show
            if self.task.cancelled:
                self.signals.cancelled.emit()
            else:
                self.signals.failed.emit(exc)
        else:
            if self.task.cancelled and not self.task.is_committed:
                self.signals.cancelled.emit()
            else:
                self.signals.succeeded.emit(result)
        finally:
            self.signals.finished.emit()

    def cancel(self) -> None:
        self.task.cancel()

    def start(self, pool: QThreadPool | None = None) -> Worker:
        """Run in the pool.  Connect to :attr:`signals` *before* this: a quick
        job may finish before a later connection is made."""
        _RUNNING.add(self)
        self.signals.finished.connect(lambda: _RUNNING.discard(self), Qt.ConnectionType.QueuedConnection)
        (pool or QThreadPool.globalInstance()).start(self)
        return self


_RUNNING: set[Worker] = set()  # keep workers (and their signals) alive until finished


def start(job: Callable[[Task], Any], project_path: Path | ProjectService | None = None,
          pool: QThreadPool | None = None) -> Worker:
    """Start ``job`` at once (for jobs that report through ``task.progress``
    or take a while); to catch every signal of a quick job, build a
    :class:`Worker`, connect, then call :meth:`Worker.start`."""
    return Worker(job, project_path).start(pool)


def run_with_progress(parent: QWidget | None, title: str, job: Callable[[Task], Any],
                      on_success: Callable[[Any], None], on_failure: Callable[[BaseException], None],
                      project_path: Path | ProjectService | None = None, min_duration_ms: int = 400,
                      on_cancel: Callable[[], None] | None = None) -> Worker:
    """Start ``job`` with a modeless progress dialog that can cancel it.

    The dialog only appears if the job takes longer than ``min_duration_ms``,
    so quick imports do not flash a window.  ``on_cancel`` runs once the job
    has stopped after a cancel (connected before the job starts).
    """
    dialog = QProgressDialog(title, "Cancel", 0, 0, parent)
    dialog.setWindowTitle(title)
    dialog.setAccessibleName(title)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(min_duration_ms)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    worker = Worker(job, project_path)

    def progressed(done: int, total: int, text: str) -> None:
        if not isValid(dialog):  # the window (and its dialog) closed while the job ran on
            return
        dialog.setMaximum(max(total, 0))
        dialog.setValue(min(done, total) if total else 0)
        if text:
            dialog.setLabelText(text)

    def finished() -> None:
        if isValid(dialog):
            dialog.reset()
            dialog.deleteLater()

    worker.signals.progressed.connect(progressed)
    worker.signals.succeeded.connect(on_success)
    worker.signals.failed.connect(on_failure)
    if on_cancel is not None:
        worker.signals.cancelled.connect(on_cancel)
    worker.signals.finished.connect(finished)
    dialog.canceled.connect(worker.cancel)
    return worker.start()


_ALIVE: set[Worker] = set()  # workers (and their signals) kept until they finish

#: One parsed file: (path, the document or None, "name: reason" when refused).
Parsed = tuple[Path, "ImportedDocument | None", str]


def start_job(job: Callable[[Task], Any], *, on_success: Callable[[Any], None],
              on_failure: Callable[[BaseException], None], on_cancel: Callable[[], None] | None = None,
              on_progress: Callable[[int, int, str], None] | None = None,
              on_finished: Callable[[], None] | None = None,
              project_path: Path | ProjectService | None = None) -> Worker:
    """Run ``job(task)`` in the global pool with every outcome connected first."""
    worker = Worker(job, project_path)
    s = worker.signals
    s.succeeded.connect(on_success)
    s.failed.connect(on_failure)
    if on_cancel is not None:
        s.cancelled.connect(on_cancel)
    if on_progress is not None:
        s.progressed.connect(on_progress)
    if on_finished is not None:
        s.finished.connect(on_finished)
    s.finished.connect(lambda w=worker: _ALIVE.discard(w), Qt.ConnectionType.QueuedConnection)
    _ALIVE.add(worker)
    QThreadPool.globalInstance().start(worker)
    return worker
