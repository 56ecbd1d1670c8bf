"""The memo's method appendix: the scoring tables this project actually used.

A reader who doubts a judgement must be able to redo it by hand, so the
appendix prints the project's own settings (partial settings filled in with
the defaults of ``confidence.md``), marks every value that differs from the
default, and states the formulas and rules in words.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from workbench.memo.words import credibility_words, likelihood_bands, reliability_words

DEFAULT_RELIABILITY: dict[str, float] = {"A": 0.95, "B": 0.80, "C": 0.60, "D": 0.35, "E": 0.10, "F": 0.50}
DEFAULT_CREDIBILITY: dict[str, float] = {"1": 0.70, "2": 0.70, "3": 0.50, "4": 0.25, "5": 0.10, "6": 0.40}
DEFAULT_DIAGNOSTICITY: dict[str, float] = {"high": 1.0, "medium": 0.6, "low": 0.3}
DEFAULT_INTERESTED = 0.3
DEFAULT_CONSTANTS: dict[str, float] = {"prior_weight": 2.0, "t_max": 0.95, "e_min": 0.75}

_DIAGNOSTICITY_WORDS = {
    "high": "discriminates well between true and false",
    "medium": "discriminates somewhat",
    "low": "would be expected whether or not the claim is true",
}


@dataclass(frozen=True)
class Table:
    """A small table: caption, header cells, body rows, a note below it."""

    caption: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    note: str = ""


@dataclass(frozen=True)
class MethodAppendix:
    """Paragraphs, formulas and tables, in reading order."""

    paragraphs: tuple[str, ...]
    formulas: tuple[str, ...]
    tables: tuple[Table, ...]
    rules: tuple[str, ...]
    changed: tuple[str, ...]  # settings that differ from the defaults, in words


def _num(value: float) -> str:
    return f"{value:.2f}"


def _merged(defaults: Mapping[str, float], given: Any) -> tuple[dict[str, float], list[str]]:
    """Defaults overlaid with the project's values; also which keys changed."""
    out = dict(defaults)
    changed: list[str] = []
    if isinstance(given, Mapping):
        for key, value in given.items():
            key = str(key)
            try:
                number = float(value)
            except (TypeError, ValueError):
                continue
            if key not in defaults or abs(number - defaults[key]) > 1e-12:
                changed.append(key)
            out[key] = number
    return out, changed


def effective_settings(settings: Any) -> dict[str, Any]:
    """The project's settings with every missing value filled from the defaults."""
    settings = settings if isinstance(settings, Mapping) else {}
    reliability, _ = _merged(DEFAULT_RELIABILITY, settings.get("reliability"))
    credibility, _ = _merged(DEFAULT_CREDIBILITY, settings.get("credibility"))
    diagnosticity, _ = _merged(DEFAULT_DIAGNOSTICITY, settings.get("diagnosticity"))
    constants, _ = _merged(DEFAULT_CONSTANTS, {k: settings[k] for k in DEFAULT_CONSTANTS if k in settings})
    interested = settings.get("interested", DEFAULT_INTERESTED)
    return {"reliability": reliability, "credibility": credibility, "diagnosticity": diagnosticity,
            "interested": float(interested if interested is not None else DEFAULT_INTERESTED), **constants}


