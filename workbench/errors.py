"""Turning failures into the one-line messages users see."""

from __future__ import annotations

import argparse
import sqlite3


def describe(exc: BaseException, args: argparse.Namespace | None = None) -> str:
    """One line naming the file involved (when known) and the reason."""
    target = getattr(exc, "path", None) or (getattr(args, "project", None) if args else None)
    if isinstance(target, str) and target.lower().startswith(("postgresql://", "postgres://")):
        from workbench.store.server.address import safe_display

        target = safe_display(target)  # never print a password
    if isinstance(exc, sqlite3.DatabaseError) or type(exc).__module__.startswith("sqlalchemy"):
        orig = getattr(exc, "orig", exc)
        reason = f"database error ({orig})"
    elif isinstance(exc, OSError):
        reason = exc.strerror or str(exc)
        target = exc.filename or target
    else:
        reason = str(exc) or type(exc).__name__
    reason = " ".join(reason.split())
    return f"{target}: {reason}" if target and str(target) not in reason else reason
