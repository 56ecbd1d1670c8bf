"""The confidence model's inputs: the grade scales, the settings tables, sources and evidence as the model sees them.

Everything here is validated on construction (a bad grade or an infinite
weight is a :class:`ConfidenceInputError` naming the item and field), so the
engine (:mod:`workbench.analysis.confidence`) can trust what it is given.
Re-exported by the engine's module: callers need one import.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType
from typing import Any

RELIABILITY_GRADES = "ABCDEF"
CREDIBILITY_GRADES = (1, 2, 3, 4, 5, 6)
STANCES = ("corroborates", "contradicts", "context")
DIAGNOSTICITY = ("high", "medium", "low")
ROLES = ("counted", "absorbed", "context")
CONFIDENCE_LEVELS = ("low", "moderate", "high")

# Finite, sensible ranges (issue 19): a prior weight of 1e308 made every probability NaN.
MAX_WEIGHT = 1000.0
MAX_HALF_LIFE_DAYS = 100_000.0  # about 270 years

_DEFAULT_RHO = {"A": 0.95, "B": 0.80, "C": 0.60, "D": 0.35, "E": 0.10, "F": 0.50}
_DEFAULT_KAPPA = {1: 0.70, 2: 0.70, 3: 0.50, 4: 0.25, 5: 0.10, 6: 0.40}
_DEFAULT_DELTA = {"high": 1.0, "medium": 0.6, "low": 0.3}


class ConfidenceInputError(ValueError):
    """Invalid model input.  The message names the offending item and field so
    that a loader or the CLI can report it in one line without guessing."""

    def __init__(self, item_id: str, field_name: str = "", problem: str = "") -> None:
        self.item_id = item_id
        self.field = field_name
        self.problem = problem
        # A single argument is taken as a ready-made message, as for ValueError.
        super().__init__(f"{item_id}: {field_name}: {problem}" if field_name else item_id)

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.item_id, self.field, self.problem))


def _number(value: Any, where: str, name: str, lo: float, hi: float,
            lo_open: bool = False, hi_open: bool = False) -> float:
    """A finite real in [lo, hi] (ends optionally open); bools are not numbers."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise ConfidenceInputError(where, name, f"must be a number, not {value!r}")
    v = float(value)
    if v < lo or v > hi or (lo_open and v == lo) or (hi_open and v == hi):
        lb, rb = ("(" if lo_open else "["), (")" if hi_open else "]")
        raise ConfidenceInputError(where, name, f"{v!r} is outside {lb}{lo:g}, {hi:g}{rb}")
    return v


def _table(given: Mapping[Any, Any] | None, defaults: Mapping[Any, float], name: str,
           key: Any = lambda k: k) -> MappingProxyType[Any, float]:
    """Complete a (possibly partial) grade table from the defaults.  Unknown
    grades are errors: a typo must not silently fall back to a default."""
    merged = dict(defaults)
    if given is None:
        return MappingProxyType(merged)
    if not isinstance(given, Mapping):
        raise ConfidenceInputError("settings", name, "must be an object of grade: value")
    for raw, value in given.items():
        k = key(raw)
        if isinstance(k, bool) or k not in defaults:
            raise ConfidenceInputError("settings", f"{name}.{raw}", "is not a known grade")
        merged[k] = _number(value, "settings", f"{name}.{raw}", 0.0, 1.0)
    return MappingProxyType(merged)


def _credibility_key(raw: Any) -> Any:
    """Exchange files key credibility by string ("1"); Python callers by int."""
    if isinstance(raw, str) and raw.isdigit():
        return int(raw)
    return raw