def build_method(meta: Mapping[str, Any], as_of: date) -> MethodAppendix:
    """The appendix for a project's ``project`` object (title, half-life, settings)."""
    raw = meta.get("settings")
    settings: Mapping[str, Any] = raw if isinstance(raw, Mapping) else {}
    eff = effective_settings(settings)
    _, rel_changed = _merged(DEFAULT_RELIABILITY, settings.get("reliability"))
    _, cred_changed = _merged(DEFAULT_CREDIBILITY, settings.get("credibility"))
    _, diag_changed = _merged(DEFAULT_DIAGNOSTICITY, settings.get("diagnosticity"))
    changed: list[str] = []

    def cell(value: float, key: str, moved: list[str], default: Mapping[str, float], group: str) -> str:
        if key in moved:
            changed.append(f"{group} {key}: {_num(value)} (default {_num(default[key])})"
                           if key in default else f"{group} {key}: {_num(value)}")
            return f"{_num(value)}*"
        return _num(value)

    reliability = Table(
        "Source reliability (Admiralty grade) → ρ",
        ("grade", "meaning", "ρ"),
        tuple((g, reliability_words(g), cell(v, g, rel_changed, DEFAULT_RELIABILITY, "reliability"))
              for g, v in eff["reliability"].items()),
    )
    credibility = Table(
        "Information credibility (Admiralty grade) → κ",
        ("grade", "meaning", "κ"),
        tuple((g, credibility_words(g), cell(v, g, cred_changed, DEFAULT_CREDIBILITY, "credibility"))
              for g, v in eff["credibility"].items()),
        "Credibility 1 is scored as 2: independent confirmation is what the model counts itself.",
    )
    diagnosticity = Table(
        "Diagnosticity → δ",
        ("level", "meaning", "δ"),
        tuple((k, _DIAGNOSTICITY_WORDS.get(k, ""), cell(v, k, diag_changed, DEFAULT_DIAGNOSTICITY, "diagnosticity"))
              for k, v in eff["diagnosticity"].items()),
    )
    interested_changed = abs(eff["interested"] - DEFAULT_INTERESTED) > 1e-12
    if interested_changed:
        changed.append(f"interested λ: {_num(eff['interested'])} (default {_num(DEFAULT_INTERESTED)})")
    half_life = meta.get("half_life_days")
    constants = Table(
        "Other constants",
        ("name", "meaning", "value"),
        (
            ("λ", "factor for an interested party (a motive to say it either way)",
             _num(eff["interested"]) + ("*" if interested_changed else "")),
            ("W", "weight of the prior (base rate)", _num(eff["prior_weight"])),
            ("t_max", "ceiling on the trust in any one report", _num(eff["t_max"])),
            ("E_min", "weight for an origin to count as substantive", _num(eff["e_min"])),
            ("H", "half-life of evidence, in days", f"{half_life:g}" if half_life else "none (no ageing)"),
            ("as of", "date the evidence is weighed at", as_of.isoformat()),
        ),
    )
    bands = likelihood_bands()
    cuts = ["< .05", "< .20", "< .45", "≤ .55", "≤ .80", "≤ .95", "> .95"]
    likelihood = Table(
        "Likelihood words (ICD 203)",
        ("word", "range", "P"),
        tuple((w, f"{lo:02d}–{hi:02d}%", cuts[i] if i < len(cuts) else "") for i, (w, lo, hi) in enumerate(bands)),
        "With no counted evidence the claim gets no likelihood word (“no assessment”).",
    )
    paragraphs = (
        "Each claim carries two separate judgements, as intelligence analysts are taught to give them "
        "(US ICD 203, UK PHIA): a likelihood that the claim is true, and our confidence in that "
        "judgement. Likelihood says how probable; confidence says how solid the evidence base is.",
        "Every item of evidence is a report, discounted by how far we trust it. Reports that trace back "
        "to the same origin (a broadcaster relaying a ministry, outlets repeating one wire story) count "
        "once: the strongest is counted and the others are absorbed. Independent origins add up. "
        "Context items are shown but never counted.",
        "ΔP in the evidence tables is how much the probability would change without that item's origin: "
        "the item's own contribution to the judgement, in percentage points.",
    )
    formulas = (
        "trust  t = min(t_max, κ · ρ_path · δ · λ), ρ_path the product of ρ over the distinct sources "
        "on the relay chain",
        "ageing  τ = 0.5 ^ (age in days / H) when H is set and the item is dated, else 1",
        "weight  e = τ · W · t / (1 - t); an origin's weight E is its strongest item's e",
        "R = Σ E for, S = Σ E against;  P = (R + a · W) / (R + S + W);  u = W / (R + S + W), "
        "a the claim's base rate",
    )
    rules = (
        "High confidence: one side clearly dominates, at least two independent substantive origins "
        "(E ≥ E_min), u ≤ .25, the other side weighs at most a tenth as much, one of the origins is an "
        "A- or B-graded source without an interest in the outcome, and no circular reporting.",
        "Moderate confidence: one side dominates, u ≤ .45, the other side weighs at most a third as "
        "much, and two substantive origins (or one A/B-graded disinterested one).",
        "Low confidence: anything else.",
    )
    return MethodAppendix(paragraphs, formulas, (likelihood, reliability, credibility, diagnosticity, constants),
                          rules, tuple(changed))
