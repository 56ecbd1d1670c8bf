"""The confidence model: graded evidence in, an explainable Assessment out.

This implements ``design/confidence.md`` (subjective logic over *evidence
units*) as pure functions with no I/O, so that the board, the memo, the CLI
and the tests all get the same numbers from the same inputs.

The hot path (:func:`assess`) works on plain floats, dicts and tuples: a
project re-assesses every claim whenever a grade changes, and a large project
has tens of thousands of claims.  Text rendering lives in
:mod:`workbench.confidence_text` and is re-exported here.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType
from typing import Any, Mapping, Sequence

__all__ = [
    "LIKELIHOOD_BANDS", "NO_ASSESSMENT", "RELIABILITY_GRADES", "CREDIBILITY_GRADES",
    "STANCES", "DIAGNOSTICITY", "ROLES", "FLAGS", "FLAG_TEXT", "ConfidenceInputError",
    "Settings", "DEFAULT_SETTINGS", "SourceInfo", "EvidenceInfo", "ItemBreakdown",
    "Assessment", "assess", "likelihood_word", "likelihood_label",
    "judgement_sentences", "explain_lines", "format_assessment_text",
]

# ICD 203 likelihood words with the band each one names.  The bands are the
# published labels; the word for a probability is chosen by the thresholds of
# confidence.md step 5 (``P < .05`` is "almost no chance" even below 1 %).
LIKELIHOOD_BANDS: tuple[tuple[str, float, float, str], ...] = (
    ("almost no chance", 0.01, 0.05, "01–05%"),
    ("very unlikely", 0.05, 0.20, "05–20%"),
    ("unlikely", 0.20, 0.45, "20–45%"),
    ("roughly even chance", 0.45, 0.55, "45–55%"),
    ("likely", 0.55, 0.80, "55–80%"),
    ("very likely", 0.80, 0.95, "80–95%"),
    ("almost certain", 0.95, 0.99, "95–99%"),
)
NO_ASSESSMENT = "no assessment"

RELIABILITY_GRADES = "ABCDEF"
CREDIBILITY_GRADES = (1, 2, 3, 4, 5, 6)
STANCES = ("corroborates", "contradicts", "context")
DIAGNOSTICITY = ("high", "medium", "low")
ROLES = ("counted", "absorbed", "context")
CONFIDENCE_LEVELS = ("low", "moderate", "high")

# Flags in the order they are reported.
FLAGS = ("no_evidence", "single_origin", "circular_reporting",
         "credibility_1_scored_as_2", "origin_conflict", "undated")
FLAG_TEXT: dict[str, str] = {
    "no_evidence": "No corroborating or contradicting evidence is recorded, so the "
                   "probability is just the base rate.",
    "single_origin": "Everything that counts traces back to one origin: there is no "
                     "independent confirmation.",
    "circular_reporting": "Some reports cite each other in a loop; the loop counts once, "
                          "at the reliability of its weakest source.",
    "credibility_1_scored_as_2": "An item graded 1 (\"confirmed by independent sources\") "
                                 "was scored as 2: the model counts independent confirmation "
                                 "itself, so counting the grade too would count it twice.",
    "origin_conflict": "The same origin is cited both for and against the claim.",
    "undated": "Ageing is on but at least one item has no date; undated items are not aged.",
}

_CORR, _CONTRA, _CONTEXT = STANCES
_STANCE_SET = frozenset(STANCES)
_CLEAN_GRADES = frozenset("AB")

_DEFAULT_RHO = {"A": 0.95, "B": 0.80, "C": 0.60, "D": 0.35, "E": 0.10, "F": 0.50}
_DEFAULT_KAPPA = {1: 0.70, 2: 0.70, 3: 0.50, 4: 0.25, 5: 0.10, 6: 0.40}
_DEFAULT_DELTA = {"high": 1.0, "medium": 0.6, "low": 0.3}


class ConfidenceInputError(ValueError):
    """Invalid model input.  The message names the offending item and field so
    that a loader or the CLI can report it in one line without guessing."""

    def __init__(self, item_id: str, field_name: str, problem: str) -> None:
        self.item_id = item_id
        self.field = field_name
        self.problem = problem
        super().__init__(f"{item_id}: {field_name}: {problem}")

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
           key: Any = lambda k: k) -> MappingProxyType:
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
                                                0.0, math.inf, lo_open=True))
        if self.as_of is not None and not isinstance(self.as_of, date):
            raise ConfidenceInputError("project", "as_of", f"must be a date, not {self.as_of!r}")
        put(self, "prior_weight", _number(self.prior_weight, "settings", "prior_weight",
                                          0.0, math.inf, lo_open=True))
        put(self, "t_max", _number(self.t_max, "settings", "t_max", 0.0, 1.0,
                                   lo_open=True, hi_open=True))
        put(self, "e_min", _number(self.e_min, "settings", "e_min", 0.0, math.inf))
        # Plain dicts for the hot path; grade 1 scored as grade 2 (see FLAG_TEXT).
        kappa = dict(self.credibility)
        kappa[1] = kappa[2]
        put(self, "_fast", (dict(self.reliability), kappa, dict(self.diagnosticity)))

    def __hash__(self) -> int:
        return hash((tuple(sorted(self.reliability.items())), tuple(sorted(self.credibility.items())),
                     tuple(sorted(self.diagnosticity.items())), self.interested,
                     self.half_life_days, self.as_of, self.prior_weight, self.t_max, self.e_min))

    @classmethod
    def from_json(cls, project: Mapping[str, Any]) -> "Settings":
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


@dataclass(frozen=True)
class ItemBreakdown:
    """How one evidence item entered the assessment (confidence.md step 8).
    ``weight`` is the item's own e; only counted items' weights enter R and S,
    so ``share`` and ``delta_p`` are 0 for absorbed and context items.  Context
    items carry their own grades' factors for display and trust 0."""

    id: str
    stance: str
    role: str
    origin: str | None
    same_origin_as: str | None
    relays: str | None
    reliability_path: float
    credibility_factor: float
    diagnosticity_factor: float
    interested_factor: float
    trust: float
    age_factor: float
    weight: float
    share: float
    delta_p: float
    # Additions for display (the grades the factors came from).
    source: str = ""
    reliability: str = ""
    credibility: int = 0
    diagnosticity: str = "high"
    interested: bool = False          # interested*: anyone on the chain is interested
    origin_grade: str | None = None   # the root's grade (a loop's weakest member)


