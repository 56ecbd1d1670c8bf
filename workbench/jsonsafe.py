"""JSON from an untrusted project file, parsed without letting it exhaust the stack.

A value nested 50,000 levels deep makes ``json.loads`` raise RecursionError
(or worse, in a C extension); counting the nesting first is linear and
cheap, so such values are refused before they are parsed.
"""

from __future__ import annotations

import json
import re
from typing import Any

MAX_DEPTH = 32


class UnsafeJson(ValueError):
    """The value is not JSON, or is nested deeper than any value we write."""


# A JSON string literal (escapes included), and anything that is not a bracket.
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")


def nesting_depth(text: str) -> int:
    """The deepest bracket nesting of a JSON text, ignoring brackets inside strings.

    Strings and everything else are dropped by regular expressions first, so
    the Python loop only sees the brackets: a project's history holds large
    JSON values (lists of thousands of ids) that are checked on every open.
    An unterminated string is not dropped, so its brackets count: stricter,
    never looser, than a parser.
    """
    brackets = _NOT_BRACKET.sub("", _STRING.sub("", text))
    depth = deepest = 0
    for ch in brackets:
        if ch in "[{":
            depth += 1
            if depth > deepest:
                deepest = depth
        else:
            depth -= 1
    return deepest


def loads(text: str | None, max_depth: int = MAX_DEPTH) -> Any:
    """Parse JSON written by this app; refuse anything deeper than ``max_depth``."""
    if text is None:
        return None
    if nesting_depth(text) > max_depth:
        raise UnsafeJson(f"JSON nested deeper than {max_depth} levels")
    try:
        return json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise UnsafeJson(f"not valid JSON ({exc})") from None
