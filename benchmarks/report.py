"""The benchmark table: reading each row's target, judging it, and printing the rows.

Used by ``run.py`` for the whole suite and by ``common.main`` when one
module runs alone, so both print the same columns and the same verdicts.
A row is ``{"name", "value", "unit"}`` with optional ``"floor"``,
``"ratio"``, ``"target"`` (and ``"target_of"``: ``"value"`` or ``"ratio"``,
``"higher_is_better"``, ``"peak_mb"``); see benchmarks/README.md.
"""

from __future__ import annotations

import os
import platform
import re
from pathlib import Path
from typing import Any

ERROR_WIDTH = 110


# --------------------------------------------------------------------------- rows


def _num(x: Any) -> float | None:
    if isinstance(x, bool) or x is None:
        return None
    try:
        return float(x)
    except (TypeError, ValueError):
        return None


_TIME_UNITS = {"s": 1.0, "ms": 1e-3, "µs": 1e-6, "us": 1e-6, "ns": 1e-9}
_TARGET_RE = re.compile(r"^\s*(ratio\s*)?(<=|>=|<|>|≤|≥)\s*([0-9.,_]+(?:e-?[0-9]+)?)\s*(×|x)?\s*([^\s]*)\s*$", re.I)


def parse_target(row: dict[str, Any]) -> tuple[str, float, str] | None:
    """``(comparator, number, "value"|"ratio")`` from a row's target, or None when it has none.

    Numbers are compared with the row's value (or, with a floor and no
    ``target_of``, its ratio); strings such as ``"ratio < 1.5"``, ``"< 0.5 s"``
    or ``"≥ 100 /s"`` are understood too (a time unit other than the row's is
    converted); ``"info"`` or ``None`` means no target. Raises ValueError for a
    target it cannot read.
    """
    target = row.get("target")
    if target is None or (isinstance(target, str) and target.strip().lower() in ("", "info", "none", "-")):
        return None
    higher = bool(row.get("higher_is_better"))
    number = _num(target)
    if number is not None:
        has_ratio = _num(row.get("floor")) is not None or _num(row.get("ratio")) is not None
        of = row.get("target_of") or ("ratio" if has_ratio else "value")
        return (">=" if higher else "<=", number, of)
    m = _TARGET_RE.match(str(target))
    if not m:
        raise ValueError(f"cannot read target {target!r}")
    ratio_word, op, num, times, unit = m.groups()
    op = {"≤": "<=", "≥": ">="}.get(op, op)
    number = float(num.replace(",", "").replace("_", ""))
    of = "ratio" if (ratio_word or times) else (row.get("target_of") or "value")
    if of == "value" and unit and unit != (row.get("unit") or ""):
        have = row.get("unit") or ""
        if unit in _TIME_UNITS and have in _TIME_UNITS:
            number = number * _TIME_UNITS[unit] / _TIME_UNITS[have]
        else:
            raise ValueError(f"target {target!r} is not in the row's unit {have!r}")
    return (op, number, of)


def judge(row: dict[str, Any]) -> dict[str, Any]:
    """Fill in ``ratio`` (value / floor) and ``status`` for one row (in place; returned)."""
    if str(row.get("status", "")).startswith(("error", "skip")):
        return row
    value, floor = _num(row.get("value")), _num(row.get("floor"))
    ratio = _num(row.get("ratio"))
    if ratio is None and value is not None and floor:
        ratio = value / floor
    row["ratio"] = ratio
    if value is None:
        row["status"] = "error: no value"
        return row
    try:
        parsed = parse_target(row)
    except ValueError as exc:
        row["status"] = f"error: {exc}"
        return row
    if parsed is None:
        row["status"] = "info"
        return row
    op, number, target_of = parsed
    row["target_of"], row["target_value"], row["target_op"] = target_of, number, op
    measured = ratio if target_of == "ratio" else value
    if measured is None:
        row["status"] = "error: target on a ratio without a floor"
        return row
    ok = {"<": measured < number, "<=": measured <= number, ">": measured > number,
          ">=": measured >= number}[op]
    row["status"] = "pass" if ok else "FAIL"
    return row


def error_row(module: str, name: str, reason: str) -> dict[str, Any]:
    reason = " ".join(str(reason).split())
    if len(reason) > ERROR_WIDTH:
        reason = reason[: ERROR_WIDTH - 1] + "…"
    return {"module": module, "name": name, "value": None, "unit": "", "floor": None, "ratio": None,
            "target": None, "status": f"error: {reason}"}


def clean_rows(module: str, rows: Any) -> list[dict[str, Any]]:
    """A module's rows, each tagged with ``module`` and judged; an error row for what is not a row."""
    if not isinstance(rows, list) or not rows:
        return [error_row(module, module, f"run() returned {type(rows).__name__}, not a list of rows")]
    out = []
    for i, r in enumerate(rows):
        if not isinstance(r, dict) or "name" not in r:
            out.append(error_row(module, f"{module}[{i}]", "row is not a dict with a name"))
            continue
        r = dict(r)
        r["module"] = module
        out.append(judge(r))
    return out



# --------------------------------------------------------------------------- output

COLUMNS = ("suite", "figure", "value", "floor", "ratio", "target", "result", "peak MB")


def _fmt(x: float | None, unit: str = "") -> str:
    if x is None:
        return ""
    text = f"{x:.3g}" if abs(x) < 1000 else f"{x:,.0f}"
    return f"{text} {unit}".strip()


def _cells(r: dict[str, Any]) -> list[str]:
    unit = r.get("unit") or ""
    target = ""
    if r.get("target_value") is not None:
        sign = {"<=": "≤", ">=": "≥"}.get(r["target_op"], r["target_op"])
        if r.get("target_of") == "ratio":
            target = f"ratio {sign} {r['target_value']:g}×"
        else:
            target = f"{sign} {_fmt(r['target_value'], unit)}"
    ratio = _num(r.get("ratio"))
    suite = str(r.get("module", "")).removeprefix("bench_")
    return [suite, str(r.get("name", "")), _fmt(_num(r.get("value")), unit), _fmt(_num(r.get("floor")), unit),
            "" if ratio is None else f"{ratio:.2f}×", target, str(r.get("status", "")),
            _fmt(_num(r.get("peak_mb")))]


def format_table(rows: list[dict[str, Any]]) -> str:
    table = [list(COLUMNS)] + [_cells(r) for r in rows]
    widths = [max(len(line[i]) for line in table) for i in range(len(COLUMNS))]
    right = {2, 3, 4, 7}
    lines = []
    for n, line in enumerate(table):
        cells = [c.rjust(w) if i in right else c.ljust(w) for i, (c, w) in enumerate(zip(line, widths, strict=True))]
        lines.append("  ".join(cells).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def format_markdown(rows: list[dict[str, Any]]) -> str:
    def esc(c: str) -> str:
        return c.replace("|", "\\|")

    lines = ["| " + " | ".join(COLUMNS) + " |",
             "|" + "|".join("---:" if i in {2, 3, 4, 7} else "---" for i in range(len(COLUMNS))) + "|"]
    for r in rows:
        cells = _cells(r)
        if cells[6] == "FAIL":
            cells[6] = "**FAIL**"
        lines.append("| " + " | ".join(esc(c) for c in cells) + " |")
    return "\n".join(lines)


def machine() -> dict[str, Any]:
    info: dict[str, Any] = {"python": platform.python_version(), "platform": platform.platform(),
                            "cpus": os.cpu_count()}
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu"] = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return info