@dataclass(frozen=True)
class Assessment:
    """Likelihood and analytic confidence of one claim, with the breakdown
    that explains them."""

    probability: float
    uncertainty: float
    likelihood: str
    confidence: str
    flags: tuple[str, ...]
    corroborating_weight: float
    contradicting_weight: float
    base_rate: float
    evidence: tuple[ItemBreakdown, ...]
    # Additions: the quantities step 6 decides confidence from.
    dominant: str | None = None        # "corroborates" | "contradicts" | None (R == S)
    disagreement: float = 0.0          # q = min(R, S) / max(R, S)
    substantive_origins: int = 0       # n: dominant-side clusters with E >= e_min
    clean_origin: bool = False         # one of them has an A/B root and is not interested
    independent_origins: int = 0       # distinct roots among counted clusters

    def to_json(self, claim_id: str, text: str) -> dict[str, Any]:
        """The per-claim object of interfaces.md "Assessment" (numbers unrounded)."""
        return {
            "id": claim_id,
            "text": text,
            "probability": self.probability,
            "uncertainty": self.uncertainty,
            "likelihood": self.likelihood,
            "confidence": self.confidence,
            "flags": list(self.flags),
            "corroborating_weight": self.corroborating_weight,
            "contradicting_weight": self.contradicting_weight,
            "evidence": [
                {"id": b.id, "role": b.role, "origin": b.origin, "trust": b.trust,
                 "age_factor": b.age_factor, "weight": b.weight, "share": b.share,
                 "delta_p": b.delta_p}
                for b in self.evidence
            ],
        }


def likelihood_word(p: float) -> str:
    """The ICD 203 word for probability ``p`` (confidence.md step 5)."""
    if p < 0.05:
        return "almost no chance"
    if p < 0.20:
        return "very unlikely"
    if p < 0.45:
        return "unlikely"
    if p <= 0.55:
        return "roughly even chance"
    if p <= 0.80:
        return "likely"
    if p <= 0.95:
        return "very likely"
    return "almost certain"


_LABELS = {word: label for word, _lo, _hi, label in LIKELIHOOD_BANDS}


def likelihood_label(word: str) -> str:
    """The band label ("55–80%") of an ICD 203 word; "" for no assessment."""
    return _LABELS.get(word, "")


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


