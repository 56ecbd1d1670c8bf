"""The worker helper: long jobs off the GUI thread with progress, cancel and
their own project connection; results come back as queued signals."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from PySide6.QtCore import QThread

from ui.session import workers


def test_job_reports_progress_and_result_in_the_gui_thread(qtbot: Any, demo_path: Path) -> None:
    gui = QThread.currentThread()
    seen: list[tuple[int, int, str]] = []
    threads: list[Any] = []

    def job(task: workers.Task) -> int:
        threads.append(threading.current_thread().name)
        svc = task.open_service()          # its own connection, read-only
        try:
            n = len(svc.list_claims())
            for i in range(3):
                task.progress(i + 1, 3, f"step {i + 1}")
            return n
        finally:
            svc.close()

    worker = workers.Worker(job, demo_path)  # connect first, then start: no signal is missed
    worker.signals.progressed.connect(lambda d, t, s: seen.append((d, t, s)) or
                                      threads.append(QThread.currentThread() is gui))
    with qtbot.waitSignal(worker.signals.succeeded, timeout=5000) as result:
        worker.start()
    assert result.args == [6]
    qtbot.waitUntil(lambda: len(seen) == 3)
    assert seen[-1] == (3, 3, "step 3")
    assert threads[0] != threading.main_thread().name and all(t is True for t in threads[1:])


def test_cancel_stops_the_job(qtbot: Any) -> None:
    started = threading.Event()

    def job(task: workers.Task) -> None:
        started.set()
        while True:
            task.check()  # raises WorkerCancelled once cancelled
            QThread.msleep(5)

    worker = workers.start(job)
    assert started.wait(5)
    with qtbot.waitSignal(worker.signals.cancelled, timeout=5000):
        worker.cancel()


def test_failure_is_handed_back(qtbot: Any) -> None:
    def job(task: workers.Task) -> None:
        raise ValueError("report.pdf: not a PDF")

    worker = workers.Worker(job)
    with qtbot.waitSignal(worker.signals.failed, timeout=5000) as err:
        worker.start()
    assert str(err.args[0]) == "report.pdf: not a PDF"


def test_run_with_progress_calls_back(qtbot: Any) -> None:
    results: list[Any] = []
    worker = workers.run_with_progress(None, "Working", lambda task: 42, results.append,
                                       lambda exc: results.append(exc))
    qtbot.waitUntil(lambda: results == [42], timeout=5000)
    assert worker.task.cancelled is False
