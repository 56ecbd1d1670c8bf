"""Start-up imports only what the first paint needs (issue 21).

The app runs in a real subprocess with ``-X importtime`` and
``--benchmark-startup``; its stderr (one line per import, written as it
happens) and stdout (the ``startup`` line, printed at the loaded window's
first paint) share one pipe, so the order of lines says which modules were
imported before the window painted and which after.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

#: Screens and parsers the first paint does not show: imported on first use or
#: just after the first paint (ui.window.extensions).
DEFERRED = (
    "ui.dialogs.claim_dialog",
    "ui.dialogs.evidence_form",
    "ui.dialogs.source_dialog",
    "ui.dialogs.export_dialog",
    "ui.dialogs.settings_dialog",
    "ui.document.paste_dialog",
    "ui.document.import_actions",
    "ui.document.suggestions_panel",
    "ui.document.orphans_panel",
    "ui.board.history_panel",
    "ui.sharing.sharing_actions",
    "ui.window.help_dialogs",
    "workbench.merge",
    "rapidfuzz",
)


def imports_around_first_paint(tmp: Path, *args: str) -> tuple[list[str], list[str]]:
    """(modules imported before the first paint, modules imported after it)."""
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.update(QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(tmp / "config"),
               XDG_DATA_HOME=str(tmp / "data"), PYTHONUNBUFFERED="1")
    result = subprocess.run([sys.executable, "-X", "importtime", "-m", "ui.app", *args, "--benchmark-startup"],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env, cwd=ROOT,
                            timeout=180)
    assert result.returncode == 0, result.stdout[-2000:]
    before: list[str] = []
    after: list[str] = []
    current = before
    for line in result.stdout.splitlines():
        if line.startswith("startup "):
            current = after
        elif line.startswith("import time:") and "|" in line and "cumulative" not in line:
            current.append(line.rsplit("|", 1)[1].strip())
    assert current is after, "the app never printed its first-paint line"
    return before, after


def test_the_first_paint_imports_no_dialog_assistant_or_sharing_module(tmp_path: Path) -> None:
    before, after = imports_around_first_paint(tmp_path, "--demo")
    early = sorted(name for name in DEFERRED if name in before)
    assert early == [], f"imported before the first paint: {early}"
    # The window itself, and the project's core, are there before it paints.
    assert "ui.window.main_window" in before
    assert "workbench.store.projectfile" in before
    # The optional screens still arrive, just after the paint.
    assert {"ui.document.suggestions_panel", "ui.sharing.sharing_actions", "ui.board.history_panel"} <= set(after)
