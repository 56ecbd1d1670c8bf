"""What an assessment is: the result records the engine returns and every renderer reads.

Kept apart from the engine (:mod:`workbench.analysis.confidence`) and from its
words (:mod:`workbench.analysis.words`) so that both depend on these records
and neither on the other.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
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


@dataclass(frozen=True, slots=True)
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
