"""The words of the memo: ICD 203 likelihood bands, flags and reasons.

The memo must say *why* it holds a judgement, in sentences an editor can
read aloud, and it must say it the same way as the rest of the app. When
``workbench.analysis.confidence`` provides ``LIKELIHOOD_BANDS`` and ``FLAG_TEXT`` they
are used, so the board and the memo never drift apart; until then (and for
anything it does not define) the ICD 203 wording below stands in. The
sentences are built from plain assessment dicts (``vwb assess --json``) so
the memo stays decoupled from the model's internals.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from types import SimpleNamespace
from typing import Any

#: (word, lower bound %, upper bound %) in ICD 203 order, least likely first.
ICD_BANDS: tuple[tuple[str, int, int], ...] = (
    ("almost no chance", 1, 5),
    ("very unlikely", 5, 20),
    ("unlikely", 20, 45),
    ("roughly even chance", 45, 55),
    ("likely", 55, 80),
    ("very likely", 80, 95),
    ("almost certain", 95, 99),
)
NO_ASSESSMENT = "no assessment"

DEFAULT_FLAG_TEXT: dict[str, str] = {
    "no_evidence": "No evidence bears on this claim yet; the figure is only the base rate.",
    "single_origin": "All the evidence that counts traces back to a single origin.",
    "circular_reporting": "Some reports cite each other in a loop (circular reporting).",
    "credibility_1_scored_as_2": (
        "Credibility 1 (“confirmed by independent sources”) was scored as 2, because the "
        "model counts independent confirmation itself."
    ),
    "origin_conflict": "One origin is on both sides of the question.",
    "undated": "Some evidence is undated, so its age could not be taken into account.",
}

# Thresholds of the confidence rules (confidence.md, step 6); used only to
# explain a confidence level the model has already given, never to recompute it.
_E_MIN = 0.75
_U_HIGH, _U_MODERATE = 0.25, 0.45
_Q_HIGH, _Q_MODERATE = 0.10, 0.33


def _from_confidence(name: str) -> Any:
    """An attribute of ``workbench.analysis.confidence`` if that module offers it, else None."""
    try:
        from workbench.analysis import confidence  # optional: the model module may be absent
    except Exception:  # pragma: no cover - depends on what is installed
        return None
    return getattr(confidence, name, None)


def likelihood_bands() -> list[tuple[str, int, int]]:
    """(word, lo %, hi %) for each ICD 203 word, from the model when it has them."""
    bands = _from_confidence("LIKELIHOOD_BANDS")
    out: list[tuple[str, int, int]] = []
    if bands:
        try:
            for band in bands:
                word, lo, hi = band[0], band[1], band[2]
                lo_pc = round(lo * 100) if isinstance(lo, float) and lo <= 1 else int(lo)
                hi_pc = round(hi * 100) if isinstance(hi, float) and hi <= 1 else int(hi)
                out.append((str(word), lo_pc, hi_pc))
        except (TypeError, IndexError, ValueError):
            out = []
    return out or list(ICD_BANDS)


def band_label(word: str) -> str:
    """"55–80%" for "likely"; "" for "no assessment" or an unknown word."""
    for name, lo, hi in likelihood_bands():
        if name == word:
            return f"{lo:02d}–{hi:02d}%"
    return ""


def flag_text(flag: str) -> str:
    """Plain words for a model flag; the flag itself if nobody has words for it."""
    table = _from_confidence("FLAG_TEXT")
    if isinstance(table, Mapping) and flag in table:
        return str(table[flag])
    return DEFAULT_FLAG_TEXT.get(flag, flag.replace("_", " "))


def likelihood_sentence(word: str, claim_text: str) -> str:
    """ICD 203 style: "We assess it is likely (55–80%) that …"."""
    clause = claim_text.strip().rstrip(".!?;: ")
    if word == NO_ASSESSMENT or not band_label(word):
        return (f"We make no assessment of whether {clause}: no corroborating or contradicting "
                "evidence is recorded yet.")
    label = band_label(word)
    if word.endswith("chance"):
        article = "" if word.startswith("almost") else "a "
        return f"We assess there is {article}{word} ({label}) that {clause}."
    return f"We assess it is {word} ({label}) that {clause}."


@dataclass(frozen=True)
class _Side:
    """What the counted evidence on one side amounts to."""

    weight: float
    origins: int
    substantive: int


def _side(items: Sequence[Mapping[str, Any]], stance_of: Callable[[str], str], stance: str) -> _Side:
    counted = [i for i in items if i.get("role") == "counted" and stance_of(str(i.get("id"))) == stance]
    weight = sum(float(i.get("weight") or 0.0) for i in counted)
    substantive = sum(1 for i in counted if float(i.get("weight") or 0.0) >= _E_MIN)
    return _Side(weight, len(counted), substantive)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def confidence_sentence(
    assessment: Mapping[str, Any],
    stance_of: Callable[[str], str],
    strongest: str = "",
) -> str:
    """"We have moderate confidence in this judgement because …".

    Built from the model's own outputs: the flags, the weights on each side,
    the uncertainty and how many independent origins carry real weight.
    ``stance_of`` maps an evidence id to its stance; ``strongest`` names the
    heaviest counted origin on the dominant side (already made safe for an
    external memo by the caller).
    """
    level = str(assessment.get("confidence") or "low")
    flags = [str(f) for f in assessment.get("flags") or []]
    items = list(assessment.get("evidence") or [])
    if "no_evidence" in flags or str(assessment.get("likelihood")) == NO_ASSESSMENT:
        return (
            "We have low confidence in this judgement because no evidence for or against it is "
            "recorded yet; the figure is only the starting assumption (base rate)."
        )
    pro = _side(items, stance_of, "corroborates")
    con = _side(items, stance_of, "contradicts")
    if pro.weight == con.weight:
        dominant, other, direction = pro, con, None
    elif pro.weight > con.weight:
        dominant, other, direction = pro, con, "for"
    else:
        dominant, other, direction = con, pro, "against"
    u = float(assessment.get("uncertainty") or 1.0)
    q = other.weight / dominant.weight if dominant.weight else 1.0

    support: list[str] = []
    limits: list[str] = []
    if direction is None:
        limits.append("the evidence for and against weighs exactly the same")
    else:
        one = dominant.origins == 1
        verb = ("supports" if one else "support") if direction == "for" else ("weighs" if one else "weigh")
        target = "the claim" if direction == "for" else "against the claim"
        support.append(f"{_plural(dominant.origins, 'independent origin')} {verb} {target}")
        if strongest:
            support.append(f"the weightiest of them is {strongest}")
        if q <= _Q_HIGH:
            support.append("little points the other way" if other.weight else "nothing points the other way")
        elif q <= _Q_MODERATE:
            limits.append("some evidence points the other way")
        else:
            limits.append(f"the evidence for and against is nearly balanced ({pro.weight:.2f} for, "
                          f"{con.weight:.2f} against)")
        if dominant.substantive == 0:
            limits.append("no single origin carries substantial weight on its own")
        elif dominant.substantive == 1 and level != "high":
            limits.append("it rests on one substantial origin")
    if u > _U_MODERATE:
        limits.append(f"the body of evidence is thin (uncertainty {u:.2f})")
    elif u > _U_HIGH and level != "high":
        limits.append(f"the body of evidence is still small (uncertainty {u:.2f})")
    for flag in ("single_origin", "circular_reporting", "origin_conflict", "undated"):
        if flag in flags:
            limits.append({
                "single_origin": "everything that counts traces back to one origin",
                "circular_reporting": "some reports cite each other in a loop",
                "origin_conflict": "one origin appears on both sides",
                "undated": "some evidence is undated",
            }[flag])
    if level == "high" or not limits:
        reasons = "; ".join(support) or "the evidence points clearly one way"
    elif level == "low" or not support:
        reasons = "; ".join(limits)
    else:
        reasons = "; ".join(support) + ", but " + "; ".join(limits)
    return f"We have {level} confidence in this judgement because {reasons}."


def reliability_words(grade: str) -> str:
    """Admiralty source reliability grade in words."""
    return {
        "A": "completely reliable", "B": "usually reliable", "C": "fairly reliable",
        "D": "not usually reliable", "E": "unreliable", "F": "reliability cannot be judged",
    }.get(grade, "")


def credibility_words(grade: int | str) -> str:
    """Admiralty information credibility grade in words."""
    return {
        "1": "confirmed by independent sources", "2": "probably true", "3": "possibly true",
        "4": "doubtful", "5": "improbable", "6": "truth cannot be judged",
    }.get(str(grade), "")


@dataclass(frozen=True)
class ConfidenceFacts:
    """What the confidence rules decided on, recovered from the plain dicts.

    The assessment JSON carries the weights and roles but not these derived
    quantities, which the model's own sentence builder needs.
    """

    dominant: str | None
    disagreement: float
    substantive_origins: int
    clean_origin: bool


def _number(value: Any, default: float) -> float:
    """``value`` as a float, or ``default`` when the assessment leaves it out (None)."""
    return default if value is None else float(value)


def judgement(assessment: Mapping[str, Any], claim_text: str, facts: ConfidenceFacts,
              stance_of: Callable[[str], str], strongest: str = "") -> tuple[str, str]:
    """The two ICD 203 sentences: likelihood, then confidence.

    Uses ``workbench.analysis.confidence.judgement_sentences`` when it is available, so
    the memo says exactly what the board says; falls back to this module's
    own wording if the model module is missing or does not accept the view.
    """
    model = _from_confidence("judgement_sentences")
    if callable(model):
        view = SimpleNamespace(
            flags=tuple(str(f) for f in assessment.get("flags") or ()),
            likelihood=str(assessment.get("likelihood") or NO_ASSESSMENT),
            confidence=str(assessment.get("confidence") or "low"),
            uncertainty=_number(assessment.get("uncertainty"), 1.0),
            probability=float(assessment.get("probability") or 0.0),
            dominant=facts.dominant,
            disagreement=facts.disagreement,
            substantive_origins=facts.substantive_origins,
            clean_origin=facts.clean_origin,
        )
        try:
            first, second = model(view, claim_text)
            return str(first), str(second)
        except Exception:  # pragma: no cover - only if the model's API changes
            pass
    word = str(assessment.get("likelihood") or NO_ASSESSMENT)
    return likelihood_sentence(word, claim_text), confidence_sentence(assessment, stance_of, strongest)


def format_delta(value: float | None) -> str:
    """ΔP in percentage points: "+10.7", "-6.3", "0".

    A plain hyphen-minus, not U+2212: the bundled Noto Sans has no U+2212 and
    the PDF would otherwise fall back to whatever system font has one.
    """
    if value is None:
        return "—"
    points = value * 100
    if abs(points) < 0.05:
        return "0"
    return f"{'+' if points > 0 else '-'}{abs(points):.1f}"


def format_probability(value: float | None) -> str:
    """"49.7%" — one decimal, enough to tell items apart, no false precision beyond."""
    return "—" if value is None else f"{value * 100:.1f}%"


def format_long_date(value: date | datetime) -> str:
    """"20 October 2024" (and the time for a datetime)."""
    text = f"{value.day} {value:%B %Y}"
    if isinstance(value, datetime):
        text += f", {value:%H:%M}"
        if value.tzname():
            text += f" {value.tzname()}"
    return text


def safe_url(url: str) -> str:
    """The URL if it may become a link (http, https), else "".

    Document URLs come from imported files; a ``javascript:`` or ``data:``
    address must stay inert text in a memo that people open in a browser.
    """
    url = url.strip()
    if re.match(r"(?i)^https?://[^\s<>\"]+$", url):
        return url.replace("<", "%3C").replace(">", "%3E")
    return ""


# Sentences every format of the memo (HTML and PDF, Markdown) says word for word; plain
# text with nothing to escape.
TWO_JUDGEMENTS = ("Each claim carries two separate judgements, as in US ICD 203: how likely it is to be true, "
                  "as a standard word with its probability band, and our confidence in that judgement, which "
                  "says how solid the evidence behind it is. The method appendix prints the scoring tables "
                  "used, so that every figure can be recomputed by hand.")
COUNTS_NOTE = ("“For” and “against” count evidence items, including items that relay an origin already "
               "counted; each claim’s section shows which items count.")
RELIABILITY_NOTE = ("Reliability is the Admiralty grade of the source. Each evidence item adds its own "
                    "credibility grade (1–6); the tables show both together, as in “B3”.")
NO_EVIDENCE = "No evidence is linked to this claim yet."
DEFAULT_TABLES = "This project uses the default tables."
