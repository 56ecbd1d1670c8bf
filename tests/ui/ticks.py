"""Watching the GUI event loop turn while work runs (for the large-content tests).

A :class:`TickWatch` starts a short-interval ``QTimer`` and records, at each
tick, the wall clock and the GUI thread's own CPU clock.  The longest gap
between ticks is how long the window could not repaint or react to a click.
The CPU gap (``time.thread_time``) is what the GUI thread itself spent
between two turns of its loop: it does not grow when a loaded machine
merely schedules the process less often, so it is the figure a test can
bound tightly; the wall gap is bounded generously and catches waits.
"""

from __future__ import annotations

import time
from typing import Any

from PySide6.QtCore import QTimer

INTERVAL_MS = 10


class TickWatch:
    """A ticking timer; use as a context manager around the operation."""

    def __init__(self) -> None:
        self.wall: list[float] = []
        self.cpu: list[float] = []
        self._timer = QTimer()
        self._timer.setInterval(INTERVAL_MS)
        self._timer.timeout.connect(self._tick)

    def _tick(self) -> None:
        self.wall.append(time.perf_counter())
        self.cpu.append(time.thread_time())

    def __enter__(self) -> TickWatch:
        self._tick()  # the first "tick" is the start: work done before the loop turns counts
        self._timer.start()
        return self

    def __exit__(self, *_exc: Any) -> None:
        self._timer.stop()
        self._tick()

    @property
    def ticks(self) -> int:
        return len(self.wall) - 2

    @staticmethod
    def _gap(values: list[float]) -> float:
        return max((b - a for a, b in zip(values, values[1:], strict=False)), default=0.0)

    @property
    def max_wall_gap(self) -> float:
        return self._gap(self.wall)

    @property
    def max_cpu_gap(self) -> float:
        return self._gap(self.cpu)

    def __repr__(self) -> str:
        return (f"TickWatch(ticks={self.ticks}, max_wall_gap={self.max_wall_gap:.2f}s, "
                f"max_cpu_gap={self.max_cpu_gap:.2f}s)")