def _provenance(ev: EvidenceInfo, by_id: Mapping[str, EvidenceInfo],
                sources: Mapping[str, SourceInfo], rho: Mapping[str, float]
                ) -> tuple[str, str, float, bool, int | None, bool]:
    """Follow ``derives_from`` to the root (confidence.md step 1).

    Returns (root, root grade, ρ_path, interested*, date* as an ordinal,
    circular).  ρ_path multiplies the distinct sources on the chain; in a
    loop the loop's sources together contribute only their lowest ρ (the
    loop is no stronger than its weakest link), and the root is named after
    the loop's smallest source id so every item feeding it shares one root."""
    chain = [ev]
    pos = {ev.id: 0}
    cur = ev
    loop_at = -1
    while True:
        nxt = cur.derives_from_evidence
        if nxt is None:
            break
        if nxt in pos:
            loop_at = pos[nxt]
            break
        cur = by_id[nxt]
        pos[nxt] = len(chain)
        chain.append(cur)
    interested = False
    first: int | None = None
    for item in chain:
        if item.interested:
            interested = True
        if item.date is not None:
            d = item.date.toordinal()
            if first is None or d < first:
                first = d
    # ρ factors are multiplied in a canonical order (loop factor first, then
    # sources by id) so that a relay, whose chain only adds factors ≤ 1, can
    # never come out a rounding error *above* the item it relays.
    if loop_at < 0:
        end = cur.derives_from_source
        root = end if end is not None else cur.source
        distinct = {item.source for item in chain}
        distinct.add(root)
        r = 1.0
        for sid in sorted(distinct):
            r *= rho[sources[sid].reliability]
        return root, sources[root].reliability, r, interested, first, False
    loop = {item.source for item in chain[loop_at:]}
    weakest = min(loop, key=lambda sid: (rho[sources[sid].reliability], sid))
    grade = sources[weakest].reliability
    r = rho[grade]
    for sid in sorted({item.source for item in chain[:loop_at]} - loop):
        r *= rho[sources[sid].reliability]
    return "cycle:" + min(loop), grade, r, interested, first, True


