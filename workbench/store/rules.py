"""The rules stored values obey (issue 19), without SQLAlchemy.

Every write path (the service, ``vwb load``, merge, undo, migrations)
validates against these, and opening a file refuses one that breaks them.
They sit apart from the model so that the app can check a project file (and
show it) before SQLAlchemy is imported: :mod:`workbench.store.model` and
:mod:`workbench.store.exchange` re-export them.

May import: workbench.analysis and workbench.jsonsafe only.
"""

from __future__ import annotations

import getpass
from typing import Any
from urllib.parse import urlsplit

from workbench.analysis.confidence import ConfidenceInputError, Settings
from workbench.analysis.verdicts import VerdictError, parse_verdicts

SOURCE_KINDS = ("person", "organisation", "outlet", "document", "observation", "other")
CLAIM_STATUSES = ("open", "in_review", "verified", "disputed", "closed")
ANCHOR_STATES = ("ok", "moved", "orphaned")

# The one rule set for stored values (issue 19): every write path (the
# service, ``vwb load``, merge, undo, migrations) validates against these, and
# opening a file (``vwb check`` and the app alike) refuses a file that breaks
# them, so nothing can be written that could not be opened again.
#: Longest text, in characters, each text column may hold (document text is limited in bytes instead).
MAX_CHARS: dict[tuple[str, str], int] = {
    ("project", "title"): 2_000,
    ("document", "title"): 2_000, ("document", "url"): 8_192, ("document", "author"): 2_000,
    ("document", "original_name"): 4_096, ("document", "format"): 16, ("document", "captured"): 32,
    ("source", "name"): 2_000, ("source", "notes"): 1_000_000, ("source", "url"): 8_192,
    ("claim", "text"): 20_000, ("claim", "note"): 1_000_000, ("claim", "exact"): 100_000,
    ("claim", "prefix"): 1_000, ("claim", "suffix"): 1_000,
    ("evidence", "quote"): 100_000, ("evidence", "note"): 1_000_000, ("evidence", "url"): 8_192,
    ("evidence", "archived_url"): 8_192, ("evidence", "prefix"): 1_000, ("evidence", "suffix"): 1_000,
}
#: Largest document text, in UTF-8 bytes (SQLite's cell limit for project files).
MAX_TEXT_BYTES = 64 * 1024 * 1024
#: Longest span a claim or a quote may cover (its words are stored with it).
MAX_SPAN = 100_000
#: Largest JSON object (media, ocr, review) in characters.
MAX_JSON_CHARS = 65_536
#: Integers: positions and offsets fit any engine's 32-bit integer; event numbers leave room to count on.
MAX_POSITION = 2**31 - 1
MAX_SEQ = 2**53

def default_analyst() -> str:
    """Who a change is recorded under when nobody said: the system user name."""
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no user name available on some systems
        return "analyst"


PUBLISHER_KEYS = frozenset({"name", "url", "logo"})
EMPTY_PUBLISHER: dict[str, Any] = {"name": "", "url": None, "logo": None}


class ExchangeError(ValueError):
    """Invalid exchange data; the message names the first bad object by id and field."""


def check_stored_setting(key: str, value: Any) -> None:
    """Refuse a stored project setting the app could not use (raises ExchangeError).

    Opening a file runs this on every ``setting`` row, so a file whose
    settings the app would refuse later is refused at the door instead.
    """
    try:
        if key == "scoring":
            Settings.from_json(value)
        elif key == "publisher":
            check_publisher(value)
        elif key == "verdicts":
            parse_verdicts(value)
        elif key.startswith("dismissed:"):
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise ExchangeError("must be a list of suggestion keys")
    except (ConfidenceInputError, VerdictError) as exc:
        raise ExchangeError(str(exc)) from None


def is_web_url(value: Any) -> bool:
    """An absolute http(s) address with a host: what a publisher's page or logo must be."""
    if not isinstance(value, str) or len(value) > 2000 or any(c.isspace() for c in value):
        return False
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def check_publisher(value: Any) -> dict[str, Any]:
    """A complete, checked publisher object; raises ExchangeError naming the bad field."""
    if not isinstance(value, dict):
        raise ExchangeError("project: publisher: must be an object")
    unknown = set(value) - PUBLISHER_KEYS
    if unknown:
        raise ExchangeError(f"project: publisher.{sorted(unknown)[0]}: unknown field")
    out = dict(EMPTY_PUBLISHER) | value
    if not isinstance(out["name"], str) or len(out["name"]) > 200:
        raise ExchangeError("project: publisher.name: must be text of at most 200 characters")
    out["name"] = out["name"].strip()
    for key in ("url", "logo"):
        if out[key] == "":
            out[key] = None
        if out[key] is not None and not is_web_url(out[key]):
            raise ExchangeError(f"project: publisher.{key}: not a web address (http:// or https://): {out[key]!r}")
    return out
