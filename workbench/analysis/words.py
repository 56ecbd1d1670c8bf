"""Plain-words rendering of an :class:`~workbench.analysis.confidence.Assessment`.

Fact-checkers and their readers must be able to follow every number, so the
same wording is used by the UI's confidence panel (:func:`explain_lines`),
the memo (:func:`judgement_sentences`) and ``vwb assess``
(:func:`format_assessment_text`).  The model's vocabulary (ICD 203 bands,
flag texts) lives here too; :mod:`workbench.analysis.confidence` re-exports it all.
No Qt, no I/O.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from workbench.analysis.result import Assessment, ItemBreakdown

__all__ = ["LIKELIHOOD_BANDS", "NO_ASSESSMENT", "FLAGS", "FLAG_TEXT", "likelihood_word",
           "likelihood_label",
           "judgement_sentences", "explain_lines", "format_assessment_text",
           "origin_name", "claim_clause"]

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


_NOUN_WORDS = {"almost no chance", "roughly even chance"}
_NUMBERS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


# Sentence-initial words that are never proper nouns, so "that The ministry
# lied" can read "that the ministry lied"; anything else keeps its capital.
_LOWER_FIRST = frozenset(
    "a an the this that these those it its there some many most several no our their "
    "his her he she they we".split())


def claim_clause(claim_text: str) -> str:
    """The claim as a clause after "that …": trimmed, without its final full
    stop, and with a leading article or pronoun lowercased (other capitals are
    kept: they are usually proper nouns)."""
    text = " ".join(claim_text.split())
    if text.endswith(".") and not text.endswith(".."):
        text = text[:-1]
    first, _sep, _rest = text.partition(" ")
    if first.lower() in _LOWER_FIRST and first[:1].isupper() and first[1:].islower():
        text = first.lower() + text[len(first):]
    return text


def _count(n: int, noun: str) -> str:
    word = _NUMBERS[n] if n < len(_NUMBERS) else str(n)
    return f"{word} {noun}{'' if n == 1 else 's'}"


def _uncertainty(u: float) -> str:
    level = "low" if u <= 0.25 else "moderate" if u <= 0.45 else "high"
    return f"uncertainty is {level} ({u:.2f})"


def judgement_sentences(a: Assessment, claim_text: str) -> tuple[str, str]:
    """The ICD 203 likelihood sentence and the analytic-confidence sentence.

    The second sentence names the reasons confidence.md step 6 decides on
    (substantive independent origins, a clean A/B origin, how far the sides
    disagree, the uncertainty), so a reader can see why it is not higher.
    """
    clause = claim_clause(claim_text)
    if "no_evidence" in a.flags or a.likelihood == NO_ASSESSMENT:
        return (f"We cannot yet assess whether {clause}: no corroborating or contradicting "
                f"evidence is recorded.",
                "We have low confidence in this judgement because no evidence has been weighed yet.")
    word = a.likelihood
    label = likelihood_label(word)
    band = f" ({label})" if label else ""
    if word in _NOUN_WORDS:
        lead = f"We assess there is {'a ' if word.startswith('roughly') else ''}{word}{band} that"
    else:
        lead = f"We assess it is {word}{band} that"
    first = f"{lead} {clause}."

    reasons: list[str] = []
    if a.dominant is None:
        reasons.append("the evidence for and against the claim weighs exactly the same")
    else:
        plural, singular = (("support", "supports") if a.dominant == "corroborates"
                            else ("speak against", "speaks against"))
        n = a.substantive_origins
        if n == 0:
            reasons.append("no single origin carries substantive weight on its own")
        else:
            verb = singular if n == 1 else plural
            reasons.append(f"{_count(n, 'independent origin')} of substantive weight {verb} the claim")
            if a.clean_origin:
                reasons.append("at least one of them is graded A or B and has no stake in the outcome"
                               if n > 1 else "it is graded A or B and has no stake in the outcome")
            else:
                reasons.append("none is graded A or B without a stake in the outcome"
                               if n > 1 else "it is not graded A or B without a stake in the outcome")
        q = a.disagreement
        if q == 0:
            reasons.append("nothing weighs on the other side")
        elif q <= 0.10:
            reasons.append(f"the other side weighs little ({q:.0%} as much)")
        elif q <= 0.33:
            reasons.append(f"the other side weighs {q:.0%} as much")
        else:
            reasons.append(f"the two sides nearly balance (the weaker weighs {q:.0%} of the stronger)")
    if "single_origin" in a.flags:
        reasons.append("everything that counts traces back to a single origin")
    if "circular_reporting" in a.flags:
        reasons.append("part of the reporting is circular")
    reasons.append(_uncertainty(a.uncertainty))
    second = (f"We have {a.confidence} confidence in this judgement because "
              f"{', '.join(reasons[:-1])} and {reasons[-1]}.")
    return first, second


def origin_name(origin: str | None, source_names: Mapping[str, str]) -> str:
    """A root as people read it: the source's name, or the loop it sits in."""
    if origin is None:
        return ""
    if origin.startswith("cycle:"):
        sid = origin[len("cycle:"):]
        return f"a reporting loop around {source_names.get(sid) or sid}"
    return source_names.get(origin) or origin


