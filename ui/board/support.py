"""Thin support: a judgement that rests on one weak or anonymous origin.

The model may rightly call a claim "likely" on a single report graded F3:
with nothing against it, one item moves the probability.  What an editor
must see at a glance is how little that rests on, so the board and the
confidence panel say so in words beside the likelihood.  Support is *thin*
when every counted item on the side the judgement leans to traces back to
one origin, and that origin is graded D, E or F (not usually reliable or
worse) or is confidential (anonymous to the reader).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

WEAK_GRADES = frozenset("DEF")
#: Below and above these probabilities a judgement leans one way (the even-chance band).
EVEN_LOW, EVEN_HIGH = 0.45, 0.55


@dataclass(frozen=True)
class ThinSupport:
    """Which origin a leaning judgement rests on, and why that is thin."""

    origin: str        # source id
    name: str          # the source's name (or "an anonymous source")
    grade: str         # e.g. "F3": the origin's reliability and the item's credibility
    anonymous: bool
    side: str          # "corroborates" or "contradicts"

    @property
    def short(self) -> str:
        return "thin support"

    @property
    def sentence(self) -> str:
        """One line for the panel: what it rests on and what would change it."""
        who = "one anonymous source" if self.anonymous else "one source"
        leans = "for" if self.side == "corroborates" else "against"
        return (f"Thin support: everything {leans} this claim rests on {who}, graded {self.grade} "
                f"({self.name}). A second, independent source would change the judgement.")


def thin_support(assessment: Any, sources: Mapping[str, Mapping[str, Any]]) -> ThinSupport | None:
    """The :class:`ThinSupport` of ``assessment`` (a ``workbench.analysis`` Assessment), or None."""
    p = getattr(assessment, "probability", None)
    if p is None or not getattr(assessment, "evidence", None) or EVEN_LOW <= p <= EVEN_HIGH:
        return None
    side = "corroborates" if p > EVEN_HIGH else "contradicts"
    counted = [b for b in assessment.evidence if b.role == "counted" and b.stance == side]
    origins = {b.origin or b.source for b in counted}
    if len(origins) != 1:
        return None
    origin = next(iter(origins))
    src = sources.get(origin, {})
    grade_letter = next((b.origin_grade or b.reliability for b in counted), "") or str(src.get("reliability", ""))
    anonymous = bool(src.get("confidential"))
    if grade_letter not in WEAK_GRADES and not anonymous:
        return None
    credibility = min(b.credibility for b in counted)
    return ThinSupport(origin, str(src.get("name") or "an unnamed source"), f"{grade_letter}{credibility}",
                       anonymous, side)