def assess(evidence: Sequence[EvidenceInfo], sources: Mapping[str, SourceInfo],
           base_rate: float = 0.5, settings: Settings = DEFAULT_SETTINGS,
           today: date | None = None) -> Assessment:
    """Assess one claim from its evidence (confidence.md steps 1–8).

    ``sources`` must hold every source the evidence names, including
    unrecorded origins named by ``derives_from_source``.  ``today`` is the
    ageing reference when ``settings.as_of`` is unset (default: the real
    today).  The base rate must lie strictly between 0 and 1: 0 or 1 would be
    a certainty that no evidence could move.
    """
    if isinstance(base_rate, bool) or not isinstance(base_rate, (int, float)) \
            or not 0.0 < base_rate < 1.0:
        raise ConfidenceInputError("claim", "base_rate", f"{base_rate!r} is not strictly between 0 and 1")
    a = float(base_rate)
    by_id = _validate(evidence, sources, settings)
    rho, kappa, delta = settings._fast  # type: ignore[attr-defined]
    lam, W, t_max = settings.interested, settings.prior_weight, settings.t_max
    half_life = settings.half_life_days
    as_of = 0
    if half_life is not None:
        ref = settings.as_of or today or date.today()
        as_of = ref.toordinal()

    # Per-item rows: (ev, root, grade, rho_path, interested*, date*, circular, t, tau, e)
    rows: list[tuple[Any, ...]] = []
    best: dict[tuple[str, str], int] = {}       # (root, stance) -> index of counted row
    circular = cred1 = undated = False
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
            circ = False
        else:
            root, grade, r, interested, first, circ = _provenance(ev, by_id, sources, rho)
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
        rows.append((ev, root, grade, r, interested, first, circ, t, tau, e))
        key = (root, ev.stance)
        j = best.get(key)
        if j is None:
            best[key] = idx
        else:
            other = rows[j]
            oe = other[9]
            if e > oe or (e == oe and _earlier(first, ev.id, other[5], other[0].id)):
                best[key] = idx

    # Fusion (step 4).  fsum is exact, so R and S do not depend on the order
    # of the evidence or on which side a cluster is listed on.
    corr = [rows[i][9] for (root, stance), i in best.items() if stance == _CORR]
    contra = [rows[i][9] for (root, stance), i in best.items() if stance == _CONTRA]
    R = math.fsum(corr)
    S = math.fsum(contra)
    total = R + S
    denom = total + W
    u = W / denom
    aW = a * W
    P = (R + aW) / denom

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
    clean = False
    roots: set[str] = set()
    sides: dict[str, str] = {}
    conflict = False
    for (root, stance), i in best.items():
        roots.add(root)
        if sides.setdefault(root, stance) != stance:
            conflict = True
        if stance == dominant:
            row = rows[i]
            if row[9] >= settings.e_min:
                n += 1
                if row[2] in _CLEAN_GRADES and not row[4]:
                    clean = True
    if dominant is not None and n >= 2 and u <= 0.25 and q <= 0.10 and clean and not circular:
        confidence = "high"
    elif dominant is not None and u <= 0.45 and q <= 0.33 and (n >= 2 or (n == 1 and clean)):
        confidence = "moderate"
    else:
        confidence = "low"

    flags = []
    if total == 0:
        flags.append("no_evidence")
    if len(roots) == 1:
        flags.append("single_origin")
    if circular:
        flags.append("circular_reporting")
    if cred1:
        flags.append("credibility_1_scored_as_2")
    if conflict:
        flags.append("origin_conflict")
    if undated:
        flags.append("undated")

    word = likelihood_word(P) if total > 0 else NO_ASSESSMENT
    counted = {i: key for key, i in best.items()}
    breakdown = []
    for idx, row in enumerate(rows):
        ev = row[0]
        if len(row) == 1:
            sgrade = sources[ev.source].reliability
            breakdown.append(ItemBreakdown(
                ev.id, ev.stance, "context", None, None,
                ev.derives_from_evidence or ev.derives_from_source,
                rho[sgrade], kappa[ev.credibility], delta[ev.diagnosticity],
                lam if ev.interested else 1.0, 0.0, 1.0, 0.0, 0.0, 0.0,
                ev.source, sgrade, ev.credibility, ev.diagnosticity, ev.interested, None))
            continue
        _ev, root, grade, r, interested, _first, _circ, t, tau, e = row
        key = counted.get(idx)
        if key is not None:
            role, same, share = "counted", None, (e / total if total > 0 else 0.0)
            if ev.stance == _CORR:
                rest = R - e
                dp = P - (rest + aW) / (rest + S + W)
            else:
                rest = S - e
                dp = P - (R + aW) / (R + rest + W)
        else:
            role, same, share, dp = "absorbed", rows[best[(root, ev.stance)]][0].id, 0.0, 0.0
        breakdown.append(ItemBreakdown(
            ev.id, ev.stance, role, root, same,
            ev.derives_from_evidence or ev.derives_from_source,
            r, kappa[ev.credibility], delta[ev.diagnosticity], lam if interested else 1.0,
            t, tau, e, share, dp,
            ev.source, sources[ev.source].reliability, ev.credibility, ev.diagnosticity,
            interested, grade))

    return Assessment(P, u, word, confidence, tuple(flags), R, S, a, tuple(breakdown),
                      dominant, q, n, clean, len(roots))


def _earlier(d1: int | None, id1: str, d2: int | None, id2: str) -> bool:
    """Cluster tie-break (step 3): earliest date first (undated last), then id."""
    if d1 != d2:
        if d1 is None:
            return False
        if d2 is None:
            return True
        return d1 < d2
    return id1 < id2


# --------------------------------------------------------------------------- #
# Text rendering lives in confidence_text; these wrappers keep one import
# point for callers without an import cycle.

def judgement_sentences(a: Assessment, claim_text: str) -> tuple[str, str]:
    """The ICD 203 likelihood sentence and the confidence sentence."""
    from workbench.confidence_text import judgement_sentences as render
    return render(a, claim_text)


def explain_lines(a: Assessment, source_names: Mapping[str, str]) -> list[str]:
    """One plain line per evidence item and per flag, for the confidence panel."""
    from workbench.confidence_text import explain_lines as render
    return render(a, source_names)


def format_assessment_text(claim_id: str, claim_text: str, a: Assessment,
                           source_names: Mapping[str, str]) -> str:
    """The plain-text block ``vwb assess`` prints for one claim."""
    from workbench.confidence_text import format_assessment_text as render
    return render(claim_id, claim_text, a, source_names)
