"""The PySide6 6.12 / CPython 3.11 reference-count guard (ui.refcounts)."""

from __future__ import annotations

import subprocess
import sys
import textwrap


def test_many_void_calls_and_emits_do_not_abort_the_process() -> None:
    # Without the guard this aborts with "Fatal Python error: none_dealloc/bool_dealloc" on 3.11.
    code = textwrap.dedent("""
        import os, sys
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        import ui  # applies the guard
        from PySide6.QtWidgets import QApplication, QCheckBox, QWidget
        app = QApplication([])
        box, w = QCheckBox(), QWidget()
        for _ in range(300_000):
            box.toggled.emit(True)
            w.update()
        print("ok")
    """)
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-500:]
    assert result.stdout.strip() == "ok"
