"""The Verification Workbench desktop app (PySide6).

The UI talks to :mod:`workbench.service` only: widgets hold plain dicts and
ids, never a Session or ORM rows, so everything shown is exactly what the
command line and the memo see.
"""
