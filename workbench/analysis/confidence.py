"""The confidence model: graded evidence in, an explainable Assessment out.

This implements ``design/confidence.md`` (subjective logic over *evidence
units*) as pure functions with no I/O, so that the board, the memo, the CLI
and the tests all get the same numbers from the same inputs.

The hot path (:func:`assess`) works on plain floats, dicts and tuples: a
project re-assesses every claim whenever a grade changes, and a large project
has tens of thousands of claims.  The words (likelihood bands, flag texts)
and the text rendering live in :mod:`workbench.analysis.words` and are
re-exported here, so callers need one import.
The model's inputs (grades, settings, sources, evidence) are defined in
:mod:`workbench.analysis.inputs` and the walk along relay chains in
:mod:`workbench.analysis.chains`; both are re-exported here.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from datetime import date
from itertools import compress
from typing import Any

from workbench.analysis.chains import Provenance, provenance_all
from workbench.analysis.inputs import (
    CONFIDENCE_LEVELS,
    CREDIBILITY_GRADES,
    DEFAULT_SETTINGS,
    DIAGNOSTICITY,
    MAX_HALF_LIFE_DAYS,
    MAX_WEIGHT,
    RELIABILITY_GRADES,
    ROLES,
    STANCES,
    ConfidenceInputError,
    EvidenceInfo,
    Settings,
    SourceInfo,
)
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
    "CONFIDENCE_LEVELS", "MAX_WEIGHT", "MAX_HALF_LIFE_DAYS",
]

_CORR, _CONTRA, _CONTEXT = STANCES
_STANCE_SET = frozenset(STANCES)
_CLEAN_GRADES = frozenset("AB")


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

def _weigh(evidence: Sequence[EvidenceInfo], by_id: Mapping[str, EvidenceInfo] | None,
           sources: Mapping[str, SourceInfo], settings: Settings, today: date | None
           ) -> tuple[list[tuple[Any, ...]], dict[tuple[str, str], int], tuple[bool, bool, bool]]:
    """Steps 1–3: provenance, trust and weight of every item, and clusters.

    Returns the rows (``(ev,)`` for context, else ``(ev, root, root grade,
    ρ_path, interested*, date*, t, τ, e)``), the counted row of each
    (root, stance) cluster, and the (circular, credibility 1, undated) flags.
    ``by_id`` (None: made here if needed) indexes the evidence for the walk along relay
    chains, which most claims do not need."""
    rho, kappa, delta = settings._fast  # type: ignore[attr-defined]
    lam, W, t_max = settings.interested, settings.prior_weight, settings.t_max
    half_life = settings.half_life_days
    as_of = 0
    if half_life is not None:
        as_of = (settings.as_of or today or date.today()).toordinal()
    rows: list[tuple[Any, ...]] = []
    best: dict[tuple[str, str], int] = {}
    circular = cred1 = undated = False
    chains: dict[str, Provenance] | None = None  # computed once, for the first item that relays one
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
                chains = provenance_all(by_id if by_id is not None else {e.id: e for e in evidence}, sources, rho)
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
           today: date | None = None, *, explain: bool = True,
           shared: dict[float, float] | None = None, checked: bool = False) -> Assessment:
    """Assess one claim from its evidence (confidence.md steps 1–8).

    ``sources`` must hold every source the evidence names, including
    unrecorded origins named by ``derives_from_source``.  ``today`` is the
    ageing reference when ``settings.as_of`` is unset (default: the real
    today).  The base rate must lie strictly between 0 and 1: 0 or 1 would be
    a certainty that no evidence could move.  With ``explain=False`` the
    per-item breakdown (step 8, a third of the work) is left empty: the
    audit log records only the figures, for every claim a write re-assesses.
    ``shared`` (one dict for many claims) makes the breakdowns' equal path reliabilities, trusts
    and weights one float object each: an open project keeps every breakdown (100,000 on the XL
    project, whose 90,000 trusts and weights take 790 distinct values: about 4 MiB of copies).
    ``checked`` says the evidence and sources already passed exactly these checks elsewhere (a
    project write validates every item it assesses from memory): they are then only indexed.
    """
    if isinstance(base_rate, bool) or not isinstance(base_rate, (int, float)) \
            or not 0.0 < base_rate < 1.0:
        raise ConfidenceInputError("claim", "base_rate", f"{base_rate!r} is not strictly between 0 and 1")
    a = float(base_rate)
    by_id = None if checked else _validate(evidence, sources, settings)  # checked: indexed only for a relay
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
    flags = tuple(compress(FLAGS, present))
    word = likelihood_word(P) if total > 0 else NO_ASSESSMENT
    breakdown = _breakdown(rows, best, sources, settings, R, S, P, aW, shared) if explain else ()
    return Assessment(P, u, word, confidence, flags, R, S, a, breakdown,
                      dominant, q, n, clean, len(sides))


def _breakdown(rows: list[tuple[Any, ...]], best: dict[tuple[str, str], int],
               sources: Mapping[str, SourceInfo], settings: Settings,
               R: float, S: float, P: float, aW: float,
               shared: dict[float, float] | None = None) -> tuple[ItemBreakdown, ...]:
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
        if shared is not None:  # zeros left as they are (-0.0 == 0.0)
            r = shared.setdefault(r, r) if r else r
            t = shared.setdefault(t, t) if t else t
            e = shared.setdefault(e, e) if e else e
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
