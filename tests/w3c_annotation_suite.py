"""Runs the W3C web-annotation-tests JSON schemas (vendored in tests/fixtures) on our annotations.

The suite's ``*.test`` files list assertion schemas; each has an
``assertionType`` (must / should / may) and an ``expectedResult``. A MUST
assertion that does not give the expected result is a failure; SHOULD and
MAY assertions report which optional features an annotation implements.
``$ref``s between the schemas are resolved offline from the vendored
``definitions`` folder; the ``uri`` and ``date-time`` formats are checked
(RFC 3986 scheme, xsd:dateTime with a time zone).
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft4Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

SUITE = Path(__file__).resolve().parent / "fixtures" / "web-annotation-tests"
_URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s]*$")

FORMATS = FormatChecker(formats=())


@FORMATS.checks("uri")
def _is_uri(value: object) -> bool:
    return not isinstance(value, str) or bool(_URI.match(value))


@FORMATS.checks("date-time")
def _is_date_time(value: object) -> bool:
    if not isinstance(value, str):
        return True
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        return False
    return "T" in value and when.tzinfo is not None


def _load(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


@cache
def _registry() -> Registry:
    resources = []
    for path in sorted(SUITE.glob("definitions/*.json")):
        schema = _load(path)
        resources.append((schema.get("id", path.name), Resource.from_contents(schema, default_specification=DRAFT4)))
    return Registry().with_resources(resources)


@cache
def assertions(test_file: str) -> tuple[tuple[str, dict[str, Any]], ...]:
    """The assertion schemas a ``.test`` file lists, by path."""
    test = _load(SUITE / test_file)
    return tuple((name, _load(SUITE / name)) for name in test["assertions"])


def run(test_file: str, data: Any) -> dict[str, list[str]]:
    """``{"failed": [...], "passed": [...]}``: assertion names, a failure with the suite's message."""
    out: dict[str, list[str]] = {"failed": [], "passed": []}
    for name, schema in assertions(test_file):
        validator = Draft4Validator(schema, registry=_registry(), format_checker=FORMATS)
        valid = validator.is_valid(data)
        expected = schema.get("expectedResult", "valid") == "valid"
        if valid == expected:
            out["passed"].append(name)
        else:
            out["failed"].append(f"{name} ({schema.get('assertionType')}): {schema.get('errorMessage', '')}")
    return out


def must_failures(test_file: str, data: Any) -> list[str]:
    """The MUST assertions of ``test_file`` that ``data`` fails."""
    return [f for f in run(test_file, data)["failed"] if "(must)" in f]


def passes(assertion: str, data: Any) -> bool:
    """Whether ``data`` gives the expected result of one assertion schema (by its path in the suite)."""
    schema = _load(SUITE / assertion)
    valid = Draft4Validator(schema, registry=_registry(), format_checker=FORMATS).is_valid(data)
    return valid == (schema.get("expectedResult", "valid") == "valid")
