"""The Verification Workbench desktop app (PySide6).

The UI talks to :mod:`workbench.service` only: widgets hold plain dicts and
ids, never a Session or ORM rows, so everything shown is exactly what the
command line and the memo see.

Importing the package applies :func:`ui.refcounts.protect_singletons` first:
without it PySide6 6.12 on CPython 3.11 aborts the process after a few
thousand ordinary calls (see that module).
"""

from ui.refcounts import protect_singletons

protect_singletons()