def _item_line(b: ItemBreakdown, names: Mapping[str, str]) -> str:
    src = names.get(b.source) or b.source
    head = f"{b.id} ({src}, {b.stance})"
    if b.role == "context":
        return f"{head}: context — recorded for the reader, never counts."
    origin = origin_name(b.origin, names)
    if b.role == "absorbed":
        return (f"{head}: absorbed — same origin as {b.same_origin_as} ({origin}); "
                f"its weight {b.weight:.3f} adds nothing.")
    factors = (f"credibility {b.credibility_factor:.2f} × reliability {b.reliability_path:.3f} × "
               f"diagnosticity {b.diagnosticity_factor:.2f} × interest {b.interested_factor:.2f}")
    age = "" if b.age_factor == 1.0 else f" × age {b.age_factor:.2f}"
    return (f"{head}: counted — origin {origin}; trust {b.trust:.3f} ({factors}){age} "
            f"→ weight {b.weight:.3f}, {b.share:.0%} of all weight, moves P by {b.delta_p:+.3f}.")


def explain_lines(a: Assessment, source_names: Mapping[str, str]) -> list[str]:
    """One line per evidence item (in the order given) and one per flag."""
    lines = [_item_line(b, source_names) for b in a.evidence]
    lines.extend(f"{flag}: {FLAG_TEXT.get(flag, flag)}" for flag in a.flags)
    return lines


def _clip(text: str, width: int = 28) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def format_assessment_text(claim_id: str, claim_text: str, a: Assessment,
                           source_names: Mapping[str, str]) -> str:
    """A plain-text block: header, the two judgement sentences, an aligned
    breakdown table and the flags in words."""
    first, second = judgement_sentences(a, claim_text)
    word = a.likelihood if a.likelihood == NO_ASSESSMENT else \
        f"{a.likelihood}, {likelihood_label(a.likelihood)}"
    out = [
        f"{claim_id}: {claim_clause(claim_text)}",
        f"  P = {a.probability:.3f} ({word}), uncertainty {a.uncertainty:.3f}, "
        f"confidence {a.confidence}; R = {a.corroborating_weight:.3f}, "
        f"S = {a.contradicting_weight:.3f}, base rate {a.base_rate:g}",
        f"  {first}",
        f"  {second}",
    ]
    if a.evidence:
        header = ("item", "source", "stance", "role", "origin", "trust", "age", "weight", "share", "ΔP")
        rows = [header]
        for b in a.evidence:
            src = _clip(source_names.get(b.source) or b.source)
            if b.role == "context":
                rows.append((b.id, src, b.stance, "context", "", "", "", "", "", ""))
                continue
            role = "counted" if b.role == "counted" else f"= {b.same_origin_as}"
            share = f"{b.share:.0%}" if b.role == "counted" else ""
            dp = f"{b.delta_p:+.3f}" if b.role == "counted" else ""
            rows.append((b.id, src, b.stance, role, _clip(origin_name(b.origin, source_names)),
                         f"{b.trust:.3f}", f"{b.age_factor:.2f}", f"{b.weight:.3f}", share, dp))
        widths = [max(len(r[i]) for r in rows) for i in range(len(header))]
        numeric = set(range(5, len(header)))
        out.append("")
        for r in rows:
            cells = [c.rjust(w) if i in numeric else c.ljust(w)
                     for i, (c, w) in enumerate(zip(r, widths, strict=True))]
            out.append("  " + "  ".join(cells).rstrip())
    if a.flags:
        out.append("")
        out.append("  Flags:")
        out.extend(f"  - {flag}: {FLAG_TEXT.get(flag, flag)}" for flag in a.flags)
    return "\n".join(out) + "\n"
