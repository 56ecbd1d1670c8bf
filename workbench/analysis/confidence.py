"""The confidence model: graded evidence in, an explainable Assessment out.

This implements ``design/confidence.md`` (subjective logic over *evidence
units*) as pure functions with no I/O, so that the board, the memo, the CLI
and the tests all get the same numbers from the same inputs.

The hot path (:func:`assess`) works on plain floats, dicts and tuples: a
project re-assesses every claim whenever a grade changes, and a large project
has tens of thousands of claims.  The words (likelihood bands, flag texts)
and the text rendering live in :mod:`workbench.analysis.words` and are
re-exported here, so callers need one import.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence, Set
from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType
from typing import Any

from workbench.analysis.result import Assessment, ItemBreakdown
from workbench.analysis.words import (
    FLAG_TEXT,
    FLAGS,
    LIKELIHOOD_BANDS,
    NO_ASSESSMENT,
    explain_lines,
    format_assessment_text,
    judgement_sentences,
    likelihood_label,
    likelihood_word,
)

__all__ = [
    "LIKELIHOOD_BANDS", "NO_ASSESSMENT", "RELIABILITY_GRADES", "CREDIBILITY_GRADES",
    "STANCES", "DIAGNOSTICITY", "ROLES", "FLAGS", "FLAG_TEXT", "ConfidenceInputError",
    "Settings", "DEFAULT_SETTINGS", "SourceInfo", "EvidenceInfo", "ItemBreakdown",
    "Assessment", "assess", "likelihood_word", "likelihood_label",
    "judgement_sentences", "explain_lines", "format_assessment_text",
]


RELIABILITY_GRADES = "ABCDEF"
CREDIBILITY_GRADES = (1, 2, 3, 4, 5, 6)
STANCES = ("corroborates", "contradicts", "context")
DIAGNOSTICITY = ("high", "medium", "low")
ROLES = ("counted", "absorbed", "context")
CONFIDENCE_LEVELS = ("low", "moderate", "high")

_CORR, _CONTRA, _CONTEXT = STANCES
_STANCE_SET = frozenset(STANCES)
_CLEAN_GRADES = frozenset("AB")

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


# --------------------------------------------------------------------------- #
# assess

def _validate(evidence: Sequence[EvidenceInfo], sources: Mapping[str, SourceInfo],
              settings: Settings) -> dict[str, EvidenceInfo]:
    """Index the claim's evidence by id and reject anything the model would
    otherwise have to guess about."""
    rho, kappa, delta = settings._fast  # type: ignore[attr-defined]
    by_id: dict[str, EvidenceInfo] = {}
    for ev in evidence:
        if ev.id in by_id:
            raise ConfidenceInputError(ev.id, "id", "appears twice in this claim's evidence")
        by_id[ev.id] = ev
    for ev in evidence:
        src = sources.get(ev.source)
        if src is None:
            raise ConfidenceInputError(ev.id, "source", f"{ev.source!r} is not a known source")
        if src.reliability not in rho:
            raise ConfidenceInputError(src.id, "reliability",
                                       f"{src.reliability!r} is not a grade A–F")
        if ev.stance not in _STANCE_SET:
            raise ConfidenceInputError(ev.id, "stance", f"{ev.stance!r} is not one of {STANCES}")
        cred = ev.credibility
        if isinstance(cred, bool) or not isinstance(cred, int) or cred not in kappa:
            raise ConfidenceInputError(ev.id, "credibility", f"{ev.credibility!r} is not a grade 1–6")
        if ev.diagnosticity not in delta:
            raise ConfidenceInputError(ev.id, "diagnosticity",
                                       f"{ev.diagnosticity!r} is not one of {DIAGNOSTICITY}")
        if ev.date is not None and not isinstance(ev.date, date):
            raise ConfidenceInputError(ev.id, "date", f"must be a date, not {ev.date!r}")
        dfe, dfs = ev.derives_from_evidence, ev.derives_from_source
        if dfe is not None:
            if dfs is not None:
                raise ConfidenceInputError(ev.id, "derives_from",
                                           "names both an evidence item and a source")
            if dfe == ev.id:
                raise ConfidenceInputError(ev.id, "derives_from_evidence", "an item cannot relay itself")
            if dfe not in by_id:
                raise ConfidenceInputError(ev.id, "derives_from_evidence",
                                           f"{dfe!r} is not an evidence item of this claim")
        elif dfs is not None:
            root = sources.get(dfs)
            if root is None:
                raise ConfidenceInputError(ev.id, "derives_from_source", f"{dfs!r} is not a known source")
            if root.reliability not in rho:
                raise ConfidenceInputError(root.id, "reliability",
                                           f"{root.reliability!r} is not a grade A–F")
    return by_id


# Up to this many distinct sources on a chain, ρ_path is the product in source-id order exactly as
# confidence.md's reference walk computes it; beyond it (only hostile or generated projects get
# there) the same product is taken per grade, so a 20,000-source chain stays linear.
_EXACT_SOURCES = 64

_Provenance = tuple[str, str, float, bool, int | None, bool]


def _ordinal(d: date | None) -> int | None:
    return d.toordinal() if d is not None else None


def _earliest(a: int | None, b: int | None) -> int | None:
    if a is None:
        return b
    if b is None:
        return a
    return a if a < b else b


def _provenance_all(by_id: Mapping[str, EvidenceInfo], sources: Mapping[str, SourceInfo],
                    rho: Mapping[str, float]) -> dict[str, _Provenance]:
    """Follow ``derives_from`` to the root for every item at once (confidence.md step 1).

    Each item relays at most one other, so the links form a functional graph:
    trees hanging off a root item or off one reporting loop.  One walk from
    each root (and each loop) outwards over the reversed links visits every
    item once, carrying the chain's distinct sources, interested* and date*;
    walking each item's chain on its own was quadratic (20,000 items relaying
    one another on one claim took minutes).

    Returns per item (root, root grade, ρ_path, interested*, date* as an
    ordinal, circular).  ρ_path multiplies the distinct sources on the chain;
    in a loop the loop's sources together contribute only their lowest ρ (the
    loop is no stronger than its weakest link), and the root is named after
    the loop's smallest source id so every item feeding it shares one root.
    The ρ factors are multiplied in a canonical order (loop factor first, then
    sources by id) so that a relay, whose chain only adds factors ≤ 1, can
    never come out a rounding error *above* the item it relays, and equal
    chains give equal bits whatever the order of the evidence."""
    relayed_by: dict[str, list[str]] = {}
    for ev in by_id.values():
        if ev.derives_from_evidence is not None:
            relayed_by.setdefault(ev.derives_from_evidence, []).append(ev.id)
    out: dict[str, _Provenance] = {}

    # Loops: walk each item's links until an item seen before; meeting one of this walk's own is a loop.
    seen: dict[str, bool] = {}  # id -> still on the current walk
    for start in by_id:
        if start in seen:
            continue
        walk: list[str] = []
        cur: str | None = start
        while cur is not None and cur not in seen:
            seen[cur] = True
            walk.append(cur)
            cur = by_id[cur].derives_from_evidence
        if cur is not None and seen[cur]:
            loop = walk[walk.index(cur):]
            loop_sources = {by_id[i].source for i in loop}
            weakest = min(loop_sources, key=lambda sid: (rho[sources[sid].reliability], sid))
            grade = sources[weakest].reliability
            interested = any(by_id[i].interested for i in loop)
            first: int | None = None
            for i in loop:
                first = _earliest(first, _ordinal(by_id[i].date))
            value: _Provenance = ("cycle:" + min(loop_sources), grade, rho[grade], interested, first, True)
            members = set(loop)
            for i in loop:
                out[i] = value
            for i in loop:
                _walk_out([j for j in relayed_by.get(i, ()) if j not in members], i, by_id, relayed_by,
                          sources, rho, out, loop_sources, (), rho[grade])
        for i in walk:
            seen[i] = False

    for ev in by_id.values():
        if ev.derives_from_evidence is None and ev.id in relayed_by:
            root = ev.derives_from_source if ev.derives_from_source is not None else ev.source
            _walk_out([ev.id], None, by_id, relayed_by, sources, rho, out, frozenset(), (root,), 1.0)
    return out


def _walk_out(starts: list[str], parent: str | None, by_id: Mapping[str, EvidenceInfo],
              relayed_by: Mapping[str, list[str]], sources: Mapping[str, SourceInfo],
              rho: Mapping[str, float], out: dict[str, _Provenance], excluded: Set[str],
              extra: tuple[str, ...], base: float) -> None:
    """Depth-first from ``starts`` (items relaying ``parent``, or a root item when ``parent`` is None)
    outwards along the reversed links, without recursion (chains are as long as a claim's evidence).

    ``excluded`` are a loop's sources (already in ``base``, the loop factor); ``extra`` is a root
    item's recorded origin, part of every chain below it."""
    if extra:
        root, circular = extra[0], False
        grade = sources[root].reliability
        top: _Provenance = (root, grade, base * rho[grade], False, None, False)
    else:
        assert parent is not None
        top = out[parent]
        root, grade, circular = top[0], top[1], True
    on_path: dict[str, int] = {}   # source id -> items on the current path from it
    distinct: set[str] = set(extra)
    grades: dict[str, int] = {}
    for sid in distinct:
        grades[sources[sid].reliability] = grades.get(sources[sid].reliability, 0) + 1
    # (item, state of the item it relays, entering?)
    stack: list[tuple[str, _Provenance, bool]] = [(s, top, True) for s in reversed(starts)]
    while stack:
        iid, above, entering = stack.pop()
        ev = by_id[iid]
        sid = ev.source
        counted = sid not in excluded and sid not in extra
        if not entering:
            if counted:
                on_path[sid] -= 1
                if not on_path[sid]:
                    del on_path[sid]
                    distinct.discard(sid)
                    grades[sources[sid].reliability] -= 1
            continue
        r = above[2]
        if counted:
            n = on_path.get(sid, 0)
            on_path[sid] = n + 1
            if n == 0:
                distinct.add(sid)
                g = sources[sid].reliability
                grades[g] = grades.get(g, 0) + 1
                if len(distinct) <= _EXACT_SOURCES:
                    r = base
                    for s in sorted(distinct):
                        r *= rho[sources[s].reliability]
                else:
                    r = base
                    for g2 in sorted(grades):
                        r *= rho[g2] ** grades[g2]
                    r = min(r, above[2])
        mine: _Provenance = (root, grade, r, above[3] or ev.interested,
                             _earliest(above[4], _ordinal(ev.date)), circular)
        out[iid] = mine
        stack.append((iid, mine, False))
        for child in relayed_by.get(iid, ()):
            stack.append((child, mine, True))


def _weigh(evidence: Sequence[EvidenceInfo], by_id: Mapping[str, EvidenceInfo],
           sources: Mapping[str, SourceInfo], settings: Settings, today: date | None
           ) -> tuple[list[tuple[Any, ...]], dict[tuple[str, str], int], tuple[bool, bool, bool]]:
    """Steps 1–3: provenance, trust and weight of every item, and clusters.

    Returns the rows (``(ev,)`` for context, else ``(ev, root, root grade,
    ρ_path, interested*, date*, t, τ, e)``), the counted row of each
    (root, stance) cluster, and the (circular, credibility 1, undated) flags."""
    rho, kappa, delta = settings._fast  # type: ignore[attr-defined]
    lam, W, t_max = settings.interested, settings.prior_weight, settings.t_max
    half_life = settings.half_life_days
    as_of = 0
    if half_life is not None:
        as_of = (settings.as_of or today or date.today()).toordinal()
    rows: list[tuple[Any, ...]] = []
    best: dict[tuple[str, str], int] = {}
    circular = cred1 = undated = False
    chains: dict[str, _Provenance] | None = None  # computed once, for the first item that relays one
    for ev in evidence:
        if ev.stance == _CONTEXT:
            rows.append((ev,))
            continue
        if ev.derives_from_evidence is None:            # fast path: no chain to walk
            root = ev.derives_from_source
            if root is None:
                root = ev.source
            grade = sources[root].reliability
            r = rho[grade]
            if root != ev.source:
                r *= rho[sources[ev.source].reliability]
            interested = ev.interested
            first = ev.date.toordinal() if ev.date is not None else None
        else:
            if chains is None:
                chains = _provenance_all(by_id, sources, rho)
            root, grade, r, interested, first, circ = chains[ev.id]
            circular = circular or circ
        t = kappa[ev.credibility] * r * delta[ev.diagnosticity]
        if interested:
            t *= lam
        if t > t_max:
            t = t_max
        tau = 1.0
        if half_life is not None:
            if first is None:
                undated = True
            elif as_of > first:
                tau = 0.5 ** ((as_of - first) / half_life)
        e = tau * W * t / (1.0 - t)
        if ev.credibility == 1:
            cred1 = True
        idx = len(rows)
        rows.append((ev, root, grade, r, interested, first, t, tau, e))
        key = (root, ev.stance)
        j = best.get(key)
        if j is None:
            best[key] = idx
        else:
            other = rows[j]
            if e > other[8] or (e == other[8] and _earlier(first, ev.id, other[5], other[0].id)):
                best[key] = idx
    return rows, best, (circular, cred1, undated)


def _earlier(d1: int | None, id1: str, d2: int | None, id2: str) -> bool:
    """Cluster tie-break (step 3): earliest date first (undated last), then id."""
    if d1 != d2:
        if d1 is None:
            return False
        if d2 is None:
            return True
        return d1 < d2
    return id1 < id2


def assess(evidence: Sequence[EvidenceInfo], sources: Mapping[str, SourceInfo],
           base_rate: float = 0.5, settings: Settings = DEFAULT_SETTINGS,
           today: date | None = None, *, explain: bool = True) -> Assessment:
    """Assess one claim from its evidence (confidence.md steps 1–8).

    ``sources`` must hold every source the evidence names, including
    unrecorded origins named by ``derives_from_source``.  ``today`` is the
    ageing reference when ``settings.as_of`` is unset (default: the real
    today).  The base rate must lie strictly between 0 and 1: 0 or 1 would be
    a certainty that no evidence could move.  With ``explain=False`` the
    per-item breakdown (step 8, a third of the work) is left empty: the
    audit log records only the figures, for every claim a write re-assesses.
    """
    if isinstance(base_rate, bool) or not isinstance(base_rate, (int, float)) \
            or not 0.0 < base_rate < 1.0:
        raise ConfidenceInputError("claim", "base_rate", f"{base_rate!r} is not strictly between 0 and 1")
    a = float(base_rate)
    by_id = _validate(evidence, sources, settings)
    rows, best, (circular, cred1, undated) = _weigh(evidence, by_id, sources, settings, today)

    # Fusion (step 4).  fsum is exact, so R and S do not depend on the order
    # of the evidence or on which side a cluster is listed on.
    W = settings.prior_weight
    R = math.fsum([rows[i][8] for (_root, stance), i in best.items() if stance == _CORR])
    S = math.fsum([rows[i][8] for (_root, stance), i in best.items() if stance == _CONTRA])
    total = R + S
    u = W / (total + W)
    aW = a * W
    P = (R + aW) / (total + W)

    # Confidence (step 6).
    if R > S:
        dominant: str | None = _CORR
        q = S / R
    elif S > R:
        dominant = _CONTRA
        q = R / S
    else:
        dominant, q = None, (1.0 if total > 0 else 0.0)
    n = 0
    clean = conflict = False
    sides: dict[str, str] = {}
    for (root, stance), i in best.items():
        if sides.setdefault(root, stance) != stance:
            conflict = True
        if stance == dominant and rows[i][8] >= settings.e_min:
            n += 1
            if rows[i][2] in _CLEAN_GRADES and not rows[i][4]:
                clean = True
    if dominant is not None and n >= 2 and u <= 0.25 and q <= 0.10 and clean and not circular:
        confidence = "high"
    elif dominant is not None and u <= 0.45 and q <= 0.33 and (n >= 2 or (n == 1 and clean)):
        confidence = "moderate"
    else:
        confidence = "low"

    present = (total == 0, len(sides) == 1, circular, cred1, conflict, undated)
    flags = tuple(flag for flag, on in zip(FLAGS, present, strict=True) if on)
    word = likelihood_word(P) if total > 0 else NO_ASSESSMENT
    breakdown = _breakdown(rows, best, sources, settings, R, S, P, aW) if explain else ()
    return Assessment(P, u, word, confidence, flags, R, S, a, breakdown,
                      dominant, q, n, clean, len(sides))


def _breakdown(rows: list[tuple[Any, ...]], best: dict[tuple[str, str], int],
               sources: Mapping[str, SourceInfo], settings: Settings,
               R: float, S: float, P: float, aW: float) -> tuple[ItemBreakdown, ...]:
    """Step 8: one row per item, in the order given.  ΔP of a counted item is
    P minus P with its cluster's E taken out of R or S: O(1) per cluster."""
    rho, kappa, delta = settings._fast  # type: ignore[attr-defined]
    lam, W = settings.interested, settings.prior_weight
    total = R + S
    counted = set(best.values())
    out = []
    for idx, row in enumerate(rows):
        ev = row[0]
        relays = ev.derives_from_evidence or ev.derives_from_source
        own = sources[ev.source].reliability
        if len(row) == 1:
            out.append(ItemBreakdown(
                ev.id, ev.stance, "context", None, None, relays, rho[own], kappa[ev.credibility],
                delta[ev.diagnosticity], lam if ev.interested else 1.0, 0.0, 1.0, 0.0, 0.0, 0.0,
                ev.source, own, ev.credibility, ev.diagnosticity, ev.interested, None))
            continue
        _ev, root, grade, r, interested, _first, t, tau, e = row
        if idx in counted:
            role, same, share = "counted", None, (e / total if total > 0 else 0.0)
            if ev.stance == _CORR:
                dp = P - (R - e + aW) / (R - e + S + W)
            else:
                dp = P - (R + aW) / (R + S - e + W)
        else:
            role, same, share, dp = "absorbed", rows[best[(root, ev.stance)]][0].id, 0.0, 0.0
        out.append(ItemBreakdown(
            ev.id, ev.stance, role, root, same, relays, r, kappa[ev.credibility],
            delta[ev.diagnosticity], lam if interested else 1.0, t, tau, e, share, dp,
            ev.source, own, ev.credibility, ev.diagnosticity, interested, grade))
    return tuple(out)
