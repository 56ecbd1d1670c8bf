"""The frozen app's one entry script: the GUI or ``vwb``, by executable name.

PyInstaller builds two executables from this script into one folder
(``verification-workbench`` and ``vwb``; ``.exe`` on Windows): they share
every library, and each one dispatches on the name it was started as, so a
copy or link named ``vwb`` is the command line. ``VWB_ENTRY=cli|gui``
overrides the name (handy for a renamed binary). ``VWB_ENTRY=render-pdf``
runs the memo PDF renderer's child process (``workbench.memo.render_pdf``),
which the app starts so that a cancelled export stops at once; ``VWB_ENTRY=pdf-reader``
runs the capped PDF reader child (``workbench.documents.pdfreader``) that imports PDFs.
"""

from __future__ import annotations

import os
import sys


def _which() -> str:
    forced = os.environ.get("VWB_ENTRY", "").strip().lower()
    if forced in ("cli", "gui"):
        return forced
    name = os.path.basename(sys.argv[0] or "").lower()
    stem = name[:-4] if name.endswith(".exe") else name
    return "cli" if stem == "vwb" or stem.startswith("vwb-") else "gui"


def main() -> int:
    if os.environ.get("VWB_ENTRY", "").strip().lower() == "render-pdf":
        from workbench.memo.render_pdf import child_main

        return child_main()
    if os.environ.get("VWB_ENTRY", "").strip().lower() == "pdf-reader":
        from workbench.documents.pdfreader import child_main as reader_main

        return reader_main()
    if _which() == "cli":
        from workbench.cli.main import main as cli_main

        return int(cli_main() or 0)
    from ui.app import main as gui_main

    return int(gui_main() or 0)


if __name__ == "__main__":
    import multiprocessing

    multiprocessing.freeze_support()
    sys.exit(main())
