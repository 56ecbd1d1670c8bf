"""The Verification Workbench desktop app (PySide6).

The UI talks to :mod:`workbench.service` only: widgets hold plain dicts and
ids, never a Session or ORM rows, so everything shown is exactly what the
command line and the memo see.

PySide6 is pinned below 6.12: 6.12.0 drops references to ``None``/``True``/
``False`` on CPython 3.11 (fatal after a few thousand calls).  6.11.3 does
not, so no reference-count workaround is applied here any more;
``tests/ui/test_appearance_refcounts.py`` fails if a later release regresses.
"""