@dataclass(frozen=True)
class Settings:
    """The project's model settings (confidence.md "Tables").  Partial tables
    are completed with the defaults; values are validated on construction so
    that :func:`assess` can trust them.  ``credibility[1]`` is kept for the
    file's shape but grade 1 is always scored with ``credibility[2]``."""

    reliability: Mapping[str, float] = field(default_factory=lambda: dict(_DEFAULT_RHO))
    credibility: Mapping[int, float] = field(default_factory=lambda: dict(_DEFAULT_KAPPA))
    diagnosticity: Mapping[str, float] = field(default_factory=lambda: dict(_DEFAULT_DELTA))
    interested: float = 0.3
    half_life_days: float | None = None
    as_of: date | None = None
    prior_weight: float = 2.0
    t_max: float = 0.95
    e_min: float = 0.75

    def __post_init__(self) -> None:
        put = object.__setattr__
        put(self, "reliability", _table(self.reliability, _DEFAULT_RHO, "reliability"))
        put(self, "credibility", _table(self.credibility, _DEFAULT_KAPPA, "credibility",
                                        _credibility_key))
        put(self, "diagnosticity", _table(self.diagnosticity, _DEFAULT_DELTA, "diagnosticity"))
        put(self, "interested", _number(self.interested, "settings", "interested", 0.0, 1.0))
        if self.half_life_days is not None:
            put(self, "half_life_days", _number(self.half_life_days, "project", "half_life_days",
                                                0.0, MAX_HALF_LIFE_DAYS, lo_open=True))
        if self.as_of is not None and not isinstance(self.as_of, date):
            raise ConfidenceInputError("project", "as_of", f"must be a date, not {self.as_of!r}")
        put(self, "prior_weight", _number(self.prior_weight, "settings", "prior_weight",
                                          0.0, MAX_WEIGHT, lo_open=True))
        put(self, "t_max", _number(self.t_max, "settings", "t_max", 0.0, 1.0,
                                   lo_open=True, hi_open=True))
        put(self, "e_min", _number(self.e_min, "settings", "e_min", 0.0, MAX_WEIGHT))
        # Plain dicts for the hot path; grade 1 scored as grade 2 (see FLAG_TEXT).
        kappa = dict(self.credibility)
        kappa[1] = kappa[2]
        put(self, "_fast", (dict(self.reliability), kappa, dict(self.diagnosticity)))

    def __hash__(self) -> int:
        return hash((tuple(sorted(self.reliability.items())), tuple(sorted(self.credibility.items())),
                     tuple(sorted(self.diagnosticity.items())), self.interested,
                     self.half_life_days, self.as_of, self.prior_weight, self.t_max, self.e_min))

    @classmethod
    def from_json(cls, project: Mapping[str, Any]) -> Settings:
        """Read the exchange file's ``project`` object (other keys such as
        ``title`` are ignored).  Missing values take the defaults; bad values
        raise :class:`ConfidenceInputError`."""
        if not isinstance(project, Mapping):
            raise ConfidenceInputError("project", "settings", "project must be an object")
        as_of = project.get("as_of")
        if isinstance(as_of, str):
            try:
                as_of = date.fromisoformat(as_of)
            except ValueError:
                raise ConfidenceInputError("project", "as_of",
                                           f"{as_of!r} is not an ISO date (YYYY-MM-DD)") from None
        elif as_of is not None and not isinstance(as_of, date):
            raise ConfidenceInputError("project", "as_of", f"must be an ISO date, not {as_of!r}")
        s = project.get("settings")
        if s is None:
            s = {}
        if not isinstance(s, Mapping):
            raise ConfidenceInputError("project", "settings", "must be an object")
        unknown = set(s) - _SETTINGS_KEYS
        if unknown:
            raise ConfidenceInputError("settings", sorted(map(str, unknown))[0], "is not a known setting")
        kwargs: dict[str, Any] = {"half_life_days": project.get("half_life_days"), "as_of": as_of}
        for key in ("reliability", "credibility", "diagnosticity", "interested",
                    "prior_weight", "t_max", "e_min"):
            if s.get(key) is not None:
                kwargs[key] = s[key]
        return cls(**kwargs)

    def to_json(self) -> dict[str, Any]:
        """The complete ``project`` settings, in the shape :meth:`from_json` reads."""
        return {
            "half_life_days": self.half_life_days,
            "as_of": self.as_of.isoformat() if self.as_of is not None else None,
            "settings": {
                "reliability": dict(self.reliability),
                "credibility": {str(k): v for k, v in self.credibility.items()},
                "diagnosticity": dict(self.diagnosticity),
                "interested": self.interested,
                "prior_weight": self.prior_weight,
                "t_max": self.t_max,
                "e_min": self.e_min,
            },
        }


_SETTINGS_KEYS = frozenset({"reliability", "credibility", "diagnosticity", "interested",
                            "prior_weight", "t_max", "e_min"})
DEFAULT_SETTINGS = Settings()


@dataclass(frozen=True)
class SourceInfo:
    """A source as the model sees it: an id and a reliability grade A–F."""

    id: str
    reliability: str
    name: str = ""


@dataclass(frozen=True)
class EvidenceInfo:
    """One claim ↔ source link.  At most one of ``derives_from_evidence`` (an
    item of the same claim this one relays) and ``derives_from_source`` (an
    origin with no item of its own) is set."""

    id: str
    source: str
    stance: str
    credibility: int
    diagnosticity: str = "high"
    interested: bool = False
    derives_from_evidence: str | None = None
    derives_from_source: str | None = None
    date: date | None = None


_new_object = object.__new__
_set_attribute = object.__setattr__


def evidence_info(id: str, source: str, stance: str, credibility: int, diagnosticity: str, interested: bool,
                  derives_from_evidence: str | None, derives_from_source: str | None,
                  date: date | None) -> EvidenceInfo:
    """``EvidenceInfo(...)`` with every field given, made in one step.

    The frozen dataclass's ``__init__`` sets each of its nine fields through
    ``object.__setattr__``; assessing a project builds one per evidence item
    (10,000 for the L project, on every load and ``vwb assess``), and that was
    over half the cost of reading them. The result is the same object: equal,
    with the same hash and repr.
    """
    info: EvidenceInfo = _new_object(EvidenceInfo)
    _set_attribute(info, "__dict__", {
        "id": id, "source": source, "stance": stance, "credibility": credibility, "diagnosticity": diagnosticity,
        "interested": interested, "derives_from_evidence": derives_from_evidence,
        "derives_from_source": derives_from_source, "date": date})
    return info
